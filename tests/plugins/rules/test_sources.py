"""Conflicting and incomplete sources: other dates, unknown names, look-alikes."""

from __future__ import annotations

import re

import attrs
from hypothesis import given, settings
from hypothesis import strategies as st

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
from munintl.plugins.rules.sources import (
    _alike,
    fold,
    look_alike_candidates,
    within_reach,
)
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
    assert "1993 (other sources: 1994 – Town history)" in text_
    danish = repr(build(data, kind="overview", lang="da", period=2024))
    assert "1993 (andre kilder: 1994 – Town history)" in danish


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


def test_names_with_other_numbers_are_no_look_alikes() -> None:
    data = portfolio(
        organisations=(
            *(
                attrs.evolve(organisation(f"partner-{n}"), name=text(f"Partner {n}"))
                for n in (12, 13, 21)
            ),
            attrs.evolve(organisation("partmer-12"), name=text("Partmer 12")),
        )
    )
    findings = [f for f in munintl.validate(data) if f.code == "look-alike-names"]
    assert sorted(f.path for f in findings) == [
        "organisations[partmer-12].name",
        "organisations[partner-12].name",
    ]


def _look_alikes_by_comparing_all(keys: list[str]) -> list[tuple[int, int]]:
    """The pairs the rule reports, found by comparing every pair (as before)."""

    def numbers(key: str) -> list[int]:
        return [int(run) for run in re.findall(r"\d+", key)]

    return [
        (i, j)
        for i, a in enumerate(keys)
        for j, b in enumerate(keys)
        if i < j and within_reach(a, b) and numbers(a) == numbers(b) and _alike(a, b)
    ]


def _mutated(draw: st.DrawFn) -> list[str]:
    """Names, many of them a few edits from another."""
    names = draw(
        st.lists(st.text("abcdeé12 ", min_size=1, max_size=16), min_size=1, max_size=8)
    )
    for _ in range(draw(st.integers(0, 30))):
        name = list(draw(st.sampled_from(names)))
        for _ in range(draw(st.integers(0, 3))):
            position = draw(st.integers(0, len(name)))
            edit = draw(st.sampled_from(("insert", "delete", "replace", "swap")))
            character = draw(st.sampled_from("abcdez19"))
            if edit == "insert" or not name:
                name.insert(position, character)
            elif edit == "delete":
                del name[position - 1]
            elif edit == "replace":
                name[position - 1] = character
            elif position < len(name):
                name[position - 1], name[position] = name[position], name[position - 1]
        names.append("".join(name))
    return names


@settings(max_examples=300, deadline=None)
@given(st.composite(_mutated)())
def test_look_alike_candidates_miss_no_pair_comparing_all_finds(
    names: list[str],
) -> None:
    keys = sorted((key for key in map(fold, names) if len(key) >= 4), key=len)
    found = [pair for pair in look_alike_candidates(keys) if _alike(*_keys(keys, pair))]
    assert found == _look_alikes_by_comparing_all(keys)


def _keys(keys: list[str], pair: tuple[int, int]) -> tuple[str, str]:
    return keys[pair[0]], keys[pair[1]]


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
