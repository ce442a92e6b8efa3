"""Dates known to the day, month, year or decade, and periods between them.

Strategy documents rarely give exact dates: a twinning "from 1993", a project
"2010-2012", contacts "since the early 1960s", an agreement signed "before
1990".  :class:`PartialDate` keeps exactly what is known and never invents a
day or a month.  The one rule for
"is this active in that period" lives here, in :meth:`Period.overlaps`.
"""

from __future__ import annotations

import calendar
import datetime as dt
import functools
import re
from collections.abc import Callable, Iterable
from typing import Literal, TypeVar

import attrs

Precision = Literal["day", "month", "year", "decade"]
Bound = Literal["before", "after"]
DecadePart = Literal["early", "mid", "late"]

#: The years of a decade each part covers: early 1960s is 1960-1963.
DECADE_PARTS: dict[str, tuple[int, int]] = {
    "early": (0, 3),
    "mid": (4, 6),
    "late": (7, 9),
}

_PATTERN = re.compile(
    r"""^(?:(?P<bound>before|after)\ )?(?P<approx>~)?
    (?:
        (?:(?P<part>early|mid|late)\ )?(?P<decade>\d{3}0)s
      | (?P<year>\d{4})(?:-(?P<month>\d{2})(?:-(?P<day>\d{2}))?)?
    )$""",
    # ASCII digits only: "٢٠١١" must not read as 2011 and then print differently.
    re.VERBOSE | re.ASCII,
)


def N_(message: str) -> str:
    """Mark ``message`` for munintl's catalogs (as :func:`munintl.i18n.N_`).

    The model imports nothing of munintl: its errors carry the English
    template and its parameters, and :mod:`munintl.wire` says them in the
    language of the run.
    """
    return message


class ModelValueError(ValueError):
    """An invalid value; ``template`` and ``params`` say why in any language.

    ``str()`` is the English message; ``template`` is marked for the
    catalogs, so ``_(template).format(**params)`` is the translated one.
    """

    def __init__(self, template: str, **params: object) -> None:
        # A value is quoted, not repeated: ten thousand letters given for
        # an id are cut to their start in the message.
        params = {
            name: _clipped(value) if isinstance(value, str) else value
            for name, value in params.items()
        }
        super().__init__(template.format(**params))
        self.template = template
        self.params = params


#: The most characters of a value quoted in a message.
QUOTED_AT_MOST = 80


def _clipped(text: str) -> str:
    return text if len(text) <= QUOTED_AT_MOST else text[: QUOTED_AT_MOST - 1] + "…"


class FieldValueError(ModelValueError):
    """A field's value is invalid; ``field`` names the field."""

    def __init__(self, field: str, template: str, **params: object) -> None:
        super().__init__(template, **params)
        self.field = field


class Covering:
    """What anything that covers an interval of days gets from :meth:`covers`."""

    __slots__ = ()

    def covers(self) -> tuple[dt.date, dt.date]:
        """Return the first and last day it may mean."""
        raise NotImplementedError

    @property
    def first_day(self) -> dt.date:
        """The earliest day it may mean."""
        return self.covers()[0]

    @property
    def last_day(self) -> dt.date:
        """The latest day it may mean."""
        return self.covers()[1]

    def sort_key(self) -> tuple[dt.date, dt.date]:
        """Order by the interval covered (earliest start first)."""
        return self.covers()


_Item = TypeVar("_Item")


def in_date_order(
    items: Iterable[_Item], span: Callable[[_Item], tuple[dt.date, dt.date]]
) -> list[_Item]:
    """Return ``items`` oldest first by the days ``span`` says each may mean.

    Of two items whose spans overlap the dates do not tell which came
    first -- a year (2023) and a day in it (12 January 2023) -- so they keep
    the order they are given in (a history is written oldest first); an
    item is moved only before items that lie wholly after it.

    >>> year, day = ("2023", (dt.date(2023, 1, 1), dt.date(2023, 12, 31))), (
    ...     "12 Jan", (dt.date(2023, 1, 12), dt.date(2023, 1, 12)))
    >>> [name for name, _ in in_date_order([day, year], lambda i: i[1])]
    ['12 Jan', '2023']
    >>> old = ("1993", (dt.date(1993, 1, 1), dt.date(1993, 12, 31)))
    >>> [name for name, _ in in_date_order([year, old], lambda i: i[1])]
    ['1993', '2023']
    """
    placed: list[tuple[_Item, tuple[dt.date, dt.date]]] = []
    for item in items:
        first, last = span(item)
        at = len(placed)
        while at > 0 and placed[at - 1][1][0] > last:
            at -= 1
        placed.insert(at, (item, (first, last)))
    return [item for item, _span in placed]


