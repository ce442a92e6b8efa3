"""A format whose library is not installed says which extra to install.

A plain install asked for DOCX or XLSX printed a traceback
(``ModuleNotFoundError: No module named 'docx'``) and ``munintl plugins``
listed those formats as active.  A missing library is simulated by setting
its entry in ``sys.modules`` to None, which makes both ``import`` and
``importlib.util.find_spec`` see it as absent.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner

import munintl
from munintl.cli import main
from munintl.errors import MissingExtraError, MunintlError
from munintl.hooks import records
from munintl.hooks.manager import MunintlPluginManager, get_plugin_manager
from munintl.hooks.records import ReportFormat
from munintl.model import Portfolio
from munintl.reporting import build, render_document

ROOT = Path(__file__).resolve().parents[3]
EXAMPLE = ROOT / "examples" / "skanderborg"
EXTRAS = [
    ("docx", "docx", 'pip install "munintl[docx]"'),
    ("xlsx", "openpyxl", 'pip install "munintl[xlsx]"'),
    ("pdf", "typst", 'pip install "munintl[pdf]"'),
]


@pytest.fixture(params=EXTRAS, ids=[fmt for fmt, _module, _hint in EXTRAS])
def missing(request: pytest.FixtureRequest, monkeypatch: pytest.MonkeyPatch) -> Any:
    """One format with its library made to look uninstalled."""
    fmt, module, hint = request.param
    monkeypatch.setitem(sys.modules, module, None)
    return fmt, module, hint


def test_the_record_says_what_is_missing_without_importing_it(missing: Any) -> None:
    fmt, module, hint = missing
    record = get_plugin_manager().report_formats()[fmt]
    assert module in record.requires
    assert record.missing() == (module,)
    message = record.missing_message()
    assert message is not None
    assert message.startswith(f"the {fmt} format needs the Python modules {module}")
    assert message.endswith(hint)


def test_nothing_is_missing_on_a_full_install() -> None:
    for record in get_plugin_manager().report_formats().values():
        assert record.missing() == ()
        assert record.missing_message() is None


def test_render_raises_a_munintl_error_naming_the_extra(
    missing: Any, lilleby: Portfolio
) -> None:
    fmt, _module, hint = missing
    with pytest.raises(MissingExtraError, match=r"pip install \"munintl\[") as caught:
        munintl.render(lilleby, format=fmt, followup="kultur-2023")
    assert isinstance(caught.value, MunintlError)
    assert hint in str(caught.value)
    document = build(lilleby, followup="kultur-2023")
    with pytest.raises(MissingExtraError, match=fmt):
        render_document(document, format=fmt)


def test_a_declared_module_that_fails_on_import_names_the_extra(
    monkeypatch: pytest.MonkeyPatch, lilleby: Portfolio
) -> None:
    # Found by find_spec, but its import fails (a broken install).
    monkeypatch.setattr(records, "_installed", lambda _module: True)

    def factory(_settings: Any) -> Any:
        raise ModuleNotFoundError("No module named 'fakemod.core'", name="fakemod.core")

    record = ReportFormat(
        name="fake",
        suffixes=(".fake",),
        media_type="application/x-fake",
        factory=factory,
        requires=("fakemod",),
        install='pip install "munintl-fake[all]"',
    )
    document = build(lilleby, followup="kultur-2023")
    from munintl import reporting

    with pytest.raises(MissingExtraError, match="munintl-fake"):
        reporting._render_with(record, document, None, None, None)


def test_the_command_line_says_which_extra_and_writes_nothing(
    missing: Any, tmp_path: Path
) -> None:
    fmt, _module, hint = missing
    out = tmp_path / f"report.{fmt}"
    result = CliRunner().invoke(
        main,
        [
            *("report", str(EXAMPLE), "--followup", "opfoelgning-2011"),
            *("--format", fmt, "-o", str(out)),
        ],
    )
    assert result.exit_code == 1
    assert result.stderr.strip().endswith(hint)
    assert result.stderr.startswith(f"munintl: the {fmt} format needs")
    assert "Traceback" not in result.output
    assert not out.exists()


def test_plugins_lists_the_format_as_needing_an_extra(missing: Any) -> None:
    fmt, module, hint = missing
    plugin = f"munintl.plugins.formats.{fmt}"
    result = CliRunner().invoke(main, ["plugins", "--json"])
    assert result.exit_code == 0, result.output
    listing = {entry["name"]: entry for entry in json.loads(result.stdout)}
    assert listing[plugin]["status"] == "needs extra"
    assert hint in listing[plugin]["error"]
    assert listing[plugin]["provides"] == {"report-format": [fmt]}
    # Every other format is active, but those that need the same module
    # (DOCX draws its timeline with typst, as PDF does).
    formats = get_plugin_manager().report_formats()
    for name, record in formats.items():
        expected = "needs extra" if module in record.requires else "active"
        assert listing[f"munintl.plugins.formats.{name}"]["status"] == expected
    plain = CliRunner().invoke(main, ["plugins"])
    (line,) = [row for row in plain.stdout.splitlines() if row.startswith(plugin)]
    assert "\tneeds extra: " in line
    assert line.rstrip().endswith(f"report-format: {fmt}")


def test_a_manager_built_by_hand_describes_the_need(missing: Any) -> None:
    fmt, _module, _hint = missing
    manager = MunintlPluginManager()
    manager.load_builtins()
    infos = {info.name: info for info in manager.describe()}
    assert infos[f"munintl.plugins.formats.{fmt}"].status == "needs extra"
