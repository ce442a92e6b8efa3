"""The example of a municipality's own Word template: docs/examples/letterhead.

The reference document is made by a script kept beside it; a report
rendered on it carries its fonts, colours, page set-up and letterhead (the
logo and the municipality's name on every page), read back with
python-docx and, through LibreOffice, with ``pdftotext`` and ``pdffonts``.
"""

from __future__ import annotations

import importlib.util
import io
import shutil
import subprocess
from pathlib import Path
from types import ModuleType
from typing import Any

import pytest

import munintl
from munintl.plugins.formats.docx import DocxSettings, make_renderer
from munintl.reporting import build
from munintl.testing.reports import libreoffice_convert

pytest.importorskip("docx")
pytest.importorskip("typst")

ROOT = Path(__file__).resolve().parents[3]
LETTERHEAD = ROOT / "docs" / "examples" / "letterhead"
EXAMPLE = ROOT / "examples" / "skanderborg"


def _script() -> ModuleType:
    spec = importlib.util.spec_from_file_location(
        "make_letterhead", LETTERHEAD / "make_letterhead.py"
    )
    assert spec is not None
    assert spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


@pytest.fixture(scope="module")
def made(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path]:
    """The letterhead and logo as the script makes them now."""
    return _script().make(tmp_path_factory.mktemp("letterhead"))  # type: ignore[no-any-return]


@pytest.fixture(scope="module")
def report(made: tuple[Path, Path]) -> bytes:
    """The Skanderborg sample follow-up in Danish, on the letterhead."""
    document = build(munintl.load(str(EXAMPLE)), followup="opfoelgning-2011", lang="da")
    return make_renderer(DocxSettings(template=str(made[0]))).render(document)


def test_shipped_letterhead_is_what_the_script_makes(made: tuple[Path, Path]) -> None:
    letterhead, logo = made
    assert (LETTERHEAD / "letterhead.docx").read_bytes() == letterhead.read_bytes()
    assert (LETTERHEAD / "logo.png").read_bytes() == logo.read_bytes()


def test_report_keeps_the_templates_styles_page_and_letterhead(
    made: tuple[Path, Path], report: bytes
) -> None:
    import docx
    from docx.shared import Cm, RGBColor

    script = _script()
    document: Any = docx.Document(io.BytesIO(report))
    styles = document.styles
    assert styles["Heading 1"].font.name == "DejaVu Sans"
    assert styles["Heading 1"].font.color.rgb == RGBColor.from_string("0B5D4B")
    assert styles["Normal"].font.name == "DejaVu Serif"
    assert styles["Report Header"].font.all_caps
    section = document.sections[0]
    assert abs(section.top_margin - Cm(4.2)) < Cm(0.01)
    header = section.header
    assert "Eksempelby Kommune" in header.paragraphs[0].text
    assert script.ADDRESS in header.paragraphs[1].text
    # The logo is the picture in the header.
    images = [
        part.blob
        for part in header.part.related_parts.values()
        if part.content_type == "image/png"
    ]
    assert images == [made[1].read_bytes()]
    # The template's own text is gone; the report is there, in its styles.
    body = [p.text for p in document.paragraphs]
    assert not any("fictional municipality" in text for text in body)
    headings = [p.text for p in document.paragraphs if p.style.name == "Heading 1"]
    assert headings[0].startswith("Årlig opfølgning")
    # No footer of its own: munintl writes municipality, case and page x of y.
    footer = section.footer.paragraphs[0].text
    assert footer.startswith("Skanderborg Kommune · Sagsnummer: EKSEMPEL-2011-001")


def test_letterhead_and_house_fonts_show_on_every_page(
    report: bytes, tmp_path: Path
) -> None:
    for tool in ("pdftotext", "pdffonts"):
        if shutil.which(tool) is None:
            pytest.skip(f"{tool} (poppler-utils) is not installed")
    (pdf,) = libreoffice_convert({"report.docx": report}, "pdf", tmp_path)[
        "report.docx"
    ]
    text = subprocess.run(
        ["pdftotext", "-enc", "UTF-8", str(pdf), "-"],
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    pages = [page for page in text.split("\f") if page.strip()]
    assert len(pages) > 1
    for number, page in enumerate(pages, start=1):
        assert "Eksempelby Kommune" in page
        assert f"Side {number} af {len(pages)}" in page
    fonts = subprocess.run(
        ["pdffonts", str(pdf)], capture_output=True, text=True, check=True
    ).stdout
    assert "DejaVuSans-Bold" in fonts  # headings
    assert "DejaVuSerif" in fonts  # text
