"""The DOCX report format: a Word document for committee systems (python-docx).

Everything uses Word's own styles, so the document navigates, reflows and
restyles like one written by hand: ``Heading 1``-``Heading 9`` for
headings (in the navigation pane, with outline levels), ``List Bullet`` and
``List Number`` for lists (each numbered list starts at 1), ``Table Grid``
for tables with a repeating, bold header row and the table's title as its
caption and alternative-text title, ``Caption`` for table and figure titles,
and ``Hyperlink`` for links.  Notes, illustrative and untranslated
paragraphs get the paragraph styles ``Report Note``, ``Report
Illustrative`` and ``Report Fallback`` (boxed, with a label, so they stand
out in greyscale), created when missing.

``template`` names a reference .docx whose styles, page setup, headers and
footers are used -- the municipality's letterhead -- as pandoc's reference documents
are: its body text is dropped.  A style missing from it is added with
sensible defaults; a reference with its own footer keeps it, otherwise the
footer shows ``page / pages``.

A timeline figure is a PNG drawn by :mod:`munintl.reports.rendering.figures` (via
typst), with the figure's alternative text on the picture, its title as
caption and its data as a table.  Core properties -- title, author (the
municipality), subject, language, identifier (the case reference), created
and modified (``generated_at``) -- and the document language come from the
report, and the same document gives the same bytes.

python-docx is imported when a document is written, not when plugins are
listed (``pip install 'munintl[docx]'``).
"""

from __future__ import annotations

import copy
import io
import zipfile
from collections.abc import Iterable, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any, NamedTuple

import attrs

from munintl.errors import ConfigError
from munintl.hooks import hookimpl
from munintl.hooks.records import ReportFormat
from munintl.i18n import N_, _
from munintl.model.dates import FieldValueError
from munintl.model.markdown import Inline, parse_markdown
from munintl.reports.document import Prose
from munintl.reports.rendering.markup import (
    cell_languages,
    cell_parts,
    cell_text,
    clean,
    fact_languages,
    footer_text,
    format_cell,
    is_number,
    language_pieces,
    page_label,
    paragraph_label,
    safe_url,
    words_language,
)
from munintl.reports.rendering.ooxml import (
    add_field,
    add_run,
    child,
    describe_table,
    has_field,
    is_section_break,
    keep_hyphenated_words,
    new_paragraph,
    repeat_header,
    section_break,
    set_borders,
    set_box,
    set_outline_level,
    set_table_width,
    set_text_size,
    stable_zip,
    utc_naive,
)
from munintl.reports.rendering.tables import (
    TablePart,
    drop_empty_columns,
    key_column,
    lead_start,
    plan_table,
    text_width,
)
from munintl.wire.untrusted import (
    MAX_ARCHIVE_BYTES,
    NotAnArchiveError,
    UntrustedFileError,
    open_archive,
    read_bounded,
    refuse_archive_doctypes,
)

if TYPE_CHECKING:
    from docx.document import Document
    from docx.table import Table as DocxTable
    from docx.table import _Cell
    from docx.text.paragraph import Paragraph as DocxParagraph

    from munintl.reports.document import (
        Cell,
        Facts,
        Figure,
        LanguageRun,
        ListBlock,
        Metadata,
        Paragraph,
        ReportDocument,
        Table,
    )

#: Paragraph styles for marked paragraphs, and the border each gets when created.
MARKED_STYLES: dict[str, tuple[str, str]] = {
    "note": ("Report Note", "single"),
    "illustrative": ("Report Illustrative", "dashed"),
    "fallback": ("Report Fallback", "dotted"),
}
#: EMU in a typographic point.
_EMU_PER_POINT = 12_700
#: A cell's left and right margins together (Word's default 0.19 cm each), in EMU.
_CELL_PADDING = 2 * 68_580 + 2 * _EMU_PER_POINT
#: The smallest text a table is set in to keep its words whole, in points.
_SMALLEST = 7.0
#: The widest a figure is drawn, in EMU (16 cm).
FIGURE_WIDTH = 5_760_000
#: Rows of a timeline drawn per picture; a longer timeline is drawn in parts.
PAGE_ROWS = 36


