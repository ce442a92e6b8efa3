"""Draw report figures: the timeline (Gantt) of initiatives and partnership events.

:func:`timeline_svg` draws a :class:`~munintl.reports.document.Timeline` as
SVG text, which the HTML format puts inline and the PDF format hands to
typst; :func:`timeline_png` rasterises that same SVG with typst for DOCX.
One drawing serves every format.

The figure reads in greyscale and without colour vision: every bar is
labelled, each theme's bars carry their own fill pattern (solid, hatched,
dotted, ...), approximate dates are drawn dashed, running periods end in an
arrow and events are diamonds, and a legend names each mark.  The SVG
carries the figure's title and alternative text (``<title>``/``<desc>``,
``role="img"``); every format also shows the figure's data as a table.

Paged formats draw a long timeline in parts that fit a page
(:func:`timeline_svgs`), each with the axis, the legend and its theme's
heading, so a follow-up of 10,000 initiatives still prints.

Measured on the project's 2-core machine: drawing the SVG of a 36-row part
takes ~3 ms; rasterising it to PNG at 120 ppi with typst ~0.15-0.3 s, most
of it proportional to the pixels (96 ppi takes a third of 150 ppi's time).
Pillow would need a second drawing of the figure and a font with Danish
letters; typst bundles its fonts, so the PNG shows the same text as the PDF.
"""

from __future__ import annotations

import datetime as dt
import functools
from collections.abc import Iterator
from typing import TYPE_CHECKING
from xml.sax.saxutils import escape, quoteattr

import attrs

from munintl.errors import MunintlError
from munintl.i18n import gettext_for
from munintl.reports.document import Timeline, TimelineBar, TimelineEvent
from munintl.reports.rendering.markup import N_, clean, to_plain

if TYPE_CHECKING:
    import typst

#: The fonts the SVG asks for: typst's bundled serif first, so the PDF and
#: PNG use it, then what a browser has.
DEFAULT_FONT = "'Libertinus Serif', Georgia, 'Times New Roman', serif"

WIDTH = 760
LABEL_WIDTH = 250
RIGHT_MARGIN = 24
ROW = 22
BAR = 14
AXIS = 34
FONT_SIZE = 12
#: Characters of a label that fit in the label column at FONT_SIZE.
LABEL_CHARS = 38

LEGEND_TEXTS = {
    "approximate": N_("Approximate dates"),
    "ongoing": N_("Continues"),
    "event": N_("Event"),
}


class FigureError(MunintlError):
    """A figure cannot be drawn (for instance a missing optional library)."""


@attrs.frozen
class _Pattern:
    """A fill that tells a theme's bars apart without colour.

    ``body`` draws one 8x8 tile; a pattern without one is a plain ``colour``
    (tiling a plain colour leaves seams in some rasterisers).
    """

    name: str
    body: str = ""
    colour: str = ""

    def fill(self, prefix: str) -> str:
        """Return the ``fill`` attribute value that paints with this pattern."""
        return self.colour or f"url(#{prefix}-{self.name})"


# Each pattern is drawn in black on white, so it survives greyscale printing
# and photocopying; the first is a plain mid grey.
_PATTERNS: tuple[_Pattern, ...] = (
    _Pattern("solid", colour="#8c8c8c"),
    _Pattern(
        "hatch",
        '<rect width="8" height="8" fill="#fff"/>'
        '<path d="M-2,2 l4,-4 M0,8 l8,-8 M6,10 l4,-4" stroke="#000"'
        ' stroke-width="1.4"/>',
    ),
    _Pattern(
        "dots",
        '<rect width="8" height="8" fill="#fff"/>'
        '<circle cx="2" cy="2" r="1.4" fill="#000"/>'
        '<circle cx="6" cy="6" r="1.4" fill="#000"/>',
    ),
    _Pattern(
        "cross",
        '<rect width="8" height="8" fill="#fff"/>'
        '<path d="M0,0 l8,8 M8,0 l-8,8" stroke="#000" stroke-width="1"/>',
    ),
    _Pattern(
        "lines",
        '<rect width="8" height="8" fill="#fff"/>'
        '<path d="M0,2 h8 M0,6 h8" stroke="#000" stroke-width="1.4"/>',
    ),
    _Pattern("dark", colour="#3a3a3a"),
)


