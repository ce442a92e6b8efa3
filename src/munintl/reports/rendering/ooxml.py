"""Office Open XML helpers for the DOCX and XLSX formats.

python-docx and openpyxl stamp every zip entry with the current time, so the
same document would give different bytes each second.  :func:`stable_zip`
rewrites a package with fixed entry times; :func:`utc_naive` gives the
timestamp both libraries expect in their core properties.

The rest is WordprocessingML that python-docx's API does not cover: outline
levels, paragraph borders, list numbering, fields, repeating table headers,
table captions and borders.  Elements are added in the schema's order, as
Word rejects files whose elements are out of order.  python-docx is
imported inside each function, never with this module.
"""

from __future__ import annotations

import copy
import datetime as dt
import io
import re
import zipfile
from collections.abc import Iterable
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from docx.table import Table as DocxTable
    from docx.text.paragraph import Paragraph as DocxParagraph

#: The earliest time a zip entry can carry; used when a report has no time.
ZIP_EPOCH = dt.datetime(1980, 1, 1)
#: The latest time a zip entry can carry (MS-DOS dates end in 2107): a
#: report made as of 9999-12-31, or a follow-up submitted then, gets it.
ZIP_LAST = dt.datetime(2107, 12, 31, 23, 59, 58)


def utc_naive(moment: dt.datetime | None) -> dt.datetime | None:
    """Return ``moment`` in UTC without a time zone (naive times are taken as UTC)."""
    if moment is None or moment.tzinfo is None:
        return moment
    return moment.astimezone(dt.UTC).replace(tzinfo=None)


def stable_zip(data: bytes, moment: dt.datetime | None) -> bytes:
    """Rewrite the zip ``data`` so its bytes depend only on its content and ``moment``.

    Every entry gets ``moment`` (UTC; the zip epoch if None; kept within
    1980-2107, the times a zip entry can carry) as its time,
    Unix as its creating system and the same permissions, in the original
    order, deflated.
    """
    when = utc_naive(moment) or ZIP_EPOCH
    when = min(max(when, ZIP_EPOCH), ZIP_LAST)
    stamp = (when.year, when.month, when.day, when.hour, when.minute, when.second)
    out = io.BytesIO()
    with (
        zipfile.ZipFile(io.BytesIO(data)) as source,
        zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target,
    ):
        for entry in source.infolist():
            info = zipfile.ZipInfo(entry.filename, date_time=stamp)
            info.compress_type = zipfile.ZIP_DEFLATED
            info.create_system = 3
            info.external_attr = 0o644 << 16
            target.writestr(info, source.read(entry))
    return out.getvalue()


#: The elements that follow each element we add, in the schema's order:
#: WordprocessingML elements must appear in that order or Word rejects the file.
_SUCCESSORS: dict[str, tuple[str, ...]] = {
    "w:rPrDefault": ("w:pPrDefault",),
    "w:lang": ("w:eastAsianLayout", "w:specVanish", "w:oMath"),
    "w:outlineLvl": ("w:divId", "w:cnfStyle", "w:rPr", "w:sectPr", "w:pPrChange"),
    "w:pBdr": (
        "w:shd",
        "w:tabs",
        "w:suppressAutoHyphens",
        "w:kinsoku",
        "w:wordWrap",
        "w:overflowPunct",
        "w:topLinePunct",
        "w:autoSpaceDE",
        "w:autoSpaceDN",
        "w:bidi",
        "w:adjustRightInd",
        "w:snapToGrid",
        "w:spacing",
        "w:ind",
        "w:contextualSpacing",
        "w:mirrorIndents",
        "w:suppressOverlap",
        "w:jc",
        "w:textDirection",
        "w:textAlignment",
        "w:textboxTightWrap",
        "w:outlineLvl",
        "w:divId",
        "w:cnfStyle",
        "w:rPr",
        "w:sectPr",
        "w:pPrChange",
    ),
    "w:tblBorders": (
        "w:shd",
        "w:tblLayout",
        "w:tblCellMar",
        "w:tblLook",
        "w:tblCaption",
        "w:tblDescription",
        "w:tblPrChange",
    ),
    "w:tblCaption": ("w:tblDescription", "w:tblPrChange"),
    "w:tblW": (
        "w:jc",
        "w:tblCellSpacing",
        "w:tblInd",
        "w:tblBorders",
        "w:shd",
        "w:tblLayout",
        "w:tblCellMar",
        "w:tblLook",
        "w:tblCaption",
        "w:tblDescription",
        "w:tblPrChange",
    ),
}
_SUCCESSORS["w:shd"] = _SUCCESSORS["w:pBdr"][1:]
_SUCCESSORS["w:rPr"] = ()
_SUCCESSORS["w:tblHeader"] = ()


def child(parent: Any, tag: str) -> Any:
    """Return ``parent``'s ``tag`` child, added in its schema place if missing."""
    from docx.oxml import OxmlElement
    from docx.oxml.ns import qn

    found = parent.find(qn(tag))
    if found is None:
        found = OxmlElement(tag)
        successors = [qn(name) for name in _SUCCESSORS[tag]]
        following = next((c for c in parent if c.tag in successors), None)
        if following is not None:
            following.addprevious(found)
        else:
            parent.append(found)
    return found


