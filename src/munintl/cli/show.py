"""``munintl show PATH``: a readable summary of a portfolio."""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Iterable, Mapping, Sequence
from typing import Any

import click

from munintl.cli._common import Location, fail, open_portfolio, plugin_manager
from munintl.cli._complete import CompletingCommand, complete_languages
from munintl.errors import ReportError
from munintl.i18n import N_, _, chosen_language, clipped, ngettext
from munintl.model import (
    Codelist,
    LocalizedText,
    PartialDate,
    Period,
    Portfolio,
    Theme,
)
from munintl.reports.building import describe
from munintl.reports.building.describe import figure_row, recurrence_text
from munintl.reports.building.localize import Localizer


class _Labels:
    """Texts and code labels in the summary's language, as reports write them.

    A thin face on the report toolkit's
    :class:`~munintl.reports.building.localize.Localizer`, so a code gets
    the same label here as in every report: the codelists' label in the
    language or along the fallback chain, the built-in label of a status
    no codelist holds, else the code with its hyphens as spaces.
    """

    def __init__(self, localizer: Localizer) -> None:
        self.localizer = localizer

    def text(self, value: LocalizedText) -> str:
        return self.localizer.text(value)

    def code(self, scheme: str, code: str | None) -> str | None:
        return self.localizer.code(scheme, code) or None


def _since(dates: Iterable[PartialDate | None]) -> str | None:
    """The earliest date a party joined, as written in the data."""
    known = [d for d in dates if d is not None]
    return str(min(known, key=lambda d: d.sort_key())) if known else None


