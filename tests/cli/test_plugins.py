"""``munintl plugins``: nothing cut short when the output is not a terminal."""

from __future__ import annotations

import json
from collections.abc import Callable

import pytest
from click.testing import CliRunner

from munintl.cli import main
from munintl.hooks import ReportFormat, hookimpl
from munintl.hooks.manager import MunintlPluginManager
from munintl.i18n import LANGUAGES
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


def _described(args: list[str]) -> dict[tuple[str, str], list[str]]:
    result = CliRunner().invoke(main, [*args, "plugins", "--describe"])
    assert result.exit_code == 0, result.output
    rows = [line.split("\t") for line in result.stdout.splitlines()]
    assert all(len(row) == 4 for row in rows), rows
    return {(row[0], row[1]): row for row in rows}


@pytest.mark.parametrize("language", [lang for lang in LANGUAGES if lang != "en"])
def test_every_builtin_says_what_it_is_in_the_language_of_the_run(
    language: str, plugin_manager: MunintlPluginManager
) -> None:
    english = _described(["--lang", "en"])
    here = _described(["--lang", language])
    assert here.keys() == english.keys()
    builtin = {key for key, row in english.items() if row[3].startswith("munintl.")}
    # Every storage, format, kind, rule, translator and codelist of munintl's
    # own says what it is, and says it in the language asked for.
    assert {family for family, _name in builtin} >= {
        "storage",
        "report-format",
        "report-kind",
        "rule",
        "translator",
        "codelist",
    }
    untranslated = [
        key
        for key in sorted(builtin)
        if english[key][2] == "-" or here[key][2] == english[key][2]
    ]
    assert untranslated == []


def test_a_plugin_description_no_catalog_has_is_shown_as_written(
    register_plugin: Callable[..., str], plugin_manager: MunintlPluginManager
) -> None:
    register_plugin(LongNames(), name=LONG_PLUGIN)
    rows = _described(["--lang", "da"])
    assert rows["report-format", LONG_FORMAT] == [
        "report-format",
        LONG_FORMAT,
        "A spreadsheet for the national open-data portal.",
        LONG_PLUGIN,
    ]
    result = CliRunner().invoke(main, ["--lang", "de", "plugins", "--json"])
    assert result.exit_code == 0, result.output
    [entry] = [e for e in json.loads(result.stdout) if e["name"] == LONG_PLUGIN]
    assert entry["descriptions"] == {
        "report-format": {
            LONG_FORMAT: "A spreadsheet for the national open-data portal."
        }
    }
    [sql] = [e for e in json.loads(result.stdout) if e["name"].endswith("storage.sql")]
    assert sql["descriptions"]["storage"]["sqlite"] == (
        "viele Portfolios in einer SQLite-Datei, mit Verlauf"
    )


def test_report_lists_kinds_and_formats_in_the_language_of_the_run() -> None:
    kinds = CliRunner().invoke(main, ["--lang", "sv", "report", "--list-kinds"])
    assert kinds.exit_code == 0, kinds.output
    assert "register\tEn rad per initiativ och partnerskap" in kinds.stdout
    formats = CliRunner().invoke(main, ["--lang", "pl", "report", "--list-formats"])
    assert formats.exit_code == 0, formats.output
    assert "Otagowany PDF (PDF/UA-1) złożony w typst" in formats.stdout
