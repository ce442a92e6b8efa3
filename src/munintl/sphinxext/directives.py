"""The directives that show a portfolio on a Sphinx page.

Every directive reads the build's portfolio (``munintl_portfolio``) in the
build's language (``munintl_language``, else Sphinx's ``language``, else
the municipality's), declares the files it shows as the page's
dependencies, and never shows an internal item.  Items marked illustrative
say so where they stand.

With ``:page:`` an entity directive makes the page's title (a section) from
the entity's title in the build language, so a generated page needs nothing
but the directive.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any, ClassVar, cast

from docutils import nodes
from docutils.parsers.rst import directives
from sphinx import addnodes
from sphinx.util.docutils import SphinxDirective

from munintl.i18n import _
from munintl.model import Entity, PartialDate, Period
from munintl.reports.rendering.markup import safe_url
from munintl.sphinxext import nodes as munintl_nodes
from munintl.sphinxext.domain import KINDS, MunintlDomain, reference
from munintl.sphinxext.source import (
    SiteError,
    Source,
    open_source,
    portfolio_location,
)

if TYPE_CHECKING:
    from munintl.model import Initiative, Portfolio, Theme
    from munintl.reports.building import Localizer

#: The columns ``munintl:initiatives`` can show, in their default order.
COLUMNS: tuple[str, ...] = (
    "title",
    "kind",
    "status",
    "period",
    "themes",
    "responsible",
)
OPTIONAL_COLUMNS: tuple[str, ...] = ("partners", "funding")


def _year_period(text: str) -> Period:
    """``2011`` or ``2010-2012`` as a period."""
    first, _dash, last = text.strip().partition("-")
    try:
        start = PartialDate.parse(first.strip())
        end = PartialDate.parse(last.strip()) if last.strip() else start
    except ValueError as error:
        raise ValueError(
            _("{text} is not a year or a range of years: {error}").format(
                text=repr(text), error=error
            )
        ) from None
    return Period(start=start, end=end)


def _date(text: str) -> dt.date:
    try:
        return dt.date.fromisoformat(text.strip())
    except ValueError:
        raise ValueError(
            _("{text} is not a date (YYYY-MM-DD)").format(text=repr(text))
        ) from None


def _columns(text: str) -> tuple[str, ...]:
    names = tuple(
        part.strip() for part in text.replace(",", " ").split() if part.strip()
    )
    unknown = [name for name in names if name not in COLUMNS + OPTIONAL_COLUMNS]
    if unknown:
        raise ValueError(
            _("unknown column(s) {unknown}; choose from {columns}").format(
                unknown=", ".join(unknown),
                columns=", ".join(COLUMNS + OPTIONAL_COLUMNS),
            )
        )
    return names


class MunintlDirective(SphinxDirective):
    """What every munintl directive shares: the source, the language, links.

    Content under a directive (a ``toctree``, more directives, prose) is
    parsed into its section (with ``:page:``) or after what it shows.
    """

    has_content = True
    option_spec: ClassVar[dict[str, Any]] = {}

    # -- the portfolio ----------------------------------------------------------

    @property
    def source(self) -> Source:
        """The build's portfolio, loaded and validated once per build."""
        source = getattr(self.env.app, "munintl_source", None)
        if isinstance(source, Source):
            return source
        return source_for(self.env.app)

    @property
    def portfolio(self) -> Portfolio:
        """The build's portfolio."""
        return self.source.portfolio

    @property
    def language(self) -> str:
        """The language texts and labels are shown in."""
        config = self.config
        return str(
            config.munintl_language
            or config.language
            or self.portfolio.municipality.default_language
        )

    def localizer(self) -> Localizer:
        """A localizer for the build's language."""
        return self.source.localizer(self.language)

    def depends_on(self, *paths: str) -> None:
        """Rebuild this page when the files of these portfolio paths change."""
        for path in paths:
            file = self.source.file_of(path)
            if file is not None:
                self.env.note_dependency(str(Path(file).resolve()))

    @property
    def today(self) -> dt.date:
        """The date statuses are shown as of (``:on:``, ``munintl_on``, today)."""
        value = self.options.get("on") or self.config.munintl_on
        if isinstance(value, dt.date):
            return value
        return _date(value) if value else dt.date.today()

    # -- what a page shows --------------------------------------------------------

    def hidden(self, entity: Entity | None, kind: str, ident: str) -> bool:
        """Warn and show nothing for an unknown or internal entity."""
        if entity is None:
            self.warn(f"no {KINDS[kind]} with id {ident!r} in the portfolio")
            return True
        if entity.visibility == "internal":
            self.warn(f"the {KINDS[kind]} {ident!r} is internal and is never published")
            return True
        return False

    def warn(self, message: str) -> None:
        """A warning at this directive's line (an error with ``-W``)."""
        from sphinx.util import logging

        logging.getLogger(__name__).warning(
            message, location=(self.env.docname, self.lineno), type="munintl"
        )

    def define(self, kind: str, ident: str, title: str) -> list[nodes.Node]:
        """Declare the entity this directive shows: a target and index entries."""
        domain = cast(MunintlDomain, self.env.get_domain("munintl"))
        target = domain.note_object(kind, ident, title, self.env.docname)
        index = addnodes.index(
            entries=[("single", f"{title} ({KINDS[kind]})", target, "", None)]
        )
        return [index, nodes.target("", "", ids=[target])]

    def titled(
        self, title: str, body: list[nodes.Node], anchor_nodes: list[nodes.Node]
    ) -> list[nodes.Node]:
        """The page's section titled ``title`` (``:page:``), else a rubric."""
        if "page" in self.options:
            section = nodes.section(ids=[nodes.make_id(f"munintl-page-{title}")])
            section += nodes.title(title, title)
            section += anchor_nodes
            section += body
            section += self.content_nodes()
            return [section]
        return [*anchor_nodes, nodes.rubric(title, title), *body, *self.content_nodes()]

    def content_nodes(self) -> list[nodes.Node]:
        """The directive's own content, parsed."""
        if not self.content:
            return []
        container = nodes.container()
        self.state.nested_parse(self.content, self.content_offset, container)
        return list(container.children)

    def illustrative_note(self, entity: Entity) -> list[nodes.Node]:
        """The visible mark of sample data."""
        if not entity.illustrative:
            return []
        loc = self.localizer()
        text = loc._("Illustrative: sample data, not fact.")
        note = nodes.admonition(classes=["munintl-illustrative", "warning"])
        note += nodes.title(loc._("Illustrative"), loc._("Illustrative"))
        note += nodes.paragraph(text, text)
        return [note]

    def text(self, value: Any, *, style: str = "normal") -> list[nodes.Node]:
        """A text in the build's language, marked with its own where it falls back."""
        resolved = self.localizer().resolve(value)
        if not resolved.text:
            return []
        language = resolved.language if resolved.fallback else None
        return list(munintl_nodes.prose(resolved.text, language=language, style=style))

    def facts(
        self, facts: Iterable[tuple[str, list[nodes.Node] | str]]
    ) -> nodes.field_list:
        """Labelled facts as a field list."""
        field_list = nodes.field_list(classes=["munintl-facts"])
        for label, value in facts:
            field = nodes.field()
            field += nodes.field_name(label, label)
            body = nodes.field_body()
            if isinstance(value, str):
                body += nodes.paragraph(value, value)
            else:
                body += nodes.paragraph("", "", *value)
            field += body
            field_list += field
        return field_list

    def run(self) -> list[nodes.Node]:
        try:
            return self.show()
        except SiteError:
            raise
        except ValueError as error:
            raise self.error(str(error)) from None

    def show(self) -> list[nodes.Node]:
        """The nodes this directive puts on the page (each directive says)."""
        raise TypeError(f"{type(self).__name__} does not say what it shows")


