"""Tables read whole: every word of every table cell survives a real reader.

DOCX goes through LibreOffice to PDF and PDF through ``pdftotext``; a word
split across lines ("Økonom|iudvalge|t") or run into its neighbour's text
("Implementationfrom") is not among the words the reader sees.
"""

from __future__ import annotations

import io
import re
import shutil
import subprocess
from pathlib import Path

import pytest
from docx.oxml.ns import qn

import munintl
from munintl.plugins.formats.pdf import PdfSettings, typst_source
from munintl.reporting import build
from munintl.reports.document import Heading, Paragraph, ReportDocument, Table
from munintl.reports.rendering.markup import cell_text, document_tables
from munintl.reports.rendering.tables import (
    column_widths,
    drop_empty_columns,
    fit_table,
    key_column,
    lead_start,
    plan_table,
    text_width,
)

EXAMPLE = Path(__file__).parents[3] / "examples" / "skanderborg"
REPORTS = [
    pytest.param(
        {"kind": "followup", "followup": "opfoelgning-2011", "lang": lang},
        id=f"followup-{lang}",
    )
    for lang in ("da", "en", "de")
]
REPORTS += [
    pytest.param({"kind": "overview", "lang": lang}, id=f"overview-{lang}")
    for lang in ("da", "en")
]
# The register has fifteen columns, some of them web addresses of a hundred
# characters: it goes on sideways pages, in parts that each repeat its IDs.
REPORTS += [pytest.param({"kind": "register", "lang": "da"}, id="register")]


def _pdftotext(pdf: Path) -> set[str]:
    tool = shutil.which("pdftotext")
    if tool is None:
        pytest.skip("pdftotext (poppler-utils) is not installed")
    text = subprocess.run(
        [tool, "-layout", str(pdf), "-"], capture_output=True, text=True, check=True
    ).stdout
    return set(text.split())


def _missing(options: dict[str, str], words: set[str]) -> list[str]:
    document = build(munintl.load(str(EXAMPLE)), **options)
    missing: list[str] = []
    for table in map(drop_empty_columns, document_tables(document)):
        for row in (table.columns, *table.rows):
            for value in row:
                missing.extend(
                    word
                    for word in cell_text(value, options["lang"]).split()
                    if word not in words
                )
    return missing


@pytest.mark.parametrize("options", REPORTS)
def test_docx_table_words_come_out_whole(
    options: dict[str, str], tmp_path: Path
) -> None:
    soffice = shutil.which("soffice")
    if soffice is None:
        pytest.skip("LibreOffice is not installed")
    data = munintl.render(munintl.load(str(EXAMPLE)), format="docx", **options)
    (tmp_path / "report.docx").write_bytes(data)
    subprocess.run(
        [
            soffice,
            f"-env:UserInstallation=file://{tmp_path / 'profile'}",
            "--headless",
            "--convert-to",
            "pdf",
            "--outdir",
            str(tmp_path),
            str(tmp_path / "report.docx"),
        ],
        capture_output=True,
        check=True,
        timeout=180,
    )
    assert _missing(options, _pdftotext(tmp_path / "report.pdf")) == []


@pytest.mark.parametrize("options", REPORTS)
def test_pdf_table_words_come_out_whole(
    options: dict[str, str], tmp_path: Path
) -> None:
    data = munintl.render(munintl.load(str(EXAMPLE)), format="pdf", **options)
    (tmp_path / "report.pdf").write_bytes(data)
    assert _missing(options, _pdftotext(tmp_path / "report.pdf")) == []


def test_columns_empty_in_every_row_are_dropped() -> None:
    table = Table(
        title="t",
        columns=("A", "B", "C"),
        rows=(("x", None, 1), ("y", "  ", None)),
    )
    assert drop_empty_columns(table).columns == ("A", "C")
    assert drop_empty_columns(table).rows == (("x", 1), ("y", None))
    header_only = Table(title="t", columns=("A", "B"), rows=())
    assert drop_empty_columns(header_only) is header_only


def test_column_widths_keep_the_longest_word_and_fill_the_room() -> None:
    cells = [["Periode", "Beslutning"], ["Økonomiudvalget", "a b c d e f g h i j k l"]]
    widths = column_widths(cells, 30.0, len, padding=1.0)
    assert sum(widths) == pytest.approx(30.0)
    # Only the minimums fit: the first column keeps its longest word whole.
    assert widths[0] >= len("Økonomiudvalget") + 1
    # Everything fits: each column gets at least its longest text.
    roomy = column_widths(cells, 100.0, len)
    assert roomy[1] >= len("a b c d e f g h i j k l")
    assert sum(roomy) == pytest.approx(100.0)
    # Not even the words fit: the minimums are scaled to the room.
    assert column_widths(cells, 10.0, len) == pytest.approx([6.0, 4.0])


