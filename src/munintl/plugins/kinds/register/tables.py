"""The register's tables beside its main one, each a sheet of its own.

What the model says about the strategy documents in force, who decides on
partnerships, the partnerships' histories, indicators, partner
organisations and the municipality's own figures -- in typed cells like
the main table: dates as they are written in the data (``2010``,
``before 1990``, ``early 1990s``), amounts and values as decimals with
their currency in a column of its own, so a spreadsheet can sort and
filter them.  Each function returns None when there is nothing to list.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from typing import TYPE_CHECKING

from munintl.model import (
    DateClaim,
    FollowUp,
    Indicator,
    Initiative,
    Measurement,
    PartialDate,
    Partnership,
    Period,
    Portfolio,
    Strategy,
    StrategyDocument,
)
from munintl.reports.building.blocks import fact
from munintl.reports.building.describe import (
    body_name,
    body_names,
    event_date,
    event_what,
    initiative_title,
    marked,
    municipality_name,
    party_name,
    plan_actions,
    recurrence_text,
    subject_title,
    theme_title,
)
from munintl.reports.building.localize import Localizer
from munintl.reports.building.scope import is_visible
from munintl.reports.building.sections import about_municipality
from munintl.reports.document import Block, Cell, ListBlock, Table

if TYPE_CHECKING:
    from munintl.reports.request import ReportRequest


def _iso(value: PartialDate | None) -> str | None:
    return str(value) if value is not None else None


def _joined(texts: Sequence[str]) -> str | None:
    return "; ".join(t for t in texts if t) or None


def _codes(codes: dict[str, str]) -> str | None:
    """Codes or identifiers as ``scheme: value`` pairs, sorted by scheme."""
    return _joined([f"{scheme}: {codes[scheme]}" for scheme in sorted(codes)])


def date_claims(loc: Localizer, claims: Sequence[DateClaim]) -> str | None:
    """Write the dates other sources give, each with its sources.

    "1994 (Source: Chronicle of the twinning association)".
    """
    texts = []
    for claim in claims:
        text = str(claim.date)
        names = [s.title + (f" <{s.url}>" if s.url else "") for s in claim.sources]
        note = loc.text(claim.note)
        details = [*names, note] if note else names
        if details:
            text += " (" + "; ".join(details) + ")"
        texts.append(text)
    return _joined(texts)


def documents_table(
    portfolio: Portfolio,
    loc: Localizer,
    strategies: Sequence[Strategy],
    when: Period,
    request: ReportRequest,
    *,
    initiatives: Sequence[Initiative] = (),
) -> Table | None:
    """List the strategies in force and their documents in force ``when``.

    One row per strategy, then one per document of it in force, with the
    period each is valid for, the themes an action plan implements and the
    initiatives among ``initiatives`` it lists as its actions.
    """
    _ = loc._
    rows: list[tuple[Cell, ...]] = []

    def themes(ids: tuple[str, ...]) -> str | None:
        named = [
            theme_title(loc, theme) if (theme := portfolio.theme(i)) else i for i in ids
        ]
        return _joined(named)

    for strategy in strategies:
        title = loc.title(strategy.title, strategy.id)
        adoption = strategy.adoption
        rows.append(
            (
                strategy.id,
                title,
                _("Strategy"),
                None,
                loc.code("strategy-status", strategy.status),
                None,
                body_name(portfolio, loc, adoption.body if adoption else None) or None,
                _iso(adoption.date if adoption else None),
                _iso(strategy.period.start if strategy.period else None),
                _iso(strategy.period.end if strategy.period else None),
                None,
                " ".join(link.url for link in strategy.links) or None,
                None,
                loc.yes_no(strategy.illustrative),
            )
        )
        documents: list[StrategyDocument] = [
            d for d in strategy.documents if is_visible(d, request) and d.in_force(when)
        ]
        for document in documents:
            adoption = document.adoption
            rows.append(
                (
                    document.id,
                    loc.title(document.title, document.id),
                    loc.code("document-kind", document.kind),
                    title,
                    None,
                    body_name(portfolio, loc, document.issuer) or None,
                    body_name(portfolio, loc, adoption.body if adoption else None)
                    or None,
                    _iso(adoption.date if adoption else None),
                    _iso(document.period.start if document.period else None),
                    _iso(document.period.end if document.period else None),
                    themes(document.implements),
                    document.url,
                    plan_actions(loc, document, initiatives) or None,
                    loc.yes_no(document.illustrative),
                )
            )
    if not rows:
        return None
    return Table(
        title=_("Documents in force"),
        columns=(
            _("ID"),
            _("Document"),
            _("Kind"),
            _("Part of"),
            _("Status"),
            _("Issued by"),
            _("Adopted by"),
            _("Adopted"),
            _("Valid from"),
            _("Valid until"),
            _("Implements"),
            _("Links"),
            _("Actions"),
            _("Illustrative"),
        ),
        rows=tuple(rows),
    )


def decision_rights_table(
    portfolio: Portfolio, loc: Localizer, strategies: Sequence[Strategy]
) -> Table | None:
    """List, per kind of partnership, the bodies that decide on it."""
    _ = loc._
    rows = [
        (
            loc.code("partnership-kind", right.partnership_kind),
            body_names(portfolio, loc, right.bodies),
            loc.title(strategy.title, strategy.id),
            loc.text(right.note) or None,
        )
        for strategy in strategies
        for right in strategy.decision_rights
    ]
    if not rows:
        return None
    return Table(
        title=_("Who decides on partnerships"),
        columns=(_("Kind"), _("Decided by"), _("Strategy"), _("Note")),
        rows=tuple(rows),
    )


def history_table(
    portfolio: Portfolio,
    loc: Localizer,
    partnerships: Sequence[Partnership],
    day: dt.date,
    request: ReportRequest,
) -> Table | None:
    """List every visible event of ``partnerships`` up to ``day``, oldest first.

    The date as written in the data (empty when not known) beside the date
    in words; what the event leads to; the dates other sources give, each
    with its sources; how often a recurring event recurs.
    """
    _ = loc._
    rows: list[tuple[Cell, ...]] = []
    for partnership in partnerships:
        title = loc.title(partnership.title, partnership.id)
        for event, _by in partnership.history():
            if not is_visible(event, request) or event.first_day > day:
                continue
            rows.append(
                (
                    partnership.id,
                    title,
                    _iso(event.date),
                    event_date(loc, event),
                    marked(loc, event_what(portfolio, loc, event), event.illustrative),
                    party_name(portfolio, loc, event.party)
                    if event.party
                    else _("all parties"),
                    body_name(portfolio, loc, event.decided_by) or None,
                    event.reference,
                    recurrence_text(loc, event.recurrence)
                    if event.recurrence
                    else None,
                    date_claims(loc, event.other_dates),
                    _joined([s.title for s in event.sources]),
                    loc.text(event.note, title, _("Note")) or None,
                )
            )
    if not rows:
        return None
    return Table(
        title=_("Partnership histories"),
        columns=(
            _("Partnership ID"),
            _("Partnership"),
            _("Date"),
            _("When"),
            _("Event"),
            _("Party"),
            _("Decided by"),
            _("Reference"),
            _("Recurrence"),
            _("Other dates given"),
            _("Sources"),
            _("Note"),
        ),
        rows=tuple(rows),
    )


def _measurement(measurement: Measurement | None, loc: Localizer) -> tuple[Cell, Cell]:
    """A measurement's value (a decimal, else its text) and its date."""
    if measurement is None:
        return None, None
    value: Cell = measurement.value
    if value is None:
        value = loc.text(measurement.text) or None
    return value, _iso(measurement.date)


