"""The CLI on a follow-up that covers no fixed period (an ad-hoc review).

``show`` says so; the round of forms refuses it with a reason and changes
nothing; ``submit`` files it as any other follow-up.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner

import munintl
from cli.test_bad_input import snapshot
from munintl.cli import main
from munintl.model import PartialDate
from plugins.kinds.followup.test_no_fixed_period import _review


@pytest.fixture
def store(tmp_path: Path) -> Path:
    folder = tmp_path / "lilleby"
    munintl.save(_review(), folder)
    return folder


def test_show_lists_it_as_covering_no_fixed_period(store: Path) -> None:
    result = CliRunner().invoke(main, ["show", str(store), "--json"])
    assert result.exit_code == 0, result.output
    [shown] = json.loads(result.stdout)["followups"]
    assert shown["period"] is None
    assert shown["covers"] == ["partnership:twinning"]
    text = CliRunner(env={"COLUMNS": "200"}).invoke(
        main, ["--lang", "da", "show", str(store)]
    )
    assert text.exit_code == 0, text.output
    assert "ingen fast periode" in text.output
    assert "None" not in text.output


@pytest.mark.parametrize("command", ["status", "remind"])
def test_the_round_refuses_it_with_a_reason(
    store: Path, tmp_path: Path, command: str
) -> None:
    before = snapshot(store)
    args = [command, str(store), "--followup", "review-partnerby"]
    if command == "remind":
        args += ["-o", str(tmp_path / "out")]
    result = CliRunner().invoke(main, ["followup", *args])
    assert result.exit_code == 1, result.output
    assert "Traceback" not in result.output
    assert "covers no fixed period, so it has no round of forms" in result.output
    # It says what to do instead, with the commands that work on a review.
    assert "munintl report --followup review-partnerby -f markdown" in result.output
    assert "munintl followup submit --followup review-partnerby" in result.output
    assert snapshot(store) == before
    assert not (tmp_path / "out").exists()


@pytest.mark.parametrize(
    ("language", "words"),
    [
        ("da", "dækker ingen fast periode"),
        ("de", "deckt keinen festen Zeitraum ab"),
        ("sv", "omfattar ingen fast period"),
        ("nb", "dekker ingen fast periode"),
        ("pl", "nie obejmuje stałego okresu"),
    ],
)
def test_the_refusal_is_in_the_language_of_the_run(
    store: Path, language: str, words: str
) -> None:
    result = CliRunner().invoke(
        main,
        [
            *("--lang", language, "followup", "status", str(store)),
            *("--followup", "review-partnerby"),
        ],
    )
    assert result.exit_code == 1, result.output
    assert words in result.output
    assert "munintl followup submit --followup review-partnerby" in result.output
    assert "covers no fixed period" not in result.output


def test_it_is_submitted_as_any_follow_up(store: Path) -> None:
    result = CliRunner().invoke(
        main,
        [
            "followup",
            "submit",
            str(store),
            "--followup",
            "review-partnerby",
            "--case",
            "24/1",
            "--meeting",
            "2024-06-20",
            "--on",
            "2024-06-01",
        ],
    )
    assert result.exit_code == 0, result.output
    submitted = munintl.load(store).followup("review-partnerby")
    assert submitted is not None
    assert submitted.period is None
    assert submitted.state == "submitted"
    # From now on it is read as of its submission.
    assert submitted.as_of == PartialDate.parse("2024-06-01")