def select_initiatives(
    portfolio: Portfolio, options: dict[str, Any], loc: Localizer
) -> list[Initiative]:
    """The public initiatives matching every filter option, in title order.

    Options: ``theme`` (an initiative serving it or a theme under it),
    ``kind``, ``status``, ``period`` (active in it), ``body`` (responsible,
    or a body under it).
    """
    chosen = [i for i in portfolio.initiatives if i.visibility != "internal"]
    theme = options.get("theme")
    if theme:
        if portfolio.theme(theme) is None:
            raise ValueError(
                _("no theme with id {id} in the portfolio").format(id=repr(theme))
            )
        ids = {i.id for i in portfolio.initiatives_for_theme(theme)}
        chosen = [i for i in chosen if i.id in ids]
    for option in ("kind", "status"):
        wanted = options.get(option)
        if wanted:
            chosen = [i for i in chosen if getattr(i, option) == wanted]
    period = options.get("period")
    if period is not None:
        active = {i.id for i in portfolio.initiatives_active_in(period)}
        chosen = [i for i in chosen if i.id in active]
    body = options.get("body")
    if body:
        if portfolio.body(body) is None:
            raise ValueError(
                _("no body with id {id} in the portfolio").format(id=repr(body))
            )
        bodies = {body, *portfolio.descendants_of(body)}
        chosen = [i for i in chosen if bodies & set(i.responsible)]
    return sorted(chosen, key=lambda i: loc.text(i.title).casefold())


