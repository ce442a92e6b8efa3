"""``munintl query LOCATION WHAT``: initiatives or partnerships across portfolios."""

from __future__ import annotations

import json
from typing import TYPE_CHECKING

import attrs
import click

from munintl.cli._common import Location, fail, plugin_manager, print_table
from munintl.errors import MunintlError
from munintl.i18n import N_, _

if TYPE_CHECKING:
    from munintl.query import Hit


@click.command(
    help=N_(
        "Find the initiatives or partnerships (WHAT) of every portfolio at"
        " LOCATION that match all the options given: a database answers with"
        " SQL, any other store in Python, with the same answer."
    )
)
@click.argument("location", type=Location(exists=True))
@click.argument("what", type=click.Choice(["initiatives", "partnerships"]))
@click.option("--municipality", metavar="ID", help=N_("The municipality's id."))
@click.option("--theme", metavar="ID", help=N_("Initiatives that serve this theme."))
@click.option("--kind", metavar="CODE", help=N_("The initiative or partnership kind."))
@click.option("--status", metavar="CODE", help=N_("The initiative status."))
@click.option(
    "--active-in",
    metavar="YEAR",
    type=click.IntRange(1, 9999),
    help=N_("Active on some day of YEAR."),
)
@click.option("--partner", metavar="ID", help=N_("An organisation taking part."))
@click.option(
    "--country", metavar="CODE", help=N_("A partner in this country (e.g. DE).")
)
@click.option("--programme", metavar="CODE", help=N_("Funded by this programme."))
@click.option(
    "--one-sided",
    is_flag=True,
    help=N_(
        "Partnerships with a municipality whose portfolio is at LOCATION too"
        " and does not record them."
    ),
)
@click.option(
    "--municipalities",
    "only_municipalities",
    is_flag=True,
    help=N_("List only the municipalities the matches belong to."),
)
@click.option("--json", "as_json", is_flag=True, help=N_("Print the matches as JSON."))
def query(  # noqa: PLR0917 - one parameter per option
    location: str,
    what: str,
    municipality: str | None,
    theme: str | None,
    kind: str | None,
    status: str | None,
    active_in: int | None,
    partner: str | None,
    country: str | None,
    programme: str | None,
    one_sided: bool,
    only_municipalities: bool,
    as_json: bool,
) -> None:
    """Answer a query over LOCATION."""
    from munintl.query import (
        InitiativeQuery,
        PartnershipQuery,
        Query,
        find,
        municipalities,
    )

    asked: Query
    if what == "initiatives":
        if one_sided:
            raise click.UsageError(_("--one-sided is for partnerships"))
        asked = InitiativeQuery(
            municipality=municipality,
            theme=theme,
            kind=kind,
            status=status,
            active_in=active_in,
            partner=partner,
            country=country,
            programme=programme,
        )
    else:
        for name, value in (
            ("theme", theme),
            ("status", status),
            ("programme", programme),
        ):
            if value is not None:
                raise click.UsageError(
                    _("--{option} is for initiatives").format(option=name)
                )
        asked = PartnershipQuery(
            municipality=municipality,
            kind=kind,
            active_in=active_in,
            partner=partner,
            country=country,
            one_sided=one_sided,
        )
    try:
        hits: list[Hit] = find(location, asked, manager=plugin_manager())
    except MunintlError as error:
        fail(str(error))
    if only_municipalities:
        found = municipalities(hits)
        if as_json:
            click.echo(json.dumps(found, ensure_ascii=False, indent=2))
        else:
            for ident in found:
                click.echo(ident)
        return
    _print(hits, what=what, as_json=as_json)


def _print(hits: list[Hit], *, what: str, as_json: bool) -> None:
    """Print the hits as JSON or as a table."""
    from munintl.query import InitiativeHit

    if as_json:
        click.echo(
            json.dumps(
                [attrs.asdict(hit) for hit in hits],
                ensure_ascii=False,
                indent=2,
            )
        )
        return
    if what == "initiatives":
        print_table(
            [_("portfolio"), _("id"), _("kind"), _("status"), _("title")],
            [
                (hit.portfolio, hit.id, hit.kind, hit.status, hit.title)
                for hit in hits
                if isinstance(hit, InitiativeHit)
            ],
        )
    else:
        print_table(
            [_("portfolio"), _("id"), _("kind"), _("partners"), _("title")],
            [
                (hit.portfolio, hit.id, hit.kind, ", ".join(hit.partners), hit.title)
                for hit in hits
                if not isinstance(hit, InitiativeHit)
            ],
        )
