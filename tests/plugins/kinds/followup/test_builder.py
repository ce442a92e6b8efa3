"""The followup report kind, tested on the document it builds."""

from __future__ import annotations

import datetime as dt
import re
from decimal import Decimal
from pathlib import Path
from typing import Any

import attrs
import pytest

import munintl
from munintl.errors import ReportError
from munintl.hooks.manager import MunintlPluginManager, get_plugin_manager
from munintl.model import (
    Body,
    FollowUp,
    FundingLine,
    Initiative,
    Organisation,
    PartialDate,
    Participation,
    Partnership,
    PartnershipEvent,
    Party,
    Period,
    Portfolio,
    StatusUpdate,
    SubjectRef,
)
from munintl.model.markdown import plain_text
from munintl.plugins.kinds.followup.builder import FollowUpBuilder
from munintl.reports.document import (
    Facts,
    Figure,
    Heading,
    ListBlock,
    Paragraph,
    ReportDocument,
    Table,
)
from munintl.reports.request import ReportRequest
from reports.lilleby import T, make_lilleby, money

EXAMPLE = Path(__file__).resolve().parents[4] / "examples" / "skanderborg"


@pytest.fixture(autouse=True)
def _builtins(plugin_manager: MunintlPluginManager) -> None:
    """Build with the built-in codelists only."""


def build(portfolio: Portfolio, **request: Any) -> ReportDocument:
    request.setdefault("language", "en")
    return FollowUpBuilder().build(
        portfolio, ReportRequest(**request, codelists=get_plugin_manager().codelists())
    )


def texts(document: ReportDocument) -> list[str]:
    """Every text in the document, in order, without its language spans."""
    out: list[str] = []
    for block in document.blocks:
        if isinstance(block, Heading | Paragraph):
            out.append(block.text)
        elif isinstance(block, ListBlock):
            out.extend(block.items)
        elif isinstance(block, Table):
            out.append(block.title)
            out.extend(str(c) for row in block.rows for c in row if c is not None)
        elif isinstance(block, Figure):
            out += [block.title, block.alt]
            out.extend(str(c) for row in block.data.rows for c in row)
    return [re.sub(r'<span lang="[^"]+">|</span>', "", text) for text in out]


def section(document: ReportDocument, heading: str) -> list[Any]:
    """The blocks under the heading ``heading`` up to the next of its level or above."""
    blocks = list(document.blocks)
    start = next(
        i for i, b in enumerate(blocks) if isinstance(b, Heading) and b.text == heading
    )
    level = blocks[start].level
    out = []
    for block in blocks[start + 1 :]:
        if isinstance(block, Heading) and block.level <= level:
            break
        out.append(block)
    return out


def table(document: ReportDocument, title: str) -> Table:
    for block in document.blocks:
        if isinstance(block, Table) and block.title == title:
            return block
        if isinstance(block, Figure) and block.data.title == title:
            return block.data
    raise AssertionError(f"no table {title!r}")


def lists(blocks: list[Any]) -> list[ListBlock]:
    return [b for b in blocks if isinstance(b, ListBlock)]


def headings(document: ReportDocument) -> list[tuple[int, str]]:
    return [(b.level, b.text) for b in document.blocks if isinstance(b, Heading)]


# -- a submitted follow-up -------------------------------------------------------


def test_submitted_followup_builds_the_same_document_every_time(
    lilleby: Portfolio,
) -> None:
    first = build(lilleby, followup="kultur-2023")
    second = build(lilleby, followup="kultur-2023")
    assert first == second
    assert first.metadata.generated_at == dt.datetime(2024, 2, 15, tzinfo=dt.UTC)


def test_metadata_names_case_body_period_and_language(lilleby: Portfolio) -> None:
    metadata = build(lilleby, followup="kultur-2023").metadata
    assert metadata.title == "Follow-up 2023"
    assert metadata.kind == "followup"
    assert metadata.language == "en"
    assert metadata.municipality == "Lilleby Municipality"
    assert metadata.body == "Culture Committee"
    assert metadata.period == "2023"
    assert (
        metadata.case_reference == "case 23/1234, meeting March 5, 2024, agenda item 7"
    )


def facts_of(document: ReportDocument) -> Facts:
    """The header block of an agenda item (the block after the title)."""
    block = document.blocks[1]
    assert isinstance(block, Facts)
    return block


