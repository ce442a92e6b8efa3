"""Draw initiatives and partnerships on a timeline, with the figure's data table.

A report kind lists what it covers as :class:`TimelineItem` bars and
:class:`TimelinePoint` events; :func:`timeline_figure` makes the
:class:`~munintl.reports.document.Timeline` figure of them, and
:func:`timeline_section` the "Timeline" section the built-in kinds end with.
"""

from __future__ import annotations

import datetime as dt
from collections import Counter
from collections.abc import Callable, Iterable, Sequence
from typing import TypeGuard

import attrs

from munintl.model import Initiative, PartialDate, Partnership, PartnershipEvent, Period
from munintl.reports.building.describe import initiative_title, partnership_end
from munintl.reports.building.localize import Localizer
from munintl.reports.document import (
    Block,
    Figure,
    Heading,
    Table,
    Timeline,
    TimelineBar,
    TimelineCount,
    TimelineEvent,
)


@attrs.frozen(kw_only=True)
class TimelineItem:
    """A bar to draw: a label, a group and the partial dates it spans."""

    label: str
    group: str
    start: PartialDate | None
    end: PartialDate | None


@attrs.frozen(kw_only=True)
class TimelinePoint:
    """An event to draw: a label, a group and its date."""

    label: str
    group: str
    date: PartialDate


#: Items (bars and events) a timeline draws one by one; beyond this many it
#: is summarised as counts per group (see :func:`timeline_figure`).
MAX_ROWS = 40

#: Spans a summarised timeline divides its axis into, at most; fewer when a
#: count may have four digits or more, so each number fits its cell.
MAX_SPANS = 12
MAX_WIDE_SPANS = 8


def _drawn(date: PartialDate | None) -> TypeGuard[PartialDate]:
    """Tell whether ``date`` can set the axis: given, and bounded on both sides."""
    return date is not None and not date.is_bounded


def _approximate(*dates: PartialDate | None) -> bool:
    return any(
        d is not None and (d.approximate or d.precision in ("year", "decade"))
        for d in dates
    )


def _distinct(labels: Sequence[str], details: Sequence[str]) -> list[str]:
    """Make every label distinct: a repeated one gets its dates, then a number.

    Six initiatives may share a title ("Study trip"); their rows must not
    read the same.  A label met once is kept as it is.
    """
    repeated = Counter(labels)
    dated = [
        f"{label} ({detail})" if repeated[label] > 1 and detail else label
        for label, detail in zip(labels, details, strict=True)
    ]
    repeated = Counter(dated)
    taken = set(dated)
    seen: Counter[str] = Counter()
    out: list[str] = []
    for label in dated:
        shown = label
        if repeated[label] > 1:
            seen[label] += 1
            if seen[label] > 1:
                number = seen[label]
                while f"{label} ({number})" in taken:
                    number += 1
                shown = f"{label} ({number})"
                taken.add(shown)
        out.append(shown)
    return out


def _spans(
    start: dt.date, end: dt.date, most: int
) -> tuple[tuple[dt.date, dt.date], ...]:
    """Divide the axis into at most ``most`` spans of 1, 2, 5, 10, ... whole years."""
    first, last = start.year, end.year
    for step in (1, 2, 5, 10, 25, 50, 100, 250, 500, 1000, 2500, 5000, 10000):
        begin = first - first % step
        if (last - begin) // step + 1 <= most:
            break
    spans: list[tuple[dt.date, dt.date]] = []
    year = begin
    while year <= last:
        low = max(dt.date(max(year, 1), 1, 1), start)
        high = min(dt.date(min(year + step - 1, 9999), 12, 31), end)
        spans.append((low, high))
        year += step
    return tuple(spans)


