"""Turn report blocks and texts in the Markdown subset into docutils nodes.

The Sphinx extension builds its pages from the same pieces as the reports
(:mod:`munintl.reports.building`): paragraphs and lists in the Markdown
subset, plain-text table cells, figures with alternative text and a data
table.  This module is the one place those become docutils nodes, so a page
reads like the report it stands beside.  Text shown in another language than
the build's carries a ``language-xx`` class, which docutils writes as a
``lang`` attribute.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Sequence
from decimal import Decimal

import attrs
from docutils import nodes

from munintl.model.markdown import Inline, parse_markdown
from munintl.reports.document import (
    Block,
    Cell,
    Facts,
    Figure,
    Heading,
    LanguageRun,
    ListBlock,
    Paragraph,
    Prose,
    Table,
)
from munintl.reports.rendering.markup import (
    cell_parts,
    fact_languages,
    language_pieces,
    safe_url,
)

#: The classes a paragraph style adds (a stylesheet may mark them).
STYLE_CLASSES = {
    "normal": [],
    "note": ["munintl-note"],
    "illustrative": ["munintl-illustrative"],
    "fallback": ["munintl-fallback"],
}


def inline(runs: Iterable[Inline]) -> list[nodes.Node]:
    """The docutils nodes of inline runs: text, emphasis, strong, links."""
    out: list[nodes.Node] = []
    for run in runs:
        if run.kind == "text":
            out.append(nodes.Text(run.text))
        elif run.kind == "strong":
            out.append(nodes.strong("", "", *inline(run.parts)))
        elif run.kind == "emphasis":
            out.append(nodes.emphasis("", "", *inline(run.parts)))
        elif run.kind == "language":
            # docutils writes a language-xx class as a lang attribute.
            classes = [f"language-{run.language}"]
            out.append(nodes.inline("", "", *inline(run.parts), classes=classes))
        elif (url := safe_url(run.url)) is None:
            # javascript:, data:, file: ... -- the words without the link,
            # as every report format does (a published site runs no script).
            out.extend(inline(run.parts))
        else:
            out.append(nodes.reference("", "", *inline(run.parts), refuri=url))
    return out


def prose(
    text: str, *, language: str | None = None, style: str = "normal"
) -> list[nodes.Element]:
    """The paragraphs and lists of a text in the Markdown subset."""
    classes = list(STYLE_CLASSES.get(style, []))
    if language:
        classes.append(f"language-{language}")
    out: list[nodes.Element] = []
    for block in parse_markdown(text):
        if block.kind == "paragraph":
            out.append(
                nodes.paragraph("", "", *inline(block.items[0]), classes=classes)
            )
            continue
        listing: nodes.Element
        if block.kind == "numbers":
            listing = nodes.enumerated_list(enumtype="arabic", classes=classes)
            if block.start != 1:
                listing["start"] = block.start
        else:
            listing = nodes.bullet_list(bullet="*", classes=classes)
        for item in block.items:
            listing.append(nodes.list_item("", nodes.paragraph("", "", *inline(item))))
        out.append(listing)
    return out


def in_languages(text: str, runs: Sequence[LanguageRun] = ()) -> list[nodes.Node]:
    """The nodes of plain ``text``, each of ``runs`` in a ``language-xx`` inline."""
    out: list[nodes.Node] = []
    for piece, language in language_pieces(text, runs):
        if language is None:
            out.append(nodes.Text(piece))
        else:
            out.append(nodes.inline(piece, piece, classes=[f"language-{language}"]))
    return out


def cell_runs(table: Table) -> dict[tuple[int, int], tuple[LanguageRun, ...]]:
    """The words in another language of each plain cell, whole or in part."""
    runs = cell_parts(table)
    for row, column, language in table.languages:
        value = table.rows[row][column] if row < len(table.rows) else None
        if isinstance(value, str) and column < len(table.rows[row]):
            runs[row, column] = (LanguageRun(0, len(value), language),)
    return runs


def inline_text(text: str) -> list[nodes.Node]:
    """The inline nodes of one line of Markdown (a list item, a fact)."""
    blocks = parse_markdown(text)
    if not blocks:
        return []
    return inline(blocks[0].items[0])


def cell_text(value: Cell) -> str:
    """A table cell as text: numbers and dates written plainly."""
    if value is None:
        return ""
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, Decimal | int | float):
        return str(value)
    return str(value)


def cell(
    value: Cell | nodes.Node | Sequence[nodes.Node],
    runs: Sequence[LanguageRun] = (),
) -> nodes.entry:
    """A table entry: plain text, prose, or nodes made by the caller (links).

    ``runs`` marks the words of plain text shown in another language.
    """
    entry = nodes.entry()
    if isinstance(value, str) and runs:
        entry += nodes.paragraph("", "", *in_languages(value, runs))
    elif value is None or isinstance(value, str | int | float | Decimal | dt.date):
        entry += nodes.paragraph("", cell_text(value))
    elif isinstance(value, Prose):
        entry += prose(value.text) or [nodes.paragraph()]
    elif isinstance(value, nodes.Node):
        entry += nodes.paragraph("", "", value)
    else:
        entry += nodes.paragraph("", "", *value)
    return entry


def table(
    title: str,
    columns: Sequence[str],
    rows: Iterable[Sequence[Cell | nodes.Node | Sequence[nodes.Node]]],
    *,
    classes: Sequence[str] = (),
    runs: dict[tuple[int, int], tuple[LanguageRun, ...]] | None = None,
    title_runs: Sequence[LanguageRun] = (),
) -> nodes.table:
    """A table with a caption and one header row.

    ``runs`` marks the words of cells shown in another language, by (row,
    column), ``title_runs`` those of the caption.
    """
    node = nodes.table(classes=["munintl-table", *classes])
    if title:
        node += nodes.title(title, "", *in_languages(title, title_runs))
    group = nodes.tgroup(cols=len(columns))
    node += group
    for _ in columns:
        group += nodes.colspec(colwidth=1)
    head = nodes.thead()
    header = nodes.row()
    for column in columns:
        header += cell(column)
    head += header
    group += head
    body = nodes.tbody()
    runs = runs or {}
    for number, values in enumerate(rows):
        row = nodes.row()
        for place, value in enumerate(values):
            row += cell(value, runs.get((number, place), ()))
        body += row
    group += body
    return node


def blocks(items: Iterable[Block], *, html: bool, language: str) -> list[nodes.Node]:
    """The nodes of report blocks: headings become rubrics inside a page."""
    out: list[nodes.Node] = []
    for block in items:
        if isinstance(block, Heading):
            classes = ["munintl-heading"]
            if block.language:
                classes.append(f"language-{block.language}")
            words = in_languages(block.text, () if block.language else block.parts)
            out.append(nodes.rubric(block.text, "", *words, classes=classes))
        elif isinstance(block, Paragraph):
            out += prose(block.text, style=block.style)
        elif isinstance(block, ListBlock):
            listing: nodes.Element = (
                nodes.enumerated_list(enumtype="arabic")
                if block.ordered
                else nodes.bullet_list(bullet="*")
            )
            if block.ordered and block.start != 1:
                listing["start"] = block.start
            for item in block.items:
                listing += nodes.list_item(
                    "", nodes.paragraph("", "", *inline_text(item))
                )
            out.append(listing)
        elif isinstance(block, Table):
            out.append(data_table(block))
        elif isinstance(block, Figure):
            out += figure(block, html=html, language=language)
        elif isinstance(block, Facts):
            out.append(facts(block))
    return out


def facts(block: Facts) -> nodes.Element:
    """A header block: its title as a rubric over a field list of the facts."""
    container = nodes.container(classes=["munintl-facts"])
    container += nodes.rubric(block.title, block.title)
    fields = nodes.field_list()
    languages = fact_languages(block)
    for number, (name, value) in enumerate(block.items):
        field = nodes.field()
        field += nodes.field_name(name, name)
        runs = languages.get(number, ())
        field += nodes.field_body(
            "", nodes.paragraph(value, "", *in_languages(value, runs))
        )
        fields += field
    container += fields
    return container


def figure(block: Figure, *, html: bool, language: str) -> list[nodes.Node]:
    """A figure: the drawing (HTML builders) and always its data table."""
    out: list[nodes.Node] = []
    if html and block.timeline is not None:
        from munintl.reports.rendering.figures import timeline_svg

        svg = timeline_svg(
            block.timeline, title=block.title, alt=block.alt, language=language
        )
        container = nodes.container(classes=["munintl-figure"])
        container += nodes.raw("", _inline_svg(svg), format="html")
        container += nodes.paragraph("", block.alt, classes=["munintl-figure-caption"])
        out.append(container)
    data = block.data
    if not data.title:
        data = attrs.evolve(
            data, title=block.title, title_languages=block.title_languages
        )
    out.append(data_table(data))
    return out


def data_table(block: Table) -> nodes.table:
    """A report table, the words of its cells and caption in their languages."""
    return table(
        block.title,
        block.columns,
        block.rows,
        runs=cell_runs(block),
        title_runs=block.title_languages,
    )


def _inline_svg(svg: str) -> str:
    # An SVG document starts with an XML declaration an HTML page must not hold.
    start = svg.find("<svg")
    return svg[start:] if start > 0 else svg
