"""One way to name an actor: a body, an organisation or the municipality."""

from __future__ import annotations

from typing import Any

from munintl.model import (
    Body,
    Organisation,
    PartialDate,
    Participation,
    PartnershipEvent,
    Period,
    Portfolio,
)
from munintl.reporting import build
from plugins.rules.helpers import (
    body,
    initiative,
    organisation,
    partnership,
    portfolio,
    text,
)
from plugins.rules.test_references import check, summary


def _company_portfolio(**changes: Any) -> Portfolio:
    fields: dict[str, Any] = {
        "bodies": (
            body("council", type="city-council"),
            Body(id="utility", name=text("Lilleby Forsyning"), type="company"),
        ),
        "organisations": (
            Organisation(
                id="partner-town", name=text("Partnerstadt"), type="municipality"
            ),
        ),
        "initiatives": (
            initiative(
                "heating",
                period=Period.parse("2023", "2025"),
                responsible=("utility", "partner-town"),
                participations=(
                    Participation(organisation="utility", role="implementing"),
                    Participation(organisation="partner-town", role="partner"),
                    Participation(organisation="lilleby", role="host"),
                ),
            ),
        ),
    }
    return portfolio(**(fields | changes))


def test_bodies_organisations_and_the_municipality_are_actors() -> None:
    assert check("dangling-reference", _company_portfolio()) == []
    assert check("ambiguous-actor", _company_portfolio()) == []


def test_an_actor_that_is_nothing_is_a_dangling_reference_with_a_hint() -> None:
    bad = portfolio(
        bodies=(body("council", type="city-council"), body("utility", type="company")),
        initiatives=(initiative("heating", responsible=("utilty",)),),
    )
    assert summary(check("dangling-reference", bad)) == [
        (
            "error",
            "initiatives[heating].responsible[0]",
            "there is no body or organisation (or the municipality) with the id"
            " 'utilty'; did you mean 'utility'?",
        )
    ]


def test_an_id_that_is_a_body_and_an_organisation_is_ambiguous() -> None:
    clash = _company_portfolio(
        organisations=(organisation("partner-town"), organisation("utility")),
    )
    found = summary(check("ambiguous-actor", clash))
    assert sorted(path for _, path, _ in found) == [
        "initiatives[heating].participations[0].organisation",
        "initiatives[heating].responsible[0]",
    ]
    assert all(
        "'utility' names both a body and an organisation" in m for *_, m in found
    )


def test_a_transfer_to_a_body_resolves() -> None:
    handed = _company_portfolio(
        partnerships=(
            partnership(
                "twinning",
                "lilleby",
                "partner-town",
                events=(
                    PartnershipEvent(
                        kind="transferred",
                        date=PartialDate(year=2023),
                        party="lilleby",
                        transferred_to="utility",
                    ),
                ),
            ),
        )
    )
    assert check("dangling-reference", handed) == []


def test_reports_name_each_actor_where_it_acts() -> None:
    heating = _company_portfolio()
    register = repr(build(heating, kind="register", lang="en"))
    # responsible: a body and an organisation, by name
    assert "Lilleby Forsyning, Partnerstadt" in register
    followup = repr(build(heating, kind="followup", lang="en", period=2024))
    assert "**Responsible:** Lilleby Forsyning, Partnerstadt" in followup
    assert "Lilleby Forsyning (implementing); Partnerstadt (partner)" in followup