def test_document_is_an_agenda_item_with_header_block_and_sections(
    lilleby: Portfolio,
) -> None:
    followup = attrs.evolve(lilleby.followups[0], decisions=())
    portfolio = attrs.evolve(lilleby, followups=(followup, *lilleby.followups[1:]))
    document = build(portfolio, followup="kultur-2023")
    order = [(level, text) for level, text in headings(document)]
    assert [text for level, text in order if level <= 2][:6] == [
        "Follow-up 2023",
        "Recommendation",
        "Background",
        "Case description",
        "Financial implications",
        "Annexes",
    ]
    header = facts_of(document)
    # Submitted, not yet decided: the proposal before the meeting.
    assert header.title == "Agenda item"
    assert header.items[:5] == (
        ("Municipality", "Lilleby Municipality"),
        ("Committee", "Culture Committee"),
        ("Meeting date", "March 5, 2024"),
        ("Case number", "23/1234"),
        ("Item number", "7"),
    )
    assert ("Case type", "For decision") in header.items
    assert ("Prepared by", "The secretariat") in header.items
    recommendation = section(document, "Recommendation")
    assert recommendation[:2] == [
        Paragraph(text="The administration (The secretariat) recommends that"),
        ListBlock(items=("The briefing is noted.",), ordered=True),
    ]
    assert section(document, "Case description")[0] == Paragraph(text="A good year.")
    assert "We learn from the world." in " ".join(
        texts(attrs.evolve(document, blocks=section(document, "Background")))
    )
    # The detail per theme and subject is an annex, on a page of its own.
    annex = next(b for b in document.blocks if isinstance(b, Heading) and b.new_page)
    assert annex == Heading(
        text="Annex 1: Status per theme and subject", level=1, new_page=True
    )
    assert section(document, "Annexes") == [
        ListBlock(
            items=(
                "Annex 1: Status per theme and subject",
                "Annex 2: Initiatives and partnerships over time",
            )
        )
    ]
    # Before the meeting there is no decision.
    assert "Decision" not in [text for _level, text in order]
    assert document.metadata.case_number == "23/1234"


def test_record_after_the_meeting_reads_as_minutes_with_the_decision(
    lilleby: Portfolio,
) -> None:
    followup = attrs.evolve(lilleby.followups[0], state="noted")
    portfolio = attrs.evolve(lilleby, followups=(followup, *lilleby.followups[1:]))
    # Submitted and no decision recorded yet: the proposal.
    submitted = attrs.evolve(lilleby.followups[0], decisions=())
    proposal = build(
        attrs.evolve(lilleby, followups=(submitted, *lilleby.followups[1:])),
        followup="kultur-2023",
    )
    record = build(portfolio, followup="kultur-2023")
    assert facts_of(record).title == "Minutes"
    assert ("State", "Noted") in facts_of(record).items
    assert section(record, "Decision") == [
        Paragraph(text="**Culture Committee, March 5, 2024:** Noted"),
        Paragraph(text="Noted."),
        Paragraph(text="**Concerns:** Friendship festival (VF)"),
    ]
    # The decision comes after the annex list, before the annexes.
    levels = headings(record)
    assert levels.index((2, "Decision")) == levels.index((2, "Annexes")) + 1
    assert facts_of(proposal).title == "Agenda item"


def test_case_type_follows_the_case_or_the_decisions_requested(
    lilleby: Portfolio,
) -> None:
    followup = lilleby.followups[0]
    assert followup.case is not None
    for case, requested, expected in (
        (followup.case, followup.decisions_requested, "For decision"),
        (followup.case, (), "For information"),
        (
            attrs.evolve(followup.case, purpose="information"),
            followup.decisions_requested,
            "For information",
        ),
        (attrs.evolve(followup.case, purpose="decision"), (), "For decision"),
    ):
        changed = attrs.evolve(followup, case=case, decisions_requested=requested)
        portfolio = attrs.evolve(lilleby, followups=(changed,))
        header = facts_of(build(portfolio, followup="kultur-2023"))
        assert ("Case type", expected) in header.items


