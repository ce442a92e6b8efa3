from __future__ import annotations

import io
import zipfile
from pathlib import Path
from typing import Any

import pytest

from munintl.errors import ConfigError
from munintl.hooks.records import ReportFormat
from munintl.plugins.formats.docx import DocxSettings, make_renderer
from munintl.reports.document import Heading, Metadata, ReportDocument
from munintl.reports.rendering.markup import label
from munintl.testing.reports import (
    INJECTIONS,
    ReportFormatContract,
    empty_document,
    injection_document,
    libreoffice_convert,
    sample_document,
)

docx = pytest.importorskip("docx")
pytest.importorskip("typst")

W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"


def _open(data: bytes) -> Any:
    return docx.Document(io.BytesIO(data))


def _all_text(document: Any) -> str:
    parts = [p.text for p in document.paragraphs]
    for table in document.tables:
        parts += [cell.text for row in table.rows for cell in row.cells]
    return "\n".join(parts)


class TestDocxFormat(ReportFormatContract):
    @pytest.fixture
    def format_name(self) -> str:
        return "docx"

    def extract_text(self, data: bytes, report_format: ReportFormat) -> str | None:
        return _all_text(_open(data))


@pytest.fixture(scope="module")
def sample() -> Any:
    return _open(make_renderer(None).render(sample_document("da")))


def test_docx_headings_use_word_heading_styles_in_order(sample: Any) -> None:
    headings = [
        (p.style.name, p.text)
        for p in sample.paragraphs
        if p.style.name.startswith("Heading")
    ]
    assert headings == [
        ("Heading 1", "Årsopfølgning"),
        ("Heading 2", "Grøn omstilling – Ølstykke"),
        ("Heading 3", "Tabel"),
        ("Heading 3", "Figur"),
    ]


def test_docx_lists_use_list_styles_and_each_numbered_list_restarts(
    sample: Any,
) -> None:
    bullets = [p.text for p in sample.paragraphs if p.style.name == "List Bullet"]
    assert bullets == [
        "styrke Ærø",
        "besøge Skødstrup",
        "Første punkt Årsopfølgning",
        "Andet punkt Skødstrup",
    ]
    numbered = [p for p in sample.paragraphs if p.style.name == "List Number"]
    assert [p.text for p in numbered] == ["Trin Grøn omstilling", "Trin Ølstykke"]
    num_id = numbered[0]._p.pPr.numPr.numId.val
    numbering = sample.part.numbering_part.element
    (num,) = [
        n for n in numbering.findall(f"{W}num") if n.get(f"{W}numId") == str(num_id)
    ]
    assert num.find(f"{W}lvlOverride/{W}startOverride").get(f"{W}val") == "1"


def test_docx_runs_carry_emphasis_strong_and_links(sample: Any) -> None:
    first = sample.paragraphs[1]
    assert [(r.text, r.italic, r.bold) for r in first.runs][:4] == [
        ("Rapport om ", None, None),
        ("Grøn omstilling", True, None),
        (" og ", None, None),
        ("Ærø", None, True),
    ]
    (link,) = first._p.findall(f"{W}hyperlink")
    target = first.part.rels[
        link.get(
            "{http://schemas.openxmlformats.org/officeDocument/2006/relationships}id"
        )
    ].target_ref
    assert target == "https://skanderborg.dk"


def test_docx_marked_paragraphs_have_styles_and_labels(sample: Any) -> None:
    styled = {
        p.style.name: p.text
        for p in sample.paragraphs
        if p.style.name.startswith("Report ")
    }
    assert styled["Report Illustrative"].startswith(
        f"{label('da', 'illustrative')}: Eksempel"
    )
    assert styled["Report Note"].startswith(f"{label('da', 'note')}: Bemærk")
    assert styled["Report Fallback"].startswith(f"{label('da', 'fallback')}: Text")
    border = sample.styles["Report Illustrative"].element.find(f"{W}pPr/{W}pBdr/{W}top")
    assert border.get(f"{W}val") == "dashed"


def test_docx_tables_have_style_caption_and_repeating_header(sample: Any) -> None:
    table = sample.tables[0]
    assert table.style.name == "Table Grid"
    assert (
        table._tbl.tblPr.find(f"{W}tblCaption").get(f"{W}val")
        == "Status på Grøn omstilling"
    )
    header = table.rows[0]
    assert header._tr.trPr.find(f"{W}tblHeader") is not None
    assert [c.text for c in header.cells][:2] == ["Initiativ", "Beløb (DKK)"]
    assert all(run.bold for cell in header.cells for run in cell.paragraphs[0].runs)
    amount = table.rows[1].cells[1].paragraphs[0]
    assert amount.text == "125.000,50"
    assert amount.alignment == docx.enum.text.WD_ALIGN_PARAGRAPH.RIGHT
    captions = [p.text for p in sample.paragraphs if p.style.name == "Caption"]
    assert captions == [
        "Status på Grøn omstilling",
        "Tidslinje",
        "Data: Grøn omstilling",
    ]


