"""Render the Markdown subset and table cells the way every report format does.

Paragraphs and list items of report documents are in the Markdown subset of
:mod:`munintl.model.markdown`; table cells are plain text unless wrapped in
:class:`~munintl.reports.document.Prose` (see
:mod:`munintl.reports.document`).  This module turns both into HTML,
Markdown, typst markup and plain text, and formats cells for the report's
language, so every format shows the same thing.  The DOCX format walks
:func:`munintl.model.markdown.parse_markdown` itself, as Word runs are
objects rather than text.

It also holds the one place that neutralises spreadsheet formulas
(:func:`neutralise`), used by both the XLSX and CSV formats.

Nothing here imports a heavy library; Babel and the Markdown parser are
imported on first use.
"""

from __future__ import annotations

import datetime as dt
import functools
import html as _html
import re
from collections.abc import Callable, Iterable, Sequence
from decimal import Decimal
from pathlib import Path
from typing import TYPE_CHECKING, Any, Literal

from munintl.i18n import gettext_for
from munintl.model.markdown import (
    Block,
    Inline,
    blocks_html,
    inline_html,
    parse_markdown,
)
from munintl.model.values import LINKABLE_SCHEMES, linkable
from munintl.reports.document import LanguageRun, Prose, Table

if TYPE_CHECKING:
    from babel import Locale
    from jinja2 import Environment

    from munintl.reports.document import Cell, Facts, Metadata, ReportDocument

#: URL schemes a link may use; any other link (``javascript:``, ``data:``) is
#: shown as its label only.  Links without a scheme (``#part``) are kept.
SAFE_SCHEMES = LINKABLE_SCHEMES

#: A string cell starting with one of these is a formula to a spreadsheet
#: program (tab and carriage return too: Excel strips them and evaluates the
#: rest).  See the OWASP page on CSV injection.
FORMULA_PREFIXES = ("=", "+", "-", "@", "\t", "\r")

_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")
# Line breaks and ASCII spaces; a no-break space (in "250.000,50 kr.") stays.
_SPACE = re.compile(r"[ \t\n\r\f\v]+")


def safe_url(url: str | None) -> str | None:
    """Return ``url`` if a link to it is harmless, else None (see :func:`linkable`).

    >>> safe_url("https://skanderborg.dk"), safe_url("javascript:alert(1)")
    ('https://skanderborg.dk', None)
    """
    return url if linkable(url) else None


def clean(text: str) -> str:
    """Drop control characters (other than tab and newline) that no format can hold."""
    return _CONTROL.sub("", text)


def _runs(text: str) -> tuple[Block, ...]:
    return parse_markdown(clean(text))


def _numbers(block: Block) -> Iterable[tuple[int, tuple[Inline, ...]]]:
    return enumerate(block.items, start=block.start)


def cell_text(value: Cell, language: str) -> str:
    """Return any cell as the plain text a reader sees (prose without its marks)."""
    if isinstance(value, Prose):
        return to_plain(value.text)
    return format_cell(value, language)


# -- HTML --------------------------------------------------------------------


def to_html(text: str, *, compact: bool = False) -> str:
    """Render Markdown-subset ``text`` as escaped HTML.

    Paragraphs become ``<p>``, lists ``<ul>`` or ``<ol>`` (with ``start``
    when the first number is not 1).  With ``compact`` (table cells, list
    items) a text that is one paragraph is returned without the ``<p>``.
    Everything from the text is escaped; links with unsafe schemes lose
    their ``href``.
    """
    blocks = _runs(text)
    if compact and len(blocks) == 1 and blocks[0].kind == "paragraph":
        return inline_html(blocks[0].items[0], safe_url)
    return blocks_html(blocks, safe_url, "\n")


def html_text(text: str) -> str:
    """Escape plain ``text`` (a name, a date, a cell) for HTML."""
    return _html.escape(clean(text), quote=False)