def test_agenda_item_labels_are_translated(lilleby: Portfolio) -> None:
    for lang, expected in (
        ("da", ["Indstilling", "Baggrund", "Sagsfremstilling", "Økonomi", "Bilag"]),
        (
            "de",
            [
                "Beschlussvorschlag",
                "Hintergrund",
                "Sachverhalt",
                "Finanzielle Auswirkungen",
                "Anlagen",
            ],
        ),
    ):
        document = build(lilleby, followup="kultur-2023", language=lang)
        assert [t for level, t in headings(document) if level == 2][:5] == expected
    header = facts_of(build(lilleby, followup="kultur-2023", language="da"))
    assert [name for name, _value in header.items][:6] == [
        "Kommune",
        "Udvalg",
        "Mødedato",
        "Sagsnummer",
        "Punkt nr.",
        "Sagstype",
    ]


def test_theme_section_has_goals_update_and_initiatives(lilleby: Portfolio) -> None:
    document = build(lilleby, followup="kultur-2023")
    assert (2, "Policy area: Culture and leisure") in headings(document)
    blocks = section(document, "Policy area: Culture and leisure")
    content = [getattr(b, "text", None) or getattr(b, "items", None) for b in blocks]
    assert ("More exchanges between associations.",) in content
    assert "**Achievements:** Many activities." in content
    assert ("**Progress:** On track",) in content
    nested = [h for h in headings(document) if h[0] == 3]
    assert (3, "Goal: More exchanges between associations.") in nested
    assert (3, "Friendship festival (VF)") in nested
    assert (3, "Staff exchange") in nested


def test_update_shows_status_progress_achievements_deviations_next_steps(
    lilleby: Portfolio,
) -> None:
    blocks = section(build(lilleby, followup="kultur-2023"), "Friendship festival (VF)")
    update = blocks[
        [getattr(b, "text", "") for b in blocks].index("**Status update**") :
    ]
    assert update[1] == ListBlock(
        items=("**Status:** Implementation", "**Progress:** On track")
    )
    assert update[2] == Paragraph(text="**Achievements:**")
    assert update[3] == Paragraph(text="The festival took place.")
    assert update[4] == ListBlock(items=("3,000 guests", "40 volunteers"))
    # Only Danish: shown in the fallback language and marked so.
    assert update[5] == Paragraph(
        text='**Deviations:** <span lang="da">Regn.</span>', style="fallback"
    )
    assert update[6] == Paragraph(text="**Next steps:** A new festival in 2024.")


def test_active_subject_without_update_is_listed_not_dropped(
    lilleby: Portfolio,
) -> None:
    document = build(lilleby, followup="kultur-2023")
    blocks = section(document, "Staff exchange")
    assert Paragraph(text="No update received.", style="note") in blocks
    summary = table(document, "Status of every subject covered")
    row = next(r for r in summary.rows if r[0] == "Staff exchange")
    assert row == (
        "Staff exchange",
        "Initiative",
        "Pipeline",
        "",
        "No update received.",
    )


def test_subject_not_active_in_the_period_is_left_out(lilleby: Portfolio) -> None:
    all_text = " ".join(texts(build(lilleby, followup="kultur-2023")))
    assert "Old project" not in all_text  # 2015-2016
    assert "Twinning with Fjernby" not in all_text  # ended 2010


def test_internal_items_stay_out_unless_asked_for(lilleby: Portfolio) -> None:
    public = " ".join(texts(build(lilleby, followup="kultur-2023")))
    assert "Secret project" not in public
    assert "Hemmelige fremskridt" not in public
    assert "Hemmelig partner" not in public
    internal = build(lilleby, followup="kultur-2023", include_internal=True)
    blocks = section(internal, "Secret project")
    assert ListBlock(items=("**Progress:** Delayed",)) in blocks
    assert "Hemmelig partner (partner)" in " ".join(texts(internal))


def test_internal_followup_needs_include_internal(lilleby: Portfolio) -> None:
    followup = attrs.evolve(lilleby.followups[1], visibility="internal")
    portfolio = attrs.evolve(lilleby, followups=(lilleby.followups[0], followup))
    with pytest.raises(ReportError, match="internal"):
        build(portfolio, followup="teknik-2023")
    assert build(portfolio, followup="teknik-2023", include_internal=True)


def test_illustrative_update_is_marked_where_it_stands(lilleby: Portfolio) -> None:
    document = build(lilleby, followup="kultur-2023")
    blocks = section(document, "Goal: More exchanges between associations.")
    assert (
        Paragraph(text="**Achievements:** Two exchanges.", style="illustrative")
        in blocks
    )
    notes = [b for b in document.blocks[:4] if isinstance(b, Paragraph)]
    assert any(b.style == "illustrative" and "sample data" in b.text for b in notes)


