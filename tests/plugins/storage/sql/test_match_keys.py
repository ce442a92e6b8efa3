"""Schema revision 0005: partners matched to municipalities by identifiers and names."""

from __future__ import annotations

import attrs
import sqlalchemy as sa

from munintl.hooks.queries import PartnershipQuery
from munintl.model import (
    LocalizedText,
    Municipality,
    Organisation,
    PartialDate,
    Partnership,
    PartnershipEvent,
    Party,
    Portfolio,
)
from munintl.plugins.storage.sql import schema
from munintl.plugins.storage.sql.engine import CURRENT
from munintl.plugins.storage.sql.migrate import MIGRATIONS
from munintl.plugins.storage.sql.store import DatabaseStore
from munintl.query import evaluate, evaluate_links, find, links
from munintl.storage import open_store


def _store(location: str) -> DatabaseStore:
    store = open_store(location)
    assert isinstance(store, DatabaseStore)
    return store


def _portfolio(
    ident: str,
    name: str,
    codes: dict[str, str],
    partners: tuple[Organisation, ...],
    signed: str | None = None,
) -> Portfolio:
    """Municipality ``ident`` with one twinning with each of ``partners``."""
    events = (
        (PartnershipEvent(kind="signed", date=PartialDate.parse(signed)),)
        if signed
        else ()
    )
    return Portfolio(
        municipality=Municipality(
            id=ident,
            name=LocalizedText.of(en=name),
            country="DK",
            default_language="en",
            codes=codes,
        ),
        organisations=partners,
        partnerships=tuple(
            Partnership(
                id=f"{ident}-{partner.id}",
                kind="twinning",
                title=LocalizedText.of(en=f"{name} and {partner.id}"),
                parties=(Party(party=ident), Party(party=partner.id)),
                events=events,
            )
            for partner in partners
        ),
    )


def _partner(ident: str, name: str, **identifiers: str) -> Organisation:
    return Organisation(
        id=ident,
        name=LocalizedText.of(en=name),
        type="municipality",
        identifiers=identifiers,
    )


def portal() -> dict[str, Portfolio]:
    """Four municipalities that name each other in their own words.

    Aarhus names Kiel ``kiel-de`` with Kiel's Wikidata QID (ids and names
    differ); Kiel names Aarhus only by a name written otherwise ("AARHUS
    kommune."); Odense names "Lund", whose portfolio here has that name but
    another LAU code: another municipality.  Lund names Odense by id.
    Aarhus records its twinning with Kiel from 1964, Kiel from 1967.
    """
    return {
        "aarhus": _portfolio(
            "aarhus",
            "Aarhus Kommune",
            {"wikidata": "Q25319"},
            (_partner("kiel-de", "Landeshauptstadt Kiel", wikidata="Q1707"),),
            signed="1964",
        ),
        "kiel": _portfolio(
            "landeshauptstadt-kiel",
            "Kiel",
            {"wikidata": "Q1707"},
            (_partner("aarhus-dk", "AARHUS kommune."),),
            signed="1967",
        ),
        "odense": _portfolio(
            "odense", "Odense", {}, (_partner("lund", "Lund", lau="1281"),)
        ),
        "lund": _portfolio(
            "lund-kommun",
            "Lund",
            {"lau": "1290"},
            (_partner("odense", "Odense Kommune"),),
        ),
    }


def _save(database: str, portfolios: dict[str, Portfolio]) -> None:
    for key, portfolio in portfolios.items():
        _store(f"{database}#{key}").save(portfolio)


def test_partners_match_by_identifier_or_name_not_by_a_conflicting_code(
    database: str,
) -> None:
    held = portal()
    _save(database, held)
    found = links(database)
    assert found == evaluate_links(held)
    assert [(x.portfolio, x.parties, x.other, x.recorded_back) for x in found] == [
        ("aarhus", ("kiel-de",), "kiel", True),
        ("kiel", ("aarhus-dk",), "aarhus", True),
        ("lund", ("odense",), "odense", False),
    ]
    one_sided = PartnershipQuery(one_sided=True)
    assert [(hit.portfolio, hit.id) for hit in find(database, one_sided)] == [
        ("lund", "lund-kommun-odense")
    ]
    assert find(database, one_sided) == evaluate(one_sided, held)
    with _store(database).engine.connect() as connection:
        view = connection.exec_driver_sql(
            "SELECT portfolio, partnership, partner, other_portfolio"
            " FROM one_sided_partnerships"
        ).all()
    assert [tuple(row) for row in view] == [
        ("lund", "lund-kommun-odense", "odense", "odense")
    ]
    # Kiel drops its record of Aarhus: Aarhus's is now one-sided too.
    kiel = attrs.evolve(held["kiel"], partnerships=())
    _store(f"{database}#kiel").save(kiel)
    assert [hit.portfolio for hit in find(database, one_sided)] == ["aarhus", "lund"]


def test_an_older_database_gets_its_match_keys(database: str) -> None:
    from alembic import command
    from alembic.config import Config

    held = portal()
    _save(database, held)
    store = _store(database)
    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS))
    with store.engine.begin() as connection:
        config.attributes["connection"] = connection
        command.downgrade(config, "0004")  # a database saved before 0005
        tables = sa.inspect(connection).get_table_names()
    assert "match_keys" not in tables
    store.engine.dispose()
    CURRENT.clear()
    again = _store(database)
    assert links(again) == evaluate_links(held)  # opening it upgrades and refills
    with again.engine.connect() as connection:
        version = connection.execute(
            sa.text(f"SELECT version_num FROM {schema.VERSION_TABLE}")
        ).scalar()
        keys = connection.exec_driver_sql(
            "SELECT owner, scheme, value FROM match_keys"
            " WHERE portfolio = 'aarhus' AND code = "
            + ("true" if again.target.dialect == "postgresql" else "1")
            + " ORDER BY pos"
        ).all()
        indexes = {
            ix["name"] for ix in sa.inspect(connection).get_indexes("match_keys")
        }
    assert version == schema.SCHEMA_REVISIONS[-1]  # 0005 and any after it
    assert [tuple(row) for row in keys] == [
        ("aarhus", "wikidata", "Q25319"),
        ("kiel-de", "wikidata", "Q1707"),
    ]
    assert {"ix_match_keys_match", "ix_match_keys_owner"} <= indexes
