"""Pieces of report documents that more than one report kind uses.

The notes under a report's title, the description of a theme or
partnership, a partnership's facts, funding per currency, and the time a
report is dated.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from decimal import Decimal

from munintl.model import (
    Body,
    Initiative,
    Money,
    PartialDate,
    Partnership,
    Period,
    Portfolio,
    Theme,
)
from munintl.reports.building.blocks import fact
from munintl.reports.building.describe import (
    body_name,
    body_names,
    marked,
    partnership_since,
    partnership_status,
    party_name,
    theme_title,
)
from munintl.reports.building.localize import N_, Localizer
from munintl.reports.document import Block, Heading, ListBlock, Paragraph, Table

#: The note under the title of a report that marks sample data where it stands.
ITEMS_MARKED = N_("Items marked \u201cillustrative\u201d are sample data, not fact.")


def title_notes(loc: Localizer, illustrative: str | None = None) -> list[Block]:
    """Return the notes under a report's title.

    ``illustrative`` says that the report shows sample data (None: it does
    not); then comes the note that some texts are in another language, if
    any are, and the note naming unreviewed machine translations.
    """
    blocks: list[Block] = []
    if illustrative is not None:
        blocks.append(Paragraph(text=illustrative, style="illustrative"))
    for notice in (loc.words_notice(), loc.fallback_notice(), loc.machine_notice()):
        if notice is not None:
            blocks.append(notice)
    return blocks


def description_blocks(
    loc: Localizer, item: Theme | Partnership, title: str
) -> list[Block]:
    """Return the description of a theme or partnership titled ``title``.

    A cross-cutting theme says so below it.
    """
    blocks = loc.blocks(
        item.description,
        title,
        loc._("Description"),
        illustrative=item.illustrative,
    )
    if isinstance(item, Theme) and item.cross_cutting:
        blocks.append(Paragraph(text=loc._("A cross-cutting theme."), style="note"))
    return blocks


def partnership_facts(
    portfolio: Portfolio,
    loc: Localizer,
    partnership: Partnership,
    *,
    status: str,
    day: dt.date,
    parties: bool = False,
    areas: Sequence[Theme] = (),
) -> ListBlock:
    """List a partnership's kind, start, status on ``day`` and review dates.

    Every fact is as of ``day``: "Since" is when the relationship was
    established (see :func:`~munintl.reports.building.describe.partnership_since`)
    and the status reads the events by then and the agreement's expiry.
    ``status`` labels the status; ``parties`` adds every party by name (and
    the actors that run the relationship for the municipality) and
    ``areas`` the themes the partnership works in (its own ``topics``
    follow them).  Where the strategy says which bodies decide on its kind
    of relationship, they are named too.
    """
    _ = loc._
    facts = [fact(_("Kind"), partnership_kind(loc, partnership, day))]
    if parties:
        names = (party_name(portfolio, loc, p) for p in partnership.party_ids())
        facts.append(fact(_("Parties"), ", ".join(names)))
    if partnership.kept_by:
        facts.append(fact(_("Run by"), body_names(portfolio, loc, partnership.kept_by)))
    facts += [
        fact(_("Since"), partnership_since(portfolio, loc, partnership, day)),
        fact(status, partnership_status(portfolio, loc, partnership, day)),
    ]
    covered = [theme_title(loc, theme) for theme in areas]
    covered += [loc.text(topic) for topic in partnership.topics]
    if any(covered):
        facts.append(fact(_("Cooperation areas"), "; ".join(c for c in covered if c)))
    deciding = portfolio.deciding_bodies(partnership.kind_on(day), day)
    if deciding:
        facts.append(
            fact(_("Decisions taken by"), body_names(portfolio, loc, deciding))
        )
    if partnership.review is not None:
        facts.append(fact(_("Review"), loc.date(partnership.review)))
    if partnership.expires is not None:
        facts.append(fact(_("Expires"), loc.date(partnership.expires)))
    return ListBlock(items=tuple(facts))


def body_changes_table(
    portfolio: Portfolio,
    loc: Localizer,
    bodies: Sequence[Body],
    period: Period | None = None,
) -> Table | None:
    """Tabulate the renamed, merged and joint bodies among ``bodies``.

    One row per body with former names, a successor or members: the former
    names with when they were used until, the body that took over, and each
    member (any actor) with its role, seats and period -- with ``period``,
    only the members that may have taken part in it.  Return None when no
    body has any of them.
    """
    _ = loc._
    rows = []
    for body in bodies:
        if not (body.former_names or body.successor or body.members):
            continue
        former = []
        for old in body.former_names:
            name = loc.name(old.name, body.id)
            if old.until is not None:
                until = _("until {date}").format(date=loc.date(old.until))
                name = f"{name} ({until})"
            former.append(name)
        members = []
        for member in body.members if period is None else body.members_in(period):
            details = [loc.text(member.role)]
            if member.seats is not None:
                details.append(
                    loc.ngettext("{count} seat", "{count} seats", member.seats).format(
                        count=loc.number(member.seats)
                    )
                )
            details.append(loc.period(member.period))
            shown = ", ".join(d for d in details if d)
            name = body_name(portfolio, loc, member.member)
            members.append(f"{name} ({shown})" if shown else name)
        rows.append(
            (
                marked(loc, loc.name(body.name, body.id), body.illustrative),
                "; ".join(former),
                body_name(portfolio, loc, body.successor),
                "; ".join(members),
            )
        )
    if not rows:
        return None
    return Table(
        title=_("Renamed, merged and joint bodies"),
        columns=(_("Body"), _("Former names"), _("Successor"), _("Members")),
        rows=tuple(rows),
    )


def about_municipality(
    portfolio: Portfolio, loc: Localizer, *more: Block | None
) -> list[Block]:
    """Return the "About {municipality}" section: its description, then ``more``.

    ``more`` are the blocks a report kind adds (its figures, as text or
    typed); None are left out.  No section when there is nothing to say.
    """
    name = loc.name(portfolio.municipality.name, portfolio.municipality.id)
    blocks = loc.blocks(portfolio.municipality.description, name, loc._("Description"))
    blocks += [block for block in more if block is not None]
    if not blocks:
        return []
    heading = loc._("About {municipality}").format(municipality=name)
    return [Heading(text=heading, level=2), *blocks]


def partnership_kind(loc: Localizer, partnership: Partnership, day: dt.date) -> str:
    """Write a partnership's kind on ``day``, and the kind it began as if other.

    "Partner city (previously twin town)" after a ``kind-changed`` event.
    """
    now = partnership.kind_on(day)
    label = loc.code("partnership-kind", now)
    if now == partnership.kind:
        return label
    before = loc._("previously {kind}").format(
        kind=loc.code("partnership-kind", partnership.kind)
    )
    return f"{label} ({before})"


def funding_table(
    loc: Localizer,
    initiatives: Sequence[Initiative],
    title: str,
    period: Period | None = None,
) -> Table | None:
    """Tabulate funding per currency with its number of initiatives.

    With ``period``, only the funding lines that run in it count (a line
    without dates of its own runs for its initiative's period; see
    :meth:`~munintl.model.Initiative.funding_in`).  Return None when no
    funding line counted has an amount.
    """
    sums: dict[str, Decimal] = {}
    counts: dict[str, int] = {}
    approximate: dict[str, bool] = {}
    for initiative in initiatives:
        seen: set[str] = set()
        lines = initiative.funding if period is None else initiative.funding_in(period)
        for line in lines:
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


def generated_now(value: dt.datetime | None = None) -> dt.datetime:
    """Return ``value``, or now in UTC to the second."""
    if value is not None:
        return value
    return dt.datetime.now(dt.UTC).replace(microsecond=0)


def day_as_datetime(value: PartialDate) -> dt.datetime:
    """Return the first day of a partial date, as midnight UTC."""
    return dt.datetime.combine(value.first_day, dt.time(), tzinfo=dt.UTC)