def cell_html(
    value: Cell, language: str, runs: Sequence[LanguageRun] | None = None
) -> str:
    """Render a table cell as HTML: plain text escaped, :class:`Prose` as Markdown.

    ``runs`` marks words of a plain cell shown in another language (each
    in a ``<span lang>``).
    """
    if isinstance(value, Prose):
        return to_html(value.text, compact=True)
    if runs and isinstance(value, str):
        return html_in_languages(value, runs)
    return html_text(format_cell(value, language))


def html_in_languages(text: str, runs: Sequence[LanguageRun] | None) -> str:
    """Escape plain ``text`` for HTML, each of its ``runs`` in a ``<span lang>``."""
    out: list[str] = []
    for piece, language in language_pieces(text, runs or ()):
        if language is None:
            out.append(html_text(piece))
        else:
            tag = _html.escape(language, quote=True)
            out.append(f'<span lang="{tag}">{html_text(piece)}</span>')
    return "".join(out)


# -- Markdown ----------------------------------------------------------------

# What would open a block at the start of a line once the characters in
# _MD_ESCAPES are escaped: a heading, quote, table row, fence, rule or list.
_BLOCK_START = re.compile(
    r"^(?:#{1,6}(?:\s|$)|>|\||```|~~~|(?:[-*_] *){3,}$|=+ *$"
    r"|[-*+](?:\s|$)|(\d{1,9})[.)](?:\s|$))"
)
_MD_ESCAPES = {
    **{c: "\\" + c for c in "\\`*_[]|~"},
    "&": "&amp;",
    "<": "&lt;",
    ">": "&gt;",
}
_MD_SPECIAL = re.compile("[" + re.escape("".join(_MD_ESCAPES)) + "]")


def _md_escape(text: str) -> str:
    return _MD_SPECIAL.sub(lambda match: _MD_ESCAPES[match.group()], text)


def _md_line(line: str) -> str:
    """Escape what would start a block at the start of a Markdown line."""
    match = _BLOCK_START.match(line)
    if match is None:
        return line
    if match.group(1) is not None:  # "6. oktober" → "6\. oktober", not "\6. ..."
        cut = len(match.group(1))
        return line[:cut] + "\\" + line[cut:]
    return "\\" + line


def _md_runs(parts: Iterable[Inline], inside: frozenset[str] = frozenset()) -> str:
    out: list[str] = []
    for part in parts:
        if part.kind == "text":
            out.append(_md_escape(part.text))
            continue
        inner = _md_runs(part.parts, inside | {part.kind})
        if part.kind in inside:  # emphasis in emphasis looks like emphasis
            out.append(inner)
        elif part.kind == "emphasis":
            out.append(f"*{inner}*")
        elif part.kind == "strong":
            out.append(f"**{inner}**")
        elif part.kind == "language":
            out.append(inner)  # Markdown has no way to say a language
        else:
            url = safe_url(part.url)
            out.append(inner if url is None else f"[{inner}]({_md_url(url)})")
    return "".join(out)


def _md_inline(parts: Iterable[Inline]) -> str:
    return _md_line(_md_runs(parts))


def _md_url(url: str) -> str:
    # Parentheses and angle brackets would end or unbalance the link: escape
    # them (CommonMark reads the backslash away), and keep the rest as given.
    url = re.sub(r"[\\()<>]", r"\\\g<0>", url)
    return re.sub(r"&(?=#?\w+;)", r"\\&", url)


def to_markdown(text: str, *, compact: bool = False) -> str:
    """Render Markdown-subset ``text`` as safe Markdown.

    The subset is written back in its canonical form; everything else that a
    full Markdown reader would act on (HTML tags, ``#`` at the start of a
    paragraph, ``|``) is escaped.  With ``compact`` (table cells) the blocks
    are joined on one line with ``<br>``.
    """
    lines: list[str] = []
    for block in _runs(text):
        if block.kind == "paragraph":
            lines.append(_md_inline(block.items[0]))
        else:
            for number, item in _numbers(block):
                mark = "-" if block.kind == "bullets" else f"{number}."
                lines.append(f"{mark} {_md_inline(item)}")
        if not compact:
            lines.append("")
    if compact:
        return "<br>".join(lines)
    return "\n".join(lines).strip("\n")


