"""Office Open XML helpers (reports.rendering.ooxml)."""

from __future__ import annotations

import datetime as dt
import io
import zipfile
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st

from munintl.reports.rendering import ooxml

docx = pytest.importorskip("docx")

W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"

#: The order of a paragraph's properties in the WordprocessingML schema
#: (CT_PPrBase, then rPr, sectPr, pPrChange), written out from the standard.
PPR_ORDER = [
    "pStyle", "keepNext", "keepLines", "pageBreakBefore", "framePr",
    "widowControl", "numPr", "suppressLineNumbers", "pBdr", "shd", "tabs",
    "suppressAutoHyphens", "kinsoku", "wordWrap", "overflowPunct",
    "topLinePunct", "autoSpaceDE", "autoSpaceDN", "bidi", "adjustRightInd",
    "snapToGrid", "spacing", "ind", "contextualSpacing", "mirrorIndents",
    "suppressOverlap", "jc", "textDirection", "textAlignment",
    "textboxTightWrap", "outlineLvl", "divId", "cnfStyle", "rPr", "sectPr",
    "pPrChange",
]  # fmt: skip

#: The order of a table's properties (CT_TblPr).
TBLPR_ORDER = [
    "tblStyle", "tblpPr", "tblOverlap", "bidiVisual", "tblStyleRowBandSize",
    "tblStyleColBandSize", "tblW", "jc", "tblCellSpacing", "tblInd",
    "tblBorders", "shd", "tblLayout", "tblCellMar", "tblLook", "tblCaption",
    "tblDescription", "tblPrChange",
]  # fmt: skip


def local_names(element: Any) -> list[str]:
    return [c.tag.removeprefix(W) for c in element]


def in_schema_order(element: Any, order: list[str]) -> bool:
    names = local_names(element)
    return names == sorted(names, key=order.index)


def make_zip(entries: list[tuple[str, bytes]], when: tuple[int, ...]) -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_STORED) as archive:
        for name, content in entries:
            info = zipfile.ZipInfo(name, date_time=when)  # type: ignore[arg-type]
            info.external_attr = 0o755 << 16
            archive.writestr(info, content)
    return out.getvalue()


ENTRIES = [
    ("[Content_Types].xml", b"<Types/>"),
    ("word/document.xml", b"<w:document>" + b"x" * 500 + b"</w:document>"),
    ("docProps/core.xml", b"<core/>"),
]


# -- stable_zip ------------------------------------------------------------------


def test_stable_zip_gives_the_same_bytes_whenever_the_input_was_written() -> None:
    moment = dt.datetime(2024, 3, 1, 12, 30, 15, tzinfo=dt.UTC)
    first = ooxml.stable_zip(make_zip(ENTRIES, (2020, 1, 1, 0, 0, 0)), moment)
    second = ooxml.stable_zip(make_zip(ENTRIES, (2023, 7, 9, 8, 7, 6)), moment)
    assert first == second
    assert ooxml.stable_zip(first, moment) == first


def test_stable_zip_keeps_content_and_order_and_normalises_entries() -> None:
    moment = dt.datetime(2024, 3, 1, 12, 30, 15, tzinfo=dt.UTC)
    result = ooxml.stable_zip(make_zip(ENTRIES, (2020, 1, 1, 0, 0, 0)), moment)
    with zipfile.ZipFile(io.BytesIO(result)) as archive:
        assert archive.testzip() is None
        infos = archive.infolist()
        assert [i.filename for i in infos] == [name for name, _ in ENTRIES]
        for info, (_, content) in zip(infos, ENTRIES, strict=True):
            assert archive.read(info) == content
            assert info.date_time == (2024, 3, 1, 12, 30, 14)  # two-second steps
            assert info.compress_type == zipfile.ZIP_DEFLATED
            assert info.create_system == 3
            assert info.external_attr == 0o644 << 16


def test_stable_zip_depends_on_the_moment() -> None:
    data = make_zip(ENTRIES, (2020, 1, 1, 0, 0, 0))
    one = ooxml.stable_zip(data, dt.datetime(2024, 1, 1, tzinfo=dt.UTC))
    two = ooxml.stable_zip(data, dt.datetime(2025, 1, 1, tzinfo=dt.UTC))
    assert one != two


