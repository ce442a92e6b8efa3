"""Render the Markdown subset and table cells the way every report format does.

Texts in report documents (paragraphs, list items, string cells) are in the
Markdown subset of :mod:`munintl.model.text`.  This module turns them into
HTML, Markdown, typst markup and plain text, and formats cells for the
report's language, so every format shows the same thing.  The DOCX format
walks :func:`munintl.model.text.parse_markdown` itself, as Word runs are
objects rather than text.

It also holds the one place that neutralises spreadsheet formulas
(:func:`neutralise`), used by both the XLSX and CSV formats.

Nothing here imports a heavy library; Babel is imported on first use.
"""

from __future__ import annotations

import datetime as dt
import functools
import html as _html
import re
from collections.abc import Iterable
from decimal import Decimal
from pathlib import Path
from typing import TYPE_CHECKING, Any, Literal
from urllib.parse import urlsplit

from munintl.i18n import gettext_for
from munintl.model.text import Block, Inline, parse_markdown

if TYPE_CHECKING:
    from babel import Locale
    from jinja2 import Environment

    from munintl.reports.document import Cell, ReportDocument, Table

#: URL schemes a link may use; any other link (``javascript:``, ``data:``) is
#: shown as its label only.  Links without a scheme (``#part``) are kept.
SAFE_SCHEMES = frozenset({"http", "https", "mailto"})

#: A string cell starting with one of these is a formula to a spreadsheet
#: program (tab and carriage return too: Excel strips them and evaluates the
#: rest).  See the OWASP page on CSV injection.
FORMULA_PREFIXES = ("=", "+", "-", "@", "\t", "\r")

_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")
_SPACE = re.compile(r"\s+")


def safe_url(url: str | None) -> str | None:
    """Return ``url`` if a link to it is harmless, else None.

    >>> safe_url("https://skanderborg.dk"), safe_url("javascript:alert(1)")
    ('https://skanderborg.dk', None)
    """
    if not url or _CONTROL.search(url) or any(c.isspace() for c in url):
        return None
    try:
        scheme = urlsplit(url).scheme.lower()
    except ValueError:
        return None
    if scheme and scheme not in SAFE_SCHEMES:
        return None
    return url


def clean(text: str) -> str:
    """Drop control characters (other than tab and newline) that no format can hold."""
    return _CONTROL.sub("", text)


def _runs(text: str) -> tuple[Block, ...]:
    return parse_markdown(clean(text))


# -- HTML --------------------------------------------------------------------


def _html_inline(parts: Iterable[Inline]) -> str:
    out: list[str] = []
    for part in parts:
        text = _html.escape(part.text, quote=False)
        if part.kind == "emphasis":
            out.append(f"<em>{text}</em>")
        elif part.kind == "strong":
            out.append(f"<strong>{text}</strong>")
        elif part.kind == "link":
            url = safe_url(part.url)
            if url is None:
                out.append(text)
            else:
                out.append(f'<a href="{_html.escape(url, quote=True)}">{text}</a>')
        else:
            out.append(text)
    return "".join(out)


def to_html(text: str, *, compact: bool = False) -> str:
    """Render Markdown-subset ``text`` as escaped HTML.

    Paragraphs become ``<p>``, lists ``<ul>`` or ``<ol>``.  With ``compact``
    (table cells, list items) a text that is one paragraph is returned
    without the ``<p>``.  Everything from the text is escaped; links with
    unsafe schemes lose their ``href``.
    """
    blocks = _runs(text)
    if compact and len(blocks) == 1 and blocks[0].kind == "paragraph":
        return _html_inline(blocks[0].items[0])
    out: list[str] = []
    for block in blocks:
        if block.kind == "paragraph":
            out.append(f"<p>{_html_inline(block.items[0])}</p>")
        else:
            tag = "ul" if block.kind == "bullets" else "ol"
            items = "".join(f"<li>{_html_inline(item)}</li>" for item in block.items)
            out.append(f"<{tag}>{items}</{tag}>")
    return "\n".join(out)


