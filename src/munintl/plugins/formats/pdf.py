"""The PDF report format: a tagged, accessible PDF typeset by typst.

The engine was chosen by measurement (``bench/README.md``, "Rendering";
``python bench/bench_render.py --engines``): the sample report of
:mod:`munintl.testing.reports` takes 38 ms with typst (the ``typst``
package, which bundles its compiler and fonts) and 650 ms with WeasyPrint
from the HTML format's page; a follow-up of 100 initiatives 1.0 s against
9.7 s.  Importing typst takes 8 ms, WeasyPrint 1.7 s, and WeasyPrint needs
Pango from the operating system.  Both write tagged PDF with æ, ø and å
intact; typst also checks PDF/UA-1 while it exports.  By default the PDF
claims PDF/UA-1 and typst refuses to write one that breaks its rules
(``standard = "none"`` writes a tagged PDF without the claim).  Heading
levels are made to start at 1 and not skip, as PDF/UA-1 requires
(:func:`heading_levels`).

The document is translated into typst markup in which every text from the
report is a typst string literal, so nothing in a text is read as typst
code; figures go in as SVG through ``sys.inputs``.  Metadata -- title,
author (the municipality), keywords, language and date -- comes from the
document; the date is ``generated_at``, so the same document gives the same
bytes.  Text is set in Libertinus Serif, bundled with typst (æ ø å ä ö ü ß
and the rest of Latin), and system fonts are ignored unless asked for, so
the PDF is the same on every machine.  Characters Libertinus Serif lacks
(Chinese, Japanese, Korean, emoji) are set in the Noto CJK and Noto Color
Emoji fonts where the machine has them (:mod:`munintl.reports.rendering.fonts`).

typst is imported when a PDF is written (``pip install 'munintl[pdf]'``).
"""

from __future__ import annotations

import datetime as dt
import functools
import logging
import re
from collections.abc import Sequence
from typing import TYPE_CHECKING, Any, Literal

import attrs

from munintl.config import PATH_SETTING
from munintl.errors import MunintlError
from munintl.hooks import hookimpl
from munintl.hooks.records import ReportFormat
from munintl.i18n import N_, _
from munintl.model.dates import FieldValueError
from munintl.reports.rendering.figures import timeline_svgs, typst_fonts
from munintl.reports.rendering.fonts import (
    FALLBACK_FAMILIES,
    INSTALL_HINT,
    fallback_font_folders,
)
from munintl.reports.rendering.markup import (
    cell_languages,
    cell_parts,
    cell_text,
    cell_typst,
    fact_languages,
    footer_text,
    format_cell,
    is_number,
    page_label,
    paragraph_label,
    to_typst,
    typst_in_languages,
    typst_language,
    typst_string,
    words_language,
)
from munintl.reports.rendering.tables import (
    TablePart,
    drop_empty_columns,
    key_column,
    lead_start,
    plan_table,
)

log = logging.getLogger("munintl.reports")

if TYPE_CHECKING:
    import typst

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

Standard = Literal["ua-1", "a-2a", "a-3a", "none"]

#: Rows of a timeline drawn per page; a longer timeline is drawn in parts.
PAGE_ROWS = 36
#: Body text size, smallest table text size, table cell inset and the page's
#: left and right margins, in points.
_BODY_SIZE = 10.5
_SMALLEST = 7.0
_INSET = 5.0
_MARGIN_X = 62.4
#: Widths and heights of the common papers, in points (typst's names).
_PAGE_SIZES = {
    "a4": (595.28, 841.89),
    "a5": (419.53, 595.28),
    "a3": (841.89, 1190.55),
    "us-letter": (612.0, 792.0),
}
#: A table of at most this many rows stays on one page with its caption.
_UNBROKEN_ROWS = 12


class PdfError(MunintlError):
    """typst could not typeset the report (the message says why)."""