def test_stable_zip_stamps_utc_and_the_zip_epoch() -> None:
    data = make_zip(ENTRIES, (2020, 1, 1, 0, 0, 0))
    copenhagen = dt.timezone(dt.timedelta(hours=2))

    def stamp(moment: dt.datetime | None) -> tuple[int, ...]:
        result = ooxml.stable_zip(data, moment)
        with zipfile.ZipFile(io.BytesIO(result)) as archive:
            return archive.infolist()[0].date_time

    assert stamp(dt.datetime(2024, 6, 1, 10, 0, 0, tzinfo=copenhagen)) == (
        2024,
        6,
        1,
        8,
        0,
        0,
    )
    assert stamp(None) == (1980, 1, 1, 0, 0, 0)
    assert stamp(dt.datetime(1970, 1, 1)) == (1980, 1, 1, 0, 0, 0)


@given(
    st.lists(
        st.tuples(
            st.from_regex(r"[a-z]{1,8}(/[a-z]{1,8}){0,2}\.xml", fullmatch=True),
            st.binary(max_size=200),
        ),
        min_size=1,
        max_size=5,
        unique_by=lambda e: e[0],
    ),
    st.tuples(
        st.integers(1980, 2100),
        st.integers(1, 12),
        st.integers(1, 28),
        st.integers(0, 23),
        st.integers(0, 59),
        st.integers(0, 59),
    ),
)
def test_stable_zip_bytes_depend_only_on_content_and_moment(
    entries: list[tuple[str, bytes]], written: tuple[int, ...]
) -> None:
    moment = dt.datetime(2024, 5, 6, 7, 8, 10)
    expected = ooxml.stable_zip(make_zip(entries, (1999, 1, 1, 0, 0, 0)), moment)
    assert ooxml.stable_zip(make_zip(entries, written), moment) == expected
    with zipfile.ZipFile(io.BytesIO(expected)) as archive:
        assert [(i.filename, archive.read(i)) for i in archive.infolist()] == entries


def test_utc_naive() -> None:
    plus_two = dt.timezone(dt.timedelta(hours=2))
    assert ooxml.utc_naive(dt.datetime(2024, 1, 1, 2, 0, tzinfo=plus_two)) == (
        dt.datetime(2024, 1, 1, 0, 0)
    )
    naive = dt.datetime(2024, 1, 1, 2, 0)
    assert ooxml.utc_naive(naive) is naive
    assert ooxml.utc_naive(None) is None


# -- WordprocessingML ----------------------------------------------------------------


def test_outline_level_and_box_are_added_in_schema_order() -> None:
    document = docx.Document()
    heading = document.styles["Heading 1"].element
    ooxml.set_box(heading, "dashed")
    ooxml.set_outline_level(heading, 4)
    properties = heading.pPr
    assert in_schema_order(properties, PPR_ORDER)
    assert properties.find(f"{W}outlineLvl").get(f"{W}val") == "4"
    sides = [e.tag.removeprefix(W) for e in properties.find(f"{W}pBdr")]
    assert sides == ["top", "left", "bottom", "right"]
    assert {e.get(f"{W}val") for e in properties.find(f"{W}pBdr")} == {"dashed"}
    assert properties.find(f"{W}shd") is None


def test_a_single_box_is_a_left_rule_with_shading() -> None:
    document = docx.Document()
    normal = document.styles["Normal"].element
    ooxml.set_outline_level(normal, 2)
    ooxml.set_box(normal, "single")
    properties = normal.pPr
    assert in_schema_order(properties, PPR_ORDER)
    assert [e.tag.removeprefix(W) for e in properties.find(f"{W}pBdr")] == ["left"]
    assert properties.find(f"{W}shd").get(f"{W}fill") == "F2F2F2"


def test_child_returns_an_existing_element_instead_of_adding_one() -> None:
    document = docx.Document()
    properties = document.styles["Heading 1"].element.get_or_add_pPr()
    first = ooxml.child(properties, "w:outlineLvl")
    assert ooxml.child(properties, "w:outlineLvl") is first
    assert local_names(properties).count("outlineLvl") == 1