def source_for(app: Any) -> Source:
    """The portfolio of a Sphinx application's build."""
    location = app.config.munintl_portfolio
    if not location:
        raise SiteError(
            _(
                "set munintl_portfolio in conf.py to the portfolio to show"
                " (a directory, a .json or .toml file, or a store location)"
            )
        )
    return open_source(portfolio_location(app.confdir, str(location)))


def _links(
    items: Sequence[tuple[str, str, str]],
) -> list[nodes.Node]:
    """Links to entities ``(kind, id, title)``, separated by commas."""
    out: list[nodes.Node] = []
    for position, (kind, ident, title) in enumerate(items):
        if position:
            out.append(nodes.Text(", "))
        out.append(reference(kind, ident, title))
    return out


class StrategyDirective(MunintlDirective):
    """The strategy: its vision, principles and themes in order."""

    optional_arguments = 1
    option_spec: ClassVar[dict[str, Any]] = {"page": directives.flag}

    def show(self) -> list[nodes.Node]:
        from munintl.reports.building import municipality_name, theme_title

        portfolio = self.portfolio
        ident = self.arguments[0] if self.arguments else None
        strategy = portfolio.strategy(ident)
        if self.hidden(strategy, "strategy", ident or "(current)"):
            return []
        assert strategy is not None
        loc = self.localizer()
        _ = loc._
        self.depends_on("municipality", f"strategies[{strategy.id}]")
        title = loc.title(strategy.title, strategy.id)
        body: list[nodes.Node] = [*self.illustrative_note(strategy)]
        facts: list[tuple[str, list[nodes.Node] | str]] = [
            (_("Municipality"), municipality_name(portfolio, loc))
        ]
        if strategy.period is not None:
            facts.append((_("Period"), loc.period(strategy.period)))
        if strategy.adoption is not None:
            adopted = ", ".join(
                part
                for part in (
                    self._body_name(strategy.adoption.body),
                    loc.date(strategy.adoption.date),
                )
                if part
            )
            if adopted:
                facts.append((_("Adopted"), adopted))
        body.append(self.facts(facts))
        if strategy.vision.values:
            body.append(nodes.rubric(_("Vision"), _("Vision")))
            body += self.text(strategy.vision)
        if strategy.summary.values:
            body += self.text(strategy.summary)
        if strategy.principles:
            body.append(nodes.rubric(_("Principles"), _("Principles")))
            listing = nodes.bullet_list(bullet="*")
            for principle in strategy.principles:
                listing += nodes.list_item("", *self.text(principle))
            body.append(listing)
        if strategy.themes:
            body.append(nodes.rubric(_("Themes"), _("Themes")))
            body.append(self._theme_tree(strategy.themes, loc, theme_title))
        return self.titled(title, body, self.define("strategy", strategy.id, title))

    def _body_name(self, body_id: str | None) -> str:
        from munintl.reports.building import body_name

        return body_name(self.portfolio, self.localizer(), body_id) if body_id else ""

    def _theme_tree(
        self, themes: Sequence[Theme], loc: Localizer, theme_title: Any
    ) -> nodes.bullet_list:
        listing = nodes.bullet_list(bullet="*")
        for theme in themes:
            if theme.visibility == "internal":
                continue
            self.depends_on(f"themes[{theme.id}]")
            item = nodes.list_item()
            paragraph = nodes.paragraph(
                "", "", reference("theme", theme.id, theme_title(loc, theme))
            )
            if theme.cross_cutting:
                paragraph += nodes.Text(f" ({loc._('cross-cutting')})")
            item += paragraph
            if theme.themes:
                item += self._theme_tree(theme.themes, loc, theme_title)
            listing += item
        return listing