def summarise(
    portfolio: Portfolio,
    *,
    language: str,
    fallback: tuple[str, ...] = (),
    codelists: Mapping[str, Codelist] | None = None,
    day: dt.date | None = None,
) -> dict[str, Any]:
    """Summarise a portfolio as plain data (what ``show --json`` prints).

    Texts and codes are written as reports write them, in ``language``
    along the ``fallback`` chain.  Raise
    :class:`~munintl.errors.ReportError` for a language munintl cannot
    write in.
    """
    labels = _Labels(
        Localizer(
            language,
            fallback,
            codelists=codelists or {},
            default_language=portfolio.municipality.default_language,
        )
    )
    day = day or dt.date.today()

    def party_name(party_id: str) -> str:
        # Any actor: a party, or a body where a body is named (responsible).
        return describe.party_name(portfolio, labels.localizer, party_id)

    def theme_summary(theme: Theme) -> dict[str, Any]:
        return {
            "id": theme.id,
            "title": labels.text(theme.title),
            "cross_cutting": theme.cross_cutting,
            "goals": [labels.text(goal.statement) for goal in theme.goals],
            "themes": [theme_summary(child) for child in theme.themes],
            "responsible": list(theme.responsible),
            "illustrative": theme.illustrative,
        }

    current = portfolio.strategy()
    by_status: dict[str, list[dict[str, Any]]] = {}
    for initiative in portfolio.initiatives:
        status = (
            labels.code("initiative-status", initiative.status)
            or initiative.status
            or _("not given")
        )
        by_status.setdefault(status, []).append(
            {
                "id": initiative.id,
                "title": labels.text(initiative.title),
                "kind": labels.code("initiative-kind", initiative.kind),
                "period": str(initiative.period) if initiative.period else None,
                "recurrence": recurrence_text(labels.localizer, initiative.recurrence)
                if initiative.recurrence
                else None,
                "responsible": [party_name(actor) for actor in initiative.responsible],
                # The action plans that list it among their actions.
                "plans": describe.plan_titles(portfolio, labels.localizer, initiative)
                or None,
                "partners": initiative.partner_count(),
                "illustrative": initiative.illustrative,
            }
        )
    return {
        "municipality": {
            "id": portfolio.municipality.id,
            "name": labels.text(portfolio.municipality.name),
            "country": portfolio.municipality.country,
            "description": labels.text(portfolio.municipality.description) or None,
            "figures": [
                dict(
                    zip(
                        ("name", "value", "date"),
                        figure_row(labels.localizer, figure, ""),
                        strict=True,
                    )
                )
                for figure in portfolio.municipality.figures
            ],
        },
        "language": language,
        "strategy": None
        if current is None
        else {
            "id": current.id,
            "title": labels.text(current.title),
            "status": labels.code("strategy-status", current.status),
            "period": str(current.period) if current.period else None,
            "vision": labels.text(current.vision),
            "illustrative": current.illustrative,
            "themes": [theme_summary(theme) for theme in current.themes],
            # The strategy's documents in force on the day.
            "documents": [
                describe.document_in_brief(portfolio, labels.localizer, document)
                for document in current.documents
                if document.in_force(
                    Period(
                        start=PartialDate.from_date(day), end=PartialDate.from_date(day)
                    )
                )
            ],
            "decision_rights": {
                labels.code("partnership-kind", right.partnership_kind)
                or right.partnership_kind: [party_name(b) for b in right.bodies]
                for right in current.decision_rights
            },
        },
        "strategies": len(portfolio.strategies),
        "bodies": len(portfolio.bodies),
        "body_changes": [
            {
                "id": body.id,
                "name": labels.text(body.name),
                "former_names": [labels.text(old.name) for old in body.former_names],
                "successor": party_name(body.successor) if body.successor else None,
                "members": [party_name(member.member) for member in body.members],
                "illustrative": body.illustrative,
            }
            for body in portfolio.bodies
            if body.former_names or body.successor or body.members
        ],
        "organisations": len(portfolio.organisations),
        # The partners by name, with the identifiers that match them across
        # portfolios; a partner whose name no source gives says so.
        "partners": [
            {
                "id": organisation.id,
                "name": party_name(organisation.id),
                "name_unknown": organisation.name_unknown,
                "type": labels.code("organisation-type", organisation.type),
                "country": organisation.country,
                "identifiers": dict(sorted(organisation.identifiers.items())),
                "illustrative": organisation.illustrative,
            }
            for organisation in portfolio.organisations
        ],
        "initiatives": by_status,
        "partnerships": [
            {
                "id": partnership.id,
                "title": labels.text(partnership.title),
                "kind": labels.code("partnership-kind", partnership.kind_on(day)),
                "since": _since(partnership.established(day).values()),
                "status": {
                    party_name(party): labels.code("partnership-status", status)
                    if status
                    else None
                    for party, status in partnership.status_on(day).items()
                },
                "areas": [
                    labels.text(theme.title)
                    for area in partnership.areas
                    if (theme := portfolio.theme(area)) is not None
                ]
                + [labels.text(topic) for topic in partnership.topics],
                # Who runs it for the municipality (a twinning association).
                "kept_by": [party_name(actor) for actor in partnership.kept_by],
                "decided_by": [
                    party_name(body)
                    for body in portfolio.deciding_bodies(partnership.kind_on(day), day)
                    or ()
                ],
                "events": len(partnership.events),
                # Events on whose date the sources disagree, in words.
                "disputed_dates": [
                    describe.event_date(labels.localizer, event)
                    for event in partnership.events
                    if event.other_dates
                ],
                "illustrative": partnership.illustrative,
            }
            for partnership in portfolio.partnerships
        ],
        "followups": [
            {
                "id": followup.id,
                "title": labels.text(followup.title),
                "period": str(followup.period) if followup.period else None,
                # A follow-up covering no fixed period (an ad-hoc review)
                # covers the subjects it names.
                "covers": (
                    [str(subject) for subject in followup.subjects]
                    if followup.period is None
                    else None
                ),
                # A body of the municipality, or an outside one (an audit office).
                "addressee": (
                    labels.text(body.name)
                    if (body := portfolio.body(followup.addressee))
                    else party_name(followup.addressee)
                ),
                "addressee_illustrative": body is not None and body.illustrative,
                "state": labels.code("follow-up-state", followup.state),
                # A correction of a submitted follow-up names the one it revises.
                "revises": followup.revises,
                "correction": (
                    labels.localizer._("corrects {id}").format(id=followup.revises)
                    if followup.revises
                    else None
                ),
                "updates": len(followup.updates),
                "decisions": len(followup.decisions),
                "illustrative": followup.illustrative,
            }
            for followup in portfolio.followups
        ],
        "as_of": day.isoformat(),
    }