def test_new_paragraph_carries_style_and_numbering() -> None:
    paragraph = ooxml.new_paragraph("Heading1", 3)
    properties = paragraph.find(f"{W}pPr")
    assert local_names(properties) == ["pStyle", "numPr"]
    assert properties.find(f"{W}pStyle").get(f"{W}val") == "Heading1"
    numbering = properties.find(f"{W}numPr")
    assert numbering.find(f"{W}numId").get(f"{W}val") == "3"
    assert numbering.find(f"{W}ilvl").get(f"{W}val") == "0"
    assert len(ooxml.new_paragraph()) == 0
    assert local_names(ooxml.new_paragraph(number_id=1).find(f"{W}pPr")) == ["numPr"]


def test_fields_are_added_and_found() -> None:
    document = docx.Document()
    paragraph = document.add_paragraph("Page ")
    assert not ooxml.has_field(paragraph)
    ooxml.add_field(paragraph, "PAGE")
    assert ooxml.has_field(paragraph)
    field = paragraph._p.find(f"{W}fldSimple")
    assert field.get(f"{W}instr") == "PAGE"


def test_table_caption_borders_and_repeated_header() -> None:
    document = docx.Document()
    table = document.add_table(rows=2, cols=2)
    ooxml.set_borders(table)
    ooxml.describe_table(table, "T" * 300)
    ooxml.repeat_header(table.rows[0])
    properties = table._tbl.tblPr
    assert in_schema_order(properties, TBLPR_ORDER)
    assert len(properties.find(f"{W}tblCaption").get(f"{W}val")) == 255
    borders = local_names(properties.find(f"{W}tblBorders"))
    assert borders == ["top", "left", "bottom", "right", "insideH", "insideV"]
    header = table.rows[0]._tr.trPr.find(f"{W}tblHeader")
    assert header.get(f"{W}val") == "true"
    assert table.rows[1]._tr.trPr is None


def test_a_docx_with_the_helpers_reads_back(tmp_path: Path) -> None:
    document = docx.Document()
    table = document.add_table(rows=1, cols=1)
    table.cell(0, 0).text = "cell"
    ooxml.describe_table(table, "Caption")
    ooxml.set_borders(table)
    ooxml.repeat_header(table.rows[0])
    document.add_paragraph()._p.append(ooxml.add_run("tab\there\nline", bold=True))
    path = tmp_path / "out.docx"
    document.save(str(path))
    again = docx.Document(str(path))
    assert again.tables[0].cell(0, 0).text == "cell"
    assert again.paragraphs[-1].text == "tab here line"
    assert again.paragraphs[-1].runs[0].bold is True


def test_add_run_sets_style_bold_italic_and_flattens_whitespace() -> None:
    run = ooxml.add_run("a\nb\tc", bold=True, italic=True, style="Strong")
    properties = run.find(f"{W}rPr")
    assert local_names(properties) == ["rStyle", "b", "i"]
    text = run.find(f"{W}t")
    assert text.text == "a b c"
    assert text.get("{http://www.w3.org/XML/1998/namespace}space") == "preserve"
    assert run.find(f"{W}rPr") is not None
    assert ooxml.add_run("plain").find(f"{W}rPr") is None


def test_hyphens_inside_words_do_not_break_lines() -> None:
    from docx.oxml.ns import qn

    from munintl.reports.rendering.ooxml import add_run, keep_hyphenated_words

    run = add_run("Midtjyllands EU-kontor - og Nord-Syd-aksen")
    keep_hyphenated_words(run)
    parts = [
        "‑" if child.tag == qn("w:noBreakHyphen") else child.text
        for child in run
        if child.tag in (qn("w:t"), qn("w:noBreakHyphen"))
    ]
    # A hyphen between spaces is a dash, left as it is.
    assert parts == [
        "Midtjyllands EU",
        "‑",
        "kontor - og Nord",
        "‑",
        "Syd",
        "‑",
        "aksen",
    ]
