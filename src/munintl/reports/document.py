"""The format-neutral report document.

Report kinds (registered through :func:`munintl_report_kinds`) build a
:class:`ReportDocument` from a portfolio; report formats (registered through
:func:`munintl_report_formats`) render it to bytes.  No format queries the
model: everything a renderer needs is in the document, already in the
report's language.

Paragraphs and list items are prose: their text is in the Markdown subset
of :mod:`munintl.model.markdown` (words shown in another language than the
report's inside a language span, ``<span lang="en">...</span>``), and a
value that is not prose (a date, a
name, an amount) is put into them escaped
(:func:`~munintl.model.markdown.escape_markdown`), so "6. oktober 2008"
never reads as a numbered list.  Table cells are data: a ``str`` cell is
plain text that no format reads as Markdown; a cell holding prose (a
decision's text, a note) is wrapped in :class:`Prose`.  Headings, titles,
captions, column names and the labels and values of :class:`Facts` are
plain text; where words of a plain text are shown in another language than
the report's (a name in a fallback language, or one among a list of
names), :class:`LanguageRun` says which characters and in what language.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from decimal import Decimal
from typing import Literal

import attrs


@attrs.frozen
class LanguageRun:
    """Characters ``start`` to ``end`` of a plain text are in ``language``.

    Marks words shown in another language than the report's inside a plain
    text -- a name in a fallback language in a list of names ("Weiz,
    *Oulu*, Umeå"), a fact's value, a timeline's label -- for the formats
    that can say a language.  Offsets count characters of the text as the
    document holds it.
    """

    start: int
    end: int
    language: str


@attrs.frozen(kw_only=True)
class Heading:
    """A heading; ``level`` 1 is the document title's level.

    ``new_page`` asks paged formats (DOCX, PDF) to start a new page here,
    as an annex (*bilag*) does; other formats ignore it.  ``language`` is
    the language of a heading shown in another language than the report's
    (a title in a fallback language); formats that can say so mark it.
    ``parts`` marks the words in another language of a heading only partly
    in one ("Register: Skanderborg Kommune"; see :class:`LanguageRun`).
    """

    text: str
    level: int = 1
    new_page: bool = False
    language: str | None = None
    parts: tuple[LanguageRun, ...] = ()
    kind: Literal["heading"] = "heading"


@attrs.frozen(kw_only=True)
class Facts:
    """Labelled facts shown together: the header block of a committee paper.

    ``items`` are ``(label, value)`` pairs of plain text, in order (for an
    agenda item: municipality, committee, meeting date, case number, ...).
    ``title`` names the block ("Agenda item", "Minutes").  Formats show it
    as a compact two-column block, not as a list of bullets.
    ``languages`` gives ``(item, run)`` for the words of a value shown in
    another language than the report's (see :class:`LanguageRun`).
    """

    title: str
    items: tuple[tuple[str, str], ...]
    languages: tuple[tuple[int, LanguageRun], ...] = ()
    kind: Literal["facts"] = "facts"


@attrs.frozen(kw_only=True)
class Paragraph:
    """A paragraph; ``style`` lets renderers mark notes and illustrative data."""

    text: str
    style: Literal["normal", "note", "illustrative", "fallback"] = "normal"
    kind: Literal["paragraph"] = "paragraph"


@attrs.frozen(kw_only=True)
class ListBlock:
    """A bullet or numbered list; each item is one line of Markdown.

    ``start`` is the number of a numbered list's first item.
    """

    items: tuple[str, ...]
    ordered: bool = False
    start: int = 1
    kind: Literal["list"] = "list"


@attrs.frozen
class Prose:
    """A table cell of prose: ``text`` is in the Markdown subset.

    Other text cells are plain text; wrap a cell in ``Prose`` when it holds
    content written by people (``Prose(loc.text(decision.text))``).
    """

    text: str
    kind: Literal["prose"] = "prose"

    def __str__(self) -> str:
        return self.text


#: What a table cell may hold: spreadsheets keep numbers and dates typed; a
#: ``str`` is plain text, :class:`Prose` text in the Markdown subset.
Cell = str | Prose | int | float | Decimal | dt.date | None


@attrs.frozen(kw_only=True)
class Table:
    """A table with one header row; cells are text, numbers or dates.

    ``languages`` gives the ``(row, column, language)`` of each plain text
    cell shown in another language than the report's (a name in a fallback
    language), for the formats that can say a cell's language; ``parts``
    the ``(row, column, run)`` of the words in another language in a plain
    cell that is only partly in it (one name of a list: see
    :class:`LanguageRun`); ``title_languages`` the words of the caption
    in another language.
    """

    title: str
    columns: tuple[str, ...]
    rows: tuple[tuple[Cell, ...], ...]
    languages: tuple[tuple[int, int, str], ...] = ()
    parts: tuple[tuple[int, int, LanguageRun], ...] = ()
    title_languages: tuple[LanguageRun, ...] = ()
    kind: Literal["table"] = "table"


@attrs.frozen(kw_only=True)
class TimelineBar:
    """A bar on a timeline: an initiative or partnership over its period.

    ``end`` None means no end date (still running at the timeline's end);
    ``approximate`` marks bars whose dates are only known to the year or
    decade.  ``before`` and ``after`` say that the real period began before
    the timeline's start or ends after its end: ``start`` and ``end`` are
    then the timeline's own, and the figure marks the cut ends.
    ``languages`` marks the words of ``label`` shown in another language.
    """

    label: str
    group: str
    start: dt.date
    end: dt.date | None = None
    approximate: bool = False
    before: bool = False
    after: bool = False
    languages: tuple[LanguageRun, ...] = ()


@attrs.frozen(kw_only=True)
class TimelineEvent:
    """A dated event on a timeline, such as a partnership being re-signed.

    ``languages`` marks the words of ``label`` shown in another language.
    """

    label: str
    group: str
    date: dt.date
    languages: tuple[LanguageRun, ...] = ()


@attrs.frozen(kw_only=True)
class TimelineCount:
    """A row of a summarised timeline: how many of a group's items fall in each span.

    ``counts`` has one number per span of the timeline's ``spans``: the bars
    active during the span, or (``events``) the events dated in it.
    ``total`` is how many items the row stands for; ``label`` names the
    group and says that number.  ``languages`` marks the words of
    ``label`` shown in another language.
    """

    label: str
    group: str
    total: int
    counts: tuple[int, ...]
    events: bool = False
    languages: tuple[LanguageRun, ...] = ()


@attrs.frozen(kw_only=True)
class Timeline:
    """What a timeline (Gantt) figure draws, grouped per theme.

    A timeline with more items than a reader can follow is summarised: it
    has no ``bars`` and ``events`` but ``counts``, a row per group, over
    the ``spans`` (first and last day of each) that divide the axis.  The
    figure's data table still lists every item.  ``group_languages`` gives
    ``(group, run)`` for the words of a group's name (drawn as a heading)
    shown in another language.
    """

    start: dt.date
    end: dt.date
    bars: tuple[TimelineBar, ...] = ()
    events: tuple[TimelineEvent, ...] = ()
    spans: tuple[tuple[dt.date, dt.date], ...] = ()
    counts: tuple[TimelineCount, ...] = ()
    group_languages: tuple[tuple[str, LanguageRun], ...] = ()


@attrs.frozen(kw_only=True)
class Figure:
    """A figure with alternative text and the data it shows as a table.

    Renderers draw ``timeline`` themselves (SVG in HTML and PDF, PNG in
    DOCX) and always show ``data`` as a table too, for accessibility.
    ``title_languages`` marks the words of the caption in another language
    (:class:`LanguageRun`); ``alt`` is read in the report's language.
    """

    title: str
    alt: str
    data: Table
    timeline: Timeline | None = None
    title_languages: tuple[LanguageRun, ...] = ()
    kind: Literal["figure"] = "figure"


Block = Heading | Paragraph | ListBlock | Table | Figure | Facts


@attrs.frozen(kw_only=True)
class Metadata:
    """What a report is: title, municipality, body, period, language, case.

    ``case_number`` is the case number alone, for a footer beside the
    municipality's name; ``case_reference`` says case, meeting and item.
    ``words_language`` is the language munintl's own words are in when it
    has no catalog for ``language`` (the label fallback: Danish words in a
    Greenlandic report); renderers write their labels in it too.
    """

    title: str
    municipality: str
    language: str
    kind: str
    body: str | None = None
    period: str | None = None
    case_reference: str | None = None
    case_number: str | None = None
    generated_at: dt.datetime | None = None
    words_language: str | None = None


def _blocks(blocks: Iterable[Block]) -> tuple[Block, ...]:
    # A named converter, so type checkers see what ``blocks`` accepts.
    return tuple(blocks)


@attrs.frozen(kw_only=True)
class ReportDocument:
    """A whole report: metadata and a sequence of blocks."""

    metadata: Metadata
    blocks: tuple[Block, ...] = attrs.field(factory=tuple, converter=_blocks)
