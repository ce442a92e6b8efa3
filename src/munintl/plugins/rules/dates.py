"""Built-in rules on dates and time: periods, histories and frozen follow-ups.

Every date comparison reads a partial date as the interval it covers, so
"2011" and "2011-05-03" are never out of order and an initiative running
"2010-2012" is active in the follow-up period "2011".  Reports read every
status as of a date, so the facts they read it from are checked here too:
an initiative's period and status and a partner's role are never guessed
when left out (warnings say so), and an agreement past its expiry needs a
renewal or a decision.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from itertools import chain
from operator import attrgetter

from munintl.errors import Finding
from munintl.hooks import hookimpl
from munintl.hooks.records import Rule, RuleContext
from munintl.i18n import N_, _, ngettext
from munintl.model import FollowUp, PartialDate, Period, Portfolio, SubjectRef
from munintl.plugins.rules._walk import index, passes
from munintl.wire.paths import place


def _period(period: Period | None) -> str:
    return str(period) if period is not None else _("open-ended")


def check_end_before_start(
    portfolio: Portfolio, context: RuleContext
) -> Iterator[Finding]:
    """Find periods, anywhere in the portfolio, that end before they start.

    Only an end wholly before the start counts: ``2011``-``2011-03`` is fine.
    """
    walk = index(portfolio)
    if passes(lambda: not walk.columns.has_reversed_period):
        return
    for found in walk.values(Period):
        period = found.value
        if period.is_reversed:
            yield context.finding(
                _(
                    "the period ends ({end}) before it starts ({start}); swap the"
                    " dates or correct the one that is wrong"
                ).format(end=period.end, start=period.start),
                place(found.path, "end"),
            )


def _update_path(followup: str, subject: SubjectRef) -> str:
    # Built only for a finding: most updates need no path at all.
    return f"followups[{followup}].updates[{subject}].subject"


def check_update_subjects_active(
    portfolio: Portfolio, context: RuleContext
) -> Iterator[Finding]:
    """Find status updates on initiatives or partnerships not active in the period.

    An initiative is active when its period overlaps the follow-up's; one
    whose period is not given is left to ``initiative-period-not-given`` (the
    update says it ran).  A partnership is active when its history shows a
    party active at some time in the period.  Updates on missing subjects are
    left to ``dangling-reference``; themes and goals have no period.  A
    follow-up that covers no fixed period (an ad-hoc review) may look at any
    subject, running or ended: its updates are not checked.
    """
    if passes(lambda: _updates_fit(portfolio)):
        return
    active_partnerships: dict[Period, frozenset[str]] = {}
    for followup in portfolio.followups:
        period = followup.period
        if period is None:
            continue
        days = period.bounds()  # worked out once for all the updates
        for update in followup.updates:
            subject = update.subject
            if subject.kind == "initiative":
                initiative = portfolio.initiative(subject.id)
                if (
                    initiative is not None
                    and initiative.has_period
                    and not initiative.is_active_on(period, days)
                ):
                    yield context.finding(
                        _(
                            "initiative {id!r} ran {ran}, outside this follow-up's"
                            " period {period}; remove the update or correct the"
                            " initiative's period"
                        ).format(
                            id=subject.id,
                            ran=_period(initiative.period),
                            period=period,
                        ),
                        _update_path(followup.id, subject),
                    )
            elif subject.kind == "partnership":
                if portfolio.partnership(subject.id) is None:
                    continue
                if period not in active_partnerships:
                    active_partnerships[period] = frozenset(
                        p.id for p in portfolio.partnerships_active_in(period)
                    )
                if subject.id not in active_partnerships[period]:
                    yield context.finding(
                        _(
                            "partnership {id!r} was not active in {period} according"
                            " to its events; remove the update or add the missing"
                            " event (for example signed or renewed)"
                        ).format(id=subject.id, period=period),
                        _update_path(followup.id, subject),
                    )


_subject_of = attrgetter("subject")
_participations_of = attrgetter("participations")
_role_of = attrgetter("role")
_kind_of = attrgetter("kind")
_id_of = attrgetter("id")
_period_of = attrgetter("period")
_recurrence_of = attrgetter("recurrence")
_start_of = attrgetter("start")
_end_of = attrgetter("end")


def _updates_fit(portfolio: Portfolio) -> bool:
    """Tell cheaply that no update is on an initiative outside its follow-up's period.

    Updates on partnerships or recurring initiatives, reversed periods and
    follow-ups with a reversed period are left to the thorough check
    (False).  Otherwise an initiative is active in the follow-up's days
    ``first``-``last`` when its start's first day is not after ``last`` and
    its end's last day not before ``first``: each distinct start and end
    (by identity: a decoded portfolio shares equal dates) is judged once,
    the rest done in C.
    """
    if index(portfolio).columns.has_reversed_period:
        return False
    # By id, the first of two with one id winning (as Portfolio.initiative).
    first = portfolio.initiatives[::-1]
    by_id = dict(zip(map(_id_of, first), first, strict=True))
    for followup in portfolio.followups:
        period = followup.period
        if period is None or not followup.updates:
            continue
        subjects = list(map(_subject_of, followup.updates))
        kinds = set(map(_kind_of, subjects))
        if "partnership" in kinds:
            return False
        if kinds != {"initiative"}:
            subjects = [subject for subject in subjects if subject.kind == "initiative"]
        found = list(filter(None, map(by_id.get, map(_id_of, subjects))))
        if any(map(_recurrence_of, found)):
            return False
        periods = list(filter(None, map(_period_of, found)))
        days_first, days_last = period.bounds()
        if days_first > days_last:
            return False
        for ends, late in ((_start_of, False), (_end_of, True)):
            dates = list(filter(None, map(ends, periods)))
            for date in dict(zip(map(id, dates), dates, strict=True)).values():
                if date.last_day < days_first if late else date.first_day > days_last:
                    return False
    return True


def check_followups_cover_something(
    portfolio: Portfolio, context: RuleContext
) -> Iterator[Finding]:
    """Find follow-ups that cover no fixed period and name no subject.

    Such a follow-up (an ad-hoc review) covers only the subjects its status
    updates and decisions name; naming none, it would cover nothing.
    """
    for followup in portfolio.followups:
        if followup.period is None and not followup.subjects:
            yield context.finding(
                _(
                    "follow-up {id!r} covers no fixed period and names no subject,"
                    " so it covers nothing; give its period (for example"
                    " 'period: 2024') or a status update on what it reviews"
                    " (for example partnership:<id>)"
                ).format(id=followup.id),
                place(f"followups[{followup.id}]", "period"),
            )


def _empty(period: Period) -> bool:
    return period.start is None and period.end is None


def check_periods_given(
    portfolio: Portfolio, context: RuleContext
) -> Iterator[Finding]:
    """Find periods, anywhere in the portfolio, that give neither a start nor an end.

    ``period: {}`` says nothing, yet it is not "no period" either: on an
    initiative or a strategy it read as "not given" without a word, and a
    follow-up's report said "Period:" and nothing.  A follow-up without a
    period is a review of no fixed period, so its message says to remove
    the period for that.
    """
    walk = index(portfolio)
    if passes(lambda: not any(map(_empty, walk.columns.distinct_periods))):
        return
    for found in walk.values(Period):
        if not _empty(found.value):
            continue
        owner = found.owner.obj
        if isinstance(owner, FollowUp) and found.field == "period":
            message = _(
                "the period of follow-up {id!r} gives neither a start nor an"
                " end; write the period it follows up (for example 'start:"
                " 2024' and 'end: 2024'), or remove 'period' for a review of"
                " no fixed period"
            ).format(id=owner.id)
        else:
            message = _(
                "the period gives neither a start nor an end; write when it"
                " starts or ends (for example 'start: 2024'), or remove"
                " 'period' where it is not known"
            )
        yield context.finding(message, found.path)


def check_partnership_event_order(
    portfolio: Portfolio, context: RuleContext
) -> Iterator[Finding]:
    """Find partnership events listed before an event that happened earlier.

    A history is read top to bottom, so it must be written oldest first.  An
    event is out of order when it lies wholly before the event above it.
    """
    for partnership in portfolio.partnerships:
        events = partnership.events
        for position in range(1, len(events)):
            before, event = events[position - 1], events[position]
            if before.date is None or event.date is None:
                continue  # a date not known may lie anywhere
            if event.last_day < before.first_day:
                yield context.finding(
                    _(
                        "this {kind} event ({date}) is dated before the {before}"
                        " event above it ({before_date}); list the events oldest"
                        " first"
                    ).format(
                        kind=event.kind,
                        date=event.date,
                        before=before.kind,
                        before_date=before.date,
                    ),
                    f"partnerships[{partnership.id}].events[{position}].date",
                )


def check_followups_intact(
    portfolio: Portfolio, context: RuleContext
) -> Iterator[Finding]:
    """Find submitted follow-ups whose content changed after submission.

    A follow-up that is not a draft must carry the fingerprint
    :func:`munintl.followups.submit` recorded, and its content must still
    match it (state, submission date and decisions may change; see
    :func:`munintl.followups.content_fingerprint`).
    """
    # The fingerprint needs the converter; import it only when a portfolio is
    # checked, so that listing plugins stays cheap.
    from munintl.followups import content_fingerprint

    for followup in portfolio.followups:
        if followup.state == "draft":
            continue
        path = f"followups[{followup.id}].fingerprint"
        if followup.fingerprint is None:
            yield context.finding(
                _(
                    "this follow-up is {state} but has no fingerprint, so nobody can"
                    " tell whether it changed after it was submitted; set its state"
                    " back to draft and submit it again"
                ).format(state=followup.state),
                path,
            )
        elif followup.fingerprint != content_fingerprint(followup):
            when = (
                _(" on {date}").format(date=followup.submitted)
                if followup.submitted
                else ""
            )
            yield context.finding(
                _(
                    "this follow-up was changed after it was submitted{when}: its"
                    " content no longer matches its fingerprint; undo the change,"
                    " or, if the body must see it, set the state back to draft and"
                    " submit it again"
                ).format(when=when),
                path,
            )


#: How long before its meeting a follow-up may be submitted: a year and a
#: day.  Committee papers go out days or weeks before; a year more is a
#: date typed in the wrong year.
SUBMISSION_LEAD = dt.timedelta(days=366)


def _submission_problem(submitted: PartialDate, meeting: PartialDate) -> str | None:
    """Say what is wrong with a submission date beside the meeting's, if anything.

    The message has the fields ``id``, ``submitted`` and ``meeting`` to fill.
    """
    if submitted.first_day > meeting.last_day:
        return _(
            "follow-up {id!r} was submitted on {submitted}, after the"
            " meeting it was put to ({meeting}); give the day it was"
            " sent to the body, or correct the meeting date"
        )
    if meeting.first_day - submitted.last_day > SUBMISSION_LEAD:
        return _(
            "follow-up {id!r} was submitted on {submitted}, more than a"
            " year before the meeting it was put to ({meeting}); check"
            " the year of both dates"
        )
    return None


def check_followup_dates(
    portfolio: Portfolio, context: RuleContext
) -> Iterator[Finding]:
    """Find follow-ups whose own dates are out of order.

    A follow-up is submitted before the meeting it is put to, at most
    :data:`SUBMISSION_LEAD` before; neither date lies before the period it
    follows up begins; its decisions are dated no earlier than it was
    submitted.  Partial dates compare as the days they cover, so only an
    order no pair of those days fits is found ("2012" and "2012-03" never).
    """
    for followup in portfolio.followups:
        head = f"followups[{followup.id}]"
        submitted = followup.submitted
        meeting = followup.case.meeting if followup.case else None
        if submitted is not None and meeting is not None:
            message = _submission_problem(submitted, meeting)
            if message:
                yield context.finding(
                    message.format(
                        id=followup.id, submitted=submitted, meeting=meeting
                    ),
                    place(head, "submitted"),
                )
        start = followup.period.start if followup.period else None
        for path, date in (
            (place(head, "submitted"), submitted),
            (place(head, "case.meeting"), meeting),
        ):
            if (
                date is not None
                and start is not None
                and date.last_day < start.first_day
            ):
                yield context.finding(
                    _(
                        "this date ({date}) is before the period follow-up {id!r}"
                        " reports on begins ({start}); check the year"
                    ).format(date=date, id=followup.id, start=start),
                    path,
                )
        if submitted is None:
            continue
        for position, decision in enumerate(followup.decisions):
            if decision.date.last_day < submitted.first_day:
                yield context.finding(
                    _(
                        "this decision is dated {date}, before follow-up {id!r} was"
                        " submitted ({submitted}); a body decides on a follow-up"
                        " once it has it, so correct the date that is wrong"
                    ).format(date=decision.date, id=followup.id, submitted=submitted),
                    f"{head}.decisions[{position}].date",
                )


def check_initiative_periods_given(
    portfolio: Portfolio, context: RuleContext
) -> Iterator[Finding]:
    """Find initiatives whose period is not given (those in the pipeline aside).

    Reports cannot tell whether such an initiative ran in a period, so they
    list it apart ("period not given") instead of taking it as active in
    every year.
    """
    for initiative in portfolio.initiatives:
        if initiative.has_period or initiative.status == "pipeline":
            continue
        yield context.finding(
            _(
                "initiative {id!r} has no period, so reports cannot tell whether it"
                ' ran in a period and list it under "period not given"; give its'
                " start (and its end, once it has ended), even if only the year is"
                " known (2010, ~2010, 2010s)"
            ).format(id=initiative.id),
            place(f"initiatives[{initiative.id}]", "period"),
        )


def check_initiative_statuses_given(
    portfolio: Portfolio, context: RuleContext
) -> Iterator[Finding]:
    """Find initiatives without a status: reports say it is not given."""
    for initiative in portfolio.initiatives:
        if initiative.status is None:
            yield context.finding(
                _(
                    "initiative {id!r} has no status, so reports say it is not"
                    " given; give its status (pipeline, implementation,"
                    " finalisation, closed, cancelled or suspended)"
                ).format(id=initiative.id),
                place(f"initiatives[{initiative.id}]", "status"),
            )


def check_participation_roles_given(
    portfolio: Portfolio, context: RuleContext
) -> Iterator[Finding]:
    """Find partners in an initiative without a role: reports say it is not given."""

    def every_role_given() -> bool:  # the roles gathered as a set, in C
        participations = map(_participations_of, portfolio.initiatives)
        return None not in set(map(_role_of, chain.from_iterable(participations)))

    if passes(every_role_given):
        return
    for initiative in portfolio.initiatives:
        for position, participation in enumerate(initiative.participations):
            if participation.role is None:
                who = participation.organisation or ngettext(
                    "{count} partner", "{count} partners", participation.count or 0
                ).format(count=participation.count)
                yield context.finding(
                    _(
                        "the role of {who} in initiative {id!r} is not given, so"
                        " reports say so; give it (partner, implementing, funding,"
                        " accountable, ...)"
                    ).format(who=who, id=initiative.id),
                    f"initiatives[{initiative.id}].participations[{position}].role",
                )


def check_expired_partnerships(
    portfolio: Portfolio, context: RuleContext
) -> Iterator[Finding]:
    """Find agreements past their expiry with neither a renewal nor a decision.

    A party still active when ``expires`` has passed reads "expired" in
    every report (see :meth:`~munintl.model.Partnership.status_on`).  A
    decision on the partnership dated on or after the expiry -- an event
    with ``decided_by``, or a follow-up decision that concerns it -- is
    taken as dealing with it, even before it is recorded as an event.
    """
    today = dt.date.today()
    decided: dict[str, list[dt.date]] = {}
    for followup in portfolio.followups:
        for decision in followup.decisions:
            for subject in decision.subjects:
                if subject.kind == "partnership":
                    decided.setdefault(subject.id, []).append(decision.date.last_day)
    for partnership in portfolio.partnerships:
        expires = partnership.expires
        if expires is None or expires.last_day >= today:
            continue
        if "expired" not in partnership.status_on(today).values():
            continue
        dates = decided.get(partnership.id, []) + [
            e.last_day for e in partnership.events if e.decided_by and e.date
        ]
        if any(day >= expires.first_day for day in dates):
            continue
        yield context.finding(
            _(
                "the agreement expired in {expires} and nothing renews or ends it,"
                " so reports show it as expired; record what happened: a renewed or"
                " re-signed event, an ended event, or the decision that was taken"
            ).format(expires=expires),
            f"partnerships[{partnership.id}].expires",
        )


def _series_start_problem(start: PartialDate | None) -> str | None:
    """Say why a recurrence cannot be counted from ``start``; None if it can."""
    if start is None:
        return _(
            "a recurrence needs the date it starts from: give the period's"
            " start (or the recurrence's own period, or the event's date)"
        )
    if start.decade or start.bound is not None:
        return _(
            "a recurrence is counted from a year, month or day, not from {date};"
            " give the year of the first occurrence"
        ).format(date=str(start))
    return None


def check_recurrences_countable(
    portfolio: Portfolio, context: RuleContext
) -> Iterator[Finding]:
    """Find recurrences whose occurrences cannot be counted.

    A recurring initiative is counted from its recurrence's own start, else
    its period's start; a recurring partnership event from its date.  A
    start not known to the year (none, a decade, a bounded date) gives no
    occurrences, so the initiative would be in no period.
    """
    for initiative in portfolio.initiatives:
        recurrence = initiative.recurrence
        if recurrence is None:
            continue
        own = initiative.period.start if initiative.period else None
        start, _end = recurrence.span(own, None)
        problem = _series_start_problem(start)
        if problem:
            yield context.finding(problem, f"initiatives[{initiative.id}].recurrence")
    for partnership in portfolio.partnerships:
        for position, event in enumerate(partnership.events):
            if event.recurrence is None:
                continue
            problem = _series_start_problem(event.date)
            if problem:
                yield context.finding(
                    problem,
                    f"partnerships[{partnership.id}].events[{position}].recurrence",
                )


@hookimpl
def munintl_rules() -> tuple[Rule, ...]:
    """Register the rules on dates, histories and submitted follow-ups."""
    return (
        Rule(
            name="recurrence-not-countable",
            severity="error",
            description=N_("A recurrence has no start to count its occurrences from."),
            check=check_recurrences_countable,
        ),
        Rule(
            name="end-before-start",
            severity="error",
            description=N_("A period ends before it starts."),
            check=check_end_before_start,
        ),
        Rule(
            name="update-subject-not-active",
            severity="warning",
            description=N_(
                "A status update covers a subject not active in the period."
            ),
            check=check_update_subjects_active,
        ),
        Rule(
            name="followup-covers-nothing",
            severity="error",
            description=N_("A follow-up covers no fixed period and names no subject."),
            check=check_followups_cover_something,
        ),
        Rule(
            name="period-empty",
            severity="error",
            description=N_("A period gives neither a start nor an end."),
            check=check_periods_given,
        ),
        Rule(
            name="partnership-events-out-of-order",
            severity="error",
            description=N_("A partnership's events are not listed oldest first."),
            check=check_partnership_event_order,
        ),
        Rule(
            name="followup-not-intact",
            severity="error",
            description=N_("A submitted follow-up changed after submission."),
            check=check_followups_intact,
        ),
        Rule(
            name="followup-dates-out-of-order",
            severity="warning",
            description=N_(
                "A follow-up is submitted after its meeting or long before it, or"
                " dated before its period or its decisions."
            ),
            check=check_followup_dates,
        ),
        Rule(
            name="partnership-expired-without-decision",
            severity="warning",
            description=N_(
                "An agreement expired with neither a renewal nor a decision."
            ),
            check=check_expired_partnerships,
        ),
        Rule(
            name="initiative-period-not-given",
            severity="warning",
            description=N_("An initiative (not in the pipeline) has no period."),
            check=check_initiative_periods_given,
        ),
        Rule(
            name="initiative-status-not-given",
            severity="warning",
            description=N_("An initiative has no status."),
            check=check_initiative_statuses_given,
        ),
        Rule(
            name="participation-role-not-given",
            severity="warning",
            description=N_("A partner in an initiative has no role."),
            check=check_participation_roles_given,
        ),
    )
