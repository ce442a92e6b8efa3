"""What is not known stays unknown in reports: no default status, role or period.

"School links" has neither period nor status, and its partner no role.
Reports say so ("not given"), and a report on a period lists it under
"Period not given" instead of taking it as active in every year.
"""

from __future__ import annotations

import re

import pytest

from munintl.hooks.manager import MunintlPluginManager
from munintl.model import Period
from munintl.reports.document import Heading, ListBlock
from reports.nordby import make_nordby
from reports.rendered import build, markdown, pdf, tables, texts


@pytest.fixture(autouse=True)
def _builtins(plugin_manager: MunintlPluginManager) -> None:
    """Build with the built-in plugins only."""


def test_overview_says_status_period_and_role_are_not_given() -> None:
    nordby = make_nordby()
    culture = tables(build(nordby, "overview"))["Initiatives: Culture"]
    row = next(r for r in culture.rows if r[0] == "School links")
    assert row[2:4] == ("not given", "not given")
    assert row[5] == "Aarhus (role not given)"
    for text in (markdown(nordby, kind="overview"), pdf(nordby, kind="overview")):
        assert re.search(r"School links\W+Project\W+not given\W+not given", text)
        assert "Aarhus (role not given)" in text
        assert "Implementing" not in text
        assert not re.search(r"School links\W+Project\W+Implementation", text)


def test_danish_says_not_given_in_danish() -> None:
    culture = tables(build(make_nordby(), "overview", language="da"))
    row = next(r for r in culture["Indsatser: Culture"].rows if r[0] == "School links")
    assert row[2:4] == ("ikke oplyst", "ikke oplyst")
    assert row[5] == "Aarhus (rolle ikke oplyst)"


def test_follow_up_lists_an_undated_initiative_apart() -> None:
    nordby = make_nordby()
    document = build(nordby, period=Period.year(2015), body="udvalg")
    summary = tables(document)["Status of every subject covered"]
    assert "School links" not in [row[0] for row in summary.rows]
    blocks = list(document.blocks)
    start = blocks.index(Heading(text="Period not given", level=2))
    assert blocks[start + 2] == ListBlock(items=("School links (Project)",))
    assert "School links" not in [b.text for b in blocks if isinstance(b, Heading)]
    for text in (
        markdown(nordby, period=2015, body="udvalg"),
        pdf(nordby, period=2015, body="udvalg"),
    ):
        assert "Period not given" in text
        assert "not known whether they were under way in 2015" in text
        assert "School links (Project)" in text


def test_initiative_with_an_update_is_covered_without_a_period() -> None:
    import attrs

    from munintl.model import StatusUpdate, SubjectRef

    nordby = make_nordby()
    followup = attrs.evolve(
        nordby.followups[0],
        updates=(StatusUpdate(subject=SubjectRef("initiative", "skole")),),
    )
    document = build(attrs.evolve(nordby, followups=(followup,)), followup="opf-2015")
    summary = tables(document)["Status of every subject covered"]
    row = next(r for r in summary.rows if r[0] == "School links")
    assert row[2] == "not given"
    assert "**Period:** not given" in texts(document)


def test_overview_for_a_period_tables_undated_initiatives_apart() -> None:
    nordby = make_nordby()
    document = build(nordby, "overview", period=Period.year(2015))
    found = tables(document)
    dated = [
        r[0]
        for title, t in found.items()
        if title.startswith("Initiatives:")
        for r in t.rows
    ]
    assert "Green harbour" in dated
    assert "School links" not in dated
    undated = found["Initiatives whose period is not given"]
    assert [r[0] for r in undated.rows] == ["School links"]
    assert "Initiatives whose period is not given" in pdf(
        nordby, kind="overview", period=2015
    )


def test_register_for_a_period_names_undated_initiatives_below_the_table() -> None:
    nordby = make_nordby()
    document = build(nordby, "register", period=Period.year(2015))
    register = tables(document)["Register"]
    assert "skole" not in [row[1] for row in register.rows]
    assert ListBlock(items=("School links",)) in document.blocks
    harbour = next(row for row in register.rows if row[1] == "havn")
    assert harbour[5] == "Implementation"
    assert "School links" in markdown(nordby, kind="register", period=2015)
