"""Make ``letterhead.docx``: the Word template of a fictional municipality.

*Eksempelby Kommune* does not exist.  Its letterhead shows what a
municipality's own reference document gives a munintl DOCX report: the
house fonts and colours in Word's own styles (``Normal``, ``Heading 1`` to
``Heading 3``, ``Title``, ``Caption``, ``List Bullet``, ``Table Grid`` and
munintl's ``Report Header`` for the header block of an agenda item), the
page set-up, and a letterhead on every page: the logo, the municipality's
name and its address.  The footer is left empty, so munintl writes its own
(municipality, case number, "page x of y"); a template with a footer of
its own keeps it.

Run ``python docs/examples/letterhead/make_letterhead.py`` to write
``letterhead.docx`` and ``logo.png`` beside this script (or
``make_letterhead.py DIR`` to write them elsewhere).  It needs python-docx
and typst (``pip install "munintl[docx]"``): typst draws the logo.  The
same run writes the same bytes, so the files in the repository are the
ones this script makes.  A real municipality would make its letterhead in
Word or LibreOffice Writer instead; munintl reads either.
"""

from __future__ import annotations

import datetime as dt
import io
import sys
from pathlib import Path
from typing import Any

HERE = Path(__file__).resolve().parent

NAME = "Eksempelby Kommune"
ADDRESS = "Rådhustorvet 1 · 9999 Eksempelby · eksempelby.example"
#: The house colours (dark green, lighter green) and fonts (sans for headings,
#: serif for text).  DejaVu ships with LibreOffice and most Linux systems; a
#: municipality would name its own house fonts here.
GREEN = "0B5D4B"
LIGHT = "3C8C78"
HEADING_FONT = "DejaVu Sans"
TEXT_FONT = "DejaVu Serif"
#: When the template was made: it fixes the file's dates, so its bytes too.
MADE = dt.datetime(2025, 1, 6, 9, 0)

LOGO = """\
#set page(width: 2cm, height: 2cm, margin: 0pt, fill: none)
#place(circle(radius: 1cm, fill: rgb("#0B5D4B")))
#place(center + horizon, dy: -0.1cm,
  text(fill: white, size: 30pt, weight: "bold", font: "Libertinus Serif")[E])
#place(bottom + center, dy: -0.38cm,
  curve(stroke: 1.6pt + rgb("#9FD3C2"),
    curve.move((-0.5cm, 0pt)),
    curve.cubic((-0.25cm, -0.16cm), (0cm, 0.16cm), (0.25cm, 0pt)),
    curve.cubic(none, (0.4cm, -0.16cm), (0.5cm, 0pt))))
"""


def logo_png() -> bytes:
    """Draw the logo, a green disc with an E over a wave, as a PNG."""
    import typst

    image = typst.compile(
        LOGO.encode(), format="png", ppi=300, ignore_system_fonts=True
    )
    return image if isinstance(image, bytes) else image[0]


def _rgb(value: str) -> object:
    from docx.shared import RGBColor

    return RGBColor.from_string(value)


def _font(style: object, name: str, size: float, color: str | None = None) -> None:
    from docx.oxml.ns import qn
    from docx.shared import Pt

    font = style.font  # type: ignore[attr-defined]
    font.name = name
    font.size = Pt(size)
    if color:
        font.color.rgb = _rgb(color)
    # East Asian and complex-script text in the same face.
    fonts = style.element.rPr.rFonts  # type: ignore[attr-defined]
    for attribute in ("w:eastAsia", "w:cs"):
        fonts.set(qn(attribute), name)


def _rule_below(paragraph: object, color: str) -> None:
    """Draw a line under ``paragraph`` (the letterhead's rule)."""
    from docx.oxml import OxmlElement
    from docx.oxml.ns import qn

    properties = paragraph._p.get_or_add_pPr()  # type: ignore[attr-defined]
    borders = OxmlElement("w:pBdr")
    bottom = OxmlElement("w:bottom")
    bottom.set(qn("w:val"), "single")
    bottom.set(qn("w:sz"), "12")
    bottom.set(qn("w:space"), "4")
    bottom.set(qn("w:color"), color)
    borders.append(bottom)
    properties.append(borders)