def test_illustrative_followup_is_marked_as_a_whole(lilleby: Portfolio) -> None:
    followup = attrs.evolve(lilleby.followups[1], illustrative=True)
    portfolio = attrs.evolve(lilleby, followups=(followup,))
    document = build(portfolio, followup="teknik-2023")
    assert document.blocks[2] == Paragraph(
        text="This follow-up is illustrative sample data, not fact.",
        style="illustrative",
    )


def test_funding_totals_are_per_currency_and_never_mixed(lilleby: Portfolio) -> None:
    document = build(lilleby, followup="kultur-2023")
    facts, lines = lists(section(document, "Friendship festival (VF)"))[:2]
    assert "**Funding:** DKK\xa0250,000.50; €20,000.00; SEK\xa050,000.00" in facts.items
    assert (
        lines.items[0] == "€20,000.00 (European Commission, Creative Europe, phase 1)"
    )
    funding = table(document, "Funding of the initiatives covered")
    assert funding.rows == (
        ("DKK", 1, Decimal("250000.50"), "DKK\xa0250,000.50"),
        ("EUR", 1, Decimal("20000"), "€20,000.00"),
        ("SEK", 1, Decimal("50000"), "SEK\xa050,000.00"),
    )


def test_partnership_events_in_the_period_are_listed(lilleby: Portfolio) -> None:
    document = build(lilleby, followup="kultur-2023")
    blocks = section(document, "Twinning with Partnerstadt")
    assert Paragraph(text="**Events in 2023**") in blocks
    assert (
        ListBlock(
            items=(
                "October 6, 2023: Re-signed, decided by City Council,"
                " Byrådet 2023-09-27, pkt. 4",
            )
        )
        in blocks
    )
    facts = next(b for b in blocks if isinstance(b, ListBlock))
    assert "**Since:** 1993" in facts.items
    assert (
        # The partner's name is Danish only: it says so in the English report.
        "**Status at the end of the period:** Lilleby Municipality: Active;"
        ' <span lang="da">Partnerstadt</span>: Active' in facts.items
    )


def test_timeline_figure_has_alt_text_and_a_data_table(lilleby: Portfolio) -> None:
    document = build(lilleby, followup="kultur-2023")
    figure = next(b for b in document.blocks if isinstance(b, Figure))
    assert figure.timeline is not None
    assert figure.alt.startswith("Timeline from ")
    assert (
        "Friendship festival (VF)",
        "Policy area: Culture and leisure",
        "2022",
        "2024",
    ) in (figure.data.rows)
    labels = {bar.label for bar in figure.timeline.bars}
    assert labels == {
        "Friendship festival (VF)",
        "Staff exchange",
        "Twinning with Partnerstadt",
    }
    partnership = next(b for b in figure.timeline.bars if b.group == "Partnerships")
    # Started in 1993; drawn from at most five years before the period.
    assert partnership.start == dt.date(2018, 1, 1)
    assert partnership.end is None
    assert [e.date for e in figure.timeline.events] == [dt.date(2023, 10, 6)]


# -- the draft and the empty follow-up ---------------------------------------------


def test_draft_for_a_period_and_body_covers_what_the_body_answers_for(
    lilleby: Portfolio,
) -> None:
    document = build(lilleby, period=Period.year(2023), body="teknik-udvalg")
    moment = document.metadata.generated_at
    assert moment is not None
    # A draft is dated by the day it is made as of (today), at midnight UTC.
    assert moment.time() == dt.time()
    assert abs((moment.date() - dt.date.today()).days) <= 1
    assert document.metadata.title == (
        "Follow-up on international work 2023: Teknikudvalget (draft)"
    )
    assert facts_of(document).items[:2] == (
        ("Municipality", "Lilleby Municipality"),
        ("Committee", "Teknikudvalget"),
    )
    assert document.blocks[2].style == "note"
    assert [h for h in headings(document) if h[0] == 2][:5] == [
        (2, "Background"),
        (2, "Case description"),
        (2, "Financial implications"),
        (2, "Annexes"),
        (2, "Texts in another language"),
    ]
    assert (2, "Climate") in headings(document)
    assert (2, "Energy") in headings(document)
    assert (3, "Vindprojekt") in headings(document)
    all_text = " ".join(texts(document))
    assert "Friendship festival" not in all_text
    # Two themes and the project, in their sections and in the summary table.
    assert all_text.count("No update received.") == 6