def markdown_text(text: str) -> str:
    """Escape plain ``text`` (a heading, a title, a cell) for a Markdown line."""
    return _md_line(_md_escape(_SPACE.sub(" ", clean(text)).strip()))


def cell_markdown(value: Cell, language: str) -> str:
    """Render a table cell as one line of Markdown (:class:`Prose` as Markdown)."""
    if isinstance(value, Prose):
        return to_markdown(value.text, compact=True)
    # A table cell holds inline text only: "6. oktober" cannot start a list.
    return _md_escape(_SPACE.sub(" ", clean(format_cell(value, language))).strip())


# -- typst -------------------------------------------------------------------


def typst_string(text: str) -> str:
    """Return ``text`` as a typst string literal: nothing in it is markup."""
    body = _SPACE.sub(" ", clean(text)).replace("\\", "\\\\").replace('"', '\\"')
    return f'"{body}"'


def typst_language(tag: str) -> str:
    """Return the arguments of typst's ``text`` that set the language ``tag``.

    typst takes the language (ISO 639) and the region (ISO 3166) apart:
    ``en-GB`` → ``lang: "en", region: "GB"``.
    """
    parts = tag.replace("_", "-").split("-")
    arguments = f"lang: {typst_string(parts[0].lower())}"
    region = next((p for p in parts[1:] if len(p) == 2 and p.isalpha()), None)
    if region:
        arguments += f", region: {typst_string(region.upper())}"
    return arguments


def _typst_inline(parts: Iterable[Inline]) -> str:
    out: list[str] = []
    for part in parts:
        if part.kind == "text":
            out.append(f"#{typst_string(part.text)}")
            continue
        children = part.parts
        if len(children) == 1 and children[0].kind == "text":
            body = f"({typst_string(children[0].text)})"
        else:
            body = f"[{_typst_inline(children)}]"
        if part.kind == "emphasis":
            out.append(f"#emph{body}")
        elif part.kind == "strong":
            out.append(f"#strong{body}")
        elif part.kind == "language":
            # Tagged PDF gives the span its /Lang, so it is read in its language.
            content = body[1:-1] if body.startswith("[") else f"#{body[1:-1]}"
            out.append(f"#text({typst_language(part.language or '')})[{content}]")
        else:
            url = safe_url(part.url)
            content = body[1:-1] if body.startswith("[") else f"#{body[1:-1]}"
            if url is None:
                out.append(content)
            else:
                out.append(f"#link({typst_string(url)})[{content}]")
    return "".join(out)


def to_typst(text: str, *, compact: bool = False) -> str:
    """Render Markdown-subset ``text`` as typst markup.

    Every run of text becomes a typst string literal (``#"..."``), so no
    character of the text is read as typst markup or code.  Paragraphs are
    separated by blank lines; lists become ``#list`` and ``#enum`` (with
    ``start`` when the first number is not 1).  With ``compact`` a
    one-paragraph text is returned without paragraph breaks.
    """
    blocks = _runs(text)
    if compact and len(blocks) == 1 and blocks[0].kind == "paragraph":
        return _typst_inline(blocks[0].items[0])
    out: list[str] = []
    for block in blocks:
        if block.kind == "paragraph":
            out.append(_typst_inline(block.items[0]))
        else:
            function = "list" if block.kind == "bullets" else "enum"
            start = f"start: {block.start}, " if block.start != 1 else ""
            items = ", ".join(f"[{_typst_inline(item)}]" for item in block.items)
            out.append(f"#{function}({start}{items})")
    return "\n\n".join(out)


