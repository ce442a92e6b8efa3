"""``munintl init``."""

from __future__ import annotations

from pathlib import Path

import pytest
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


def _init(target: Path, *options: str) -> tuple[int, str]:
    result = CliRunner().invoke(
        main, ["init", str(target), "--municipality", "Exempelby kommun", *options]
    )
    return result.exit_code, result.output


def test_init_writes_the_config_for_the_chosen_languages(tmp_path: Path) -> None:
    import tomllib

    from munintl.config import load_config

    # Finnish: a language munintl has prepared no words in.
    target = tmp_path / "exempelby"
    code, output = _init(target, "--language", "fi", "--country", "fi")
    assert code == 0, output
    config = load_config(target)
    assert config.languages == ("fi", "en")
    assert config.fallback_for("fi") == ("en",)
    assert config.fallback_for("en") == ("fi",)
    assert (
        "da"
        not in tomllib.loads((target / "munintl.toml").read_text("utf-8"))["languages"]
    )
    portfolio = munintl.load(target)
    assert portfolio.municipality.country == "FI"
    # No English text poses as Finnish: the placeholders are English, stored
    # as English, and every Finnish one is listed as untranslated; the ids
    # are neutral English ones.
    strategy = portfolio.strategies[0]
    assert strategy.id == "international-strategy"
    assert strategy.title.languages == ("en",)
    goal = next(goal for _, goal in strategy.all_goals())
    assert "fi" not in goal.statement.languages
    findings = munintl.validate(portfolio)
    assert not [f for f in findings if f.severity == "error"]
    untranslated = {f.path for f in findings if f.code == "missing-translation"}
    assert f"strategies[{strategy.id}].title" in untranslated
    # A Swedish report falls back to the English placeholder.
    report = CliRunner().invoke(
        main,
        [
            "report",
            "-k",
            "overview",
            str(target),
            "-l",
            "fi",
            "-o",
            str(tmp_path / "o.md"),
        ],
    )
    assert report.exit_code == 0, report.output
    assert "International strategy of Exempelby kommun" in (
        tmp_path / "o.md"
    ).read_text("utf-8")


def test_init_with_several_languages_falls_back_to_the_neighbours(
    tmp_path: Path,
) -> None:
    from munintl.config import load_config

    target = tmp_path / "kommune"
    code, output = _init(target, "--language", "kl", "--language", "da")
    assert code == 0, output
    config = load_config(target)
    assert config.languages == ("kl", "da")
    assert config.fallback_for("kl") == ("da", "en")
    portfolio = munintl.load(target)
    assert portfolio.municipality.working_languages == ("kl", "da")
    assert "kl" not in portfolio.strategies[0].vision.languages
    assert portfolio.strategies[0].vision.get("da", ()).startswith("Skriv")


def test_a_mistyped_language_or_country_is_one_option_error(tmp_path: Path) -> None:
    code, output = _init(tmp_path / "x", "--language", "dk")
    assert code == 2
    assert "Invalid value for '--language'" in output
    assert "did you mean 'da'?" in output
    assert [line for line in output.splitlines() if line.startswith("Error")] == [
        "Error: Invalid value for '--language': 'dk' is not a known language"
        " code; did you mean 'da'?"
    ]
    assert not (tmp_path / "x").exists()
    code, output = _init(tmp_path / "x", "--country", "UK")
    assert code == 2
    assert "Invalid value for '--country'" in output
    assert "did you mean 'GB'?" in output


def test_init_from_the_swedish_fictional_example(tmp_path: Path) -> None:
    target = tmp_path / "nyby"
    code, output = _init(target, "--from", "exempelby")
    assert code == 0, output
    portfolio = munintl.load(target)
    assert portfolio.municipality.default_language == "sv"
    assert not portfolio.strategies[0].decision_rights
    assert not [f for f in munintl.validate(portfolio) if f.severity == "error"]


def test_a_language_of_several_countries_asks_for_the_country(tmp_path: Path) -> None:
    code, output = _init(tmp_path / "x", "--language", "de")
    assert code == 2, output
    assert "give it with --country" in output
    assert not (tmp_path / "x").exists()


def test_init_refuses_a_database_url_and_makes_no_folder(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    for target in (
        "sqlite:///portal.db",
        "postgresql:/editor:Zq9pw@db/portal",
        " postgresql://editor:Zq9pw@db/portal",
    ):
        result = CliRunner().invoke(main, ["init", "--municipality", "Testby", target])
        assert result.exit_code == 1, result.output
        assert "munintl init makes a folder, not a database" in result.output
        assert "Zq9" not in result.output
    assert list(tmp_path.iterdir()) == []