class _Cells:
    """Cell texts for rich: markup escaped, illustrative items marked with ``*``."""

    def __init__(self) -> None:
        self.marked = False

    def __call__(self, text: str, illustrative: bool = False) -> str:
        from rich.markup import escape

        self.marked = self.marked or illustrative
        return escape(text) + (" *" if illustrative else "")


def _strategy_tree(strategy: dict[str, Any], cell: _Cells) -> Any:
    from rich.markup import escape
    from rich.tree import Tree

    tree = Tree(
        f"[bold]{cell(strategy['title'], strategy['illustrative'])}[/bold]"
        + (f"  {escape(strategy['period'])}" if strategy["period"] else "")
        + (f"  \\[{escape(strategy['status'])}]" if strategy["status"] else "")
    )

    def add(node: Tree, theme: dict[str, Any]) -> None:
        count = len(theme["goals"])
        goals = (
            ngettext("{n} goal", "{n} goals", count).format(n=count) if count else ""
        )
        child = node.add(
            f"{cell(theme['title'], theme['illustrative'])}  [dim]{goals}[/dim]"
        )
        for sub in theme["themes"]:
            add(child, sub)

    for theme in strategy["themes"]:
        add(tree, theme)
    return tree


def _table(title: str, headers: Sequence[str], rows: Iterable[Sequence[str]]) -> Any:
    from rich.table import Table

    table = Table(title=title)
    for header in headers:
        table.add_column(header)
    for row in rows:
        table.add_row(*row)
    return table


def _print_summary(summary: dict[str, Any]) -> None:
    from rich.console import Console
    from rich.markup import escape

    console = Console(highlight=False)
    cell = _Cells()
    municipality = summary["municipality"]
    console.print(
        f"[bold]{escape(municipality['name'])}[/bold]"
        f" ({escape(municipality['country'])})"
    )
    if municipality["description"]:
        console.print(escape(municipality["description"]))
    for figure in municipality["figures"]:
        when = f" ({escape(figure['date'])})" if figure["date"] else ""
        console.print(f"{escape(figure['name'])}: {escape(figure['value'])}{when}")
    if summary["strategy"]:
        console.print(_strategy_tree(summary["strategy"], cell))
        for document in summary["strategy"]["documents"]:
            console.print(f"  {escape(document)}")
        rights = summary["strategy"]["decision_rights"]
        if rights:
            console.print(
                _("Who decides on partnerships: {rights}").format(
                    rights=escape(
                        "; ".join(
                            f"{kind}: {', '.join(bodies)}"
                            for kind, bodies in rights.items()
                        )
                    )
                )
            )
    headers: Sequence[str]
    rows: list[tuple[str, ...]]
    if summary["initiatives"]:
        headers = (
            _("Status"),
            _("Initiative"),
            _("Kind"),
            _("Period"),
            _("Responsible"),
            _("Partners"),
        )
        rows = [
            (
                cell(status),
                cell(item["title"], item["illustrative"]),
                cell(item["kind"] or ""),
                cell(", ".join(p for p in (item["period"], item["recurrence"]) if p)),
                cell(", ".join(item["responsible"])),
                str(item["partners"]),
            )
            for status, items in summary["initiatives"].items()
            for item in items
        ]
        console.print(_table(_("Initiatives by status"), headers, rows))
    if summary["partnerships"]:
        title = _("Partnerships (status on {day})").format(day=summary["as_of"])
        headers = (
            _("Partnership"),
            _("Kind"),
            _("Since"),
            _("Status by party"),
            _("Run by"),
        )
        rows = [
            (
                cell(item["title"], item["illustrative"]),
                cell(item["kind"] or ""),
                cell(item["since"] or ""),
                cell(
                    "; ".join(
                        f"{party}: {value or _('no status')}"
                        for party, value in item["status"].items()
                    )
                ),
                cell(", ".join(item["kept_by"])),
            )
            for item in summary["partnerships"]
        ]
        console.print(_table(title, headers, rows))
    identified = [item for item in summary["partners"] if item["identifiers"]]
    if identified:
        headers = (_("Partner"), _("Country"), _("Identifiers"))
        rows = [
            (
                cell(item["name"], item["illustrative"]),
                cell(item["country"] or ""),
                cell(
                    "; ".join(
                        f"{scheme}: {code}"
                        for scheme, code in item["identifiers"].items()
                    )
                ),
            )
            for item in identified
        ]
        console.print(_table(_("Partners and their identifiers"), headers, rows))
    if summary["body_changes"]:
        headers = (_("Body"), _("Former names"), _("Successor"), _("Members"))
        rows = [
            (
                cell(item["name"], item["illustrative"]),
                cell("; ".join(item["former_names"])),
                cell(item["successor"] or ""),
                cell("; ".join(item["members"])),
            )
            for item in summary["body_changes"]
        ]
        console.print(_table(_("Bodies that changed or are joint"), headers, rows))
    if summary["followups"]:
        headers = (_("Follow-up"), _("Period"), _("To"), _("State"), _("Updates"))
        rows = [
            (
                cell(item["title"] or item["id"], item["illustrative"]),
                cell(item["period"] or _("no fixed period")),
                cell(item["addressee"], item["addressee_illustrative"]),
                cell("; ".join(x for x in (item["state"], item["correction"]) if x)),
                str(item["updates"]),
            )
            for item in summary["followups"]
        ]
        console.print(_table(_("Follow-ups"), headers, rows))
    if cell.marked:
        console.print(_("* illustrative sample data, not fact"), style="dim")


