"""``munintl history`` and ``munintl diff``: revisions, their changes, follow-ups."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

import attrs
import pytest
from click.testing import CliRunner

import munintl
from munintl.cli import main
from munintl.history import diff, history, load_at, split_revision, submit_in
from munintl.model import FollowUp, Period, Portfolio
from munintl.storage import open_store


def _run(*args: str) -> tuple[int, str, str]:
    result = CliRunner().invoke(main, list(args))
    return result.exit_code, result.stdout, result.stderr


def _three_revisions(example_path: Path, location: str) -> Portfolio:
    """Save the example, then change an initiative's status, then the website."""
    first = munintl.load(example_path)
    store = open_store(location)
    store.save(first)
    second = attrs.evolve(
        first,
        initiatives=(
            attrs.evolve(first.initiatives[0], status="implementation"),
            *first.initiatives[1:],
        ),
    )
    store.save(second)
    third = attrs.evolve(
        second,
        municipality=attrs.evolve(second.municipality, website="https://example.org"),
    )
    store.save(third)
    return first


def test_history_lists_revisions_with_who_and_what(
    example_path: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("MUNINTL_AUTHOR", "editor")
    location = f"sqlite:///{tmp_path / 'portal.db'}#skanderborg"
    first = _three_revisions(example_path, location)
    entries = history(location)
    assert [e.revision for e in entries] == ["1", "2", "3"]
    assert [e.current for e in entries] == [False, False, True]
    assert {e.saved_by for e in entries} == {"editor"}
    assert entries[0].changes["initiatives"] == {"added": len(first.initiatives)}
    assert entries[1].changes == {"initiatives": {"changed": 1}}
    assert entries[2].changes == {"municipality": {"changed": 1}}
    code, out, _err = _run("history", location)
    assert code == 0
    lines = out.splitlines()
    assert lines[0].split() == ["revision", "saved", "by", "changes"]
    assert lines[2].split()[0] == "2"
    assert "initiatives: 1 changed" in lines[2]
    assert "municipality: 1 changed" in lines[3]
    code, out, _err = _run("history", location, "--json")
    assert [e["revision"] for e in json.loads(out)] == ["1", "2", "3"]


def test_diff_between_revisions_and_stores(example_path: Path, tmp_path: Path) -> None:
    location = f"sqlite:///{tmp_path / 'portal.db'}#skanderborg"
    first = _three_revisions(example_path, location)
    assert load_at(f"{location}@1") == first
    assert load_at(f"{location}@-2") == first
    changes = diff(f"{location}@1", f"{location}@2")
    assert [(c.path, c.change, c.old, c.new) for c in changes] == [
        (
            f"initiatives[{first.initiatives[0].id}].status",
            "changed",
            first.initiatives[0].status,
            "implementation",
        )
    ]
    code, out, _err = _run("diff", f"{location}@-1", location, "--json")
    assert code == 0
    assert json.loads(out) == [
        {
            "path": "municipality.website",
            "change": "changed",
            "old": first.municipality.website,
            "new": "https://example.org",
        }
    ]
    # The example's files against revision 1: the same portfolio.
    code, out, err = _run("diff", str(example_path), f"{location}@1")
    assert (code, out) == (0, "")
    assert "the same portfolio" in err
    code, out, _err = _run("diff", str(example_path), location)
    assert code == 0
    assert out.splitlines()[0].split() == ["path", "change", "old", "new"]
    assert "municipality.website" in out


def test_a_submitted_followup_keeps_its_revision(
    example_path: Path, tmp_path: Path
) -> None:
    location = f"sqlite:///{tmp_path / 'portal.db'}#skanderborg"
    first = _three_revisions(example_path, location)
    draft = FollowUp(id="followup-2026", period=Period.year(2026), addressee="x")
    store = open_store(location)
    current = store.load()
    addressee = current.bodies[0].id
    store.save(
        attrs.evolve(
            current,
            followups=(*current.followups, attrs.evolve(draft, addressee=addressee)),
        )
    )
    assert submit_in(location, "followup-2026", dt.date(2026, 3, 1)) == "5"
    sent = open_store(location).load().followup("followup-2026")
    assert sent is not None
    assert (sent.state, sent.source_revision) == ("submitted", "4")
    # What changed since the follow-up was made: only its own submission.
    changes = diff(f"{location}@followup-2026", location)
    assert {c.path for c in changes} == {
        "followups[followup-2026].state",
        "followups[followup-2026].submitted",
        "followups[followup-2026].fingerprint",
        "followups[followup-2026].source_revision",
    }
    assert load_at(f"{location}@followup-2026").followup("followup-2026") == (
        attrs.evolve(draft, addressee=addressee)
    )
    assert first != load_at(location)


def test_revision_suffix_and_its_errors(example_path: Path, tmp_path: Path) -> None:
    assert split_revision("sqlite:///p.db#k@-1") == ("sqlite:///p.db#k", "-1")
    assert split_revision("sqlite:///p.db@3") == ("sqlite:///p.db@3", None)
    assert split_revision("postgresql://u@h/db#k") == ("postgresql://u@h/db#k", None)
    location = f"sqlite:///{tmp_path / 'portal.db'}#skanderborg"
    _three_revisions(example_path, location)
    for suffix, message in (
        ("@9", "there is no revision 9"),
        ("@-3", "no revision 3 before the current one"),
        ("@nothing", "no revision and no follow-up is named 'nothing'"),
    ):
        code, _out, err = _run("diff", f"{location}{suffix}", location)
        assert code == 1
        assert message in err, err
    code, _out, err = _run("history", str(example_path))
    assert code == 1
    assert "keeps no earlier revisions" in err


def test_followup_submit_records_the_revision(
    example_path: Path, tmp_path: Path
) -> None:
    location = f"sqlite:///{tmp_path / 'portal.db'}#skanderborg"
    _three_revisions(example_path, location)
    store = open_store(location)
    current = store.load()
    draft = FollowUp(
        id="followup-2026", period=Period.year(2026), addressee=current.bodies[0].id
    )
    store.save(attrs.evolve(current, followups=(*current.followups, draft)))
    code, _out, err = _run(
        "followup",
        "submit",
        location,
        "--followup",
        "followup-2026",
        "--case",
        "26.00.00-A00-1-26",
        "--meeting",
        "2026-03-01",
    )
    assert code == 0, err
    sent = open_store(location).load().followup("followup-2026")
    assert sent is not None
    assert (sent.state, sent.source_revision) == ("submitted", "4")
    assert load_at(f"{location}@followup-2026").followup("followup-2026") == draft


def test_empty_locations_are_errors_and_stay_empty(
    example_path: Path, tmp_path: Path
) -> None:
    missing = tmp_path / "missing.db"
    location = f"sqlite:///{tmp_path / 'portal.db'}"
    assert _run("convert", str(example_path), f"{location}#skanderborg")[0] == 0
    for args in (
        ("history", f"{location}#nope"),
        ("history", f"sqlite:///{missing}#nope"),
        ("query", f"sqlite:///{missing}", "initiatives"),
        ("query", f"{location}#nope", "partnerships"),
        ("portal", "metadata", f"sqlite:///{missing}"),
    ):
        code, out, err = _run(*args)
        assert (code, out) == (1, ""), args
        # "... stored here", or "... stored under 'nope'; it holds skanderborg"
        assert "no portfolio is stored" in err, (args, err)
    assert not missing.exists()
