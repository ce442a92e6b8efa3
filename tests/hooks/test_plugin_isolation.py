"""A broken plugin cannot take the command line down.

A third-party plugin whose hook raises, returns something that is not a
list of records, returns junk, or registers a record with an invalid name
is named -- plugin and hook -- in one line, and what it registers there is
left out; the rest keeps working.  ``munintl plugins`` lists it as failed.
Under ``MUNINTL_STRICT_PLUGINS`` the command that needs the broken hook
fails instead, with the same line and exit status 1, and ``munintl
plugins`` still lists every plugin before it fails.
"""

from __future__ import annotations

import json
import logging
import sys
import textwrap
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner, Result

from munintl.cli import main
from munintl.errors import PluginError
from munintl.hooks import hookimpl
from munintl.hooks import manager as manager_module
from munintl.hooks.manager import MunintlPluginManager
from munintl.hooks.records import Rule
from munintl.model import Codelist

EXAMPLE = Path(__file__).parents[2] / "examples" / "skanderborg"


def _no_findings(_portfolio: object, _context: object) -> list[object]:
    return []


class Raises:
    """A plugin whose rules hook raises."""

    @hookimpl
    def munintl_rules(self) -> list[Rule]:
        raise RuntimeError("the licence server is unreachable")


class NotIterable:
    """A plugin whose report-kinds hook returns a number."""

    @hookimpl
    def munintl_report_kinds(self) -> int:
        return 42


class Junk:
    """A plugin whose report-formats hook returns a string and a dict."""

    @hookimpl
    def munintl_report_formats(self) -> list[object]:
        return ["docx", {"name": "odt"}]


class InvalidName:
    """A plugin that registers a codelist whose scheme is not a valid name."""

    @hookimpl
    def munintl_codelists(self) -> list[Codelist]:
        return [Codelist(scheme="Body Types!")]


class InvalidRecord:
    """A plugin whose record cannot even be made: its name is invalid."""

    @hookimpl
    def munintl_rules(self) -> list[Rule]:
        return [Rule(name="House Rule", check=_no_findings)]


class BreaksHalfway:
    """A plugin whose hook is a generator that raises after one record."""

    @hookimpl
    def munintl_rules(self) -> Iterator[Rule]:
        yield Rule(name="house-first", check=_no_findings)
        raise KeyError("second")


class Exits:
    """A plugin whose hook calls sys.exit."""

    @hookimpl
    def munintl_storage_backends(self) -> list[object]:
        sys.exit(3)


class Healthy:
    """A plugin that works, beside the broken ones."""

    @hookimpl
    def munintl_rules(self) -> list[Rule]:
        return [Rule(name="house-healthy", check=_no_findings, severity="info")]


BROKEN: dict[str, tuple[object, str, str]] = {
    "raises": (Raises(), "munintl_rules", "RuntimeError: the licence server"),
    "not-iterable": (NotIterable(), "munintl_report_kinds", "returned int 42"),
    "junk": (Junk(), "munintl_report_formats", "returned str 'docx'"),
    "invalid-name": (InvalidName(), "munintl_codelists", "invalid name 'Body Types!'"),
    "invalid-record": (InvalidRecord(), "munintl_rules", "raised ValueError"),
    "breaks-halfway": (BreaksHalfway(), "munintl_rules", "raised KeyError"),
    "exits": (Exits(), "munintl_storage_backends", "raised SystemExit: 3"),
}


def run(*args: str) -> Result:
    return CliRunner().invoke(main, list(args))


def assert_no_traceback(result: Result) -> None:
    assert "Traceback" not in result.output
    assert result.exception is None or isinstance(result.exception, SystemExit)


@pytest.fixture
def lenient(plugin_manager: MunintlPluginManager) -> MunintlPluginManager:
    """The test manager, reporting broken plugins instead of failing."""
    plugin_manager.strict = False
    return plugin_manager