def _short(text: str, limit: int = LABEL_CHARS) -> str:
    text = " ".join(to_plain(text).split())
    return text if len(text) <= limit else text[: limit - 1].rstrip() + "…"


def _text(value: str) -> str:
    return escape(clean(value))


def _years(start: dt.date, end: dt.date) -> list[int]:
    """Return the years to mark on the axis: each, or every 2, 5, 10 or 25."""
    first, last = start.year, end.year
    span = last - first
    step = next((s for s in (1, 2, 5, 10, 25, 50) if span / s <= 12), 100)
    # Rounding down to the step must not reach year 0, which no date has.
    marks = range(max(first - first % step, step), last + 1, step)
    return [y for y in marks if start <= dt.date(y, 1, 1) <= end] or [first]


@attrs.frozen(kw_only=True)
class _Row:
    label: str
    group: int
    item: TimelineBar | TimelineEvent | None = None  # None: the theme's heading


def _rows(timeline: Timeline) -> list[_Row]:
    """Order the rows: each theme's heading, then its bars, then its events."""
    items: list[TimelineBar | TimelineEvent] = [*timeline.bars, *timeline.events]
    groups: dict[str, list[_Row]] = {}
    for item in items:
        rows = groups.setdefault(
            item.group, [_Row(label=item.group, group=len(groups))]
        )
        rows.append(_Row(label=item.label, group=rows[0].group, item=item))
    return [row for rows in groups.values() for row in rows]


def _parts(rows: list[_Row], max_rows: int | None) -> list[list[_Row]]:
    """Cut the rows into parts of at most ``max_rows``, each starting with its theme."""
    if max_rows is None or len(rows) <= max_rows:
        return [rows]
    max_rows = max(max_rows, 2)
    parts: list[list[_Row]] = []
    heading: _Row | None = None
    current: list[_Row] = []
    for row in rows:
        if row.item is None:
            heading = row
            if len(current) >= max_rows - 1:  # no theme heading alone at a part's end
                parts.append(current)
                current = []
        elif len(current) >= max_rows:
            parts.append(current)
            current = [heading] if heading is not None else []
        current.append(row)
    parts.append(current)
    return parts


def timeline_svg(
    timeline: Timeline,
    *,
    title: str,
    alt: str,
    language: str,
    id_prefix: str = "timeline",
    font: str = DEFAULT_FONT,
) -> str:
    """Draw ``timeline`` as one standalone SVG document (a string).

    ``title`` and ``alt`` become the SVG's ``<title>`` and ``<desc>``;
    ``language`` sets ``xml:lang`` and the legend's words; ``id_prefix``
    keeps ids unique when a page holds several figures.  Labels and themes
    are Markdown-subset text and are drawn as plain text, escaped.
    """
    (svg,) = timeline_svgs(
        timeline,
        title=title,
        alt=alt,
        language=language,
        id_prefix=id_prefix,
        font=font,
    )
    return svg


def timeline_svgs(
    timeline: Timeline,
    *,
    title: str,
    alt: str,
    language: str,
    id_prefix: str = "timeline",
    font: str = DEFAULT_FONT,
    max_rows: int | None = None,
) -> list[str]:
    """Draw ``timeline`` as SVG documents of at most ``max_rows`` rows each.

    Paged formats (PDF, DOCX) draw a long timeline as several parts that
    each fit a page; every part has the axis, the legend and the heading of
    the theme it starts in.  The first part's description is ``alt``; the
    others say which part of ``title`` they are.  See :func:`timeline_svg`.
    """
    # The axis spans at least a day; at the last day of the calendar that
    # day is the one before, as no date follows 31 December 9999.
    day = dt.timedelta(days=1)
    start = min(timeline.start, dt.date.max - day)
    end = max(timeline.end, start + day)
    scale = _Scale(start, end, LABEL_WIDTH, WIDTH - RIGHT_MARGIN)
    parts = _parts(_rows(timeline), max_rows)
    drawn: list[str] = []
    for number, rows in enumerate(parts, start=1):
        pid = id_prefix if len(parts) == 1 else f"{id_prefix}-{number}"
        description = alt
        if number > 1:
            description = f"{title} ({number}/{len(parts)})"
        drawn.append(
            _draw(
                rows,
                scale,
                title=title,
                alt=description,
                language=language,
                id_prefix=pid,
                font=font,
            )
        )
    return drawn


