"""The database store: many portfolios, keys, revisions, history, derived rows."""

from __future__ import annotations

import os
from pathlib import Path

import attrs
import pytest
import sqlalchemy as sa

from munintl.errors import ConflictError, StorageError
from munintl.hooks import ManyStore
from munintl.model import LocalizedText, Portfolio
from munintl.plugins.storage.sql import schema
from munintl.plugins.storage.sql.errors import (
    DatabaseLocationError,
    UnknownPortfolioError,
)
from munintl.plugins.storage.sql.store import DatabaseStore
from munintl.storage import open_store
from munintl.testing.samples import sample_portfolio


def _as(municipality_id: str) -> Portfolio:
    sample = sample_portfolio()
    return attrs.evolve(
        sample, municipality=attrs.evolve(sample.municipality, id=municipality_id)
    )


def test_store_is_a_many_store_with_transactions(database: str) -> None:
    store = open_store(database)
    assert isinstance(store, ManyStore)
    assert {"revisions", "many", "transactions"} <= store.capabilities


def test_many_portfolios_are_listed_loaded_and_deleted(database: str) -> None:
    open_store(f"{database}#aarhus").save(_as("aarhus"))
    open_store(f"{database}#odense").save(_as("odense"))
    store = open_store(database)
    assert store.keys() == ["aarhus", "odense"]  # type: ignore[attr-defined]
    assert open_store(f"{database}#odense").load() == _as("odense")
    store.delete("aarhus")  # type: ignore[attr-defined]
    assert store.keys() == ["odense"]  # type: ignore[attr-defined]
    assert not open_store(f"{database}#aarhus").exists()
    with pytest.raises(UnknownPortfolioError, match="holds odense"):
        open_store(f"{database}#aarhus").load()


def test_location_without_key_names_the_only_portfolio(database: str) -> None:
    store = open_store(database)
    assert store.save(_as("aarhus")) == "1"
    assert open_store(f"{database}#aarhus").load() == _as("aarhus")
    assert store.load() == _as("aarhus")
    # The same municipality again replaces it ...
    assert store.save(_as("aarhus")) == "1"
    # ... another municipality's portfolio is never replaced by accident.
    with pytest.raises(StorageError, match=r"#odense"):
        store.save(_as("odense"))
    assert store.load() == _as("aarhus")
    open_store(f"{database}#odense").save(_as("odense"))
    with pytest.raises(StorageError, match=r"2 portfolios \(aarhus, odense\)"):
        store.load()


def test_revisions_count_on_after_a_delete(database: str) -> None:
    store = open_store(f"{database}#aarhus")
    store.save(_as("aarhus"))
    second = attrs.evolve(_as("aarhus"), followups=())
    assert store.save(second) == "2"
    store.delete("aarhus")  # type: ignore[attr-defined]
    assert store.revision() is None
    with pytest.raises(ConflictError, match="no portfolio is stored there now"):
        store.save(_as("aarhus"), expected_revision="2")
    assert store.save(_as("aarhus")) == "3"
    history = store.history()  # type: ignore[attr-defined]
    assert [(h.revision, h.deleted, h.current) for h in history] == [
        ("1", False, False),
        ("2", True, False),
        ("3", False, True),
    ]
    assert store.load_revision("2") == second  # type: ignore[attr-defined]
    with pytest.raises(StorageError, match="no revision 7"):
        store.load_revision("7")  # type: ignore[attr-defined]


def test_conflict_says_which_revision_changed_it_and_when(database: str) -> None:
    store = open_store(f"{database}#aarhus")
    store.save(_as("aarhus"))
    other = open_store(f"{database}#aarhus")
    other.save(attrs.evolve(_as("aarhus"), followups=()))
    other.save(attrs.evolve(_as("aarhus"), followups=(), partnerships=()))
    changed = other.history()[1]  # type: ignore[attr-defined]
    with pytest.raises(ConflictError) as caught:
        store.save(attrs.evolve(_as("aarhus"), bodies=()), expected_revision="1")
    message = str(caught.value)
    assert "after revision 1: revision 2 was saved at" in message
    assert changed.saved_at.strftime("%Y-%m-%d %H:%M:%S UTC") in message
    assert "the current revision is 3" in message
    assert store.revision() == "3"


