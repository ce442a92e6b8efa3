"""``munintl init``."""

from __future__ import annotations

from pathlib import Path

from click.testing import CliRunner

import munintl
from munintl.cli import main


def test_init_creates_a_valid_portfolio_and_says_where(tmp_path: Path) -> None:
    target = tmp_path / "odder"
    result = CliRunner().invoke(
        main,
        [
            "init",
            str(target),
            "--from",
            "skanderborg",
            "--municipality",
            "Odder Kommune",
        ],
    )
    assert result.exit_code == 0, result.output
    assert "README.md" in result.output
    assert munintl.load(target).municipality.id == "odder-kommune"


def test_init_takes_id_language_and_country(tmp_path: Path) -> None:
    target = tmp_path / "weiz"
    result = CliRunner().invoke(
        main,
        [
            "init",
            str(target),
            "--municipality",
            "Stadt Weiz",
            "--id",
            "weiz",
            "--language",
            "de",
            "--country",
            "AT",
        ],
    )
    assert result.exit_code == 0, result.output
    municipality = munintl.load(target).municipality
    assert (municipality.id, municipality.default_language, municipality.country) == (
        "weiz",
        "de",
        "AT",
    )


def test_init_refuses_a_directory_in_use(tmp_path: Path) -> None:
    (tmp_path / "x.txt").write_text("x", encoding="utf-8")
    result = CliRunner().invoke(main, ["init", str(tmp_path), "--municipality", "X"])
    assert result.exit_code == 1
    assert "not empty" in result.output


def test_init_needs_a_name_and_a_known_example(tmp_path: Path) -> None:
    runner = CliRunner()
    assert runner.invoke(main, ["init", str(tmp_path / "a")]).exit_code == 2
    result = runner.invoke(
        main, ["init", str(tmp_path / "a"), "--from", "aarhus", "--municipality", "X"]
    )
    assert result.exit_code == 2


def test_init_reports_a_bad_id(tmp_path: Path) -> None:
    result = CliRunner().invoke(
        main, ["init", str(tmp_path / "a"), "--municipality", "X", "--id", "Bad Id"]
    )
    assert result.exit_code == 1
    assert "not a valid id" in result.output
    assert not (tmp_path / "a").exists()
