"""The command line: validate, show, plugins, exit codes, start-up cost."""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from click.testing import CliRunner

from catalogs import write_po
from munintl.cli import main

ROOT = Path(__file__).resolve().parents[2]
EXAMPLE = ROOT / "examples" / "skanderborg"


@pytest.fixture
def runner() -> CliRunner:
    return CliRunner()


@pytest.fixture
def example_copy(tmp_path: Path) -> Path:
    target = tmp_path / "skanderborg"
    shutil.copytree(EXAMPLE, target)
    return target


def test_help_lists_every_command(runner: CliRunner) -> None:
    result = runner.invoke(main, ["--help"])
    assert result.exit_code == 0
    for command in ("validate", "show", "plugins"):
        assert command in result.output


def test_help_loads_no_plugins_and_nothing_heavy() -> None:
    script = (
        "import sys\n"
        "from munintl.cli import main\n"
        "try:\n"
        "    main(['--help'])\n"
        "except SystemExit:\n"
        "    pass\n"
        "heavy = ['rich', 'ruamel', 'babel', 'cattrs', 'munintl.plugins.storage.yaml_dir',"
        " 'munintl.plugins.codelists', 'docx', 'openpyxl', 'sqlalchemy', 'sphinx']\n"
        "print(sorted(m for m in heavy if m in sys.modules))\n"
    )
    output = subprocess.run(
        [sys.executable, "-c", script], capture_output=True, text=True, check=True
    ).stdout
    assert output.strip().splitlines()[-1] == "[]"