def test_order_of_a_texts_languages_survives(database: str) -> None:
    # jsonb would sort the keys; the document is kept as written.
    sample = sample_portfolio()
    name = LocalizedText(values={"en": "Egeby", "da": "Egeby Kommune", "de": "Egeby"})
    portfolio = attrs.evolve(
        sample, municipality=attrs.evolve(sample.municipality, name=name)
    )
    store = open_store(f"{database}#egeby")
    store.save(portfolio)
    assert store.load().municipality.name.languages == ("en", "da", "de")


def test_derived_rows_follow_the_portfolio(database: str) -> None:
    sample = sample_portfolio()
    store = open_store(f"{database}#sample")
    assert isinstance(store, DatabaseStore)
    store.save(sample)
    store.save(attrs.evolve(sample, initiatives=sample.initiatives[:1]))
    with store.engine.connect() as connection:
        initiatives = connection.execute(
            sa.select(schema.initiatives.c.id, schema.initiatives.c.kind)
        ).all()
        parties = connection.execute(
            sa.select(
                schema.partnership_parties.c.party,
                schema.partnership_parties.c.country,
            )
        ).all()
        portfolio = connection.execute(
            sa.select(schema.portfolios.c.municipality, schema.portfolios.c.revision)
        ).one()
    first = sample.initiatives[0]
    assert initiatives == [(first.id, first.kind)]
    countries = {o.id: o.country for o in sample.organisations}
    countries[sample.municipality.id] = sample.municipality.country
    assert sorted(parties) == sorted(
        (party.party, countries.get(party.party))
        for partnership in sample.partnerships
        for party in partnership.parties
    )
    assert tuple(portfolio) == (sample.municipality.id, 2)


def test_schema_matches_the_migrations(database: str) -> None:
    from alembic.autogenerate import compare_metadata
    from alembic.runtime.migration import MigrationContext

    store = open_store(f"{database}#sample")
    assert isinstance(store, DatabaseStore)
    store.save(sample_portfolio())
    with store.engine.connect() as connection:
        context = MigrationContext.configure(
            connection, opts={"version_table": schema.VERSION_TABLE}
        )
        assert compare_metadata(context, schema.metadata) == []


def _with_a_review(portfolio: Portfolio) -> Portfolio:
    """``portfolio`` with a copy of its follow-up that covers no fixed period."""
    yearly = portfolio.followups[0]
    review = attrs.evolve(yearly, id="review", period=None, due=yearly.period.end)
    return attrs.evolve(portfolio, followups=(yearly, review))


def _fixed_periods(store: DatabaseStore) -> list[tuple[str, bool, object, object]]:
    with store.engine.connect() as connection:
        rows = connection.exec_driver_sql(
            "SELECT id, fixed_period, period_from, period_to FROM followups ORDER BY id"
        ).all()
    return [(row[0], bool(row[1]), row[2], row[3]) for row in rows]


def test_a_followup_without_period_is_told_apart(database: str) -> None:
    portfolio = _with_a_review(sample_portfolio())
    store = open_store(f"{database}#sample")
    assert isinstance(store, DatabaseStore)
    store.save(portfolio)
    assert store.load() == portfolio
    [(yearly, fixed, first, last), (review, *review_row)] = _fixed_periods(store)
    assert (review, review_row) == ("review", [False, None, None])
    assert (yearly, fixed) == ("opfoelgning-2023", True)
    assert str(first).startswith("2023-01-01")
    assert str(last).startswith("2023-12-31")


