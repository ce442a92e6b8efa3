"""Draw initiatives and partnerships on a timeline, with the figure's data table.

A report kind lists what it covers as :class:`TimelineItem` bars and
:class:`TimelinePoint` events; :func:`timeline_figure` makes the
:class:`~munintl.reports.document.Timeline` figure of them, and
:func:`timeline_section` the "Timeline" section the built-in kinds end with.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterable, Sequence

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


def _approximate(*dates: PartialDate | None) -> bool:
    return any(
        d is not None and (d.approximate or d.precision in ("year", "decade"))
        for d in dates
    )


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
    five years either side; bars reaching beyond it are clipped to it (the
    data table keeps the real dates).  Return None when nothing has a date.
    """
    if not items and not points:
        return None
    firsts = [i.start.first_day for i in items if i.start is not None]
    lasts = [i.end.last_day for i in items if i.end is not None]
    firsts += [p.date.first_day for p in points]
    lasts += [p.date.last_day for p in points]
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
                if i.start is not None and not i.start.decade
            ]
            + [p.date.first_day for p in points]
        )
        start = max(start, dt.date(max(window.start.first_day.year - 5, 1), 1, 1))
    else:
        start = min(firsts or lasts)
    end = max(lasts or firsts)
    if window is not None and window.end is not None:
        end = min(end, dt.date(min(window.end.last_day.year + 5, 9999), 12, 31))
    end = max(end, start)
    bars: list[TimelineBar] = []
    for item in items:
        if item.start is None or item.start.first_day > end:
            continue
        if item.end is not None and item.end.last_day < start:
            continue
        bars.append(
            TimelineBar(
                label=item.label,
                group=item.group,
                start=max(item.start.first_day, start),
                end=None if item.end is None else min(item.end.last_day, end),
                approximate=_approximate(item.start, item.end),
            )
        )
    events = [
        TimelineEvent(label=p.label, group=p.group, date=p.date.first_day)
        for p in points
        if start <= p.date.first_day <= end
    ]
    rows: list[tuple[str, str, str, str]] = [
        (item.label, item.group, loc.date(item.start), loc.date(item.end))
        for item in items
    ]
    rows += [
        (point.label, point.group, loc.date(point.date), loc.date(point.date))
        for point in points
    ]
    data = Table(
        title=loc._("Data of the figure \u201c{title}\u201d").format(title=title),
        columns=(loc._("Item"), loc._("Group"), loc._("From"), loc._("Until")),
        rows=tuple(rows),
    )
    alt = loc._(
        "Timeline from {start} to {end} with {bars} bars and {events} events,"
        " grouped by {groups}; the table that follows gives the same data."
    ).format(
        start=loc.date(start),
        end=loc.date(end),
        bars=loc.number(len(bars)),
        events=loc.number(len(events)),
        groups=", ".join(dict.fromkeys(b.group for b in bars if b.group))
        or loc._("nothing"),
    )
    return Figure(
        title=title,
        alt=alt,
        data=data,
        timeline=Timeline(start=start, end=end, bars=tuple(bars), events=tuple(events)),
    )


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
    items: list[TimelineItem] = []
    for initiative in initiatives:
        if initiative.period is None:
            continue
        label = initiative_title(loc, initiative)
        home = group(initiative)
        items.append(
            TimelineItem(
                label=label,
                group=_("Other initiatives") if home is None else home,
                start=initiative.period.start,
                end=initiative.period.end,
            )
        )
    points: list[TimelinePoint] = []
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
                date=event.date,
            )
            for event in events(partnership)
        ]
    figure = timeline_figure(loc, items, points, title=title, window=window)
    if figure is None:
        return []
    return [Heading(text=heading or _("Timeline"), level=2), figure]
