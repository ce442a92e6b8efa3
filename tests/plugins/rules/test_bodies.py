"""Bodies change: former names, a successor, and the members of joint bodies."""

from __future__ import annotations

import pytest

from munintl.model import (
    Body,
    FormerName,
    Member,
    Organisation,
    PartialDate,
    Period,
)
from munintl.model.values import FieldValueError
from munintl.reporting import build
from munintl.reports.document import Table
from plugins.rules.helpers import body, portfolio, text
from plugins.rules.test_references import check, summary


def _steering(*members: Member) -> Body:
    return Body(
        id="steering",
        name=text("Steering group"),
        type="project-group",
        members=members,
    )


def _joint_portfolio() -> object:
    return portfolio(
        bodies=(
            body("council", type="city-council"),
            Body(
                id="climate",
                name=text("Climate committee"),
                type="committee",
                former_names=(
                    FormerName(
                        name=text("Technical committee"), until=PartialDate(year=2021)
                    ),
                ),
            ),
            Body(
                id="old-environment",
                name=text("Environment committee"),
                type="committee",
                successor="climate",
                period=Period.parse("2007", "2021"),
            ),
            _steering(
                Member(member="climate", role=text("chair"), seats=2),
                Member(
                    member="partner-town", seats=2, period=Period.parse("2022", None)
                ),
                Member(member="lilleby", period=Period.parse("2018", "2019")),
            ),
        ),
        organisations=(
            Organisation(
                id="partner-town", name=text("Partnerstadt"), type="municipality"
            ),
        ),
    )


def test_members_and_successors_resolve() -> None:
    joint = _joint_portfolio()
    assert check("dangling-reference", joint) == []
    assert check("body-member-problem", joint) == []
    assert check("reference-cycle", joint) == []


def test_a_body_among_its_own_members_is_an_error() -> None:
    selfish = portfolio(bodies=(body("council"), _steering(Member(member="steering"))))
    assert summary(check("body-member-problem", selfish)) == [
        (
            "error",
            "bodies[steering].members[0].member",
            "body 'steering' is listed among its own members; name the bodies or"
            " organisations that take part in it",
        )
    ]


def test_a_member_twice_is_an_error_unless_the_periods_differ() -> None:
    twice = portfolio(
        bodies=(
            body("council"),
            _steering(Member(member="council"), Member(member="council")),
        )
    )
    assert [path for _, path, _ in summary(check("body-member-problem", twice))] == [
        "bodies[steering].members[1].member"
    ]
    again = portfolio(
        bodies=(
            body("council"),
            _steering(
                Member(member="council", period=Period.parse("2010", "2012")),
                Member(member="council", period=Period.parse("2018", None)),
            ),
        )
    )
    assert check("body-member-problem", again) == []


def test_a_successor_chain_that_loops_is_a_cycle() -> None:
    loop = portfolio(
        bodies=(
            body("council"),
            body("a", successor="b"),
            body("b", successor="a"),
        )
    )
    assert [path for _, path, _ in summary(check("reference-cycle", loop))] == [
        "bodies[a].successor"
    ]


def test_seats_must_be_at_least_one() -> None:
    with pytest.raises(FieldValueError, match="seats must be at least 1"):
        Member(member="council", seats=0)


def test_members_in_a_period_are_those_that_took_part_then() -> None:
    steering = _joint_portfolio().body("steering")
    assert steering is not None
    assert [m.member for m in steering.members_in(Period.year(2019))] == [
        "climate",
        "lilleby",
    ]
    assert [m.member for m in steering.members_in(Period.year(2024))] == [
        "climate",
        "partner-town",
    ]


def _changes(
    document: object, title: str = "Renamed, merged and joint bodies"
) -> Table:
    tables = [
        block
        for block in getattr(document, "blocks", ())
        if isinstance(block, Table) and block.title == title
    ]
    assert len(tables) == 1, document
    return tables[0]


def test_every_report_kind_lists_renamed_merged_and_joint_bodies() -> None:
    joint = _joint_portfolio()
    overview = _changes(build(joint, kind="overview", lang="en"))
    rows = {row[0]: row[1:] for row in overview.rows}
    assert rows["Climate committee"] == ("Technical committee (until 2021)", "", "")
    assert rows["Environment committee"] == ("", "Climate committee", "")
    assert rows["Steering group"][2] == (
        "Climate committee (chair, 2 seats); Partnerstadt (2 seats, from 2022);"
        " Lilleby Kommune (2018–2019)"
    )
    register = _changes(build(joint, kind="register", lang="en"))
    assert register.rows == overview.rows
    followup = _changes(
        build(joint, kind="followup", lang="da", period=2024),
        "Omdøbte, sammenlagte og fælles organer",
    )
    steering = {row[0]: row for row in followup.rows}["Steering group"]
    # The follow-up of 2024 lists the members of 2024, in Danish.
    assert steering[3] == (
        "Climate committee (chair, 2 pladser); Partnerstadt (2 pladser, fra 2022)"
    )
