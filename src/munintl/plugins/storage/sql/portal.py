"""The metadata datasette reads for a munintl database: titles, descriptions, licence.

A SQLite file made by munintl opens in datasette as it is; with this
metadata (``munintl portal metadata sqlite:///portal.db -o metadata.json``,
then ``datasette portal.db -m metadata.json``) every table, view and column
has a title or a description, and the portal says whose data it is and
under which licence.  The texts describe munintl's schema; they are in
English, as the schema's names are.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from munintl.plugins.storage.sql.store import DatabaseStore

#: Each view's title, description and columns (the readable face of the data).
VIEWS: dict[str, tuple[str, str, dict[str, str]]] = {
    "portfolio_list": (
        "Municipalities",
        "One row per portfolio: the municipality, its current revision and how"
        " much it holds.",
        {
            "portfolio": "The key the portfolio is stored under",
            "municipality": "The municipality's id",
            "name": "The municipality's name in its own language",
            "country": "ISO 3166-1 country code",
            "revision": "The current revision (1, 2, ...)",
            "saved_at": "When the current revision was saved (UTC)",
            "saved_by": "Who saved it, where recorded",
        },
    ),
    "initiative_list": (
        "Initiatives",
        "Every initiative of every municipality: projects, programmes, network"
        " memberships, exchanges, with their themes, partners and funding"
        " programmes.",
        {
            "active_from": "First day the initiative may be active (empty: open)",
            "active_to": "Last day the initiative may be active (empty: open)",
            "themes": "The strategy themes it serves (ids)",
            "partners": "The organisations taking part",
            "funding_programmes": "The programmes funding it (codes)",
        },
    ),
    "partnership_list": (
        "Partnerships",
        "Twin towns, partner cities, agreements and network memberships, with"
        " the partners and their countries.",
        {
            "started": "The date of the first recorded event",
            "expires": "When the agreement expires, if it does",
            "partners": "The parties other than the municipality",
            "partner_countries": "The partners' countries",
            "active_today": "1 if the partnership is active for the municipality today",
        },
    ),
    "funding_list": (
        "Funding",
        "Every funding line of every initiative: funder, programme, amount.",
        {
            "amount": "The amount, approximately (the exact amount is in the"
            " portfolio)",
            "currency": "ISO 4217 currency code",
        },
    ),
    "one_sided_partnerships": (
        "Partnerships recorded by one side only",
        "Partnerships with another municipality whose portfolio is in this"
        " database but records no partnership with this one; the partner is"
        " matched by a shared identifier (Wikidata, NUTS, LAU, national code),"
        " else by id or name.",
        {
            "partner": "The party (an organisation of this portfolio) that is"
            " the other municipality",
            "other_portfolio": "The other municipality's portfolio",
        },
    ),
}

#: The tables, described for people browsing them.
TABLES: dict[str, str] = {
    "portfolios": "The current revision of each portfolio; document holds all of"
    " it as JSON (the data of record).",
    "revisions": "Every earlier revision of every portfolio.",
    "strategies": "The strategies, one row each.",
    "themes": "The themes of the strategies, nested through parent.",
    "initiatives": "The initiatives, one row each.",
    "initiative_themes": "Which themes each initiative serves.",
    "participations": "Which organisations take part in each initiative.",
    "funding": "The funding lines of the initiatives.",
    "organisations": "The partner organisations each portfolio names.",
    "partnerships": "The partnerships, one row each.",
    "partnership_parties": "The parties of each partnership, with their country.",
    "partnership_events": "Signatures, renewals, suspensions and ends.",
    "partnership_spans": "The spans of days each partnership is active.",
    "followups": "The follow-ups to the political bodies.",
    "match_keys": "Identifiers, ids and folded names of each municipality and"
    " partner, to match one portfolio's partner to another's municipality.",
    "munintl_schema_version": "The schema's revision (kept by munintl).",
}


def datasette_metadata(
    store: DatabaseStore,
    *,
    title: str | None = None,
    description: str | None = None,
    licence: str | None = None,
    licence_url: str | None = None,
    source: str | None = None,
    source_url: str | None = None,
) -> dict[str, Any]:
    """Return datasette's metadata for the SQLite database of ``store``.

    The database's name in datasette is the file's name without its
    suffix.  Without a ``title``, the portal is called after its
    municipalities; without a ``description``, it lists them.
    """
    import sqlalchemy as sa

    from munintl.i18n import _
    from munintl.plugins.storage.sql.schema import portfolios

    names: list[str] = []
    if store.exists():
        with store.engine.connect() as connection:
            names = [
                str(name or key)
                for key, name in connection.execute(
                    sa.select(portfolios.c.key, portfolios.c.name).order_by(
                        portfolios.c.key
                    )
                )
            ]
    database = store.target.path.stem if store.target.path else "munintl"
    metadata: dict[str, Any] = {
        "title": title or _("International strategies of municipalities"),
        "description": description
        or _("The international strategies of: {names}.").format(
            names=", ".join(names) or _("none yet")
        ),
    }
    for key, value in (
        ("license", licence),
        ("license_url", licence_url),
        ("source", source),
        ("source_url", source_url),
    ):
        if value:
            metadata[key] = value
    tables: dict[str, Any] = {
        name: {"title": view_title, "description": text, "columns": columns}
        for name, (view_title, text, columns) in VIEWS.items()
    }
    tables.update({name: {"description": text} for name, text in TABLES.items()})
    tables["munintl_schema_version"]["hidden"] = True
    metadata["databases"] = {database: {"tables": tables}}
    return metadata
