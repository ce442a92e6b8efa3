"""The ``register`` report kind: every initiative and partnership, one row each.

Made for spreadsheets: one table whose rows are the initiatives, then the
partnerships, with their key fields in typed cells -- counts as integers,
amounts as decimals in one column per currency (never summed across
currencies), dates as ISO partial dates (``2010``, ``2008-10``,
``2008-10-06``), so they sort.  With a period in the request, only what is
active in it is listed, statuses are read at its end and the funding
columns sum the lines that run in it; initiatives whose period is not given
are named below the table instead.  Otherwise statuses are as of today.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import TYPE_CHECKING

from munintl._compat import renamed
from munintl.model import (
    Codelist,
    Initiative,
    PartialDate,
    Partnership,
    Period,
    Portfolio,
    totals,
)
from munintl.plugins.kinds.register import tables as tables_
from munintl.reports.building.base import BaseAssembly, BaseReportBuilder
from munintl.reports.building.blocks import literal
from munintl.reports.building.describe import (
    amounts_of,
    body_names,
    initiative_title,
    municipality_name,
    partners,
    partnership_end,
    partnership_status,
    party_name,
    plan_titles,
    recurrence_text,
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
from munintl.reports.building.sections import body_changes_table, title_notes
from munintl.reports.document import (
    Block,
    Cell,
    Heading,
    ListBlock,
    Metadata,
    Paragraph,
    ReportDocument,
    Table,
)

if TYPE_CHECKING:
    from munintl.reports.request import ReportRequest

KIND = "register"


def _iso(value: PartialDate | None) -> str | None:
    return str(value) if value is not None else None


def _earliest(dates: Iterable[PartialDate | None]) -> PartialDate | None:
    """The earliest of the dates given (a partnership's start: its first party in)."""
    known = [d for d in dates if d is not None]
    return min(known, key=lambda d: d.sort_key()) if known else None


class _Assembly(BaseAssembly):
    """One register being built."""

    def __init__(
        self,
        portfolio: Portfolio,
        request: ReportRequest,
        codelists: Mapping[str, Codelist],
    ) -> None:
        super().__init__(portfolio, request, codelists)
        self.day = status_day(request.period, request.on)
        self.initiatives = initiatives_in(portfolio, request)
        self.undated = initiatives_without_period(portfolio, request)
        self.partnerships = partnerships_in(portfolio, request)
        self.currencies = sorted(
            {m.currency for m in amounts_of(self.initiatives, request.period)}
        )

    def _themes(self, ids: tuple[str, ...]) -> str:
        titles = []
        for theme_id in ids:
            theme = self.portfolio.theme(theme_id)
            if theme is not None and is_visible(theme, self.request):
                titles.append(self.loc.title(theme.title, theme.id))
        return "; ".join(titles)

    def _partner_count(self, initiative: Initiative) -> int:
        """Count the partners like :meth:`Initiative.partner_count`, visible only."""

        def shown(actor_id: str) -> bool:
            actor = self.portfolio.actor(actor_id)
            return actor is None or is_visible(actor, self.request)

        return initiative.partner_count(shown)

    def _visibility(self, value: str) -> str:
        _ = self.loc._
        return _("internal") if value == "internal" else _("public")

    def columns(self) -> tuple[str, ...]:
        _ = self.loc._
        return (
            _("Type"),
            _("ID"),
            _("Title"),
            _("Acronym"),
            _("Kind"),
            _("Status"),
            _("Start"),
            _("End"),
            _("Themes"),
            _("Responsible"),
            _("Partners"),
            _("Number of partners"),
            _("Partnership"),
            _("Part of"),
            *(_("Funding ({currency})").format(currency=c) for c in self.currencies),
            _("Funding sources"),
            _("Review"),
            _("Expires"),
            _("Illustrative"),
            _("Visibility"),
            _("Links"),
            _("Recurrence"),
            _("Occurrences"),
            _("Run by"),
            _("In plans"),
        )

    def initiative_row(self, initiative: Initiative) -> tuple[Cell, ...]:
        portfolio, loc = self.portfolio, self.loc
        _ = loc._
        sums = totals(amounts_of([initiative], self.request.period))
        status = initiative.status_on(self.day)
        sources = [
            party_name(portfolio, loc, line.funder)
            if line.funder
            else loc.code("funding-programme", line.programme)
            for line in (
                initiative.funding
                if self.request.period is None
                else initiative.funding_in(self.request.period)
            )
        ]
        partnership = (
            portfolio.partnership(initiative.partnership)
            if initiative.partnership
            else None
        )
        parent = portfolio.initiative(initiative.parent) if initiative.parent else None
        period = initiative.period
        return (
            _("Initiative"),
            initiative.id,
            initiative_title(loc, initiative),
            initiative.acronym,
            loc.code("initiative-kind", initiative.kind),
            loc.code("initiative-status", status) if status else _("not given"),
            _iso(period.start if period else None),
            _iso(period.end if period else None),
            self._themes(initiative.themes),
            body_names(portfolio, loc, initiative.responsible),
            "; ".join(partners(portfolio, loc, initiative, self.request)),
            self._partner_count(initiative),
            loc.title(partnership.title, partnership.id)
            if partnership is not None and is_visible(partnership, self.request)
            else None,
            initiative_title(loc, parent)
            if parent is not None and is_visible(parent, self.request)
            else None,
            *(sums.get(c) for c in self.currencies),
            "; ".join(s for s in dict.fromkeys(sources) if s) or None,
            None,
            None,
            loc.yes_no(initiative.illustrative),
            self._visibility(initiative.visibility),
            " ".join(link.url for link in initiative.links) or None,
            *self._recurrence(initiative),
            None,
            plan_titles(portfolio, loc, initiative) or None,
        )

    def _recurrence(self, initiative: Initiative) -> tuple[Cell, Cell]:
        """How often the initiative recurs, and its occurrences as ISO dates.

        The occurrences are those in the request's period, else those up to
        the register's day.
        """
        recurrence = initiative.recurrence
        if recurrence is None:
            return None, None
        window = self.request.period or Period(end=PartialDate.from_date(self.day))
        dates = initiative.occurrences_in(window)
        return (
            recurrence_text(self.loc, recurrence),
            "; ".join(str(date) for date in dates) or None,
        )

    def partnership_row(self, partnership: Partnership) -> tuple[Cell, ...]:
        portfolio, loc = self.portfolio, self.loc
        _ = loc._
        others = [p for p in partnership.party_ids() if p != portfolio.municipality.id]
        return (
            _("Partnership"),
            partnership.id,
            loc.title(partnership.title, partnership.id),
            None,
            loc.code("partnership-kind", partnership.kind_on(self.day)),
            partnership_status(portfolio, loc, partnership, self.day),
            _iso(_earliest(partnership.established(self.day).values())),
            _iso(partnership_end(partnership, self.day)),
            "; ".join(
                t
                for t in (
                    self._themes(partnership.areas),
                    *(loc.text(topic) for topic in partnership.topics),
                )
                if t
            ),
            body_names(
                portfolio,
                loc,
                portfolio.deciding_bodies(partnership.kind_on(self.day), self.day)
                or (),
            )
            or None,
            "; ".join(party_name(portfolio, loc, p) for p in others),
            len(others),
            None,
            None,
            *(None for _c in self.currencies),
            None,
            _iso(partnership.review),
            _iso(partnership.expires),
            loc.yes_no(partnership.illustrative),
            self._visibility(partnership.visibility),
            " ".join(link.url for link in partnership.links) or None,
            None,
            None,
            body_names(portfolio, loc, partnership.kept_by) or None,
            None,
        )

    def more_tables(self) -> list[Block]:
        """The tables beside the register: documents, histories, figures."""
        portfolio, loc, request = self.portfolio, self.loc, self.request
        strategies = [
            s
            for s in strategies_in_force(portfolio, request.period, self.day)
            if is_visible(s, request)
        ]
        when = request.period or Period(
            start=PartialDate.from_date(self.day), end=PartialDate.from_date(self.day)
        )
        bodies = [b for b in portfolio.bodies if is_visible(b, request)]
        tables = (
            tables_.documents_table(
                portfolio, loc, strategies, when, request, initiatives=self.initiatives
            ),
            tables_.decision_rights_table(portfolio, loc, strategies),
            tables_.history_table(portfolio, loc, self.partnerships, self.day, request),
            tables_.indicators_table(loc, strategies, self.initiatives, request),
            tables_.organisations_table(portfolio, loc, request),
            body_changes_table(portfolio, loc, bodies, request.period),
        )
        blocks: list[Block] = [t for t in tables if t is not None]
        followups = tables_.followups_in(portfolio, request)
        blocks += tables_.followup_tables(portfolio, loc, followups)
        return blocks + tables_.municipality_blocks(portfolio, loc)

    def document(self) -> ReportDocument:
        loc = self.loc
        _ = loc._
        municipality = municipality_name(self.portfolio, loc)
        title = _("Register of initiatives and partnerships: {municipality}").format(
            municipality=municipality
        )
        rows = [self.initiative_row(i) for i in self.initiatives]
        rows += [self.partnership_row(p) for p in self.partnerships]
        table = Table(title=_("Register"), columns=self.columns(), rows=tuple(rows))
        blocks: list[Block] = [Heading(text=title, level=1)]
        illustrative = any(i.illustrative for i in self.initiatives) or any(
            p.illustrative for p in self.partnerships
        )
        note = _("Rows marked illustrative are sample data, not fact.")
        blocks += title_notes(loc, note if illustrative else None)
        blocks.append(
            Paragraph(
                text=literal(
                    _("Statuses are as of {date}.").format(date=loc.date(self.day))
                )
            )
        )
        blocks.append(table)
        blocks += self.more_tables()
        if self.undated:
            blocks.append(
                Paragraph(
                    text=_(
                        "The period of these initiatives is not given, so it is not"
                        " known whether they were under way in {period}."
                    ).format(period=loc.period(self.request.period)),
                    style="note",
                )
            )
            blocks.append(
                ListBlock(items=tuple(initiative_title(loc, i) for i in self.undated))
            )
        blocks += loc.fallback_blocks()
        return ReportDocument(
            metadata=Metadata(
                title=title,
                municipality=municipality,
                language=self.request.language,
                kind=KIND,
                period=loc.period(self.request.period) or None,
                generated_at=report_time(self.request),
            ),
            blocks=tuple(blocks),
        )


class RegisterBuilder(BaseReportBuilder):
    """Build the register (see the module docstring).

    ``codelists`` default to the registered ones.
    """

    assembly_type = _Assembly


__getattr__ = renamed(__name__, {"RegisterReport": "RegisterBuilder"}, globals())