def test_draft_without_body_covers_everything_active(lilleby: Portfolio) -> None:
    document = build(lilleby, period=Period.year(2023))
    summary = table(document, "Status of every subject covered")
    assert [row[0] for row in summary.rows] == [
        "Policy area: Culture and leisure",
        "Climate",
        "Energy",
        "Friendship festival (VF)",
        "Staff exchange",
        "Vindprojekt",
        "Twinning with Partnerstadt",
    ]
    assert {row[4] for row in summary.rows} == {"No update received."}


def test_empty_followup_lists_every_active_subject_as_without_update(
    lilleby: Portfolio,
) -> None:
    document = build(lilleby, followup="teknik-2023")
    assert document.metadata.title == (
        "Follow-up on international work 2023: Teknikudvalget"
    )
    assert "Summary" not in [text for _level, text in headings(document)]
    summary = table(document, "Status of every subject covered")
    assert [(row[0], row[4]) for row in summary.rows] == [
        ("Climate", "No update received."),
        ("Energy", "No update received."),
        ("Vindprojekt", "No update received."),
    ]


def test_followup_with_nothing_to_cover_still_builds(lilleby: Portfolio) -> None:
    portfolio = attrs.evolve(
        lilleby,
        initiatives=(),
        partnerships=(),
        strategies=(),
        followups=(FollowUp(id="tom", period=Period.year(2023), addressee="byraad"),),
    )
    document = build(portfolio, followup="tom")
    summary = table(document, "Status of every subject covered")
    assert summary.rows == ()
    assert not any(isinstance(b, Figure) for b in document.blocks)


# -- mistakes --------------------------------------------------------------------


def test_unknown_followup_names_the_known_ones(lilleby: Portfolio) -> None:
    with pytest.raises(
        ReportError, match=r"no follow-up 'x'.*kultur-2023, teknik-2023"
    ):
        build(lilleby, followup="x")


def test_unknown_body_names_the_known_ones(lilleby: Portfolio) -> None:
    with pytest.raises(ReportError, match=r"no body 'x'.*byraad"):
        build(lilleby, period=Period.year(2023), body="x")


def test_followup_and_period_together_are_refused(lilleby: Portfolio) -> None:
    with pytest.raises(ReportError, match="not both"):
        build(lilleby, followup="kultur-2023", period=Period.year(2023))


def test_neither_followup_nor_period_is_refused(lilleby: Portfolio) -> None:
    with pytest.raises(ReportError, match="needs a follow-up"):
        build(lilleby)


def test_body_other_than_the_addressee_is_refused(lilleby: Portfolio) -> None:
    with pytest.raises(ReportError, match="addressed to 'kultur-udvalg'"):
        build(lilleby, followup="kultur-2023", body="teknik-udvalg")


def test_unknown_language_is_refused(lilleby: Portfolio) -> None:
    with pytest.raises(ReportError, match="not a language"):
        build(lilleby, followup="kultur-2023", language="xx-notalanguage")


# -- language --------------------------------------------------------------------


def test_dates_and_amounts_follow_the_report_language(lilleby: Portfolio) -> None:
    danish = build(lilleby, followup="kultur-2023", language="da")
    assert danish.metadata.case_reference is not None
    assert "5. marts 2024" in danish.metadata.case_reference
    facts = lists(section(danish, "Venskabsfestival (VF)"))[0]
    assert any("250.000,50\xa0kr." in item for item in facts.items)
    german = build(lilleby, followup="kultur-2023", language="de", fallback=("en",))
    assert "5. März 2024" in (german.metadata.case_reference or "")
    assert "Friendship festival (VF)" in [t for _l, t in headings(german)]


def test_texts_in_a_fallback_language_are_listed(lilleby: Portfolio) -> None:
    document = build(lilleby, followup="kultur-2023")
    notice = next(
        b for b in document.blocks if isinstance(b, Paragraph) and b.style == "fallback"
    )
    assert "not available in English and are shown in Danish" in notice.text
    fallbacks = table(document, "Texts shown in another language")
    assert ("Friendship festival (VF)", "Deviations", "Danish") in fallbacks.rows
    assert ("Vindprojekt", "Title", "Danish") not in fallbacks.rows  # not covered
    assert ("Teknikudvalget", "Name", "Danish") not in fallbacks.rows
    # Listed at the end of the agenda item, before its annexes.
    levels = headings(document)
    annex = next(i for i, (level, _text) in enumerate(levels) if level == 1 and i)
    assert levels[annex - 1] == (2, "Texts in another language")


