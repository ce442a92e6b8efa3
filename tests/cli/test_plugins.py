"""``munintl plugins``: nothing cut short when the output is not a terminal."""

from __future__ import annotations

from collections.abc import Callable

from click.testing import CliRunner

from munintl.cli import main
from munintl.hooks import ReportFormat, hookimpl
from munintl.hooks.manager import MunintlPluginManager
from munintl.reports.document import ReportDocument

LONG_PLUGIN = "munintl-contrib-kommunernes-landsforening-open-data-exports-plugin"
LONG_FORMAT = "kommunernes-landsforening-open-data-portal-spreadsheet-format"


class Unused:
    """A renderer these tests list but never call."""

    def render(self, document: ReportDocument) -> bytes:
        raise AssertionError("not rendered in these tests")


class LongNames:
    """A plugin whose names are longer than a terminal is wide."""

    @hookimpl
    def munintl_report_formats(self) -> list[ReportFormat]:
        return [
            ReportFormat(
                name=LONG_FORMAT,
                description="A spreadsheet for the national open-data portal.",
                factory=lambda settings: Unused(),
                suffixes=(".kl.xlsx",),
                media_type="application/vnd.ms-excel",
            )
        ]


def test_piped_output_keeps_long_names_whole(
    register_plugin: Callable[..., str], plugin_manager: MunintlPluginManager
) -> None:
    register_plugin(LongNames(), name=LONG_PLUGIN)
    result = CliRunner().invoke(main, ["plugins"], terminal_width=80)
    assert result.exit_code == 0, result.output
    lines = result.stdout.splitlines()
    # one line per plugin, tab-separated: name, package, version, status, provides
    assert len(lines) == len(plugin_manager.describe())
    rows = {line.split("\t")[0]: line.split("\t") for line in lines}
    assert rows[LONG_PLUGIN] == [
        LONG_PLUGIN,
        "-",
        "-",
        "active",
        f"report-format: {LONG_FORMAT}",
    ]
    assert all(len(row) == 5 for row in rows.values())
    assert "…" not in result.stdout
    codelists = rows["munintl.plugins.codelists"][4]
    assert codelists.startswith("codelist: ")
    assert "follow-up-frequency" in codelists.split(", ")


def test_piped_output_keeps_an_error_on_its_line(
    plugin_manager: MunintlPluginManager,
) -> None:
    from munintl.hooks.manager import PluginInfo

    plugin_manager.infos["broken"] = PluginInfo(
        name="broken",
        source="entry point",
        package="munintl-broken",
        version="1.0",
        status="failed",
        error="ImportError: no module\n\tnamed 'x'",
    )
    result = CliRunner().invoke(main, ["plugins"])
    assert result.exit_code == 0, result.output
    [line] = [line for line in result.stdout.splitlines() if line.startswith("broken")]
    assert line.split("\t") == [
        "broken",
        "munintl-broken",
        "1.0",
        "failed: ImportError: no module named 'x'",
        "-",
    ]
