"""The Markdown subset read as CommonMark: lists, links, emphasis, escapes, problems."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from munintl.model import markdown
from munintl.model.markdown import (
    Block,
    Inline,
    escape_markdown,
    inline_markdown,
    markdown_problems,
    parse_inline,
    parse_markdown,
    plain_text,
)

# Text made of the characters that mean something in Markdown, and digits.
markup_text = st.text(
    alphabet=st.sampled_from(list("ab æ0129.)<>&*_[]()#=+-!|\\`~:/\n\t ")),
    max_size=40,
)


def test_a_date_alone_is_a_numbered_list_in_commonmark_and_keeps_its_number() -> None:
    # Which is why report cells are never read as Markdown: a prose text
    # starting "2011. " is a list, and its number is kept.
    assert parse_markdown("2011. var et godt år") == (
        Block("numbers", ((Inline("text", "var et godt år"),),), start=2011),
    )
    assert plain_text("2011. var et godt år") == "2011. var et godt år"
    assert plain_text("6. oktober 2008") == "6. oktober 2008"


def test_a_numbered_line_interrupts_a_paragraph_only_as_item_one() -> None:
    assert [b.kind for b in parse_markdown("Fornyet i\n2011. Siden da aktiv.")] == [
        "paragraph"
    ]
    assert [b.kind for b in parse_markdown("Plan:\n1. søg")] == ["paragraph", "numbers"]


def test_link_targets_may_hold_parentheses() -> None:
    (link,) = [p for p in parse_inline("Se [kort](https://x.dk/a_(b)) nu") if p.url]
    assert link == Inline("link", "kort", url="https://x.dk/a_(b)")


def test_autolinks_are_links_not_html() -> None:
    assert parse_inline("<https://skanderborg.dk>") == (
        Inline("link", "https://skanderborg.dk", url="https://skanderborg.dk"),
    )
    assert markdown_problems("Læs mere på <https://skanderborg.dk>.") == []


def test_nested_emphasis_is_kept_as_runs_inside_runs() -> None:
    (strong, _rest) = parse_inline("**stærk *og kursiv*** tekst")
    assert strong.kind == "strong"
    assert strong.text == "stærk og kursiv"
    assert strong.children == (
        Inline("text", "stærk "),
        Inline("emphasis", "og kursiv"),
    )


def test_backslash_escapes_are_read_as_the_character() -> None:
    assert parse_inline(r"\*ikke kursiv\* og 6\. oktober") == (
        Inline("text", "*ikke kursiv* og 6. oktober"),
    )
    assert parse_markdown(r"6\. oktober 2008") == (
        Block("paragraph", ((Inline("text", "6. oktober 2008"),),)),
    )


def test_a_run_without_children_stands_for_its_text() -> None:
    assert Inline("strong", "x").parts == (Inline("text", "x"),)
    assert Inline("text", "x").parts == ()


@pytest.mark.parametrize(
    ("text", "problem"),
    [
        ("Brug `kode` her", markdown.CODE),
        ("~~slettet~~", markdown.STRIKETHROUGH),
        ("- a\n  - b", markdown.NESTED),
        ("- a\n\n  b", markdown.NESTED),
        ("linje  \nlinje", markdown.BREAKS),
        ("linje\\\nlinje", markdown.BREAKS),
        ("tekst\n\n    indrykket kode", markdown.CODE_BLOCKS),
    ],
)
def test_problems_name_more_constructs_outside_the_subset(
    text: str, problem: str
) -> None:
    assert markdown_problems(text) == [problem]


def test_text_outside_the_subset_keeps_its_words() -> None:
    assert plain_text("# Overskrift\n\n> citat\n\nBrug `kode`") == (
        "Overskrift\n\ncitat\n\nBrug kode"
    )
    assert plain_text("- a\n  - b") == "- a - b"


@settings(max_examples=300, deadline=None)
@given(markup_text)
def test_the_quick_scan_misses_no_problem(text: str) -> None:
    assert markdown_problems(text) == [
        name for name in markdown.NOT_IN_SUBSET if name in markdown._read(text)[1]
    ]


@settings(max_examples=300, deadline=None)
@given(st.text(alphabet=st.characters(exclude_categories=("Cs",)), max_size=30))
def test_plain_one_line_texts_read_as_the_parser_reads_them(text: str) -> None:
    if not markdown._is_plain(text):
        return
    from markdown_it.tree import SyntaxTreeNode

    reader = markdown._Reader()
    found: list[Block] = []
    tree = SyntaxTreeNode(markdown._parser().parse(text))
    reader.blocks(tree.children, found)
    assert parse_markdown(text) == tuple(found)


@settings(max_examples=300, deadline=None)
@given(markup_text)
def test_escaped_text_reads_back_as_itself(text: str) -> None:
    escaped = escape_markdown(text)
    expected = " ".join(text.split())
    assert plain_text(escaped) == expected
    assert "".join(part.text for part in parse_inline(escaped)) == expected
    assert markdown_problems(escaped) == []


@settings(max_examples=300, deadline=None)
@given(markup_text.filter(lambda t: "\n" not in t))
def test_written_runs_read_back_as_the_same_runs(text: str) -> None:
    runs = parse_inline(text)
    again = inline_markdown(runs)
    assert parse_inline(again) == parse_inline(inline_markdown(parse_inline(again)))
    assert "".join(p.text for p in parse_inline(again)) == "".join(
        p.text for p in runs
    ).strip(markdown._TRIM)
    assert [b.kind for b in parse_markdown(again)] in (["paragraph"], [])