def indicators_table(
    loc: Localizer,
    strategies: Sequence[Strategy],
    initiatives: Sequence[Initiative],
    request: ReportRequest,
) -> Table | None:
    """List the indicators of the goals in force and of the initiatives' results.

    Values are decimals; an indicator measured in money names its currency
    in a column of its own (never summed across currencies), one counted
    in something else its unit.
    """
    _ = loc._
    found: list[tuple[str, str, str, Indicator]] = []
    for strategy in strategies:
        for theme, goal in strategy.all_goals():
            if not (is_visible(theme, request) and is_visible(goal, request)):
                continue
            statement = loc.text(goal.statement, theme_title(loc, theme), _("Goal"))
            for indicator in goal.indicators:
                found.append((_("Goal"), goal.id, statement or goal.id, indicator))
    for initiative in initiatives:
        name = initiative_title(loc, initiative)
        for result in initiative.results:
            if result.indicator is not None:
                title = loc.text(result.title, name, _("Result"))
                found.append(
                    (_("Result"), initiative.id, f"{name}: {title}", result.indicator)
                )
    if not found:
        return None
    rows = []
    for kind, item_id, item, indicator in found:
        rows.append(
            (
                kind,
                item_id,
                item,
                loc.text(indicator.name, item, _("Indicator")),
                indicator.unit,
                indicator.currency,
                *_measurement(indicator.baseline, loc),
                *_measurement(indicator.target, loc),
                *_measurement(indicator.actual, loc),
            )
        )
    return Table(
        title=_("Indicators"),
        columns=(
            _("Indicator of"),
            _("ID"),
            _("Goal or result"),
            _("Indicator"),
            _("Unit"),
            _("Currency"),
            _("Baseline"),
            _("Baseline as of"),
            _("Target"),
            _("Target as of"),
            _("Actual"),
            _("Actual as of"),
        ),
        rows=tuple(rows),
    )


