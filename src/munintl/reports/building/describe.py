"""Write one thing of the portfolio as report text: names, titles, partners, funding.

Each function returns a string in the report language, through the
:class:`~munintl.reports.building.localize.Localizer` it is given; an unknown id is
written as itself.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterable, Sequence
from decimal import Decimal
from typing import TYPE_CHECKING

from munintl.model import (
    Figure,
    FundingLine,
    Goal,
    Indicator,
    Initiative,
    Money,
    PartialDate,
    Partnership,
    PartnershipEvent,
    Period,
    Portfolio,
    Recurrence,
    StrategyDocument,
    SubjectRef,
    Theme,
)
from munintl.reports.building.blocks import literal
from munintl.reports.building.localize import N_, Localizer
from munintl.reports.building.scope import is_visible

if TYPE_CHECKING:
    from munintl.reports.request import ReportRequest


def marked(loc: Localizer, title: str, illustrative: bool) -> str:
    """Mark ``title`` "(illustrative)" for sample data."""
    if not illustrative:
        return title
    return loc._("{title} (illustrative)").format(title=title)


def body_name(portfolio: Portfolio, loc: Localizer, body_id: str | None) -> str:
    """Return the name of a body in the report language (its id if unknown).

    Where an actor fits (an initiative's ``responsible``) the id may also
    name an organisation or the municipality; its name is given then.

    An illustrative body (sample data, not the municipality's own) is
    marked "(illustrative)" wherever it is named, so that a sample link
    such as a theme reporting to it never reads as fact.
    """
    if body_id is None:
        return ""
    body = portfolio.body(body_id)
    if body is None:
        return party_name(portfolio, loc, body_id)
    return marked(loc, loc.name(body.name, body_id), body.illustrative)


def body_names(portfolio: Portfolio, loc: Localizer, body_ids: Iterable[str]) -> str:
    """Return the names of bodies, separated by commas."""
    return ", ".join(body_name(portfolio, loc, b) for b in body_ids)


def party_name(portfolio: Portfolio, loc: Localizer, party_id: str | None) -> str:
    """Return the name of the municipality or an organisation (id if unknown).

    Where an actor fits (a participation, the recipient of a transfer) the
    id may also name a body of the municipality; its name is given then.
    """
    if party_id is None:
        return ""
    # An id that is both names the organisation here; validation reports
    # the clash where an actor is meant.
    actor = portfolio.organisation(party_id) or portfolio.actor(party_id)
    if actor is None:
        return party_id
    if not actor.name and getattr(actor, "name_unknown", False):
        return loc._("{id} (name not known)").format(id=party_id)
    return loc.name(actor.name, party_id)


def initiative_title(loc: Localizer, initiative: Initiative) -> str:
    """Return an initiative's title, with its acronym where it has one."""
    title = loc.title(initiative.title, initiative.id)
    if initiative.acronym and initiative.acronym not in title:
        title = f"{title} ({initiative.acronym})"
    return title


def subject_title(portfolio: Portfolio, loc: Localizer, subject: SubjectRef) -> str:
    """Name the subject of a status update or decision: its title, else its id."""
    if subject.kind == "initiative":
        initiative = portfolio.initiative(subject.id)
        return initiative_title(loc, initiative) if initiative else subject.id
    if subject.kind == "partnership":
        partnership = portfolio.partnership(subject.id)
        return loc.title(partnership.title, subject.id) if partnership else subject.id
    if subject.kind == "theme":
        theme = portfolio.theme(subject.id)
        return theme_title(loc, theme) if theme else subject.id
    goal = portfolio.goal(subject.id)
    return loc.text(goal.statement) or subject.id if goal else subject.id


def plan_titles(portfolio: Portfolio, loc: Localizer, initiative: Initiative) -> str:
    """Name the action plans (strategy documents) that list ``initiative``."""
    documents = {
        document.id: document
        for strategy in portfolio.strategies
        for document in strategy.documents
    }
    return "; ".join(
        loc.title(documents[plan].title, plan) if plan in documents else plan
        for plan in initiative.plans
    )


def plan_actions(
    loc: Localizer, document: StrategyDocument, initiatives: Iterable[Initiative]
) -> str:
    """Name the initiatives among ``initiatives`` that ``document`` lists as actions."""
    return "; ".join(
        initiative_title(loc, initiative)
        for initiative in initiatives
        if document.id in initiative.plans
    )


def recurrence_text(loc: Localizer, recurrence: Recurrence) -> str:
    """Say how often something recurs: "every year", "every 2 years, 2010–2020"."""
    text = (
        loc._("every year")
        if recurrence.every == 1
        else loc._("every {n} years").format(n=loc.number(recurrence.every))
    )
    own = loc.period(recurrence.period)
    return f"{text}, {own}" if own else text


def initiative_period(
    loc: Localizer, initiative: Initiative, within: Period | None = None
) -> str:
    """Write when an initiative runs, and how often it recurs.

    With ``within`` (a report's period), a recurring initiative also names
    its occurrences in it: "2010–2020, every 2 years (in 2012: May 2012)".
    "not given" where neither period nor recurrence says.
    """
    if not initiative.has_period:
        return loc._("not given")
    text = loc.period(initiative.period)
    recurrence = initiative.recurrence
    if recurrence is None:
        return text
    text = ", ".join(t for t in (text, recurrence_text(loc, recurrence)) if t)
    if within is not None:
        dates = initiative.occurrences_in(within)
        shown = "; ".join(loc.date(d) for d in dates) or loc._("none")
        text += (
            " ("
            + loc._("in {period}: {dates}").format(
                period=loc.period(within), dates=shown
            )
            + ")"
        )
    return text


def municipality_name(portfolio: Portfolio, loc: Localizer) -> str:
    """Return the name of the portfolio's municipality in the report language."""
    municipality = portfolio.municipality
    return loc.name(municipality.name, municipality.id)


def measured(
    loc: Localizer, value: Decimal, unit: str | None, currency: str | None
) -> str:
    """Write a measured value: an amount in its currency, or a number and unit."""
    if currency:
        return loc.amount(value, currency)
    number = loc.number(value)
    return f"{number} {unit}" if unit else number


def indicator_text(loc: Localizer, indicator: Indicator, item: str) -> str:
    """An indicator's name with its baseline, target and actual, where given.

    "Funds raised (baseline 0 kr.; target 2.000.000,00 kr.)": an indicator
    measured in money gives its values in its currency.
    """
    name = loc.text(indicator.name, item, loc._("Indicator"))
    parts = []
    for label, measurement in (
        (loc._("baseline"), indicator.baseline),
        (loc._("target"), indicator.target),
        (loc._("actual"), indicator.actual),
    ):
        if measurement is not None and measurement.value is not None:
            value = measured(loc, measurement.value, indicator.unit, indicator.currency)
            parts.append(f"{label} {value}")
    if not parts:
        return name
    return f"{name} ({'; '.join(parts)})" if name else "; ".join(parts)


def goal_text(loc: Localizer, goal: Goal, item: str) -> str:
    """A goal's statement with its indicators and their values, where it has any."""
    text = loc.text(goal.statement, item, loc._("Goal")) or goal.id
    indicators = [indicator_text(loc, i, item) for i in goal.indicators]
    if any(indicators):
        names = "; ".join(i for i in indicators if i)
        text += " (" + loc._("indicators: {names}").format(names=literal(names)) + ")"
    return text


def figure_row(loc: Localizer, figure: Figure, item: str) -> tuple[str, str, str]:
    """A context figure as a table row: what, how much, when."""
    return (
        loc.text(figure.name, item, loc._("Figure")),
        measured(loc, figure.value, figure.unit, figure.currency),
        loc.date(figure.date),
    )


def document_in_brief(
    portfolio: Portfolio, loc: Localizer, document: StrategyDocument
) -> str:
    """A strategy document in one line: title, kind, period, themes it implements."""
    title = marked(loc, loc.title(document.title, document.id), document.illustrative)
    details = [loc.code("document-kind", document.kind)]
    if document.period is not None:
        details.append(loc.period(document.period))
    themes = [
        theme_title(loc, theme) if (theme := portfolio.theme(theme_id)) else theme_id
        for theme_id in document.implements
    ]
    if themes:
        details.append(loc._("implements {themes}").format(themes="; ".join(themes)))
    return f"{title} ({', '.join(d for d in details if d)})"


def theme_title(loc: Localizer, theme: Theme) -> str:
    """Return a theme's title, led by its label where it has one ("Spor 1: ...")."""
    title = loc.title(theme.title, theme.id)
    label = loc.text(theme.label, title, loc._("Label"))
    return f"{label[:1].upper()}{label[1:]}: {title}" if label else title


def _without_full_stop(text: str) -> str:
    """Drop a sentence's full stop, so the text can be followed by more."""
    text = text.rstrip()
    if re.search(r"(\)|\w\w\w)\.$", text) and not text.endswith(".."):
        return text[:-1]
    return text


def _with_details(name: str, details: Sequence[str]) -> str:
    """Add ``details`` in brackets, inside a bracket the name ends with."""
    joined = ", ".join(d for d in details if d)
    if not joined:
        return name
    if name.endswith(")"):
        return f"{name[:-1]}; {joined})"
    return f"{name} ({joined})"


#: The roles as running text writes them, after a partner's name: "Weiz
#: (lead, implementing)", German "(federführend, durchführend)" -- lower
#: case, except for the nouns of a language that writes nouns with a
#: capital ("Partner", "Mitglied").  The codelist's labels are written as
#: labels, with a capital ("Implementing"), for tables and headings.
ROLE_WORDS: dict[str, str] = {
    "funding": N_("funding"),
    "accountable": N_("accountable"),
    "extending": N_("extending"),
    "implementing": N_("implementing"),
    "partner": N_("partner"),
    "associated": N_("associated partner"),
    "member": N_("member"),
    "host": N_("host"),
}


def role_word(loc: Localizer, role: str | None) -> str:
    """Say a partner's role as running text does ("implementing").

    A role of the built-in list has its running-text word in the catalogs;
    a municipality's own role keeps its label, its first letter made lower
    case unless the words are German (whose labels may be nouns).
    """
    if not role:
        return loc._("role not given")
    word = ROLE_WORDS.get(role)
    if word is not None:
        return loc._(word)
    label = loc.code("organisation-role", role)
    if loc.catalog_language == "de" or label[1:2].isupper():
        return label  # a German noun, or an abbreviation such as "EU"
    return label[:1].lower() + label[1:]


def partners(
    portfolio: Portfolio, loc: Localizer, initiative: Initiative, request: ReportRequest
) -> list[str]:
    """List the partners: named parties with their role, counts of unnamed ones.

    A role that is not given is said to be so.  Internal organisations are
    left out of public reports.
    """
    out: list[str] = []
    for participation in initiative.participations:
        if participation.organisation is not None:
            actor = portfolio.actor(participation.organisation)
            if actor is not None and not is_visible(actor, request):
                continue
            name = party_name(portfolio, loc, participation.organisation)
        else:
            description = _without_full_stop(
                loc.text(
                    participation.description,
                    item=initiative_title(loc, initiative),
                    field=loc._("Partners"),
                )
            )
            count = loc.number(participation.count or 0)
            # "9 other municipalities" already says how many.
            name = (
                description
                if str(participation.count) in description
                else (f"{count} {description}".strip())
            )
        role = role_word(loc, participation.role)
        details = [loc._("lead"), role] if participation.lead else [role]
        out.append(_with_details(name, details))
    return out


def funding_lines(
    portfolio: Portfolio,
    loc: Localizer,
    initiative: Initiative,
    lines: Iterable[FundingLine] | None = None,
) -> list[str]:
    """Describe each funding line: amount, funder or programme, phase, period.

    ``lines`` are the lines to describe (default: all the initiative's).  A
    programme named like its funder (Nordic Innovation's own programme) is
    not named twice.
    """
    out: list[str] = []
    for line in initiative.funding if lines is None else lines:
        funder = party_name(portfolio, loc, line.funder) if line.funder else ""
        programme = loc.code("funding-programme", line.programme)
        if line.programme is not None and (
            line.programme == line.funder or programme.casefold() == funder.casefold()
        ):
            programme = ""
        parts = [
            funder,
            programme,
            loc._("phase {phase}").format(phase=line.phase) if line.phase else "",
            loc.period(line.period),
        ]
        source = ", ".join(dict.fromkeys(p for p in parts if p))
        amount = loc.money(line.amount) if line.amount else loc._("amount not given")
        out.append(f"{amount} ({source})" if source else amount)
    return out


def amounts_of(
    initiatives: Iterable[Initiative], period: Period | None = None
) -> list[Money]:
    """Collect the amounts on the initiatives' funding lines.

    With ``period``, only the lines that run in it count (see
    :meth:`~munintl.model.Initiative.funding_in`).
    """
    return [
        line.amount
        for initiative in initiatives
        for line in (
            initiative.funding if period is None else initiative.funding_in(period)
        )
        if line.amount is not None
    ]


def event_date(loc: Localizer, event: PartnershipEvent) -> str:
    """Write when a partnership event happened, or that it is not known.

    Dates other sources give follow the preferred one, each with the
    sources that give it: "1993 (other sources: 1994 – Town chronicle)".
    """
    when = loc.date(event.date) or loc._("date not known")
    others = []
    for claim in event.other_dates:
        names = ", ".join(source.title for source in claim.sources)
        date = loc.date(claim.date)
        others.append(f"{date} \u2013 {names}" if names else date)
    if others:
        when += (
            " (" + loc._("other sources: {dates}").format(dates="; ".join(others)) + ")"
        )
    return when


def event_what(
    portfolio: Portfolio,
    loc: Localizer,
    event: PartnershipEvent,
    *,
    carried_on: bool = True,
) -> str:
    """Write what happened: the event's kind and what it leads to.

    A ``kind-changed`` event names the new kind, a replacement the agreement
    that replaced it, an event that says its own status that status, and
    (with ``carried_on``) a transfer or hand-over the actor that carries the
    relationship on.
    """
    _ = loc._
    text = loc.code("partnership-event", event.kind)
    details = []
    if event.recurrence is not None:
        details.append(recurrence_text(loc, event.recurrence))
    if event.new_kind:
        details.append(
            _("now {kind}").format(kind=loc.code("partnership-kind", event.new_kind))
        )
    if event.status:
        details.append(loc.code("partnership-status", event.status))
    if event.transferred_to and carried_on:
        details.append(
            _("carried on by {party}").format(
                party=party_name(portfolio, loc, event.transferred_to)
            )
        )
    if event.replaced_by:
        replacement = portfolio.partnership(event.replaced_by)
        name = (
            loc.title(replacement.title, replacement.id)
            if replacement is not None
            else event.replaced_by
        )
        details.append(_("replaced by {partnership}").format(partnership=name))
    return _with_details(text, details)


def partnership_status(
    portfolio: Portfolio, loc: Localizer, partnership: Partnership, day: dt.date
) -> str:
    """Write each party's status on ``day``: "Skanderborg: active; ..."."""
    parts = []
    for party, status in partnership.status_on(day).items():
        label = loc.code("partnership-status", status) if status else loc._("no status")
        parts.append(f"{party_name(portfolio, loc, party)}: {label}")
    return "; ".join(parts)


def partnership_since(
    portfolio: Portfolio, loc: Localizer, partnership: Partnership, day: dt.date
) -> str:
    """Write when the relationship was established, as of ``day``.

    That is the date of the first event that made a party active (a
    signature), not of a proposal before it; one date when the parties
    agree, else each party's.  A party never active by ``day`` is "not
    established"; a partnership with no events at all, "not known".
    """
    _ = loc._
    since = partnership.established(day)
    happened = partnership.events_by(day)
    if not happened:
        return _("not known")
    joined = {
        party
        for event in happened
        if event.leads_to() == "active"
        for party in ([event.party] if event.party else since)
    }

    def when(party: str, date: PartialDate | None) -> str:
        if date is not None:
            return loc.date(date)
        # Established by an event whose date is not known, or not at all.
        return _("date not known") if party in joined else _("not established")

    texts = {party: when(party, date) for party, date in since.items()}
    if len(set(texts.values())) == 1:
        return next(iter(texts.values()))
    return "; ".join(
        f"{party_name(portfolio, loc, party)}: {text}" for party, text in texts.items()
    )


def partnership_end(
    partnership: Partnership, day: dt.date | None = None
) -> PartialDate | None:
    """Return when every party had left the partnership, if known.

    A party leaves by an event that leads to one of
    :data:`~munintl.model.LEFT_STATUSES` (ended, relinquished, transferred,
    handed over, replaced).  Only events by ``day`` count (every event if
    not given): a report for 2011 does not show an end in 2023.  None while
    a party remains, or when the date a party left is not known.
    """
    from munintl.model import LEFT_STATUSES

    last: dict[str, PartialDate | None] = {}
    status: dict[str, str | None] = dict.fromkeys(partnership.party_ids())
    for event in partnership.events_by(day or dt.date.max):
        new = event.leads_to()
        if new is None:
            continue
        for party in [event.party] if event.party else list(status):
            status[party] = new
            last[party] = event.date
    if not status or not all(s in LEFT_STATUSES for s in status.values()):
        return None
    dates = list(last.values())
    if any(date is None for date in dates):
        return None
    return max((d for d in dates if d is not None), key=lambda d: d.sort_key())
