from __future__ import annotations

import datetime as dt
import shutil
import subprocess
from pathlib import Path

import pytest

from munintl.hooks.records import ReportFormat
from munintl.plugins.formats.pdf import (
    PdfError,
    PdfSettings,
    heading_levels,
    make_renderer,
    typst_source,
)
from munintl.reports.document import (
    Figure,
    Heading,
    Metadata,
    Paragraph,
    ReportDocument,
    Table,
    Timeline,
    TimelineBar,
)
from munintl.testing.reports import (
    INJECTIONS,
    ReportFormatContract,
    empty_document,
    injection_document,
    sample_document,
)

pytest.importorskip("typst")

needs_poppler = pytest.mark.skipif(
    shutil.which("pdftotext") is None,
    reason="poppler-utils (pdftotext) is not installed",
)


def pdftotext(data: bytes, *options: str) -> str:
    result = subprocess.run(
        ["pdftotext", "-enc", "UTF-8", *options, "-", "-"],
        input=data,
        capture_output=True,
        check=True,
    )
    return result.stdout.decode("utf-8")


def pdfinfo(data: bytes) -> dict[str, str]:
    result = subprocess.run(
        ["pdfinfo", "-"], input=data, capture_output=True, check=True
    )
    pairs = (line.split(":", 1) for line in result.stdout.decode("utf-8").splitlines())
    return {key.strip(): value.strip() for key, value in pairs}


class TestPdfFormat(ReportFormatContract):
    @pytest.fixture
    def format_name(self) -> str:
        return "pdf"

    def extract_text(self, data: bytes, report_format: ReportFormat) -> str | None:
        if shutil.which("pdftotext") is None:
            return None
        return pdftotext(data)


@needs_poppler
@pytest.mark.parametrize("language", ["da", "de"])
def test_pdf_text_keeps_danish_and_german_letters(language: str) -> None:
    text = pdftotext(make_renderer(None).render(sample_document(language)), "-layout")
    letters = {"da": "æøåÆØÅ", "de": "äöüÄÖÜß"}[language]
    wanted = {letter for letter in letters if letter in str(sample_document(language))}
    assert wanted
    assert wanted <= {letter for letter in letters if letter in text}
    assert "Grøn omstilling" in text or "Größe" in text


@needs_poppler
def test_pdf_is_tagged_and_carries_the_metadata() -> None:
    document = sample_document("da")
    data = make_renderer(None).render(document)
    info = pdfinfo(data)
    assert info["Tagged"] == "yes"
    assert info["Title"] == document.metadata.title
    assert info["Author"] == "Skanderborg Kommune"
    assert "2025" in info["CreationDate"]
    assert b"pdfuaid:part" in data  # the PDF/UA-1 claim typst checked
    assert b"/Lang(da)" in data


@needs_poppler
def test_pdf_without_the_ua_claim_is_still_tagged() -> None:
    data = make_renderer(PdfSettings(standard="none")).render(sample_document("da"))
    assert pdfinfo(data)["Tagged"] == "yes"
    assert b"pdfuaid:part" not in data


@needs_poppler
def test_pdf_shows_injected_text_as_text() -> None:
    text = " ".join(pdftotext(make_renderer(None).render(injection_document())).split())
    for injected in INJECTIONS:
        if "](" in injected:  # a link: its label shows
            continue
        assert " ".join(injected.split()) in text, injected


def test_pdf_source_holds_text_only_in_string_literals() -> None:
    source, figures = typst_source(injection_document())
    assert '#panic("typst")' not in source.replace('\\"', "")
    assert set(figures) == {f"figure-{len(injection_document().blocks)}-1"}


def test_pdf_heading_levels_start_at_one_and_do_not_skip() -> None:
    metadata = sample_document("da").metadata
    document = ReportDocument(
        metadata=metadata,
        blocks=(
            Heading(text="a", level=2),
            Paragraph(text="x"),
            Heading(text="b", level=4),
            Heading(text="c", level=3),
            Heading(text="d", level=2),
        ),
    )
    assert heading_levels(document) == [1, 2, 2, 1]
    assert make_renderer(None).render(document).startswith(b"%PDF")


def test_pdf_of_an_empty_report_is_one_page() -> None:
    assert make_renderer(None).render(empty_document()).startswith(b"%PDF-")


def test_pdf_without_a_time_is_deterministic() -> None:
    document = ReportDocument(
        metadata=Metadata(title="t", municipality="m", language="da", kind="k"),
        blocks=(Heading(text="Ærø"),),
    )
    data = make_renderer(None).render(document)
    assert data == make_renderer(None).render(document)
    assert b"/CreationDate" not in data


def test_pdf_reports_what_typst_refuses_as_a_pdf_error() -> None:
    # A paper typst does not know is refused when the settings are made;
    # set one past that check to make typst itself refuse.
    settings = PdfSettings()
    object.__setattr__(settings, "paper", "no-such-paper")
    with pytest.raises(PdfError, match="typst could not write the PDF"):
        make_renderer(settings).render(sample_document("da"))


def test_a_paper_typst_does_not_know_is_refused_when_the_settings_are_made() -> None:
    with pytest.raises(ValueError, match="is not a paper size typst knows"):
        PdfSettings(paper="no-such-paper")
    assert PdfSettings(paper="a6").paper == "a6"


DEJAVU = Path("/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf")


@needs_poppler
@pytest.mark.skipif(not DEJAVU.is_file(), reason="fonts-dejavu is not installed")
def test_pdf_uses_a_house_font_from_a_folder(tmp_path: Path) -> None:
    shutil.copy(DEJAVU, tmp_path)
    settings = PdfSettings(font="DejaVu Sans", font_paths=(str(tmp_path),))
    data = make_renderer(settings).render(sample_document("da"))
    fonts = subprocess.run(
        ["pdffonts", "-"], input=data, capture_output=True, check=True
    ).stdout.decode()
    assert "DejaVuSans" in fonts
    assert "Ølstykke" in pdftotext(data)


def test_pdf_refuses_a_font_it_cannot_find(tmp_path: Path) -> None:
    """typst would set the text in its own font without a word."""
    settings = PdfSettings(font="No Such Font", font_paths=(str(tmp_path),))
    with pytest.raises(PdfError) as raised:
        make_renderer(settings).render(sample_document("da"))
    assert str(raised.value) == (
        "[plugins.pdf] font: no font named 'No Such Font' was found (in typst's own"
        f" fonts and the font_paths: {tmp_path}); add the folder holding it to"
        " font_paths, or name another font; nothing was written"
    )


def test_pdf_draws_a_long_timeline_in_parts_each_with_alt_text() -> None:
    bars = tuple(
        TimelineBar(
            label=f"Initiativ {n}", group=f"Tema {n % 3}", start=dt.date(2020, 1, 1)
        )
        for n in range(100)
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
    source, figures = typst_source(document)
    assert len(figures) == 3
    assert source.count("#image(") == 3
    assert 'alt: "Alle initiativer"' in source
    assert 'alt: "Tidslinje (3/3)"' in source
    assert make_renderer(None).render(document).startswith(b"%PDF")
