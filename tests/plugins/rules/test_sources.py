"""Conflicting and incomplete sources: other dates, unknown names, look-alikes."""

from __future__ import annotations

import attrs

import munintl
from munintl.model import (
    DateClaim,
    LocalizedText,
    Organisation,
    PartialDate,
    PartnershipEvent,
    Portfolio,
    Source,
)
from munintl.plugins.rules.sources import fold
from munintl.reporting import build
from plugins.rules.helpers import body, organisation, partnership, portfolio, text


def _codes(data: Portfolio) -> list[tuple[str, str, str]]:
    return [
        (f.code, f.severity, f.path)
        for f in munintl.validate(data)
        if f.code
        in ("empty-name", "unknown-name-given", "other-date-source", "look-alike-names")
    ]


def _disputed(*claims: DateClaim, sources: tuple[Source, ...] = ()) -> Portfolio:
    event = PartnershipEvent(
        kind="signed",
        date=PartialDate.parse("1993"),
        other_dates=claims,
        sources=sources,
    )
    return portfolio(
        organisations=(organisation("partner-town"),),
        partnerships=(
            partnership("twinning", "lilleby", "partner-town", events=(event,)),
        ),
    )


def test_two_founding_years_are_kept_each_with_its_source() -> None:
    data = _disputed(
        DateClaim(
            date=PartialDate.parse("1994"), sources=(Source(title="Town history"),)
        ),
        sources=(Source(title="Council minutes 1993"),),
    )
    assert _codes(data) == []
    text_ = repr(build(data, kind="overview", lang="en", period=2024))
    assert "1993 (other sources: 1994)" in text_
    danish = repr(build(data, kind="overview", lang="da", period=2024))
    assert "1993 (andre kilder: 1994)" in danish


def test_another_date_needs_its_source_and_the_preferred_one_its_own() -> None:
    data = _disputed(DateClaim(date=PartialDate.parse("1994")))
    path = "partnerships[twinning].events[0]"
    assert _codes(data) == [
        ("other-date-source", "error", f"{path}.other_dates[0].sources"),
        ("other-date-source", "warning", f"{path}.sources"),
    ]


def test_an_empty_name_is_always_an_error_and_an_unknown_one_is_said() -> None:
    blank = LocalizedText.of(da="  ")
    data = portfolio(
        bodies=(
            body("council", type="city-council"),
            attrs.evolve(body("x"), name=blank),
        ),
        organisations=(
            attrs.evolve(organisation("a"), name=LocalizedText()),
            Organisation(
                id="unnamed-1994",
                name=LocalizedText(),
                name_unknown=True,
                type="municipality",
            ),
            attrs.evolve(organisation("b"), name_unknown=True),
        ),
    )
    assert _codes(data) == [
        ("empty-name", "error", "bodies[x].name"),
        ("empty-name", "error", "organisations[a].name"),
        ("unknown-name-given", "warning", "organisations[b].name_unknown"),
    ]


def test_look_alike_names_are_a_warning_at_both_places() -> None:
    data = portfolio(
        organisations=(
            attrs.evolve(organisation("eisenach"), name=text("Eisenach")),
            attrs.evolve(organisation("eisenahc"), name=text("Eisenahc")),
            attrs.evolve(organisation("oulu"), name=text("Oulu")),
            attrs.evolve(organisation("umea"), name=text("Umeå")),
            attrs.evolve(organisation("umea-kommun"), name=text("Umea")),
        )
    )
    findings = [f for f in munintl.validate(data) if f.code == "look-alike-names"]
    assert sorted(f.path for f in findings) == [
        "organisations[eisenach].name",
        "organisations[eisenahc].name",
        "organisations[umea-kommun].name",
        "organisations[umea].name",
    ]
    [one] = [f for f in findings if f.path == "organisations[eisenach].name"]
    assert "'Eisenahc' of organisations[eisenahc]" in one.message
    assert one.severity == "warning"


def test_a_renamed_organisation_is_no_look_alike() -> None:
    data = portfolio(
        organisations=(
            attrs.evolve(organisation("weiz"), name=text("Stadt Weiz")),
            attrs.evolve(
                organisation("weiz-old"), name=text("Stadtgem. Weiz"), successor="weiz"
            ),
            attrs.evolve(
                organisation("weiz-2"), name=text("Stadt Weitz"), successor="weiz"
            ),
        )
    )
    assert not [f for f in munintl.validate(data) if f.code == "look-alike-names"]


def test_names_are_folded_before_comparing() -> None:
    assert fold("Umeå kommun") == fold("UMEA-Kommun") == "umeakommun"


def test_an_unknown_name_reads_as_such_in_reports() -> None:
    data = portfolio(
        organisations=(
            Organisation(
                id="unnamed-1994",
                name=LocalizedText(),
                name_unknown=True,
                type="municipality",
            ),
        ),
        partnerships=(
            partnership(
                "twinning",
                "lilleby",
                "unnamed-1994",
                events=(
                    PartnershipEvent(kind="signed", date=PartialDate.parse("1994")),
                ),
            ),
        ),
    )
    for kind in ("overview", "register"):
        assert "unnamed-1994 (name not known)" in repr(
            build(data, kind=kind, lang="en", period=2024)
        ), kind
