"""The ``followup`` report kind: the yearly follow-up to a political body.

Built for a :class:`~munintl.model.FollowUp` record, or -- given only a
period and, optionally, a body -- as a draft from the portfolio.  The
document holds the case reference, summary, recommendation and decisions
requested; the strategy's vision in brief; for each theme the body answers
for, its goals and every goal, initiative and partnership covered with its
status update, funding and partners; partnership events in the period;
decisions taken; a summary table, funding per currency and a timeline.

A subject active in the period without an update is listed as "No update
received", never dropped.  A submitted follow-up renders the same document
every time: it is dated by its submission, shows only its own updates and
reads partnership statuses as of the end of its period.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Mapping

import attrs

from munintl.model import (
    Codelist,
    FollowUp,
    Goal,
    Initiative,
    Partnership,
    PartnershipEvent,
    Period,
    Portfolio,
    StatusUpdate,
    Strategy,
    SubjectRef,
    Theme,
)
from munintl.plugins import hookimpl
from munintl.plugins.protocols import ReportRequest
from munintl.plugins.records import ReportKind
from munintl.reports.build import (
    Localizer,
    ParagraphStyle,
    ReportError,
    TimelineItem,
    TimelinePoint,
    body_name,
    day_as_datetime,
    fact,
    funding_lines,
    funding_table,
    generated_now,
    initiative_title,
    is_visible,
    labelled,
    marked,
    partners,
    partnership_end,
    partnership_status,
    party_name,
    strategy_for,
    strong,
    timeline_figure,
)
from munintl.reports.document import (
    Block,
    Heading,
    ListBlock,
    Metadata,
    Paragraph,
    ReportDocument,
    Table,
)

KIND = "followup"


@hookimpl
def munintl_report_kinds() -> list[ReportKind]:
    """Register the yearly follow-up report."""
    return [
        ReportKind(
            name=KIND,
            description=(
                "The follow-up to a political body: for a follow-up record, or a"
                " draft for a period and body"
            ),
            factory=FollowUpReport,
        )
    ]


class FollowUpReport:
    """Build the follow-up document (see the module docstring).

    ``codelists`` default to the registered ones.  Raise
    :class:`~munintl.reports.build.ReportError` for an unknown follow-up or
    body, or a request with neither a follow-up nor a period.
    """

    def __init__(self, codelists: Mapping[str, Codelist] | None = None) -> None:
        self.codelists = codelists

    def build(self, portfolio: Portfolio, request: ReportRequest) -> ReportDocument:
        """Build the follow-up document for ``request``."""
        codelists = self.codelists
        if codelists is None:
            from munintl.plugins.manager import get_plugin_manager

            codelists = get_plugin_manager().codelists()
        return _Builder(portfolio, request, codelists).document()


@attrs.frozen(kw_only=True)
class _Scope:
    """What the follow-up covers, in document order."""

    strategy: Strategy | None
    themes: tuple[Theme, ...]
    goals: dict[str, tuple[Goal, ...]]
    sections: dict[str, tuple[Initiative, ...]]
    other: tuple[Initiative, ...]
    partnerships: tuple[Partnership, ...]


def _find_followup(portfolio: Portfolio, request: ReportRequest) -> FollowUp | None:
    if request.followup is None:
        if request.period is None:
            raise ReportError(
                "the follow-up report needs a follow-up (--followup ID) or a"
                " period (--year YEAR, optionally with --body ID)"
            )
        return None
    if request.period is not None:
        raise ReportError("give either a follow-up or a period, not both")
    followup = portfolio.followup(request.followup)
    if followup is None:
        known = ", ".join(f.id for f in portfolio.followups) or "none"
        raise ReportError(
            f"there is no follow-up {request.followup!r}; the portfolio has: {known}"
        )
    if not is_visible(followup, request):
        raise ReportError(
            f"the follow-up {followup.id!r} is internal; ask for internal items"
            " (--include-internal) to report on it"
        )
    if request.body is not None and request.body != followup.addressee:
        raise ReportError(
            f"the follow-up {followup.id!r} is addressed to {followup.addressee!r},"
            f" not {request.body!r}"
        )
    return followup


class _Builder:
    """One follow-up document being built."""

    def __init__(
        self,
        portfolio: Portfolio,
        request: ReportRequest,
        codelists: Mapping[str, Codelist],
    ) -> None:
        self.portfolio = portfolio
        self.request = request
        self.followup = _find_followup(portfolio, request)
        self.loc = Localizer(
            request.language,
            request.fallback,
            codelists=codelists,
            default_language=portfolio.municipality.default_language,
        )
        if self.followup is not None:
            self.period: Period = self.followup.period
            self.body: str | None = self.followup.addressee
        else:
            assert request.period is not None
            self.period = request.period
            self.body = request.body
        if self.body is not None and portfolio.body(self.body) is None:
            known = ", ".join(b.id for b in portfolio.bodies) or "none"
            raise ReportError(
                f"there is no body {self.body!r}; the portfolio has: {known}"
            )
        self.first, self.last = self.period.bounds()
        self.updates: dict[SubjectRef, StatusUpdate] = {}
        if self.followup is not None:
            for update in self.followup.updates:
                if is_visible(update, request):
                    self.updates.setdefault(update.subject, update)
        self.illustrative = bool(self.followup and self.followup.illustrative)
        self.any_illustrative = self.illustrative
        self.scope = self._scope()

    # -- what is covered -----------------------------------------------------

    def _scope(self) -> _Scope:
        strategy = strategy_for(
            self.portfolio,
            self.period,
            self.followup.strategy if self.followup else None,
        )
        body_ids: set[str] | None = None
        if self.body is not None:
            body_ids = {self.body, *self.portfolio.descendants_of(self.body)}
        themes = self._themes(strategy)
        goals = {
            t.id: tuple(g for g in t.goals if is_visible(g, self.request))
            for t in themes
        }
        sections, other = self._initiatives_by_theme(themes, goals, body_ids)
        covered = [i for group in sections.values() for i in group] + other
        return _Scope(
            strategy=strategy,
            themes=themes,
            goals=goals,
            sections={k: tuple(v) for k, v in sections.items()},
            other=tuple(other),
            partnerships=self._partnerships({t.id for t in themes}, covered, body_ids),
        )

    def _themes(self, strategy: Strategy | None) -> tuple[Theme, ...]:
        """Choose the themes covered, in strategy order.

        Those the body answers for (with their sub-themes) in the strategy in
        force, or every theme of it without a body, and any theme or goal's
        theme with an update.
        """
        portfolio = self.portfolio
        ordered = list(strategy.all_themes()) if strategy else []
        if self.body is not None:
            in_strategy = {t.id for t in ordered}
            base = [
                t
                for t in portfolio.themes_for_body(self.body)
                if not in_strategy or t.id in in_strategy
            ]
            wanted = {sub.id for t in base for sub in t.walk()}
        else:
            wanted = {t.id for t in ordered}
        for subject in self.updates:
            owner = (
                portfolio.theme(subject.id)
                if subject.kind == "theme"
                else portfolio.theme_of_goal(subject.id)
                if subject.kind == "goal"
                else None
            )
            if owner is not None:
                wanted.add(owner.id)
        extra = sorted(
            (t for _s, t in portfolio.all_themes() if t.id in wanted),
            key=lambda t: t.id,
        )
        themes: dict[str, Theme] = {}
        for theme in [*ordered, *extra]:
            if theme.id in wanted and is_visible(theme, self.request):
                themes.setdefault(theme.id, theme)
        return tuple(themes.values())

    def _initiatives_by_theme(
        self,
        themes: tuple[Theme, ...],
        goals: dict[str, tuple[Goal, ...]],
        body_ids: set[str] | None,
    ) -> tuple[dict[str, list[Initiative]], list[Initiative]]:
        """Place each initiative covered under its first theme covered.

        An initiative is covered when it has an update, or is active in the
        period and serves a theme or goal covered or is run by the body.
        """
        theme_ids = {t.id for t in themes}
        goal_theme = {g.id: tid for tid, gs in goals.items() for g in gs}
        sections: dict[str, list[Initiative]] = {t.id: [] for t in themes}
        other: list[Initiative] = []
        for initiative in self.portfolio.initiatives:
            if not is_visible(initiative, self.request):
                continue
            if SubjectRef("initiative", initiative.id) not in self.updates and (
                not initiative.is_active_in(self.period)
                or (
                    body_ids is not None
                    and not theme_ids.intersection(initiative.themes)
                    and not goal_theme.keys() & set(initiative.goals)
                    and not body_ids.intersection(initiative.responsible)
                )
            ):
                continue
            home = next((t for t in initiative.themes if t in sections), None)
            if home is None:
                home = next(
                    (goal_theme[g] for g in initiative.goals if g in goal_theme), None
                )
            (sections[home] if home is not None else other).append(initiative)
        return sections, other

    def _partnerships(
        self,
        theme_ids: set[str],
        covered: list[Initiative],
        body_ids: set[str] | None,
    ) -> tuple[Partnership, ...]:
        """Choose the partnerships covered.

        Those with an update, and those active in the period that work in a
        theme covered, carry an initiative covered or had an event in the
        period decided by the body.
        """
        linked = {i.partnership for i in covered if i.partnership}
        active = {p.id for p in self.portfolio.partnerships_active_in(self.period)}
        chosen: list[Partnership] = []
        for partnership in self.portfolio.partnerships:
            if not is_visible(partnership, self.request):
                continue
            if SubjectRef("partnership", partnership.id) not in self.updates and (
                partnership.id not in active
                or (
                    body_ids is not None
                    and not theme_ids.intersection(partnership.areas)
                    and partnership.id not in linked
                    and not any(
                        e.decided_by in body_ids for e in self._events(partnership)
                    )
                )
            ):
                continue
            chosen.append(partnership)
        return tuple(chosen)

    def _events(self, partnership: Partnership) -> list[PartnershipEvent]:
        """List the visible events of ``partnership`` in the period, in date order."""
        return sorted(
            (
                e
                for e in partnership.events_in(self.first, self.last)
                if is_visible(e, self.request)
            ),
            key=lambda e: e.date.sort_key(),
        )

    # -- pieces --------------------------------------------------------------

    def _style(self, illustrative: bool) -> ParagraphStyle:
        return "illustrative" if illustrative else "normal"

    def _heading(self, title: str, level: int, illustrative: bool) -> list[Block]:
        _ = self.loc._
        if not illustrative:
            return [Heading(text=title, level=level)]
        self.any_illustrative = True
        return [
            Heading(text=marked(self.loc, title, True), level=level),
            Paragraph(
                text=_("Illustrative sample data, not fact."), style="illustrative"
            ),
        ]

    def _update(self, subject: SubjectRef, item: str) -> list[Block]:
        """Show the status update on ``subject``, or "No update received"."""
        loc = self.loc
        _ = loc._
        update = self.updates.get(subject)
        lead = Paragraph(text=strong(_("Status update")))
        if update is None:
            return [lead, Paragraph(text=_("No update received."), style="note")]
        # In an illustrative follow-up the notice at the top covers every
        # update; otherwise an illustrative update is marked where it stands.
        illustrative = update.illustrative and not self.illustrative
        self.any_illustrative |= update.illustrative
        style = self._style(illustrative)
        blocks: list[Block] = [lead]
        facts = []
        if update.status:
            facts.append(
                fact(_("Status"), loc.code("initiative-status", update.status))
            )
        if update.progress:
            facts.append(
                fact(_("Progress"), loc.code("progress-status", update.progress))
            )
        if facts:
            blocks.append(ListBlock(items=tuple(facts)))
        for value, label in (
            (update.achievements, _("Achievements")),
            (update.deviations, _("Deviations")),
            (update.next_steps, _("Next steps")),
        ):
            resolved = loc.resolve(value, item, label)
            if resolved.text:
                blocks.extend(
                    labelled(
                        label,
                        resolved.text,
                        "fallback" if resolved.fallback and not illustrative else style,
                    )
                )
        if len(blocks) == 1:
            blocks.append(Paragraph(text=_("The update is empty."), style="note"))
        return blocks

    def _bodies(self, ids: Iterable[str]) -> str:
        return ", ".join(body_name(self.portfolio, self.loc, b) for b in ids)

    def _theme_title(self, theme: Theme) -> str:
        loc = self.loc
        title = loc.title(theme.title, theme.id)
        label = loc.text(theme.label, title, loc._("Label"))
        return f"{label[:1].upper()}{label[1:]}: {title}" if label else title

    def _theme(self, theme: Theme) -> list[Block]:
        loc = self.loc
        _ = loc._
        title = self._theme_title(theme)
        blocks = self._heading(title, 2, theme.illustrative)
        style = self._style(theme.illustrative)
        blocks += loc.blocks(
            theme.description, title, _("Description"), illustrative=theme.illustrative
        )
        if theme.cross_cutting:
            blocks.append(Paragraph(text=_("A cross-cutting theme."), style="note"))
        goals = self.scope.goals[theme.id]
        if goals:
            blocks.append(Paragraph(text=strong(_("Goals")), style=style))
            blocks.append(
                ListBlock(
                    items=tuple(
                        marked(
                            loc,
                            loc.text(g.statement, title, _("Goal")) or g.id,
                            g.illustrative,
                        )
                        for g in goals
                    )
                )
            )
        if theme.responsible:
            blocks.append(
                Paragraph(
                    text=fact(_("Responsible"), self._bodies(theme.responsible)),
                    style=style,
                )
            )
        blocks += self._update(SubjectRef("theme", theme.id), title)
        for goal in goals:
            subject = SubjectRef("goal", goal.id)
            if subject not in self.updates:
                continue
            statement = loc.text(goal.statement, title, _("Goal")) or goal.id
            blocks += self._heading(
                _("Goal: {goal}").format(goal=statement), 3, goal.illustrative
            )
            blocks += self._update(subject, statement)
        for initiative in self.scope.sections[theme.id]:
            blocks += self._initiative(initiative, 3)
        return blocks

    def _initiative(self, initiative: Initiative, level: int) -> list[Block]:
        portfolio, loc = self.portfolio, self.loc
        _ = loc._
        title = initiative_title(loc, initiative)
        blocks = self._heading(title, level, initiative.illustrative)
        blocks += loc.blocks(
            initiative.summary,
            title,
            _("Summary"),
            illustrative=initiative.illustrative,
        )
        facts = [
            fact(_("Kind"), loc.code("initiative-kind", initiative.kind)),
            fact(_("Status"), loc.code("initiative-status", initiative.status)),
        ]
        if initiative.period is not None:
            facts.append(fact(_("Period"), loc.period(initiative.period)))
        if initiative.responsible:
            facts.append(fact(_("Responsible"), self._bodies(initiative.responsible)))
        if initiative.parent:
            parent = portfolio.initiative(initiative.parent)
            if parent is not None and is_visible(parent, self.request):
                facts.append(fact(_("Part of"), initiative_title(loc, parent)))
        if initiative.partnership:
            partnership = portfolio.partnership(initiative.partnership)
            if partnership is not None and is_visible(partnership, self.request):
                name = loc.title(partnership.title, partnership.id)
                facts.append(fact(_("Partnership"), name))
        found = partners(portfolio, loc, initiative, self.request)
        facts.append(
            fact(_("Partners"), "; ".join(found) if found else _("none named"))
        )
        lines = funding_lines(portfolio, loc, initiative)
        if len(lines) == 1:
            facts.append(fact(_("Funding"), lines[0]))
        elif lines:
            amounts = [f.amount for f in initiative.funding if f.amount is not None]
            total = "; ".join(loc.totals(amounts)) or _("amounts not given")
            facts.append(fact(_("Funding"), total))
        blocks.append(ListBlock(items=tuple(facts)))
        if len(lines) > 1:
            blocks.append(Paragraph(text=strong(_("Funding lines"))))
            blocks.append(ListBlock(items=tuple(lines)))
        blocks += self._update(SubjectRef("initiative", initiative.id), title)
        return blocks

    def _partnership(self, partnership: Partnership) -> list[Block]:
        portfolio, loc = self.portfolio, self.loc
        _ = loc._
        title = loc.title(partnership.title, partnership.id)
        blocks = self._heading(title, 3, partnership.illustrative)
        blocks += loc.blocks(
            partnership.description,
            title,
            _("Description"),
            illustrative=partnership.illustrative,
        )
        day = min(self.last, dt.date.max)
        facts = [
            fact(_("Kind"), loc.code("partnership-kind", partnership.kind)),
            fact(_("Since"), loc.date(partnership.start()) or _("not known")),
            fact(
                _("Status at the end of the period"),
                partnership_status(portfolio, loc, partnership, day),
            ),
        ]
        if partnership.review is not None:
            facts.append(fact(_("Review"), loc.date(partnership.review)))
        if partnership.expires is not None:
            facts.append(fact(_("Expires"), loc.date(partnership.expires)))
        blocks.append(ListBlock(items=tuple(facts)))
        events = self._events(partnership)
        if events:
            blocks.append(
                Paragraph(
                    text="**"
                    + _("Events in {period}").format(period=loc.period(self.period))
                    + "**"
                )
            )
            blocks.append(ListBlock(items=tuple(self._event(e) for e in events)))
        blocks += self._update(SubjectRef("partnership", partnership.id), title)
        return blocks

    def _event(self, event: PartnershipEvent) -> str:
        portfolio, loc = self.portfolio, self.loc
        _ = loc._
        text = f"{loc.date(event.date)}: {loc.code('partnership-event', event.kind)}"
        if event.party:
            text += f" ({party_name(portfolio, loc, event.party)})"
        if event.decided_by:
            text += ", " + _("decided by {body}").format(
                body=body_name(portfolio, loc, event.decided_by)
            )
        if event.transferred_to:
            text += ", " + _("carried on by {party}").format(
                party=party_name(portfolio, loc, event.transferred_to)
            )
        if event.reference:
            text += f", {event.reference}"
        note = loc.text(event.note)
        if note:
            text += f" \u2014 {note}"
        return marked(loc, text, event.illustrative)

    # -- sections -------------------------------------------------------------

    def _title(self) -> str:
        loc = self.loc
        _ = loc._
        if self.followup is not None and self.followup.title:
            return loc.text(self.followup.title)
        title = _("Follow-up on international work {period}").format(
            period=loc.period(self.period)
        )
        if self.body is not None:
            title = f"{title}: {body_name(self.portfolio, loc, self.body)}"
        if self.followup is None:
            title = _("{title} (draft)").format(title=title)
        return title

    def _case_reference(self) -> str | None:
        loc = self.loc
        _ = loc._
        case = self.followup.case if self.followup else None
        if case is None:
            return None
        parts = []
        if case.number:
            parts.append(_("case {number}").format(number=case.number))
        if case.meeting:
            parts.append(_("meeting {date}").format(date=loc.date(case.meeting)))
        if case.agenda_item:
            parts.append(_("agenda item {item}").format(item=case.agenda_item))
        return ", ".join(parts) or None

    def _case(self) -> list[Block]:
        portfolio, loc = self.portfolio, self.loc
        _ = loc._
        followup = self.followup
        items = [
            fact(_("Period"), loc.period(self.period)),
        ]
        if self.body is not None:
            items.append(fact(_("To"), body_name(portfolio, loc, self.body)))
        if followup is None:
            return [Heading(text=_("Case"), level=2), ListBlock(items=tuple(items))]
        items.append(
            fact(_("Kind of follow-up"), loc.code("follow-up-kind", followup.kind))
        )
        if followup.prepared_by:
            items.append(fact(_("Prepared by"), self._bodies(followup.prepared_by)))
        case = followup.case
        if case is not None:
            if case.number:
                items.append(fact(_("Case number"), case.number))
            if case.meeting:
                items.append(fact(_("Meeting"), loc.date(case.meeting)))
            if case.agenda_item:
                items.append(fact(_("Agenda item"), case.agenda_item))
            if case.url:
                items.append(fact(_("Link"), f"<{case.url}>"))
        if followup.due:
            items.append(fact(_("Due"), loc.date(followup.due)))
        items.append(fact(_("State"), loc.code("follow-up-state", followup.state)))
        if followup.submitted:
            items.append(fact(_("Submitted"), loc.date(followup.submitted)))
        return [Heading(text=_("Case"), level=2), ListBlock(items=tuple(items))]

    def _introduction(self) -> list[Block]:
        loc = self.loc
        _ = loc._
        followup = self.followup
        if followup is None:
            return []
        title = self._title()
        blocks: list[Block] = []
        for heading, value, field in (
            (_("Summary"), followup.summary, _("Summary")),
            (_("Recommendation"), followup.recommendation, _("Recommendation")),
        ):
            if value:
                blocks.append(Heading(text=heading, level=2))
                blocks += loc.blocks(value, title, field)
        requested = [
            loc.text(item, title, _("Decisions requested"))
            for item in followup.decisions_requested
        ]
        requested = [text for text in requested if text]
        if requested:
            blocks.append(Heading(text=_("Decisions requested"), level=2))
            blocks.append(ListBlock(items=tuple(requested), ordered=True))
        return blocks

    def _strategy(self) -> list[Block]:
        strategy, loc = self.scope.strategy, self.loc
        _ = loc._
        if strategy is None or not is_visible(strategy, self.request):
            return []
        title = loc.title(strategy.title, strategy.id)
        blocks: list[Block] = [Heading(text=_("The strategy in brief"), level=2)]
        facts = f"**{marked(loc, title, strategy.illustrative)}**"
        if strategy.period is not None:
            facts += f" ({loc.period(strategy.period)})"
        adoption = strategy.adoption
        if adoption is not None and (adoption.body or adoption.date):
            facts += ". " + _("Adopted by {body} on {date}.").format(
                body=body_name(self.portfolio, loc, adoption.body) or "\u2014",
                date=loc.date(adoption.date) or "\u2014",
            )
        blocks.append(Paragraph(text=facts))
        blocks += loc.blocks(
            strategy.vision, title, _("Vision"), illustrative=strategy.illustrative
        )
        return blocks

    def _decisions(self) -> list[Block]:
        portfolio, loc = self.portfolio, self.loc
        _ = loc._
        if self.followup is None:
            return []
        decisions = [d for d in self.followup.decisions if is_visible(d, self.request)]
        if not decisions:
            return []
        rows = []
        for decision in sorted(decisions, key=lambda d: d.date.sort_key()):
            text = loc.text(decision.text, self._title(), _("Decision"))
            rows.append(
                (
                    loc.date(decision.date),
                    body_name(portfolio, loc, decision.body),
                    loc.code("decision-outcome", decision.outcome),
                    marked(loc, text, decision.illustrative and not self.illustrative),
                    "; ".join(self._subject_title(s) for s in decision.subjects),
                    decision.reference or "",
                )
            )
        return [
            Heading(text=_("Decisions taken"), level=2),
            Table(
                title=_("Decisions taken"),
                columns=(
                    _("Date"),
                    _("Body"),
                    _("Outcome"),
                    _("Decision"),
                    _("Concerns"),
                    _("Reference"),
                ),
                rows=tuple(rows),
            ),
        ]

    def _subject_title(self, subject: SubjectRef) -> str:
        portfolio, loc = self.portfolio, self.loc
        if subject.kind == "initiative":
            initiative = portfolio.initiative(subject.id)
            return initiative_title(loc, initiative) if initiative else subject.id
        if subject.kind == "partnership":
            partnership = portfolio.partnership(subject.id)
            return (
                loc.title(partnership.title, subject.id) if partnership else subject.id
            )
        if subject.kind == "theme":
            theme = portfolio.theme(subject.id)
            return self._theme_title(theme) if theme else subject.id
        goal = portfolio.goal(subject.id)
        return loc.text(goal.statement) or subject.id if goal else subject.id

    def _summary_table(self) -> list[Block]:
        loc = self.loc
        _ = loc._
        rows: list[tuple[str, str, str, str, str]] = []

        def row(subject: SubjectRef, title: str, kind: str, status: str | None) -> None:
            update = self.updates.get(subject)
            rows.append(
                (
                    title,
                    kind,
                    loc.code(
                        "initiative-status",
                        update.status if update and update.status else status,
                    ),
                    loc.code("progress-status", update.progress) if update else "",
                    _("received") if update else _("No update received."),
                )
            )

        for theme in self.scope.themes:
            subject = SubjectRef("theme", theme.id)
            row(
                subject,
                marked(loc, self._theme_title(theme), theme.illustrative),
                _("Theme"),
                None,
            )
            for goal in self.scope.goals[theme.id]:
                goal_subject = SubjectRef("goal", goal.id)
                if goal_subject in self.updates:
                    text = loc.text(goal.statement) or goal.id
                    row(
                        goal_subject,
                        marked(loc, text, goal.illustrative),
                        _("Goal"),
                        None,
                    )
        for initiative in self._initiatives():
            title = marked(
                loc, initiative_title(loc, initiative), initiative.illustrative
            )
            row(
                SubjectRef("initiative", initiative.id),
                title,
                _("Initiative"),
                initiative.status,
            )
        for partnership in self.scope.partnerships:
            title = loc.title(partnership.title, partnership.id)
            row(
                SubjectRef("partnership", partnership.id),
                marked(loc, title, partnership.illustrative),
                _("Partnership"),
                None,
            )
        return [
            Heading(text=_("Summary table"), level=2),
            Table(
                title=_("Status of every subject covered"),
                columns=(
                    _("Subject"),
                    _("Type"),
                    _("Status"),
                    _("Progress"),
                    _("Update"),
                ),
                rows=tuple(rows),
            ),
        ]

    def _initiatives(self) -> list[Initiative]:
        return [i for group in self.scope.sections.values() for i in group] + list(
            self.scope.other
        )

    def _funding(self) -> list[Block]:
        _ = self.loc._
        table = funding_table(
            self.loc, self._initiatives(), _("Funding of the initiatives covered")
        )
        if table is None:
            return []
        return [
            Heading(text=_("Funding"), level=2),
            Paragraph(
                text=_(
                    "Totals per currency; amounts in different currencies"
                    " are not added up."
                ),
                style="note",
            ),
            table,
        ]

    def _timeline(self) -> list[Block]:
        loc = self.loc
        _ = loc._
        items: list[TimelineItem] = []
        group_of = {
            i.id: self._theme_title(theme)
            for theme in self.scope.themes
            for i in self.scope.sections[theme.id]
        }
        for initiative in self._initiatives():
            if initiative.period is None:
                continue
            items.append(
                TimelineItem(
                    label=initiative_title(loc, initiative),
                    group=group_of.get(initiative.id, _("Other initiatives")),
                    start=initiative.period.start,
                    end=initiative.period.end,
                )
            )
        points: list[TimelinePoint] = []
        for partnership in self.scope.partnerships:
            title = loc.title(partnership.title, partnership.id)
            items.append(
                TimelineItem(
                    label=title,
                    group=_("Partnerships"),
                    start=partnership.start(),
                    end=partnership_end(partnership),
                )
            )
            for event in self._events(partnership):
                points.append(
                    TimelinePoint(
                        label=f"{title}: {loc.code('partnership-event', event.kind)}",
                        group=_("Partnerships"),
                        date=event.date,
                    )
                )
        figure = timeline_figure(
            loc, items, points, title=_("Timeline"), window=self.period
        )
        if figure is None:
            return []
        return [Heading(text=_("Timeline"), level=2), figure]

    def document(self) -> ReportDocument:
        """Assemble the whole document."""
        loc = self.loc
        _ = loc._
        title = self._title()
        body: list[Block] = []
        body += self._case()
        body += self._introduction()
        body += self._strategy()
        for theme in self.scope.themes:
            body += self._theme(theme)
        if self.scope.other:
            body.append(Heading(text=_("Other initiatives"), level=2))
            for initiative in self.scope.other:
                body += self._initiative(initiative, 3)
        if self.scope.partnerships:
            body.append(Heading(text=_("Partnerships"), level=2))
            for partnership in self.scope.partnerships:
                body += self._partnership(partnership)
        body += self._decisions()
        body += self._summary_table()
        body += self._funding()
        body += self._timeline()
        body += loc.fallback_blocks()

        head: list[Block] = [Heading(text=title, level=1)]
        if self.followup is None:
            head.append(
                Paragraph(
                    text=_(
                        "Draft built from the portfolio: no follow-up has been"
                        " recorded for this period yet, so no status updates are"
                        " included."
                    ),
                    style="note",
                )
            )
        if self.illustrative:
            head.append(
                Paragraph(
                    text=_("This follow-up is illustrative sample data, not fact."),
                    style="illustrative",
                )
            )
        elif self.any_illustrative:
            head.append(
                Paragraph(
                    text=_(
                        "Items marked \u201cillustrative\u201d are sample data,"
                        " not fact."
                    ),
                    style="illustrative",
                )
            )
        notice = loc.fallback_notice()
        if notice is not None:
            head.append(notice)

        followup = self.followup
        if followup is not None and followup.is_frozen:
            generated = (
                day_as_datetime(followup.submitted) if followup.submitted else None
            )
        else:
            generated = generated_now()
        metadata = Metadata(
            title=title,
            municipality=loc.name(
                self.portfolio.municipality.name, self.portfolio.municipality.id
            ),
            language=self.request.language,
            kind=KIND,
            body=body_name(self.portfolio, loc, self.body) if self.body else None,
            period=loc.period(self.period),
            case_reference=self._case_reference(),
            generated_at=generated,
        )
        return ReportDocument(metadata=metadata, blocks=tuple(head + body))
