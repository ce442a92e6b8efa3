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

from collections.abc import Iterable, Mapping
from typing import TYPE_CHECKING

from munintl._compat import renamed
from munintl.model import Adoption, Codelist, Portfolio, Strategy, SubjectRef
from munintl.model.markdown import plain_text
from munintl.plugins.kinds.followup.scope import find_followup, followup_scope
from munintl.plugins.kinds.followup.subjects import SubjectSections
from munintl.reports.building.base import BaseAssembly, BaseReportBuilder
from munintl.reports.building.blocks import fact, link, literal, strong
from munintl.reports.building.describe import (
    body_name,
    body_names,
    initiative_title,
    marked,
    municipality_name,
    theme_title,
)
from munintl.reports.building.scope import is_visible, report_time
from munintl.reports.building.sections import (
    ITEMS_MARKED,
    body_changes_table,
    day_as_datetime,
    funding_table,
    title_notes,
)
from munintl.reports.building.timeline import timeline_section
from munintl.reports.document import (
    Block,
    Heading,
    ListBlock,
    Metadata,
    Paragraph,
    Prose,
    ReportDocument,
    Table,
)

if TYPE_CHECKING:
    from munintl.reports.request import ReportRequest

KIND = "followup"


class _Assembly(BaseAssembly):
    """One follow-up document being built."""

    def __init__(
        self,
        portfolio: Portfolio,
        request: ReportRequest,
        codelists: Mapping[str, Codelist],
    ) -> None:
        super().__init__(portfolio, request, codelists)
        self.followup = find_followup(portfolio, request)
        self.scope = followup_scope(portfolio, request, self.followup)
        self.period = self.scope.period
        self.body = self.scope.body
        self.subjects = SubjectSections(portfolio, self.loc, self.scope)

    def _bodies(self, ids: Iterable[str]) -> str:
        return body_names(self.portfolio, self.loc, ids)

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
                items.append(fact(_("Link"), link(case.url)))
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
        _ = self.loc._
        strategies = [s for s in self.scope.strategies if is_visible(s, self.request)]
        if not strategies:
            return []
        heading = (
            _("The strategy in brief")
            if len(strategies) == 1
            else _("The strategies in brief")
        )
        blocks: list[Block] = [Heading(text=heading, level=2)]
        for strategy in strategies:
            blocks += self._strategy_in_brief(strategy)
        return blocks

    def _strategy_in_brief(self, strategy: Strategy) -> list[Block]:
        loc = self.loc
        _ = loc._
        title = loc.title(strategy.title, strategy.id)
        blocks: list[Block] = []
        facts = strong(marked(loc, title, strategy.illustrative))
        if strategy.period is not None:
            facts += f" ({literal(loc.period(strategy.period))})"
        adopted = self._adopted(strategy.adoption)
        if adopted:
            facts += ". " + literal(adopted)
        blocks.append(Paragraph(text=facts))
        blocks += loc.blocks(
            strategy.vision, title, _("Vision"), illustrative=strategy.illustrative
        )
        return blocks

    def _adopted(self, adoption: Adoption | None) -> str:
        """Say who adopted the strategy and when, leaving out what is unknown."""
        if adoption is None:
            return ""
        loc = self.loc
        body = body_name(self.portfolio, loc, adoption.body)
        when = loc.when(adoption.date)
        if body and when:
            return loc._("Adopted by {body} {when}.").format(body=body, when=when)
        if body:
            return loc._("Adopted by {body}.").format(body=body)
        if when:
            return loc._("Adopted {when}.").format(when=when)
        return ""

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
                    Prose(
                        marked(
                            loc,
                            text,
                            decision.illustrative and not self.scope.illustrative,
                        )
                    ),
                    "; ".join(self._subject_title(s) for s in decision.subjects),
                    decision.reference or "",
                )
            )
        return [
            Heading(text=_("Decisions taken"), level=2),
            Table(
                title=_("Decisions on this follow-up and its subjects"),
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
            return theme_title(loc, theme) if theme else subject.id
        goal = portfolio.goal(subject.id)
        return loc.text(goal.statement) or subject.id if goal else subject.id

    def _summary_table(self) -> list[Block]:
        loc = self.loc
        _ = loc._
        rows: list[tuple[str, str, str, str, str]] = []

        def row(subject: SubjectRef, title: str, kind: str, status: str | None) -> None:
            update = self.scope.updates.get(subject)
            rows.append(
                (
                    title,
                    kind,
                    loc.code(
                        "initiative-status",
                        update.status if update and update.status else status,
                    )
                    or (_("not given") if subject.kind == "initiative" else ""),
                    loc.code("progress-status", update.progress) if update else "",
                    _("received") if update else _("No update received."),
                )
            )

        for theme in self.scope.themes:
            subject = SubjectRef("theme", theme.id)
            row(
                subject,
                marked(loc, theme_title(loc, theme), theme.illustrative),
                _("Theme"),
                None,
            )
            for goal in self.scope.goals[theme.id]:
                goal_subject = SubjectRef("goal", goal.id)
                if goal_subject in self.scope.updates:
                    text = plain_text(loc.text(goal.statement)) or goal.id
                    row(
                        goal_subject,
                        marked(loc, text, goal.illustrative),
                        _("Goal"),
                        None,
                    )
        for initiative in self.scope.initiatives():
            title = marked(
                loc, initiative_title(loc, initiative), initiative.illustrative
            )
            row(
                SubjectRef("initiative", initiative.id),
                title,
                _("Initiative"),
                self.scope.initiative_status(initiative),
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

    def _bodies_changed(self) -> list[Block]:
        """The renamed, merged and joint bodies, with their members in the period."""
        bodies = [b for b in self.portfolio.bodies if is_visible(b, self.request)]
        table = body_changes_table(self.portfolio, self.loc, bodies, self.period)
        if table is None:
            return []
        return [Heading(text=self.loc._("Bodies"), level=2), table]

    def _funding(self) -> list[Block]:
        _ = self.loc._
        table = funding_table(
            self.loc,
            self.scope.initiatives(),
            _("Funding of the initiatives covered"),
            period=self.period,
        )
        if table is None:
            return []
        return [
            Heading(text=_("Funding"), level=2),
            Paragraph(
                text=_(
                    "Totals per currency of the funding lines that run in {period}"
                    " (a line without dates of its own runs for its initiative's"
                    " period); amounts in different currencies are not added up."
                ).format(period=self.loc.period(self.period)),
                style="note",
            ),
            table,
        ]

    def _timeline(self) -> list[Block]:
        loc = self.loc
        _ = loc._
        group_of = {
            i.id: theme_title(loc, theme)
            for theme in self.scope.themes
            for i in self.scope.sections[theme.id]
        }
        return timeline_section(
            loc,
            self.scope.initiatives(),
            self.scope.partnerships,
            group=lambda initiative: group_of.get(initiative.id),
            events=self.scope.events,
            title=_("Initiatives and partnerships over time"),
            window=self.period,
            day=self.scope.day,
        )

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
            body += self.subjects.theme(theme)
        if self.scope.other:
            body.append(Heading(text=_("Other initiatives"), level=2))
            for initiative in self.scope.other:
                body += self.subjects.initiative(initiative, 3)
        body += self.subjects.undated(self.scope.undated)
        if self.scope.partnerships:
            body.append(Heading(text=_("Partnerships"), level=2))
            for partnership in self.scope.partnerships:
                body += self.subjects.partnership(partnership)
        body += self._decisions()
        body += self._summary_table()
        body += self._funding()
        body += self._bodies_changed()
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
        illustrative: str | None
        if self.scope.illustrative:
            illustrative = _("This follow-up is illustrative sample data, not fact.")
        elif self.subjects.any_illustrative:
            illustrative = _(ITEMS_MARKED)
        else:
            illustrative = None
        head += title_notes(loc, illustrative)

        followup = self.followup
        if followup is not None and followup.is_frozen:
            generated = (
                day_as_datetime(followup.submitted) if followup.submitted else None
            )
        else:
            generated = report_time(self.request)
        metadata = Metadata(
            title=title,
            municipality=municipality_name(self.portfolio, loc),
            language=self.request.language,
            kind=KIND,
            body=body_name(self.portfolio, loc, self.body) if self.body else None,
            period=loc.period(self.period),
            case_reference=self._case_reference(),
            generated_at=generated,
        )
        return ReportDocument(metadata=metadata, blocks=tuple(head + body))


class FollowUpBuilder(BaseReportBuilder):
    """Build the follow-up document (see the module docstring).

    ``codelists`` default to the registered ones.  Raise
    :class:`~munintl.reports.building.ReportError` for an unknown follow-up or
    body, or a request with neither a follow-up nor a period.
    """

    assembly_type = _Assembly


__getattr__ = renamed(__name__, {"FollowUpReport": "FollowUpBuilder"}, globals())
