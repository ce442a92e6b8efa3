"""``munintl report``: kinds, formats, output names, templates, exit codes."""

from __future__ import annotations

import json
import shutil
import zipfile
from collections.abc import Callable
from pathlib import Path

import pytest
from click.testing import CliRunner, Result

from munintl.cli import main
from munintl.hooks.manager import MunintlPluginManager

ROOT = Path(__file__).resolve().parents[2]
EXAMPLE = ROOT / "examples" / "skanderborg"
FOLLOWUP = "opfoelgning-2011"

Run = Callable[..., Result]


@pytest.fixture
def run(plugin_manager: MunintlPluginManager) -> Run:
    """Run ``munintl`` with the built-in plugins only."""
    runner = CliRunner()

    def invoke(*args: str | Path) -> Result:
        return runner.invoke(main, [str(a) for a in args], catch_exceptions=False)

    return invoke


def formats(manager: MunintlPluginManager) -> set[str]:
    return set(manager.report_formats())


def test_main_job_writes_the_skanderborg_followup_as_docx(
    run: Run, tmp_path: Path, plugin_manager: MunintlPluginManager
) -> None:
    if "docx" not in formats(plugin_manager):
        pytest.skip("the docx format is not installed")
    out = tmp_path / "opfoelgning-2011.docx"
    result = run(
        "report",
        EXAMPLE,
        "--kind",
        "followup",
        "--followup",
        FOLLOWUP,
        "--lang",
        "da",
        "--format",
        "docx",
        "-o",
        out,
    )
    assert result.exit_code == 0, result.output
    assert result.stdout.splitlines() == [str(out)]
    with zipfile.ZipFile(out) as archive:
        body = archive.read("word/document.xml").decode("utf-8")
    assert "Active Travel Network" in body


def test_format_follows_the_output_suffix(run: Run, tmp_path: Path) -> None:
    out = tmp_path / "f.md"
    result = run("report", EXAMPLE, "--followup", FOLLOWUP, "--lang", "da", "-o", out)
    assert result.exit_code == 0, result.output
    text = out.read_text(encoding="utf-8")
    assert text.startswith("# Årlig opfølgning på den internationale strategi 2011")


def test_several_formats_and_languages_get_predictable_names(
    run: Run, tmp_path: Path
) -> None:
    stem = tmp_path / "reports" / "followup.md"
    result = run(
        "report",
        EXAMPLE,
        "--followup",
        FOLLOWUP,
        "-l",
        "da",
        "-l",
        "en",
        "-f",
        "markdown",
        "-f",
        "json",
        "-o",
        stem,
    )
    assert result.exit_code == 0, result.output
    expected = [
        tmp_path / "reports" / name
        for name in (
            "followup.da.md",
            "followup.da.json",
            "followup.en.md",
            "followup.en.json",
        )
    ]
    assert result.stdout.splitlines() == [str(p) for p in expected]
    assert all(p.is_file() for p in expected)
    english = json.loads(expected[3].read_text(encoding="utf-8"))
    assert english["metadata"]["language"] == "en-GB"  # English as in the UK


def test_output_directory_gets_report_lang_suffix_names(
    run: Run, tmp_path: Path
) -> None:
    folder = tmp_path / "out"
    folder.mkdir()
    result = run(
        "report",
        EXAMPLE,
        "--year",
        "2011",
        "--body",
        "okonomiudvalget",
        "--lang",
        "en",
        "-f",
        "json",
        "-f",
        "markdown",
        "-o",
        folder,
    )
    assert result.exit_code == 0, result.output
    assert sorted(p.name for p in folder.iterdir()) == [
        "followup-2011-okonomiudvalget.en.json",
        "followup-2011-okonomiudvalget.en.md",
    ]
    draft = json.loads((folder / "followup-2011-okonomiudvalget.en.json").read_bytes())
    assert draft["metadata"]["title"].endswith("(draft)")


