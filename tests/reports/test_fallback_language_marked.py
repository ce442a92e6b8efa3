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

import datetime as dt
import io
import re
import shutil
import subprocess
import zipfile
import zlib
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner

from munintl.cli import main
from munintl.model import LocalizedText
from munintl.model.markdown import (
    HTML,
    Inline,
    inline_markdown,
    markdown_problems,
    parse_inline,
)
from munintl.reports.building.localize import Localizer
from munintl.reports.document import (
    Facts,
    Heading,
    LanguageRun,
    ListBlock,
    Metadata,
    ReportDocument,
    Table,
    Timeline,
    TimelineEvent,
)
from munintl.reports.rendering.markup import language_pieces

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


def report(
    tmp_path: Path, form: str, kind: str = "overview", language: str = "de"
) -> bytes:
    out = tmp_path / f"{kind}-{language}.{form}"
    more = ["--followup", "opfoelgning-2011"] if kind == "followup" else []
    result = CliRunner().invoke(
        main,
        [
            "report",
            str(EXAMPLE),
            "-k",
            kind,
            *more,
            "-l",
            language,
            "-f",
            form,
            "-o",
            str(out),
        ],
    )
    assert result.exit_code == 0, result.output
    return out.read_bytes()


def html_page(tmp_path: Path, kind: str = "overview", language: str = "de") -> Any:
    """The HTML report as html5lib reads it (skip without html5lib)."""
    html5lib = pytest.importorskip("html5lib")
    page = report(tmp_path, "html", kind=kind, language=language)
    return html5lib.parse(page, namespaceHTMLElements=False)


def docx_file(tmp_path: Path, kind: str = "overview", language: str = "de") -> Any:
    """The DOCX report as python-docx reads it (skip without python-docx)."""
    docx = pytest.importorskip("docx")
    return docx.Document(io.BytesIO(report(tmp_path, "docx", kind, language)))


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
    root = html_page(tmp_path)
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


# -- names in lists, facts, captions and timelines ---------------------------------

#: The German register shows the partners of an initiative as a list of
#: names (English only in the example) with their roles in German.
PARTNERS = "City of Oulu (Partner); Umeå Municipality (Partner)"


def localizer_showing(*texts: str) -> Localizer:
    """A German localizer that has shown each of ``texts`` in English."""
    loc = Localizer("de", ["en"])
    for text in texts:
        assert loc.resolve(LocalizedText.of(en=text)).fallback
    return loc


def test_runs_find_the_shown_names_a_list_or_label_holds() -> None:
    loc = localizer_showing(
        "City of Oulu", "Umeå Municipality", "Climate, energy and environment"
    )
    runs = loc.runs(PARTNERS)
    assert [(PARTNERS[r.start : r.end], r.language) for r in runs] == [
        ("City of Oulu", "en"),
        ("Umeå Municipality", "en"),
    ]
    # A name holding a comma is one name, and neighbours of one language
    # joined by a comma or semicolon are one run.
    text = "Klima; Climate, energy and environment; City of Oulu"
    (run,) = loc.runs(text)
    assert text[run.start : run.end] == "Climate, energy and environment; City of Oulu"
    # Only whole names between joins: "Oulu" alone was never shown.
    assert loc.runs("Oulu, Weiz") == ()
    assert loc.runs("Stadt City of Oulu") == ()


def test_a_list_in_a_paragraph_marks_each_name_and_keeps_the_label() -> None:
    loc = localizer_showing("City of Oulu", "Umeå Municipality")
    document = ReportDocument(
        metadata=Metadata(title="t", municipality="m", language="de", kind="k"),
        blocks=[
            ListBlock(items=(f"**Partner:** {PARTNERS}",)),
            Facts(title="Sitzung", items=(("Partner", PARTNERS), ("Ort", "Aarhus"))),
        ],
    )
    items, facts = loc.mark_languages(document).blocks
    assert isinstance(items, ListBlock)
    assert items.items == (
        '**Partner:** <span lang="en">City of Oulu</span> (Partner);'
        ' <span lang="en">Umeå Municipality</span> (Partner)',
    )
    assert isinstance(facts, Facts)
    assert [(i, PARTNERS[r.start : r.end]) for i, r in facts.languages] == [
        (0, "City of Oulu"),
        (0, "Umeå Municipality"),
    ]


def test_language_pieces_cut_runs_that_overlap_or_pass_the_end() -> None:
    runs = [LanguageRun(4, 20, "en"), LanguageRun(0, 6, "da"), LanguageRun(9, 9, "fi")]
    assert language_pieces("Weiz, Oulu", runs) == [
        ("Weiz, ", "da"),
        ("Oulu", "en"),
    ]
    assert language_pieces("", runs) == [("", None)]