def set_outline_level(style: Any, level: int) -> None:
    """Give a paragraph style an outline level (0 is Heading 1's), for navigation."""
    from docx.oxml.ns import qn

    outline = child(style.get_or_add_pPr(), "w:outlineLvl")
    outline.set(qn("w:val"), str(level))


def set_box(style: Any, kind: str) -> None:
    """Draw a ``single`` left rule and shading, or a ``dashed``/``dotted`` box."""
    from docx.oxml import OxmlElement
    from docx.oxml.ns import qn

    borders = child(style.get_or_add_pPr(), "w:pBdr")
    sides = ("left",) if kind == "single" else ("top", "left", "bottom", "right")
    for side in sides:
        edge = OxmlElement(f"w:{side}")
        edge.set(qn("w:val"), kind)
        edge.set(qn("w:sz"), "18" if kind == "single" else "8")
        edge.set(qn("w:space"), "4")
        edge.set(qn("w:color"), "000000")
        borders.append(edge)
    if kind == "single":
        shading = child(style.get_or_add_pPr(), "w:shd")
        shading.set(qn("w:val"), "clear")
        shading.set(qn("w:color"), "auto")
        shading.set(qn("w:fill"), "F2F2F2")


def new_paragraph(style_id: str | None = None, number_id: int | None = None) -> Any:
    """Return a new ``w:p`` with the paragraph style and list numbering given."""
    from docx.oxml import OxmlElement
    from docx.oxml.ns import qn

    paragraph = OxmlElement("w:p")
    if style_id is None and number_id is None:
        return paragraph
    properties = OxmlElement("w:pPr")
    if style_id is not None:
        style = OxmlElement("w:pStyle")
        style.set(qn("w:val"), style_id)
        properties.append(style)
    if number_id is not None:
        numbering = OxmlElement("w:numPr")
        level = OxmlElement("w:ilvl")
        level.set(qn("w:val"), "0")
        number = OxmlElement("w:numId")
        number.set(qn("w:val"), str(number_id))
        numbering.append(level)
        numbering.append(number)
        properties.append(numbering)
    paragraph.append(properties)
    return paragraph


def add_field(paragraph: DocxParagraph, instruction: str) -> None:
    """Append a field such as ``PAGE`` or ``NUMPAGES`` to ``paragraph``."""
    from docx.oxml import OxmlElement
    from docx.oxml.ns import qn

    field = OxmlElement("w:fldSimple")
    field.set(qn("w:instr"), instruction)
    run = OxmlElement("w:r")
    text = OxmlElement("w:t")
    text.text = "1"
    run.append(text)
    field.append(run)
    paragraph._p.append(field)


def has_field(paragraph: DocxParagraph) -> bool:
    """Tell whether ``paragraph`` holds a field (a page number, a date)."""
    from docx.oxml.ns import qn

    element = paragraph._p
    return bool(
        element.findall(f".//{qn('w:fldSimple')}")
        or element.findall(f".//{qn('w:fldChar')}")
    )


def repeat_header(row: Any) -> None:
    """Mark a table row as the header row, repeated on every page."""
    from docx.oxml.ns import qn

    properties = row._tr.get_or_add_trPr()
    child(properties, "w:tblHeader").set(qn("w:val"), "true")


