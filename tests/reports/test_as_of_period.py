"""Every status and event in a report is as of the report's period and date.

A draft follow-up for 2015 reads statuses at the end of 2015 (a project
closed in 2016 was still under way); a follow-up for 2011 shows nothing
that happened in 2023, not even in a partnership's description.
"""

from __future__ import annotations

import re

import pytest

from munintl.hooks.manager import MunintlPluginManager
from munintl.model import Period
from munintl.reports.document import Figure, ListBlock
from reports.nordby import make_nordby
from reports.rendered import build, markdown, pdf, tables, texts


@pytest.fixture(autouse=True)
def _builtins(plugin_manager: MunintlPluginManager) -> None:
    """Build with the built-in plugins only."""


def summary_status(period: int, subject: str) -> str:
    document = build(make_nordby(), period=Period.year(period), body="udvalg")
    rows = tables(document)["Status of every subject covered"].rows
    return next(str(row[2]) for row in rows if row[0] == subject)


def test_project_closed_in_2016_is_under_way_in_the_2015_follow_up() -> None:
    assert summary_status(2015, "Green harbour") == "Implementation"
    assert summary_status(2016, "Green harbour") == "Closed"
    document = build(make_nordby(), period=Period.year(2015), body="udvalg")
    facts = [
        b.items
        for b in document.blocks
        if isinstance(b, ListBlock) and "**Period:** 2014–2016" in b.items
    ]
    assert facts == [
        (
            "**Kind:** Project",
            "**Status:** Implementation",
            "**Period:** 2014–2016",
            "**Partners:** none named",
        )
    ]
    for text in (
        markdown(make_nordby(), period=2015, body="udvalg"),
        pdf(make_nordby(), period=2015, body="udvalg"),
    ):
        assert re.search(r"Status: Implementation \W? ?Period: 2014–2016", text)
        assert re.search(r"Green harbour\W+Initiative\W+Implementation", text)
        assert not re.search(r"Closed \W? ?Period: 2014–2016", text)


def test_follow_up_for_2011_tells_nothing_of_2023() -> None:
    nordby = make_nordby()
    document = build(nordby, period=Period.year(2011), body="udvalg")
    assert "Twinning with Cork" in texts(document)
    assert not [t for t in texts(document) if "2023" in t]
    figure = next(b for b in document.blocks if isinstance(b, Figure))
    cork = next(row for row in figure.data.rows if row[0] == "Twinning with Cork")
    assert cork[3] == ""  # it had not ended then
    for text in (
        markdown(nordby, period=2011, body="udvalg"),
        pdf(nordby, period=2011, body="udvalg"),
    ):
        assert "Twinning with Cork" in text
        assert "2023" not in text
        assert "Nordby Municipality: Active; Cork: Active" in text


def test_follow_up_after_the_end_shows_it() -> None:
    document = build(make_nordby(), period=Period.year(2023), body="udvalg")
    found = texts(document)
    assert (
        "**Status at the end of the period:** Nordby Municipality: Ended; Cork: Ended"
        in found
    )
    assert "On 12 January 2023 the twinning with Cork ended." in found


def test_overview_for_a_past_period_shows_history_up_to_its_end() -> None:
    nordby = make_nordby()
    document = build(nordby, "overview", period=Period.year(2015))
    history = tables(document)["History: Twinning with Cork"]
    assert [row[1] for row in history.rows] == ["Signed"]
    assert "On 12 January 2023 the twinning with Cork ended." not in texts(document)
    theme = tables(document)["Initiatives: Climate"]
    harbour = next(row for row in theme.rows if row[0] == "Green harbour")
    assert harbour[2] == "Implementation"
    for text in (
        markdown(nordby, kind="overview", period=2015),
        pdf(nordby, kind="overview", period=2015),
    ):
        assert "Ended" not in text
        assert "2023" not in text


def test_overview_today_shows_the_whole_history() -> None:
    document = build(make_nordby(), "overview")
    history = tables(document)["History: Twinning with Cork"]
    assert [row[1] for row in history.rows] == ["Signed", "Ended"]


def test_submitted_follow_up_reads_statuses_at_its_period_end() -> None:
    # Submitted on 1 February 2016: read as of 31 December 2015, every time.
    document = build(make_nordby(), followup="opf-2015")
    rows = tables(document)["Status of every subject covered"].rows
    harbour = next(row for row in rows if row[0] == "Green harbour")
    assert harbour[2] == "Implementation"