@pytest.mark.parametrize("name", sorted(BROKEN))
def test_plugins_lists_a_broken_plugin_as_failed_and_the_rest(
    name: str, lenient: MunintlPluginManager, register_plugin: Callable[..., str]
) -> None:
    plugin, hook, words = BROKEN[name]
    register_plugin(plugin, name=name)
    register_plugin(Healthy(), name="healthy")
    result = run("plugins", "--json")
    assert_no_traceback(result)
    assert result.exit_code == 0, result.output
    listed = {entry["name"]: entry for entry in json.loads(result.stdout)}
    assert listed[name]["status"] == "failed"
    assert hook in listed[name]["error"]
    assert words in listed[name]["error"]
    assert listed["healthy"]["status"] == "active"
    assert listed["healthy"]["provides"] == {"rule": ["house-healthy"]}
    assert listed["munintl.plugins.rules.references"]["status"] == "active"
    # One warning line on stderr names the plugin and the hook.
    warnings = [line for line in result.stderr.splitlines() if f"'{name}'" in line]
    assert len(warnings) == 1
    assert hook in warnings[0]
    assert f"MUNINTL_DISABLE_PLUGINS={name}" in warnings[0]


@pytest.mark.parametrize("name", sorted(BROKEN))
def test_validate_and_report_run_without_the_broken_contribution(
    name: str,
    lenient: MunintlPluginManager,
    register_plugin: Callable[..., str],
    tmp_path: Path,
) -> None:
    register_plugin(BROKEN[name][0], name=name)
    result = run("validate", str(EXAMPLE))
    assert_no_traceback(result)
    assert result.exit_code == 0, result.output
    output = tmp_path / "report.md"
    result = run(
        "report", str(EXAMPLE), "--followup", "opfoelgning-2011", "-l", "da",
        "-o", str(output),
    )  # fmt: skip
    assert_no_traceback(result)
    assert result.exit_code == 0, result.output
    assert output.read_text(encoding="utf-8").startswith("#")


def test_the_healthy_records_of_a_broken_plugins_other_hooks_stay(
    lenient: MunintlPluginManager, register_plugin: Callable[..., str]
) -> None:
    class HalfBroken(Healthy):
        @hookimpl
        def munintl_report_kinds(self) -> int:
            return 7

    register_plugin(HalfBroken(), name="half")
    assert "house-healthy" in lenient.rules()
    [info] = [info for info in lenient.describe() if info.name == "half"]
    assert info.status == "failed"
    assert info.provides == {"rule": ("house-healthy",)}
    assert [failed.name for failed in lenient.failures()] == ["half"]


def test_a_broken_hook_is_called_once_and_reported_once(
    lenient: MunintlPluginManager,
    register_plugin: Callable[..., str],
    caplog: pytest.LogCaptureFixture,
) -> None:
    calls: list[int] = []

    class Counted:
        @hookimpl
        def munintl_rules(self) -> list[Rule]:
            calls.append(1)
            raise RuntimeError("once")

    register_plugin(Counted(), name="counted")
    with caplog.at_level(logging.WARNING, logger="munintl.plugins"):
        for _ in range(3):
            lenient.rules()
            lenient.describe()
    assert calls == [1]
    assert len([r for r in caplog.records if "counted" in r.getMessage()]) == 1


# -- strict mode --------------------------------------------------------------


def test_strict_mode_fails_the_command_that_needs_the_broken_hook(
    plugin_manager: MunintlPluginManager, register_plugin: Callable[..., str]
) -> None:
    assert plugin_manager.strict
    register_plugin(Raises(), name="raises")
    result = run("validate", str(EXAMPLE))
    assert_no_traceback(result)
    assert result.exit_code == 1
    [line] = [line for line in result.stderr.splitlines() if "'raises'" in line]
    assert "munintl_rules raised RuntimeError" in line
    # A command that needs no plugin still works.
    assert run("--help").exit_code == 0


def test_strict_mode_lists_every_plugin_before_failing(
    plugin_manager: MunintlPluginManager, register_plugin: Callable[..., str]
) -> None:
    register_plugin(NotIterable(), name="not-iterable")
    result = run("plugins", "--json")
    assert_no_traceback(result)
    assert result.exit_code == 1
    listed = {entry["name"]: entry["status"] for entry in json.loads(result.stdout)}
    assert listed["not-iterable"] == "failed"
    assert listed["munintl.plugins.formats.pdf"] == "active"
    assert "'not-iterable'" in result.stderr.splitlines()[-1]


