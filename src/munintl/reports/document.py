"""The format-neutral report document.

Report kinds (registered through :func:`munintl_report_kinds`) build a
:class:`ReportDocument` from a portfolio; report formats (registered through
:func:`munintl_report_formats`) render it to bytes.  No format queries the
model: everything a renderer needs is in the document.  Text in paragraphs,
list items and cells is in the Markdown subset of
:mod:`munintl.model.text`, already in the report's language.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from decimal import Decimal
from typing import Literal

import attrs


@attrs.frozen(kw_only=True)
class Heading:
    """A heading; ``level`` 1 is the document title's level."""

    text: str
    level: int = 1
    kind: Literal["heading"] = "heading"


@attrs.frozen(kw_only=True)
class Paragraph:
    """A paragraph; ``style`` lets renderers mark notes and illustrative data."""

    text: str
    style: Literal["normal", "note", "illustrative", "fallback"] = "normal"
    kind: Literal["paragraph"] = "paragraph"


@attrs.frozen(kw_only=True)
class ListBlock:
    """A bullet or numbered list."""

    items: tuple[str, ...]
    ordered: bool = False
    kind: Literal["list"] = "list"


#: What a table cell may hold: spreadsheets keep numbers and dates typed.
Cell = str | int | float | Decimal | dt.date | None


@attrs.frozen(kw_only=True)
class Table:
    """A table with one header row; cells are text, numbers or dates."""

    title: str
    columns: tuple[str, ...]
    rows: tuple[tuple[Cell, ...], ...]
    kind: Literal["table"] = "table"


@attrs.frozen(kw_only=True)
class TimelineBar:
    """A bar on a timeline: an initiative or partnership over its period.

    ``end`` None means still running at the timeline's end; ``approximate``
    marks bars whose dates are only known to the year or decade.
    """

    label: str
    group: str
    start: dt.date
    end: dt.date | None = None
    approximate: bool = False


@attrs.frozen(kw_only=True)
class TimelineEvent:
    """A dated event on a timeline, such as a partnership being re-signed."""

    label: str
    group: str
    date: dt.date


@attrs.frozen(kw_only=True)
class Timeline:
    """What a timeline (Gantt) figure draws, grouped per theme."""

    start: dt.date
    end: dt.date
    bars: tuple[TimelineBar, ...] = ()
    events: tuple[TimelineEvent, ...] = ()


@attrs.frozen(kw_only=True)
class Figure:
    """A figure with alternative text and the data it shows as a table.

    Renderers draw ``timeline`` themselves (SVG in HTML and PDF, PNG in
    DOCX) and always show ``data`` as a table too, for accessibility.
    """

    title: str
    alt: str
    data: Table
    timeline: Timeline | None = None
    kind: Literal["figure"] = "figure"


Block = Heading | Paragraph | ListBlock | Table | Figure


@attrs.frozen(kw_only=True)
class Metadata:
    """What a report is: title, municipality, body, period, language, case."""

    title: str
    municipality: str
    language: str
    kind: str
    body: str | None = None
    period: str | None = None
    case_reference: str | None = None
    generated_at: dt.datetime | None = None


def _blocks(blocks: Iterable[Block]) -> tuple[Block, ...]:
    # A named converter, so type checkers see what ``blocks`` accepts.
    return tuple(blocks)


@attrs.frozen(kw_only=True)
class ReportDocument:
    """A whole report: metadata and a sequence of blocks."""

    metadata: Metadata
    blocks: tuple[Block, ...] = attrs.field(factory=tuple, converter=_blocks)