def test_docx_figure_is_a_picture_with_alt_text(sample: Any) -> None:
    (shape,) = sample.inline_shapes
    properties = shape._inline.docPr
    assert (
        properties.get("descr")
        == "Initiativer fordelt på tema: Grøn omstilling og Skødstrup"
    )
    assert properties.get("title") == "Tidslinje"
    image = shape._inline.graphic.graphicData.pic.blipFill.blip.embed
    blob = sample.part.related_parts[image].blob
    assert blob.startswith(b"\x89PNG")
    assert len(sample.tables) == 2  # the figure's data follows as a table


def test_docx_properties_language_and_page_numbers(sample: Any) -> None:
    properties = sample.core_properties
    assert properties.title == "Årsopfølgning 2024"
    assert properties.author == "Skanderborg Kommune"
    assert properties.language == "da"
    assert properties.identifier == "24/12345"
    assert properties.created.year == 2025
    assert properties.modified == properties.created
    lang = sample.styles.element.find(f"{W}docDefaults/{W}rPrDefault/{W}rPr/{W}lang")
    assert lang.get(f"{W}val") == "da-DK"
    footer = sample.sections[0].footer._element
    assert [f.get(f"{W}instr") for f in footer.iter(f"{W}fldSimple")] == [
        "PAGE",
        "NUMPAGES",
    ]


def test_docx_packages_every_entry_with_the_report_time() -> None:
    data = make_renderer(None).render(sample_document("da"))
    with zipfile.ZipFile(io.BytesIO(data)) as package:
        assert {info.date_time for info in package.infolist()} == {
            (2025, 3, 4, 9, 30, 0)
        }


def test_docx_without_a_time_is_still_deterministic() -> None:
    document = ReportDocument(
        metadata=Metadata(title="t", municipality="m", language="de", kind="k"),
        blocks=(Heading(text="Größe"),),
    )
    data = make_renderer(None).render(document)
    assert data == make_renderer(None).render(document)
    assert _open(data).core_properties.created is None


def test_docx_injection_stays_text() -> None:
    document = _open(make_renderer(None).render(injection_document()))
    text = _all_text(document)
    for injected in INJECTIONS:
        if "](" not in injected and "\t" not in injected and "\r" not in injected:
            assert injected in text, injected
    targets = [rel.target_ref for rel in document.part.rels.values() if rel.is_external]
    assert not any("javascript" in target for target in targets)


def _reference(tmp_path: Path, footer: str | None = None) -> Path:
    reference = docx.Document()
    reference.add_paragraph("BRØDTEKST DER SKAL VÆK")
    reference.sections[0].header.paragraphs[0].text = "Skanderborg Kommune · Brevpapir"
    if footer is not None:
        reference.sections[0].footer.paragraphs[0].text = footer
    style = reference.styles.add_style(
        "Report Note", docx.enum.style.WD_STYLE_TYPE.PARAGRAPH
    )
    style.font.name = "Comic Neue"
    reference.styles["Normal"].font.name = "Skanderborg Sans"
    path = tmp_path / "brevpapir.docx"
    reference.save(str(path))
    return path


def test_docx_reference_gives_letterhead_and_styles_but_not_its_text(
    tmp_path: Path,
) -> None:
    settings = DocxSettings(template=str(_reference(tmp_path)))
    document = _open(make_renderer(settings).render(sample_document("da")))
    assert "BRØDTEKST" not in _all_text(document)
    assert document.paragraphs[0].text == "Årsopfølgning"
    assert (
        document.sections[0].header.paragraphs[0].text
        == "Skanderborg Kommune · Brevpapir"
    )
    assert document.styles["Report Note"].font.name == "Comic Neue"
    assert document.styles["Normal"].font.name == "Skanderborg Sans"
    footer = document.sections[0].footer._element
    assert [f.get(f"{W}instr") for f in footer.iter(f"{W}fldSimple")] == [
        "PAGE",
        "NUMPAGES",
    ]


def test_docx_reference_keeps_its_own_footer(tmp_path: Path) -> None:
    settings = DocxSettings(template=str(_reference(tmp_path, footer="Rådhuset, 8660")))
    document = _open(make_renderer(settings).render(sample_document("da")))
    footer = document.sections[0].footer
    assert [p.text for p in footer.paragraphs] == ["Rådhuset, 8660"]
    assert not list(footer._element.iter(f"{W}fldSimple"))


