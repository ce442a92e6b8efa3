from __future__ import annotations

import datetime as dt
from decimal import Decimal
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from munintl.errors import ConfigError
from munintl.model.text import parse_markdown
from munintl.reports.document import Prose
from munintl.reports.rendering.markup import (
    format_cell,
    neutralise,
    render_template,
    safe_url,
    spreadsheet_cell,
    to_html,
    to_markdown,
    to_plain,
    to_typst,
    typst_string,
)
from munintl.testing.reports import INJECTIONS

html5lib = pytest.importorskip("html5lib")

ALLOWED_TAGS = {"p", "ul", "ol", "li", "em", "strong", "a"}

# Text made of the characters that mean something in HTML, Markdown or typst.
markup_text = st.text(
    alphabet=st.sampled_from(list("ab æø<>&\"'*_[]()#=+-@|\\$`{}~:/\n\t")),
    max_size=60,
)


def _tags(markup: str) -> list[tuple[str, dict[str, str]]]:
    """Every element an HTML5 parser finds in ``markup``, with its attributes."""
    root = html5lib.parseFragment(markup, namespaceHTMLElements=False)
    return [(e.tag, dict(e.attrib)) for e in root.iter() if e is not root]


# -- HTML --------------------------------------------------------------------


def test_html_renders_the_subset() -> None:
    html = to_html("Vi *vil* **gerne** [læse](https://x.dk).\n\n- en\n- to\n\n1. et")
    assert html == (
        '<p>Vi <em>vil</em> <strong>gerne</strong> <a href="https://x.dk">læse</a>.</p>\n'
        "<ul><li>en</li><li>to</li></ul>\n<ol><li>et</li></ol>"
    )


def test_html_compact_drops_the_paragraph_of_one_paragraph_text() -> None:
    assert to_html("*x*", compact=True) == "<em>x</em>"
    assert to_html("a\n\nb", compact=True) == "<p>a</p>\n<p>b</p>"


@pytest.mark.parametrize("text", INJECTIONS)
def test_html_escapes_injection_strings(text: str) -> None:
    tags = _tags(to_html(text))
    assert {tag for tag, _ in tags} <= ALLOWED_TAGS
    assert all(not name.startswith("on") for _, attrs in tags for name in attrs)


def test_html_drops_unsafe_link_targets() -> None:
    html = to_html("[a](javascript:alert(1)) [b](data:text/html,x) [c](mailto:a@b.dk)")
    assert "javascript" not in html
    assert "data:" not in html
    assert '<a href="mailto:a@b.dk">c</a>' in html


@settings(max_examples=200, deadline=None)
@given(markup_text)
def test_html_of_any_text_holds_only_the_subset_and_safe_links(text: str) -> None:
    for tag, attributes in _tags(to_html(text)):
        assert tag in ALLOWED_TAGS
        assert set(attributes) <= ({"href"} if tag == "a" else set())
        if "href" in attributes:
            assert safe_url(attributes["href"]) is not None


# -- Markdown ----------------------------------------------------------------


@pytest.mark.parametrize(
    "text",
    [
        "Vi *vil* **gerne** [læse](https://x.dk).",
        "Vi vil:\n\n- en\n- to\n\n1. et\n2. to",
        "2 * 3 * 4 er 24",
        "snake_case_name",
    ],
)
def test_markdown_round_trips_through_the_subset_parser(text: str) -> None:
    again = to_markdown(text)
    assert to_plain(again).replace("\\", "") == to_plain(text)
    assert [block.kind for block in parse_markdown(again)] == [
        block.kind for block in parse_markdown(text)
    ]


def test_markdown_escapes_html_and_block_starts() -> None:
    assert to_markdown("<script>x</script>") == "&lt;script&gt;x&lt;/script&gt;"
    # A heading or quote is outside the subset: its text is kept as a paragraph.
    assert to_markdown("# a heading") == "a heading"
    assert to_markdown("> a quote") == "a quote"
    assert to_markdown("\\# not a heading") == "\\# not a heading"
    assert to_markdown("a | b") == "a \\| b"
    assert to_markdown("6\\. oktober 2008") == "6\\. oktober 2008"


def test_markdown_keeps_safe_link_targets_only() -> None:
    assert to_markdown("[Ærø](https://x.dk/ærø)") == "[Ærø](https://x.dk/ærø)"
    assert to_markdown("[x](javascript:alert(1))") == "x"
    assert to_markdown("[x](https://x.dk/a_(b))") == "[x](https://x.dk/a_\\(b\\))"


def test_markdown_compact_joins_blocks_for_a_table_cell() -> None:
    assert to_markdown("a\n\n- b\n- c", compact=True) == "a<br>- b<br>- c"


def test_markdown_of_every_injection_has_no_raw_html() -> None:
    markdown_it = pytest.importorskip("markdown_it")
    reader = markdown_it.MarkdownIt("commonmark")
    for text in INJECTIONS:
        html = reader.render(to_markdown(text))
        assert {tag for tag, _ in _tags(html)} <= ALLOWED_TAGS, (text, html)
        assert "javascript:" not in html


