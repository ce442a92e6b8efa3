"""The sections on the subjects of a follow-up, each with its status update.

A theme with its goals, an initiative with its facts, partners and funding,
a partnership with its status and events in the period; each ends with the
status update on it, or "No update received".
"""

from __future__ import annotations

from collections.abc import Iterable

from munintl.model import (
    Initiative,
    Partnership,
    PartnershipEvent,
    Portfolio,
    SubjectRef,
    Theme,
)
from munintl.plugins.kinds.followup.scope import FollowUpScope
from munintl.reports.building.blocks import (
    ParagraphStyle,
    fact,
    labelled,
    literal,
    strong,
)
from munintl.reports.building.describe import (
    body_name,
    body_names,
    event_date,
    event_what,
    funding_lines,
    goal_text,
    initiative_period,
    initiative_title,
    marked,
    partners,
    party_name,
    theme_title,
)
from munintl.reports.building.localize import Localizer
from munintl.reports.building.scope import is_visible
from munintl.reports.building.sections import description_blocks, partnership_facts
from munintl.reports.document import Block, Heading, ListBlock, Paragraph


class SubjectSections:
    """Write the sections on the subjects a follow-up covers.

    ``any_illustrative`` tells, once they are written, whether any of them
    showed sample data.
    """

    def __init__(
        self, portfolio: Portfolio, loc: Localizer, scope: FollowUpScope
    ) -> None:
        self.portfolio = portfolio
        self.loc = loc
        self.scope = scope
        self.any_illustrative = scope.illustrative

    def _bodies(self, ids: Iterable[str]) -> str:
        return body_names(self.portfolio, self.loc, ids)

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
        update = self.scope.updates.get(subject)
        lead = Paragraph(text=strong(_("Status update")))
        if update is None:
            return [lead, Paragraph(text=_("No update received."), style="note")]
        # In an illustrative follow-up the notice at the top covers every
        # update; otherwise an illustrative update is marked where it stands.
        illustrative = update.illustrative and not self.scope.illustrative
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

    def theme(self, theme: Theme) -> list[Block]:
        """Write a theme: its goals, its update and the initiatives under it."""
        loc = self.loc
        _ = loc._
        title = theme_title(loc, theme)
        blocks = self._heading(title, 2, theme.illustrative)
        style = self._style(theme.illustrative)
        blocks += description_blocks(loc, theme, title)
        goals = self.scope.goals[theme.id]
        if goals:
            blocks.append(Paragraph(text=strong(_("Goals")), style=style))
            blocks.append(
                ListBlock(
                    items=tuple(
                        # With its indicators: an amount in its currency.
                        marked(loc, goal_text(loc, g, title), g.illustrative)
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
            if subject not in self.scope.updates:
                continue
            statement = loc.text(goal.statement, title, _("Goal")) or goal.id
            blocks += self._heading(
                _("Goal: {goal}").format(goal=statement), 3, goal.illustrative
            )
            blocks += self._update(subject, statement)
        for initiative in self.scope.sections[theme.id]:
            blocks += self.initiative(initiative, 3)
        return blocks

    def initiative(self, initiative: Initiative, level: int) -> list[Block]:
        """Write an initiative under a heading of ``level``, with its update."""
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
        status = self.scope.initiative_status(initiative)
        facts = [
            fact(_("Kind"), loc.code("initiative-kind", initiative.kind)),
            fact(
                _("Status"),
                loc.code("initiative-status", status) if status else _("not given"),
            ),
            fact(
                _("Period"),
                initiative_period(
                    loc, initiative, None if self.scope.ad_hoc else self.scope.period
                ),
            ),
        ]
        if initiative.responsible:
            facts.append(fact(_("Responsible"), self._bodies(initiative.responsible)))
        if initiative.parent:
            parent = portfolio.initiative(initiative.parent)
            if parent is not None and is_visible(parent, self.scope.request):
                facts.append(fact(_("Part of"), initiative_title(loc, parent)))
        if initiative.partnership:
            partnership = portfolio.partnership(initiative.partnership)
            if partnership is not None and is_visible(partnership, self.scope.request):
                name = loc.title(partnership.title, partnership.id)
                facts.append(fact(_("Partnership"), name))
        found = partners(portfolio, loc, initiative, self.scope.request)
        facts.append(
            fact(_("Partners"), "; ".join(found) if found else _("none named"))
        )
        # Funding approved after the report's day is not shown.
        funding = initiative.funding_by(self.scope.day)
        lines = funding_lines(portfolio, loc, initiative, funding)
        if len(lines) == 1:
            facts.append(fact(_("Funding"), lines[0]))
        elif lines:
            amounts = [f.amount for f in funding if f.amount is not None]
            total = "; ".join(loc.totals(amounts)) or _("amounts not given")
            facts.append(fact(_("Funding"), total))
        blocks.append(ListBlock(items=tuple(facts)))
        if len(lines) > 1:
            blocks.append(Paragraph(text=strong(_("Funding lines"))))
            blocks.append(ListBlock(items=tuple(literal(line) for line in lines)))
        blocks += self._update(SubjectRef("initiative", initiative.id), title)
        return blocks

    def partnership(self, partnership: Partnership) -> list[Block]:
        """Write a partnership: its status at the end, events and update."""
        loc = self.loc
        _ = loc._
        title = loc.title(partnership.title, partnership.id)
        blocks = self._heading(title, 3, partnership.illustrative)
        day = self.scope.day
        # The description is written as of today: once something has happened
        # since the report's day it may tell of it (a 2011 follow-up must not
        # tell of 2023), so the dated facts and events stand alone then.
        if not any(e.last_day > day for e in partnership.events):
            blocks += description_blocks(loc, partnership, title)
        status = (
            _("Status at the end of the period")
            if day == self.scope.last and not self.scope.ad_hoc
            else _("Status on {date}").format(date=loc.date(self.scope.as_of or day))
        )
        blocks.append(
            partnership_facts(self.portfolio, loc, partnership, status=status, day=day)
        )
        events = self.scope.events(partnership)
        if events:
            # A review covering no fixed period tells the whole history.
            heading = (
                _("History")
                if self.scope.ad_hoc
                else _("Events in {period}").format(
                    period=loc.period(self.scope.period)
                )
            )
            blocks.append(Paragraph(text=strong(heading)))
            blocks.append(ListBlock(items=tuple(self._event(e) for e in events)))
        blocks += self._update(SubjectRef("partnership", partnership.id), title)
        return blocks

    def undated(self, initiatives: Iterable[Initiative]) -> list[Block]:
        """List the initiatives whose period is not given, under their own heading.

        They serve what the follow-up covers, but whether they ran in its
        period is not known, so they get no section of their own.
        """
        loc = self.loc
        _ = loc._
        items = []
        for initiative in initiatives:
            title = marked(
                loc, initiative_title(loc, initiative), initiative.illustrative
            )
            self.any_illustrative |= initiative.illustrative
            items.append(
                f"{title} ({loc.code('initiative-kind', initiative.kind)})"
                if initiative.kind
                else title
            )
        if not items:
            return []
        return [
            Heading(text=_("Period not given"), level=2),
            Paragraph(
                text=_(
                    "These initiatives serve what this follow-up covers, but their"
                    " period is not given, so it is not known whether they were"
                    " under way in {period}. Give their period, or a status"
                    " update, to report on them."
                ).format(period=loc.period(self.scope.period)),
                style="note",
            ),
            ListBlock(items=tuple(items)),
        ]

    def _event(self, event: PartnershipEvent) -> str:
        portfolio, loc = self.portfolio, self.loc
        _ = loc._
        what = event_what(portfolio, loc, event, carried_on=False)
        text = f"{event_date(loc, event)}: {what}"
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
        text = literal(text)
        note = loc.text(event.note)
        if note:
            text += f" \u2014 {note}"
        return marked(loc, text, event.illustrative)
