"""The FICTIONAL Exempelby example: marked fictional, valid, rendered, round-tripped.

Exempelby kommun is made up (Swedish, with English texts); it exercises
what issue 10 made expressible.  These tests hold it to that: every entity
is illustrative with a source saying so, it validates without a warning,
every report kind renders in every format, and it comes back equal from
every store.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

import munintl
from fictional import check_fictional
from munintl.model import Portfolio
from munintl.reporting import build, render_document

EXAMPLE = Path(__file__).parents[1] / "examples" / "exempelby"
ON = dt.date(2024, 12, 31)


@pytest.fixture(scope="module")
def portfolio() -> Portfolio:
    return munintl.load(EXAMPLE)


def test_it_says_it_is_fictional_everywhere(portfolio: Portfolio) -> None:
    assert "FICTIONAL" in (EXAMPLE / "README.md").read_text("utf-8")
    assert len(check_fictional(EXAMPLE, portfolio)) > 30


def test_it_validates_without_a_warning(portfolio: Portfolio) -> None:
    assert munintl.validate(portfolio) == []


def test_it_exercises_the_new_reach(portfolio: Portfolio) -> None:
    municipality = portfolio.municipality
    assert municipality.default_language == "sv"
    assert municipality.figures
    assert municipality.description
    [strategy] = portfolio.strategies
    assert any(d.implements and d.period for d in strategy.documents)
    assert strategy.decision_rights
    indicators = [i for _, goal in strategy.all_goals() for i in goal.indicators]
    assert any(i.currency == "SEK" for i in indicators)
    events = [e for p in portfolio.partnerships for e in p.events]
    assert any(e.other_dates for e in events)
    assert {"kind-changed", "reaffirmed", "relinquished", "dormant"} <= {
        e.kind for e in events
    }
    assert any(o.name_unknown for o in portfolio.organisations)
    assert any(i.recurrence for i in portfolio.initiatives)
    assert any(b.members for b in portfolio.bodies)
    assert any(b.former_names for b in portfolio.bodies)
    review = portfolio.followup("granskning-fjordvik-2024")
    assert review is not None
    assert portfolio.body(review.addressee) is None  # an outside body
    assert portfolio.organisation(review.addressee) is not None
    assert review.decisions[0].outcome == "renew"


@pytest.mark.parametrize(
    ("kind", "followup", "expected"),
    [
        (
            "overview",
            None,
            "1987 (other sources: 1988 – FICTIONAL: Fjordvik bygdebok (2005))",
        ),
        ("register", None, "okand-vanort-1987 (name not known)"),
        ("followup", "uppfoljning-2024", "Documents in force"),
        ("followup", "granskning-fjordvik-2024", "Exempelby's auditors"),
    ],
)
def test_every_report_kind_renders_in_every_format(
    portfolio: Portfolio, kind: str, followup: str | None, expected: str
) -> None:
    document = build(portfolio, kind=kind, followup=followup, lang="en", on=ON)
    assert expected in repr(document)
    for name in ("markdown", "html", "json", "csv", "xlsx", "docx", "pdf"):
        assert render_document(document, format=name), name
    # Every item is fictional, so every report says its data are illustrative.
    markdown = render_document(document, format="markdown").decode("utf-8")
    assert "illustrative" in markdown.lower()
    swedish = build(portfolio, kind=kind, followup=followup, lang="sv", on=ON)
    assert "Exempelby" in render_document(swedish, format="markdown").decode("utf-8")


def test_it_comes_back_equal_from_every_store(
    portfolio: Portfolio, tmp_path: Path
) -> None:
    for location in (
        tmp_path / "store",
        tmp_path / "p.json",
        tmp_path / "p.toml",
        f"sqlite:///{tmp_path / 'p.db'}",
    ):
        munintl.save(portfolio, location)
        assert munintl.load(location) == portfolio, location


def test_fjordvik_s_record_is_matched_by_its_identifiers(portfolio: Portfolio) -> None:
    # A FICTIONAL counterpart: Fjordvik's own portfolio names Exempelby by
    # another id, matched by the shared LAU code, and dates the twinning 1988.
    from munintl.model import (
        LocalizedText,
        Municipality,
        Organisation,
        PartialDate,
        Partnership,
        PartnershipEvent,
        Party,
    )
    from munintl.query import compare_pair

    fjordvik = Portfolio(
        municipality=Municipality(
            id="fjordvik-kommune",
            name=LocalizedText.of(nb="Fjordvik kommune"),
            country="NO",
            default_language="nb",
            codes={"lau": "FICTIONAL-NO-0001"},
            illustrative=True,
        ),
        organisations=(
            Organisation(
                id="vennskapsby-exempelby",
                name=LocalizedText.of(nb="Exempelby"),
                type="municipality",
                identifiers={"lau": "FICTIONAL-SE-0000"},
                illustrative=True,
            ),
        ),
        partnerships=(
            Partnership(
                id="exempelby",
                kind="twinning",
                title=LocalizedText.of(nb="Vennskapsby Exempelby"),
                parties=(
                    Party(party="fjordvik-kommune"),
                    Party(party="vennskapsby-exempelby"),
                ),
                events=(
                    PartnershipEvent(kind="signed", date=PartialDate.parse("1988")),
                ),
                illustrative=True,
            ),
        ),
    )
    found = compare_pair({"exempelby": portfolio, "fjordvik": fjordvik}, day=ON)
    assert [(f.portfolio, f.code, f.path) for f in found] == [
        ("exempelby", "dates-differ", "partnerships[vanort-fjordvik]")
    ]