def test_a_timeline_label_says_its_language_on_every_line_it_is_drawn_on() -> None:
    from lxml import etree

    from munintl.reports.rendering.figures import timeline_svg

    name = "Reception and retention of foreign labour in cooperation with Aarhus"
    label = f"{name}: unterzeichnet"
    day = dt.date(2010, 1, 1)
    timeline = Timeline(
        start=day,
        end=dt.date(2012, 12, 31),
        events=(
            TimelineEvent(
                label=label,
                group="Politikbereich: Citizen service",
                date=day,
                languages=(LanguageRun(0, len(name), "en"),),
            ),
        ),
        group_languages=(
            ("Politikbereich: Citizen service", LanguageRun(16, 31, "en")),
        ),
    )
    svg = timeline_svg(
        timeline, title="Zeitleiste", alt="Eine Zeitleiste", language="de"
    )
    root = etree.fromstring(svg.encode())
    xml_lang = "{http://www.w3.org/XML/1998/namespace}lang"
    assert root.get(xml_lang) == "de"
    texts = root.findall("{http://www.w3.org/2000/svg}text")
    drawn = ["".join(t.itertext()) for t in texts]
    heading = texts[drawn.index("Politikbereich: Citizen service")]
    assert [(s.text, s.get(xml_lang), s.get("lang")) for s in heading] == [
        ("Citizen service", "en", "en")
    ]
    # The event's label is wrapped over two lines: the name is English on
    # both, the German word after it is not marked.
    lines = [t for t in texts if t.get("font-style") == "italic"]
    assert len(lines) == 2
    english = " ".join(
        span.text for line in lines for span in line if span.get(xml_lang) == "en"
    )
    assert english.replace("…", "").split() == name.split()[: len(english.split())]
    assert all(
        span.get(xml_lang) is None for span in lines[1] if "unterz" in (span.text or "")
    )
    assert "unterzeichnet" in "".join(lines[1].itertext())


def html_lang_of(root: Any, element: Any) -> str | None:
    """The language html5lib's tree says ``element`` is in (its nearest lang)."""
    parents = {child: parent for parent in root.iter() for child in parent}
    while element is not None:
        for key in ("lang", "{http://www.w3.org/XML/1998/namespace}lang"):
            if element.get(key):
                return str(element.get(key))
        element = parents.get(element)
    return None


def test_html_marks_names_in_lists_captions_and_the_timeline(tmp_path: Path) -> None:
    page = html_page(tmp_path, "register")
    cells = [
        td
        for td in page.iter("td")
        if " ".join("".join(td.itertext()).split()) == PARTNERS
    ]
    assert cells
    for cell in cells:
        assert cell.get("lang") is None
        spans = [(s.text, s.get("lang")) for s in cell.iter("span")]
        assert spans == [("City of Oulu", "en"), ("Umeå Municipality", "en")]
        # The German roles between the names are read as German.
        assert "(Partner)" in (cell.text or "") + "".join(s.tail or "" for s in cell)
    overview = html_page(tmp_path)
    # Captions naming a theme that has no German title.
    captions = [
        c
        for c in overview.iter("caption")
        if "".join(c.itertext()).startswith("Maßnahmen: Policy area: ")
    ]
    assert captions
    for caption in captions:
        assert caption.text == "Maßnahmen: "
        assert [s.get("lang") for s in caption] == ["en"]
    svg = "{http://www.w3.org/2000/svg}"
    drawn = {"".join(t.itertext()): t for t in overview.iter(f"{svg}text")}
    for text in (
        "Active Travel Network",
        "Policy area: Climate, energy and environment",
    ):
        tspans = list(drawn[text])
        assert tspans
        assert all(html_lang_of(overview, t) == "en" for t in tspans), text


_W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"


def docx_runs(paragraph: Any) -> list[tuple[str, str | None]]:
    """Each run of a python-docx paragraph: its text and its w:lang, if any."""
    out = []
    for run in paragraph.runs:
        found = run._r.find(f"{_W}rPr/{_W}lang")
        out.append((run.text, None if found is None else found.get(f"{_W}val")))
    return out


def test_html_and_docx_mark_a_fact_in_the_municipalitys_language(
    tmp_path: Path,
) -> None:
    # munintl speaks Swedish, the example does not: its names are Danish.
    page = html_page(tmp_path, "followup", "sv")
    facts = {
        "".join(dt_.itertext()): dd
        for div in page.iter("div")
        for dt_, dd in [tuple(div)]
        if len(div) == 2 and dt_.tag == "dt"
    }
    municipality = facts["Kommun"]
    assert [(s.text, s.get("lang")) for s in municipality.iter("span")] == [
        ("Skanderborg Kommune", "da")
    ]
    assert html_lang_of(page, facts["Ärendetyp"]) == "sv"
    document = docx_file(tmp_path, "followup", "sv")
    header = document.tables[0]
    rows = {row.cells[0].text: row.cells[1].paragraphs[0] for row in header.rows}
    assert docx_runs(rows["Kommun"]) == [("Skanderborg Kommune", "da-DK")]
    assert all(language is None for _text, language in docx_runs(rows["Ärendetyp"]))