class ThemeDirective(MunintlDirective):
    """A theme: its description, goals with indicators, responsible bodies."""

    required_arguments = 1
    option_spec: ClassVar[dict[str, Any]] = {"page": directives.flag}

    def show(self) -> list[nodes.Node]:
        from munintl.reports.building import body_names, theme_title

        ident = self.arguments[0]
        theme = self.portfolio.theme(ident)
        if self.hidden(theme, "theme", ident):
            return []
        assert theme is not None
        loc = self.localizer()
        _ = loc._
        self.depends_on(f"themes[{theme.id}]")
        title = theme_title(loc, theme)
        body: list[nodes.Node] = [*self.illustrative_note(theme)]
        body += self.text(theme.description)
        if theme.cross_cutting:
            text = _("A cross-cutting theme.")
            body.append(nodes.paragraph(text, text, classes=["munintl-note"]))
        facts: list[tuple[str, list[nodes.Node] | str]] = []
        if theme.responsible:
            facts.append(
                (_("Responsible"), body_names(self.portfolio, loc, theme.responsible))
            )
        if theme.reports_to:
            facts.append(
                (_("Reports to"), body_names(self.portfolio, loc, theme.reports_to))
            )
        if facts:
            body.append(self.facts(facts))
        goals = [goal for goal in theme.goals if goal.visibility != "internal"]
        if goals:
            body.append(nodes.rubric(_("Goals"), _("Goals")))
            listing = nodes.bullet_list(bullet="*", classes=["munintl-goals"])
            for goal in goals:
                item = nodes.list_item("", *self.text(goal.statement))
                if goal.indicators:
                    indicators = nodes.bullet_list(bullet="-")
                    for indicator in goal.indicators:
                        words = [loc.text(indicator.name)]
                        if indicator.unit:
                            words.append(f"({indicator.unit})")
                        line = " ".join(w for w in words if w)
                        indicators += nodes.list_item("", nodes.paragraph(line, line))
                    item += nodes.paragraph(_("Indicators"), _("Indicators"))
                    item += indicators
                listing += item
            body.append(listing)
        subthemes = [t for t in theme.themes if t.visibility != "internal"]
        if subthemes:
            body.append(nodes.rubric(_("Themes"), _("Themes")))
            links = [("theme", t.id, theme_title(loc, t)) for t in subthemes]
            body.append(nodes.paragraph("", "", *_links(links)))
        return self.titled(title, body, self.define("theme", theme.id, title))