# -- Markdown ----------------------------------------------------------------

# Text the subset parser kept as plain text but that a full Markdown reader
# would take as a block (a heading, a quote, a table row, a rule).
_BLOCK_START = re.compile(
    r"^(?:#{1,6}(?:\s|$)|>|\||```|~~~|(?:[-*_] *){3,}$|=+ *$"
    r"|[-*+](?:\s|$)|\d{1,9}[.)](?:\s|$))"
)
_MD_ESCAPES = {
    **{c: "\\" + c for c in "\\`*_[]|"},
    "&": "&amp;",
    "<": "&lt;",
    ">": "&gt;",
}
_MD_SPECIAL = re.compile("[" + re.escape("".join(_MD_ESCAPES)) + "]")


def _md_escape(text: str) -> str:
    return _MD_SPECIAL.sub(lambda match: _MD_ESCAPES[match.group()], text)


def _md_inline(parts: Iterable[Inline]) -> str:
    out: list[str] = []
    for part in parts:
        text = _md_escape(part.text)
        if part.kind == "emphasis":
            out.append(f"*{text}*")
        elif part.kind == "strong":
            out.append(f"**{text}**")
        elif part.kind == "link":
            url = safe_url(part.url)
            out.append(text if url is None else f"[{text}]({_md_url(url)})")
        else:
            out.append(text)
    line = "".join(out)
    if _BLOCK_START.match(line):
        line = "\\" + line
    return line


def _md_url(url: str) -> str:
    # Parentheses would end or unbalance the link; the rest is kept as given.
    return (
        url.replace("(", "%28")
        .replace(")", "%29")
        .replace("<", "%3C")
        .replace(">", "%3E")
    )


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
            for number, item in enumerate(block.items, start=1):
                mark = "-" if block.kind == "bullets" else f"{number}."
                lines.append(f"{mark} {_md_inline(item)}")
        if not compact:
            lines.append("")
    if compact:
        return "<br>".join(lines)
    return "\n".join(lines).strip("\n")


def markdown_text(text: str) -> str:
    """Escape plain ``text`` (a heading, a title) for a Markdown line."""
    line = _md_escape(_SPACE.sub(" ", clean(text)).strip())
    return "\\" + line if _BLOCK_START.match(line) else line


# -- typst -------------------------------------------------------------------


def typst_string(text: str) -> str:
    """Return ``text`` as a typst string literal: nothing in it is markup."""
    body = _SPACE.sub(" ", clean(text)).replace("\\", "\\\\").replace('"', '\\"')
    return f'"{body}"'


def _typst_inline(parts: Iterable[Inline]) -> str:
    out: list[str] = []
    for part in parts:
        literal = typst_string(part.text)
        if part.kind == "emphasis":
            out.append(f"#emph({literal})")
        elif part.kind == "strong":
            out.append(f"#strong({literal})")
        elif part.kind == "link":
            url = safe_url(part.url)
            if url is None:
                out.append(f"#{literal}")
            else:
                out.append(f"#link({typst_string(url)})[#{literal}]")
        else:
            out.append(f"#{literal}")
    return "".join(out)


