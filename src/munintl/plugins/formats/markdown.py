"""The Markdown report format: the report as CommonMark with GFM tables.

The text is rendered from a Jinja2 template: the built-in ``report.md.j2``
(in ``munintl/reports/templates``) or the file named by ``template`` in
``[plugins.markdown]`` (or ``[templates] markdown`` in ``munintl.toml``),
which may ``{% extends "report.md.j2" %}`` and replace single blocks
(``header``, ``footer``, ``heading``, ``paragraph``, ``list``, ``table``,
``facts``, ``figure``).  A header block (:class:`~munintl.reports.document.Facts`)
is its title in bold and one ``**label:** value`` line per fact.

Texts are written back in the Markdown subset and everything else a
Markdown reader would act on -- HTML tags, a ``#`` or ``>`` starting a
paragraph, ``|`` in a table -- is escaped, so a report converted to HTML by
any Markdown tool runs no script.  Notes, illustrative and untranslated
paragraphs are labelled block quotes.  A figure is its title, its
alternative text and its data table: Markdown has no way to embed the
drawing that works everywhere.

Jinja2 is imported when a report is rendered, not when plugins are listed.
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

import attrs

from munintl.hooks import hookimpl
from munintl.hooks.records import ReportFormat
from munintl.i18n import N_

if TYPE_CHECKING:
    from munintl.reports.document import ReportDocument, Table

TEMPLATE = "report.md.j2"
_BLANK_LINES = re.compile(r"\n(?:[ \t]*\n){2,}")


@attrs.frozen(kw_only=True)
class MarkdownSettings:
    """``[plugins.markdown]``: ``template``, a Jinja2 file to use instead of ours."""

    template: str | None = None


def heading_level(level: int) -> int:
    """Clamp a document heading level to Markdown's ``#`` to ``######``."""
    return min(max(level, 1), 6)


def numeric_columns(table: Table) -> list[bool]:
    """Tell, per column, whether every filled cell is a number (right-aligned)."""
    from munintl.reports.rendering.markup import is_number

    found: list[bool] = []
    for index in range(len(table.columns)):
        values = [row[index] for row in table.rows if index < len(row)]
        filled = [value for value in values if value is not None]
        found.append(bool(filled) and all(is_number(value) for value in filled))
    return found


@attrs.frozen
class MarkdownRenderer:
    """Render a report document as Markdown."""

    settings: MarkdownSettings = attrs.field(factory=MarkdownSettings)

    def render(self, document: ReportDocument) -> bytes:
        """Return the Markdown text as UTF-8 bytes, ending in one newline."""
        from munintl.reports.rendering.markup import render_template

        text = render_template(
            TEMPLATE,
            self.settings.template,
            "markdown",
            document=document,
            metadata=document.metadata,
            language=document.metadata.language,
            heading_level=heading_level,
            numeric_columns=numeric_columns,
        )
        text = _BLANK_LINES.sub("\n\n", text).strip("\n")
        return (text + "\n").encode("utf-8")


def make_renderer(settings: MarkdownSettings | None) -> MarkdownRenderer:
    """Build the Markdown renderer (``settings`` None: the built-in template)."""
    return MarkdownRenderer(settings or MarkdownSettings())


@hookimpl
def munintl_report_formats() -> list[ReportFormat]:
    """Register the ``markdown`` report format."""
    return [
        ReportFormat(
            name="markdown",
            description=N_("CommonMark with GFM tables (Jinja2 template)"),
            suffixes=(".md", ".markdown"),
            media_type="text/markdown",
            factory=make_renderer,
            settings=MarkdownSettings,
        )
    ]
