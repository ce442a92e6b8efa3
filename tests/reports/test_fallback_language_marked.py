"""Texts shown in a fallback language carry their own language, read back by real readers.

A German report of the Skanderborg example shows the texts it has no German
for in English (the example's fallback), and lists them under "Texts in
another language".  A screen reader reads each text in the language it is
marked with: the English texts must say they are English (HTML ``lang``,
DOCX ``w:lang``, PDF ``/Lang`` through typst's ``text(lang:)``), the German
labels around them must not.  Markdown, CSV and XLSX cannot say a language
and show the texts without a mark.
"""

from __future__ import annotations

import io
import re
import zipfile
from pathlib import Path

import pytest
from click.testing import CliRunner

from munintl.cli import main
from munintl.model.markdown import (
    HTML,
    Inline,
    inline_markdown,
    markdown_problems,
    parse_inline,
)

EXAMPLE = Path(__file__).parents[2] / "examples" / "skanderborg"

#: Texts the example has in Danish and English only: the German report
#: shows them in English.  A name (a fact's value), a theme heading, a
#: principle (a list item) and the summary (a paragraph).
ENGLISH = (
    "Specialist secretariats and staff units",
    "Policy area: Citizen service",
    "When we seek the international dimension",
    "In Skanderborg Municipality we want to take part",
)


def report(tmp_path: Path, form: str) -> bytes:
    out = tmp_path / f"overview.{form}"
    result = CliRunner().invoke(
        main,
        [
            "report",
            str(EXAMPLE),
            "-k",
            "overview",
            "-l",
            "de",
            "-f",
            form,
            "-o",
            str(out),
        ],
    )
    assert result.exit_code == 0, result.output
    return out.read_bytes()


# -- the span in the document's Markdown ------------------------------------------


def test_a_language_span_reads_as_a_run_and_writes_back() -> None:
    text = 'Wir: <span lang="en">**From words** to action</span>.'
    runs = parse_inline(text)
    assert [run.kind for run in runs] == ["text", "language", "text"]
    span = runs[1]
    assert (span.language, span.text) == ("en", "From words to action")
    assert [run.kind for run in span.parts] == ["strong", "text"]
    assert inline_markdown(runs) == text
    assert markdown_problems(text) == []


@pytest.mark.parametrize(
    "text",
    [
        '<span lang="en">never closed',
        '<span lang="en" onclick="x">other attributes</span>',
        '<span lang="1">no language</span>',
        "closed </span> but never opened",
    ],
)
def test_other_html_stays_text_and_is_outside_the_subset(text: str) -> None:
    runs = parse_inline(text)
    assert all(run.kind == "text" for run in runs)
    assert "".join(run.text for run in runs) == text
    assert markdown_problems(text) == [HTML]


def test_a_span_written_from_runs_is_escaped_inside() -> None:
    runs = [Inline("language", "<b> & *", language="en")]
    assert parse_inline(inline_markdown(runs)) == (
        Inline("language", "<b> & *", language="en"),
    )


# -- the formats ----------------------------------------------------------------------


def test_html_marks_each_english_text_and_nothing_german(tmp_path: Path) -> None:
    html5lib = pytest.importorskip("html5lib")
    root = html5lib.parse(report(tmp_path, "html"), namespaceHTMLElements=False)
    assert root.get("lang") == "de"
    marked = [" ".join("".join(e.itertext()).split()) for e in root.iter()]
    english = [
        text
        for element, text in zip(root.iter(), marked, strict=True)
        if element.get("lang") == "en"
    ]
    for text in ENGLISH:
        assert any(e.startswith(text) for e in english), (text, english[:10])
    # The German words around them are not in an English element.
    assert not [e for e in english if "Verantwortlich" in e or "Grundsätze" in e]
    headings = [
        e
        for e in root.iter()
        if e.tag in ("h3", "h4") and "".join(e.itertext()) == ENGLISH[1]
    ]
    assert headings
    assert all(heading.get("lang") == "en" for heading in headings)
    # A plain table cell holding a name shown in English: the cell says so.
    cells = [
        e
        for e in root.iter("td")
        if "".join(e.itertext()).strip() == "Specialist secretariats and staff units"
    ]
    assert cells
    assert all(cell.get("lang") == "en" for cell in cells)


def test_docx_runs_of_english_text_say_english(tmp_path: Path) -> None:
    data = report(tmp_path, "docx")
    xml = zipfile.ZipFile(io.BytesIO(data)).read("word/document.xml").decode()
    runs = re.findall(r"<w:r>(.*?)</w:r>", xml, flags=re.DOTALL)

    def language(run: str) -> str | None:
        found = re.search(r'<w:lang w:val="([^"]+)"', run)
        return found.group(1) if found else None

    def text(run: str) -> str:
        return "".join(re.findall(r"<w:t[^>]*>([^<]*)</w:t>", run))

    for words in ENGLISH:
        # In paragraphs, headings, list items and table cells alike.
        holding = [run for run in runs if text(run).startswith(words)]
        assert holding, words
        assert all((language(run) or "").startswith("en-") for run in holding)
    labels = [run for run in runs if text(run).startswith("Verantwortlich")]
    assert labels
    assert all(language(run) is None for run in labels)
    # The document's own language is German.
    styles = zipfile.ZipFile(io.BytesIO(data)).read("word/styles.xml").decode()
    assert re.search(r'<w:lang w:val="de-DE"', styles)


def test_pdf_tags_english_spans_with_their_language(tmp_path: Path) -> None:
    pytest.importorskip("typst")
    data = report(tmp_path, "pdf")
    assert b"/Lang(de)" in data
    assert b"/Lang(en)" in data
    # Typst's tagged PDF gives each marked text a structure element with /Lang.
    assert data.count(b"/Lang(en)") > len(ENGLISH)


def test_typst_source_sets_the_language_of_english_texts() -> None:
    import munintl
    from munintl.plugins.formats.pdf import typst_source
    from munintl.reporting import build

    portfolio = munintl.load(EXAMPLE)
    document = build(portfolio, kind="overview", lang="de")
    source, _figures = typst_source(document)
    # Without the example's configuration the fallback is the municipality's
    # own language, Danish.
    assert '#heading(level: 4)[#text(lang: "da")[#"Politikområde: Borgerservice"]]' in (
        source
    )
    assert '#text(lang: "da")[#"Fagsekretariater og stabe"]' in source
    assert '#text(lang: "de")' not in source


def test_dropping_an_empty_column_moves_the_cell_languages() -> None:
    from munintl.reports.document import Table
    from munintl.reports.rendering.tables import drop_empty_columns

    table = Table(
        title="t",
        columns=("a", "empty", "c"),
        rows=(("x", None, "Citizen service"), ("y", "", "z")),
        languages=((0, 2, "en"),),
    )
    assert drop_empty_columns(table).languages == ((0, 1, "en"),)


@pytest.mark.parametrize("form", ["markdown", "csv"])
def test_formats_that_cannot_say_a_language_show_no_mark(
    tmp_path: Path, form: str
) -> None:
    text = report(tmp_path, form).decode()
    assert "<span" not in text
    assert "lang=" not in text
    assert "Specialist secretariats and staff units" in text