def _styles(document: Any) -> None:
    """Set the house fonts and colours in Word's styles and munintl's."""
    from docx.enum.style import WD_STYLE_TYPE
    from docx.shared import Pt

    styles = document.styles
    _font(styles["Normal"], TEXT_FONT, 10.5, "222222")
    styles["Normal"].paragraph_format.space_after = Pt(6)
    for name, size, color in (
        ("Title", 22, GREEN),
        ("Heading 1", 17, GREEN),
        ("Heading 2", 13, GREEN),
        ("Heading 3", 11, LIGHT),
    ):
        _font(styles[name], HEADING_FONT, size, color)
        styles[name].font.bold = True
    caption = styles["Caption"]
    _font(caption, HEADING_FONT, 9, GREEN)
    caption.font.bold = True
    caption.font.italic = False
    header_block = styles.add_style("Report Header", WD_STYLE_TYPE.PARAGRAPH)
    header_block.base_style = styles["Normal"]
    _font(header_block, HEADING_FONT, 8.5, GREEN)
    header_block.font.bold = True
    header_block.font.all_caps = True
    header_block.paragraph_format.keep_with_next = True
    header_block.paragraph_format.space_before = Pt(6)


def _header(header: Any, logo: bytes) -> None:
    """Write the letterhead: logo, name and address over a green rule."""
    from docx.enum.text import WD_TAB_ALIGNMENT
    from docx.shared import Cm, Pt

    header.is_linked_to_previous = False
    top = header.paragraphs[0]
    top.paragraph_format.tab_stops.add_tab_stop(Cm(16), WD_TAB_ALIGNMENT.RIGHT)
    top.add_run().add_picture(io.BytesIO(logo), width=Cm(1.5))
    top.add_run("\t")
    name = top.add_run(NAME)
    name.bold = True
    name.font.name = HEADING_FONT
    name.font.size = Pt(14)
    name.font.color.rgb = _rgb(GREEN)
    line = header.add_paragraph()
    line.paragraph_format.tab_stops.add_tab_stop(Cm(16), WD_TAB_ALIGNMENT.RIGHT)
    address = line.add_run(f"\t{ADDRESS}")
    address.font.name = HEADING_FONT
    address.font.size = Pt(8)
    address.font.color.rgb = _rgb(LIGHT)
    _rule_below(line, GREEN)


def letterhead(logo: bytes) -> bytes:
    """Return the reference document's bytes."""
    import docx
    from docx.shared import Cm

    from munintl.reports.rendering.ooxml import stable_zip

    document = docx.Document()
    section = document.sections[0]
    section.page_width, section.page_height = Cm(21), Cm(29.7)
    section.left_margin = section.right_margin = Cm(2.5)
    section.top_margin, section.bottom_margin = Cm(4.2), Cm(2.5)
    section.header_distance, section.footer_distance = Cm(1.0), Cm(1.2)

    _styles(document)
    _header(section.header, logo)

    document.add_paragraph(
        f"{NAME} is a fictional municipality: this is munintl's example of a"
        " municipality's own Word template.  munintl keeps its styles, page"
        " set-up and letterhead and drops this text."
    )
    properties = document.core_properties
    properties.title = f"{NAME}: letterhead (fictional example)"
    properties.author = properties.last_modified_by = "munintl"
    properties.created = properties.modified = MADE
    properties.revision = 1
    buffer = io.BytesIO()
    document.save(buffer)
    return stable_zip(buffer.getvalue(), MADE.replace(tzinfo=dt.UTC))


def make(directory: Path = HERE) -> tuple[Path, Path]:
    """Write ``letterhead.docx`` and ``logo.png`` into ``directory``."""
    directory.mkdir(parents=True, exist_ok=True)
    logo = logo_png()
    (directory / "logo.png").write_bytes(logo)
    (directory / "letterhead.docx").write_bytes(letterhead(logo))
    return directory / "letterhead.docx", directory / "logo.png"


if __name__ == "__main__":
    for path in make(Path(sys.argv[1]) if len(sys.argv) > 1 else HERE):
        print(path)