def cell_typst(
    value: Cell, language: str, runs: Sequence[LanguageRun] | None = None
) -> str:
    """Render a table cell as typst markup (:class:`Prose` as Markdown).

    ``runs`` marks words of a plain cell shown in another language (see
    :func:`typst_in_languages`).
    """
    if isinstance(value, Prose):
        return to_typst(value.text, compact=True)
    if runs and isinstance(value, str):
        return typst_in_languages(value, runs, typst_keeping_hyphenated)
    return typst_keeping_hyphenated(format_cell(value, language))


def typst_in_languages(
    text: str,
    runs: Sequence[LanguageRun] | None,
    write: Callable[[str], str] | None = None,
) -> str:
    """Write plain ``text`` as typst markup, each of its ``runs`` in its language.

    Each run goes in ``#text(lang: ...)[...]``, so the tagged PDF gives it
    its ``/Lang``.  ``write`` turns a piece of text into markup (default:
    one string literal).
    """
    write = write or (lambda piece: f"#{typst_string(piece)}")
    out: list[str] = []
    for piece, language in language_pieces(text, runs or ()):
        content = write(piece)
        out.append(
            content
            if language is None
            else f"#text({typst_language(language)})[{content}]"
        )
    return "".join(out)


#: A word: a run of characters other than white space.
_WORD = re.compile(r"\S+")

#: A hyphen between two word characters ("1194-BR/2023:").
_INNER_HYPHEN = re.compile(r"\w-\w")

#: The longest hyphenated word kept on one line in a PDF table cell.
BOXED_AT_MOST = 30


def typst_keeping_hyphenated(text: str) -> str:
    """Return ``text`` as typst code that keeps hyphenated words whole.

    typst, like Word, may break a line after a hyphen, so "1194-BR/2023"
    in a narrow cell would read "1194-" and "BR/2023" apart; each such word
    goes in a ``box``, which no line breaks inside.  The text is unchanged.
    A word longer than :data:`BOXED_AT_MOST` characters (a web address)
    may still break, lest it run out of its cell.
    """
    pieces: list[str] = []
    at = 0
    # Words first, then a hyphen inside each: one pass over the text, where
    # a single pattern for "a word holding a hyphen" backtracks over every
    # start in a long word (a 200,000-letter title took minutes).
    for match in _WORD.finditer(text):
        if len(match.group()) > BOXED_AT_MOST or not _INNER_HYPHEN.search(
            match.group()
        ):
            continue
        if match.start() > at:
            pieces.append(typst_string(text[at : match.start()]))
        pieces.append(f"box({typst_string(match.group())})")
        at = match.end()
    if not pieces:
        return f"#{typst_string(text)}"
    if at < len(text):
        pieces.append(typst_string(text[at:]))
    return "#{" + "; ".join(pieces) + "}"


# -- Plain text and spreadsheets ---------------------------------------------


def _plain_inline(parts: Iterable[Inline]) -> str:
    out: list[str] = []
    for part in parts:
        if part.kind == "text":
            out.append(part.text)
            continue
        inner = _plain_inline(part.parts)
        if part.kind == "link" and part.url and part.url != inner:
            out.append(f"{inner} ({part.url})")
        else:
            out.append(inner)
    return "".join(out)


def to_plain(text: str) -> str:
    """Render Markdown-subset ``text`` as plain text, keeping link targets.

    Blocks are separated by blank lines, list items are ``- item`` or
    ``1. item`` (numbered from the list's first number), and a link is
    ``label (url)``.
    """
    out: list[str] = []
    for block in _runs(text):
        if block.kind == "paragraph":
            out.append(_plain_inline(block.items[0]))
        else:
            lines = [
                ("- " if block.kind == "bullets" else f"{number}. ")
                + _plain_inline(item)
                for number, item in _numbers(block)
            ]
            out.append("\n".join(lines))
    return "\n\n".join(out)


def neutralise(value: str) -> str:
    """Make a string cell safe from formula injection in spreadsheet programs.

    A value that starts with ``=``, ``+``, ``-``, ``@``, tab or carriage
    return gets a leading apostrophe, so Excel and LibreOffice show it as
    text instead of evaluating it.  Numbers are never passed here: a
    negative number stays a number cell.

    >>> neutralise("=HYPERLINK(\\"http://x\\")"), neutralise("Aarhus")
    ('\\'=HYPERLINK("http://x")', 'Aarhus')
    """
    if value.startswith(FORMULA_PREFIXES):
        return "'" + value
    return value