def test_python_dash_m_runs_the_cli() -> None:
    result = subprocess.run(
        [sys.executable, "-m", "munintl", "--version"],
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 0
    assert result.stdout.startswith("munintl, version ")


def test_validate_example_exits_zero(runner: CliRunner) -> None:
    result = runner.invoke(main, ["validate", str(EXAMPLE)])
    assert result.exit_code == 0, result.output
    assert "valid (0 errors" in result.output


def test_validate_reports_file_line_column_and_exits_one(
    runner: CliRunner, example_copy: Path
) -> None:
    target = example_copy / "initiatives" / "innourba.yaml"
    text = target.read_text(encoding="utf-8")
    target.write_text(text + "perod:\n  start: 2008\n", encoding="utf-8")
    before = {p: p.read_bytes() for p in example_copy.rglob("*") if p.is_file()}
    result = runner.invoke(main, ["validate", str(example_copy)])
    assert result.exit_code == 1
    line = len(text.splitlines()) + 1
    expected = (
        f"{target}:{line}:1: initiatives[innourba].perod: unknown key 'perod';"
        " did you mean 'period'?"
    )
    assert expected in result.output
    assert "Traceback" not in result.output
    after = {p: p.read_bytes() for p in example_copy.rglob("*") if p.is_file()}
    assert after == before


def test_validate_semantic_error_gets_its_line(
    runner: CliRunner, example_copy: Path
) -> None:
    target = example_copy / "initiatives" / "innourba.yaml"
    text = target.read_text(encoding="utf-8")
    assert "themes: [erhvervs-og-byudvikling]" in text
    target.write_text(
        text.replace(
            "themes: [erhvervs-og-byudvikling]",
            "themes: [no-such-theme, erhvervs-og-byudvikling]",
        ),
        encoding="utf-8",
    )
    result = runner.invoke(main, ["validate", str(example_copy)])
    assert result.exit_code == 1
    lines = [line for line in result.output.splitlines() if "no-such-theme" in line]
    assert lines, result.output
    assert lines[0].startswith(f"{target}:")
    assert "[dangling-reference]" in lines[0]


def test_validate_missing_path_is_a_usage_error(
    runner: CliRunner, tmp_path: Path
) -> None:
    result = runner.invoke(main, ["validate", str(tmp_path / "nowhere")])
    assert result.exit_code == 2


def test_validate_empty_directory_exits_one(runner: CliRunner, tmp_path: Path) -> None:
    result = runner.invoke(main, ["validate", str(tmp_path)])
    assert result.exit_code == 1
    assert "no portfolio is stored here" in result.output


def test_validate_json_lists_findings(runner: CliRunner) -> None:
    result = runner.invoke(main, ["validate", "--json", str(EXAMPLE)])
    assert result.exit_code == 0
    findings = json.loads(result.stdout)["findings"]
    assert all(f["severity"] != "error" for f in findings)


def test_unknown_command_is_a_usage_error(runner: CliRunner) -> None:
    assert runner.invoke(main, ["frobnicate"]).exit_code == 2


def test_show_prints_strategy_initiatives_partnerships_and_followups(
    runner: CliRunner,
) -> None:
    result = runner.invoke(
        main,
        ["show", str(EXAMPLE), "--on", "2024-01-01"],
        # No language chosen for munintl: the municipality's own (Danish).
        env={"COLUMNS": "200", "MUNINTL_LANG": None},
    )
    assert result.exit_code == 0, result.output
    for text in (
        "Skanderborg",
        "Borgerservice",
        "Klima, energi og miljø",
        "Active Travel Network",
        "Eisenach",
        "illustrative",
    ):
        assert text in result.output


def test_show_json_gives_status_per_party(runner: CliRunner) -> None:
    result = runner.invoke(
        main, ["show", str(EXAMPLE), "--json", "--lang", "en", "--on", "2024-01-01"]
    )
    assert result.exit_code == 0, result.output
    summary = json.loads(result.stdout)
    assert summary["municipality"]["id"] == "skanderborg"
    assert summary["language"] == "en"
    eisenach = next(p for p in summary["partnerships"] if "eisenach" in p["id"])
    statuses = list(eisenach["status"].values())
    assert len(statuses) == 2
    assert statuses[0] != statuses[1]  # the two sides disagree since 2023
    themes = summary["strategy"]["themes"]
    assert sum(len(t["themes"]) for t in themes) + len(themes) >= 8
    assert summary["followups"][0]["illustrative"] is True


def test_show_json_before_2023_has_both_sides_active(runner: CliRunner) -> None:
    result = runner.invoke(
        main, ["show", str(EXAMPLE), "--json", "--lang", "en", "--on", "2010-01-01"]
    )
    summary = json.loads(result.stdout)
    eisenach = next(p for p in summary["partnerships"] if "eisenach" in p["id"])
    assert len(set(eisenach["status"].values())) == 1


def test_plugins_lists_builtins(runner: CliRunner) -> None:
    result = runner.invoke(main, ["plugins"], env={"COLUMNS": "200"})
    assert result.exit_code == 0
    assert "munintl.plugins.storage.yaml_dir" in result.output


def test_plugins_json_is_machine_readable(runner: CliRunner) -> None:
    result = runner.invoke(main, ["plugins", "--json"])
    assert result.exit_code == 0
    plugins = {p["name"]: p for p in json.loads(result.stdout)}
    yaml_dir = plugins["munintl.plugins.storage.yaml_dir"]
    assert yaml_dir["provides"] == {"storage": ["yaml"]}
    assert yaml_dir["status"] == "active"
    assert yaml_dir["source"] == "builtin"


def test_messages_follow_munintl_lang(monkeypatch: pytest.MonkeyPatch) -> None:
    from munintl import i18n

    monkeypatch.setenv("MUNINTL_LANG", "da")
    assert i18n.current_language() == "da"
    monkeypatch.setenv("MUNINTL_LANG", "de_DE.UTF-8")
    assert i18n.current_language() == "de"
    monkeypatch.setenv("MUNINTL_LANG", "fr")
    assert i18n.current_language() == "en"


def test_a_run_leaves_no_language_and_no_catalog_behind(
    runner: CliRunner, example_copy: Path
) -> None:
    """--lang and the portfolio's catalogs last one run of the command line.

    They stayed for the rest of the process: after one run with a portfolio
    that has a Greenlandic catalog, every later report in Greenlandic (of
    any portfolio) found munintl's words in that catalog.
    """
    from munintl import i18n

    write_po(
        example_copy / "locale",
        "kl",
        {"{path}: valid ({summary})": "{path}: atorsinnaavoq ({summary})"},
    )
    folders = list(i18n._extra_dirs)
    result = runner.invoke(main, ["--lang", "kl", "validate", str(example_copy)])
    assert result.exit_code == 0, result.output
    assert f"{example_copy}: atorsinnaavoq (" in result.output
    assert i18n.requested_language() == "en"
    assert i18n._extra_dirs == folders
    assert not i18n.has_catalog("kl")