class InitiativesDirective(MunintlDirective):
    """A table of initiatives, filtered and with the columns asked for."""

    option_spec: ClassVar[dict[str, Any]] = {
        "theme": directives.unchanged_required,
        "kind": directives.unchanged_required,
        "status": directives.unchanged_required,
        "period": _year_period,
        "body": directives.unchanged_required,
        "columns": _columns,
        "caption": directives.unchanged,
        "page": directives.flag,
    }

    def show(self) -> list[nodes.Node]:
        from munintl.reports.request import ReportRequest

        loc = self.localizer()
        _ = loc._
        columns = self.options.get("columns") or COLUMNS
        labels = {
            "title": _("Initiative"),
            "kind": _("Kind"),
            "status": _("Status"),
            "period": _("Period"),
            "themes": _("Themes"),
            "responsible": _("Responsible"),
            "partners": _("Partners"),
            "funding": _("Funding"),
        }
        request = ReportRequest(language=self.language, codelists=self.source.codelists)
        rows = []
        chosen = select_initiatives(self.portfolio, self.options, loc)
        for initiative in chosen:
            self.depends_on(f"initiatives[{initiative.id}]")
            row = [self._cell(c, initiative, loc, request) for c in columns]
            rows.append(row)
        caption = self.options.get("caption") or _("Initiatives")
        if rows:
            shown: nodes.Node = munintl_nodes.table(
                "" if "page" in self.options else caption,
                [labels[c] for c in columns],
                rows,
            )
        else:
            text = _("No initiatives.")
            shown = nodes.paragraph(text, text, classes=["munintl-empty"])
        if "page" in self.options:
            return self.titled(caption, [shown], [])
        return [shown, *self.content_nodes()]

    def _cell(  # noqa: PLR0911 - one return per column
        self, column: str, initiative: Initiative, loc: Localizer, request: Any
    ) -> Any:
        """One cell of an initiative's row."""
        from munintl.reports.building import (
            body_names,
            funding_lines,
            initiative_title,
            partners,
            theme_title,
        )

        portfolio = self.portfolio
        if column == "title":
            title = initiative_title(loc, initiative)
            return reference("initiative", initiative.id, title)
        if column in ("kind", "status"):
            return loc.code(f"initiative-{column}", getattr(initiative, column))
        if column == "period":
            return loc.period(initiative.period)
        if column == "themes":
            themes = [portfolio.theme(t) for t in initiative.themes]
            return _links(
                [
                    ("theme", t.id, theme_title(loc, t))
                    for t in themes
                    if t is not None and t.visibility != "internal"
                ]
            )
        if column == "responsible":
            return body_names(portfolio, loc, initiative.responsible)
        if column == "partners":
            return "; ".join(partners(portfolio, loc, initiative, request))
        return "; ".join(funding_lines(portfolio, loc, initiative))


class InitiativeDirective(MunintlDirective):
    """One initiative: its description and facts, results and links."""

    required_arguments = 1
    option_spec: ClassVar[dict[str, Any]] = {"page": directives.flag}

    def show(self) -> list[nodes.Node]:
        from munintl.reports.building import (
            body_names,
            initiative_title,
            theme_title,
        )

        ident = self.arguments[0]
        portfolio = self.portfolio
        initiative = portfolio.initiative(ident)
        if self.hidden(initiative, "initiative", ident):
            return []
        assert initiative is not None
        loc = self.localizer()
        _ = loc._
        self.depends_on(f"initiatives[{initiative.id}]")
        title = initiative_title(loc, initiative)
        body: list[nodes.Node] = [*self.illustrative_note(initiative)]
        body += self.text(initiative.summary)
        body += self.text(initiative.description)
        facts: list[tuple[str, list[nodes.Node] | str]] = [
            (_("Kind"), loc.code("initiative-kind", initiative.kind)),
            (_("Status"), loc.code("initiative-status", initiative.status)),
        ]
        if initiative.period is not None:
            facts.append((_("Period"), loc.period(initiative.period)))
        themes = [portfolio.theme(t) for t in initiative.themes]
        visible = [t for t in themes if t is not None and t.visibility != "internal"]
        if visible:
            facts.append(
                (
                    _("Themes"),
                    _links([("theme", t.id, theme_title(loc, t)) for t in visible]),
                )
            )
        if initiative.responsible:
            facts.append(
                (_("Responsible"), body_names(portfolio, loc, initiative.responsible))
            )
        facts += self._relations(initiative)
        body.append(self.facts(facts))
        body += self._results_and_links(initiative)
        return self.titled(title, body, self.define("initiative", initiative.id, title))

    def _relations(
        self, initiative: Initiative
    ) -> list[tuple[str, list[nodes.Node] | str]]:
        """Partners, funding and the partnership an initiative is carried out in."""
        from munintl.reports.building import funding_lines, partners
        from munintl.reports.request import ReportRequest

        portfolio = self.portfolio
        loc = self.localizer()
        _ = loc._
        facts: list[tuple[str, list[nodes.Node] | str]] = []
        request = ReportRequest(language=self.language, codelists=self.source.codelists)
        named = partners(portfolio, loc, initiative, request)
        if named:
            facts.append((_("Partners"), "; ".join(named)))
        funding = funding_lines(portfolio, loc, initiative)
        if funding:
            facts.append((_("Funding"), "; ".join(funding)))
        if initiative.partnership:
            partnership = portfolio.partnership(initiative.partnership)
            if partnership is not None and partnership.visibility != "internal":
                name = loc.title(partnership.title, partnership.id)
                link = reference("partnership", partnership.id, name)
                facts.append((_("Partnership"), [link]))
        return facts

    def _results_and_links(self, initiative: Initiative) -> list[nodes.Node]:
        """An initiative's results and its links, each under a rubric."""
        loc = self.localizer()
        _ = loc._
        body: list[nodes.Node] = []
        if initiative.results:
            body.append(nodes.rubric(_("Results"), _("Results")))
            listing = nodes.bullet_list(bullet="*")
            for result in initiative.results:
                item = nodes.list_item()
                heading = loc.text(result.title)
                if heading:
                    item += nodes.paragraph("", "", nodes.strong(heading, heading))
                item += self.text(result.description)
                listing += item
            body.append(listing)
        if initiative.links:
            body.append(nodes.rubric(_("Links"), _("Links")))
            listing = nodes.bullet_list(bullet="*")
            for link in initiative.links:
                label = loc.text(link.title) if link.title else link.url
                target = safe_url(link.url)
                shown: nodes.Node = (
                    nodes.reference(label, label, refuri=target)
                    if target is not None
                    else nodes.Text(label)  # javascript:, data: ... no link
                )
                listing += nodes.list_item("", nodes.paragraph("", "", shown))
            body.append(listing)
        return body


