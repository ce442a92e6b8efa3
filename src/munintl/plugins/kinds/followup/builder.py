"""The ``followup`` report kind: the yearly follow-up to a political body.

Built for a :class:`~munintl.model.FollowUp` record, or -- given only a
period and, optionally, a body -- as a draft from the portfolio.  The
document holds the case reference, summary, recommendation and decisions
requested; the strategy's vision in brief; for each theme the body answers
for, its goals and every goal, initiative and partnership covered with its
status update, funding and partners; partnership events in the period;
decisions taken; a summary table, funding per currency and a timeline.
A follow-up that covers no fixed period (an ad-hoc review) says so, the
date it is made as of and the subjects it covers, in place of a period.

A subject active in the period without an update is listed as "No update
received", never dropped.  A submitted follow-up renders the same document
every time: it is dated by its submission, shows only its own updates and
reads partnership statuses as of the end of its period.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import TYPE_CHECKING

from munintl._compat import renamed
from munintl.model import (
    SUBJECT_KINDS,
    Adoption,
    Codelist,
    Decision,
    Portfolio,
    Strategy,
    SubjectRef,
)
from munintl.model.markdown import plain_text
from munintl.plugins.kinds.followup.scope import find_followup, followup_scope
from munintl.plugins.kinds.followup.subjects import SubjectSections
from munintl.reports.building.base import BaseAssembly, BaseReportBuilder
from munintl.reports.building.blocks import fact, literal, strong, text_blocks
from munintl.reports.building.describe import (
    body_name,
    body_names,
    document_in_brief,
    initiative_title,
    marked,
    municipality_name,
    subject_title,
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
    Facts,
    Heading,
    ListBlock,
    Metadata,
    Paragraph,
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
        as_of = self.scope.as_of
        title = (
            _("Follow-up on international work as of {date}").format(
                date=loc.date(as_of)
            )
            if as_of is not None
            else _("Follow-up on international work {period}").format(
                period=loc.period(self.period)
            )
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

    @property
    def is_record(self) -> bool:
        """Tell whether the document is the record after the meeting.

        A follow-up the body has noted or decided, or one with decisions
        recorded, reads as minutes (*referat*); otherwise it is the proposal.
        """
        followup = self.followup
        if followup is None:
            return False
        return followup.state in ("noted", "decided") or bool(self._decisions_taken())

    def _decisions_taken(self) -> list[Decision]:
        if self.followup is None:
            return []
        decisions = [d for d in self.followup.decisions if is_visible(d, self.request)]
        return sorted(decisions, key=lambda d: d.date.sort_key())

    def _purpose(self) -> str:
        """Return the case type: for decision or for information."""
        _ = self.loc._
        followup = self.followup
        purpose = followup.case.purpose if followup and followup.case else None
        if purpose is None:
            requested = followup is not None and any(followup.decisions_requested)
            purpose = "decision" if requested else "information"
        return _("For decision") if purpose == "decision" else _("For information")

    def _header(self) -> Facts:
        """The header block: municipality, committee, meeting, case number, ..."""
        portfolio, loc = self.portfolio, self.loc
        _ = loc._
        followup = self.followup
        case = followup.case if followup else None
        items: list[tuple[str, str]] = [
            (_("Municipality"), municipality_name(portfolio, loc))
        ]
        if self.body is not None:
            items.append((_("Committee"), body_name(portfolio, loc, self.body)))
        if case is not None and case.meeting:
            items.append((_("Meeting date"), loc.date(case.meeting)))
        if case is not None and case.number:
            items.append((_("Case number"), case.number))
        if case is not None and case.agenda_item:
            items.append((_("Item number"), case.agenda_item))
        items.append((_("Case type"), self._purpose()))
        items += self._coverage()
        if followup is None:
            return Facts(title=_("Agenda item"), items=tuple(items))
        items.append(
            (_("Kind of follow-up"), loc.code("follow-up-kind", followup.kind))
        )
        if followup.prepared_by:
            items.append((_("Prepared by"), self._bodies(followup.prepared_by)))
        if followup.due and not self.is_record:
            items.append((_("Due"), loc.date(followup.due)))
        if followup.submitted:
            items.append((_("Submitted"), loc.date(followup.submitted)))
        items.append((_("State"), loc.code("follow-up-state", followup.state)))
        items += self._correction()
        if case is not None and case.url:
            items.append((_("Link"), case.url))
        title = _("Minutes") if self.is_record else _("Agenda item")
        return Facts(title=title, items=tuple(items))

    def _coverage(self) -> list[tuple[str, str]]:
        """Say what the follow-up covers: its period, or its date and subjects.

        A follow-up covering no fixed period has none to give; it says so,
        the date it is made as of and the subjects it names.
        """
        loc = self.loc
        _ = loc._
        if self.scope.as_of is None:
            return [(_("Period"), loc.period(self.period))]
        scope = self.scope
        # What it names and the document shows (an internal subject stays
        # out), themes first, then goals, initiatives and partnerships.
        shown = {SubjectRef("theme", t.id) for t in scope.themes}
        shown |= {SubjectRef("goal", g.id) for gs in scope.goals.values() for g in gs}
        shown |= {SubjectRef("initiative", i.id) for i in scope.initiatives()}
        shown |= {SubjectRef("partnership", p.id) for p in scope.partnerships}
        named = sorted(
            (s for s in scope.named or () if s in shown),
            key=lambda s: (SUBJECT_KINDS.index(s.kind), s.id),
        )
        covers = "; ".join(self._subject_title(s) for s in named)
        items = [
            (_("Period"), _("no fixed period")),
            (_("As of"), loc.date(self.scope.as_of)),
        ]
        if covers:
            items.append((_("Covers"), covers))
        return items

    def _correction(self) -> list[tuple[str, str]]:
        """Say which follow-up this one corrects, when it was submitted, and why.

        A correction of a frozen follow-up is a new revision
        (:func:`~munintl.followround.correct_followup`); its header names
        the follow-up it replaces and carries the revision note.
        """
        loc = self.loc
        _ = loc._
        followup = self.followup
        if followup is None or followup.revises is None:
            return []
        original = self.portfolio.followup(followup.revises)
        name = followup.revises
        if original is not None and original.title:
            name = _("{title} ({id})").format(
                title=loc.title(original.title, original.id), id=original.id
            )
        if original is not None and original.submitted:
            name = _("{followup}, submitted {date}").format(
                followup=name, date=loc.date(original.submitted)
            )
        items = [(_("Corrects"), name)]
        note = plain_text(
            loc.text(followup.revision_note, self._title(), _("Reason for correction"))
        )
        if note:
            items.append((_("Reason for correction"), " ".join(note.split())))
        return items

    def _recommendation(self) -> list[Block]:
        """*Indstilling*: who recommends what, the decisions requested numbered."""
        loc = self.loc
        _ = loc._
        followup = self.followup
        if followup is None:
            return []
        title = self._title()
        blocks: list[Block] = []
        requested = [
            loc.text(item, title, _("Decisions requested"))
            for item in followup.decisions_requested
        ]
        requested = [text for text in requested if text]
        if requested:
            lead = (
                _("The administration ({bodies}) recommends that").format(
                    bodies=self._bodies(followup.prepared_by)
                )
                if followup.prepared_by
                else _("The administration recommends that")
            )
            blocks.append(Paragraph(text=literal(lead)))
            blocks.append(ListBlock(items=tuple(requested), ordered=True))
        if followup.recommendation:
            blocks += loc.blocks(followup.recommendation, title, _("Recommendation"))
        if not blocks:
            return []
        return [Heading(text=_("Recommendation"), level=2), *blocks]

    def _background(self) -> list[Block]:
        """*Baggrund*: the strategy (or strategies) the follow-up reports on."""
        _ = self.loc._
        strategies = [s for s in self.scope.strategies if is_visible(s, self.request)]
        blocks: list[Block] = []
        for strategy in strategies:
            blocks += self._strategy_in_brief(strategy)
        if not blocks:
            return []
        return [Heading(text=_("Background"), level=2), *blocks]

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
        # Every document of the strategy in force in the period followed up:
        # a partner-city policy, the action plans and what they implement.
        documents = [
            document_in_brief(self.portfolio, loc, d)
            for d in strategy.documents
            if is_visible(d, self.request) and d.in_force(self.scope.in_force)
        ]
        if documents:
            blocks.append(Paragraph(text=strong(_("Documents in force"))))
            blocks.append(ListBlock(items=tuple(documents)))
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

    def _decision(self) -> list[Block]:
        """*Beslutning*: each decision taken, with its body and date (the record)."""
        portfolio, loc = self.portfolio, self.loc
        _ = loc._
        blocks: list[Block] = []
        for decision in self._decisions_taken():
            body = body_name(portfolio, loc, decision.body)
            said = f"{body}, {loc.date(decision.date)}:"
            outcome = loc.code("decision-outcome", decision.outcome)
            if decision.recommended_to:
                outcome = _("{outcome}, recommended to {body}").format(
                    outcome=outcome,
                    body=body_name(portfolio, loc, decision.recommended_to),
                )
            blocks.append(Paragraph(text=f"{strong(said)} {literal(outcome)}"))
            text = loc.text(decision.text, self._title(), _("Decision"))
            illustrative = decision.illustrative and not self.scope.illustrative
            blocks += text_blocks(
                marked(loc, text, illustrative) if text else "",
                "illustrative" if illustrative else "normal",
            )
            if decision.subjects:
                concerns = "; ".join(self._subject_title(s) for s in decision.subjects)
                blocks.append(Paragraph(text=fact(_("Concerns"), concerns)))
            if decision.reference:
                blocks.append(Paragraph(text=fact(_("Reference"), decision.reference)))
        if not blocks:
            return []
        return [Heading(text=_("Decision"), level=2), *blocks]

    def _subject_title(self, subject: SubjectRef) -> str:
        return subject_title(self.portfolio, self.loc, subject)

    def _status_table(self) -> Table:
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
        return Table(
            title=_("Status of every subject covered"),
            columns=(
                _("Subject"),
                _("Type"),
                _("Status"),
                _("Progress"),
                _("Update"),
            ),
            rows=tuple(rows),
        )

    def _bodies_changed(self) -> list[Block]:
        """The renamed, merged and joint bodies, with their members in the period."""
        bodies = [b for b in self.portfolio.bodies if is_visible(b, self.request)]
        table = body_changes_table(self.portfolio, self.loc, bodies, self.period)
        if table is None:
            return []
        return [Heading(text=self.loc._("Bodies"), level=2), table]

    def _case_description(self) -> list[Block]:
        """*Sagsfremstilling*: the summary and every subject's status in brief."""
        loc = self.loc
        _ = loc._
        blocks: list[Block] = []
        if self.followup is not None and self.followup.summary:
            blocks += loc.blocks(self.followup.summary, self._title(), _("Summary"))
        blocks.append(
            Paragraph(
                text=literal(
                    _(
                        "The table gives the status of every subject covered; annex"
                        " {number} has each theme, goal, initiative and partnership"
                        " with its status update."
                    ).format(number=1)
                )
            )
        )
        blocks.append(self._status_table())
        return [Heading(text=_("Case description"), level=2), *blocks]

    def _economy(self) -> list[Block]:
        """*Økonomi*: funding per currency in the period, or that there is none.

        A follow-up covering no fixed period counts the funding lines that
        have run by its date.
        """
        loc = self.loc
        _ = loc._
        if self.scope.as_of is not None:
            when = {"date": loc.date(self.scope.as_of)}
            none = _(
                "No funding line with an amount has run by {date} for the"
                " initiatives covered."
            )
            note = _(
                "Totals per currency of the funding lines that have run by {date}"
                " (a line without dates of its own runs for its initiative's"
                " period); amounts in different currencies are not added up."
            )
        else:
            when = {"period": loc.period(self.period)}
            none = _(
                "No funding line with an amount runs in {period} for the"
                " initiatives covered."
            )
            note = _(
                "Totals per currency of the funding lines that run in {period}"
                " (a line without dates of its own runs for its initiative's"
                " period); amounts in different currencies are not added up."
            )
        table = funding_table(
            loc,
            self.scope.initiatives(),
            _("Funding of the initiatives covered"),
            period=self.period,
        )
        heading = Heading(text=_("Financial implications"), level=2)
        if table is None:
            return [heading, Paragraph(text=literal(none.format(**when)))]
        return [
            heading,
            Paragraph(text=note.format(**when), style="note"),
            table,
        ]

    def _status_annex(self) -> list[Block]:
        """The detail: each theme, goal, initiative and partnership covered."""
        _ = self.loc._
        blocks: list[Block] = []
        for theme in self.scope.themes:
            blocks += self.subjects.theme(theme)
        if self.scope.other:
            blocks.append(Heading(text=_("Other initiatives"), level=2))
            for initiative in self.scope.other:
                blocks += self.subjects.initiative(initiative, 3)
        blocks += self.subjects.undated(self.scope.undated)
        if self.scope.partnerships:
            blocks.append(Heading(text=_("Partnerships"), level=2))
            for partnership in self.scope.partnerships:
                blocks += self.subjects.partnership(partnership)
        blocks += self._bodies_changed()
        return blocks

    def _timeline(self) -> list[Block]:
        """The timeline figure, without the heading its section comes with."""
        loc = self.loc
        _ = loc._
        group_of = {
            i.id: theme_title(loc, theme)
            for theme in self.scope.themes
            for i in self.scope.sections[theme.id]
        }
        blocks = timeline_section(
            loc,
            self.scope.initiatives(),
            self.scope.partnerships,
            group=lambda initiative: group_of.get(initiative.id),
            events=self.scope.events,
            title=_("Initiatives and partnerships over time"),
            window=self.period,
            day=self.scope.day,
        )
        return [block for block in blocks if not isinstance(block, Heading)]

    def _annexes(self) -> list[tuple[str, list[Block]]]:
        """Return the annexes (*bilag*), each its title and its blocks."""
        _ = self.loc._
        annexes = [(_("Status per theme and subject"), self._status_annex())]
        timeline = self._timeline()
        if timeline:
            annexes.append((_("Initiatives and partnerships over time"), timeline))
        return [(title, blocks) for title, blocks in annexes if blocks]

    def document(self) -> ReportDocument:
        """Assemble the whole document: the agenda item, then its annexes."""
        loc = self.loc
        _ = loc._
        title = self._title()
        body: list[Block] = []
        body += self._recommendation()
        body += self._background()
        body += self._case_description()
        body += self._economy()
        annexes = self._annexes()
        if annexes:
            body.append(Heading(text=_("Annexes"), level=2))
            body.append(
                ListBlock(
                    items=tuple(
                        literal(_("Annex {number}: {title}").format(number=n, title=t))
                        for n, (t, _blocks) in enumerate(annexes, start=1)
                    ),
                )
            )
        if self.is_record:
            body += self._decision()
        annex_blocks: list[Block] = []
        for number, (annex, blocks) in enumerate(annexes, start=1):
            heading = _("Annex {number}: {title}").format(number=number, title=annex)
            annex_blocks.append(Heading(text=heading, level=1, new_page=True))
            annex_blocks += blocks
        body += loc.fallback_blocks()
        body += annex_blocks

        head: list[Block] = [Heading(text=title, level=1), self._header()]
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
        case = followup.case if followup else None
        metadata = Metadata(
            title=title,
            municipality=municipality_name(self.portfolio, loc),
            language=self.request.language,
            kind=KIND,
            body=body_name(self.portfolio, loc, self.body) if self.body else None,
            period=self._period_text(),
            case_reference=self._case_reference(),
            case_number=case.number if case else None,
            generated_at=generated,
        )
        return ReportDocument(metadata=metadata, blocks=tuple(head + body))

    def _period_text(self) -> str:
        """The period in a line of metadata, or the date of a review without one."""
        loc = self.loc
        if self.scope.as_of is not None:
            return loc._("Status on {date}").format(date=loc.date(self.scope.as_of))
        return loc.period(self.period)


class FollowUpBuilder(BaseReportBuilder):
    """Build the follow-up document (see the module docstring).

    ``codelists`` default to the registered ones.  Raise
    :class:`~munintl.reports.building.ReportError` for an unknown follow-up or
    body, or a request with neither a follow-up nor a period.
    """

    assembly_type = _Assembly


__getattr__ = renamed(__name__, {"FollowUpReport": "FollowUpBuilder"}, globals())