def _draw(
    rows: list[_Row],
    scale: _Scale,
    *,
    title: str,
    alt: str,
    language: str,
    id_prefix: str,
    font: str,
) -> str:
    legend_top = AXIS + ROW * len(rows) + 14
    height = legend_top + 28
    pid = _text(id_prefix)
    out: list[str] = [
        f'<svg xmlns="http://www.w3.org/2000/svg" width="{WIDTH}" height="{height}"'
        f' viewBox="0 0 {WIDTH} {height}" role="img"'
        f' aria-labelledby="{pid}-title {pid}-desc" xml:lang={quoteattr(language)}'
        f' font-family={quoteattr(font)} font-size="{FONT_SIZE}">',
        f'<title id="{pid}-title">{_text(title)}</title>',
        f'<desc id="{pid}-desc">{_text(alt)}</desc>',
        "<defs>",
        *(
            f'<pattern id="{pid}-{p.name}" width="8" height="8"'
            f' patternUnits="userSpaceOnUse">{p.body}</pattern>'
            for p in _PATTERNS
            if p.body
        ),
        "</defs>",
        f'<rect width="{WIDTH}" height="{height}" fill="#fff"/>',
    ]
    out.extend(_axis(scale, len(rows)))
    for number, row in enumerate(rows):
        top = AXIS + ROW * number
        baseline = top + ROW / 2 + 4
        if row.item is None:
            out.append(
                f'<line x1="0" y1="{top}" x2="{WIDTH}" y2="{top}" stroke="#000"'
                ' stroke-width="0.6"/>'
            )
            out.append(
                f'<text x="4" y="{baseline}" font-weight="bold">'
                f"{_text(_short(row.label, LABEL_CHARS + 4))}</text>"
            )
        elif isinstance(row.item, TimelineBar):
            out.append(f'<text x="14" y="{baseline}">{_text(_short(row.label))}</text>')
            pattern = _PATTERNS[row.group % len(_PATTERNS)]
            out.extend(_bar(row.item, scale, top + ROW / 2, pattern.fill(pid)))
        else:
            out.append(
                f'<text x="14" y="{baseline}" font-style="italic">'
                f"{_text(_short(row.label))}</text>"
            )
            out.extend(_diamond(scale.x(row.item.date), top + ROW / 2))
    out.extend(_legend(legend_top, language, _PATTERNS[1].fill(pid)))
    out.append("</svg>")
    return "\n".join(out)


@attrs.frozen
class _Scale:
    """Map dates to x positions on the plot."""

    start: dt.date
    end: dt.date
    left: float
    right: float

    def x(self, day: dt.date) -> float:
        days = (self.end - self.start).days
        offset = min(max((day - self.start).days, 0), days)
        return round(self.left + (self.right - self.left) * offset / days, 2)


def _axis(scale: _Scale, rows: int) -> Iterator[str]:
    bottom = AXIS + ROW * rows
    yield (
        f'<line x1="{scale.left}" y1="{AXIS - 6}" x2="{scale.right}" y2="{AXIS - 6}"'
        ' stroke="#000"/>'
    )
    for year in _years(scale.start, scale.end):
        left = scale.x(dt.date(year, 1, 1))
        yield (
            f'<line x1="{left}" y1="{AXIS - 10}" x2="{left}" y2="{bottom}"'
            ' stroke="#767676" stroke-width="0.5" stroke-dasharray="2 3"/>'
        )
        yield f'<text x="{left}" y="{AXIS - 14}" text-anchor="middle">{year}</text>'
    yield (
        f'<line x1="0" y1="{bottom}" x2="{WIDTH}" y2="{bottom}" stroke="#000"'
        ' stroke-width="0.6"/>'
    )