class PartnershipDirective(MunintlDirective):
    """A partnership: its parties, status per party as of a date, and history."""

    required_arguments = 1
    option_spec: ClassVar[dict[str, Any]] = {
        "page": directives.flag,
        "on": directives.unchanged_required,
    }

    def show(self) -> list[nodes.Node]:
        from munintl.reports.building import event_date, event_what, party_name

        ident = self.arguments[0]
        portfolio = self.portfolio
        partnership = portfolio.partnership(ident)
        if self.hidden(partnership, "partnership", ident):
            return []
        assert partnership is not None
        loc = self.localizer()
        _ = loc._
        self.depends_on(f"partnerships[{partnership.id}]")
        title = loc.title(partnership.title, partnership.id)
        day = self.today
        body: list[nodes.Node] = [*self.illustrative_note(partnership)]
        body += self.text(partnership.description)
        statuses = partnership.status_on(day)
        established = partnership.established(day)
        status_label = _("Status on {date}").format(date=loc.date(day))
        rows = [
            (
                party_name(portfolio, loc, party),
                loc.code("partnership-status", statuses.get(party))
                if statuses.get(party)
                else _("not given"),
                loc.date(established.get(party)) if established.get(party) else "",
            )
            for party in partnership.party_ids()
        ]
        body.append(
            self.facts(
                [(_("Kind"), loc.code("partnership-kind", partnership.kind_on()))]
            )
        )
        body.append(
            munintl_nodes.table(
                _("Parties"), [_("Party"), status_label, _("Since")], rows
            )
        )
        history = [
            (
                event_date(loc, event),
                event_what(portfolio, loc, event),
                party_name(portfolio, loc, event.party) if event.party else "",
                loc.text(event.note) if event.note is not None else "",
            )
            for event in partnership.events
            if event.visibility != "internal"
        ]
        if history:
            body.append(
                munintl_nodes.table(
                    _("History"),
                    [_("Date"), _("Event"), _("Party"), _("Note")],
                    history,
                )
            )
        return self.titled(
            title, body, self.define("partnership", partnership.id, title)
        )