def document_tables(
    document: ReportDocument, *, facts_language: str | None = None
) -> list[Table]:
    """Every table in ``document`` in order, a figure's data table in its place.

    With ``facts_language``, a header block is a table too (labels and
    values, its column names in that language: :func:`facts_table`).
    """
    tables: list[Table] = []
    for block in document.blocks:
        if block.kind == "table":
            tables.append(block)
        elif block.kind == "figure":
            tables.append(block.data)
        elif block.kind == "facts" and facts_language is not None:
            tables.append(facts_table(block, facts_language))
    return tables


def illustrative_table(document: ReportDocument, language: str) -> Table | None:
    """Return the notes under the report's title that it shows sample data.

    A format that writes only tables (a workbook, CSV) would lose them with
    the other paragraphs and give sample follow-up statuses as if they were
    fact, so it writes this one-column table first, titled "Illustrative"
    in ``language``.  None when the report has no such note.  The notes are
    the ``illustrative`` paragraphs before the first section heading.
    """
    notes: list[tuple[Cell, ...]] = []
    for block in document.blocks:
        if block.kind == "heading" and block.level > 1:
            break
        if block.kind == "paragraph" and block.style == "illustrative":
            notes.append((to_plain(block.text),))
    if not notes:
        return None
    name = label(language, "illustrative")
    return Table(title=name, columns=(name,), rows=tuple(notes))


def with_notes_first(
    tables: list[Table], document: ReportDocument, language: str
) -> list[Table]:
    """Return ``tables`` with the report's sample-data note first.

    The note (:func:`illustrative_table`) goes before every other table --
    a committee paper's header block included -- except the list of
    validation problems of a report made from invalid data, which stays
    first: it says the facts themselves may be wrong.
    """
    notes = illustrative_table(document, language)
    if notes is None:
        return tables
    problems = gettext_for(
        document.metadata.language.replace("_", "-").split("-")[0].lower(),
        "Problems found by validation",
    )
    lead = 1 if tables and tables[0].title == problems else 0
    return [*tables[:lead], notes, *tables[lead:]]


def spreadsheet_cell(value: Cell) -> Cell:
    """Return a spreadsheet cell: text as neutralised plain text, the rest as is.

    A plain text cell keeps its text as it is (never read as Markdown);
    :class:`Prose` becomes plain text with link targets in brackets.
    """
    if isinstance(value, Prose):
        return neutralise(to_plain(value.text))
    if isinstance(value, str):
        return neutralise(clean(value))
    return value


# -- Cells and labels in the report's language --------------------------------


@functools.cache
def _locale(language: str) -> Locale:
    from babel import Locale, UnknownLocaleError

    try:
        return Locale.parse(language.replace("-", "_"))
    except (UnknownLocaleError, ValueError):
        return Locale.parse("en")


def cell_languages(table: Table) -> dict[tuple[int, int], str]:
    """The language of each plain cell shown in another language, by (row, column)."""
    return {(row, column): language for row, column, language in table.languages}


def cell_parts(table: Table) -> dict[tuple[int, int], tuple[LanguageRun, ...]]:
    """The runs of words in another language of each cell partly in one.

    By (row, column), for the plain cells of ``table.parts``.
    """
    parts: dict[tuple[int, int], tuple[LanguageRun, ...]] = {}
    for row, column, run in table.parts:
        parts[row, column] = (*parts.get((row, column), ()), run)
    return parts


def fact_languages(facts: Facts) -> dict[int, tuple[LanguageRun, ...]]:
    """The runs in another language of each fact's value, by the fact's place."""
    found: dict[int, tuple[LanguageRun, ...]] = {}
    for index, run in facts.languages:
        found[index] = (*found.get(index, ()), run)
    return found


