"""The plugin manager: built-ins, entry points, conflicts, allow and block lists."""

from __future__ import annotations

import logging
import sys
import textwrap
from collections.abc import Iterator
from pathlib import Path

import pytest

import munintl
from munintl.errors import (
    PluginConflictError,
    PluginError,
    PluginLoadError,
    UnknownPluginError,
)
from munintl.hooks.manager import DEFAULT_PLUGINS, MunintlPluginManager
from munintl.hooks.records import StorageBackend
from munintl.model import CodeItem, Codelist, LocalizedText

FAKE_MODULES = {
    "fake_ok": """
        import munintl
        from munintl.model import CodeItem, Codelist, LocalizedText

        @munintl.hookimpl
        def munintl_codelists():
            return [Codelist(scheme="body-type", open=True, items=(
                CodeItem(code="ceremonial-office",
                         label=LocalizedText.of(en="Ceremonial office")),))]
    """,
    "fake_broken": """
        import munintl_dependency_that_is_not_installed
    """,
    "fake_clash": """
        import munintl
        from munintl.hooks import StorageBackend

        def factory(location, settings):
            raise AssertionError("never opened")

        @munintl.hookimpl
        def munintl_storage_backends():
            return [StorageBackend(name="yaml", directory=True, factory=factory)]
    """,
}

ENTRY_POINTS = """
[munintl]
ok = fake_ok
broken = fake_broken
clash = fake_clash
"""