def test_strict_mode_raises_plugin_error_in_the_api(
    plugin_manager: MunintlPluginManager, register_plugin: Callable[..., str]
) -> None:
    register_plugin(Junk(), name="junk")
    with pytest.raises(PluginError, match=r"'junk'.*munintl_report_formats"):
        plugin_manager.report_formats()
    assert "yaml" in plugin_manager.storage_backends()


# -- entry points ---------------------------------------------------------------

FAKE_MODULES = {
    "fake_raising_plugin": """
        import munintl

        @munintl.hookimpl
        def munintl_rules():
            raise RuntimeError("installed but broken")
    """,
    "fake_fine_plugin": """
        import munintl
        from munintl.hooks.records import Rule

        @munintl.hookimpl
        def munintl_rules():
            return [Rule(name="fine-rule", check=lambda p, c: [], severity="info")]
    """,
}

ENTRY_POINTS = """
[munintl]
raising = fake_raising_plugin
fine = fake_fine_plugin
bad name, with comma = fake_fine_plugin
"""


@pytest.fixture
def installed(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    """An installed ``munintl-fake 1.0`` with a broken, a fine and a misnamed plugin."""
    for name, source in FAKE_MODULES.items():
        (tmp_path / f"{name}.py").write_text(textwrap.dedent(source), encoding="utf-8")
    info = tmp_path / "munintl_fake-1.0.dist-info"
    info.mkdir()
    (info / "METADATA").write_text(
        "Metadata-Version: 2.1\nName: munintl-fake\nVersion: 1.0\n", encoding="utf-8"
    )
    (info / "entry_points.txt").write_text(ENTRY_POINTS, encoding="utf-8")
    monkeypatch.syspath_prepend(str(tmp_path))
    yield
    for name in FAKE_MODULES:
        sys.modules.pop(name, None)


def _entry_point_manager(monkeypatch: pytest.MonkeyPatch, **kwargs: Any) -> None:
    manager = MunintlPluginManager(**kwargs)
    manager.load_builtins()
    manager.load_entrypoints()
    monkeypatch.setattr(manager_module, "get_plugin_manager", lambda: manager)


def test_entry_point_plugin_that_raises_is_isolated(
    installed: None, monkeypatch: pytest.MonkeyPatch
) -> None:
    _entry_point_manager(
        monkeypatch,
        strict=False,
        disable=(),
        allow=("raising", "fine", "bad name, with comma"),
    )
    result = run("plugins", "--json")
    assert_no_traceback(result)
    assert result.exit_code == 0, result.output
    listed = {entry["name"]: entry for entry in json.loads(result.stdout)}
    raising = listed["raising"]
    assert (raising["package"], raising["version"], raising["status"]) == (
        "munintl-fake",
        "1.0",
        "failed",
    )
    assert "munintl_rules raised RuntimeError: installed but broken" in raising["error"]
    assert listed["fine"]["provides"] == {"rule": ["fine-rule"]}
    bad = listed["bad name, with comma"]
    assert bad["status"] == "failed"
    assert "is not valid" in bad["error"]
    warning = next(line for line in result.stderr.splitlines() if "raising" in line)
    assert "munintl-fake 1.0" in warning
    result = run("validate", str(EXAMPLE))
    assert_no_traceback(result)
    assert result.exit_code == 0, result.output


def test_entry_point_plugin_that_raises_fails_validate_when_strict(
    installed: None, monkeypatch: pytest.MonkeyPatch
) -> None:
    _entry_point_manager(monkeypatch, strict=False, disable=(), allow=("raising",))
    monkeypatch.setattr(manager_module.get_plugin_manager(), "strict", True)
    result = run("validate", str(EXAMPLE))
    assert_no_traceback(result)
    assert result.exit_code == 1
    assert "'raising' (munintl-fake 1.0) failed: munintl_rules raised" in result.stderr