def to_typst(text: str, *, compact: bool = False) -> str:
    """Render Markdown-subset ``text`` as typst markup.

    Every run of text becomes a typst string literal (``#"..."``), so no
    character of the text is read as typst markup or code.  Paragraphs are
    separated by blank lines; lists become ``#list`` and ``#enum``.  With
    ``compact`` a one-paragraph text is returned without paragraph breaks.
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
            items = ", ".join(f"[{_typst_inline(item)}]" for item in block.items)
            out.append(f"#{function}({items})")
    return "\n\n".join(out)


# -- Plain text and spreadsheets ---------------------------------------------


def _plain_inline(parts: Iterable[Inline]) -> str:
    out: list[str] = []
    for part in parts:
        if part.kind == "link" and part.url and part.url != part.text:
            out.append(f"{part.text} ({part.url})")
        else:
            out.append(part.text)
    return "".join(out)


def to_plain(text: str) -> str:
    """Render Markdown-subset ``text`` as plain text, keeping link targets.

    Blocks are separated by blank lines, list items are ``- item`` or
    ``1. item``, and a link is ``label (url)``.
    """
    out: list[str] = []
    for block in _runs(text):
        if block.kind == "paragraph":
            out.append(_plain_inline(block.items[0]))
        else:
            lines = [
                ("- " if block.kind == "bullets" else f"{number}. ")
                + _plain_inline(item)
                for number, item in enumerate(block.items, start=1)
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


def document_tables(document: ReportDocument) -> list[Table]:
    """Every table in ``document`` in order, a figure's data table in its place."""
    tables: list[Table] = []
    for block in document.blocks:
        if block.kind == "table":
            tables.append(block)
        elif block.kind == "figure":
            tables.append(block.data)
    return tables


def spreadsheet_cell(value: Cell) -> Cell:
    """Return a spreadsheet cell: text as neutralised plain text, the rest as is."""
    if isinstance(value, str):
        return neutralise(to_plain(value))
    return value


# -- Cells and labels in the report's language --------------------------------


@functools.cache
def _locale(language: str) -> Locale:
    from babel import Locale, UnknownLocaleError

    try:
        return Locale.parse(language.replace("-", "_"))
    except (UnknownLocaleError, ValueError):
        return Locale.parse("en")


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
}


def paragraph_label(language: str, style: str) -> str | None:
    """Return the label shown before a paragraph of ``style`` (None if normal)."""
    return label(language, style) if style in LABELS else None


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

    path: Path | None = None
    folder: str | None = None
    if override is not None:
        path = Path(override)
        if path.is_file():
            path = path.resolve()
            folder = str(path.parent)
    return templating.render(_environment(folder, flavour), builtin, path, context)


@functools.lru_cache(maxsize=16)
def _environment(directory: str | None, flavour: Flavour) -> Environment:
    import jinja2
    from markupsafe import Markup, escape

    loaders: list[jinja2.BaseLoader] = []
    if directory is not None:
        loaders.append(jinja2.FileSystemLoader(directory, encoding="utf-8"))
    loaders.append(jinja2.PackageLoader("munintl.reports.rendering", "templates"))
    environment = jinja2.Environment(
        loader=jinja2.ChoiceLoader(loaders),
        # Markdown is not HTML: its filters escape what a Markdown reader acts on.
        autoescape=flavour == "html",  # noqa: S701
        undefined=jinja2.StrictUndefined,
        keep_trailing_newline=True,
        auto_reload=True,
    )

    @jinja2.pass_context
    def label_filter(context: jinja2.runtime.Context, name: str) -> str:
        return label(context["language"], name)

    if flavour == "html":

        @jinja2.pass_context
        def html_cell(context: jinja2.runtime.Context, value: Cell) -> Markup:
            if isinstance(value, str):
                return Markup(to_html(value, compact=True))  # noqa: S704 - escaped by to_html
            return escape(format_cell(value, context["language"]))

        environment.filters.update(
            md=lambda text: Markup(to_html(text)),  # noqa: S704 - escaped by to_html
            md_inline=lambda text: Markup(to_html(text, compact=True)),  # noqa: S704
            text=lambda text: escape(clean(text)),
            cell=html_cell,
            label=label_filter,
        )
    else:

        @jinja2.pass_context
        def markdown_cell(context: jinja2.runtime.Context, value: Cell) -> str:
            if isinstance(value, str):
                return to_markdown(value, compact=True)
            return _md_escape(format_cell(value, context["language"]))

        environment.filters.update(
            md=to_markdown,
            md_inline=lambda text: to_markdown(text, compact=True),
            text=markdown_text,
            cell=markdown_cell,
            label=label_filter,
        )
    return environment
