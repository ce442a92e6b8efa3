"""``munintl show PATH``: a readable summary of a portfolio."""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Mapping
from typing import Any

import click

from munintl.cli._common import open_portfolio, plugin_manager
from munintl.i18n import _, ngettext
from munintl.model import Codelist, LocalizedText, Portfolio, Theme


class _Labels:
    """Texts and code labels in the summary's language, with fallbacks."""

    def __init__(
        self,
        language: str,
        fallback: tuple[str, ...],
        codelists: Mapping[str, Codelist],
    ) -> None:
        self.language = language
        self.fallback = fallback
        self.codelists = codelists

    def text(self, value: LocalizedText) -> str:
        return value.get(self.language, fallback=self.fallback) or next(
            iter(value.values.values()), ""
        )

    def code(self, scheme: str, code: str | None) -> str | None:
        if code is None:
            return None
        codelist = self.codelists.get(scheme)
        return codelist.label(code, self.language, self.fallback) if codelist else code


def summarise(
    portfolio: Portfolio,
    *,
    language: str,
    fallback: tuple[str, ...] = (),
    codelists: Mapping[str, Codelist] | None = None,
    day: dt.date | None = None,
) -> dict[str, Any]:
    """Summarise a portfolio as plain data (what ``show --json`` prints)."""
    labels = _Labels(
        language, (*fallback, portfolio.municipality.default_language), codelists or {}
    )
    day = day or dt.date.today()

    def party_name(party_id: str) -> str:
        if party_id == portfolio.municipality.id:
            return labels.text(portfolio.municipality.name)
        organisation = portfolio.organisation(party_id)
        return labels.text(organisation.name) if organisation else party_id

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
            labels.code("initiative-status", initiative.status) or initiative.status
        )
        by_status.setdefault(status, []).append(
            {
                "id": initiative.id,
                "title": labels.text(initiative.title),
                "kind": labels.code("initiative-kind", initiative.kind),
                "period": str(initiative.period) if initiative.period else None,
                "partners": initiative.partner_count(),
                "illustrative": initiative.illustrative,
            }
        )
    return {
        "municipality": {
            "id": portfolio.municipality.id,
            "name": labels.text(portfolio.municipality.name),
            "country": portfolio.municipality.country,
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
            "themes": [theme_summary(theme) for theme in current.themes],
        },
        "strategies": len(portfolio.strategies),
        "bodies": len(portfolio.bodies),
        "organisations": len(portfolio.organisations),
        "initiatives": by_status,
        "partnerships": [
            {
                "id": partnership.id,
                "title": labels.text(partnership.title),
                "kind": labels.code("partnership-kind", partnership.kind),
                "since": str(partnership.start()) if partnership.start() else None,
                "status": {
                    party_name(party): labels.code("partnership-status", status)
                    if status
                    else None
                    for party, status in partnership.status_on(day).items()
                },
                "events": len(partnership.events),
            }
            for partnership in portfolio.partnerships
        ],
        "followups": [
            {
                "id": followup.id,
                "title": labels.text(followup.title),
                "period": str(followup.period),
                "addressee": (
                    labels.text(body.name)
                    if (body := portfolio.body(followup.addressee))
                    else followup.addressee
                ),
                "state": labels.code("follow-up-state", followup.state),
                "updates": len(followup.updates),
                "decisions": len(followup.decisions),
                "illustrative": followup.illustrative,
            }
            for followup in portfolio.followups
        ],
        "as_of": day.isoformat(),
    }


def _print_summary(summary: dict[str, Any]) -> None:
    from rich.console import Console
    from rich.table import Table
    from rich.tree import Tree

    console = Console(highlight=False)
    municipality = summary["municipality"]
    console.print(f"[bold]{municipality['name']}[/bold] ({municipality['country']})")
    strategy = summary["strategy"]
    if strategy:
        tree = Tree(
            f"[bold]{strategy['title']}[/bold]"
            + (f"  {strategy['period']}" if strategy["period"] else "")
            + f"  [{strategy['status']}]"
        )

        def add(node: Tree, theme: dict[str, Any]) -> None:
            mark = " *" if theme["illustrative"] else ""
            count = len(theme["goals"])
            goals = (
                ngettext("{n} goal", "{n} goals", count).format(n=count)
                if count
                else ""
            )
            child = node.add(f"{theme['title']}{mark}  [dim]{goals}[/dim]")
            for sub in theme["themes"]:
                add(child, sub)

        for theme in strategy["themes"]:
            add(tree, theme)
        console.print(tree)
    if summary["initiatives"]:
        table = Table(title=_("Initiatives by status"))
        for header in (
            _("Status"),
            _("Initiative"),
            _("Kind"),
            _("Period"),
            _("Partners"),
        ):
            table.add_column(header)
        for status, items in summary["initiatives"].items():
            for item in items:
                table.add_row(
                    status,
                    item["title"] + (" *" if item["illustrative"] else ""),
                    item["kind"] or "",
                    item["period"] or "",
                    str(item["partners"]),
                )
        console.print(table)
    if summary["partnerships"]:
        table = Table(
            title=_("Partnerships (status on {day})").format(day=summary["as_of"])
        )
        for header in (_("Partnership"), _("Kind"), _("Since"), _("Status by party")):
            table.add_column(header)
        for item in summary["partnerships"]:
            status = "; ".join(
                f"{party}: {value or _('no status')}"
                for party, value in item["status"].items()
            )
            table.add_row(
                item["title"], item["kind"] or "", item["since"] or "", status
            )
        console.print(table)
    if summary["followups"]:
        table = Table(title=_("Follow-ups"))
        for header in (_("Follow-up"), _("Period"), _("To"), _("State"), _("Updates")):
            table.add_column(header)
        for item in summary["followups"]:
            table.add_row(
                (item["title"] or item["id"]) + (" *" if item["illustrative"] else ""),
                item["period"],
                item["addressee"],
                item["state"],
                str(item["updates"]),
            )
        console.print(table)
    console.print(_("* illustrative sample data, not fact"), style="dim")


@click.command(help=_("Show a readable summary of the portfolio at PATH."))
@click.argument("path", type=click.Path(exists=True))
@click.option("--json", "as_json", is_flag=True, help=_("Print the summary as JSON."))
@click.option(
    "--lang",
    "language",
    metavar="LANG",
    help=_("Language of the texts (default: the municipality's language)."),
)
@click.option(
    "--on",
    "day",
    type=click.DateTime(formats=["%Y-%m-%d"]),
    help=_("Show partnership status on this date (default: today)."),
)
def show(
    path: str, as_json: bool, language: str | None, day: dt.datetime | None
) -> None:
    """Show the portfolio at PATH."""
    portfolio, _store, config = open_portfolio(path)
    language = language or portfolio.municipality.default_language
    summary = summarise(
        portfolio,
        language=language,
        fallback=config.fallback_for(language),
        codelists=plugin_manager().codelists(),
        day=day.date() if day else None,
    )
    if as_json:
        click.echo(json.dumps(summary, ensure_ascii=False, indent=2))
    else:
        _print_summary(summary)