def test_fallback_chain_is_followed_in_order(lilleby: Portfolio) -> None:
    festival = attrs.evolve(
        lilleby.initiative("festival"),
        summary=T(da="dansk", de="deutsch"),
    )
    portfolio = attrs.evolve(
        lilleby,
        initiatives=[festival, *(i for i in lilleby.initiatives if i.id != "festival")],
    )
    document = build(portfolio, followup="kultur-2023", language="en", fallback=("de",))
    blocks = section(document, "Friendship festival (VF)")
    assert blocks[0] == Paragraph(
        text='<span lang="de">deutsch</span>', style="fallback"
    )


# -- scale and hostile input -------------------------------------------------------


def big_portfolio(towns: int, initiatives: int) -> Portfolio:
    lilleby = make_lilleby()
    organisations = [
        Organisation(
            id=f"by-{n}", name=T(da=f"By {n}"), type="municipality", country="DE"
        )
        for n in range(towns)
    ]
    partnerships = [
        Partnership(
            id=f"venskab-{n}",
            kind="twinning",
            title=T(da=f"Venskab {n}", en=f"Twinning {n}"),
            parties=(Party(party="lilleby"), Party(party=f"by-{n}")),
            areas=("kultur",),
            events=(PartnershipEvent(kind="signed", date=PartialDate(year=1960 + n)),),
        )
        for n in range(towns)
    ]
    projects = [
        Initiative(
            id=f"projekt-{n:03d}",
            title=T(da=f"Projekt {n}", en=f"Project {n}"),
            kind="project",
            period=Period.parse(str(2019 + n % 5), str(2023 + n % 3)),
            themes=("kultur",),
            participations=(Participation(organisation=f"by-{n % towns}"),),
            funding=(
                FundingLine(amount=money(str(1000 + n), ("DKK", "EUR", "SEK")[n % 3])),
            ),
        )
        for n in range(initiatives)
    ]
    return attrs.evolve(
        lilleby,
        organisations=[*lilleby.organisations, *organisations],
        partnerships=partnerships,
        initiatives=projects,
        followups=(
            FollowUp(id="stor", period=Period.year(2023), addressee="kultur-udvalg"),
        ),
    )


def test_thirty_five_twin_towns_and_three_hundred_initiatives() -> None:
    portfolio = big_portfolio(towns=35, initiatives=300)
    document = build(portfolio, followup="stor")
    summary = table(document, "Status of every subject covered")
    kinds = [row[1] for row in summary.rows]
    active = sum(1 for i in portfolio.initiatives if i.is_active_in(Period.year(2023)))
    assert active == 300
    assert kinds.count("Initiative") == 300
    assert kinds.count("Partnership") == 35
    funding = table(document, "Funding of the initiatives covered")
    assert [row[:2] for row in funding.rows] == [
        ("DKK", 100),
        ("EUR", 100),
        ("SEK", 100),
    ]
    expected = sum(1000 + n for n in range(0, 300, 3))
    assert funding.rows[0][2] == Decimal(expected)
    figure = next(b for b in document.blocks if isinstance(b, Figure))
    assert figure.timeline is not None
    # Too many to draw one by one: counted per group, every item in the data.
    assert figure.timeline.bars == ()
    assert sum(c.total for c in figure.timeline.counts) == 335
    assert len(figure.data.rows) == 335


HOSTILE = "<script>alert(1)</script> =cmd|' /C calc'!A0"


