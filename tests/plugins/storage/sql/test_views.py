"""Schema revision 0002: who saved, titles, partnership spans and the readable views."""

from __future__ import annotations

import attrs
import pytest
import sqlalchemy as sa

from munintl.model import LocalizedText, Organisation, Partnership, Party, Portfolio
from munintl.plugins.storage.sql import schema
from munintl.plugins.storage.sql.migrate import MIGRATIONS
from munintl.plugins.storage.sql.store import DatabaseStore
from munintl.storage import open_store
from munintl.testing.samples import sample_portfolio

VIEWS = (
    "portfolio_list",
    "initiative_list",
    "partnership_list",
    "funding_list",
    "one_sided_partnerships",
)


def _store(location: str) -> DatabaseStore:
    store = open_store(location)
    assert isinstance(store, DatabaseStore)
    return store


def _rows(store: DatabaseStore, query: str) -> list[tuple[object, ...]]:
    with store.engine.connect() as connection:
        return [tuple(row) for row in connection.exec_driver_sql(query)]


def test_views_read_the_derived_tables(database: str) -> None:
    sample = sample_portfolio()
    store = _store(f"{database}#sample")
    store.save(sample)
    language = sample.municipality.default_language
    assert _rows(
        store, "SELECT portfolio, initiatives, partnerships FROM portfolio_list"
    ) == [("sample", len(sample.initiatives), len(sample.partnerships))]
    titles = _rows(store, "SELECT id, title FROM initiative_list ORDER BY id")
    assert titles == sorted(
        (i.id, i.title.get(language, fallback=i.title.languages))
        for i in sample.initiatives
    )
    themes = dict(_rows(store, "SELECT id, themes FROM initiative_list"))
    for initiative in sample.initiatives:
        assert themes[initiative.id] == (", ".join(initiative.themes) or None)
    funded = _rows(store, "SELECT initiative, programme FROM funding_list")
    assert sorted(funded, key=repr) == sorted(
        ((i.id, line.programme) for i in sample.initiatives for line in i.funding),
        key=repr,
    )
    for name in VIEWS:
        _rows(store, f"SELECT * FROM {name}")  # every view is valid SQL


def _municipality(portfolio: Portfolio, ident: str, partner: str | None) -> Portfolio:
    """``portfolio`` as municipality ``ident``, with one twinning with ``partner``."""
    municipality = attrs.evolve(portfolio.municipality, id=ident)
    organisations = (
        (
            Organisation(
                id=partner, name=LocalizedText.of(en=partner), type="municipality"
            ),
        )
        if partner
        else ()
    )
    partnerships = (
        (
            Partnership(
                id=f"{ident}-{partner}",
                kind="twinning",
                title=LocalizedText.of(en=f"{ident} and {partner}"),
                parties=(Party(party=ident), Party(party=partner)),
            ),
        )
        if partner
        else ()
    )
    return Portfolio(
        municipality=municipality,
        organisations=organisations,
        partnerships=partnerships,
    )


def test_one_sided_partnerships_view(database: str) -> None:
    base = sample_portfolio()
    _store(f"{database}#aarhus").save(_municipality(base, "aarhus", "kiel"))
    _store(f"{database}#kiel").save(_municipality(base, "kiel", None))
    _store(f"{database}#odense").save(_municipality(base, "odense", "lund"))
    store = _store(f"{database}#aarhus")
    # kiel is in the database and does not record the twinning; lund is not.
    assert _rows(store, "SELECT portfolio, partner FROM one_sided_partnerships") == [
        ("aarhus", "kiel")
    ]
    _store(f"{database}#kiel").save(_municipality(base, "kiel", "aarhus"))
    assert _rows(store, "SELECT * FROM one_sided_partnerships") == []


def test_an_older_database_is_upgraded_and_its_rows_refilled(database: str) -> None:
    from alembic import command
    from alembic.config import Config

    sample = sample_portfolio()
    store = _store(f"{database}#sample")
    store.save(sample)
    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS))
    with store.engine.begin() as connection:
        config.attributes["connection"] = connection
        command.downgrade(config, "0001")
    store.engine.dispose()
    from munintl.plugins.storage.sql.engine import CURRENT

    CURRENT.clear()
    again = _store(f"{database}#sample")
    assert again.load() == sample  # opening it upgrades it
    titles = _rows(again, "SELECT count(*) FROM initiatives WHERE title IS NOT NULL")
    assert titles == [(len(sample.initiatives),)]
    with again.engine.connect() as connection:
        version = connection.execute(
            sa.text(f"SELECT version_num FROM {schema.VERSION_TABLE}")
        ).scalar()
    assert version == schema.SCHEMA_REVISIONS[-1]
    for name in VIEWS:
        _rows(again, f"SELECT count(*) FROM {name}")


@pytest.mark.parametrize("who", ["editor@aarhus"])
def test_saved_by_comes_from_the_environment(
    database: str, who: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("MUNINTL_AUTHOR", who)
    store = _store(f"{database}#sample")
    store.save(sample_portfolio())
    monkeypatch.delenv("MUNINTL_AUTHOR")
    store.save(attrs.evolve(sample_portfolio(), initiatives=()))
    first, second = store.history()
    assert first.saved_by == who
    assert second.saved_by  # the login: current_user, or the system's user