def test_docx_marks_each_name_of_a_list_in_a_cell(tmp_path: Path) -> None:
    document = docx_file(tmp_path, "register")
    cells = [
        cell
        for table in document.tables
        for row in table.rows
        for cell in row.cells
        if cell.text == PARTNERS
    ]
    assert cells
    for cell in cells:
        # Word wants a region: English is en-US, as Babel's likely subtags say.
        assert docx_runs(cell.paragraphs[0]) == [
            ("City of Oulu", "en-US"),
            (" (Partner); ", None),
            ("Umeå Municipality", "en-US"),
            (" (Partner)", None),
        ]


def pdf_languages(pdf: bytes) -> list[str]:
    """The language each marked run of text of ``pdf`` is read in, in order.

    Reads the tagged PDF as a screen reader does: a run's own ``/Lang``
    (in its marked-content properties), else that of the nearest structure
    element above it, else the document's.  Structure elements must be
    uncompressed objects, as typst writes them.
    """
    parents: dict[int, int] = {}
    own: dict[int, str] = {}
    owner: dict[int, int] = {}
    for number, body in re.findall(
        rb"(\d+) 0 obj\n<</Type/StructElem(.*?)>>\nendobj", pdf, flags=re.DOTALL
    ):
        element = int(number)
        if parent := re.search(rb"/P (\d+) 0 R", body):
            parents[element] = int(parent.group(1))
        if lang := re.search(rb"/Lang\(([^)]*)\)", body):
            own[element] = lang.group(1).decode()
        kids = re.search(rb"/K\[([^\]]*)\]|/K (\d+)(?! 0 R)", body)
        if kids:
            for kid in re.findall(rb"\d+ 0 R|\d+", kids.group(1) or kids.group(2)):
                if not kid.endswith(b"R"):
                    owner[int(kid)] = element
    catalog = re.search(rb"/Type/Catalog[^\n]*?/Lang\(([^)]*)\)", pdf)
    document = catalog.group(1).decode() if catalog else ""
    said: list[str] = []
    for stream in re.findall(rb"stream\r?\n(.*?)endstream", pdf, flags=re.DOTALL):
        try:
            content = zlib.decompress(stream)
        except zlib.error:
            continue
        for mcid, lang in re.findall(
            rb"<</MCID (\d+)(?:/Lang\(([^)]*)\))?>>\s*BDC", content
        ):
            if lang:
                said.append(lang.decode())
                continue
            element: int | None = owner.get(int(mcid))
            while element is not None and element not in own:
                element = parents.get(element)
            said.append(own[element] if element is not None else document)
    return said


def test_pdf_tags_facts_list_names_and_captions_with_their_language(
    tmp_path: Path,
) -> None:
    pytest.importorskip("typst")
    from munintl.plugins.formats.pdf import PdfRenderer, typst_source

    def document(marked: bool) -> ReportDocument:
        run = (LanguageRun(0, 12, "fi"),) if marked else ()
        return ReportDocument(
            metadata=Metadata(
                title="Bericht", municipality="m", language="de", kind="k"
            ),
            blocks=[
                Heading(text="City of Oulu: Bericht", parts=run),
                Facts(
                    title="Sitzung",
                    items=(("Partner", "City of Oulu, Weiz"),),
                    languages=tuple((0, r) for r in run),
                ),
                Table(
                    title="City of Oulu: Maßnahmen",
                    columns=("Partner",),
                    rows=(("City of Oulu (Partner)",),),
                    parts=tuple((0, 0, r) for r in run),
                    title_languages=run,
                ),
            ],
        )

    source, _figures = typst_source(document(True))
    assert source.count('#text(lang: "fi")[#"City of Oulu"]') == 4
    assert '#"Weiz"' not in source  # the rest of the list stays in the report's
    marked = PdfRenderer().render(document(True))
    plain = PdfRenderer().render(document(False))
    # Each marked name, and nothing else, is read in Finnish: in the
    # heading, the facts grid, the caption and the cell, between German words.
    assert pdf_languages(plain).count("fi") == 0
    languages = pdf_languages(marked)
    assert languages.count("fi") == 4
    assert languages.count("de") >= 3
    if shutil.which("pdftotext") is None:
        pytest.skip("pdftotext (poppler-utils) is not installed")
    out = tmp_path / "marked.pdf"
    out.write_bytes(marked)
    text = subprocess.run(
        ["pdftotext", "-layout", str(out), "-"],
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    assert "City of Oulu, Weiz" in text
    assert "City of Oulu (Partner)" in text


def test_a_heading_partly_in_another_language_marks_those_words(
    tmp_path: Path,
) -> None:
    # munintl speaks Swedish; the municipality's name is Danish only.
    page = html_page(tmp_path, "register", "sv")
    (title,) = page.iter("h1")
    assert title.get("lang") is None
    assert title.text == "Register över initiativ och partnerskap: "
    assert [(s.text, s.get("lang")) for s in title] == [("Skanderborg Kommune", "da")]
    document = docx_file(tmp_path, "register", "sv")
    heading = next(p for p in document.paragraphs if p.style.name == "Heading 1")
    assert docx_runs(heading) == [
        ("Register över initiativ och partnerskap: ", None),
        ("Skanderborg Kommune", "da-DK"),
    ]