# -- typst -------------------------------------------------------------------


def test_typst_string_escapes_quotes_and_backslashes() -> None:
    assert typst_string('a "b" \\ c\nd') == '"a \\"b\\" \\\\ c d"'


def test_typst_renders_the_subset_as_string_literals() -> None:
    assert to_typst("Vi *vil* [se](https://x.dk)") == (
        '#"Vi "#emph("vil")#" "#link("https://x.dk")[#"se"]'
    )
    assert to_typst("- a\n- b") == '#list([#"a"], [#"b"])'
    assert to_typst("1. a") == '#enum([#"a"])'


@settings(max_examples=40, deadline=None)
@given(markup_text)
def test_typst_of_any_text_compiles_to_that_text(text: str) -> None:
    typst = pytest.importorskip("typst")
    source = "#set page(width: 20cm, height: auto)\n" + to_typst(text)
    svg = typst.compile(source.encode(), format="svg", ignore_system_fonts=True)
    assert isinstance(svg, bytes)


def test_typst_injection_does_not_run() -> None:
    typst = pytest.importorskip("typst")
    for text in INJECTIONS:
        typst.compile(to_typst(text).encode(), format="svg", ignore_system_fonts=True)


# -- Spreadsheets --------------------------------------------------------------


@pytest.mark.parametrize("text", ["=1+1", "+1", "-1", "@SUM(A1)", "\t=1", "\r=1"])
def test_neutralise_prefixes_formula_starts(text: str) -> None:
    assert neutralise(text) == "'" + text


@pytest.mark.parametrize("text", ["Aarhus", "1-2", " =1", "'=1", "", "Æ=1"])
def test_neutralise_leaves_other_text(text: str) -> None:
    assert neutralise(text) == text


def test_spreadsheet_cell_neutralises_text_but_keeps_numbers() -> None:
    assert spreadsheet_cell("-5") == "'-5"
    assert spreadsheet_cell(-5) == -5
    assert spreadsheet_cell(Decimal("-1.5")) == Decimal("-1.5")
    assert spreadsheet_cell(dt.date(2024, 1, 1)) == dt.date(2024, 1, 1)
    assert spreadsheet_cell(None) is None
    assert spreadsheet_cell("*Ærø* [x](https://x.dk)") == "*Ærø* [x](https://x.dk)"
    assert spreadsheet_cell("6. oktober 2008") == "6. oktober 2008"
    prose = Prose("*Ærø* [x](https://x.dk)")
    assert spreadsheet_cell(prose) == "Ærø x (https://x.dk)"


# -- Cells in the report's language ---------------------------------------------


def test_format_cell_follows_the_language() -> None:
    assert format_cell(1234567, "da") == "1.234.567"
    assert format_cell(1234567, "en") == "1,234,567"
    assert format_cell(Decimal("1234.50"), "da") == "1.234,50"
    assert format_cell(Decimal("-3000"), "de") == "-3.000"
    assert format_cell(0.25, "de") == "0,25"
    assert format_cell(dt.date(2024, 3, 5), "da") == "5. mar. 2024"
    assert format_cell(dt.date(2024, 3, 5), "en") == "Mar 5, 2024"
    assert format_cell(None, "da") == ""
    assert format_cell("*x*", "da") == "*x*"


def test_format_cell_falls_back_to_english_for_unknown_languages() -> None:
    assert format_cell(1234, "xx") == "1,234"


def test_safe_url_rejects_control_characters_and_spaces() -> None:
    assert safe_url("https://x.dk/a") == "https://x.dk/a"
    assert safe_url("#part") == "#part"
    assert safe_url("java\x01script:x") is None
    assert safe_url("https://x.dk/a b") is None
    assert safe_url("JavaScript:x") is None
    assert safe_url(None) is None


# -- Templates -------------------------------------------------------------------


def test_render_template_reports_a_missing_file(tmp_path: Path) -> None:
    with pytest.raises(ConfigError, match="does not exist"):
        render_template("report.html.j2", str(tmp_path / "nope.html"), "html")


def test_render_template_reports_syntax_errors_with_their_line(tmp_path: Path) -> None:
    path = tmp_path / "bad.html"
    path.write_text("ok\n{% if %}\n", encoding="utf-8")
    with pytest.raises(ConfigError, match=r"bad\.html:2"):
        render_template("report.html.j2", str(path), "html")


def test_render_template_reports_a_missing_parent(tmp_path: Path) -> None:
    path = tmp_path / "child.html"
    path.write_text('{% extends "missing.j2" %}', encoding="utf-8")
    with pytest.raises(ConfigError, match=r"missing\.j2"):
        render_template("report.html.j2", str(path), "html")


def test_render_template_reads_a_changed_file_again(tmp_path: Path) -> None:
    path = tmp_path / "page.html"
    path.write_text("one", encoding="utf-8")
    assert render_template("report.html.j2", str(path), "html") == "one"
    path.write_text("two!", encoding="utf-8")
    assert render_template("report.html.j2", str(path), "html") == "two!"