@attrs.frozen(kw_only=True)
class DocxSettings:
    """``[plugins.docx]``: ``template``, a reference .docx with letterhead and styles.

    ``[templates] docx`` in ``munintl.toml`` sets it too, like the HTML and
    Markdown templates.
    """

    template: str | None = attrs.field(default=None)

    @template.validator
    def _check_template(
        self, attribute: attrs.Attribute[Any], value: str | None
    ) -> None:
        # Checked when the settings are made -- so `munintl validate` names
        # the munintl.toml line -- not first when a report is written.  A
        # missing file is said where the path is checked.
        if value is not None and Path(value).is_file() and not _is_docx(Path(value)):
            raise FieldValueError(
                attribute.name,
                N_(
                    "{value!r} is not a Word document (.docx); name a reference"
                    " document saved by Word or LibreOffice"
                ),
                value=Path(value).name,
            )


def _is_docx(path: Path) -> bool:
    """Tell from its table of contents alone whether ``path`` is a .docx package."""
    try:
        with zipfile.ZipFile(path) as archive:
            return "word/document.xml" in archive.namelist()
    except (OSError, zipfile.BadZipFile, ValueError, EOFError):
        return False


def _bounded_reference(reference: str) -> io.BytesIO:
    """Read the reference document as a form from outside is read.

    It may come with a downloaded portfolio, so it is held to the same
    limits (:mod:`munintl.wire.untrusted`): a ZIP bomb, a part declaring a
    document type or a file past 64 MB is refused before python-docx
    unpacks anything.
    """
    data = read_bounded(Path(reference), MAX_ARCHIVE_BYTES)
    with open_archive(data) as archive:
        refuse_archive_doctypes(archive)
    return io.BytesIO(data)


def _word_language(language: str) -> str:
    """Return a language tag as Word wants it, with a region: ``da`` → ``da-DK``."""
    if "-" in language or "_" in language:
        return language.replace("_", "-")
    from babel.core import get_global

    likely = str(get_global("likely_subtags").get(language.lower(), ""))
    region = likely.rsplit("_", maxsplit=1)[-1] if likely.count("_") >= 1 else ""
    return f"{language}-{region}" if region.isalpha() and region.isupper() else language


def _property(text: str) -> str:
    """Return ``text`` as a core property: one line of at most 255 characters."""
    value = " ".join(clean(text).split())
    return value if len(value) <= 255 else value[:254] + "…"


class _Flat(NamedTuple):
    """One of Word's flat runs: its text, bold, italic, link and language."""

    text: str
    bold: bool
    italic: bool
    url: str | None = None
    language: str | None = None


def _flat_runs(parts: Iterable[Inline], flat: _Flat) -> Iterable[_Flat]:
    """Flatten nested runs into Word's flat runs, each with what it is inside."""
    for part in parts:
        if part.kind == "text":
            yield flat._replace(text=part.text)
        elif part.kind == "link":
            inside = flat._replace(url=safe_url(part.url) or flat.url)
            yield from _flat_runs(part.parts, inside)
        elif part.kind == "language":
            inside = flat._replace(language=_word_language(part.language or ""))
            yield from _flat_runs(part.parts, inside)
        else:
            inside = flat._replace(
                bold=flat.bold or part.kind == "strong",
                italic=flat.italic or part.kind == "emphasis",
            )
            yield from _flat_runs(part.parts, inside)


def _plain_runs(
    paragraph: DocxParagraph,
    text: str,
    runs: Sequence[LanguageRun],
    *,
    bold: bool = False,
) -> None:
    """Write plain ``text`` as runs, the words of each of ``runs`` in its language."""
    for piece, language in language_pieces(text, runs):
        word = _word_language(language) if language else None
        paragraph._p.append(add_run(clean(piece), bold=bold, language=word))


def _table_plan(
    table: Table, portrait: int, landscape: int, language: str, size: float
) -> list[TablePart]:
    """Lay a table out on upright or sideways pages, in parts if it must be.

    ``portrait`` and ``landscape`` are the widths between the margins
    (EMU); see :func:`~munintl.reports.rendering.tables.plan_table`.  The
    text is set at ``size`` unless the longest words do not fit side by
    side: then smaller, down to :data:`_SMALLEST` points.
    """
    cells = [
        [cell_text(value, language) for value in row]
        for row in (table.columns, *table.rows)
    ]
    return plan_table(
        cells,
        portrait / _EMU_PER_POINT,
        landscape / _EMU_PER_POINT,
        size=size,
        smallest=_SMALLEST,
        padding=_CELL_PADDING / _EMU_PER_POINT,
        key=key_column(table),
    )