def organisations_table(
    portfolio: Portfolio, loc: Localizer, request: ReportRequest
) -> Table | None:
    """List the partner organisations with their identifiers and former names.

    The shared identifiers (Wikidata, ISO 3166-2, NUTS, LAU, national
    codes) let two portfolios' records about each other be matched; a
    partner whose name is not known says so.
    """
    _ = loc._
    rows = []
    for organisation in portfolio.organisations:
        if not is_visible(organisation, request):
            continue
        former = [
            loc.name(old.name, organisation.id)
            + (f" ({_('until {date}').format(date=old.until)})" if old.until else "")
            for old in organisation.former_names
        ]
        rows.append(
            (
                organisation.id,
                party_name(portfolio, loc, organisation.id),
                loc.code("organisation-type", organisation.type),
                organisation.country,
                _codes(organisation.identifiers),
                _joined(former),
                party_name(portfolio, loc, organisation.successor) or None,
                organisation.website,
                loc.yes_no(organisation.illustrative),
            )
        )
    if not rows:
        return None
    return Table(
        title=_("Organisations"),
        columns=(
            _("ID"),
            _("Name"),
            _("Type"),
            _("Country"),
            _("Identifiers"),
            _("Former names"),
            _("Successor"),
            _("Website"),
            _("Illustrative"),
        ),
        rows=tuple(rows),
    )


def municipality_blocks(portfolio: Portfolio, loc: Localizer) -> list[Block]:
    """The municipality's description, codes and context figures, typed.

    Each figure's value is a decimal with its unit, or its currency when
    it is money, and the date it was counted.
    """
    _ = loc._
    municipality = portfolio.municipality
    name = municipality_name(portfolio, loc)
    codes = _codes(municipality.codes)
    figures = Table(
        title=_("{municipality} in figures").format(municipality=name),
        columns=(
            _("Figure"),
            _("Value"),
            _("Unit"),
            _("Currency"),
            _("As of"),
            _("Note"),
        ),
        rows=tuple(
            (
                loc.text(f.name, name, _("Figure")),
                f.value,
                f.unit,
                f.currency,
                _iso(f.date),
                loc.text(f.note, name, _("Note")) or None,
            )
            for f in municipality.figures
        ),
    )
    return about_municipality(
        portfolio,
        loc,
        ListBlock(items=(fact(_("Codes"), codes),)) if codes else None,
        figures if municipality.figures else None,
    )


def followups_in(portfolio: Portfolio, request: ReportRequest) -> list[FollowUp]:
    """The visible follow-ups, with a period only those that fall in it.

    A follow-up covering no fixed period falls in the request's period when
    its own date (:attr:`~munintl.model.FollowUp.as_of`) does, or when it
    has none.
    """
    found = []
    for followup in portfolio.followups:
        if not is_visible(followup, request):
            continue
        period = request.period
        if period is not None:
            own = followup.period or (
                Period(start=followup.as_of, end=followup.as_of)
                if followup.as_of
                else None
            )
            if own is not None and not own.overlaps(period):
                continue
        found.append(followup)
    return found


def followup_tables(
    portfolio: Portfolio, loc: Localizer, followups: Sequence[FollowUp]
) -> list[Table]:
    """Tabulate the follow-ups, then every decision taken on them.

    A follow-up that covers no fixed period says so; a decision by a body
    that only recommends names the body it recommends to.
    """
    _ = loc._
    if not followups:
        return []
    rows: list[tuple[Cell, ...]] = []
    decisions: list[tuple[Cell, ...]] = []
    for followup in followups:
        title = loc.title(followup.title, followup.id)
        rows.append(
            (
                followup.id,
                title,
                loc.code("follow-up-kind", followup.kind),
                str(followup.period) if followup.period else _("no fixed period"),
                _iso(followup.as_of),
                body_name(portfolio, loc, followup.addressee),
                body_names(portfolio, loc, followup.prepared_by) or None,
                loc.code("follow-up-state", followup.state),
                _iso(followup.submitted),
                followup.revises,
                len(followup.subjects),
                loc.yes_no(followup.illustrative),
            )
        )
        for decision in followup.decisions:
            decisions.append(
                (
                    followup.id,
                    body_name(portfolio, loc, decision.body),
                    _iso(decision.date),
                    loc.code("decision-outcome", decision.outcome),
                    body_name(portfolio, loc, decision.recommended_to) or None,
                    _joined(
                        [subject_title(portfolio, loc, s) for s in decision.subjects]
                    ),
                    decision.reference,
                    loc.yes_no(decision.illustrative),
                )
            )
    tables = [
        Table(
            title=_("Follow-ups"),
            columns=(
                _("ID"),
                _("Title"),
                _("Kind"),
                _("Period"),
                _("As of"),
                _("Addressed to"),
                _("Prepared by"),
                _("State"),
                _("Submitted"),
                _("Corrects"),
                _("Subjects"),
                _("Illustrative"),
            ),
            rows=tuple(rows),
        )
    ]
    if decisions:
        tables.append(
            Table(
                title=_("Decisions"),
                columns=(
                    _("Follow-up ID"),
                    _("Body"),
                    _("Date"),
                    _("Outcome"),
                    _("Recommended to"),
                    _("Concerns"),
                    _("Reference"),
                    _("Illustrative"),
                ),
                rows=tuple(decisions),
            )
        )
    return tables