def _bar(bar: TimelineBar, scale: _Scale, middle: float, fill: str) -> Iterator[str]:
    left = scale.x(bar.start)
    right = scale.x(bar.end) if bar.end is not None else scale.right
    right = max(right, left + 3)
    top = middle - BAR / 2
    dash = ' stroke-dasharray="4 2"' if bar.approximate else ""
    yield (
        f'<rect x="{left}" y="{top}" width="{round(right - left, 2)}" height="{BAR}"'
        f' fill="{fill}" stroke="#000" stroke-width="1"{dash}/>'
    )
    if bar.end is None or bar.end > scale.end:
        yield _arrow(right, middle, 1)
    if bar.start < scale.start:
        yield _arrow(left, middle, -1)


def _arrow(base: float, middle: float, direction: int, half: float = BAR / 2) -> str:
    tip = base + 8 * direction
    return (
        f'<path d="M{base},{middle - half} L{tip},{middle}'
        f' L{base},{middle + half} Z" fill="#000"/>'
    )


def _diamond(centre: float, middle: float, size: float = 6) -> Iterator[str]:
    yield (
        f'<path d="M{centre},{middle - size} L{centre + size},{middle}'
        f' L{centre},{middle + size} L{centre - size},{middle} Z"'
        ' fill="#000" stroke="#fff" stroke-width="1"/>'
    )


def _legend(top: float, language: str, fill: str) -> Iterator[str]:
    middle = top + 8
    words = {
        key: _text(gettext_for(language, text)) for key, text in LEGEND_TEXTS.items()
    }
    yield (
        f'<rect x="4" y="{middle - 6}" width="28" height="12" fill="{fill}"'
        ' stroke="#000" stroke-dasharray="4 2"/>'
    )
    yield f'<text x="38" y="{middle + 4}">{words["approximate"]}</text>'
    yield (
        f'<rect x="230" y="{middle - 6}" width="20" height="12" fill="{fill}"'
        ' stroke="#000"/>'
    )
    yield _arrow(250, middle, 1, half=6)
    yield f'<text x="264" y="{middle + 4}">{words["ongoing"]}</text>'
    yield from _diamond(440, middle)
    yield f'<text x="452" y="{middle + 4}">{words["event"]}</text>'


def timeline_png(svg: str, *, ppi: float = 120, max_pixels: int = 40_000_000) -> bytes:
    """Rasterise an SVG drawn by :func:`timeline_svg` to PNG with typst.

    typst bundles the fonts the SVG asks for, so the PNG is the same on
    every machine.  ``ppi`` is lowered for very tall figures so the image
    stays under ``max_pixels``.  Raises :class:`FigureError` when typst
    (``pip install 'munintl[docx]'``) is missing.
    """
    try:
        import typst
    except ImportError as error:
        raise FigureError(
            "drawing a figure for DOCX needs typst: pip install 'munintl[docx]'"
        ) from error
    width, height = _size(svg)
    pixels = width * height * (ppi / 96) ** 2
    if pixels > max_pixels:
        ppi = 96 * (max_pixels / (width * height)) ** 0.5
    # The SVG goes in through sys.inputs, so nothing in it is read as typst.
    source = (
        "#set page(width: auto, height: auto, margin: 0pt)\n"
        '#image(bytes(sys.inputs.svg), format: "svg")\n'
    )
    return typst.compile(
        source.encode("utf-8"),
        format="png",
        ppi=ppi,
        font_paths=typst_fonts(),
        sys_inputs={"svg": svg},
    )


@functools.cache
def typst_fonts(paths: tuple[str, ...] = (), system: bool = False) -> typst.Fonts:
    """Return the fonts typst may use, found once per process.

    typst's bundled fonts always; the fonts in the folders ``paths``; the
    machine's own fonts only if ``system`` (output then depends on them).
    """
    import typst

    return typst.Fonts(
        include_system_fonts=system, include_embedded_fonts=True, font_paths=list(paths)
    )


def _size(svg: str) -> tuple[int, int]:
    """Return the width and height an SVG drawn here declares, in CSS pixels."""
    head = svg[: svg.index(">")]
    width = int(head.split(' width="', 1)[1].split('"', 1)[0])
    height = int(head.split(' height="', 1)[1].split('"', 1)[0])
    return width, height