def test_an_older_database_gets_fixed_period(database: str) -> None:
    from alembic import command
    from alembic.config import Config

    from munintl.plugins.storage.sql.engine import CURRENT
    from munintl.plugins.storage.sql.migrate import MIGRATIONS

    portfolio = sample_portfolio()
    store = open_store(f"{database}#sample")
    assert isinstance(store, DatabaseStore)
    store.save(portfolio)
    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS))
    with store.engine.begin() as connection:
        config.attributes["connection"] = connection
        command.downgrade(config, "0005")  # a database saved before 0006
        columns = {c["name"] for c in sa.inspect(connection).get_columns("followups")}
        assert "fixed_period" not in columns
    store.engine.dispose()
    CURRENT.clear()
    again = open_store(f"{database}#sample")
    assert isinstance(again, DatabaseStore)
    assert again.load() == portfolio  # reading it upgrades it in place
    assert [row[:2] for row in _fixed_periods(again)] == [("opfoelgning-2023", True)]
    # And it takes a review without a period from then on.
    again.save(_with_a_review(portfolio))
    assert [row[:2] for row in _fixed_periods(again)] == [
        ("opfoelgning-2023", True),
        ("review", False),
    ]


def test_settings_come_from_the_file_and_the_url(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    (tmp_path / "munintl.toml").write_text(
        "[plugins.sqlite]\nlock_timeout = 7\n", encoding="utf-8"
    )
    store = open_store("sqlite:///portal.db#aarhus")
    assert isinstance(store, DatabaseStore)
    assert store.target.settings.lock_timeout == 7
    store = open_store("sqlite:///portal.db?lock_timeout=2.5#aarhus")
    assert isinstance(store, DatabaseStore)
    assert store.target.settings.lock_timeout == 2.5
    with pytest.raises(DatabaseLocationError, match="unknown setting colour"):
        open_store("sqlite:///portal.db?colour=red")
    assert not (tmp_path / "portal.db").exists()


def test_password_comes_from_the_variable_the_file_names(
    postgresql_database: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from sqlalchemy.engine import make_url

    url = make_url(postgresql_database)
    password = url.password
    assert password, "the test server's URL carries the password"
    without = postgresql_database.replace(f":{password}@", "@", 1)
    monkeypatch.chdir(tmp_path)
    monkeypatch.delenv("PGPASSWORD", raising=False)
    (tmp_path / "munintl.toml").write_text(
        '[plugins.postgresql]\npassword_env = "PORTAL_DB_PASSWORD"\n',
        encoding="utf-8",
    )
    with pytest.raises(DatabaseLocationError, match="PORTAL_DB_PASSWORD"):
        open_store(f"{without}#aarhus")
    monkeypatch.setenv("PORTAL_DB_PASSWORD", str(password))
    store = open_store(f"{without}#aarhus")
    store.save(_as("aarhus"))
    assert store.load() == _as("aarhus")
    assert str(password) not in repr(store)
    assert os.environ["PORTAL_DB_PASSWORD"] == password


@pytest.mark.parametrize(
    "check", ["quick proof", "quick proof, items vouched for", "full check"]
)
def test_a_converter_that_loses_data_saves_nothing(
    database: str, check: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    from munintl.wire import convert
    from storage.test_read_back import (
        CHECKS,
        losing_participations,
        without_quick_proof,
    )

    if check == "full check":
        without_quick_proof(monkeypatch)
    store = open_store(f"{database}#egeby")
    portfolio = CHECKS[check]()
    assert portfolio.initiatives[0].participations
    revision = store.save(portfolio)
    renamed = attrs.evolve(
        portfolio.initiatives[0], title=LocalizedText.of(da="Nyt navn")
    )
    changed = attrs.evolve(portfolio, initiatives=(renamed, *portfolio.initiatives[1:]))
    monkeypatch.setattr(
        convert, "unstructure", losing_participations(convert.unstructure)
    )
    with pytest.raises(StorageError, match="would not read back unchanged"):
        store.save(changed)
    monkeypatch.undo()
    assert store.revision() == revision
    assert store.load() == portfolio


def test_derived_rows_fill_every_column_of_their_table() -> None:
    from munintl.plugins.storage.sql.derive import COLUMNS, derived_rows

    assert set(COLUMNS) == {table.name for table in schema.DERIVED}
    for table in schema.DERIVED:
        assert COLUMNS[table.name] == tuple(column.name for column in table.columns)
    for as_text in (False, True):
        rows = derived_rows("sample", sample_portfolio(), dates_as_text=as_text)
        for name, found in rows.items():
            assert found, name
            assert {len(row) for row in found} == {len(COLUMNS[name])}
        dated = rows["initiatives"][0][COLUMNS["initiatives"].index("active_from")]
        assert isinstance(dated, str) == as_text


def _counts(store: DatabaseStore) -> dict[str, int]:
    with store.engine.connect() as connection:
        return {
            table.name: connection.execute(
                sa.select(sa.func.count()).select_from(table)
            ).scalar_one()
            for table in (schema.portfolios, schema.revisions, *schema.DERIVED)
        }


def test_an_unchanged_save_writes_nothing(database: str) -> None:
    # PostgreSQL sends the derived rows while the portfolio is encoded, and
    # takes them back when its digest turns out to be the current one.
    store = open_store(f"{database}#egeby")
    assert isinstance(store, DatabaseStore)
    first = store.save(sample_portfolio())
    second = store.save(_smaller_sample())
    before = _counts(store)
    assert store.save(_smaller_sample()) == second != first
    assert _counts(store) == before
    assert [entry.revision for entry in store.history()] == [first, second]


def _smaller_sample() -> Portfolio:
    sample = sample_portfolio()
    return attrs.evolve(sample, initiatives=sample.initiatives[:1])


def test_a_first_save_refused_leaves_no_portfolio(
    database: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    from munintl.wire import convert
    from storage.test_read_back import losing_participations

    store = open_store(f"{database}#egeby")
    assert isinstance(store, DatabaseStore)
    store._ready(create=True)
    monkeypatch.setattr(
        convert, "unstructure", losing_participations(convert.unstructure)
    )
    with pytest.raises(StorageError, match="would not read back unchanged"):
        store.save(sample_portfolio())
    monkeypatch.undo()
    assert set(_counts(store).values()) == {0}
    assert store.save(sample_portfolio()) == "1"


def test_a_failure_while_the_rows_are_written_changes_nothing(
    database: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    from munintl.errors import MunintlError
    from munintl.plugins.storage.sql import store as store_module

    store = open_store(f"{database}#egeby")
    assert isinstance(store, DatabaseStore)
    revision = store.save(sample_portfolio())
    before = _counts(store)
    real = store_module.derived_rows

    def twice(*args: object, **kwargs: object) -> dict[str, list[tuple[object, ...]]]:
        # The same initiative row twice breaks the table's primary key in
        # the middle of the rows, after the old ones were deleted.
        rows = real(*args, **kwargs)  # type: ignore[arg-type]
        rows["initiatives"] = rows["initiatives"] * 2
        return rows

    monkeypatch.setattr(store_module, "derived_rows", twice)
    with pytest.raises(MunintlError):
        store.save(_smaller_sample())
    monkeypatch.undo()
    assert _counts(store) == before
    assert store.revision() == revision
    assert store.load() == sample_portfolio()


def test_derived_rows_read_back_as_they_were_made(database: str) -> None:
    # PostgreSQL takes them in binary COPY, with the columns' types named.
    from munintl.plugins.storage.sql.derive import COLUMNS, derived_rows

    sample = sample_portfolio()
    store = open_store(f"{database}#sample")
    assert isinstance(store, DatabaseStore)
    store.save(sample)
    made = derived_rows("sample", sample)
    assert sum(bool(rows) for rows in made.values()) >= 12
    with store.engine.connect() as connection:
        for table in schema.DERIVED:
            found = connection.execute(
                sa.select(*(table.c[name] for name in COLUMNS[table.name]))
            ).all()
            assert sorted(map(tuple, found), key=repr) == sorted(
                made[table.name], key=repr
            ), table.name
