"""``munintl show``: codes labelled as reports label them, the footnote only when due."""

from __future__ import annotations

import json
import shutil
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner, Result

import munintl
from munintl.cli import main
from munintl.hooks import hookimpl
from munintl.hooks.manager import MunintlPluginManager
from munintl.model import CodeItem, Codelist, LocalizedText
from munintl.reporting import render

ROOT = Path(__file__).resolve().parents[2]
EXAMPLE = ROOT / "examples" / "skanderborg"
FOOTNOTE = "* illustrative sample data, not fact"


class YouthExchange:
    """A municipality's own value of the open ``initiative-kind`` list."""

    @hookimpl
    def munintl_codelists(self) -> list[Codelist]:
        item = CodeItem(
            code="youth-exchange",
            label=LocalizedText.of(
                da="Ungdomsudveksling", en="Youth exchange", de="Jugendaustausch"
            ),
        )
        return [Codelist(scheme="initiative-kind", open=True, items=(item,))]


def edit(path: Path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert old in text, (path, old)
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


def show(*args: str | Path) -> Result:
    return CliRunner().invoke(main, ["show", *map(str, args)], env={"COLUMNS": "250"})


def summary(*args: str | Path) -> dict[str, Any]:
    result = show("--json", *args)
    assert result.exit_code == 0, result.output
    data: dict[str, Any] = json.loads(result.stdout)
    return data


def kinds(data: dict[str, Any]) -> dict[str, str]:
    return {
        item["id"]: item["kind"]
        for items in data["initiatives"].values()
        for item in items
    }


@pytest.fixture
def custom_codes(tmp_path: Path, register_plugin: Callable[..., str]) -> Path:
    """The example with a custom kind from a plugin and one from nowhere."""
    register_plugin(YouthExchange())
    target = tmp_path / "skanderborg"
    shutil.copytree(EXAMPLE, target)
    edit(
        target / "initiatives" / "innourba.yaml",
        "kind: project",
        "kind: youth-exchange",
    )
    edit(
        target / "initiatives" / "active-travel-network.yaml",
        "kind: ",
        "kind: summer-camp  # was: ",
    )
    return target


def test_custom_codes_get_the_labels_reports_give_them(
    custom_codes: Path, plugin_manager: MunintlPluginManager
) -> None:
    shown = kinds(summary(custom_codes, "--lang", "en"))
    assert shown["innourba"] == "Youth exchange"  # the plugin's own label
    assert shown["active-travel-network"] == "Summer camp"  # as reports write it
    report = render(
        munintl.load(custom_codes, manager=plugin_manager),
        kind="register",
        format="markdown",
        lang="en",
        manager=plugin_manager,
    ).decode("utf-8")
    assert "Youth exchange" in report
    assert "Summer camp" in report
    assert "youth-exchange" not in show(custom_codes, "--lang", "en").output


def test_custom_codes_follow_the_language(
    custom_codes: Path, plugin_manager: MunintlPluginManager
) -> None:
    assert kinds(summary(custom_codes, "--lang", "da"))["innourba"] == (
        "Ungdomsudveksling"
    )
    assert kinds(summary(custom_codes, "--lang", "de"))["innourba"] == (
        "Jugendaustausch"
    )


def test_statuses_no_codelist_holds_are_labelled_too() -> None:
    data = summary(EXAMPLE, "--lang", "en", "--on", "2024-01-01")
    [eisenach] = data["partnerships"]
    assert sorted(eisenach["status"].values()) == [
        "Active",
        "Handed over to civil society",
    ]
    assert data["followups"][0]["state"] == "Noted"


def test_unknown_language_is_a_usage_error() -> None:
    result = show(EXAMPLE, "--lang", "xx")
    assert result.exit_code == 2
    assert "'xx' is not a language munintl can write in" in result.stderr


def test_footnote_and_marks_for_illustrative_data() -> None:
    result = show(EXAMPLE, "--lang", "en")
    assert result.exit_code == 0, result.output
    assert FOOTNOTE in result.output
    assert "(illustrative example) *" in result.output  # the follow-up
    assert "Finance Committee *" in result.output  # the body it is addressed to


@pytest.fixture
def nothing_illustrative(tmp_path: Path) -> Path:
    target = tmp_path / "skanderborg"
    shutil.copytree(EXAMPLE, target)
    shutil.rmtree(target / "followups")
    edit(
        target / "bodies" / "okonomiudvalget.yaml",
        "illustrative: true",
        "illustrative: false",
    )
    return target


def test_no_footnote_when_nothing_shown_is_illustrative(
    nothing_illustrative: Path,
) -> None:
    result = show(nothing_illustrative, "--lang", "en")
    assert result.exit_code == 0, result.output
    assert "illustrative" not in result.output
    assert " *" not in result.output


def test_an_illustrative_partnership_is_marked_and_footnoted(
    nothing_illustrative: Path,
) -> None:
    partnership = nothing_illustrative / "partnerships" / "eisenach.yaml"
    partnership.write_text(
        partnership.read_text(encoding="utf-8") + "illustrative: true\n",
        encoding="utf-8",
    )
    result = show(nothing_illustrative, "--lang", "en")
    assert result.exit_code == 0, result.output
    assert "Twinning between Skanderborg and Eisenach *" in result.output
    assert result.output.rstrip().endswith(FOOTNOTE)
    assert summary(nothing_illustrative)["partnerships"][0]["illustrative"] is True


def test_brackets_in_texts_are_shown_as_written(nothing_illustrative: Path) -> None:
    edit(
        nothing_illustrative / "initiatives" / "innourba.yaml",
        "  en: {text: InnoUrba,",
        "  en: {text: 'InnoUrba [bold]draft[/bold]',",
    )
    result = show(nothing_illustrative, "--lang", "en")
    assert result.exit_code == 0, result.output
    assert "InnoUrba [bold]draft[/bold]" in result.output


def test_a_default_language_munintl_cannot_write_is_a_data_error(
    tmp_path: Path,
) -> None:
    """Found by ``nox -s fuzz``: show blamed a --lang the user never gave (exit 2)."""
    from munintl.wire.convert import unstructure

    data = unstructure(munintl.load(str(EXAMPLE)))
    data["municipality"]["default_language"] = "a"
    target = tmp_path / "portfolio.json"
    target.write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")
    # No language chosen for munintl: the municipality's own is the default.
    result = CliRunner().invoke(main, ["show", str(target)], env={"MUNINTL_LANG": None})
    assert result.exit_code == 1, result.output
    assert result.stderr == (
        f"munintl: {target}: the municipality's default_language 'a' is not a"
        " language munintl can write in; correct it (munintl validate says where)"
        " or give --lang\n"
    )
    assert (
        CliRunner().invoke(main, ["show", str(target), "--lang", "en"]).exit_code == 0
    )


@pytest.mark.parametrize(
    ("lang", "state"),
    [
        ("en", "Draft; corrects opfoelgning-2011"),
        ("da", "Kladde; berigtiger opfoelgning-2011"),
        ("de", "Entwurf; berichtigt opfoelgning-2011"),
    ],
)
def test_a_correction_names_the_followup_it_corrects(
    tmp_path: Path, lang: str, state: str
) -> None:
    from munintl.followround import correct_followup

    corrected, revision = correct_followup(
        munintl.load(EXAMPLE),
        "opfoelgning-2011",
        note=LocalizedText.of(da="Beløbet var forkert.", en="The amount was wrong."),
    )
    target = tmp_path / "skanderborg"
    shutil.copytree(EXAMPLE, target)
    munintl.save(corrected, target)
    data = summary(target, "--lang", lang)
    by_id = {item["id"]: item for item in data["followups"]}
    assert by_id[revision.id]["revises"] == "opfoelgning-2011"
    assert by_id["opfoelgning-2011"]["revises"] is None
    assert by_id[revision.id]["correction"] == state.split("; ")[1]
    result = show(target, "--lang", lang)
    assert result.exit_code == 0, result.output
    assert state in result.output


def _show_json(*args: str, env: dict[str, str | None]) -> dict[str, Any]:
    result = CliRunner().invoke(main, [*args], env=env)
    assert result.exit_code == 0, result.output
    summary: dict[str, Any] = json.loads(result.stdout)
    return summary


@pytest.mark.parametrize(
    ("args", "env", "language", "status"),
    [
        # A language chosen for munintl is the summary's too: one per run.
        ((), {"MUNINTL_LANG": "pl"}, "pl", "Zakończona"),
        (("--lang", "sv"), {"MUNINTL_LANG": None}, "sv", "Avslutat"),
        # show --lang still decides the texts.
        ((), {"MUNINTL_LANG": "pl", "SHOW_LANG": "de"}, "de", "Abgeschlossen"),
        # The locale alone is no choice made for munintl: the municipality's.
        ((), {"MUNINTL_LANG": None, "LANG": "pl_PL.UTF-8"}, "da", "Afsluttet"),
    ],
)
def test_the_summary_speaks_the_language_chosen_for_the_run(
    args: tuple[str, ...], env: dict[str, str | None], language: str, status: str
) -> None:
    show_lang = env.pop("SHOW_LANG", None)
    command = [*args, "show", str(EXAMPLE), "--json"]
    if show_lang:
        command += ["--lang", show_lang]
    summary = _show_json(*command, env={"LANGUAGE": None, "LC_ALL": None, **env})
    assert summary["language"] == language
    # Initiatives are grouped by their status, labelled in that language.
    assert status in summary["initiatives"]


def test_partners_are_listed_with_their_identifiers_and_unknown_names() -> None:
    exempelby = Path(__file__).parents[2] / "examples" / "exempelby"
    result = CliRunner().invoke(
        main, ["show", str(exempelby), "--json", "--lang", "sv"]
    )
    assert result.exit_code == 0, result.output
    partners = {p["id"]: p for p in json.loads(result.stdout)["partners"]}
    assert partners["fjordvik"]["identifiers"] == {"lau": "FICTIONAL-NO-0001"}
    assert partners["okand-vanort-1987"]["name_unknown"] is True
    assert partners["okand-vanort-1987"]["name"] == "okand-vanort-1987 (namn okänt)"
    table = CliRunner().invoke(main, ["--lang", "en", "show", str(exempelby)])
    assert table.exit_code == 0, table.output
    text = " ".join(table.stdout.split())
    assert "Partners and their identifiers" in text
    assert "lau: FICTIONAL-NO-0001" in text