def test_without_output_files_go_to_the_current_directory(
    run: Run, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    result = run("report", EXAMPLE, "--kind", "register", "-f", "json")
    assert result.exit_code == 0, result.output
    assert result.stdout.splitlines() == ["register.da.json"]
    assert (tmp_path / "register.da.json").is_file()


def test_dash_writes_to_standard_output(run: Run) -> None:
    result = run("report", EXAMPLE, "--kind", "overview", "-f", "json", "-o", "-")
    assert result.exit_code == 0, result.output
    assert json.loads(result.stdout)["metadata"]["kind"] == "overview"


def test_only_one_report_goes_to_standard_output(run: Run) -> None:
    result = run(
        "report",
        EXAMPLE,
        "--kind",
        "overview",
        "-f",
        "json",
        "-f",
        "markdown",
        "-o",
        "-",
    )
    assert result.exit_code == 2
    assert "only one report" in result.stderr


def test_list_kinds_and_formats_need_no_path(
    run: Run, plugin_manager: MunintlPluginManager
) -> None:
    kinds = run("report", "--list-kinds")
    assert kinds.exit_code == 0
    assert [line.split("\t")[0] for line in kinds.stdout.splitlines()] == [
        "followup",
        "overview",
        "register",
    ]
    listed = run("report", "--list-formats")
    assert listed.exit_code == 0
    names = {line.split("\t")[0] for line in listed.stdout.splitlines()}
    assert names == formats(plugin_manager)
    assert "json\t.json\tapplication/json\t" in listed.stdout


def test_followup_and_year_together_are_a_usage_error(run: Run) -> None:
    result = run(
        "report", EXAMPLE, "--followup", FOLLOWUP, "--year", "2011", "-f", "json"
    )
    assert result.exit_code == 2
    assert "not both" in result.stderr


def test_followup_without_followup_or_year_is_a_usage_error(run: Run) -> None:
    result = run("report", EXAMPLE, "-f", "json")
    assert result.exit_code == 2
    assert "--followup ID or --year YEAR" in result.stderr


def test_no_format_is_a_usage_error(run: Run, tmp_path: Path) -> None:
    result = run("report", EXAMPLE, "--followup", FOLLOWUP, "-o", tmp_path / "x")
    assert result.exit_code == 2
    assert "--format" in result.stderr


def test_unknown_format_is_a_usage_error_naming_the_installed(run: Run) -> None:
    result = run("report", EXAMPLE, "--followup", FOLLOWUP, "-f", "odt")
    assert result.exit_code == 2
    assert "json (.json)" in result.stderr


def test_unknown_kind_is_a_usage_error(run: Run) -> None:
    result = run("report", EXAMPLE, "--kind", "letter", "-f", "json")
    assert result.exit_code == 2
    assert "followup, overview, register" in result.stderr


def test_unknown_followup_is_invalid_input_without_traceback(
    run: Run, tmp_path: Path
) -> None:
    out = tmp_path / "f.json"
    result = run("report", EXAMPLE, "--followup", "nope", "-o", out)
    assert result.exit_code == 1
    assert result.stderr.startswith("munintl: there is no follow-up 'nope'")
    assert FOLLOWUP in result.stderr
    assert "Traceback" not in result.output
    assert not out.exists()


def test_template_option_replaces_the_built_in_template(
    run: Run, tmp_path: Path
) -> None:
    template = tmp_path / "letter.md"
    template.write_text(
        '{% extends "report.md.j2" %}{% block header %}SKANDERBORG KOMMUNE\n'
        "{{ super() }}{% endblock %}",
        encoding="utf-8",
    )
    out = tmp_path / "f.md"
    result = run(
        "report", EXAMPLE, "--followup", FOLLOWUP, "-o", out, "--template", template
    )
    assert result.exit_code == 0, result.output
    assert out.read_text(encoding="utf-8").startswith("SKANDERBORG KOMMUNE\n")
    named = run(
        "report",
        EXAMPLE,
        "--followup",
        FOLLOWUP,
        "-o",
        out,
        "--template",
        f"markdown={template}",
    )
    assert named.exit_code == 0, named.output


def test_template_from_munintl_toml_is_used(run: Run, tmp_path: Path) -> None:
    copy = tmp_path / "skanderborg"
    shutil.copytree(EXAMPLE, copy)
    (copy / "letter.md.j2").write_text(
        '{% extends "report.md.j2" %}{% block header %}BREVPAPIR\n'
        "{{ super() }}{% endblock %}",
        encoding="utf-8",
    )
    config = copy / "munintl.toml"
    existing = config.read_text(encoding="utf-8") if config.exists() else ""
    config.write_text(
        existing + '\n[templates]\nmarkdown = "letter.md.j2"\n', encoding="utf-8"
    )
    out = tmp_path / "f.md"
    result = run("report", copy, "--followup", FOLLOWUP, "-o", out)
    assert result.exit_code == 0, result.output
    assert out.read_text(encoding="utf-8").startswith("BREVPAPIR\n")


def test_missing_template_is_a_usage_error(run: Run, tmp_path: Path) -> None:
    result = run(
        "report",
        EXAMPLE,
        "--followup",
        FOLLOWUP,
        "-o",
        tmp_path / "f.md",
        "--template",
        tmp_path / "nope.md",
    )
    assert result.exit_code == 2
    assert "does not exist" in result.stderr


def test_template_for_a_format_without_one_is_refused(run: Run, tmp_path: Path) -> None:
    template = tmp_path / "x.json"
    template.write_text("{}", encoding="utf-8")
    result = run(
        "report",
        EXAMPLE,
        "--followup",
        FOLLOWUP,
        "-o",
        tmp_path / "f.json",
        "--template",
        template,
    )
    assert result.exit_code == 1
    assert "takes no template" in result.stderr


def test_register_for_spreadsheets(
    run: Run, tmp_path: Path, plugin_manager: MunintlPluginManager
) -> None:
    wanted = [f for f in ("csv", "xlsx") if f in formats(plugin_manager)]
    if not wanted:
        pytest.skip("no spreadsheet format is installed")
    args: list[str | Path] = ["report", EXAMPLE, "--kind", "register", "-o", tmp_path]
    for name in wanted:
        args += ["-f", name]
    result = run(*args)
    assert result.exit_code == 0, result.output
    assert len(result.stdout.splitlines()) == len(wanted)


def test_progress_stays_quiet_in_pipes(run: Run, tmp_path: Path) -> None:
    result = run(
        "report",
        EXAMPLE,
        "--followup",
        FOLLOWUP,
        "-l",
        "da",
        "-l",
        "en",
        "-l",
        "de",
        "-f",
        "json",
        "-f",
        "markdown",
        "-o",
        tmp_path,
    )
    assert result.exit_code == 0, result.output
    assert result.stderr == ""
    assert len(result.stdout.splitlines()) == 6


def test_report_appears_in_the_command_list() -> None:
    result = CliRunner().invoke(main, ["--help"])
    assert "report" in result.stdout