def set_table_width(table: DocxTable, width: int) -> None:
    """Give a table its own width (``width`` in EMU; stored in twips)."""
    from docx.oxml.ns import qn

    element = child(table._tbl.tblPr, "w:tblW")
    element.set(qn("w:w"), str(width // 635))
    element.set(qn("w:type"), "dxa")


#: Run properties that come after ``w:sz`` in a ``w:rPr``.
_AFTER_SIZE = (
    "w:highlight",
    "w:u",
    "w:effect",
    "w:bdr",
    "w:shd",
    "w:fitText",
    "w:vertAlign",
    "w:rtl",
    "w:cs",
    "w:em",
    "w:lang",
    "w:eastAsianLayout",
    "w:specVanish",
    "w:oMath",
)


def set_text_size(element: Any, points: float) -> None:
    """Set every run inside ``element`` (a table, say) at ``points`` points."""
    from docx.oxml import OxmlElement
    from docx.oxml.ns import qn

    half_points = str(round(points * 2))
    after = {qn(name) for name in _AFTER_SIZE}
    for run in element.iter(qn("w:r")):
        properties = run.find(qn("w:rPr"))
        if properties is None:
            properties = OxmlElement("w:rPr")
            run.insert(0, properties)
        for tag in ("w:sz", "w:szCs"):
            for old in properties.findall(qn(tag)):
                properties.remove(old)
        following = next((c for c in properties if c.tag in after), None)
        for tag in ("w:sz", "w:szCs"):
            size = OxmlElement(tag)
            size.set(qn("w:val"), half_points)
            if following is not None:
                following.addprevious(size)
            else:
                properties.append(size)


def describe_table(table: DocxTable, title: str) -> None:
    """Set a table's alternative-text title (its caption for screen readers)."""
    from docx.oxml.ns import qn

    properties = table._tbl.tblPr
    child(properties, "w:tblCaption").set(qn("w:val"), title[:255])


def set_borders(
    table: DocxTable,
    sides: Iterable[str] = ("top", "left", "bottom", "right", "insideH", "insideV"),
    *,
    eighths: int = 4,
    color: str = "767676",
) -> None:
    """Draw borders on ``sides`` of a table (default: thin, around every cell).

    ``eighths`` is the line's width in eighths of a point.  Used for
    references without Table Grid, and for the rules of a header block.
    """
    from docx.oxml import OxmlElement
    from docx.oxml.ns import qn

    borders = child(table._tbl.tblPr, "w:tblBorders")
    for side in sides:
        edge = OxmlElement(f"w:{side}")
        edge.set(qn("w:val"), "single")
        edge.set(qn("w:sz"), str(eighths))
        edge.set(qn("w:color"), color)
        borders.append(edge)


#: A hyphen inside a word ("EU-kontor"), where a line may otherwise break.
_WORD_HYPHEN = re.compile(r"(?<=\S)-(?=\S)")


def keep_hyphenated_words(element: Any) -> None:
    """Make every hyphen inside a word in ``element`` a non-breaking hyphen.

    Word and LibreOffice break a line after a hyphen, so "EU-kontor" in a
    table cell could come out as "EU-" and "kontor" even in a column sized
    to hold it whole.  ``w:noBreakHyphen`` looks and reads (in a PDF's text)
    as the same hyphen but keeps the word together.
    """
    from docx.oxml import OxmlElement
    from docx.oxml.ns import qn

    space = "{http://www.w3.org/XML/1998/namespace}space"
    for text in list(element.iter(qn("w:t"))):
        value = text.text or ""
        if "-" not in value or not _WORD_HYPHEN.search(value):
            continue
        first, *rest = _WORD_HYPHEN.split(value)
        text.text = first
        anchor = text
        for part in rest:
            hyphen = OxmlElement("w:noBreakHyphen")
            anchor.addnext(hyphen)
            piece = OxmlElement("w:t")
            piece.text = part
            piece.set(space, "preserve")
            hyphen.addnext(piece)
            anchor = piece


def section_break(body_end: Any, *, landscape: bool) -> Any:
    """Return a paragraph that ends a section laid out like ``body_end``.

    ``body_end`` is the document's last ``w:sectPr`` (its page size,
    margins, headers and footers are copied); ``landscape`` turns the
    copy's page sideways.  Everything before the returned paragraph, back
    to the previous section break, is laid out that way.
    """
    from docx.oxml import OxmlElement
    from docx.oxml.ns import qn

    properties = copy.deepcopy(body_end)
    size = properties.find(qn("w:pgSz"))
    if size is not None:
        width, height = size.get(qn("w:w")), size.get(qn("w:h"))
        upright = int(width or 0) <= int(height or 0)
        if landscape == upright and width and height:
            size.set(qn("w:w"), height)
            size.set(qn("w:h"), width)
        if landscape:
            size.set(qn("w:orient"), "landscape")
        elif qn("w:orient") in size.attrib:
            del size.attrib[qn("w:orient")]
    paragraph = OxmlElement("w:p")
    paragraph_properties = OxmlElement("w:pPr")
    paragraph_properties.append(properties)
    paragraph.append(paragraph_properties)
    return paragraph


def is_section_break(element: Any) -> bool:
    """Tell whether ``element`` is a paragraph that ends a section."""
    from docx.oxml.ns import qn

    properties = element.find(qn("w:pPr")) if element.tag == qn("w:p") else None
    return properties is not None and properties.find(qn("w:sectPr")) is not None


def add_run(
    text: str,
    *,
    bold: bool = False,
    italic: bool = False,
    style: str | None = None,
    language: str | None = None,
) -> Any:
    """Return a new ``w:r`` run of ``text``; python-docx's runs cost a call per letter.

    Tabs and line breaks in ``text`` become spaces.  ``style`` is a character
    style's id; ``language`` (``en-GB``) the language of a run in another
    language than the document's (``w:lang``), so it is read and spell-checked
    as its own.
    """
    from docx.oxml import OxmlElement
    from docx.oxml.ns import qn

    run = OxmlElement("w:r")
    if bold or italic or style or language:
        properties = OxmlElement("w:rPr")
        if style:
            style_element = OxmlElement("w:rStyle")
            style_element.set(qn("w:val"), style)
            properties.append(style_element)
        if bold:
            properties.append(OxmlElement("w:b"))
        if italic:
            properties.append(OxmlElement("w:i"))
        if language:  # w:lang comes after w:b and w:i in w:rPr
            lang = OxmlElement("w:lang")
            lang.set(qn("w:val"), language)
            properties.append(lang)
        run.append(properties)
    content = OxmlElement("w:t")
    content.text = " ".join(text.split("\n")).replace("\t", " ")
    content.set("{http://www.w3.org/XML/1998/namespace}space", "preserve")
    run.append(content)
    return run