def test_docx_reference_must_be_a_docx(tmp_path: Path) -> None:
    with pytest.raises(ConfigError, match="does not exist"):
        make_renderer(DocxSettings(template=str(tmp_path / "none.docx"))).render(
            empty_document()
        )
    (tmp_path / "plain.docx").write_text("not a zip", encoding="utf-8")
    # Refused when the settings are made, so validate names the setting.
    with pytest.raises(ValueError, match=r"is not a Word document \(\.docx\)"):
        DocxSettings(template=str(tmp_path / "plain.docx"))


def test_libreoffice_opens_every_docx(tmp_path: Path) -> None:
    files = {
        "sample.docx": make_renderer(None).render(sample_document("da")),
        "german.docx": make_renderer(None).render(sample_document("de")),
        "injection.docx": make_renderer(None).render(injection_document()),
        "empty.docx": make_renderer(None).render(empty_document()),
        "letterhead.docx": make_renderer(
            DocxSettings(template=str(_reference(tmp_path)))
        ).render(sample_document("da")),
    }
    outputs = libreoffice_convert(files, "txt:Text (encoded):UTF8", tmp_path)
    texts = {
        name: paths[0].read_text(encoding="utf-8-sig")
        for name, paths in outputs.items()
    }
    for word in (
        "Årsopfølgning",
        "Grøn omstilling",
        "Ærø",
        "Skødstrup",
        "Ølstykke",
        "125.000,50",
    ):
        assert word in texts["sample.docx"]
        assert word in texts["letterhead.docx"]
    for word in ("Übersicht", "Größe", "Grüße", "Köln", "Maßnahmen"):
        assert word in texts["german.docx"]
    assert "<script>alert('x')</script>" in texts["injection.docx"]
    assert "BRØDTEKST" not in texts["letterhead.docx"]
    assert texts["empty.docx"].strip() == ""


def test_docx_draws_a_long_timeline_as_several_pictures_with_alt_text() -> None:
    import datetime as dt

    from munintl.reports.document import Figure, Table, Timeline, TimelineBar

    bars = tuple(
        TimelineBar(label=f"Initiativ {n}", group="Tema", start=dt.date(2020, 1, 1))
        for n in range(80)
    )
    figure = Figure(
        title="Tidslinje",
        alt="Alle initiativer",
        data=Table(title="Data", columns=("a",), rows=(("b",),)),
        timeline=Timeline(
            start=dt.date(2019, 1, 1), end=dt.date(2024, 1, 1), bars=bars
        ),
    )
    document = ReportDocument(metadata=sample_document("da").metadata, blocks=(figure,))
    shapes = _open(make_renderer(None).render(document)).inline_shapes
    descriptions = [shape._inline.docPr.get("descr") for shape in shapes]
    assert descriptions == ["Alle initiativer", "Tidslinje (2/3)", "Tidslinje (3/3)"]


def test_docx_timeline_text_is_at_least_nine_points_on_the_page() -> None:
    import datetime as dt

    from munintl.reports.document import Figure, Table, Timeline, TimelineBar
    from munintl.reports.rendering.figures import FONT_SIZE, timeline_svg

    timeline = Timeline(
        start=dt.date(2019, 1, 1),
        end=dt.date(2024, 1, 1),
        bars=(TimelineBar(label="Initiativ", group="Tema", start=dt.date(2020, 1, 1)),),
    )
    figure = Figure(
        title="Tidslinje",
        alt="Alle initiativer",
        data=Table(title="Data", columns=("a",), rows=(("b",),)),
        timeline=timeline,
    )
    document = ReportDocument(metadata=sample_document("da").metadata, blocks=(figure,))
    (shape,) = _open(make_renderer(None).render(document)).inline_shapes
    svg = timeline_svg(timeline, title="Tidslinje", alt="a", language="da")
    svg_width = float(svg.split(' width="', 1)[1].split('"', 1)[0])
    points_per_unit = shape.width / 12_700 / svg_width  # EMU per point
    assert FONT_SIZE * points_per_unit >= 9 - 0.01


def test_page_is_a4_without_a_reference_document() -> None:
    import io

    import docx

    from munintl.plugins.formats.docx import munintl_report_formats
    from munintl.reports.document import Heading, Metadata, ReportDocument

    (record,) = munintl_report_formats()
    document = ReportDocument(
        metadata=Metadata(title="A4", municipality="m", language="da", kind="k"),
        blocks=(Heading(text="Side", level=1),),
    )
    rendered = docx.Document(io.BytesIO(record.factory(None).render(document)))
    section = rendered.sections[0]
    assert section.page_width is not None
    assert section.page_height is not None
    assert (round(section.page_width.cm, 1), round(section.page_height.cm, 1)) == (
        21.0,
        29.7,
    )