class _Writer:
    """Write one report document into a python-docx document."""

    def __init__(self, document: ReportDocument, reference: str | None) -> None:
        import docx

        self.report = document
        # munintl's words and the cells in the label fallback where it has
        # no catalog for the report's language; Word's language is the text's.
        self.language = words_language(document.metadata)
        self.text_language = document.metadata.language
        if reference is not None:
            if not Path(reference).is_file():
                raise ConfigError(
                    _(
                        "reference document {reference!r} does not exist or is not"
                        " a file"
                    ).format(reference=reference)
                )
            try:
                self.docx: Document = docx.Document(_bounded_reference(reference))
            except NotAnArchiveError as error:
                raise ConfigError(
                    _(
                        "reference document {reference!r} is not a readable .docx:"
                        " {error}"
                    ).format(reference=reference, error=error)
                ) from None
            except UntrustedFileError as error:
                raise ConfigError(
                    _("reference document {reference!r}: {error}").format(
                        reference=reference, error=error
                    )
                ) from None
            except Exception as error:
                raise ConfigError(
                    _(
                        "reference document {reference!r} is not a readable .docx:"
                        " {error}"
                    ).format(reference=reference, error=error)
                ) from error
            self._clear_body()
        else:
            self.docx = docx.Document()
            self._a4()
        # python-docx looks a style up by name by scanning every style, each
        # time; a large report would spend most of its time there.
        from docx.oxml.ns import qn

        self._end = self.docx.element.body.find(qn("w:sectPr"))
        self._before: list[Any] = []
        self._links: dict[str, str] = {}
        self._next_shape: int | None = None
        self._pictures = 0
        self.style_ids = {
            style.name: style.style_id for style in self.docx.styles if style.name
        }

    # -- set-up --------------------------------------------------------------

    def _a4(self) -> None:
        """Use A4 with 2.5 cm margins: python-docx's blank document is US Letter."""
        from docx.shared import Cm

        for section in self.docx.sections:
            section.page_width, section.page_height = Cm(21), Cm(29.7)
            section.left_margin = section.right_margin = Cm(2.5)
            section.top_margin = section.bottom_margin = Cm(2.5)

    def _clear_body(self) -> None:
        from docx.oxml.ns import qn

        body = self.docx.element.body
        for element in list(body):
            if element.tag != qn("w:sectPr"):
                body.remove(element)

    def _style(self, name: str) -> str | None:
        """Return the id of the style ``name``, created if missing (None: unknown)."""
        if name in self.style_ids:
            return str(self.style_ids[name])
        from docx.enum.style import WD_STYLE_TYPE
        from docx.shared import Pt, RGBColor

        styles = self.docx.styles
        if name.startswith("Heading "):
            level = int(name.split()[1])
            style = styles.add_style(name, WD_STYLE_TYPE.PARAGRAPH)
            style.base_style = styles["Normal"]
            style.font.bold = True
            style.font.size = Pt(max(16 - 2 * (level - 1), 11))
            style.paragraph_format.keep_with_next = True
            style.paragraph_format.space_before = Pt(12)
            set_outline_level(style.element, level - 1)
        elif name == "Hyperlink":
            style = styles.add_style(name, WD_STYLE_TYPE.CHARACTER)
            style.font.underline = True
            style.font.color.rgb = RGBColor(0x05, 0x63, 0xC1)
        elif name == "Report Header":
            style = styles.add_style(name, WD_STYLE_TYPE.PARAGRAPH)
            style.base_style = styles["Normal"]
            style.font.bold = True
            style.font.all_caps = True
            style.font.size = Pt(9)
            style.paragraph_format.keep_with_next = True
            style.paragraph_format.space_before = Pt(6)
            style.paragraph_format.space_after = Pt(2)
        elif name in ("Caption",):
            style = styles.add_style(name, WD_STYLE_TYPE.PARAGRAPH)
            style.base_style = styles["Normal"]
            style.font.bold = True
            style.paragraph_format.keep_with_next = True
        elif name in {style for style, _ in MARKED_STYLES.values()}:
            border = next(b for s, b in MARKED_STYLES.values() if s == name)
            style = styles.add_style(name, WD_STYLE_TYPE.PARAGRAPH)
            style.base_style = styles["Normal"]
            style.font.italic = border == "dashed"
            set_box(style.element, border)
        else:
            return None
        self.style_ids[name] = str(style.style_id)
        return str(style.style_id)

    def _set_language(self) -> None:
        from docx.oxml import OxmlElement
        from docx.oxml.ns import qn

        styles = self.docx.styles.element
        defaults = styles.find(qn("w:docDefaults"))
        if defaults is None:
            defaults = OxmlElement("w:docDefaults")
            styles.insert(0, defaults)
        holder = child(defaults, "w:rPrDefault")
        run_properties = child(holder, "w:rPr")
        lang = child(run_properties, "w:lang")
        lang.set(qn("w:val"), _word_language(self.text_language))

    def _set_properties(self, metadata: Metadata) -> None:
        from docx.oxml.ns import qn

        properties = self.docx.core_properties
        properties.title = _property(metadata.title)
        properties.author = _property(metadata.municipality)
        properties.last_modified_by = _property(metadata.municipality)
        properties.subject = _property(
            " · ".join(part for part in (metadata.body, metadata.period) if part)
        )
        properties.category = _property(metadata.kind)
        properties.identifier = _property(metadata.case_reference or "")
        properties.language = _property(metadata.language)
        properties.keywords = ""
        properties.comments = ""
        properties.revision = 1
        moment = utc_naive(metadata.generated_at)
        if moment is not None:
            properties.created = moment
            properties.modified = moment
        else:
            element = properties._element
            for tag in ("dcterms:created", "dcterms:modified"):
                for found in element.findall(qn(tag)):
                    element.remove(found)

    def _footer(self, metadata: Metadata) -> None:
        """Write the footer: municipality, case number, "page x of y".

        A reference document with a footer of its own keeps it.
        """
        from docx.enum.text import WD_ALIGN_PARAGRAPH

        section = self.docx.sections[-1]
        footer = section.footer
        if not footer.is_linked_to_previous and any(
            p.text.strip() or has_field(p) for p in footer.paragraphs
        ):
            return
        footer.is_linked_to_previous = False
        paragraph = (
            footer.paragraphs[0] if footer.paragraphs else footer.add_paragraph()
        )
        paragraph.alignment = WD_ALIGN_PARAGRAPH.CENTER
        before, middle, after = page_label(self.language)
        lead = footer_text(metadata)
        paragraph._p.append(add_run(f"{lead} · {before}" if lead else before))
        add_field(paragraph, "PAGE")
        paragraph._p.append(add_run(middle))
        add_field(paragraph, "NUMPAGES")
        if after:
            paragraph._p.append(add_run(after))

    # -- text ----------------------------------------------------------------

    def _paragraph(
        self, target: Any, style_id: str | None, number_id: int | None = None
    ) -> DocxParagraph:
        """Add a paragraph to the body or a table cell.

        ``style_id`` is its paragraph style, ``number_id`` the numbering
        instance of a list item.  The XML is built here: python-docx looks for
        the body's end each time it adds a paragraph (quadratic in a long
        report) and walks the schema order for every property it sets.
        """
        from docx.text.paragraph import Paragraph

        element = new_paragraph(style_id, number_id)
        if target is self.docx:
            if self._end is not None:
                self._end.addprevious(element)
            else:
                self.docx.element.body.append(element)
            return Paragraph(element, self.docx._body)
        target._tc.append(element)
        return Paragraph(element, target)

    def _inline(
        self,
        paragraph: DocxParagraph,
        parts: Iterable[Inline],
        *,
        bold: bool = False,
        italic: bool = False,
    ) -> None:
        for flat in _flat_runs(parts, _Flat("", bold, italic)):
            run = add_run(
                clean(flat.text),
                bold=flat.bold,
                italic=flat.italic,
                style=self._style("Hyperlink") if flat.url else None,
                language=flat.language,
            )
            if flat.url is None:
                paragraph._p.append(run)
            else:
                self._hyperlink(paragraph, flat.url, run)

    def _hyperlink(self, paragraph: DocxParagraph, url: str, run: Any) -> None:
        from docx.opc.constants import RELATIONSHIP_TYPE
        from docx.oxml import OxmlElement
        from docx.oxml.ns import qn

        # python-docx looks through every relationship for the same target;
        # remember the ones made, so thousands of links stay linear.
        relation = self._links.get(url)
        if relation is None:
            relation = paragraph.part.relate_to(
                url, RELATIONSHIP_TYPE.HYPERLINK, is_external=True
            )
            self._links[url] = relation
        # Runs of one link next to each other share one hyperlink element.
        last = paragraph._p[-1] if len(paragraph._p) else None
        if (
            last is not None
            and last.tag == qn("w:hyperlink")
            and (last.get(qn("r:id")) == relation)
        ):
            last.append(run)
            return
        link = OxmlElement("w:hyperlink")
        link.set(qn("r:id"), relation)
        link.append(run)
        paragraph._p.append(link)

    def _text(
        self,
        text: str,
        style: str | None = None,
        lead: str | None = None,
        container: Any = None,
    ) -> None:
        """Add Markdown-subset ``text`` as paragraphs and list items."""
        target = container if container is not None else self.docx
        for block in parse_markdown(clean(text)):
            if block.kind == "paragraph":
                paragraph = self._paragraph(target, style)
                if lead:
                    paragraph._p.append(add_run(lead + " ", bold=True))
                    lead = None
                self._inline(paragraph, block.items[0])
            else:
                self._list(block.items, block.kind == "numbers", target, block.start)

    def _list(
        self,
        items: Iterable[tuple[Inline, ...]],
        ordered: bool,
        target: Any,
        start: int = 1,
    ) -> None:
        style = self._style("List Number" if ordered else "List Bullet")
        number_id = self._restart_numbering(style, start) if ordered and style else None
        for number, item in enumerate(items, start=start):
            paragraph = self._paragraph(target, style, number_id)
            if style is None:
                paragraph._p.append(add_run(f"{number}. " if ordered else "• "))
            self._inline(paragraph, item)

    def _restart_numbering(self, style_id: str, start: int = 1) -> int | None:
        """Add a numbering instance of a list style's list that starts at ``start``."""
        from docx.oxml.ns import qn

        style = self.docx.styles.element.get_by_id(style_id)
        if style is None:
            return None
        found = style.findall(f"{qn('w:pPr')}/{qn('w:numPr')}/{qn('w:numId')}")
        if not found:
            return None
        numbering = self.docx.part.numbering_part.element
        base = found[0].get(qn("w:val"))
        for num in numbering.findall(qn("w:num")):
            if num.get(qn("w:numId")) == base:
                abstract = num.find(qn("w:abstractNumId"))
                if abstract is None:
                    return None
                new = numbering.add_num(int(abstract.get(qn("w:val"))))
                new.add_lvlOverride(ilvl=0).add_startOverride(start)
                return int(new.numId)
        return None

    # -- blocks --------------------------------------------------------------

    def heading(
        self,
        text: str,
        level: int,
        new_page: bool = False,
        language: str | None = None,
        *,
        parts: Sequence[LanguageRun] = (),
    ) -> None:
        style = self._style(f"Heading {min(max(level, 1), 9)}")
        paragraph = self._paragraph(self.docx, style)
        if new_page:
            paragraph.paragraph_format.page_break_before = True
        if parts and not language:
            _plain_runs(paragraph, text, parts)
            return
        language = _word_language(language) if language else None
        paragraph._p.append(add_run(clean(text), language=language))

    def facts(self, block: Facts) -> None:
        """Write a header block: its title, then a label and a value per row."""
        from docx.shared import Emu, Pt

        title = self._paragraph(self.docx, self._style("Report Header"))
        title._p.append(add_run(clean(block.title)))
        if not block.items:
            return
        result: DocxTable = self.docx.add_table(rows=len(block.items), cols=2)
        result.autofit = False
        describe_table(result, clean(block.title))
        set_borders(result, ("top", "bottom"), eighths=8, color="404040")
        room = self._text_width()
        size = self._body_size()
        labels = max(text_width(clean(name), size) for name, _value in block.items)
        first = min(int((labels + 12) * _EMU_PER_POINT), room // 2)
        widths = (first, room - first)
        set_table_width(result, sum(widths))
        for column, width in zip(result.columns, widths, strict=True):
            column.width = Emu(width)
        languages = fact_languages(block)
        for number, (row, (name, value)) in enumerate(
            zip(result.rows, block.items, strict=True)
        ):
            for cell, width in zip(row.cells, widths, strict=True):
                cell.width = Emu(width)
            for cell, text, bold, runs in (
                (row.cells[0], name, True, ()),
                (row.cells[1], value, False, languages.get(number, ())),
            ):
                paragraph = cell.paragraphs[0]
                # Rows of a header block sit close, whatever Normal's spacing.
                paragraph.paragraph_format.space_before = Pt(1)
                paragraph.paragraph_format.space_after = Pt(1)
                _plain_runs(paragraph, text, runs, bold=bold)

    def paragraph(self, block: Paragraph) -> None:
        label = paragraph_label(self.language, block.style)
        if label is None:
            self._text(block.text)
        else:
            style = self._style(MARKED_STYLES[block.style][0])
            self._text(block.text, style=style, lead=f"{label}:")

    def list(self, block: ListBlock) -> None:
        from munintl.model.markdown import parse_inline

        items = [parse_inline(" ".join(clean(item).split())) for item in block.items]
        self._list(items, block.ordered, self.docx, block.start)

    def table(self, table: Table, index: int | None = None) -> None:
        """Write a table, on sideways pages or in parts when it is too wide.

        ``index`` is the table's place among the report's blocks: a sideways
        table takes its lead-in (:func:`lead_start`) onto its pages.
        """
        table = drop_empty_columns(table)
        width = max([len(table.columns), *(len(row) for row in table.rows)], default=0)
        if width == 0:
            caption = self._paragraph(self.docx, self._style("Caption"))
            _plain_runs(caption, table.title, table.title_languages)
            return
        body_size = self._body_size()
        parts = _table_plan(
            table, self._text_width(), self._sideways_width(), self.language, body_size
        )
        sideways = parts[0].landscape
        if sideways and self._end is not None:
            self._end_upright_section(index)
        for number, part in enumerate(parts, start=1):
            title = table.title
            if len(parts) > 1:
                title = f"{title} ({number}/{len(parts)})"
            self._table_part(table, part, title, body_size)
        if sideways and self._end is not None:
            self._end.addprevious(section_break(self._end, landscape=True))

    def _end_upright_section(self, index: int | None) -> None:
        """End the upright pages before a sideways table and its lead-in.

        Nothing is ended where nothing upright comes before (the report's
        start, or right after another sideways table): an empty section
        would be an empty page.
        """
        assert self._end is not None
        before = self._end.getprevious()
        if index is not None:
            before = self._before[lead_start(self.report.blocks, index)]
        if before is None or is_section_break(before):
            return
        before.addnext(section_break(self._end, landscape=False))

    def _table_part(
        self, table: Table, part: TablePart, title: str, body_size: float
    ) -> None:
        """Write the columns of ``part`` as one Word table captioned ``title``."""
        from docx.enum.table import WD_TABLE_ALIGNMENT
        from docx.enum.text import WD_ALIGN_PARAGRAPH
        from docx.shared import Emu
        from docx.table import _Cell

        caption = self._paragraph(self.docx, self._style("Caption"))
        _plain_runs(caption, title, table.title_languages)
        # A reference document's own Caption style may not keep with next.
        caption.paragraph_format.keep_with_next = True
        grid = self._style("Table Grid")
        result: DocxTable = self.docx.add_table(rows=1, cols=len(part.columns))
        if grid is not None:
            result._tbl.tblPr.style = grid
        else:
            set_borders(result)
        result.alignment = WD_TABLE_ALIGNMENT.LEFT
        result.autofit = False
        describe_table(result, clean(title))
        header = result.rows[0]
        # Rows added later copy these widths; with a fixed layout and the
        # table's own width set, Word and LibreOffice both honour them.
        # Rounded down, so the columns never add up to more than the room.
        widths = [int(width * _EMU_PER_POINT) for width in part.widths]
        set_table_width(result, sum(widths))
        for column, cell, column_width in zip(
            result.columns, header.cells, widths, strict=True
        ):
            column.width = cell.width = Emu(column_width)
        # python-docx finds a row's cells by walking the whole table, so adding
        # rows through it takes time quadratic in the rows: copy an empty row.
        empty_row = copy.deepcopy(header._tr)
        repeat_header(header)
        for cell, index in zip(header.cells, part.columns, strict=True):
            self._cell(cell, table.columns[index], bold=True)
        languages = cell_languages(table)
        parts = cell_parts(table)
        for number, row in enumerate(table.rows):
            element = copy.deepcopy(empty_row)
            result._tbl.append(element)
            cells = [_Cell(tc, result) for tc in element.tc_lst]
            for cell, index in zip(cells, part.columns, strict=True):
                value = row[index] if index < len(row) else None
                self._cell(
                    cell,
                    value,
                    language=languages.get((number, index)),
                    runs=parts.get((number, index), ()),
                )
                if is_number(value):
                    cell.paragraphs[0].alignment = WD_ALIGN_PARAGRAPH.RIGHT
        # A column is as wide as its longest word: no line may break inside one.
        keep_hyphenated_words(result._tbl)
        if part.size != body_size:
            set_text_size(result._tbl, part.size)

    def _cell(
        self,
        cell: _Cell,
        value: Cell,
        bold: bool = False,
        language: str | None = None,
        runs: Sequence[LanguageRun] = (),
    ) -> None:
        """Fill a cell: plain text as one run, :class:`Prose` as Markdown.

        ``language`` is the language of plain text shown in another one,
        ``runs`` the words in another language of plain text partly in one.
        """
        paragraph = cell.paragraphs[0]
        if isinstance(value, str) and runs:
            _plain_runs(paragraph, value, runs, bold=bold)
            return
        if not isinstance(value, Prose):
            text = clean(format_cell(value, self.language))
            word = _word_language(language) if language else None
            paragraph._p.append(add_run(text, bold=bold, language=word))
            return
        blocks = parse_markdown(clean(value.text))
        for index, block in enumerate(blocks):
            if block.kind != "paragraph":
                self._list(block.items, block.kind == "numbers", cell, block.start)
                continue
            target = paragraph if index == 0 else cell.add_paragraph()
            self._inline(target, block.items[0], bold=bold)

    def _body_size(self) -> float:
        """Return the size of body text in points (11 if the styles do not say)."""
        from docx.oxml.ns import qn

        style = self.docx.styles["Normal"]
        while style is not None:
            if style.font.size is not None:
                return float(style.font.size.pt)
            style = style.base_style
        size = self.docx.styles.element.find(
            f"{qn('w:docDefaults')}/{qn('w:rPrDefault')}/{qn('w:rPr')}/{qn('w:sz')}"
        )
        if size is not None and (half_points := size.get(qn("w:val"))):
            return int(half_points) / 2
        return 11.0

    def _sideways_width(self) -> int:
        """Return the width between the margins of a page turned sideways (EMU)."""
        section = self.docx.sections[-1]
        if section.page_height is None or section.left_margin is None:
            return self._text_width()
        return int(
            section.page_height - section.left_margin - (section.right_margin or 0)
        )

    def _text_width(self) -> int:
        """Return the width between the page margins, in EMU (16 cm if unknown)."""
        section = self.docx.sections[-1]
        if section.page_width is None or section.left_margin is None:
            return FIGURE_WIDTH
        return int(
            section.page_width - section.left_margin - (section.right_margin or 0)
        )

    def _picture(self, png: bytes, width: int, *, alt: str, title: str) -> None:
        """Add a PNG as a picture of ``width`` EMU in a paragraph of its own.

        python-docx's ``add_picture`` hashes every image already in the
        document and searches the whole document for the next shape id, each
        time: quadratic for a timeline drawn in a hundred parts.
        """
        from docx.image.image import Image
        from docx.opc.constants import RELATIONSHIP_TYPE
        from docx.opc.packuri import PackURI
        from docx.oxml import OxmlElement
        from docx.oxml.shape import CT_Inline
        from docx.parts.image import ImagePart
        from docx.shared import Emu

        image = Image.from_blob(png)
        package = self.docx.part.package
        assert package is not None
        if self._next_shape is None:
            self._next_shape = self.docx.part.next_id
        self._pictures += 1
        name = PackURI(f"/word/media/munintl-figure-{self._pictures}.png")
        image_part = ImagePart.from_image(image, name)
        package.image_parts.append(image_part)
        relation = self.docx.part.relate_to(image_part, RELATIONSHIP_TYPE.IMAGE)
        cx, cy = image.scaled_dimensions(Emu(width), None)
        inline: Any = CT_Inline.new_pic_inline(
            self._next_shape, relation, image.filename, cx, cy
        )
        self._next_shape += 1
        inline.docPr.set("descr", clean(alt))
        inline.docPr.set("title", clean(title))
        run = OxmlElement("w:r")
        drawing = OxmlElement("w:drawing")
        drawing.append(inline)
        run.append(drawing)
        self._paragraph(self.docx, None)._p.append(run)

    def figure(self, figure: Figure, number: int) -> None:
        if figure.timeline is not None:
            from munintl.reports.rendering.figures import timeline_png, timeline_svgs

            drawings = timeline_svgs(
                figure.timeline,
                title=figure.title,
                alt=figure.alt or figure.title,
                language=self.language,
                id_prefix=f"figure-{number}",
                max_rows=PAGE_ROWS,
            )
            room = min(FIGURE_WIDTH, self._text_width())
            for part, svg in enumerate(drawings, start=1):
                alt = figure.alt or figure.title
                if part > 1:
                    alt = f"{figure.title} ({part}/{len(drawings)})"
                self._picture(timeline_png(svg), room, alt=alt, title=figure.title)
        caption = self._paragraph(self.docx, self._style("Caption"))
        _plain_runs(caption, figure.title, figure.title_languages)
        if figure.timeline is None:
            self._paragraph(self.docx, None)._p.append(add_run(clean(figure.alt)))
        self.table(figure.data)

    def write(self) -> bytes:
        self._set_language()
        self._set_properties(self.report.metadata)
        self._footer(self.report.metadata)
        for number, block in enumerate(self.report.blocks, start=1):
            # What each block follows, so a sideways table can take its
            # lead-in along.
            self._before.append(
                self._end.getprevious() if self._end is not None else None
            )
            if block.kind == "heading":
                self.heading(
                    block.text,
                    block.level,
                    block.new_page,
                    block.language,
                    parts=block.parts,
                )
            elif block.kind == "facts":
                self.facts(block)
            elif block.kind == "paragraph":
                self.paragraph(block)
            elif block.kind == "list":
                self.list(block)
            elif block.kind == "table":
                self.table(block, number - 1)
            else:
                self.figure(block, number)
        buffer = io.BytesIO()
        self.docx.save(buffer)
        return stable_zip(buffer.getvalue(), self.report.metadata.generated_at)


@attrs.frozen
class DocxRenderer:
    """Render a report document as a Word document."""

    settings: DocxSettings = attrs.field(factory=DocxSettings)

    def render(self, document: ReportDocument) -> bytes:
        """Return the .docx bytes."""
        return _Writer(document, self.settings.template).write()


def make_renderer(settings: DocxSettings | None) -> DocxRenderer:
    """Build the DOCX renderer (``settings`` None: no reference document)."""
    return DocxRenderer(settings or DocxSettings())


@hookimpl
def munintl_report_formats() -> list[ReportFormat]:
    """Register the ``docx`` report format."""
    return [
        ReportFormat(
            name="docx",
            description=N_(
                "A Word document with Word's own styles; letterhead optional"
            ),
            suffixes=(".docx",),
            media_type=(
                "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
            ),
            factory=make_renderer,
            settings=DocxSettings,
            requires=("docx", "typst"),
            install='pip install "munintl[docx]"',
        )
    ]