def _followup_da() -> ReportDocument:
    return build(
        munintl.load(str(EXAMPLE)),
        kind="followup",
        followup="opfoelgning-2011",
        lang="da",
    )


def test_docx_table_keeps_caption_and_repeats_header() -> None:
    import docx

    data = munintl.render(
        munintl.load(str(EXAMPLE)),
        kind="followup",
        followup="opfoelgning-2011",
        format="docx",
        lang="da",
    )
    document = docx.Document(io.BytesIO(data))
    # The header block (municipality, committee, ...) is a table of labels
    # and values with no header row; the data tables use Table Grid.
    tables = [t for t in document.tables if t.style and t.style.name == "Table Grid"]
    assert tables
    assert len(tables) == len(document.tables) - 1
    for table in tables:
        properties = table._tbl.tblPr
        assert properties.find(qn("w:tblLayout")).get(qn("w:type")) == "fixed"
        assert int(properties.find(qn("w:tblW")).get(qn("w:w"))) <= 9072
        header = table.rows[0]._tr.trPr
        assert header.find(qn("w:tblHeader")) is not None
        caption = table._tbl.getprevious()
        assert caption.pPr.keepNext is not None
    headers = [[cell.text for cell in table.rows[0].cells] for table in tables]
    assert ["Emne", "Type", "Status", "Fremdrift", "Statusopdatering"] in headers


def test_typst_table_keeps_caption_and_sizes_columns() -> None:
    source, _ = typst_source(_followup_da(), PdfSettings())
    tables = re.findall(r"#block\(breakable: false, figure\(kind: table.*", source)
    assert tables
    assert "Reference" not in source
    assert "table.header(" in source
    widths = re.findall(r"#table\(columns: \(([^)]*)\)", source)
    assert widths
    for row in widths:
        points = [float(width.removesuffix("pt")) for width in row.split(", ") if width]
        assert sum(points) <= 595.28 - 2 * 62.4


def test_fit_table_sets_text_smaller_only_when_words_do_not_fit() -> None:
    cells = [["Venskabsbysamarbejde", "Finansieringskilder"]]
    size, widths = fit_table(cells, 1000.0, size=11.0, smallest=7.0, padding=10.0)
    assert size == 11.0
    assert sum(widths) == pytest.approx(1000.0)
    size, widths = fit_table(cells, 300.0, size=11.0, smallest=7.0, padding=10.0)
    assert 7.0 < size < 11.0
    for text, width in zip(cells[0], widths, strict=True):
        assert width >= text_width(text, size) + 10.0
    # Too narrow even at the smallest size: it stops there.
    size, _ = fit_table(cells, 50.0, size=11.0, smallest=7.0, padding=10.0)
    assert size == 7.0


def test_key_column_is_the_first_that_tells_rows_apart() -> None:
    table = Table(
        title="t",
        columns=("Type", "ID", "Title"),
        rows=(("Initiative", "a", "Same"), ("Initiative", "b", "Same")),
    )
    assert key_column(table) == 1
    assert key_column(Table(title="t", columns=("A",), rows=((None,),))) == 0


def test_plan_table_goes_sideways_then_splits_keeping_the_key() -> None:
    narrow = [["Kommune", "Udvalg"]]
    (part,) = plan_table(narrow, 400.0, 700.0, size=11.0, smallest=7.0, padding=10.0)
    assert not part.landscape
    assert part.columns == (0, 1)
    # Too wide upright even at 7 pt, fits sideways: one sideways part.
    wide = [["Venskabsbysamarbejde"] * 5]
    (part,) = plan_table(wide, 400.0, 700.0, size=11.0, smallest=7.0, padding=10.0)
    assert part.landscape
    assert sum(part.widths) == pytest.approx(700.0)
    # Too wide even sideways: parts that each start with the key column and
    # keep every word whole at the size they are set in.
    wider = [["ID", *(f"Finansieringskilde{n}" for n in range(12))]]
    parts = plan_table(wider, 400.0, 700.0, size=11.0, smallest=7.0, padding=10.0)
    assert len(parts) > 1
    assert all(p.landscape and p.columns[0] == 0 for p in parts)
    assert sorted({c for p in parts for c in p.columns}) == list(range(13))
    for p in parts:
        for index, width in zip(p.columns, p.widths, strict=True):
            assert width >= text_width(wider[0][index], p.size) + 10.0