def language_pieces(
    text: str, runs: Iterable[LanguageRun]
) -> list[tuple[str, str | None]]:
    """Split plain ``text`` at its ``runs``: each piece with its language.

    A piece outside every run has the language None (the report's).  Runs
    are taken in order of their start; one that overlaps an earlier one or
    lies outside the text is cut to what is left of it.

    >>> language_pieces("Weiz, Oulu", [LanguageRun(6, 10, "fi")])
    [('Weiz, ', None), ('Oulu', 'fi')]
    """
    pieces: list[tuple[str, str | None]] = []
    at = 0
    for run in sorted(runs, key=lambda run: run.start):
        start, end = max(run.start, at), min(run.end, len(text))
        if start >= end:
            continue
        if start > at:
            pieces.append((text[at:start], None))
        pieces.append((text[start:end], run.language))
        at = end
    if at < len(text) or not pieces:
        pieces.append((text[at:], None))
    return pieces


def is_number(value: Cell) -> bool:
    """Tell whether a cell holds a number (bools are not cells)."""
    return isinstance(value, int | float | Decimal) and not isinstance(value, bool)


def format_cell(value: Cell, language: str) -> str:
    """Format a non-text cell for the report's language; text is returned as is.

    Numbers get the language's separators (``1.234,50`` in Danish; a
    Decimal keeps its decimal places), dates its medium format
    (``5. mar. 2024``), None is empty; :class:`Prose` is its Markdown.
    """
    if value is None or isinstance(value, str | Prose):
        return "" if value is None else str(value)
    from babel.dates import format_date, format_datetime
    from babel.numbers import format_decimal

    locale = _locale(language)
    if isinstance(value, dt.datetime):
        return format_datetime(value, format="medium", locale=locale)
    if isinstance(value, dt.date):
        return format_date(value, format="medium", locale=locale)
    if isinstance(value, Decimal):
        exponent = value.as_tuple().exponent
        places = -exponent if isinstance(exponent, int) and exponent < 0 else 0
        pattern = "#,##0" + ("." + "0" * places if places else "")
        return format_decimal(value, format=pattern, locale=locale)
    return format_decimal(value, locale=locale)


def words_language(metadata: Metadata) -> str:
    """The language a renderer writes its own words and cells in.

    The report's language, or the label fallback where munintl has no
    catalog for it (see :attr:`Metadata.words_language`).
    """
    return metadata.words_language or metadata.language


def label(language: str, name: str) -> str:
    """Return a renderer's own label (``Illustrative``, ``Note``) in ``language``."""
    return gettext_for(language, LABELS[name])


def N_(message: str) -> str:
    """Mark ``message`` for extraction into the catalogs; translate it later."""
    return message


#: The few words renderers add themselves, as gettext message ids.
LABELS: dict[str, str] = {
    "illustrative": N_("Illustrative"),
    "note": N_("Note"),
    "fallback": N_("Not translated"),
    "case_number": N_("Case number"),
    "page": N_("Page {page} of {pages}"),
    "field": N_("Field"),
    "value": N_("Value"),
}

#: The paragraph styles that get a label before them.
_MARKED = frozenset({"illustrative", "note", "fallback"})


def paragraph_label(language: str, style: str) -> str | None:
    """Return the label shown before a paragraph of ``style`` (None if normal)."""
    return label(language, style) if style in _MARKED else None


def footer_text(metadata: Metadata) -> str:
    """Return a page footer's text before the page number.

    The municipality and, when the report has one, its case number:
    ``Skanderborg Kommune · Sagsnummer: 24/12345``.
    """
    parts = [clean(metadata.municipality)]
    if metadata.case_number:
        case = label(words_language(metadata), "case_number")
        parts.append(f"{case}: {clean(metadata.case_number)}")
    return " · ".join(part for part in parts if part)