class PartnershipsDirective(MunintlDirective):
    """A table of the public partnerships: kind, parties and status on a date."""

    option_spec: ClassVar[dict[str, Any]] = {
        "kind": directives.unchanged_required,
        "on": directives.unchanged_required,
        "caption": directives.unchanged,
        "page": directives.flag,
    }

    def show(self) -> list[nodes.Node]:
        from munintl.reports.building import party_name

        portfolio = self.portfolio
        loc = self.localizer()
        _ = loc._
        day = self.today
        kind = self.options.get("kind")
        rows = []
        chosen = [
            p
            for p in portfolio.partnerships
            if p.visibility != "internal" and (not kind or p.kind == kind)
        ]
        for partnership in sorted(chosen, key=lambda p: loc.text(p.title).casefold()):
            self.depends_on(f"partnerships[{partnership.id}]")
            title = loc.title(partnership.title, partnership.id)
            statuses = partnership.status_on(day)
            status = "; ".join(
                f"{party_name(portfolio, loc, party)}: "
                + (
                    loc.code("partnership-status", statuses[party])
                    if statuses.get(party)
                    else _("not given")
                )
                for party in partnership.party_ids()
            )
            rows.append(
                (
                    reference("partnership", partnership.id, title),
                    loc.code("partnership-kind", partnership.kind_on()),
                    status,
                )
            )
        caption = self.options.get("caption") or _("Partnerships")
        columns = [
            _("Partnership"),
            _("Kind"),
            _("Status on {date}").format(date=loc.date(day)),
        ]
        if rows:
            shown: nodes.Node = munintl_nodes.table(
                "" if "page" in self.options else caption, columns, rows
            )
        else:
            text = _("No partnerships.")
            shown = nodes.paragraph(text, text, classes=["munintl-empty"])
        if "page" in self.options:
            return self.titled(caption, [shown], [])
        return [shown, *self.content_nodes()]


class OrganisationDirective(MunintlDirective):
    """An external partner: its kind, country, former names, and what it is in."""

    required_arguments = 1
    option_spec: ClassVar[dict[str, Any]] = {"page": directives.flag}

    def show(self) -> list[nodes.Node]:
        from munintl.reports.building import initiative_title

        ident = self.arguments[0]
        portfolio = self.portfolio
        organisation = portfolio.organisation(ident)
        if self.hidden(organisation, "organisation", ident):
            return []
        assert organisation is not None
        loc = self.localizer()
        _ = loc._
        self.depends_on(f"organisations[{organisation.id}]")
        title = loc.name(organisation.name, organisation.id)
        body: list[nodes.Node] = [*self.illustrative_note(organisation)]
        body += self.text(organisation.description)
        facts: list[tuple[str, list[nodes.Node] | str]] = [
            (_("Kind"), loc.code("organisation-type", organisation.type))
        ]
        if organisation.country:
            facts.append((_("Country"), organisation.country))
        former = [loc.name(f.name, "") for f in organisation.former_names]
        if any(former):
            facts.append((_("Former names"), "; ".join(n for n in former if n)))
        if organisation.website:
            site = organisation.website
            target = safe_url(site)
            facts.append(
                (
                    _("Website"),
                    [
                        nodes.reference(site, site, refuri=target)
                        if target is not None
                        else nodes.Text(site)
                    ],
                )
            )
        initiatives = [
            (
                "initiative",
                initiative.id,
                initiative_title(loc, initiative),
            )
            for initiative in portfolio.initiatives
            if initiative.visibility != "internal"
            and any(
                p.organisation == ident or ident in p.includes
                for p in initiative.participations
            )
        ]
        if initiatives:
            facts.append((_("Initiatives"), _links(initiatives)))
        partnerships = [
            ("partnership", p.id, loc.title(p.title, p.id))
            for p in portfolio.partnerships
            if p.visibility != "internal" and ident in p.party_ids()
        ]
        if partnerships:
            facts.append((_("Partnerships"), _links(partnerships)))
        body.append(self.facts(facts))
        anchors = self.define("organisation", organisation.id, title)
        return self.titled(title, body, anchors)