def _summarise(
    loc: Localizer,
    bars: Sequence[TimelineBar],
    events: Sequence[TimelineEvent],
    start: dt.date,
    end: dt.date,
) -> Timeline:
    """Summarise a timeline too long to draw bar by bar: counts per group and span.

    Each group gets a row counting its bars active in each span and, if it
    has events, a row counting its events dated in each span.  Beyond
    ``MAX_ROWS`` rows the last groups are counted together as "Other
    groups".
    """
    groups: dict[tuple[str, bool], list[TimelineBar | TimelineEvent]] = {}
    items: list[TimelineBar | TimelineEvent] = [*bars, *events]
    for item in items:
        key = (item.group, isinstance(item, TimelineEvent))
        groups.setdefault(key, []).append(item)
    # Groups in the order met, each group's bars before its events.
    order = {
        group: index for index, group in enumerate(dict.fromkeys(g for g, _ in groups))
    }
    keys = sorted(groups, key=lambda key: (order[key[0]], key[1]))
    if len(keys) > MAX_ROWS:
        rest = keys[MAX_ROWS - 2 :]
        keys = keys[: MAX_ROWS - 2]
        other = loc._("Other groups ({count})").format(
            count=loc.number(len({group for group, _ in rest}))
        )
        for is_event in (False, True):
            merged = [i for key in rest if key[1] is is_event for i in groups[key]]
            if merged:
                groups[other, is_event] = merged
                keys.append((other, is_event))
    largest = max(len(items) for items in groups.values())
    spans = _spans(start, end, MAX_SPANS if largest < 1000 else MAX_WIDE_SPANS)
    rows: list[TimelineCount] = []
    for group, is_event in keys:
        items = groups[group, is_event]
        counts = [0] * len(spans)
        for item in items:
            for index, (low, high) in enumerate(spans):
                if isinstance(item, TimelineEvent):
                    hit = low <= item.date <= high
                else:
                    hit = item.start <= high and (item.end is None or item.end >= low)
                counts[index] += hit
        total = loc.number(len(items))
        label = (
            loc._("{group}: events ({count})").format(group=group, count=total)
            if is_event
            else f"{group} ({total})"
        )
        rows.append(
            TimelineCount(
                label=label,
                group=group,
                total=len(items),
                counts=tuple(counts),
                events=is_event,
            )
        )
    return Timeline(start=start, end=end, spans=spans, counts=tuple(rows))


def _axis(
    items: Sequence[TimelineItem],
    points: Sequence[TimelinePoint],
    window: Period | None,
) -> tuple[dt.date, dt.date] | None:
    """Return the first and last day to draw (see :func:`timeline_figure`)."""
    # A date known from one side only ("before 1990") reaches to the end of
    # time that way: it sets no end of the axis (its bar is cut and marked).
    firsts = [i.start.first_day for i in items if _drawn(i.start)]
    lasts = [i.end.last_day for i in items if _drawn(i.end)]
    firsts += [p.date.first_day for p in points if _drawn(p.date)]
    lasts += [p.date.last_day for p in points if _drawn(p.date)]
    if window is not None:
        if window.start is not None:
            firsts.append(window.start.first_day)
        if window.end is not None:
            lasts.append(window.end.last_day)
    if not firsts and not lasts:
        return None
    if window is not None and window.start is not None:
        # Long twinnings must not stretch the figure back to the 1960s.
        start = min(
            [window.start.first_day]
            + [
                i.start.first_day
                for i in items
                if _drawn(i.start) and not i.start.decade
            ]
            + [p.date.first_day for p in points if _drawn(p.date)]
        )
        start = max(start, dt.date(max(window.start.first_day.year - 5, 1), 1, 1))
    else:
        start = min(firsts or lasts)
    end = max(lasts or firsts)
    if window is not None and window.end is not None:
        end = min(end, dt.date(min(window.end.last_day.year + 5, 9999), 12, 31))
    end = max(end, start)
    return start, end


