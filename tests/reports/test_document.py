"""The format-neutral report document (reports.document)."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import attrs
import pytest

from munintl.reports.document import (
    Figure,
    Heading,
    ListBlock,
    Metadata,
    Paragraph,
    Prose,
    ReportDocument,
    Table,
    Timeline,
    TimelineBar,
    TimelineEvent,
)


def metadata() -> Metadata:
    return Metadata(
        title="Report", municipality="Egeby", language="en", kind="overview"
    )


def test_each_block_says_its_kind() -> None:
    table = Table(title="t", columns=("a",), rows=(("x",),))
    assert Heading(text="h").kind == "heading"
    assert Paragraph(text="p").kind == "paragraph"
    assert ListBlock(items=("a",)).kind == "list"
    assert table.kind == "table"
    assert Figure(title="f", alt="a", data=table).kind == "figure"
    assert Prose("x").kind == "prose"


def test_defaults_are_a_normal_paragraph_a_bullet_list_and_level_one() -> None:
    assert Heading(text="h").level == 1
    assert Paragraph(text="p").style == "normal"
    bullets = ListBlock(items=("a", "b"))
    assert (bullets.ordered, bullets.start) == (False, 1)
    figure = Figure(title="f", alt="a", data=Table(title="t", columns=(), rows=()))
    assert figure.timeline is None


def test_prose_reads_as_its_markdown_text() -> None:
    cell = Prose("*Noted* by [the council](<https://example.org>)")
    assert str(cell) == "*Noted* by [the council](<https://example.org>)"
    assert f"{cell}" == cell.text
    assert cell == Prose("*Noted* by [the council](<https://example.org>)")
    assert cell != Prose("Noted")


def test_a_document_keeps_its_blocks_as_a_tuple_in_order() -> None:
    blocks = [Heading(text="Title"), Paragraph(text="One."), Paragraph(text="Two.")]
    document = ReportDocument(metadata=metadata(), blocks=iter(blocks))
    assert isinstance(document.blocks, tuple)
    assert document.blocks == tuple(blocks)
    assert ReportDocument(metadata=metadata()).blocks == ()


def test_documents_with_the_same_content_are_equal_and_hash_alike() -> None:
    one = ReportDocument(metadata=metadata(), blocks=[Paragraph(text="p")])
    two = ReportDocument(metadata=metadata(), blocks=(Paragraph(text="p"),))
    assert one == two
    assert hash(one) == hash(two)
    assert one != attrs.evolve(one, blocks=[Paragraph(text="q")])


def test_blocks_and_documents_cannot_be_changed() -> None:
    paragraph = Paragraph(text="p")
    with pytest.raises(attrs.exceptions.FrozenInstanceError):
        paragraph.text = "q"  # type: ignore[misc]
    document = ReportDocument(metadata=metadata())
    with pytest.raises(attrs.exceptions.FrozenInstanceError):
        document.blocks = ()  # type: ignore[misc]


def test_blocks_take_keywords_only() -> None:
    with pytest.raises(TypeError):
        Paragraph("p")  # type: ignore[misc]
    with pytest.raises(TypeError):
        Heading("h", 2)  # type: ignore[misc]


def test_table_cells_keep_their_types() -> None:
    row = ("text", Prose("*x*"), 3, 1.5, Decimal("2.50"), dt.date(2024, 1, 2), None)
    table = Table(title="t", columns=tuple("abcdefg"), rows=(row,))
    assert [type(c) for c in table.rows[0]] == [
        str,
        Prose,
        int,
        float,
        Decimal,
        dt.date,
        type(None),
    ]


def test_metadata_optional_fields_default_to_none() -> None:
    data = metadata()
    assert (data.body, data.period, data.case_reference, data.generated_at) == (
        None,
        None,
        None,
        None,
    )


def test_a_timeline_holds_its_bars_and_events() -> None:
    bar = TimelineBar(label="a", group="g", start=dt.date(2020, 1, 1))
    assert (bar.end, bar.approximate) == (None, False)
    event = TimelineEvent(label="e", group="g", date=dt.date(2021, 1, 1))
    timeline = Timeline(
        start=dt.date(2020, 1, 1), end=dt.date(2022, 1, 1), bars=(bar,), events=(event,)
    )
    assert timeline.bars == (bar,)
    assert timeline.events == (event,)
    assert Timeline(start=dt.date(2020, 1, 1), end=dt.date(2020, 1, 1)).bars == ()