def page_label(language: str) -> tuple[str, str, str]:
    """Split "Page {page} of {pages}" in ``language`` around its two numbers.

    Renderers put their own page and page-count fields between the parts:
    ``("Side ", " af ", "")`` in Danish.
    """
    text = label(language, "page")
    before, _page, rest = text.partition("{page}")
    middle, _pages, after = rest.partition("{pages}")
    return before, middle, after


def facts_table(facts: Facts, language: str) -> Table:
    """Return a header block as a two-column table, for spreadsheets."""
    return Table(
        title=facts.title,
        columns=(label(language, "field"), label(language, "value")),
        rows=tuple((name, value) for name, value in facts.items),
    )


# -- Templates ---------------------------------------------------------------


Flavour = Literal["html", "markdown"]


def render_template(
    builtin: str, override: str | None, flavour: Flavour, **context: Any
) -> str:
    """Render the Jinja2 template ``builtin`` or the file ``override`` instead.

    An override is a path to a template file; it may ``{% extends %}`` the
    built-in one by its name (``report.html.j2``) and replace single blocks,
    and include files in its own folder.  A changed file is read again.
    Every template runs in Jinja2's sandbox
    (:mod:`munintl.reports.rendering.templating`).  The ``html`` flavour
    autoescapes; both flavours have the filters ``md``, ``md_inline``,
    ``text``, ``cell`` and ``label`` (see the built-in templates).  Raises
    :class:`~munintl.errors.ConfigError`, naming the file and line, when
    the file is missing or unreadable, is not a valid template, uses a name
    the context does not have, breaks the sandbox, or fails as it runs.
    """
    from munintl.reports.rendering import templating
    from munintl.wire.convert import gc_paused

    path: Path | None = None
    folder: str | None = None
    if override is not None:
        path = Path(override)
        if path.is_file():
            path = path.resolve()
            folder = str(path.parent)
    # A page of 10,000 initiatives parses some 56,000 texts; the parses the
    # cache keeps for a while outlive the young generations, so the
    # collector ran three full passes over the whole portfolio per page
    # (a quarter of the HTML time, and growth of 13x for 10x the data).
    with gc_paused():
        return templating.render(_environment(folder, flavour), builtin, path, context)


@functools.lru_cache(maxsize=16)
def _environment(directory: str | None, flavour: Flavour) -> Environment:
    import jinja2
    from markupsafe import Markup, escape

    from munintl.reports.rendering.templating import new_environment

    environment = new_environment(
        Path(directory) if directory is not None else None,
        autoescape=flavour == "html",
    )

    @jinja2.pass_context
    def label_filter(context: jinja2.runtime.Context, name: str) -> str:
        return label(words_language(context["metadata"]), name)

    if flavour == "html":

        @jinja2.pass_context
        def html_cell(
            context: jinja2.runtime.Context,
            value: Cell,
            runs: Sequence[LanguageRun] | None = None,
        ) -> Markup:
            words = words_language(context["metadata"])
            return Markup(cell_html(value, words, runs))  # noqa: S704 - escaped

        environment.filters.update(
            md=lambda text: Markup(to_html(text)),  # noqa: S704 - escaped by to_html
            md_inline=lambda text: Markup(to_html(text, compact=True)),  # noqa: S704
            text=lambda text: escape(clean(text)),
            in_languages=lambda text, runs=None: Markup(  # noqa: S704 - escaped
                html_in_languages(text, runs)
            ),
            cell=html_cell,
            label=label_filter,
        )
    else:

        @jinja2.pass_context
        def markdown_cell(
            context: jinja2.runtime.Context,
            value: Cell,
            runs: Sequence[LanguageRun] | None = None,
        ) -> str:
            # Markdown has no way to say a language: ``runs`` are not shown.
            return cell_markdown(value, words_language(context["metadata"]))

        environment.filters.update(
            md=to_markdown,
            md_inline=lambda text: to_markdown(text, compact=True),
            text=markdown_text,
            in_languages=lambda text, runs=None: markdown_text(text),
            cell=markdown_cell,
            label=label_filter,
        )
    return environment
