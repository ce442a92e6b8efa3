"""``munintl followup``: the round from the command line, on a copy of the example."""

from __future__ import annotations

import io
import json
import shutil
from pathlib import Path

import openpyxl
import pytest
from click.testing import CliRunner, Result

import munintl
from munintl.cli import main
from munintl.followups import is_intact

ID = "followup-2012-okonomiudvalget"
ROUND = ["--year", "2012", "--body", "okonomiudvalget"]


def _run(*args: str) -> Result:
    return CliRunner().invoke(main, ["followup", *args])


def _tree(path: Path) -> dict[str, bytes]:
    return {
        str(p.relative_to(path)): p.read_bytes() for p in path.rglob("*") if p.is_file()
    }


@pytest.fixture
def store(example_path: Path, tmp_path: Path) -> Path:
    """A copy of the Skanderborg example to run the round on."""
    target = tmp_path / "skanderborg"
    shutil.copytree(example_path, target)
    return target


@pytest.fixture
def forms(store: Path, tmp_path: Path) -> Path:
    """The forms of the 2012 round to the finance committee."""
    out = tmp_path / "forms"
    result = _run(
        "prepare", str(store), *ROUND, "--deadline", "2013-01-15", "-o", str(out)
    )
    assert result.exit_code == 0, result.output
    return out


def _status_form(forms: Path) -> Path:
    return forms / f"{ID}.fagsekretariater-og-stabe.status.xlsx"


def test_prepare_writes_the_forms_and_status_lists_what_is_owed(
    store: Path, forms: Path
) -> None:
    assert sorted(p.name for p in forms.iterdir()) == [
        f"{ID}.checklist.md",
        f"{ID}.fagsekretariater-og-stabe.narrative.docx",
        f"{ID}.fagsekretariater-og-stabe.status.xlsx",
    ]
    followup = munintl.load(store).followup(ID)
    assert followup is not None
    assert followup.state == "draft"
    assert str(followup.forms_due) == "2013-01-15"
    # What is owed, as JSON.
    result = _run("status", str(store), "--year", "2012", "--json")
    assert result.exit_code == 0, result.output
    (data,) = json.loads(result.output)["followups"]
    assert data["followup"] == ID
    assert data["complete"] is False
    (department,) = data["departments"]
    assert department["department"] == "fagsekretariater-og-stabe"
    assert department["followup"] == ["summary", "recommendation"]
    assert department["missing"]["initiative:active-travel-network"] == [
        "status",
        "progress",
        "achievements",
    ]


def test_a_refused_form_changes_nothing_and_exits_1(store: Path, forms: Path) -> None:
    book = openpyxl.load_workbook(_status_form(forms))
    book["Status"]["J6"] = "=1+1"
    bad = forms / "bad.xlsx"
    buffer = io.BytesIO()
    book.save(buffer)
    bad.write_bytes(buffer.getvalue())
    before = _tree(store)
    result = _run("collect", str(store), str(bad))
    assert result.exit_code == 1
    assert (
        "bad.xlsx: Status!J6 (Fremdrift): '=1+1' is a formula; formulas are not"
        " evaluated" in result.output
    )
    assert "bad.xlsx: refused; nothing of it was taken" in result.output
    assert _tree(store) == before


def test_the_whole_round_from_forms_to_a_correction(
    store: Path, forms: Path, tmp_path: Path
) -> None:
    book = openpyxl.load_workbook(_status_form(forms))
    book["Status"]["J6"] = "Gennemført"
    returned = tmp_path / "svar.xlsx"
    buffer = io.BytesIO()
    book.save(buffer)
    returned.write_bytes(buffer.getvalue())
    collected = _run("collect", str(store), str(returned), "--year", "2012")
    assert collected.exit_code == 0, collected.output
    assert "svar.xlsx: taken (2 fields)" in collected.output
    assert "- [x] Active Travel Network" in collected.output or (
        "Active Travel Network (`initiative:active-travel-network`): resultater"
        in collected.output
    )
    again = _run("collect", str(store), str(returned))
    assert "svar.xlsx: already collected; nothing changed" in again.output

    reminders = _run("remind", str(store), *ROUND, "-o", str(tmp_path / "remind"))
    assert reminders.exit_code == 0, reminders.output
    ics = (tmp_path / "remind" / f"{ID}.ics").read_bytes()
    assert ics.startswith(b"BEGIN:VCALENDAR\r\nVERSION:2.0\r\n")

    submitted = _run(
        "submit",
        str(store),
        *ROUND,
        "--case",
        "EKSEMPEL-2013-001",
        "--meeting",
        "2013-03-05",
        "--on",
        "2013-02-20",
    )
    assert submitted.exit_code == 0, submitted.output
    frozen = munintl.load(store).followup(ID)
    assert frozen is not None
    assert frozen.state == "submitted"
    assert is_intact(frozen)

    late = _run("collect", str(store), str(returned))
    assert late.exit_code == 1
    assert "is already submitted, so it takes no more answers" in late.output

    decided = _run(
        "decide", str(store), *ROUND, "--outcome", "noted", "--on", "2013-03-05"
    )
    assert decided.exit_code == 0, decided.output
    corrected = _run("correct", str(store), *ROUND, "--note", "Retter status")
    assert corrected.exit_code == 0, corrected.output
    assert corrected.output.strip().endswith(f"{ID}-r2")
    portfolio = munintl.load(store)
    old, new = portfolio.followup(ID), portfolio.followup(f"{ID}-r2")
    assert old is not None
    assert new is not None
    assert old.state == "noted"
    assert is_intact(old)
    assert (new.state, new.revises) == ("draft", ID)
    assert new.revision_note.values == {"da": "Retter status"}


def test_preparing_a_frozen_followup_is_refused(store: Path, tmp_path: Path) -> None:
    result = _run(
        "prepare", str(store), "--year", "2011", "--body", "okonomiudvalget",
        "-o", str(tmp_path / "out"),
    )  # fmt: skip
    assert result.exit_code == 1
    assert "munintl: the follow-up 'opfoelgning-2011' is noted, so it is frozen" in (
        result.output
    )
    assert not (tmp_path / "out").exists()
