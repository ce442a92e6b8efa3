"""Report texts as document blocks (reports.building.blocks)."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from munintl.model.markdown import plain_text
from munintl.reports.building import blocks
from munintl.reports.document import ListBlock, Paragraph, Prose

#: One line of plain text, as a name or date would be: no control characters,
#: single spaces (Markdown collapses runs of white space).
plain_lines = (
    st.text(
        alphabet=st.characters(blacklist_categories=("Cs", "Cc", "Zl", "Zp")),
        min_size=1,
    )
    .map(lambda s: " ".join(s.split()))
    .filter(bool)
)


def test_text_blocks_split_paragraphs_and_lists() -> None:
    text = "One *a*.\n\nTwo.\n\n3. x\n4. y\n\n- p\n- q"
    assert blocks.text_blocks(text) == [
        Paragraph(text="One *a*."),
        Paragraph(text="Two."),
        ListBlock(items=("x", "y"), ordered=True, start=3),
        ListBlock(items=("p", "q")),
    ]


def test_text_blocks_give_paragraphs_the_style() -> None:
    assert blocks.text_blocks("Note.", "note") == [
        Paragraph(text="Note.", style="note")
    ]


def test_an_empty_text_has_no_blocks() -> None:
    assert blocks.text_blocks("") == []
    assert blocks.text_blocks("  \n\n ") == []


def test_literal_escapes_what_would_read_as_markdown() -> None:
    assert blocks.literal("6. oktober 2008: Underskrevet") == (
        "6\\. oktober 2008: Underskrevet"
    )
    assert blocks.literal("*x* [a](b)") == "\\*x\\* \\[a\\](b)"


def test_a_date_stays_a_paragraph_not_a_numbered_list() -> None:
    assert blocks.text_blocks(blocks.literal("6. oktober 2008")) == [
        Paragraph(text="6\\. oktober 2008")
    ]


@given(plain_lines)
def test_literal_text_reads_back_as_itself(text: str) -> None:
    found = blocks.text_blocks(blocks.literal(text))
    assert len(found) == 1
    assert isinstance(found[0], Paragraph)
    assert plain_text(found[0].text) == text


def test_fact_escapes_label_and_plain_value_but_keeps_prose() -> None:
    assert blocks.fact("A*b", "1. x") == "**A\\*b:** 1\\. x"
    assert blocks.fact("Note", Prose("*kept*")) == "**Note:** *kept*"


def test_strong_escapes_its_text() -> None:
    assert blocks.strong("a*b") == "**a\\*b**"
    assert plain_text(blocks.strong("a*b")) == "a*b"


def test_prose_wraps_text_but_leaves_empty_plain() -> None:
    assert blocks.prose("") == ""
    assert blocks.prose("*x*") == Prose("*x*")


def test_link_escapes_its_label_and_target() -> None:
    assert blocks.link("http://x y/<z>", "a_b") == Prose(
        "[a\\_b](<http://x%20y/%3Cz%3E>)"
    )
    assert blocks.link("https://example.org/") == Prose(
        "[https://example.org/](<https://example.org/>)"
    )
    assert blocks.link("http://x\\y").text.endswith("(<http://x\\\\y>)")


def test_labelled_puts_one_paragraph_after_its_label() -> None:
    assert blocks.labelled("Label", "One *para*.") == [
        Paragraph(text="**Label:** One *para*.")
    ]


def test_labelled_puts_the_label_above_several_blocks() -> None:
    assert blocks.labelled("Label", "P1.\n\n- a\n- b", "note") == [
        Paragraph(text="**Label:**", style="note"),
        Paragraph(text="P1.", style="note"),
        ListBlock(items=("a", "b")),
    ]
    assert blocks.labelled("Label", "") == [Paragraph(text="**Label:**")]
