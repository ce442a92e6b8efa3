"""The ``overview`` report kind: the whole strategy in one document.

Vision, summary and principles; the strategy's documents; its themes and
goals; the initiatives by theme (an initiative under every theme it
serves); the partnerships with their history; how the work is organised
(the follow-up rule and the bodies); a timeline.  Where several strategy
documents are in force (a strategy and a separate partner-city policy),
each gets a section of its own.

Every status, event and date is as of the report's day: the end of the
request's period, or today.  With a period, only initiatives and
partnerships active in it are shown, and initiatives whose period is not
given are listed apart; the body of the request is not used.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING

from munintl._compat import renamed
from munintl.model import (
    Codelist,
    Goal,
    Initiative,
    PartialDate,
    Partnership,
    PartnershipEvent,
    Period,
    Portfolio,
    Strategy,
    StrategyDocument,
    Theme,
)
from munintl.reports.building.base import BaseAssembly, BaseReportBuilder
from munintl.reports.building.blocks import fact, literal, prose, strong
from munintl.reports.building.describe import (
    body_name,
    body_names,
    event_date,
    event_what,
    figure_row,
    funding_lines,
    goal_text,
    initiative_period,
    initiative_title,
    marked,
    municipality_name,
    partners,
    party_name,
    plan_actions,
    theme_title,
)
from munintl.reports.building.scope import (
    initiatives_in,
    initiatives_without_period,
    is_visible,
    partnerships_in,
    report_time,
    status_day,
    strategies_in_force,
)
from munintl.reports.building.sections import (
    ITEMS_MARKED,
    about_municipality,
    body_changes_table,
    description_blocks,
    partnership_facts,
    title_notes,
)
from munintl.reports.building.timeline import timeline_section
from munintl.reports.document import (
    Block,
    Heading,
    ListBlock,
    Metadata,
    Paragraph,
    ReportDocument,
    Table,
)

if TYPE_CHECKING:
    from munintl.reports.request import ReportRequest

KIND = "overview"


class _Assembly(BaseAssembly):
    """One overview document being built."""

    def __init__(
        self,
        portfolio: Portfolio,
        request: ReportRequest,
        codelists: Mapping[str, Codelist],
    ) -> None:
        super().__init__(portfolio, request, codelists)
        self.day = status_day(request.period, request.on)
        self.strategies = [
            s
            for s in strategies_in_force(portfolio, request.period, self.day)
            if is_visible(s, request)
        ]
        self.strategy = self.strategies[0] if self.strategies else None
        self.illustrative = False
        self.initiatives = initiatives_in(portfolio, request)
        self.undated = initiatives_without_period(portfolio, request)
        self.partnerships = partnerships_in(portfolio, request)
        self.themes: list[Theme] = [
            t
            for strategy in self.strategies
            for t in strategy.all_themes()
            if is_visible(t, request)
        ]

    def _mark(self, title: str, illustrative: bool) -> str:
        self.illustrative |= illustrative
        return marked(self.loc, title, illustrative)

    def _bodies(self, ids: tuple[str, ...]) -> str:
        return body_names(self.portfolio, self.loc, ids)

    # -- sections -------------------------------------------------------------

    def _strategy(self, strategy: Strategy, level: int = 2) -> list[Block]:
        loc = self.loc
        _ = loc._
        title = loc.title(strategy.title, strategy.id)
        facts = [fact(_("Status"), loc.code("strategy-status", strategy.status))]
        if strategy.period is not None:
            facts.append(fact(_("Period"), loc.period(strategy.period)))
        if strategy.adoption is not None:
            adoption = strategy.adoption
            if adoption.body:
                adopted_by = body_name(self.portfolio, loc, adoption.body)
                facts.append(fact(_("Adopted by"), adopted_by))
            if adoption.date:
                facts.append(fact(_("Adopted"), loc.date(adoption.date)))
        if strategy.supersedes:
            older = self.portfolio.strategy(strategy.supersedes)
            name = loc.title(older.title, older.id) if older else strategy.supersedes
            facts.append(fact(_("Replaces"), name))
        blocks: list[Block] = [ListBlock(items=tuple(facts))]
        if strategy.illustrative:
            self.illustrative = True
            blocks.append(
                Paragraph(
                    text=_("Illustrative sample data, not fact."), style="illustrative"
                )
            )
        ill = strategy.illustrative
        if strategy.vision:
            blocks.append(Heading(text=_("Vision"), level=level))
            blocks += loc.blocks(strategy.vision, title, _("Vision"), illustrative=ill)
        if strategy.summary:
            blocks.append(Heading(text=_("Summary"), level=level))
            blocks += loc.blocks(
                strategy.summary, title, _("Summary"), illustrative=ill
            )
        principles = [
            loc.marked(p, title, _("Principles")) for p in strategy.principles
        ]
        if any(principles):
            blocks.append(Heading(text=_("Principles"), level=level))
            blocks.append(ListBlock(items=tuple(p for p in principles if p)))
        documents = self._documents(strategy)
        if documents:
            blocks.append(Heading(text=_("Documents"), level=level))
            blocks.append(
                Table(
                    title=_("The strategy's documents"),
                    columns=(
                        _("Document"),
                        _("Kind"),
                        _("Issued by"),
                        _("Adopted by"),
                        _("Adopted"),
                        _("In force"),
                        _("Implements"),
                        _("Link"),
                        _("Actions"),
                    ),
                    rows=tuple(
                        (
                            self._mark(loc.title(d.title, d.id), d.illustrative),
                            loc.code("document-kind", d.kind),
                            body_name(self.portfolio, loc, d.issuer),
                            body_name(
                                self.portfolio,
                                loc,
                                d.adoption.body if d.adoption else None,
                            ),
                            loc.date(d.adoption.date if d.adoption else None),
                            loc.period(d.period),
                            self._themes_named(d.implements),
                            d.url or "",
                            plan_actions(loc, d, self.initiatives),
                        )
                        for d in documents
                    ),
                )
            )
        if strategy.decision_rights:
            blocks.append(Heading(text=_("Who decides on partnerships"), level=level))
            blocks.append(
                ListBlock(
                    items=tuple(
                        fact(
                            loc.code("partnership-kind", right.partnership_kind),
                            self._bodies(right.bodies),
                        )
                        for right in strategy.decision_rights
                    )
                )
            )
        return blocks

    def _documents(self, strategy: Strategy) -> list[StrategyDocument]:
        """The strategy's documents in force at the report's date or in its period."""
        when = self.request.period or Period(
            start=PartialDate.from_date(self.day), end=PartialDate.from_date(self.day)
        )
        return [
            d
            for d in strategy.documents
            if is_visible(d, self.request) and d.in_force(when)
        ]

    def _themes_named(self, ids: tuple[str, ...]) -> str:
        themes = (self.portfolio.theme(theme_id) for theme_id in ids)
        return "; ".join(
            theme_title(self.loc, theme) if theme else theme_id
            for theme, theme_id in zip(themes, ids, strict=True)
        )

    def _themes(self, strategy: Strategy, level: int = 2) -> list[Block]:
        loc = self.loc
        _ = loc._
        blocks: list[Block] = [Heading(text=_("Themes and goals"), level=level)]
        in_force = self._documents(strategy)

        def add(theme: Theme, level: int) -> None:
            if not is_visible(theme, self.request):
                return
            title = theme_title(loc, theme)
            blocks.append(
                Heading(text=self._mark(title, theme.illustrative), level=min(level, 6))
            )
            blocks.extend(description_blocks(loc, theme, title))
            goals = [g for g in theme.goals if is_visible(g, self.request)]
            if goals:
                blocks.append(Paragraph(text=strong(_("Goals"))))
                blocks.append(
                    ListBlock(items=tuple(self._goal(title, g) for g in goals))
                )
            # Paragraphs, not a list: a list right after the goals would read
            # as more goals.
            if theme.responsible:
                blocks.append(
                    Paragraph(
                        text=fact(_("Responsible"), self._bodies(theme.responsible))
                    )
                )
            if theme.reports_to:
                blocks.append(
                    Paragraph(
                        text=fact(_("Reports to"), self._bodies(theme.reports_to))
                    )
                )
            plans = [
                loc.title(d.title, d.id) for d in in_force if theme.id in d.implements
            ]
            if plans:
                blocks.append(
                    Paragraph(text=fact(_("Implemented by"), "; ".join(plans)))
                )
            for child in theme.themes:
                add(child, level + 1)

        for theme in strategy.themes:
            add(theme, level + 1)
        return blocks

    def _goal(self, theme_title: str, goal: Goal) -> str:
        return self._mark(goal_text(self.loc, goal, theme_title), goal.illustrative)

    def _initiative_rows(
        self, initiatives: list[Initiative]
    ) -> tuple[tuple[str, str, str, str, str, str, str], ...]:
        loc = self.loc
        _ = loc._
        rows = []
        for i in initiatives:
            status = i.status_on(self.day)
            rows.append(
                (
                    self._mark(initiative_title(loc, i), i.illustrative),
                    loc.code("initiative-kind", i.kind),
                    loc.code("initiative-status", status) if status else _("not given"),
                    initiative_period(loc, i, self.request.period),
                    self._bodies(i.responsible),
                    "; ".join(partners(self.portfolio, loc, i, self.request)),
                    "; ".join(
                        funding_lines(self.portfolio, loc, i, i.funding_by(self.day))
                    ),
                )
            )
        return tuple(rows)

    def _initiatives(self) -> list[Block]:
        loc = self.loc
        _ = loc._
        if not self.initiatives:
            return []
        columns = (
            _("Initiative"),
            _("Kind"),
            _("Status"),
            _("Period"),
            _("Responsible"),
            _("Partners"),
            _("Funding"),
        )
        sections: dict[str, list[Initiative]] = {t.id: [] for t in self.themes}
        goal_theme = {
            goal.id: theme.id for theme in self.themes for goal in theme.goals
        }
        other: list[Initiative] = []
        for initiative in self.initiatives:
            # Under every theme it serves, itself or through one of its goals.
            homes = [t for t in initiative.themes if t in sections]
            homes += [goal_theme[g] for g in initiative.goals if g in goal_theme]
            for home in dict.fromkeys(homes):
                sections[home].append(initiative)
            if not homes:
                other.append(initiative)
        blocks: list[Block] = [Heading(text=_("Initiatives by theme"), level=2)]
        for theme in self.themes:
            if not sections[theme.id]:
                continue
            title = theme_title(loc, theme)
            blocks.append(Heading(text=title, level=3))
            blocks.append(
                Table(
                    title=_("Initiatives: {theme}").format(theme=title),
                    columns=columns,
                    rows=self._initiative_rows(sections[theme.id]),
                )
            )
        if other:
            blocks.append(Heading(text=_("Initiatives without a theme"), level=3))
            blocks.append(
                Table(
                    title=_("Initiatives without a theme"),
                    columns=columns,
                    rows=self._initiative_rows(other),
                )
            )
        return blocks

    def _undated(self) -> list[Block]:
        """List the initiatives whose period is not given, for a report on a period."""
        loc = self.loc
        _ = loc._
        if not self.undated:
            return []
        period = loc.period(self.request.period)
        return [
            Heading(text=_("Period not given"), level=2),
            Paragraph(
                text=_(
                    "The period of these initiatives is not given, so it is not"
                    " known whether they were under way in {period}."
                ).format(period=period),
                style="note",
            ),
            Table(
                title=_("Initiatives whose period is not given"),
                columns=(
                    _("Initiative"),
                    _("Kind"),
                    _("Status"),
                    _("Period"),
                    _("Responsible"),
                    _("Partners"),
                    _("Funding"),
                ),
                rows=self._initiative_rows(self.undated),
            ),
        ]

    def _partnership(self, partnership: Partnership) -> list[Block]:
        portfolio, loc = self.portfolio, self.loc
        _ = loc._
        title = loc.title(partnership.title, partnership.id)
        blocks: list[Block] = [
            Heading(text=self._mark(title, partnership.illustrative), level=3)
        ]
        # The description is written as of today; for an earlier day it may
        # tell of what came after (see the follow-up's partnerships).
        if not any(e.last_day > self.day for e in partnership.events):
            blocks += description_blocks(loc, partnership, title)
        areas = [
            theme
            for a in partnership.areas
            if (theme := portfolio.theme(a)) is not None
            and is_visible(theme, self.request)
        ]
        blocks.append(
            partnership_facts(
                portfolio,
                loc,
                partnership,
                status=_("Status on {date}").format(date=loc.date(self.day)),
                day=self.day,
                parties=True,
                areas=areas,
            )
        )
        events = self._events(partnership)
        if events:
            blocks.append(
                Table(
                    title=_("History: {partnership}").format(partnership=title),
                    columns=(
                        _("Date"),
                        _("Event"),
                        _("Party"),
                        _("Decided by"),
                        _("Reference"),
                        _("Note"),
                    ),
                    rows=tuple(
                        (
                            event_date(loc, e),
                            self._mark(event_what(portfolio, loc, e), e.illustrative),
                            party_name(portfolio, loc, e.party)
                            if e.party
                            else _("all parties"),
                            body_name(portfolio, loc, e.decided_by),
                            e.reference or "",
                            prose(loc.text(e.note, title, _("Note"))),
                        )
                        for e in events
                    ),
                )
            )
        return blocks

    def _events(self, partnership: Partnership) -> list[PartnershipEvent]:
        """The visible events of ``partnership`` by the report's day, oldest first."""
        # In the history's order, which places events of unknown date too.
        return [
            e
            for e, _by in partnership.history()
            if is_visible(e, self.request) and e.first_day <= self.day
        ]

    def _organisation(self) -> list[Block]:
        portfolio, loc = self.portfolio, self.loc
        _ = loc._
        blocks: list[Block] = [Heading(text=_("Organisation"), level=2)]
        rule = self.strategy.follow_up if self.strategy is not None else None
        if rule is not None:
            frequency = loc.code("follow-up-frequency", rule.frequency)
            facts = [fact(_("Follow-up"), frequency)]
            if rule.prepared_by:
                facts.append(fact(_("Prepared by"), self._bodies(rule.prepared_by)))
            if rule.addressed_to:
                facts.append(fact(_("Addressed to"), self._bodies(rule.addressed_to)))
            blocks.append(ListBlock(items=tuple(facts)))
            blocks += loc.blocks(rule.description, _("Follow-up"), _("Description"))
        answers: dict[str, list[str]] = {}
        for theme in self.themes:
            for body in (*theme.responsible, *theme.reports_to):
                names = answers.setdefault(body, [])
                title = theme_title(loc, theme)
                if title not in names:
                    names.append(title)
        bodies = [b for b in portfolio.bodies if is_visible(b, self.request)]
        if bodies:
            blocks.append(
                Table(
                    title=_("Bodies"),
                    columns=(_("Body"), _("Type"), _("Part of"), _("Themes")),
                    rows=tuple(
                        (
                            self._mark(loc.name(b.name, b.id), b.illustrative),
                            loc.code("body-type", b.type),
                            body_name(portfolio, loc, b.parent),
                            "; ".join(answers.get(b.id, ())),
                        )
                        for b in bodies
                    ),
                )
            )
        changes = body_changes_table(portfolio, loc, bodies, self.request.period)
        if changes is not None:
            blocks.append(changes)
        return blocks

    def _municipality(self) -> list[Block]:
        """The municipality's description and context figures, if it has any."""
        loc = self.loc
        _ = loc._
        figures = self.portfolio.municipality.figures
        name = municipality_name(self.portfolio, loc)
        table = Table(
            title=_("{municipality} in figures").format(municipality=name),
            columns=(_("Figure"), _("Value"), _("As of")),
            rows=tuple(figure_row(loc, f, name) for f in figures),
        )
        return about_municipality(self.portfolio, loc, table if figures else None)

    def _timeline(self) -> list[Block]:
        _ = self.loc._
        group = {t.id: theme_title(self.loc, t) for t in self.themes}
        return timeline_section(
            self.loc,
            self.initiatives,
            self.partnerships,
            group=lambda i: next((group[t] for t in i.themes if t in group), None),
            events=self._events,
            title=_("Initiatives and partnerships over time"),
            window=self.request.period,
            day=self.day,
        )

    def document(self) -> ReportDocument:
        """Assemble the whole document."""
        loc = self.loc
        _ = loc._
        municipality = municipality_name(self.portfolio, loc)
        body: list[Block] = []
        if len(self.strategies) == 1:
            strategy = self.strategies[0]
            title = loc.title(strategy.title, strategy.id)
            body += self._strategy(strategy)
            body += self._themes(strategy)
        else:
            title = _("International work of {municipality}").format(
                municipality=municipality
            )
            # Several documents in force: each in a section of its own.
            for strategy in self.strategies:
                heading = loc.title(strategy.title, strategy.id)
                body.append(
                    Heading(text=self._mark(heading, strategy.illustrative), level=2)
                )
                body += self._strategy(strategy, 3)
                body += self._themes(strategy, 3)
        body += self._municipality()
        body += self._initiatives()
        body += self._undated()
        if self.partnerships:
            body.append(Heading(text=_("Partnerships"), level=2))
            for partnership in self.partnerships:
                body += self._partnership(partnership)
        body += self._organisation()
        body += self._timeline()
        body += loc.fallback_blocks()
        head: list[Block] = [Heading(text=title, level=1)]
        head += title_notes(loc, _(ITEMS_MARKED) if self.illustrative else None)
        head.append(
            Paragraph(
                text=literal(
                    _("Statuses are as of {date}.").format(date=loc.date(self.day))
                )
            )
        )
        period = self.request.period or (
            self.strategy.period
            if len(self.strategies) == 1 and self.strategy
            else None
        )
        return ReportDocument(
            metadata=Metadata(
                title=title,
                municipality=municipality,
                language=self.request.language,
                kind=KIND,
                period=loc.period(period) or None,
                generated_at=report_time(self.request),
            ),
            blocks=tuple(head + body),
        )


class OverviewBuilder(BaseReportBuilder):
    """Build the strategy overview (see the module docstring).

    ``codelists`` default to the registered ones.
    """

    assembly_type = _Assembly


__getattr__ = renamed(__name__, {"OverviewReport": "OverviewBuilder"}, globals())
