"""Draw report figures: the timeline (Gantt) of initiatives and partnership events.

:func:`timeline_svg` draws a :class:`~munintl.reports.document.Timeline` as
SVG text, which the HTML format puts inline and the PDF format hands to
typst; :func:`timeline_png` rasterises that same SVG with typst for DOCX.
One drawing serves every format.

One visual code per meaning, each named in the legend, and all of them
readable in greyscale and without colour vision:

* a theme's bars carry the theme's fill (grey, hatched, dotted, ...) under
  the theme's heading row;
* approximate dates (known to the year or decade): a dashed outline;
* no end date (still running): a solid arrowhead after the bar;
* a period that began before the axis or ends after it: the bar is cut at
  the axis and a double chevron (« or ») stands at the cut end; the data
  table gives the real dates;
* an event: a diamond, its label in italics.

The figure is drawn :data:`WIDTH` units wide for a printed width of 16 cm
(the DOCX format's figure width; the PDF's text column is a little wider),
where its text is :data:`PRINT_POINTS` points.  Labels wrap onto two lines
and are shortened (with "…") only beyond that, keeping their end when two
would otherwise read the same.

A timeline the report kind summarised (more than
:data:`munintl.reports.building.timeline.MAX_ROWS` items) is drawn as a
grid: a row per group, a column per span of years, each cell the number of
the group's items active in the span, shaded by that number.

Paged formats draw a long timeline in parts that fit a page
(:func:`timeline_svgs`), each with the axis, the legend and its theme's
heading.

Measured on the project's 2-core machine: drawing the SVG of a 36-row part
takes ~3 ms; rasterising it to PNG at 120 ppi with typst ~0.15-0.3 s, most
of it proportional to the pixels (96 ppi takes a third of 150 ppi's time).
Pillow would need a second drawing of the figure and a font with Danish
letters; typst bundles its fonts, so the PNG shows the same text as the PDF.
"""

from __future__ import annotations

import datetime as dt
import functools
import itertools
import re
from collections.abc import Iterator
from typing import TYPE_CHECKING
from xml.sax.saxutils import escape, quoteattr

import attrs

from munintl.errors import MunintlError
from munintl.i18n import _, gettext_for
from munintl.reports.document import (
    LanguageRun,
    Timeline,
    TimelineBar,
    TimelineCount,
    TimelineEvent,
)
from munintl.reports.rendering.markup import N_, clean, to_plain
from munintl.reports.rendering.tables import Advances
from munintl.reports.rendering.tables import text_width as table_text_width

if TYPE_CHECKING:
    import typst

#: The fonts the SVG asks for: typst's bundled serif first, so the PDF and
#: PNG use it, then what a browser has.
DEFAULT_FONT = "'Libertinus Serif', Georgia, 'Times New Roman', serif"

#: Width of the drawing, in SVG units, and the width it is printed at.
WIDTH = 680
PRINT_WIDTH = 16 / 2.54 * 72  # 16 cm in points
#: The size of all text in the drawing; printed 16 cm wide it is 9 points.
PRINT_POINTS = 9.0
FONT_SIZE = round(PRINT_POINTS * WIDTH / PRINT_WIDTH, 1)
LABEL_WIDTH = 300
#: Room kept free at the right of the label column for a "«" mark.
MARK_ROOM = 18
LABEL_INDENT = 14
RIGHT_MARGIN = 24
#: Height of a one-line row; each further line of a label adds LINE.
ROW = 24
LINE = 15
LABEL_LINES = 2
BAR = 14
AXIS = 36

