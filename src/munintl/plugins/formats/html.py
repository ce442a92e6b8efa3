"""The HTML report format: one self-contained, accessible HTML5 file.

The page is rendered from a Jinja2 template with autoescaping on: the
built-in ``report.html.j2`` (in ``munintl/reports/templates``) or the file
named by ``template`` in ``[plugins.html]`` (or ``[templates] html`` in
``munintl.toml``), which may ``{% extends "report.html.j2" %}`` and
replace single blocks -- ``style``, ``head``, ``header``, ``footer`` (by
default the municipality and case number), or how a ``heading``,
``paragraph``, ``list``, ``table``, ``facts`` (the header block of a
committee paper) or ``figure`` looks.  An annex's heading starts a new
page when printed.

The file needs nothing else: the CSS (with a print stylesheet) is inline,
and a timeline figure is inline SVG with its title and alternative text,
followed by its data as a table.  ``<html lang>`` is the report's language;
tables have captions and ``<th scope="col">`` headers; notes, illustrative
and untranslated paragraphs are boxed and labelled, so they stand out in
greyscale too.  Every text is escaped and links keep only safe schemes.

Jinja2 is imported when a page is rendered, not when plugins are listed.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

import attrs

from munintl.hooks import hookimpl
from munintl.hooks.records import ReportFormat
from munintl.i18n import N_

if TYPE_CHECKING:
    from markupsafe import Markup

    from munintl.reports.document import Figure, ReportDocument

TEMPLATE = "report.html.j2"


@attrs.frozen(kw_only=True)
class HtmlSettings:
    """``[plugins.html]``: ``template``, a Jinja2 file replacing the built-in one."""

    template: str | None = None


def heading_level(level: int) -> int:
    """Clamp a document heading level to HTML's ``h1``-``h6``."""
    return min(max(level, 1), 6)


@attrs.frozen
class HtmlRenderer:
    """Render a report document as a self-contained HTML page."""

    settings: HtmlSettings = attrs.field(factory=HtmlSettings)

    def render(self, document: ReportDocument) -> bytes:
        """Return the page as UTF-8 bytes."""
        from markupsafe import Markup

        from munintl.reports.rendering.figures import timeline_svg
        from munintl.reports.rendering.markup import (
            cell_languages,
            cell_parts,
            fact_languages,
            footer_text,
            is_number,
            render_template,
            words_language,
        )

        language = document.metadata.language
        words = words_language(document.metadata)

        def figure_svg(figure: Figure, number: int) -> Markup:
            if figure.timeline is None:
                return Markup("")
            svg = timeline_svg(
                figure.timeline,
                title=figure.title,
                alt=figure.alt,
                language=words,
                id_prefix=f"figure-{number}-svg",
                font="system-ui, -apple-system, 'Segoe UI', Roboto, Arial, sans-serif",
            )
            return Markup(svg)  # noqa: S704 - timeline_svg escapes every text

        page = render_template(
            TEMPLATE,
            self.settings.template,
            "html",
            document=document,
            metadata=document.metadata,
            language=language,
            figure_svg=figure_svg,
            is_number=is_number,
            cell_languages=cell_languages,
            cell_parts=cell_parts,
            fact_languages=fact_languages,
            heading_level=heading_level,
            footer_text=footer_text(document.metadata),
        )
        return page.encode("utf-8")


def make_renderer(settings: HtmlSettings | None) -> HtmlRenderer:
    """Build the HTML renderer (``settings`` None: the built-in template)."""
    return HtmlRenderer(settings or HtmlSettings())


@hookimpl
def munintl_report_formats() -> list[ReportFormat]:
    """Register the ``html`` report format."""
    return [
        ReportFormat(
            name="html",
            description=N_("A self-contained, accessible HTML page (Jinja2 template)"),
            suffixes=(".html", ".htm"),
            media_type="text/html",
            factory=make_renderer,
            settings=HtmlSettings,
        )
    ]