def test_docx_register_goes_on_sideways_pages_in_parts_keyed_by_id() -> None:
    import docx

    data = munintl.render(
        munintl.load(str(EXAMPLE)), kind="register", format="docx", lang="da"
    )
    document = docx.Document(io.BytesIO(data))
    orientations = [section.orientation for section in document.sections]
    # The register sideways with the report's title above it (no upright
    # page of the title alone), upright again for what follows (the tables
    # beside it: documents, histories, organisations ...).
    assert [int(o) for o in orientations][:2] == [1, 0]
    sideways = document.sections[0]
    assert sideways.page_width > sideways.page_height
    built = build(munintl.load(str(EXAMPLE)), kind="register", lang="da")
    register = next(
        b for b in built.blocks if isinstance(b, Table) and b.title == "Register"
    )
    tables = [
        table
        for table in document.tables
        if {cell.text for cell in table.rows[0].cells} <= set(register.columns)
    ]
    assert len(tables) > 1
    assert all(table.rows[0].cells[0].text == "ID" for table in tables)
    for table in tables:
        width = int(table._tbl.tblPr.find(qn("w:tblW")).get(qn("w:w")))
        assert 9072 < width <= 29.7 / 2.54 * 1440 - 2 * 1417


def _first_page(pdf: Path) -> str:
    tool = shutil.which("pdftotext")
    if tool is None:
        pytest.skip("pdftotext (poppler-utils) is not installed")
    return subprocess.run(
        [tool, "-f", "1", "-l", "1", str(pdf), "-"],
        capture_output=True,
        text=True,
        check=True,
    ).stdout


@pytest.mark.parametrize("example", ["skanderborg", "exempelby"])
@pytest.mark.parametrize("format", ["pdf", "docx"])
def test_register_first_page_holds_the_title_and_the_start_of_the_register(
    tmp_path: Path, format: str, example: str
) -> None:
    """Page 1 held the title alone: the sideways register began a new page."""
    portfolio = munintl.load(str(EXAMPLE.parent / example))
    built = build(portfolio, kind="register")
    title = built.metadata.title
    first_id = next(b for b in built.blocks if isinstance(b, Table) and b.rows).rows[0][
        0
    ]
    data = munintl.render(portfolio, kind="register", format=format)
    path = tmp_path / f"register.{format}"
    path.write_bytes(data)
    if format == "docx":
        soffice = shutil.which("soffice")
        if soffice is None:
            pytest.skip("LibreOffice is not installed")
        subprocess.run(
            [
                *(soffice, "--headless", "--convert-to", "pdf"),
                *("--outdir", str(tmp_path), str(path)),
            ],
            capture_output=True,
            check=True,
            timeout=180,
        )
        path = tmp_path / "register.pdf"
    words = _first_page(path).split()
    assert " ".join(title.split()) in " ".join(words)
    assert isinstance(first_id, str)
    assert first_id in words
    assert len(words) > len(title.split()) + 30


def test_a_sideways_table_takes_its_heading_and_the_title_page_along() -> None:
    title = Heading(text="Register", level=1)
    date = Paragraph(text="As of 5 December.")
    section = Heading(text="Histories", level=2)
    intro = Paragraph(text="Every event.")
    table = Table(title="T", columns=("a",), rows=(("x",),))
    # The report's title and date line go with the first table ...
    assert lead_start((title, date, table), 2) == 0
    # ... a section's heading and text with its own, not the text before it.
    blocks = (title, date, table, Paragraph(text="A note."), section, intro, table)
    assert lead_start(blocks, 6) == 4
    # A long front matter (more than the title) stays upright: only the
    # last heading comes along.
    assert lead_start((title, date, section, intro, table), 4) == 2
    # Right after another table, or after text without a heading: nothing.
    assert lead_start((title, table, table), 2) == 2
    assert lead_start((title, table, Paragraph(text="Note."), table), 3) == 3
    # A heading that starts a new page is as far back as it goes.
    annex = Heading(text="Annex", level=1, new_page=True)
    assert lead_start((title, date, annex, intro, table), 4) == 2