@click.command(
    cls=CompletingCommand,
    help=N_("Show a readable summary of the portfolio at PATH."),
)
@click.argument("path", type=Location(exists=True))
@click.option("--json", "as_json", is_flag=True, help=N_("Print the summary as JSON."))
@click.option(
    "--lang",
    "language",
    metavar="LANG",
    shell_complete=complete_languages,
    help=N_(
        "Language of the texts (default: the language chosen for munintl with"
        " --lang or MUNINTL_LANG, else the municipality's language)."
    ),
)
@click.option(
    "--on",
    "day",
    type=click.DateTime(formats=["%Y-%m-%d"]),
    help=N_("Show partnership status on this date (default: today)."),
)
def show(
    path: str, as_json: bool, language: str | None, day: dt.datetime | None
) -> None:
    """Show the portfolio at PATH."""
    portfolio, _store, config = open_portfolio(path)
    chosen = language
    # One language per run: a language chosen for munintl (--lang before the
    # command, MUNINTL_LANG) is also the summary's, so headings, codes and
    # texts agree; texts not written in it follow the fallback chain.
    language = language or chosen_language() or portfolio.municipality.default_language
    try:
        summary = summarise(
            portfolio,
            language=language,
            fallback=config.fallback_for(language),
            codelists=plugin_manager().codelists(),
            day=day.date() if day else None,
        )
    except ReportError:
        if chosen is None:
            # The portfolio's own language, not the user's choice: a data error.
            fail(
                _(
                    "{path}: the municipality's default_language {language!r} is"
                    " not a language munintl can write in; correct it (munintl"
                    " validate says where) or give --lang"
                ).format(path=path, language=language)
            )
        raise click.BadParameter(
            _(
                "'{language}' is not a language munintl can write in; use a"
                " language tag such as da, en or de"
            ).format(language=clipped(language)),
            param_hint="--lang",
        ) from None
    if as_json:
        click.echo(json.dumps(summary, ensure_ascii=False, indent=2))
    else:
        _print_summary(summary)
