"""What worked before the 0.2 layout still works: old module paths and names.

Every module path that moved answers with a deprecation warning for one
release, and a plugin written against the 0.1 docs
(``house_rules_v01.py``, the how-to's plugin as it was published) loads and
runs with no warning at all.
"""

from __future__ import annotations

import importlib
import importlib.util
import sys
import warnings
from pathlib import Path

import pytest

import munintl
from munintl._compat import MOVED
from munintl.hooks.manager import MunintlPluginManager
from munintl.testing.samples import sample_portfolio

HERE = Path(__file__).resolve().parent


@pytest.mark.parametrize(("old", "new"), sorted(MOVED.items()))
def test_old_module_path_imports_with_a_deprecation_warning(old: str, new: str) -> None:
    sys.modules.pop(old, None)
    with pytest.warns(DeprecationWarning, match=rf"{old} moved to {new}"):
        module = importlib.import_module(old)
    target = importlib.import_module(new)
    public = [name for name in vars(target) if not name.startswith("__")]
    assert public
    for name in public:
        assert getattr(module, name) is getattr(target, name)


def test_every_moved_module_exists_where_it_went() -> None:
    for new in MOVED.values():
        assert importlib.util.find_spec(new) is not None, new


@pytest.mark.parametrize(
    ("module", "old", "new"),
    [
        ("munintl.reports.building.base", "KindReport", "BaseReportBuilder"),
        ("munintl.reports.building.base", "DocumentBuilder", "Assembly"),
        ("munintl.plugins.kinds.followup.builder", "FollowUpReport", "FollowUpBuilder"),
        ("munintl.plugins.kinds.overview.builder", "OverviewReport", "OverviewBuilder"),
        ("munintl.plugins.kinds.register.builder", "RegisterReport", "RegisterBuilder"),
    ],
)
def test_renamed_classes_answer_to_their_old_names(
    module: str, old: str, new: str
) -> None:
    imported = importlib.import_module(module)
    with pytest.warns(DeprecationWarning, match=f"{old} is now {new}"):
        assert getattr(imported, old) is getattr(imported, new)


def test_field_path_type_answers_to_its_old_name() -> None:
    from munintl.wire.paths import FieldPath

    with warnings.catch_warnings():
        warnings.simplefilter("ignore", DeprecationWarning)
        serialize = importlib.import_module("munintl.serialize")
    with pytest.warns(DeprecationWarning, match=r"Path is now munintl\.wire\.paths"):
        assert serialize.Path is FieldPath


def test_plugin_api_names_still_import_from_munintl_plugins() -> None:
    import munintl.hooks
    import munintl.plugins

    with warnings.catch_warnings():
        warnings.simplefilter("error")
        for name in munintl.hooks.__all__:
            assert getattr(munintl.plugins, name) is getattr(munintl.hooks, name)
        from munintl.validation import RuleContext

    assert RuleContext is munintl.hooks.RuleContext


def test_plugin_written_against_the_01_docs_runs_unchanged() -> None:
    spec = importlib.util.spec_from_file_location(
        "house_rules_v01", HERE / "house_rules_v01.py"
    )
    assert spec is not None
    assert spec.loader is not None
    plugin = importlib.util.module_from_spec(spec)
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        spec.loader.exec_module(plugin)
        manager = MunintlPluginManager(strict=True, allow=(), disable=())
        manager.load_builtins()
        manager.register(plugin, name="house-rules")
        findings = munintl.validate(sample_portfolio(), manager=manager)
    assert "initiative-without-partner" in manager.rules()
    assert "youth-exchange" in manager.codelists()["initiative-kind"].codes()
    assert all(f.code for f in findings)


def test_old_builtin_module_names_still_disable_plugins() -> None:
    manager = MunintlPluginManager(allow=(), disable=("report_docx",))
    manager.load_builtins()
    assert "docx" not in manager.report_formats()
    assert "pdf" in manager.report_formats()


def test_plugin_families_are_listed_once() -> None:
    import typing

    from munintl.hooks.manager import FAMILIES, RECORD_FAMILIES, Family

    assert set(typing.get_args(Family)) == set(FAMILIES)
    assert set(RECORD_FAMILIES) == set(FAMILIES) - {"codelist"}