class DateFormatError(ModelValueError):
    """A text is not a partial date such as ``2011``, ``2011-03``, ``1960s``."""


@attrs.frozen(kw_only=True, order=False)
class PartialDate(Covering):
    """A date known to the day, the month, the year or the decade.

    Written as ``2008-10-06``, ``2008-10``, ``2008`` or ``1960s``; a leading
    ``~`` marks it approximate (``~1960s`` is "around the 1960s").  A decade
    may be narrowed to its ``early``, ``mid`` or ``late`` years (``early
    2000s`` is 2000-2003, ``mid 2000s`` 2004-2006, ``late 2000s``
    2007-2009).  ``before`` or ``after`` in front bounds a date known only
    from one side: ``before 1990`` covers every day up to 31 December 1989,
    ``after 2005`` every day from 1 January 2006.

    >>> PartialDate.parse("2011").covers()
    (datetime.date(2011, 1, 1), datetime.date(2011, 12, 31))
    >>> PartialDate.parse("early 2000s").covers()
    (datetime.date(2000, 1, 1), datetime.date(2003, 12, 31))
    """

    year: int
    month: int | None = None
    day: int | None = None
    decade: bool = False
    approximate: bool = False
    part: DecadePart | None = None
    bound: Bound | None = None

    def __attrs_post_init__(self) -> None:
        if not 1 <= self.year <= 9999:
            raise DateFormatError(N_("year {year} is outside 1-9999"), year=self.year)
        if self.part is not None and (not self.decade or self.part not in DECADE_PARTS):
            raise DateFormatError(
                N_("only a decade has early, mid or late years (early 1960s)")
            )
        if self.bound is not None:
            if self.bound not in ("before", "after"):
                raise DateFormatError(
                    N_("{bound!r} is not before or after"), bound=self.bound
                )
            earliest, latest = self._interval()
            if self.bound == "before" and earliest == dt.date.min:
                raise DateFormatError(N_("there are no dates before the year 1"))
            if self.bound == "after" and latest == dt.date.max:
                raise DateFormatError(N_("there are no dates after the year 9999"))
        if self.decade:
            if self.year % 10 or self.month is not None or self.day is not None:
                raise DateFormatError(
                    N_(
                        "a decade is written as its first year (1960s) and has no"
                        " month or day"
                    )
                )
            return
        if self.day is not None and self.month is None:
            raise DateFormatError(N_("a day needs a month"))
        if self.month is not None and not 1 <= self.month <= 12:
            raise DateFormatError(N_("month {month} does not exist"), month=self.month)
        if self.day is not None:
            assert self.month is not None
            last = calendar.monthrange(self.year, self.month)[1]
            if not 1 <= self.day <= last:
                raise DateFormatError(
                    N_("{year:04d}-{month:02d} has no day {day} (it has {last} days)"),
                    year=self.year,
                    month=self.month,
                    day=self.day,
                    last=last,
                )

    @classmethod
    def parse(cls, text: str) -> PartialDate:
        """Read ``2008-10-06``, ``2008-10``, ``2008``, ``1960s``, ``~1993``."""
        match = _PATTERN.match(" ".join(text.split()))
        if match is None:
            raise DateFormatError(
                N_(
                    "{text!r} is not a date; write 2008-10-06, 2008-10, 2008 or"
                    " 1960s (a leading ~ marks an approximate date; early, mid or"
                    " late narrows a decade; before or after bounds a date)"
                ),
                text=text,
            )
        approximate = match["approx"] is not None
        bound: Bound | None = match["bound"]  # type: ignore[assignment]
        if match["decade"]:
            part: DecadePart | None = match["part"]  # type: ignore[assignment]
            return cls(
                year=int(match["decade"]),
                decade=True,
                approximate=approximate,
                part=part,
                bound=bound,
            )
        return cls(
            year=int(match["year"]),
            month=int(match["month"]) if match["month"] else None,
            day=int(match["day"]) if match["day"] else None,
            approximate=approximate,
            bound=bound,
        )

    @classmethod
    def from_date(cls, value: dt.date) -> PartialDate:
        """Make a day-precise partial date from a :class:`datetime.date`."""
        return cls(year=value.year, month=value.month, day=value.day)

    @property
    def precision(self) -> Precision:
        """How much of the date is known."""
        if self.decade:
            return "decade"
        if self.day is not None:
            return "day"
        if self.month is not None:
            return "month"
        return "year"

    @property
    def is_bounded(self) -> bool:
        """Tell whether the date is known from one side only (before/after)."""
        return self.bound is not None

    def covers(self) -> tuple[dt.date, dt.date]:
        """Return the first and last day this date may mean.

        A date ``before`` something covers every day from the earliest
        (:data:`datetime.date.min`) up to the day before it; one ``after``
        something every day after it up to :data:`datetime.date.max`.
        """
        # Worked out once per distinct date: a portfolio repeats a few
        # hundred dates in every period, and rules ask for them all.
        return _covers(self._fields())

    def _fields(self) -> _Fields:
        return (self.year, self.month, self.day, self.decade, self.part, self.bound)

    def _interval(self) -> tuple[dt.date, dt.date]:
        """The days the date means, leaving ``bound`` aside."""
        return _interval(self._fields())

    def __str__(self) -> str:
        prefix = f"{self.bound} " if self.bound else ""
        prefix += "~" if self.approximate else ""
        if self.decade:
            part = f"{self.part} " if self.part else ""
            return f"{prefix}{part}{self.year:04d}s"
        text = f"{self.year:04d}"
        if self.month is not None:
            text += f"-{self.month:02d}"
        if self.day is not None:
            text += f"-{self.day:02d}"
        return prefix + text