@pytest.fixture
def fake_distribution(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> Iterator[Path]:
    """An installed distribution ``munintl-fake 1.0`` with four entry points."""
    for name, source in FAKE_MODULES.items():
        (tmp_path / f"{name}.py").write_text(textwrap.dedent(source), encoding="utf-8")
    info = tmp_path / "munintl_fake-1.0.dist-info"
    info.mkdir()
    (info / "METADATA").write_text(
        "Metadata-Version: 2.1\nName: munintl-fake\nVersion: 1.0\n", encoding="utf-8"
    )
    (info / "entry_points.txt").write_text(ENTRY_POINTS, encoding="utf-8")
    monkeypatch.syspath_prepend(str(tmp_path))
    yield tmp_path
    for name in FAKE_MODULES:
        sys.modules.pop(name, None)


def make_manager(**kwargs: object) -> MunintlPluginManager:
    manager = MunintlPluginManager(**kwargs)  # type: ignore[arg-type]
    manager.load_builtins()
    manager.load_entrypoints()
    return manager


def test_builtins_are_registered_in_default_order() -> None:
    manager = make_manager(allow=())
    builtin = [i.name for i in manager.describe() if i.source == "builtin"]
    assert builtin == list(DEFAULT_PLUGINS)
    assert "yaml" in manager.storage_backends()


def test_external_plugin_loads_and_reports_its_distribution(
    fake_distribution: Path,
) -> None:
    manager = make_manager(allow=("ok",))
    info = next(i for i in manager.describe() if i.name == "ok")
    assert (info.source, info.package, info.version, info.status) == (
        "entry point",
        "munintl-fake",
        "1.0",
        "active",
    )
    assert info.provides == {"codelist": ("body-type",)}
    # The open built-in list is extended, not replaced.
    codes = manager.codelists()["body-type"].codes()
    assert "ceremonial-office" in codes
    assert "city-council" in codes


def test_plugin_that_fails_to_import_is_reported_in_one_line_and_skipped(
    fake_distribution: Path, caplog: pytest.LogCaptureFixture
) -> None:
    with caplog.at_level(logging.WARNING, logger="munintl.plugins"):
        manager = make_manager(allow=("ok", "broken"), strict=False)
    broken = next(i for i in manager.describe() if i.name == "broken")
    assert broken.status == "failed"
    assert "ModuleNotFoundError" in (broken.error or "")
    messages = [r.getMessage() for r in caplog.records]
    assert len(messages) == 1
    assert "\n" not in messages[0]
    assert messages[0].startswith(
        'munintl: plugin "broken" from munintl-fake 1.0 failed'
    )
    assert "MUNINTL_DISABLE_PLUGINS=broken" in messages[0]
    # The healthy plugin still works.
    assert "ceremonial-office" in manager.codelists()["body-type"].codes()


def test_strict_mode_makes_a_failing_plugin_fatal(fake_distribution: Path) -> None:
    with pytest.raises(PluginLoadError, match="broken"):
        make_manager(allow=("broken",), strict=True)


def test_strict_mode_from_environment(
    fake_distribution: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("MUNINTL_STRICT_PLUGINS", "1")
    with pytest.raises(PluginLoadError):
        make_manager(allow=("broken",))


def test_duplicate_names_are_an_error_naming_every_provider(
    fake_distribution: Path,
) -> None:
    manager = make_manager(allow=("clash",))
    with pytest.raises(PluginConflictError) as raised:
        manager.storage_backends()
    message = str(raised.value)
    assert "munintl.plugins.storage.yaml_dir" in message
    assert "'clash' (munintl-fake 1.0)" in message
    assert "MUNINTL_DISABLE_PLUGINS" in message


def test_builtin_can_be_disabled_and_replaced(fake_distribution: Path) -> None:
    manager = make_manager(allow=("clash",), disable=("yaml_dir",))
    backend = manager.storage_backends()["yaml"]
    assert backend.factory.__module__ == "fake_clash"
    statuses = {i.name: i.status for i in manager.describe()}
    assert statuses["munintl.plugins.storage.yaml_dir"] == "disabled"


def test_blocked_plugin_is_listed_as_disabled(fake_distribution: Path) -> None:
    manager = make_manager(disable=("ok", "broken", "clash"))
    statuses = {i.name: i.status for i in manager.describe()}
    assert statuses["ok"] == statuses["broken"] == statuses["clash"] == "disabled"


def test_environment_allow_list_empty_loads_no_external_plugin(
    fake_distribution: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("MUNINTL_LOAD_PLUGINS", "")
    manager = make_manager()
    assert all(
        i.status == "disabled" for i in manager.describe() if i.source == "entry point"
    )


def test_environment_block_list_disables_by_distribution_name(
    fake_distribution: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.delenv("MUNINTL_LOAD_PLUGINS")
    monkeypatch.setenv("MUNINTL_DISABLE_PLUGINS", "munintl-fake")
    manager = make_manager()
    assert {i.status for i in manager.describe() if i.source == "entry point"} == {
        "disabled"
    }


def test_unknown_record_name_lists_what_is_installed() -> None:
    manager = make_manager(allow=())
    with pytest.raises(UnknownPluginError, match=r"installed: .*yaml"):
        manager.get("storage", "mongodb")


def test_wrong_record_type_is_a_plugin_error(register_plugin: object) -> None:
    class Wrong:
        @munintl.hookimpl
        def munintl_storage_backends(self) -> list[object]:
            return ["not a record"]

    register_plugin(Wrong())  # type: ignore[operator]
    with pytest.raises(PluginError, match="expected StorageBackend"):
        munintl.get_plugin_manager().storage_backends()


def test_closed_codelist_cannot_be_extended(register_plugin: object) -> None:
    class Extends:
        @munintl.hookimpl
        def munintl_codelists(self) -> list[Codelist]:
            return [
                Codelist(
                    scheme="initiative-status",
                    items=(
                        CodeItem(code="paused", label=LocalizedText.of(en="Paused")),
                    ),
                )
            ]

    register_plugin(Extends())  # type: ignore[operator]
    with pytest.raises(PluginConflictError, match="closed"):
        munintl.get_plugin_manager().codelists()


def test_records_are_cached_until_registration_changes(register_plugin: object) -> None:
    manager = munintl.get_plugin_manager()
    first = manager.storage_backends()
    assert manager.storage_backends() is first

    class Memory:
        @munintl.hookimpl
        def munintl_storage_backends(self) -> list[StorageBackend]:
            return [
                StorageBackend(
                    name="memory",
                    schemes=("memory",),
                    factory=lambda _location, _settings: None,
                )  # type: ignore[arg-type,return-value]
            ]

    register_plugin(Memory())  # type: ignore[operator]
    assert "memory" in manager.storage_backends()


def test_manager_is_not_built_at_import_time() -> None:
    from munintl.hooks import manager as manager_module

    manager_module.get_plugin_manager.cache_clear()
    import importlib

    importlib.reload(munintl)
    assert manager_module.get_plugin_manager.cache_info().currsize == 0


def test_templates_for_a_format_without_templates_or_none_are_findings(
    tmp_path: Path,
) -> None:
    import docx

    from munintl.config import load_config
    from munintl.errors import ValidationError
    from munintl.hooks.manager import get_plugin_manager

    docx.Document().save(tmp_path / "t.docx")  # a reference document Word reads
    toml = tmp_path / "munintl.toml"
    toml.write_text(
        '[templates]\ndocx = "t.docx"\nxlsx = "t.docx"\nnope = "t.docx"\n',
        encoding="utf-8",
    )
    config = load_config(toml)
    with pytest.raises(ValidationError) as raised:
        get_plugin_manager().check_config(config)
    found = {(f.code, f.path, f.line) for f in raised.value.findings}
    assert found == {
        ("takes-no-template", "templates.xlsx", 3),
        ("unknown-format", "templates.nope", 4),
    }
    messages = sorted(f.message for f in raised.value.findings)
    assert "formats that take a template: docx, html, markdown" in messages[0]
    assert messages[1].startswith("the xlsx format takes no template; remove this")
