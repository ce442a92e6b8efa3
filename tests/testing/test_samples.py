"""The sample portfolio plugins test against (testing.samples).

Its docstring promises a valid, illustrative portfolio that uses every
entity and value type; these tests hold it to that.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from munintl.model import PartialDate, Portfolio, SubjectRef
from munintl.storage import load, save
from munintl.testing.samples import sample_portfolio
from munintl.validation import validate


@pytest.fixture(scope="module")
def portfolio() -> Portfolio:
    return sample_portfolio()


def dates_in(portfolio: Portfolio) -> list[PartialDate]:
    found: list[PartialDate] = []
    for partnership in portfolio.partnerships:
        found += [e.date for e in partnership.events]
    for initiative in portfolio.initiatives:
        if initiative.period is not None:
            found += [d for d in (initiative.period.start, initiative.period.end) if d]
    for followup in portfolio.followups:
        found += [d for d in (followup.due, followup.submitted) if d]
    return found


def test_each_call_builds_an_equal_portfolio(portfolio: Portfolio) -> None:
    again = sample_portfolio()
    assert again == portfolio
    assert again is not portfolio


def test_the_sample_is_valid(portfolio: Portfolio) -> None:
    findings = validate(portfolio)
    assert [f for f in findings if f.severity == "error"] == []


def test_the_sample_is_marked_illustrative(portfolio: Portfolio) -> None:
    assert portfolio.municipality.illustrative
    assert any(i.illustrative for i in portfolio.initiatives)


def test_the_sample_uses_every_collection(portfolio: Portfolio) -> None:
    assert len(portfolio.strategies) == 1
    assert len(portfolio.bodies) >= 3
    assert len(portfolio.organisations) >= 3
    assert len(portfolio.initiatives) >= 3
    assert len(portfolio.partnerships) == 1
    assert len(portfolio.followups) == 1


def test_the_sample_has_nested_and_cross_cutting_themes(portfolio: Portfolio) -> None:
    strategy = portfolio.strategies[0]
    assert any(t.themes for t in strategy.themes)
    assert any(t.cross_cutting for t in strategy.all_themes())
    assert any(g.indicators for _t, g in strategy.all_goals())


def test_the_sample_has_partial_dates_of_every_precision(
    portfolio: Portfolio,
) -> None:
    dates = dates_in(portfolio)
    assert {d.precision for d in dates} >= {"day", "month", "year", "decade"}
    assert any(d.approximate for d in dates)


def test_the_sample_funds_in_two_currencies_and_counts_unnamed_partners(
    portfolio: Portfolio,
) -> None:
    currencies = {
        line.amount.currency
        for i in portfolio.initiatives
        for line in i.funding
        if line.amount is not None
    }
    assert currencies == {"DKK", "EUR"}
    counted = [p for i in portfolio.initiatives for p in i.participations if p.count]
    assert counted
    assert all(p.organisation is None for p in counted)
    assert any(i.parent for i in portfolio.initiatives)


def test_the_sample_has_internal_entities(portfolio: Portfolio) -> None:
    assert any(b.visibility == "internal" for b in portfolio.bodies)
    events = [e for p in portfolio.partnerships for e in p.events]
    assert any(e.visibility == "internal" for e in events)
    updates = [u for f in portfolio.followups for u in f.updates]
    assert any(u.visibility == "internal" for u in updates)


def test_the_sample_twinning_has_events_by_each_party(portfolio: Portfolio) -> None:
    partnership = portfolio.partnerships[0]
    acting = {e.party for e in partnership.events if e.party}
    assert acting == set(partnership.party_ids())
    assert any(e.party is None for e in partnership.events)


def test_the_sample_followup_is_decided_with_updates_on_every_kind(
    portfolio: Portfolio,
) -> None:
    followup = portfolio.followups[0]
    assert followup.state == "decided"
    assert followup.submitted is not None
    assert followup.decisions
    kinds = {u.subject.kind for u in followup.updates}
    assert kinds == {"initiative", "theme", "goal", "partnership"}
    for update in followup.updates:
        assert portfolio.subject_exists(update.subject), update.subject


def test_the_sample_texts_have_provenance(portfolio: Portfolio) -> None:
    vision = portfolio.strategies[0].vision
    assert vision.provenance["en"].method == "human"
    assert vision.provenance["en"].source_language == "da"


def test_every_reference_in_the_sample_resolves(portfolio: Portfolio) -> None:
    ids = {b.id for b in portfolio.bodies} | {o.id for o in portfolio.organisations}
    ids.add(portfolio.municipality.id)
    for initiative in portfolio.initiatives:
        assert set(initiative.responsible) <= ids
        for participation in initiative.participations:
            assert (
                participation.organisation is None or participation.organisation in ids
            )
        if initiative.partnership:
            assert portfolio.partnership(initiative.partnership) is not None
    decision = portfolio.followups[0].decisions[0]
    assert SubjectRef("initiative", "samarbejdsprogram") in decision.subjects


@pytest.mark.parametrize("suffix", [".json", ".toml", ""])
def test_the_sample_survives_a_round_trip_through_storage(
    portfolio: Portfolio, tmp_path: Path, suffix: str
) -> None:
    location = tmp_path / f"egeby{suffix}"
    if not suffix:
        location.mkdir()
    save(portfolio, location)
    assert load(location) == portfolio
