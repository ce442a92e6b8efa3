"""Shared helpers for report builders: texts, labels, dates, money, timelines.

A report kind turns model objects into the blocks of a
:class:`~munintl.reports.document.ReportDocument`, all in one language.
:class:`Localizer` does the translating:

* content (:class:`~munintl.model.LocalizedText`) in the report language,
  else along the fallback chain, recording every text shown in another
  language so the report can say so (:meth:`Localizer.fallback_blocks`);
* labels through the library's gettext catalogs (``Localizer._``);
  mark label strings for extraction with :func:`N_` where they are defined
  away from the call;
* code labels from the registered codelists;
* dates and amounts through Babel, amounts per currency, never summed
  across currencies.

The timeline helpers turn initiatives and partnerships into the bars and
events of a :class:`~munintl.reports.document.Timeline` figure.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Mapping, Sequence
from decimal import Decimal
from typing import TYPE_CHECKING, Any, Literal

import attrs

from munintl.errors import MunintlError
from munintl.i18n import gettext_for
from munintl.model import (
    Codelist,
    Entity,
    Initiative,
    LocalizedText,
    Money,
    PartialDate,
    Partnership,
    Period,
    Portfolio,
    Strategy,
    totals,
)
from munintl.model.text import Inline, parse_markdown
from munintl.reports.document import (
    Block,
    Figure,
    Heading,
    ListBlock,
    Paragraph,
    Table,
    Timeline,
    TimelineBar,
    TimelineEvent,
)

if TYPE_CHECKING:
    from munintl.plugins.protocols import ReportRequest

ParagraphStyle = Literal["normal", "note", "illustrative", "fallback"]


def N_(message: str) -> str:
    """Mark ``message`` for extraction; translate it later with ``Localizer._``."""
    return message


#: Labels of codes that have no registered codelist: a partnership party's
#: status (derived from its events) and a follow-up's state.
BUILTIN_LABELS: dict[str, dict[str, str]] = {
    "partnership-status": {
        "proposed": N_("Proposed"),
        "active": N_("Active"),
        "suspended": N_("Suspended"),
        "dormant": N_("Dormant"),
        "ended": N_("Ended"),
        "transferred": N_("Transferred"),
    },
    "follow-up-state": {
        "draft": N_("Draft"),
        "submitted": N_("Submitted"),
        "noted": N_("Noted"),
        "decided": N_("Decided"),
    },
}


class ReportError(MunintlError):
    """A report cannot be built as asked (unknown follow-up, body or language)."""


@attrs.frozen(kw_only=True)
class FallbackUse:
    """One text shown in another language than the report's.

    ``item`` names the thing the text belongs to, ``field`` which of its
    texts it is, ``language`` the language it is shown in.
    """

    item: str
    field: str
    language: str


@attrs.frozen(kw_only=True)
class Resolved:
    """A text resolved for the report: the text and the language it is in."""

    text: str
    language: str | None
    fallback: bool


def _primary(tag: str) -> str:
    return tag.replace("_", "-").split("-")[0].lower()


def _dedupe(items: Iterable[str]) -> tuple[str, ...]:
    seen: dict[str, None] = {}
    for item in items:
        if item:
            seen.setdefault(item, None)
    return tuple(seen)


def _humanise(code: str) -> str:
    text = code.replace("-", " ").replace("_", " ").strip()
    return text[:1].upper() + text[1:] if text else code


class Localizer:
    """Texts, labels, dates and amounts in one report language.

    ``fallback`` is the configured chain for ``language`` (``en`` → ``da``);
    ``default_language`` (the municipality's) is tried after it, and then any
    language the text has.  Every text shown in a language other than the
    report's is recorded in ``fallbacks`` when the caller names it.

    Raise :class:`ReportError` when Babel has no data for ``language``.
    """

    def __init__(
        self,
        language: str,
        fallback: Sequence[str] = (),
        *,
        codelists: Mapping[str, Codelist] | None = None,
        default_language: str | None = None,
    ) -> None:
        from babel import Locale, UnknownLocaleError

        self.language = language
        primary = _primary(language)
        self.chain: tuple[str, ...] = _dedupe(
            (language, primary, *fallback, default_language or "")
        )
        self.catalog_language: str = primary
        self.codelists: Mapping[str, Codelist] = codelists or {}
        try:
            self.locale: Any = Locale.parse(language.replace("_", "-"), sep="-")
        except (UnknownLocaleError, ValueError):
            raise ReportError(
                f"{language!r} is not a language munintl can write reports in;"
                " use a language tag such as da, en or de"
            ) from None
        self.fallbacks: list[FallbackUse] = []
        self._seen: set[tuple[str, str, str]] = set()
        # Labels and dates repeat thousands of times in a large report, and
        # Babel and gettext are the slowest steps of building one.
        self._labels: dict[str, str] = {}
        self._dates: dict[PartialDate | dt.date, str] = {}
        self._amounts: dict[Money, str] = {}

    # -- labels --------------------------------------------------------------

    def _(self, message: str) -> str:
        """Translate a label from the library's catalogs into the report language."""
        label = self._labels.get(message)
        if label is None:
            label = self._labels[message] = gettext_for(self.catalog_language, message)
        return label

    def code(self, scheme: str, code: str | None) -> str:
        """Return the label of ``code`` in the codelist ``scheme`` ("" for none).

        A code the registered lists do not know is shown with its hyphens as
        spaces (``on-track`` → "On track").
        """
        if not code:
            return ""
        codelist = self.codelists.get(scheme)
        item = codelist.item(code) if codelist is not None else None
        if item is None:
            builtin = BUILTIN_LABELS.get(scheme, {}).get(code)
            return self._(builtin) if builtin else _humanise(code)
        return item.label.get(self.language, fallback=(*self.chain[1:], "en")) or (
            _humanise(code)
        )

    def yes_no(self, value: bool) -> str:
        """Say "yes" or "no" in the report language."""
        return self._("yes") if value else self._("no")

    def language_name(self, tag: str) -> str:
        """Return the name of the language ``tag`` in the report language."""
        from babel import Locale, UnknownLocaleError

        try:
            locale = Locale.parse(tag.replace("_", "-"), sep="-")
        except (UnknownLocaleError, ValueError):
            return tag
        name: str | None = locale.get_display_name(self.locale)
        return name or tag

    # -- content -------------------------------------------------------------

    def resolve(
        self, value: LocalizedText, item: str = "", field: str = ""
    ) -> Resolved:
        """Find ``value`` in the report language or along the fallback chain.

        A text shown in another language is recorded in ``fallbacks``
        when ``item`` is given.  An empty text resolves to ``""``.
        """
        found = value.resolve(self.chain[0], self.chain[1:])
        if found is None:
            found = next(
                ((lang, text) for lang, text in value.values.items() if text.strip()),
                None,
            )
        if found is None:
            return Resolved(text="", language=None, fallback=False)
        language, text = found
        fallback = _primary(language) != _primary(self.language)
        if fallback and item:
            self._record(item, field, language)
        return Resolved(text=text, language=language, fallback=fallback)

    def text(self, value: LocalizedText, item: str = "", field: str = "") -> str:
        """Return the text of ``value`` for the report (see :meth:`resolve`)."""
        return self.resolve(value, item, field).text

    def name(self, value: LocalizedText, default: str, field: str | None = None) -> str:
        """Return a name or title, ``default`` if it has none.

        One shown in another language is recorded under its own text, as
        ``field`` (default "Name").
        """
        resolved = self.resolve(value)
        if not resolved.text:
            return default
        if resolved.fallback and resolved.language:
            self._record(resolved.text, field or self._("Name"), resolved.language)
        return resolved.text

    def title(self, value: LocalizedText, default: str) -> str:
        """Return a title (see :meth:`name`)."""
        return self.name(value, default, self._("Title"))

    def _record(self, item: str, field: str, language: str) -> None:
        key = (item, field, language)
        if key not in self._seen:
            self._seen.add(key)
            self.fallbacks.append(
                FallbackUse(item=item, field=field, language=language)
            )

    def blocks(
        self,
        value: LocalizedText,
        item: str = "",
        field: str = "",
        *,
        illustrative: bool = False,
    ) -> list[Block]:
        """Return the paragraphs and lists of ``value``, styled for the report.

        Illustrative texts get the ``illustrative`` style, texts in a
        fallback language the ``fallback`` style.
        """
        resolved = self.resolve(value, item, field)
        style: ParagraphStyle = "normal"
        if illustrative:
            style = "illustrative"
        elif resolved.fallback:
            style = "fallback"
        return text_blocks(resolved.text, style)

    # -- dates and amounts -----------------------------------------------------

    def date(self, value: PartialDate | dt.date | None) -> str:
        """Write a date as the report language does, to its known precision."""
        if value is None:
            return ""
        text = self._dates.get(value)
        if text is None:
            text = self._dates[value] = self._format_date(value)
        return text

    def _format_date(self, value: PartialDate | dt.date) -> str:
        from babel.dates import format_date, format_skeleton

        if isinstance(value, dt.date):
            text: str = format_date(value, "long", locale=self.locale)
            return text
        if value.decade:
            text = self._("{year}s").format(year=value.year)
        elif value.day is not None:
            text = format_date(value.first_day, "long", locale=self.locale)
        elif value.month is not None:
            text = format_skeleton("yMMMM", value.first_day, locale=self.locale)
        else:
            text = str(value.year)
        if value.approximate:
            text = self._("c. {date}").format(date=text)
        return text

    def period(self, value: Period | None) -> str:
        """Write a period such as "2010–2012", "from 1993" or "until 2012"."""
        if value is None:
            return ""
        start = self.date(value.start)
        end = self.date(value.end)
        if start and end:
            return start if start == end else f"{start}–{end}"
        if start:
            return self._("from {start}").format(start=start)
        if end:
            return self._("until {end}").format(end=end)
        return ""

    def datetime(self, value: dt.datetime) -> str:
        """Write a date and time in the report language."""
        from babel.dates import format_datetime

        text: str = format_datetime(value, "medium", locale=self.locale)
        return text

    def money(self, value: Money) -> str:
        """Write an amount with its currency, as the report language does."""
        from babel.numbers import format_currency

        text = self._amounts.get(value)
        if text is None:
            text = format_currency(value.amount, value.currency, locale=self.locale)
            if value.approximate:
                text = self._("c. {date}").format(date=text)
            self._amounts[value] = text
        return text

    def amount(self, amount: Decimal, currency: str) -> str:
        """Write an amount in ``currency``."""
        return self.money(Money(amount=amount, currency=currency))

    def totals(self, amounts: Iterable[Money]) -> list[str]:
        """One total per currency, in currency order; never summed across currencies."""
        sums = totals(list(amounts))
        return [self.amount(sums[currency], currency) for currency in sorted(sums)]

    def number(self, value: int | Decimal) -> str:
        """Write a number with the report language's separators."""
        from babel.numbers import format_decimal

        text: str = format_decimal(value, locale=self.locale)
        return text

    # -- the fallback notice ---------------------------------------------------

    def fallback_notice(self) -> Paragraph | None:
        """Return a note that some texts are shown in another language, if any are."""
        if not self.fallbacks:
            return None
        languages = ", ".join(
            self.language_name(lang)
            for lang in sorted({use.language for use in self.fallbacks})
        )
        return Paragraph(
            text=self._(
                "{count} texts are not available in {language} and are shown in"
                " {languages}; they are listed under \u201cTexts in another"
                " language\u201d."
            ).format(
                count=self.number(len(self.fallbacks)),
                language=self.language_name(self.language),
                languages=languages,
            ),
            style="fallback",
        )

    def fallback_blocks(self, level: int = 2) -> list[Block]:
        """Return the section listing every text shown in a fallback language."""
        if not self.fallbacks:
            return []
        return [
            Heading(text=self._("Texts in another language"), level=level),
            Table(
                title=self._("Texts shown in another language"),
                columns=(self._("Item"), self._("Text"), self._("Shown in")),
                rows=tuple(
                    (use.item, use.field, self.language_name(use.language))
                    for use in self.fallbacks
                ),
            ),
        ]


# -- Markdown subset → blocks ----------------------------------------------------


def _inline_markdown(parts: Iterable[Inline]) -> str:
    out = []
    for part in parts:
        if part.kind == "strong":
            out.append(f"**{part.text}**")
        elif part.kind == "emphasis":
            out.append(f"*{part.text}*")
        elif part.kind == "link":
            out.append(f"[{part.text}]({part.url})")
        else:
            out.append(part.text)
    return "".join(out)


def text_blocks(text: str, style: ParagraphStyle = "normal") -> list[Block]:
    """Split a text in the Markdown subset into paragraphs and lists."""
    if not text.strip():
        return []
    blocks: list[Block] = []
    for block in parse_markdown(text):
        items = tuple(_inline_markdown(item) for item in block.items)
        if block.kind == "paragraph":
            blocks.append(Paragraph(text=items[0], style=style))
        else:
            blocks.append(ListBlock(items=items, ordered=block.kind == "numbers"))
    return blocks


def fact(label: str, value: str) -> str:
    """Write a labelled fact, ``**label:** value``, for a list item or paragraph."""
    return f"**{label}:** {value}"


def strong(text: str) -> str:
    """Write ``text`` in bold."""
    return f"**{text}**"


def labelled(label: str, text: str, style: ParagraphStyle = "normal") -> list[Block]:
    """Lead a text with a bold label: one paragraph, or the label above the blocks."""
    blocks = text_blocks(text, style)
    if len(blocks) == 1 and isinstance(blocks[0], Paragraph):
        return [Paragraph(text=fact(label, blocks[0].text), style=style)]
    return [Paragraph(text=strong(f"{label}:"), style=style), *blocks]


# -- visibility, names, facts ------------------------------------------------------


def is_visible(entity: Entity, request: ReportRequest) -> bool:
    """Tell whether ``entity`` may appear in a report for ``request``."""
    return request.include_internal or entity.visibility != "internal"


def marked(loc: Localizer, title: str, illustrative: bool) -> str:
    """Mark ``title`` "(illustrative)" for sample data."""
    if not illustrative:
        return title
    return loc._("{title} (illustrative)").format(title=title)


def body_name(portfolio: Portfolio, loc: Localizer, body_id: str | None) -> str:
    """Return the name of a body in the report language (its id if unknown)."""
    if body_id is None:
        return ""
    body = portfolio.body(body_id)
    if body is None:
        return body_id
    return loc.name(body.name, body_id)


def party_name(portfolio: Portfolio, loc: Localizer, party_id: str | None) -> str:
    """Return the name of the municipality or an organisation (id if unknown)."""
    if party_id is None:
        return ""
    if party_id == portfolio.municipality.id:
        return loc.name(portfolio.municipality.name, party_id)
    organisation = portfolio.organisation(party_id)
    if organisation is None:
        return party_id
    return loc.name(organisation.name, party_id)


def initiative_title(loc: Localizer, initiative: Initiative) -> str:
    """Return an initiative's title, with its acronym where it has one."""
    title = loc.title(initiative.title, initiative.id)
    if initiative.acronym and initiative.acronym not in title:
        title = f"{title} ({initiative.acronym})"
    return title


def partners(
    portfolio: Portfolio, loc: Localizer, initiative: Initiative, request: ReportRequest
) -> list[str]:
    """List the partners: named parties with their role, counts of unnamed ones.

    Internal organisations are left out of public reports.
    """
    out: list[str] = []
    for participation in initiative.participations:
        if participation.organisation is not None:
            organisation = portfolio.organisation(participation.organisation)
            if organisation is not None and not is_visible(organisation, request):
                continue
            name = party_name(portfolio, loc, participation.organisation)
        else:
            description = loc.text(
                participation.description,
                item=initiative_title(loc, initiative),
                field=loc._("Partners"),
            )
            count = loc.number(participation.count or 0)
            # "9 other municipalities" already says how many.
            name = (
                description
                if str(participation.count) in description
                else (f"{count} {description}".strip())
            )
        details = [loc.code("organisation-role", participation.role)]
        if participation.lead:
            details.insert(0, loc._("lead"))
        out.append(f"{name} ({', '.join(d for d in details if d)})")
    return out


def funding_lines(
    portfolio: Portfolio, loc: Localizer, initiative: Initiative
) -> list[str]:
    """Describe each funding line: amount, funder or programme, phase."""
    out: list[str] = []
    for line in initiative.funding:
        parts = [
            party_name(portfolio, loc, line.funder) if line.funder else "",
            loc.code("funding-programme", line.programme),
            loc._("phase {phase}").format(phase=line.phase) if line.phase else "",
            loc.period(line.period),
        ]
        source = ", ".join(p for p in parts if p)
        amount = loc.money(line.amount) if line.amount else loc._("amount not given")
        out.append(f"{amount} ({source})" if source else amount)
    return out


def amounts_of(initiatives: Iterable[Initiative]) -> list[Money]:
    """Collect every amount on the initiatives' funding lines."""
    return [
        line.amount
        for initiative in initiatives
        for line in initiative.funding
        if line.amount is not None
    ]


def funding_table(
    loc: Localizer, initiatives: Sequence[Initiative], title: str
) -> Table | None:
    """Tabulate funding per currency with its number of initiatives.

    Return None when no funding line has an amount.
    """
    sums: dict[str, Decimal] = {}
    counts: dict[str, int] = {}
    approximate: dict[str, bool] = {}
    for initiative in initiatives:
        seen: set[str] = set()
        for line in initiative.funding:
            if line.amount is None:
                continue
            currency = line.amount.currency
            sums[currency] = sums.get(currency, Decimal(0)) + line.amount.amount
            approximate[currency] = approximate.get(currency, False) or (
                line.amount.approximate
            )
            if currency not in seen:
                seen.add(currency)
                counts[currency] = counts.get(currency, 0) + 1
    if not sums:
        return None
    return Table(
        title=title,
        columns=(
            loc._("Currency"),
            loc._("Initiatives"),
            loc._("Total"),
            loc._("Total (formatted)"),
        ),
        rows=tuple(
            (
                currency,
                counts[currency],
                sums[currency],
                loc.money(
                    Money(
                        amount=sums[currency],
                        currency=currency,
                        approximate=approximate[currency],
                    )
                ),
            )
            for currency in sorted(sums)
        ),
    )


def partnership_status(
    portfolio: Portfolio, loc: Localizer, partnership: Partnership, day: dt.date
) -> str:
    """Write each party's status on ``day``: "Skanderborg: active; ..."."""
    parts = []
    for party, status in partnership.status_on(day).items():
        label = loc.code("partnership-status", status) if status else loc._("no status")
        parts.append(f"{party_name(portfolio, loc, party)}: {label}")
    return "; ".join(parts)


def partnership_end(partnership: Partnership) -> PartialDate | None:
    """Return when every party had left the partnership (ended or transferred)."""
    from munintl.model import STATUS_AFTER_EVENT

    gone = {"ended", "transferred"}
    last: dict[str, PartialDate] = {}
    status: dict[str, str | None] = dict.fromkeys(partnership.party_ids())
    for event in sorted(partnership.events, key=lambda e: e.date.sort_key()):
        new = STATUS_AFTER_EVENT.get(event.kind)
        if new is None:
            continue
        for party in [event.party] if event.party else list(status):
            status[party] = new
            last[party] = event.date
    if status and all(s in gone for s in status.values()):
        return max(last.values(), key=lambda d: d.sort_key())
    return None


def strategy_for(
    portfolio: Portfolio, period: Period | None, strategy_id: str | None = None
) -> Strategy | None:
    """Choose the strategy a report concerns.

    That is the one named, else the current one if it is in force in
    ``period``, else the newest in force then, else the current one.
    """
    if strategy_id is not None:
        found = portfolio.strategy(strategy_id)
        if found is not None:
            return found
    current = portfolio.strategy()
    if period is None:
        return current
    if current is not None and (
        current.period is None or current.period.overlaps(period)
    ):
        return current
    in_force = [
        s for s in portfolio.strategies if s.period and s.period.overlaps(period)
    ]
    if in_force:
        return max(
            in_force, key=lambda s: s.period.bounds()[0] if s.period else dt.date.min
        )
    return current


# -- timelines -------------------------------------------------------------------


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
        groups=", ".join(_dedupe(b.group for b in bars)) or loc._("nothing"),
    )
    return Figure(
        title=title,
        alt=alt,
        data=data,
        timeline=Timeline(start=start, end=end, bars=tuple(bars), events=tuple(events)),
    )


def generated_now(value: dt.datetime | None = None) -> dt.datetime:
    """Return ``value``, or now in UTC to the second."""
    if value is not None:
        return value
    return dt.datetime.now(dt.UTC).replace(microsecond=0)


def day_as_datetime(value: PartialDate) -> dt.datetime:
    """Return the first day of a partial date, as midnight UTC."""
    return dt.datetime.combine(value.first_day, dt.time(), tzinfo=dt.UTC)
