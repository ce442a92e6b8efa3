"""Built-in rules on partnership histories: what each event says it leads to.

The event vocabulary is open: each built-in kind leads to a status (the
``status`` mapping of the ``partnership-event`` codelist, from
:data:`munintl.model.STATUS_AFTER_EVENT`), and an event of a kind a
municipality adds says its status itself.  These rules check that the
fields an event kind needs are there and that the others are not.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator

from munintl.errors import Finding
from munintl.hooks import hookimpl
from munintl.hooks.records import Rule, RuleContext
from munintl.i18n import N_, _
from munintl.model import (
    KIND_CHANGE,
    STATUS_AFTER_EVENT,
    PartnershipEvent,
    Portfolio,
)


def _event_path(partnership: str, position: int, field: str) -> str:
    return f"partnerships[{partnership}].events[{position}].{field}"


def _field_problems(
    partnership: str, position: int, event: PartnershipEvent
) -> Iterator[tuple[str, str]]:
    """Yield (field, message) for each field the event's kind contradicts."""
    if event.kind == KIND_CHANGE and not event.new_kind:
        yield (
            "new_kind",
            _(
                "a kind-changed event needs new_kind: the kind the partnership became"
                " (e.g. partner-city)"
            ),
        )
    if event.new_kind and event.kind != KIND_CHANGE:
        yield (
            "new_kind",
            _(
                "only a kind-changed event gives new_kind; change the kind to"
                " kind-changed or remove new_kind"
            ),
        )
    if event.replaced_by and event.kind != "replaced":
        yield (
            "replaced_by",
            _(
                "only a replaced event names the agreement that replaced it; change"
                " the kind to replaced or remove replaced_by"
            ),
        )
    if event.replaced_by == partnership:
        yield "replaced_by", _("a partnership cannot be replaced by itself")
    builtin = STATUS_AFTER_EVENT.get(event.kind)
    if event.status and builtin and event.status != builtin:
        yield (
            "status",
            _(
                "a {kind} event leads to {builtin}, not {status}; remove status or"
                " choose the event kind that leads to {status}"
            ).format(kind=event.kind, builtin=builtin, status=event.status),
        )


def check_event_fields(portfolio: Portfolio, context: RuleContext) -> Iterator[Finding]:
    """Find event fields their kind contradicts or lacks.

    A ``kind-changed`` event needs ``new_kind`` and only it may have one;
    only a ``replaced`` event names ``replaced_by`` (not the partnership
    itself); an explicit ``status`` must agree with the status a built-in
    kind leads to.
    """
    for partnership in portfolio.partnerships:
        for position, event in enumerate(partnership.events):
            for field, message in _field_problems(partnership.id, position, event):
                yield context.finding(
                    message, _event_path(partnership.id, position, field)
                )


def check_event_status_given(
    portfolio: Portfolio, context: RuleContext
) -> Iterator[Finding]:
    """Find events of a kind munintl does not know that say no status.

    Such an event leaves every status unchanged.  Where a plugin's
    ``partnership-event`` codelist maps the kind to a status, the message
    names it.
    """
    codelist = context.codelists.get("partnership-event")
    mappings = codelist.mappings if codelist is not None else {}
    known = {*STATUS_AFTER_EVENT, KIND_CHANGE, "reviewed", "noted"}
    for partnership in portfolio.partnerships:
        for position, event in enumerate(partnership.events):
            if event.kind in known or event.status:
                continue
            suggested = mappings.get(event.kind, {}).get("status")
            advice = (
                _("its codelist says it leads to {status}; write status: {status}")
                if suggested
                else _("write the status it leads to under status, or leave it")
            ).format(status=suggested)
            yield context.finding(
                _(
                    "the event kind {kind!r} leaves the status unchanged, as munintl"
                    " does not know what it leads to; {advice}"
                ).format(kind=event.kind, advice=advice),
                _event_path(partnership.id, position, "kind"),
            )


#: Decision outcomes that decide on a relationship itself (not a note taken).
DECIDING_OUTCOMES: frozenset[str] = frozenset({"retain", "relinquish", "renew", "end"})


def _allowed(
    portfolio: Portfolio, kind: str, day: dt.date | None, body: str
) -> tuple[str, ...] | None:
    """The bodies that may decide if ``body`` is not among them, else None."""
    bodies = portfolio.deciding_bodies(kind, day)
    if bodies is None or body in bodies:
        return None
    return bodies


def _not_allowed(body: str, kind: str, bodies: tuple[str, ...]) -> str:
    names = ", ".join(repr(b) for b in bodies) or _("no body")
    return _(
        "{body!r} decided on a {kind} relationship, but the strategy says"
        " decisions on it are taken by {bodies}; correct decided_by or the"
        " strategy's decision_rights"
    ).format(body=body, kind=kind, bodies=names)


def check_deciding_bodies(
    portfolio: Portfolio, context: RuleContext
) -> Iterator[Finding]:
    """Find decisions on a relationship taken by a body not allowed to take them.

    The strategy in force says once which bodies decide on each kind of
    relationship (``decision_rights``).  Checked: partnership events with
    ``decided_by`` (against the kind just before the event: the decision to
    turn a twin town into a partner city is the twin towns' body's), and
    follow-up decisions that retain, relinquish, renew or end a partnership
    (a recommendation by the body it is ``recommended_to``, as that body
    would take the decision).
    """
    for partnership in portfolio.partnerships:
        for position, event in enumerate(partnership.events):
            if event.decided_by is None:
                continue
            known = event.date is not None and not event.date.is_bounded
            day = event.last_day if known else None
            before = (
                event.first_day - dt.timedelta(days=1)
                if known and event.first_day > dt.date.min
                else None
            )
            kind = partnership.kind_on(before) if before else partnership.kind
            bodies = _allowed(portfolio, kind, day, event.decided_by)
            if bodies is not None:
                yield context.finding(
                    _not_allowed(event.decided_by, kind, bodies),
                    _event_path(partnership.id, position, "decided_by"),
                )
    for followup in portfolio.followups:
        for position, decision in enumerate(followup.decisions):
            if decision.outcome not in DECIDING_OUTCOMES:
                continue
            for subject in decision.subjects:
                found = (
                    portfolio.partnership(subject.id)
                    if subject.kind == "partnership"
                    else None
                )
                if found is None:
                    continue
                day = decision.date.last_day
                kind = found.kind_on(day)
                # A recommendation is judged by the body it goes to.
                deciding = decision.recommended_to or decision.body
                field = "recommended_to" if decision.recommended_to else "body"
                bodies = _allowed(portfolio, kind, day, deciding)
                if bodies is not None:
                    yield context.finding(
                        _not_allowed(deciding, kind, bodies),
                        f"followups[{followup.id}].decisions[{position}].{field}",
                    )


@hookimpl
def munintl_rules() -> tuple[Rule, ...]:
    """Register the rules on partnership histories."""
    return (
        Rule(
            name="partnership-event-fields",
            severity="error",
            description=N_("A partnership event has fields its kind contradicts."),
            check=check_event_fields,
        ),
        Rule(
            name="decision-by-body-not-allowed",
            severity="error",
            description=N_(
                "A body decided on a relationship the strategy gives another."
            ),
            check=check_deciding_bodies,
        ),
        Rule(
            name="partnership-event-status-not-given",
            severity="warning",
            description=N_("An event of an added kind does not say its status."),
            check=check_event_status_given,
        ),
    )