def test_hostile_text_is_carried_verbatim_for_formats_to_escape(
    lilleby: Portfolio,
) -> None:
    festival = attrs.evolve(
        lilleby.initiative("festival"),
        title=T(da=HOSTILE, en=HOSTILE),
        summary=T(en=HOSTILE),
        acronym=None,
    )
    body = Body(id="ondt", name=T(en='=HYPERLINK("http://x")'), type="committee")
    followup = attrs.evolve(
        lilleby.followups[0],
        summary=T(en=HOSTILE),
        updates=(
            StatusUpdate(
                subject=SubjectRef("initiative", "festival"),
                achievements=T(en=HOSTILE),
                next_steps=T(en="@SUM(1+1)"),
            ),
        ),
        prepared_by=("ondt",),
    )
    portfolio = attrs.evolve(
        lilleby,
        bodies=[*lilleby.bodies, body],
        initiatives=[festival, *(i for i in lilleby.initiatives if i.id != "festival")],
        followups=(followup,),
    )
    document = build(portfolio, followup="kultur-2023")
    # Paragraphs and list items are Markdown: they read back as the text given.
    everything = [plain_text(text) for text in texts(document)]
    assert HOSTILE in everything
    assert f"Achievements: {HOSTILE}" in everything
    assert "Next steps: @SUM(1+1)" in everything
    assert ("Prepared by", '=HYPERLINK("http://x")') in facts_of(document).items
    assert (HOSTILE, "Initiative", "Implementation", "", "received") in table(
        document, "Status of every subject covered"
    ).rows


# -- the Skanderborg example ---------------------------------------------------------


def test_skanderborg_followup_2011() -> None:
    portfolio = munintl.load(EXAMPLE)
    (followup,) = portfolio.followups
    document = build(portfolio, followup=followup.id, language="en", fallback=("da",))
    assert document.metadata.generated_at == dt.datetime(2012, 2, 1, tzinfo=dt.UTC)
    # The committee is the example's illustration, and says so wherever named.
    assert document.metadata.body == "Finance Committee (illustrative)"
    header = facts_of(document)
    # Noted by the committee: the record after the meeting, for information.
    assert header.title == "Minutes"
    assert ("Case type", "For information") in header.items
    assert section(document, "Recommendation")[0] == Paragraph(
        text="The administration (Specialist secretariats and staff units)"
        " recommends that"
    )
    assert (2, "Decision") in headings(document)
    assert document.blocks[2] == Paragraph(
        text="This follow-up is illustrative sample data, not fact.",
        style="illustrative",
    )
    summary = table(document, "Status of every subject covered")
    updates = {row[0]: row[4] for row in summary.rows}
    assert updates["Active Travel Network"] == "received"
    assert updates["Twinning between Skanderborg and Eisenach"] == "received"
    # In the committee's policy area without an update, but with no period
    # given: listed apart, not as active in 2011.
    assert "No update received." not in updates.values()
    assert (2, "Period not given") in headings(document)
    assert document == build(
        portfolio, followup=followup.id, language="en", fallback=("da",)
    )


def test_theme_update_for_theme_outside_the_bodys_area_is_still_shown(
    lilleby: Portfolio,
) -> None:
    followup = attrs.evolve(
        lilleby.followups[1],
        updates=(
            StatusUpdate(subject=SubjectRef("theme", "kultur"), progress="completed"),
        ),
    )
    portfolio = attrs.evolve(lilleby, followups=(followup,))
    document = build(portfolio, followup="teknik-2023")
    assert (2, "Policy area: Culture and leisure") in headings(document)
    blocks = section(document, "Policy area: Culture and leisure")
    assert ListBlock(items=("**Progress:** Completed",)) in blocks


def test_skanderborg_draft_2023_lists_the_eisenach_events() -> None:
    portfolio = munintl.load(EXAMPLE)
    document = build(
        portfolio, period=Period.year(2023), language="en", fallback=("da",)
    )
    title = "Twinning between Skanderborg and Eisenach"
    blocks = section(document, title)
    assert Paragraph(text="**Events in 2023**") in blocks
    (events,) = [
        b
        for b in lists(blocks)
        if any(item.startswith("January 12, 2023") for item in b.items)
    ]
    transferred = next(i for i in events.items if i.startswith("January 12, 2023"))
    assert (
        "Handed over to civil society (Skanderborg Municipality), decided by City"
        " Council" in transferred
    )
    assert "carried on by" in transferred
    facts = lists(blocks)[0]
    assert (
        "**Status at the end of the period:** Skanderborg Municipality: Handed over"
        " to civil society;"
        " Eisenach: Active" in facts.items
    )
    figure = next(b for b in document.blocks if isinstance(b, Figure))
    assert figure.timeline is not None
    assert dt.date(2023, 1, 12) in [e.date for e in figure.timeline.events]