LEGEND_TEXTS = {
    "approximate": N_("Approximate dates"),
    "ongoing": N_("No end date"),
    "beyond": N_("Beyond the axis (dates in the table)"),
    "event": N_("Event"),
    "counts": N_(
        "Each number counts a group's items active in the period (events:"
        " dated in it); the table after the figure lists every item."
    ),
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


#: Advance widths a little over those of the faces the figure is drawn in
#: (Libertinus Serif in PDF and DOCX, a browser's serif or sans-serif in HTML).
FIGURE_FACES = Advances(narrow=0.32, wide=0.95, upper=0.72, other=0.56)


def text_width(text: str, bold: bool = False) -> float:
    """Estimate the width of ``text`` at :data:`FONT_SIZE`, in drawing units.

    The estimate errs on the wide side, so a label measured to fit does fit.
    """
    return table_text_width(text, FONT_SIZE, FIGURE_FACES) * (1.08 if bold else 1.0)


def _cut(text: str, width: float, bold: bool, *, keep_end: bool) -> str:
    """Shorten ``text`` with "…" to fit ``width``: keep its start, or its end."""
    if text_width(text, bold) <= width:
        return text
    low, high = 0, len(text)
    while low < high:  # the most characters that fit beside the ellipsis
        middle = (low + high + 1) // 2
        part = text[-middle:] if keep_end else text[:middle]
        if text_width(part + "…", bold) <= width:
            low = middle
        else:
            high = middle - 1
    # Cut between words where the kept part holds a space.
    if keep_end:
        kept = text[len(text) - low :]
        if " " in kept[1:] and not text[len(text) - low - 1].isspace():
            kept = kept[kept.index(" ", 1) :]
        return "…" + kept.lstrip()
    kept = text[:low]
    if " " in kept and low < len(text) and not text[low].isspace():
        kept = kept[: kept.rindex(" ")]
    return kept.rstrip() + "…"


def fit_label(
    text: str,
    width: float,
    lines: int = LABEL_LINES,
    *,
    bold: bool = False,
    keep_end: bool = False,
) -> list[str]:
    """Wrap ``text`` into at most ``lines`` lines of ``width`` units.

    Words are never split; what does not fit in ``lines`` lines is left out
    and marked "…" -- at the end of the last line, or (``keep_end``, for
    labels that would otherwise read the same as another) at its start, so
    the label's end ("(2010–2012)", "(2)") stays.
    """
    words = " ".join(to_plain(text).split()).split(" ")
    wrapped: list[str] = []
    current = ""
    for word in words:
        trial = f"{current} {word}" if current else word
        if not current or text_width(trial, bold) <= width:
            current = trial
        else:
            wrapped.append(current)
            current = word
    wrapped.append(current)
    if len(wrapped) <= lines and all(text_width(w, bold) <= width for w in wrapped):
        return wrapped
    kept = [w for w in wrapped[: lines - 1] if text_width(w, bold) <= width]
    if len(kept) < lines - 1:  # a word too long for a line: cut it
        return [_cut(" ".join(wrapped), width, bold, keep_end=keep_end)]
    rest = " ".join(wrapped[len(kept) :])
    return [*kept, _cut(rest, width, bold, keep_end=keep_end)]


def _text(value: str) -> str:
    return escape(clean(value))


#: Runs of characters the figure's own font lacks and a fallback font draws:
#: CJK ideographs, kana, hangul, full-width forms and emoji.
_FALLBACK_RUN = re.compile(
    "([\u2600-\u27bf\u2e80-\u9fff\uac00-\ud7af\uf900-\ufaff\uff00-\uffef"
    "\U0001f000-\U0001faff\U00020000-\U0003ffff]+)"
)


#: A piece of a drawn line and its language (None: the figure's).
_Piece = tuple[str, str | None]


def _line(
    x: float,
    y: float,
    value: str,
    style: str = "",
    *,
    bold: bool = False,
    pieces: tuple[_Piece, ...] = (),
) -> str:
    """Write one line of text that starts at ``x``.

    ``pieces`` split ``value`` by language: each piece in another language
    than the figure's is a ``tspan`` with ``xml:lang`` and ``lang`` (SVG
    1.1 and 2), so a screen reader reads it in its language.

    Each run of characters only a fallback font draws starts a text chunk of
    its own, placed by width: typst's SVG reader loses the code points of a
    chunk that mixes two fonts (an "ľ" beside a "騃"), and a PDF/UA file may
    not lose any.  Such characters are about one em wide.
    """
    runs = [
        (run, language)
        for piece, language in (pieces or ((value, None),))
        for run in _FALLBACK_RUN.split(clean(piece))
        if run
    ]
    placed = any(_FALLBACK_RUN.fullmatch(run) for run, _language in runs)
    if not placed and all(language is None for _run, language in runs):
        return f'<text x="{x}" y="{y}"{style}>{_text(value)}</text>'
    parts: list[str] = []
    at = x
    for run, language in runs:
        place = f' x="{round(at, 2)}"' if parts and placed else ""
        said = ""
        if language is not None:
            said = f" xml:lang={quoteattr(language)} lang={quoteattr(language)}"
        if place or said:
            parts.append(f"<tspan{place}{said}>{escape(run)}</tspan>")
        else:
            parts.append(escape(run))
        wide = _FALLBACK_RUN.fullmatch(run) is not None
        at += len(run) * FONT_SIZE if wide else text_width(run, bold)
    return f'<text x="{x}" y="{y}"{style}>{"".join(parts)}</text>'


def _line_pieces(
    lines: tuple[str, ...], label: str, runs: tuple[LanguageRun, ...]
) -> tuple[tuple[_Piece, ...], ...]:
    """Split each drawn line of ``label`` by the languages of its ``runs``.

    The lines are the label's words, wrapped and perhaps shortened with
    "…" (:func:`fit_label`); each part of a line is found in the label
    after the part before it, so a run cut over two lines is marked on
    both.  A part not found (the label's Markdown-like marks dropped) and
    the ellipsis are in the figure's language.  No runs, no pieces.
    """
    if not runs:
        return ()
    said: list[str | None] = [None] * len(label)
    for run in runs:
        for index in range(max(run.start, 0), min(run.end, len(label))):
            said[index] = run.language
    # The label as fit_label reads it: white space folded to single spaces.
    chars: list[str] = []
    languages: list[str | None] = []
    for char, language in zip(label, said, strict=True):
        space = char.isspace()
        if space and (not chars or chars[-1] == " "):
            continue
        chars.append(" " if space else char)
        languages.append(language)
    text = "".join(chars)
    out: list[tuple[_Piece, ...]] = []
    at = 0
    for line in lines:
        pieces: list[_Piece] = []
        for index, chunk in enumerate(line.split("…")):
            if index:
                pieces.append(("…", None))
            found = text.find(chunk, at) if chunk else -1
            if found < 0:
                if chunk:
                    pieces.append((chunk, None))
                continue
            for language, group in itertools.groupby(
                zip(chunk, languages[found : found + len(chunk)], strict=True),
                key=lambda pair: pair[1],
            ):
                pieces.append(("".join(char for char, _ in group), language))
            at = found + len(chunk)
        out.append(tuple(pieces))
    return tuple(out)


def _years(start: dt.date, end: dt.date) -> list[int]:
    """Return the years to mark on the axis: each, or every 2, 5, 10 or 25."""
    first, last = start.year, end.year
    span = last - first
    step = next((s for s in (1, 2, 5, 10, 25, 50) if span / s <= 10), 100)
    # Rounding down to the step must not reach year 0, which no date has.
    marks = range(max(first - first % step, step), last + 1, step)
    return [y for y in marks if start <= dt.date(y, 1, 1) <= end] or [first]


@attrs.frozen(kw_only=True)
class _Row:
    """A row of the drawing: a bar, an event, a count or (``item`` None) a heading."""

    lines: tuple[str, ...]
    group: int
    item: TimelineBar | TimelineEvent | TimelineCount | None = None
    pieces: tuple[tuple[_Piece, ...], ...] = ()

    @property
    def height(self) -> int:
        return ROW + LINE * (len(self.lines) - 1)


def _label_room() -> float:
    return LABEL_WIDTH - LABEL_INDENT - MARK_ROOM


def _distinct_lines(
    labels: list[str], ends: list[bool] | None = None
) -> list[tuple[str, ...]]:
    """Fit each label to the label column; keep the ends of those that collide.

    A label whose ``ends`` flag is set (an event's: "Eisenach: signed")
    keeps its end whenever it is shortened, as that says what happened.
    """
    ends = ends or [False] * len(labels)
    fitted = [
        tuple(fit_label(label, _label_room(), keep_end=end))
        for label, end in zip(labels, ends, strict=True)
    ]
    shown: dict[tuple[str, ...], set[str]] = {}
    for label, lines in zip(labels, fitted, strict=True):
        shown.setdefault(lines, set()).add(label)
    return [
        tuple(fit_label(label, _label_room(), keep_end=True))
        if len(shown[lines]) > 1
        else lines
        for label, lines in zip(labels, fitted, strict=True)
    ]


def _rows(timeline: Timeline) -> list[_Row]:
    """Order the rows: each theme's heading, then its bars, then its events.

    A summarised timeline has a row per count, in the timeline's order.
    """
    if timeline.counts:
        lines = _distinct_lines([count.label for count in timeline.counts])
        return [
            _Row(
                lines=shown,
                group=index,
                item=count,
                pieces=_line_pieces(shown, count.label, count.languages),
            )
            for index, (count, shown) in enumerate(
                zip(timeline.counts, lines, strict=True)
            )
        ]
    items: list[TimelineBar | TimelineEvent] = [*timeline.bars, *timeline.events]
    lines = _distinct_lines(
        [item.label for item in items],
        [isinstance(item, TimelineEvent) for item in items],
    )
    said: dict[str, tuple[LanguageRun, ...]] = {}
    for name, run in timeline.group_languages:
        said[name] = (*said.get(name, ()), run)
    groups: dict[str, list[_Row]] = {}
    for item, shown in zip(items, lines, strict=True):
        rows = groups.get(item.group)
        if rows is None:
            heading = tuple(fit_label(item.group, WIDTH - 8, 1, bold=True))
            pieces = _line_pieces(heading, item.group, said.get(item.group, ()))
            rows = groups[item.group] = [
                _Row(lines=heading, group=len(groups), pieces=pieces)
            ]
        pieces = _line_pieces(shown, item.label, item.languages)
        rows.append(_Row(lines=shown, group=rows[0].group, item=item, pieces=pieces))
    return [row for rows in groups.values() for row in rows]


def _parts(rows: list[_Row], max_rows: int | None) -> list[list[_Row]]:
    """Cut the rows into parts of at most ``max_rows`` one-line rows' height.

    Each part starts with its theme's heading; a heading never ends a part.
    """
    if max_rows is None or sum(row.height for row in rows) <= max_rows * ROW:
        return [rows]
    budget = max(max_rows, 3) * ROW
    parts: list[list[_Row]] = []
    heading: _Row | None = None
    current: list[_Row] = []
    used = 0
    for row in rows:
        if row.item is None:
            heading = row
            if current and used + row.height + ROW + LINE > budget:
                parts.append(current)
                current, used = [], 0
        elif current and used + row.height > budget:
            parts.append(current)
            current, used = [], 0
            if heading is not None:
                current, used = [heading], heading.height
        current.append(row)
        used += row.height
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
    the theme it starts in.  ``max_rows`` counts one-line rows (a label on
    two lines takes a row and a half).  The first part's description is
    ``alt``; the others say which part of ``title`` they are.  See
    :func:`timeline_svg`.
    """
    # The axis spans at least a day; at the last day of the calendar that
    # day is the one before, as no date follows 31 December 9999.
    day = dt.timedelta(days=1)
    start = min(timeline.start, dt.date.max - day)
    end = max(timeline.end, start + day)
    scale = _Scale(start, end, LABEL_WIDTH, WIDTH - RIGHT_MARGIN)
    parts = _parts(_rows(timeline), max_rows)
    legend = _legend_keys(timeline)
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
                timeline,
                legend,
                title=title,
                alt=description,
                language=language,
                id_prefix=pid,
                font=font,
            )
        )
    return drawn


def _legend_keys(timeline: Timeline) -> list[str]:
    """Name the marks the timeline uses, in the legend's order."""
    if timeline.counts:
        return ["counts"]
    bars = timeline.bars
    used = {
        "approximate": any(bar.approximate for bar in bars),
        "ongoing": any(bar.end is None for bar in bars),
        "beyond": any(bar.before or bar.after for bar in bars),
        "event": bool(timeline.events),
    }
    return [key for key, shown in used.items() if shown]


def _draw(
    rows: list[_Row],
    scale: _Scale,
    timeline: Timeline,
    legend: list[str],
    *,
    title: str,
    alt: str,
    language: str,
    id_prefix: str,
    font: str,
) -> str:
    bottom = AXIS + sum(row.height for row in rows)
    words = {key: gettext_for(language, LEGEND_TEXTS[key]) for key in legend}
    legend_lines = _legend_layout(legend, words)
    height = bottom + 12 + ROW * len(legend_lines) + 4
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
    if timeline.counts:
        out.extend(_span_axis(scale, timeline, bottom))
    else:
        out.extend(_axis(scale, bottom))
    most = {
        kind: max(
            (max(c.counts, default=0) for c in timeline.counts if c.events is kind),
            default=0,
        )
        for kind in (False, True)
    }
    top = AXIS
    for row in rows:
        out.extend(_row(row, top, scale=scale, timeline=timeline, most=most, pid=pid))
        top += row.height
    out.extend(_legend(legend_lines, words, bottom + 12))
    out.append("</svg>")
    return "\n".join(out)


def _label(row: _Row, top: float, x: float, style: str = "") -> Iterator[str]:
    """Write a row's label, one ``<text>`` line per line, centred on the row."""
    first = top + ROW / 2 + FONT_SIZE * 0.35
    for index, line in enumerate(row.lines):
        pieces = row.pieces[index] if row.pieces else ()
        yield _line(
            x, first + LINE * index, line, style, bold="bold" in style, pieces=pieces
        )


def _row(
    row: _Row,
    top: float,
    *,
    scale: _Scale,
    timeline: Timeline,
    most: dict[bool, int],
    pid: str,
) -> Iterator[str]:
    middle = top + row.height / 2
    item = row.item
    if item is None:
        yield (
            f'<line x1="0" y1="{top}" x2="{WIDTH}" y2="{top}" stroke="#000"'
            ' stroke-width="0.6"/>'
        )
        yield from _label(row, top, 4, ' font-weight="bold"')
    elif isinstance(item, TimelineBar):
        yield from _label(row, top, LABEL_INDENT)
        pattern = _PATTERNS[row.group % len(_PATTERNS)]
        yield from _bar(item, scale, middle, pattern.fill(pid))
    elif isinstance(item, TimelineEvent):
        yield from _label(row, top, LABEL_INDENT, ' font-style="italic"')
        yield from _diamond(scale.x(item.date), middle)
    else:
        style = ' font-style="italic"' if item.events else ""
        yield from _label(row, top, 4, style)
        yield from _cells(
            item,
            timeline,
            scale,
            top=top,
            height=row.height,
            most=most[item.events],
        )


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


def _axis(scale: _Scale, bottom: float) -> Iterator[str]:
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


def span_label(low: dt.date, high: dt.date) -> str:
    """Name a span of years: "2019", "2018–19", "1990–2009"."""
    first, last = low.year, high.year
    if first == last:
        return str(first)
    if first // 100 == last // 100:
        return f"{first}–{last % 100:02d}"
    return f"{first}–{last}"


def _edges(scale: _Scale, low: dt.date, high: dt.date) -> tuple[float, float]:
    """Return the x positions where a span starts and ends (its last day included)."""
    after = high + dt.timedelta(days=1) if high < dt.date.max else high
    return scale.x(low), scale.x(after)


def _span_axis(scale: _Scale, timeline: Timeline, bottom: float) -> Iterator[str]:
    yield (
        f'<line x1="{scale.left}" y1="{AXIS - 6}" x2="{scale.right}" y2="{AXIS - 6}"'
        ' stroke="#000"/>'
    )
    for low, high in timeline.spans:
        left, right = _edges(scale, low, high)
        yield (
            f'<line x1="{left}" y1="{AXIS - 10}" x2="{left}" y2="{bottom}"'
            ' stroke="#767676" stroke-width="0.5"/>'
        )
        yield (
            f'<text x="{round((left + right) / 2, 2)}" y="{AXIS - 14}"'
            f' text-anchor="middle">{span_label(low, high)}</text>'
        )
    yield (
        f'<line x1="0" y1="{bottom}" x2="{WIDTH}" y2="{bottom}" stroke="#000"'
        ' stroke-width="0.6"/>'
    )


def _cells(
    count: TimelineCount,
    timeline: Timeline,
    scale: _Scale,
    *,
    top: float,
    height: float,
    most: int,
) -> Iterator[str]:
    """Draw a count row: a cell per span, shaded by its number, the number in it."""
    yield (
        f'<line x1="0" y1="{top}" x2="{WIDTH}" y2="{top}" stroke="#bdbdbd"'
        ' stroke-width="0.5"/>'
    )
    for (low, high), number in zip(timeline.spans, count.counts, strict=True):
        left, right = _edges(scale, low, high)
        # From white (none) to a mid grey (the most): black text stays legible.
        level = 255 - round(110 * number / most) if most else 255
        yield (
            f'<rect x="{left + 1}" y="{top + 2}" width="{round(right - left - 2, 2)}"'
            f' height="{height - 4}" fill="#{level:02x}{level:02x}{level:02x}"/>'
        )
        if number:
            yield (
                f'<text x="{round((left + right) / 2, 2)}"'
                f' y="{top + height / 2 + FONT_SIZE * 0.35}"'
                f' text-anchor="middle">{number:,}</text>'.replace(",", "\u202f")
            )


def _bar(bar: TimelineBar, scale: _Scale, middle: float, fill: str) -> Iterator[str]:
    left = scale.x(bar.start)
    right = scale.x(bar.end) if bar.end is not None else scale.right
    right = max(right, left + 3)
    top = middle - BAR / 2
    line = (
        ' stroke-width="1.5" stroke-dasharray="5 3"'
        if bar.approximate
        else ' stroke-width="1"'
    )
    yield (
        f'<rect x="{left}" y="{top}" width="{round(right - left, 2)}" height="{BAR}"'
        f' fill="{fill}" stroke="#000"{line}/>'
    )
    if bar.end is None:
        yield _arrow(right, middle)
    elif bar.after:
        yield _chevrons(right + 2, middle, 1)
    if bar.before:
        yield _chevrons(left - 2, middle, -1)


def _arrow(base: float, middle: float, half: float = BAR / 2) -> str:
    """A solid arrowhead pointing right: the period has no end date."""
    return (
        f'<path d="M{base},{middle - half} L{base + 9},{middle}'
        f' L{base},{middle + half} Z" fill="#000"/>'
    )


def _chevrons(base: float, middle: float, direction: int) -> str:
    """A double chevron (» or «) at a bar's cut end: it runs beyond the axis."""
    step = 5 * direction
    strokes = " ".join(
        f"M{base + offset},{middle - 5} l{step},5 l{-step},5"
        for offset in (0, step + direction)
    )
    return (
        f'<path class="beyond" d="{strokes}" fill="none" stroke="#000"'
        ' stroke-width="1.6"/>'
    )


def _diamond(centre: float, middle: float, size: float = 6) -> Iterator[str]:
    yield (
        f'<path d="M{centre},{middle - size} L{centre + size},{middle}'
        f' L{centre},{middle + size} L{centre - size},{middle} Z"'
        ' fill="#000" stroke="#fff" stroke-width="1"/>'
    )


#: Width of the sample drawn before each legend entry's words.
_SAMPLE = 40


def _legend_layout(keys: list[str], words: dict[str, str]) -> list[list[str]]:
    """Place the legend's entries on lines that fit the figure's width."""
    lines: list[list[str]] = []
    used: float = WIDTH
    for key in keys:
        if key == "counts":
            # One long sentence: its own lines, wrapped (see _legend).
            count = len(fit_label(words[key], WIDTH - 8, lines=4))
            rows = -(-(ROW + LINE * (count - 1)) // ROW)  # lines LINE apart
            lines.extend([[key]] + [[] for _ in range(rows - 1)])
            used = WIDTH
            continue
        need = _SAMPLE + text_width(words[key]) + 24
        if used + need > WIDTH - 4:
            lines.append([])
            used = 4
        lines[-1].append(key)
        used += need
    return lines


def _legend(lines: list[list[str]], words: dict[str, str], top: float) -> Iterator[str]:
    """Draw the legend: a sample of each mark beside its words, on a neutral bar.

    The samples are white: a theme's fill pattern means that theme and
    nothing else, so no sample borrows one.
    """
    for number, keys in enumerate(lines):
        middle = top + ROW * number + ROW / 2
        x = 4.0
        for key in keys:
            if key == "counts":
                shown = fit_label(words[key], WIDTH - 8, lines=4)
                for index, line in enumerate(shown):
                    yield _line(4, middle + FONT_SIZE * 0.35 + LINE * index, line)
                continue
            yield from _sample(key, x, middle)
            yield _line(x + _SAMPLE, middle + FONT_SIZE * 0.35, words[key])
            x += _SAMPLE + text_width(words[key]) + 24


def _sample(key: str, x: float, middle: float) -> Iterator[str]:
    """Draw the legend's sample of one mark."""
    box = f'y="{middle - 6}" height="12" fill="#fff" stroke="#000"'
    if key == "approximate":
        yield (
            f'<rect class="legend-approximate" x="{x}" width="30" {box}'
            ' stroke-width="1.5" stroke-dasharray="5 3"/>'
        )
    elif key == "ongoing":
        yield f'<rect x="{x}" width="20" {box}/>'
        yield _arrow(x + 20, middle, half=6)
    elif key == "beyond":
        yield f'<rect x="{x}" width="20" {box}/>'
        yield _chevrons(x + 22, middle, 1)
    else:
        yield from _diamond(x + 12, middle)


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
            _("drawing a figure for DOCX needs typst: pip install 'munintl[docx]'")
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