@attrs.frozen(kw_only=True)
class PdfSettings:
    """``[plugins.pdf]``: fonts, paper and the PDF standard to claim.

    ``font`` is a family name; ``font_paths`` are folders with more fonts
    (a municipality's house font); ``system_fonts`` lets typst use the
    fonts installed on the machine (the PDF then depends on it).
    ``standard`` is ``ua-1`` (PDF/UA-1, the default), ``a-2a`` or ``a-3a``
    (archival PDF/A, level a: tagged) or ``none`` (tagged, no claim).
    ``fallback_fonts`` are the families tried for a character ``font``
    lacks: by default Noto Serif CJK and Noto Sans CJK (Chinese, Japanese,
    Korean) and Noto Color Emoji, found in the machine's font folders
    (:mod:`munintl.reports.rendering.fonts`); a Japanese municipality may
    put ``"Noto Serif CJK JP"`` first for Japanese glyph forms.
    """

    font: str = "Libertinus Serif"
    font_paths: tuple[str, ...] = attrs.field(
        factory=tuple, converter=tuple, metadata=PATH_SETTING
    )
    system_fonts: bool = False
    paper: str = attrs.field(default="a4")
    standard: Standard = "ua-1"
    fallback_fonts: tuple[str, ...] = attrs.field(
        default=FALLBACK_FAMILIES, converter=tuple
    )

    @paper.validator
    def _check_paper(self, attribute: attrs.Attribute[Any], value: str) -> None:
        # Checked when the settings are made, so `munintl validate` names the
        # munintl.toml line, not typst's list of 150 papers at report time.
        if not isinstance(value, str) or not _known_paper(value):
            raise FieldValueError(
                attribute.name,
                N_(
                    "{value!r} is not a paper size typst knows; write one such as"
                    " a4, a5, a3 or us-letter"
                ),
                value=str(value),
            )


@functools.lru_cache(maxsize=64)
def _known_paper(name: str) -> bool:
    """Tell whether typst knows the paper ``name`` (asked once per name)."""
    if name.lower() in _PAGE_SIZES:
        return True
    if not _PAPER_NAME.fullmatch(name):
        return False
    try:
        import typst
    except ImportError:
        return True  # the renderer says typst is missing
    probe = f'#set page(paper: "{name}")\n.'
    try:
        typst.compile(probe.encode("utf-8"), format="svg")
    except typst.TypstError:
        return False
    return True


#: What a typst paper name looks like (``a4``, ``us-letter``, ``iso-c5``).
_PAPER_NAME = re.compile(r"[a-z0-9][a-z0-9-]{0,39}")


_MARKS = {
    "note": "stroke: (left: 3pt + black), fill: luma(242)",
    "illustrative": 'stroke: (paint: black, thickness: 1.2pt, dash: "dashed")',
    "fallback": 'stroke: (paint: black, thickness: 0.6pt, dash: "dotted")',
}


def _date(moment: dt.datetime | None) -> str:
    if moment is None:
        return "none"
    if moment.tzinfo is not None:
        moment = moment.astimezone(dt.UTC)
    return (
        f"datetime(year: {moment.year}, month: {moment.month}, day: {moment.day},"
        f" hour: {moment.hour}, minute: {moment.minute}, second: {moment.second})"
    )


def heading_levels(document: ReportDocument) -> list[int]:
    """Return the level of each heading in ``document``, as PDF/UA-1 wants them.

    The first heading is level 1 and no heading is more than one level below
    the one before it; levels shift together, so sibling headings stay
    siblings (a document whose headings start at 2 moves up one level).
    """
    levels: list[int] = []
    offset: int | None = None
    for block in document.blocks:
        if block.kind != "heading":
            continue
        if offset is None:
            offset = block.level - 1
        previous = levels[-1] if levels else 0
        levels.append(max(1, min(block.level - offset, previous + 1)))
    return levels