#: A partial date's fields as :func:`_covers` takes them: year, month, day,
#: decade, part and bound.
_Fields = tuple[int, int | None, int | None, bool, DecadePart | None, Bound | None]


@functools.lru_cache(maxsize=8192)
def _covers(fields: _Fields) -> tuple[dt.date, dt.date]:
    """:meth:`PartialDate.covers` of the date with these fields."""
    first, last = _interval(fields)
    bound = fields[5]
    if bound == "before":
        return dt.date.min, first - dt.timedelta(days=1)
    if bound == "after":
        return last + dt.timedelta(days=1), dt.date.max
    return first, last


def _interval(fields: _Fields) -> tuple[dt.date, dt.date]:
    """The days a date with these fields means, leaving ``bound`` aside."""
    year, month, day, decade, part, _bound = fields
    if decade:
        if part is not None:
            low, high = DECADE_PARTS[part]
            return dt.date(year + low, 1, 1), dt.date(min(year + high, 9999), 12, 31)
        return dt.date(year, 1, 1), dt.date(min(year + 9, 9999), 12, 31)
    if month is None:
        return dt.date(year, 1, 1), dt.date(year, 12, 31)
    if day is None:
        last = calendar.monthrange(year, month)[1]
        return dt.date(year, month, 1), dt.date(year, month, last)
    on = dt.date(year, month, day)
    return on, on


@attrs.frozen(kw_only=True)
class Period:
    """An interval between two partial dates; either end may be open.

    ``Period(start=PartialDate.parse("2010"), end=PartialDate.parse("2012"))``
    covers 1 January 2010 to 31 December 2012.
    """

    start: PartialDate | None = None
    end: PartialDate | None = None

    @classmethod
    def parse(cls, start: str | None, end: str | None = None) -> Period:
        """Build a period from two texts such as ``"2010"`` and ``"2012"``."""
        return cls(
            start=PartialDate.parse(start) if start else None,
            end=PartialDate.parse(end) if end else None,
        )

    @classmethod
    def year(cls, year: int) -> Period:
        """The calendar year ``year``, as a follow-up period."""
        return cls(start=PartialDate(year=year), end=PartialDate(year=year))

    def bounds(self) -> tuple[dt.date, dt.date]:
        """Return the widest interval of days the period may cover."""
        first = self.start.first_day if self.start else dt.date.min
        last = self.end.last_day if self.end else dt.date.max
        return first, last

    @property
    def is_reversed(self) -> bool:
        """True when the end lies wholly before the start."""
        if self.start is None or self.end is None:
            return False
        return self.end.last_day < self.start.first_day

    def overlaps(self, other: Period | PartialDate | dt.date) -> bool:
        """Tell whether two periods may share a day: the one "active in" rule.

        Every partial date is read as the interval it covers, so an
        initiative running "2010-2012" is active in the follow-up period
        "2011", and a twinning "since the 1990s" is active in 1995.  A
        reversed period (end wholly before start) is empty and overlaps
        nothing; validation reports it.
        """
        if isinstance(other, dt.date):
            other_first = other_last = other
        elif isinstance(other, PartialDate):
            other_first, other_last = other.covers()
        else:
            other_first, other_last = other.bounds()
        return self.overlaps_days(other_first, other_last)

    def overlaps_days(self, other_first: dt.date, other_last: dt.date) -> bool:
        """:meth:`overlaps` for the days ``other_first`` to ``other_last``.

        For asking about one period many times: its :meth:`bounds` are
        worked out once.
        """
        first, last = self.bounds()
        if first > last or other_first > other_last:
            return False
        return first <= other_last and other_first <= last

    def contains(self, day: dt.date) -> bool:
        """Tell whether ``day`` may lie in the period."""
        return self.overlaps(day)

    def __str__(self) -> str:
        start = str(self.start) if self.start else ""
        end = str(self.end) if self.end else ""
        if start and start == end:
            return start
        return f"{start}–{end}"


