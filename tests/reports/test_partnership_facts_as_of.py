"""A partnership's "Since" and status in reports: as of the report's date.

"Since" is when the relationship was established (the first event that made
a party active), not the first event of any kind; the status says "expired"
once the agreement's ``expires`` date has passed without a renewal.
"""

from __future__ import annotations

import re

import attrs
import pytest

from munintl.hooks.manager import MunintlPluginManager
from munintl.model import Period, Portfolio
from munintl.reports.document import ListBlock, ReportDocument
from reports.nordby import event, make_nordby
from reports.rendered import build, markdown, pdf


@pytest.fixture(autouse=True)
def _builtins(plugin_manager: MunintlPluginManager) -> None:
    """Build with the built-in plugins only."""


def facts(document: ReportDocument, title: str) -> tuple[str, ...]:
    """The facts list of the partnership section titled ``title``, unmarked.

    Names shown in another language than the report's are in language
    spans; these tests read the words around them.
    """
    blocks = list(document.blocks)
    start = next(i for i, b in enumerate(blocks) if getattr(b, "text", None) == title)
    items = next(b for b in blocks[start:] if isinstance(b, ListBlock)).items
    return tuple(re.sub(r'<span lang="[^"]+">|</span>', "", item) for item in items)


def with_bergen_events(portfolio: Portfolio, *events: object) -> Portfolio:
    partnerships = [
        attrs.evolve(p, events=(*p.events, *events)) if p.id == "bergen" else p
        for p in portfolio.partnerships
    ]
    return attrs.evolve(portfolio, partnerships=partnerships)


# -- since ----------------------------------------------------------------------


def test_since_is_the_signature_not_the_proposal() -> None:
    nordby = make_nordby()
    document = build(nordby, "overview")
    assert "**Since:** 2013" in facts(document, "Twinning with Aarhus")
    assert "Twinning with Aarhus" in markdown(nordby, kind="overview")
    assert "Since: 2013" in markdown(nordby, kind="overview")
    assert "Since: 2010" not in markdown(nordby, kind="overview")
    assert "Since: 2013" in pdf(nordby, kind="overview")


def test_since_before_the_signature_says_not_established() -> None:
    nordby = make_nordby()
    document = build(nordby, period=Period.year(2012), body="udvalg")
    items = facts(document, "Twinning with Aarhus")
    assert "**Since:** not established" in items
    assert any(
        item.endswith("Nordby Municipality: Proposed; Aarhus: Proposed")
        for item in items
    )
    text = markdown(nordby, period=2012, body="udvalg")
    assert "Since: not established" in text
    assert "Since: not established" in pdf(nordby, period=2012, body="udvalg")


def test_since_differs_per_party_when_they_joined_apart() -> None:
    nordby = make_nordby()
    aarhus = attrs.evolve(
        nordby.partnership("aarhus"),
        events=(
            event("signed", "2013", party="nordby"),
            event("signed", "2014", party="aarhus"),
        ),
    )
    portfolio = attrs.evolve(
        nordby,
        partnerships=[aarhus if p.id == "aarhus" else p for p in nordby.partnerships],
    )
    items = facts(build(portfolio, "overview"), "Twinning with Aarhus")
    assert "**Since:** Nordby Municipality: 2013; Aarhus: 2014" in items


# -- expiry ---------------------------------------------------------------------


def test_agreement_past_its_expiry_reads_expired() -> None:
    nordby = make_nordby()
    before = facts(
        build(nordby, "overview", period=Period.year(2018)), "Twinning with Bergen"
    )
    assert any(
        i.endswith("Nordby Municipality: Active; Bergen: Active") for i in before
    )
    after = facts(
        build(nordby, "overview", period=Period.year(2021)), "Twinning with Bergen"
    )
    assert any(
        i.endswith("Nordby Municipality: Expired; Bergen: Expired") for i in after
    )
    assert "**Expires:** 2019" in after
    for text in (
        markdown(nordby, kind="overview", period=2021),
        pdf(nordby, kind="overview", period=2021),
    ):
        assert "Nordby Municipality: Expired; Bergen: Expired" in text
        assert "Nordby Municipality: Active; Bergen: Active" not in text


def test_agreement_renewed_after_its_expiry_reads_renewed() -> None:
    renewed = with_bergen_events(make_nordby(), event("renewed", "2020"))
    items = facts(
        build(renewed, "overview", period=Period.year(2021)), "Twinning with Bergen"
    )
    assert any(
        i.endswith("Nordby Municipality: Renewed; Bergen: Renewed") for i in items
    )
    assert "Nordby Municipality: Renewed; Bergen: Renewed" in pdf(
        renewed, kind="overview", period=2021
    )


def test_follow_up_reads_expiry_at_the_end_of_its_period() -> None:
    nordby = make_nordby()
    document = build(nordby, period=Period.year(2020), body="udvalg")
    items = facts(document, "Twinning with Bergen")
    assert (
        "**Status at the end of the period:** Nordby Municipality: Expired;"
        " Bergen: Expired"
    ) in items
    text = markdown(nordby, period=2020, body="udvalg")
    assert "Status at the end of the period: Nordby Municipality: Expired" in text


def test_danish_and_german_say_expired_in_their_words() -> None:
    nordby = make_nordby()
    danish = facts(
        build(nordby, "overview", period=Period.year(2021), language="da"),
        "Twinning with Bergen",
    )
    assert any(i.endswith("Bergen: Udløbet") for i in danish)
    german = facts(
        build(nordby, "overview", period=Period.year(2021), language="de"),
        "Twinning with Bergen",
    )
    assert any(i.endswith("Bergen: Abgelaufen") for i in german)