class _Source:
    """Build the typst source of one report."""

    def __init__(
        self, document: ReportDocument, settings: PdfSettings, *, drawings: bool = True
    ) -> None:
        self.document = document
        self.settings = settings
        self.drawings = drawings
        # munintl's words and the cells in the label fallback where it has
        # no catalog for the report's language; typst's language is the text's.
        self.language = words_language(document.metadata)
        self.text_language = document.metadata.language
        self.figures: dict[str, str] = {}
        self.parts: list[str] = []

    def build(self) -> str:
        self.parts.append(self._preamble(self.document.metadata))
        levels = iter(heading_levels(self.document))
        blocks = self.document.blocks
        # One entry per block, so a sideways table can take its lead-in along.
        written: list[str] = []
        for number, block in enumerate(blocks, start=1):
            if block.kind == "heading":
                level = next(levels)
                title = typst_in_languages(block.text, block.parts)
                if block.language:
                    title = f"#text({typst_language(block.language)})[{title}]"
                text = f"#heading(level: {level})[{title}]\n"
                if block.new_page:
                    text = f"#pagebreak(weak: true)\n{text}"
                written.append(text)
            elif block.kind == "facts":
                written.append(self._facts(block))
            elif block.kind == "paragraph":
                written.append(self._paragraph(block))
            elif block.kind == "list":
                written.append(self._list(block))
            elif block.kind == "table":
                table, sideways = self._table_parts(block)
                if sideways:
                    start = lead_start(blocks, number - 1)
                    lead = written[start:]
                    written[start:] = [""] * len(lead)
                    table = _flipped("\n".join([*lead, table]))
                written.append(table)
            else:
                written.append(self._figure(block, number))
        self.parts.extend(text for text in written if text)
        return "\n".join(self.parts)

    def _preamble(self, metadata: Metadata) -> str:
        keywords = [k for k in (metadata.kind, metadata.body, metadata.period) if k]
        header = " · ".join(
            part for part in (metadata.municipality, metadata.case_reference) if part
        )
        return "\n".join(
            [
                f"#set document(title: {typst_string(metadata.title)},"
                f" author: {typst_string(metadata.municipality)},"
                f" keywords: ({''.join(typst_string(k) + ', ' for k in keywords)}),"
                f" date: {_date(metadata.generated_at)})",
                f"#set text(lang: {typst_string(self._lang())},"
                f" font: ({self._fonts()}), size: {_BODY_SIZE}pt)",
                f"#set page(paper: {typst_string(self.settings.paper)},"
                f" margin: (x: {_MARGIN_X}pt, top: 2.5cm, bottom: 2.2cm),"
                ' numbering: "1",'
                f" header: align(right, text(size: 8pt)[#{typst_string(header)}]),"
                f" footer: {self._footer(metadata)})",
                "#set par(justify: false, leading: 0.62em)",
                "#set heading(numbering: none)",
                "#show heading: set block(above: 1.5em, below: 0.8em)",
                "#show heading.where(level: 1): set text(size: 17pt)",
                "#show heading.where(level: 2): set text(size: 13.5pt)",
                "#show heading.where(level: 3): set text(size: 11.5pt)",
                "#show figure: set block(breakable: true)",
                "#show figure.where(kind: table): set figure.caption(position: top)",
                '#show figure.caption: set text(weight: "bold")',
                "#set table(stroke: 0.5pt + luma(110),"
                f" inset: {_INSET}pt, align: left)",
                '#show table.cell.where(y: 0): set text(weight: "bold")',
                "#show link: underline",
                "",
            ]
        )

    def _footer(self, metadata: Metadata) -> str:
        """Return the page footer: municipality, case number, "page x of y"."""
        before, middle, after = page_label(self.language)
        lead = footer_text(metadata)
        pages = (
            f"{typst_string(before)} + str(counter(page).get().first())"
            f" + {typst_string(middle)} + str(counter(page).final().first())"
            f" + {typst_string(after)}"
        )
        text = f"{typst_string(lead + ' · ')} + {pages}" if lead else pages
        return f"context align(center, text(size: 8pt, {text}))"

    def _facts(self, block: Facts) -> str:
        """Write a header block: its title over a grid of labels and values."""
        languages = fact_languages(block)
        cells = "".join(
            f"strong({typst_string(name)}),"
            f" [{typst_in_languages(value, languages.get(number))}], "
            for number, (name, value) in enumerate(block.items)
        )
        grid = (
            f"#grid(columns: (auto, 1fr), column-gutter: 12pt, row-gutter: 0.55em,"
            f" {cells})"
            if block.items
            else ""
        )
        return (
            "#block(width: 100%, breakable: false, inset: (y: 6pt),"
            " stroke: (top: 1.2pt + luma(40), bottom: 0.5pt + luma(110)))["
            f'#text(size: 8.5pt, weight: "bold", upper({typst_string(block.title)}))'
            f"\n\n{grid}]\n"
        )

    def _fonts(self) -> str:
        # The main font, then the fallbacks for characters it lacks (CJK, emoji).
        families = (self.settings.font, *self.settings.fallback_fonts)
        return "".join(f"{typst_string(family)}, " for family in families)

    def _lang(self) -> str:
        # typst takes an ISO 639 code; a region goes in its own parameter.
        return self.text_language.split("-")[0].split("_")[0].lower() or "en"

    def _paragraph(self, block: Paragraph) -> str:
        body = to_typst(block.text)
        name = paragraph_label(self.language, block.style)
        if name is None:
            return body + "\n"
        return (
            f"#block(width: 100%, inset: 8pt, breakable: true, {_MARKS[block.style]})"
            f"[#strong({typst_string(name + ':')}) {body}]\n"
        )

    def _list(self, block: ListBlock) -> str:
        function = "enum" if block.ordered else "list"
        start = f"start: {block.start}, " if block.ordered and block.start != 1 else ""
        items = ", ".join(f"[{to_typst(item, compact=True)}]" for item in block.items)
        return f"#{function}({start}{items})\n"

    def _cell(
        self,
        value: Cell,
        language: str | None = None,
        runs: Sequence[LanguageRun] = (),
    ) -> str:
        """Write a cell: plain text as a string literal, :class:`Prose` as markup.

        ``language`` is the language of a cell shown in another one, ``runs``
        the words in another language of a cell partly in one.
        """
        if is_number(value):
            text = typst_string(format_cell(value, self.language))
            return f"table.cell(align: right)[#{text}]"
        content = cell_typst(value, self.language, runs)
        if language:
            content = f"#text({typst_language(language)})[{content}]"
        return f"[{content}]"

    def _table(self, table: Table) -> str:
        text, sideways = self._table_parts(table)
        return _flipped(text) if sideways else text

    def _table_parts(self, table: Table) -> tuple[str, bool]:
        """Write a table; say whether it goes on pages turned sideways."""
        table = drop_empty_columns(table)
        width = max([len(table.columns), *(len(row) for row in table.rows)], default=0)
        if width == 0:
            return f"#strong({typst_string(table.title)})\n", False
        parts = self._plan(table)
        written = []
        for number, part in enumerate(parts, start=1):
            title = table.title
            if len(parts) > 1:
                title = f"{title} ({number}/{len(parts)})"
            written.append(self._table_part(table, part, title))
        return "\n".join(written), parts[0].landscape

    def _table_part(self, table: Table, part: TablePart, title: str) -> str:
        header = ", ".join(self._cell(table.columns[index]) for index in part.columns)
        languages = cell_languages(table)
        parts = cell_parts(table)
        rows = ",\n".join(
            ", ".join(
                self._cell(
                    row[index] if index < len(row) else None,
                    languages.get((number, index)),
                    parts.get((number, index), ()),
                )
                for index in part.columns
            )
            for number, row in enumerate(table.rows)
        )
        columns = "".join(f"{column:.1f}pt, " for column in part.widths)
        body = (
            f"#set text(size: {part.size}pt)\n"
            f"#table(columns: ({columns}), table.header({header}),\n{rows})"
        )
        caption = typst_in_languages(title, table.title_languages)
        figure = f"figure(kind: table, caption: [{caption}])[{body}]"
        if len(table.rows) <= _UNBROKEN_ROWS:
            # A short table stays on one page with its caption.
            return f"#block(breakable: false, {figure})\n"
        return f"#{figure}\n"

    def _plan(self, table: Table) -> list[TablePart]:
        """Lay a table out upright, sideways or in parts (sizes in points).

        The text is set smaller (down to 7 pt) when the longest words do
        not fit side by side at the body size, so no word is split.
        """
        width, height = _PAGE_SIZES.get(self.settings.paper.lower(), _PAGE_SIZES["a4"])
        cells = [
            [cell_text(value, self.language) for value in row]
            for row in (table.columns, *table.rows)
        ]
        return plan_table(
            cells,
            width - 2 * _MARGIN_X - 1,
            height - 2 * _MARGIN_X - 1,
            size=_BODY_SIZE,
            smallest=_SMALLEST,
            padding=_INSET * 2,
            key=key_column(table),
        )

    def _figure(self, figure: Figure, number: int) -> str:
        parts: list[str] = []
        if figure.timeline is not None and self.drawings:
            drawings = timeline_svgs(
                figure.timeline,
                title=figure.title,
                alt=figure.alt or figure.title,
                language=self.language,
                id_prefix=f"figure-{number}",
                font=", ".join(
                    f"'{family}'"
                    for family in (self.settings.font, *self.settings.fallback_fonts)
                )
                + ", serif",
                max_rows=PAGE_ROWS,
            )
            images: list[str] = []
            for part, svg in enumerate(drawings, start=1):
                key = f"figure-{number}-{part}"
                self.figures[key] = svg
                alt = figure.alt or figure.title
                if part > 1:
                    alt = f"{figure.title} ({part}/{len(drawings)})"
                images.append(
                    f'#image(bytes(sys.inputs.at("{key}")), format: "svg",'
                    f" width: 100%, alt: {typst_string(alt)})"
                )
            body = "\n\n".join(images)
            caption = typst_in_languages(figure.title, figure.title_languages)
            parts.append(f"#figure(caption: [{caption}])[{body}]\n")
        else:
            title = typst_in_languages(figure.title, figure.title_languages)
            parts.append(f"#strong[{title}]\n\n#{typst_string(figure.alt)}\n")
        parts.append(self._table(figure.data))
        return "\n".join(parts)


