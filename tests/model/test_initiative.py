"""Initiatives: participations, partner counts and activity."""

from __future__ import annotations

from typing import Any

import pytest

from munintl.model import Initiative, LocalizedText, Participation, Period
from munintl.model.values import FieldValueError

TITLE = LocalizedText.of(da="Projekt")


def test_participation_names_an_organisation() -> None:
    partner = Participation(organisation="tartu", role="partner", lead=True)
    assert partner.organisation == "tartu"
    assert partner.count is None


def test_participation_counts_unnamed_partners() -> None:
    partners = Participation(
        count=9, description=LocalizedText.of(en="9 other European municipalities")
    )
    assert partners.count == 9
    assert partners.organisation is None


def test_participation_without_a_role_has_none_and_does_not_lead() -> None:
    partner = Participation(organisation="tartu")
    assert partner.role is None
    assert partner.lead is False


@pytest.mark.parametrize(
    "fields", [{}, {"organisation": "tartu", "count": 3}], ids=["neither", "both"]
)
def test_participation_needs_exactly_one_of_organisation_and_count(
    fields: dict[str, Any],
) -> None:
    with pytest.raises(FieldValueError, match="either an organisation or") as caught:
        Participation(**fields)
    assert caught.value.field == "organisation"


@pytest.mark.parametrize("count", [0, -3])
def test_participation_count_is_at_least_one(count: int) -> None:
    with pytest.raises(
        FieldValueError, match=f"count must be at least 1, not {count}"
    ) as caught:
        Participation(count=count)
    assert caught.value.field == "count"


def test_participation_organisation_must_be_an_id() -> None:
    with pytest.raises(FieldValueError, match="is not a valid id"):
        Participation(organisation="Tartu Linn")


def test_partner_count_adds_named_partners_and_counts() -> None:
    initiative = Initiative(
        id="urbact-network",
        title=TITLE,
        kind="network",
        participations=(
            Participation(organisation="skanderborg", lead=True),
            Participation(organisation="tartu"),
            Participation(count=9),
        ),
    )
    assert initiative.partner_count() == 11
    assert Initiative(id="x", title=TITLE, kind="project").partner_count() == 0


def test_initiative_without_a_period_is_not_taken_as_active() -> None:
    initiative = Initiative(id="x", title=TITLE, kind="service")
    assert not initiative.has_period
    assert not initiative.is_active_in(Period.year(1900))
    assert not initiative.is_active_in(Period.year(2100))


def test_initiative_is_active_in_periods_its_own_period_overlaps() -> None:
    initiative = Initiative(
        id="x", title=TITLE, kind="project", period=Period.parse("2010", "2012")
    )
    assert initiative.is_active_in(Period.year(2011))
    assert not initiative.is_active_in(Period.year(2013))


def test_initiative_without_a_status_has_none() -> None:
    initiative = Initiative(id="x", title=TITLE, kind="project")
    assert initiative.status is None
    assert initiative.themes == ()


def test_initiative_references_must_be_ids() -> None:
    with pytest.raises(FieldValueError, match="'Klima' is not a valid id") as caught:
        Initiative(id="x", title=TITLE, kind="project", themes=("Klima",))
    assert caught.value.field == "themes"