class FollowUpDirective(MunintlDirective):
    """A follow-up: its summary, recommendation, decisions requested and taken."""

    required_arguments = 1
    option_spec: ClassVar[dict[str, Any]] = {"page": directives.flag}

    def show(self) -> list[nodes.Node]:
        from munintl.reports.building import body_name

        ident = self.arguments[0]
        portfolio = self.portfolio
        followup = portfolio.followup(ident)
        if self.hidden(followup, "followup", ident):
            return []
        assert followup is not None
        loc = self.localizer()
        _ = loc._
        self.depends_on(f"followups[{followup.id}]")
        title = loc.title(followup.title, followup.id)
        body: list[nodes.Node] = [*self.illustrative_note(followup)]
        facts: list[tuple[str, list[nodes.Node] | str]] = []
        if followup.addressee:
            facts.append((_("To"), body_name(portfolio, loc, followup.addressee)))
        # An ad-hoc review covers no fixed period: it says so.
        facts.append(
            (
                _("Period"),
                loc.period(followup.period)
                if followup.period is not None
                else _("no fixed period"),
            )
        )
        facts.append((_("State"), loc.code("follow-up-state", followup.state)))
        body.append(self.facts(facts))
        for label, value in (
            (_("Summary"), followup.summary),
            (_("Recommendation"), followup.recommendation),
        ):
            if value.values:
                body.append(nodes.rubric(label, label))
                body += self.text(value)
        if followup.decisions_requested:
            label = _("Decisions requested")
            body.append(nodes.rubric(label, label))
            listing = nodes.enumerated_list(enumtype="arabic")
            for request in followup.decisions_requested:
                listing += nodes.list_item("", *self.text(request))
            body.append(listing)
        decisions = [d for d in followup.decisions if d.visibility != "internal"]
        if decisions:
            rows = [
                (
                    loc.date(decision.date),
                    body_name(portfolio, loc, decision.body),
                    loc.code("decision-outcome", decision.outcome),
                    munintl_nodes.prose(loc.text(decision.text))
                    if decision.text is not None
                    else "",
                )
                for decision in decisions
            ]
            body.append(
                munintl_nodes.table(
                    _("Decisions"),
                    [_("Date"), _("Body"), _("Outcome"), _("Decision")],
                    rows,
                )
            )
        return self.titled(title, body, self.define("followup", followup.id, title))


class TimelineDirective(MunintlDirective):
    """The timeline figure of initiatives and partnerships, with its data table."""

    option_spec: ClassVar[dict[str, Any]] = {
        "theme": directives.unchanged_required,
        "period": _year_period,
        "caption": directives.unchanged,
    }

    def show(self) -> list[nodes.Node]:
        from munintl.reports.building import (
            TimelineItem,
            initiative_title,
            theme_title,
            timeline_figure,
        )

        portfolio = self.portfolio
        loc = self.localizer()
        chosen = select_initiatives(portfolio, self.options, loc)
        items = []
        for initiative in chosen:
            if initiative.period is None:
                continue
            self.depends_on(f"initiatives[{initiative.id}]")
            theme = portfolio.theme(initiative.themes[0]) if initiative.themes else None
            group = theme_title(loc, theme) if theme is not None else loc._("Other")
            items.append(
                TimelineItem(
                    label=initiative_title(loc, initiative),
                    group=group,
                    start=initiative.period.start,
                    end=initiative.period.end,
                )
            )
        figure = timeline_figure(
            loc,
            items,
            (),
            title=self.options.get("caption") or loc._("Timeline"),
            window=self.options.get("period"),
        )
        if figure is None:
            text = loc._("Nothing with a date to draw.")
            return [nodes.paragraph(text, text, classes=["munintl-empty"])]
        html = self.env.app.builder.format == "html"
        shown = munintl_nodes.figure(figure, html=html, language=self.language)
        return [*shown, *self.content_nodes()]


DIRECTIVES: dict[str, type[MunintlDirective]] = {
    "strategy": StrategyDirective,
    "theme": ThemeDirective,
    "initiatives": InitiativesDirective,
    "initiative": InitiativeDirective,
    "partnership": PartnershipDirective,
    "partnerships": PartnershipsDirective,
    "followup": FollowUpDirective,
    "organisation": OrganisationDirective,
    "timeline": TimelineDirective,
}