#: The longest interval of a recurrence, in years: a millennium.  Longer is
#: a number typed wrong, and reports that count occurrences cannot show it.
MAX_EVERY = 1000


def _check_every(_instance: object, _attribute: object, value: int) -> None:
    if isinstance(value, bool) or not isinstance(value, int) or value < 1:
        raise FieldValueError(
            "every",
            N_("every must be a whole number of years of 1 or more, not {value!r}"),
            value=value,
        )
    if value > MAX_EVERY:
        # Not quoted: a number of thousands of digits cannot even be printed.
        raise FieldValueError(
            "every", N_("every may be at most {most} years"), most=MAX_EVERY
        )


#: The most occurrences a recurrence is expanded into for one question (a
#: series "every year since 1200" asked about all time).
MAX_OCCURRENCES = 10_000


@attrs.frozen(kw_only=True)
class Recurrence:
    """Something that happens again every ``every`` years (1: every year).

    ``period`` is when the series runs, from the first occurrence to the
    last; either end may be open, and a missing end is taken from what
    recurs (an initiative's period, an event's date).  An occurrence keeps
    the precision of the first: a series starting ``2010-05`` recurs in May
    (``2012-05``, ``2014-05`` ...), one starting ``2010`` some time in each
    year.

    >>> every_two = Recurrence(every=2)
    >>> dates = every_two.occurrences(PartialDate(year=2010), None, Period.year(2014))
    >>> [str(date) for date in dates]
    ['2014']
    """

    every: int = attrs.field(default=1, validator=_check_every)
    period: Period | None = None

    def span(
        self, start: PartialDate | None, end: PartialDate | None
    ) -> tuple[PartialDate | None, PartialDate | None]:
        """The first and last date of the series: its own, else those given."""
        own = self.period or Period()
        return own.start or start, own.end or end

    def years(self, start: PartialDate | None, end: PartialDate | None) -> range:
        """The years the series' occurrences fall in, as a range of ``every``.

        ``start`` and ``end`` are as for :meth:`occurrences`; the range is
        empty where no occurrence can be told, and ends with the last
        occurrence on or before the series' end (9999 for an open one).  A
        database keeps its start, stop and step to answer "active in year
        Y" with arithmetic.
        """
        first, last = self.span(start, end)
        if first is None or first.decade or first.bound is not None:
            return range(0)
        stop = last.last_day if last is not None else dt.date.max
        final = min(stop.year, 9999)
        if final >= first.year and _in_year(first, final).first_day > stop:
            final -= 1  # the occurrence in the end's year falls after the end
        return range(first.year, final + 1, self.every)

    def occurrences(
        self,
        start: PartialDate | None,
        end: PartialDate | None,
        within: Period,
    ) -> tuple[PartialDate, ...]:
        """The occurrences that may fall in ``within``, oldest first.

        ``start`` and ``end`` are the series' ends where the recurrence does
        not give its own (see :meth:`span`).  A series whose first date is
        not known to the year (a decade, a bounded date) has no occurrences
        that can be told.
        """
        years = self.years(start, end)
        if not years:
            return ()
        first = self.span(start, end)[0]
        assert first is not None  # years is empty otherwise
        low, high = within.bounds()
        found: list[PartialDate] = []
        # Jump to the first occurrence that may reach ``low``.
        skip = max(0, (low.year - years.start) // self.every - 1)
        for year in years[skip:]:
            date = _in_year(first, year)
            if date.first_day > high or len(found) >= MAX_OCCURRENCES:
                break
            if date.last_day >= low:
                found.append(date)
        return tuple(found)

    def __str__(self) -> str:
        return f"every {self.every} years" if self.every > 1 else "every year"


def _in_year(first: PartialDate, year: int) -> PartialDate:
    """The date ``first`` falls on in ``year``: 29 February becomes February."""
    day = first.day
    if (
        first.month is not None
        and day is not None
        and day > calendar.monthrange(year, first.month)[1]
    ):
        day = None
    return attrs.evolve(first, year=year, day=day)