def timeline_figure(
    loc: Localizer,
    items: Sequence[TimelineItem],
    points: Sequence[TimelinePoint],
    *,
    title: str,
    window: Period | None = None,
) -> Figure | None:
    """Make a timeline figure of ``items`` and ``points`` with its data table.

    The drawn window is ``window`` widened to the dated items by at most
    five years either side; bars reaching beyond it are cut to it and
    marked (``before``/``after``; the data table keeps the real dates).
    Identical labels are told apart by their dates (then a number).  With
    more than ``MAX_ROWS`` bars and events the figure is summarised as
    counts per group (:class:`~munintl.reports.document.TimelineCount`);
    the data table still lists every item.  Return None when nothing has a
    date.
    """
    if not items and not points:
        return None
    axis = _axis(items, points, window)
    if axis is None:
        return None
    start, end = axis
    labels = _distinct(
        [item.label for item in items] + [point.label for point in points],
        [loc.period(Period(start=item.start, end=item.end)) for item in items]
        + [loc.date(point.date) for point in points],
    )
    item_labels, point_labels = labels[: len(items)], labels[len(items) :]
    bars: list[TimelineBar] = []
    for item, label in zip(items, item_labels, strict=True):
        if item.start is None or item.start.first_day > end:
            continue
        if item.end is not None and item.end.last_day < start:
            continue
        bars.append(
            TimelineBar(
                label=label,
                group=item.group,
                start=max(item.start.first_day, start),
                end=None if item.end is None else min(item.end.last_day, end),
                approximate=_approximate(item.start, item.end),
                before=item.start.first_day < start,
                after=item.end is not None and item.end.last_day > end,
            )
        )
    events = [
        TimelineEvent(label=label, group=p.group, date=p.date.first_day)
        for p, label in zip(points, point_labels, strict=True)
        if _drawn(p.date) and start <= p.date.first_day <= end
    ]
    rows: list[tuple[str, str, str, str]] = [
        (label, item.group, loc.date(item.start), loc.date(item.end))
        for item, label in zip(items, item_labels, strict=True)
    ]
    rows += [
        (label, point.group, loc.date(point.date), loc.date(point.date))
        for point, label in zip(points, point_labels, strict=True)
    ]
    data = Table(
        title=loc._("Data of the figure \u201c{title}\u201d").format(title=title),
        columns=(loc._("Item"), loc._("Group"), loc._("From"), loc._("Until")),
        rows=tuple(rows),
    )
    if len(bars) + len(events) > MAX_ROWS:
        timeline = _summarise(loc, bars, events, start, end)
        message = loc._(
            "Timeline from {start} to {end} summarising {bars} bars and {events}"
            " events as counts per period for each group ({groups}); the table"
            " that follows lists every item."
        )
        named = [row.group for row in timeline.counts]
    else:
        timeline = Timeline(
            start=start, end=end, bars=tuple(bars), events=tuple(events)
        )
        message = loc._(
            "Timeline from {start} to {end} with {bars} bars and {events} events,"
            " grouped by {groups}; the table that follows gives the same data."
        )
        named = [bar.group for bar in bars if bar.group]
    alt = message.format(
        start=loc.date(start),
        end=loc.date(end),
        bars=loc.number(len(bars)),
        events=loc.number(len(events)),
        groups=", ".join(dict.fromkeys(named)) or loc._("nothing"),
    )
    return Figure(title=title, alt=alt, data=data, timeline=timeline)


def _established(partnership: Partnership, day: dt.date | None) -> PartialDate | None:
    """When the first party joined (by ``day``), so the bar agrees with "Since"."""
    known = [d for d in partnership.established(day).values() if d is not None]
    return min(known, key=lambda d: d.sort_key()) if known else None


def timeline_section(
    loc: Localizer,
    initiatives: Iterable[Initiative],
    partnerships: Iterable[Partnership],
    *,
    group: Callable[[Initiative], str | None],
    events: Callable[[Partnership], Iterable[PartnershipEvent]],
    title: str,
    window: Period | None,
    day: dt.date | None = None,
    heading: str | None = None,
) -> list[Block]:
    """Make the "Timeline" section: a bar for each dated initiative and partnership.

    A recurring initiative or event adds a point for each occurrence in
    ``window`` (up to ``day`` without one).

    ``group(initiative)`` names an initiative's group (None: "Other
    initiatives"); partnerships form the group "Partnerships", with a point
    for each of ``events(partnership)``.  A partnership's bar runs from when
    it was established (from its first event, if it never was) and, with
    ``day``, ends only where its parties had left it by then.  The section is headed
    ``heading`` (default "Timeline"); give the figure a ``title`` that says
    more than the heading.  Return no blocks when nothing has a date (see
    :func:`timeline_figure`).
    """
    _ = loc._
    # Recurring things are drawn once per occurrence in the window (up to
    # ``day`` without one).
    drawn = window or Period(end=PartialDate.from_date(day or dt.date.today()))
    items: list[TimelineItem] = []
    points: list[TimelinePoint] = []
    for initiative in initiatives:
        if initiative.period is None and initiative.recurrence is None:
            continue
        label = initiative_title(loc, initiative)
        home = group(initiative)
        where = _("Other initiatives") if home is None else home
        if initiative.period is not None:
            items.append(
                TimelineItem(
                    label=label,
                    group=where,
                    start=initiative.period.start,
                    end=initiative.period.end,
                )
            )
        points += [
            TimelinePoint(label=label, group=where, date=date)
            for date in initiative.occurrences_in(drawn)
        ]
    for partnership in partnerships:
        label = loc.title(partnership.title, partnership.id)
        items.append(
            TimelineItem(
                label=label,
                group=_("Partnerships"),
                start=_established(partnership, day) or partnership.start(),
                end=partnership_end(partnership, day),
            )
        )
        points += [
            TimelinePoint(
                label=f"{label}: {loc.code('partnership-event', event.kind)}",
                group=_("Partnerships"),
                date=date,
            )
            for event in events(partnership)
            for date in (
                event.occurrences_in(drawn)
                if event.recurrence is not None
                else (event.date,)
                if event.date is not None
                else ()
            )
        ]
    figure = timeline_figure(loc, items, points, title=title, window=window)
    if figure is None:
        return []
    return [Heading(text=heading or _("Timeline"), level=2), figure]