def _flipped(content: str) -> str:
    """Set ``content`` on pages of its own, turned sideways.

    A table too wide for an upright page goes there with its lead-in; the
    running header and footer come along.
    """
    return f"#page(flipped: true)[\n{content}]\n"


def typst_source(
    document: ReportDocument,
    settings: PdfSettings | None = None,
    *,
    drawings: bool = True,
) -> tuple[str, dict[str, str]]:
    """Return the typst source of ``document`` and the SVG of its figures.

    Without ``drawings`` a figure is its title, its alternative text and
    its data table, as a figure without a drawing always is.
    """
    source = _Source(document, settings or PdfSettings(), drawings=drawings)
    return source.build(), source.figures


#: What typst says when it cannot keep a drawing's text in a PDF/UA file:
#: its SVG reader loses the code points of a cluster set in two fonts (a
#: letter with marks its font lacks, a joiner, a variation selector), or
#: finds no font for a script its fallback list lacks (Thai).
_DRAWING_TEXT_ERRORS = ("missing codepoints", "could not be displayed with font")


@attrs.frozen
class PdfRenderer:
    """Render a report document as a tagged PDF with typst."""

    settings: PdfSettings = attrs.field(factory=PdfSettings)

    def render(self, document: ReportDocument) -> bytes:
        """Return the PDF's bytes; raise :class:`PdfError` if typst refuses."""
        try:
            import typst
        except ImportError as error:
            raise PdfError(
                _("the PDF format needs typst: pip install 'munintl[pdf]'")
            ) from error
        source, figures = typst_source(document, self.settings)
        try:
            try:
                pdf, warnings = self._compile(document, source, figures)
            except typst.TypstError as error:
                if not figures or not any(
                    words in error.message for words in _DRAWING_TEXT_ERRORS
                ):
                    raise
                # The data table after each drawing says all it says: a
                # report without the drawings beats no report at all.
                source, _figures = typst_source(document, self.settings, drawings=False)
                pdf, warnings = self._compile(document, source, {})
                log.warning(
                    _(
                        "the PDF is made without its timeline drawings: typst could"
                        " not keep their text ({reason}); the table after each"
                        " figure holds the same facts"
                    ).format(reason=error.message)
                )
        except typst.TypstError as error:
            hint = (
                f"; {INSTALL_HINT}"
                if "could not be displayed with font" in error.message
                else ""
            )
            raise PdfError(
                f"typst could not write the PDF: {error.message}{hint}"
            ) from error
        self._check_font(warnings)
        return pdf

    def _compile(
        self, document: ReportDocument, source: str, figures: dict[str, str]
    ) -> tuple[bytes, Sequence[typst.TypstWarning]]:
        """Compile ``source`` with the drawings ``figures`` to PDF, with warnings."""
        import typst

        standards: list[typst.PDFStandard] = (
            [] if self.settings.standard == "none" else [self.settings.standard]
        )
        moment = document.metadata.generated_at
        if moment is not None and moment.tzinfo is None:
            moment = moment.replace(tzinfo=dt.UTC)
        pdf, warnings = typst.compile_with_warnings(
            source.encode("utf-8"),
            format="pdf",
            font_paths=typst_fonts(
                (*self.settings.font_paths, *fallback_font_folders()),
                self.settings.system_fonts,
            ),
            sys_inputs=figures,
            pdf_standards=standards,
            timestamp=moment,
            pdf_tags=True,
        )
        return pdf, warnings

    def _check_font(self, warnings: Sequence[typst.TypstWarning]) -> None:
        """Refuse a PDF set in another font than ``[plugins.pdf] font`` names.

        typst warns about a family it cannot find and sets the text in the
        next one; a missing fallback (CJK, emoji) only matters when a
        character needs it, which is an error of its own.
        """
        missing = f"unknown font family: {self.settings.font.lower()}"
        if any(warning.message == missing for warning in warnings):
            where = ", ".join(self.settings.font_paths) or _("none given")
            raise PdfError(
                _(
                    "[plugins.pdf] font: no font named {font!r} was found (in"
                    " typst's own fonts and the font_paths: {where}); add the"
                    " folder holding it to font_paths, or name another font;"
                    " nothing was written"
                ).format(font=self.settings.font, where=where)
            )


def make_renderer(settings: PdfSettings | None) -> PdfRenderer:
    """Build the PDF renderer (``settings`` None: the defaults)."""
    return PdfRenderer(settings or PdfSettings())


@hookimpl
def munintl_report_formats() -> list[ReportFormat]:
    """Register the ``pdf`` report format."""
    return [
        ReportFormat(
            name="pdf",
            description=N_("A tagged PDF (PDF/UA-1) typeset with typst"),
            suffixes=(".pdf",),
            media_type="application/pdf",
            factory=make_renderer,
            settings=PdfSettings,
            requires=("typst",),
            install='pip install "munintl[pdf]"',
        )
    ]
