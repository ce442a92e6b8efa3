"""Benchmark the database stores against their raw drivers, and the queries.

Every figure is a ratio to a floor measured in the same run on the same
rows: for a **save**, the portfolio's document and its derived rows written
with the raw driver in one transaction (``sqlite3`` ``executemany``;
psycopg ``COPY``) -- the rows are made before the clock starts; for a
**load**, the document read with the raw driver and decoded with
``json.loads``.  munintl's save also encodes the portfolio, checks that it
reads back unchanged and derives the rows; its load builds the model.

* one portfolio of 100,000 initiatives (``--initiatives``), saved into a
  new database and loaded;
* the national data set, 100 portfolios of 1,000 initiatives
  (``--portfolios``, ``--national-initiatives``), saved one after another
  into one database, then loaded;
* the issue's example queries on the national database, with munintl's
  indexes and again after dropping them.

PostgreSQL runs when ``MUNINTL_TEST_POSTGRESQL_URL`` names a server (each
run in a schema of its own, dropped afterwards).  Times are medians of
``--repeat`` runs (3).  Target: each ratio at most 2x; the exit status is 1
when one is missed.  Beside each wall-clock ratio the CPU time of the
benchmark's own process is shown: on a machine other work keeps busy it
moves much less than wall-clock time, and for SQLite, which runs in the
process, it is nearly all the work (PostgreSQL's share is the server's).

    python bench/bench_db.py
    python bench/bench_db.py --initiatives 10000 --portfolios 10 --repeat 1
"""

from __future__ import annotations

import argparse
import datetime as dt
import gc
import json
import os
import secrets
import sqlite3
import statistics
import sys
import tempfile
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent))

import generate

from munintl.model import Portfolio
from munintl.plugins.storage.sql import schema
from munintl.plugins.storage.sql.derive import COLUMNS, derived_rows
from munintl.plugins.storage.sql.store import DatabaseStore
from munintl.query import InitiativeQuery, PartnershipQuery, Query
from munintl.storage import open_store
from munintl.wire import fastjson
from munintl.wire.convert import structure, unstructure

TARGET = 2.0
ENV = "MUNINTL_TEST_POSTGRESQL_URL"

QUERIES: dict[str, Query] = {
    # The generated initiatives run from 2015 on: 2020 stands for the
    # issue's 2011.
    "ESF-funded initiatives active in 2020": InitiativeQuery(
        programme="esf", active_in=2020
    ),
    "partnerships active in 2026 with a partner in Germany": PartnershipQuery(
        country="DE", active_in=2026
    ),
    "partnerships recorded by one side only": PartnershipQuery(one_sided=True),
    "initiatives of one municipality with a partner in Sweden": InitiativeQuery(
        municipality="municipality-007", country="SE"
    ),
}


def _portfolio(data: dict[str, Any]) -> Portfolio:
    text = generate.dumps(data).decode("utf-8")
    decoded = fastjson.decode(text) if fastjson.available() else None
    return decoded if decoded is not None else structure(data, Portfolio)


def timed(function: Callable[[], object], cpu: list[float] | None = None) -> float:
    """Seconds ``function`` takes; its CPU time in this process goes to ``cpu``."""
    gc.collect()
    start, start_cpu = time.perf_counter(), time.process_time()
    function()
    if cpu is not None:
        cpu.append(time.process_time() - start_cpu)
    return time.perf_counter() - start


# -- databases ---------------------------------------------------------------------


@contextmanager
def sqlite_database(folder: Path) -> Iterator[str]:
    """A new SQLite file with munintl's schema; yields its URL."""
    path = folder / f"{secrets.token_hex(4)}.db"
    url = f"sqlite:///{path}"
    store = open_store(url)
    assert isinstance(store, DatabaseStore)
    store._ready(create=True)
    try:
        yield url
    finally:
        for suffix in ("", "-journal", "-wal"):
            Path(f"{path}{suffix}").unlink(missing_ok=True)


def _admin(url: str, statement: str) -> None:
    import psycopg

    with psycopg.connect(url, autocommit=True) as connection:
        connection.execute(statement)


@contextmanager
def postgresql_database(server: str) -> Iterator[str]:
    """A new PostgreSQL schema with munintl's tables; yields its URL."""
    name = f"munintl_bench_{secrets.token_hex(4)}"
    _admin(server, f'CREATE SCHEMA "{name}"')
    separator = "&" if "?" in server else "?"
    url = f"{server}{separator}options=-csearch_path%3D{name}"
    try:
        store = open_store(url)
        assert isinstance(store, DatabaseStore)
        store._ready(create=True)
        yield url
    finally:
        _admin(server, f'DROP SCHEMA IF EXISTS "{name}" CASCADE')


# -- the floor: the same rows with the raw driver ---------------------------------


def _plain(value: Any, *, sqlite: bool) -> Any:
    if sqlite and isinstance(value, dt.datetime):
        return value.strftime("%Y-%m-%d %H:%M:%S.%f")
    if sqlite and isinstance(value, dt.date):
        return value.isoformat()
    return value


def floor_rows(
    key: str, portfolio: Portfolio, *, sqlite: bool
) -> list[tuple[str, list[str], list[tuple[Any, ...]]]]:
    """Every row a save writes, as (table, columns, tuples), made outside the clock."""
    text = json.dumps(unstructure(portfolio), ensure_ascii=False, separators=(",", ":"))
    now = dt.datetime.now(dt.UTC)
    head = {
        "key": key,
        "revision": 1,
        "saved_at": now,
        "saved_by": "bench",
        "digest": "sha256:" + "0" * 64,
        "municipality": portfolio.municipality.id,
        "country": portfolio.municipality.country,
        "name": "x",
        "document": text,
    }
    tables = [
        (
            "portfolios",
            list(head),
            [tuple(_plain(v, sqlite=sqlite) for v in head.values())],
        )
    ]
    rows = derived_rows(key, portfolio)
    for table in schema.DERIVED:
        found = rows[table.name]
        if not found:
            continue
        tables.append(
            (
                table.name,
                list(COLUMNS[table.name]),
                [tuple(_plain(v, sqlite=sqlite) for v in row) for row in found],
            )
        )
    return tables


def sqlite_floor_save(
    url: str, tables: list[tuple[str, list[str], list[tuple[Any, ...]]]]
) -> None:
    connection = sqlite3.connect(url.removeprefix("sqlite:///"), isolation_level=None)
    try:
        connection.execute("BEGIN IMMEDIATE")
        for name, columns, rows in tables:
            marks = ", ".join("?" for _ in columns)
            connection.executemany(
                f"INSERT INTO {name} ({', '.join(columns)}) VALUES ({marks})", rows
            )
        connection.execute("COMMIT")
    finally:
        connection.close()


def postgresql_floor_save(
    url: str, tables: list[tuple[str, list[str], list[tuple[Any, ...]]]]
) -> None:
    import psycopg

    with psycopg.connect(url) as connection, connection.cursor() as cursor:
        for name, columns, rows in tables:
            with cursor.copy(f"COPY {name} ({', '.join(columns)}) FROM STDIN") as copy:
                for row in rows:
                    copy.write_row(row)
        connection.commit()


def sqlite_floor_load(url: str, key: str) -> Any:
    connection = sqlite3.connect(url.removeprefix("sqlite:///"))
    try:
        (text,) = connection.execute(
            "SELECT document FROM portfolios WHERE key = ?", (key,)
        ).fetchone()
    finally:
        connection.close()
    return json.loads(text)


def postgresql_floor_load(url: str, key: str) -> Any:
    import psycopg

    with psycopg.connect(url) as connection:
        row = connection.execute(
            "SELECT document::text FROM portfolios WHERE key = %s", (key,)
        ).fetchone()
    assert row is not None
    return json.loads(row[0])


# -- the measurements -------------------------------------------------------------


def measure(
    kind: str,
    database: Callable[[], Any],
    portfolios: dict[str, Portfolio],
    repeat: int,
) -> dict[str, float]:
    """Save and load ``portfolios`` with munintl and with the raw driver."""
    sqlite = kind == "sqlite"
    floor_save = sqlite_floor_save if sqlite else postgresql_floor_save
    floor_load = sqlite_floor_load if sqlite else postgresql_floor_load
    rows = {key: floor_rows(key, p, sqlite=sqlite) for key, p in portfolios.items()}
    times: dict[str, list[float]] = {
        "save": [],
        "save unvouched": [],
        "encode": [],
        "save floor": [],
        "load": [],
        "load floor": [],
    }
    cpu: dict[str, list[float]] = {name: [] for name in times}
    for _ in range(repeat):
        with database() as url:
            stores = {key: open_store(f"{url}#{key}") for key in portfolios}
            times["save"].append(
                timed(
                    lambda stores=stores: [
                        stores[k].save(p) for k, p in portfolios.items()
                    ],
                    cpu["save"],
                )
            )
            times["load"].append(
                timed(
                    lambda stores=stores: [s.load() for s in stores.values()],
                    cpu["load"],
                )
            )
            # The part of a save that is encoding the portfolio and checking
            # that it reads back (what every munintl store does first).
            times["encode"].append(
                timed(
                    lambda stores=stores: [
                        stores[k]._encode(p) for k, p in portfolios.items()
                    ],
                    cpu["encode"],
                )
            )
        with database() as url:
            # The same save with nothing vouched for, as for a portfolio made
            # in Python: every item encoded alone, decoded and compared.
            stores = {key: open_store(f"{url}#{key}") for key in portfolios}
            fastjson._vouched.clear()
            times["save unvouched"].append(
                timed(
                    lambda stores=stores: [
                        stores[k].save(p) for k, p in portfolios.items()
                    ],
                    cpu["save unvouched"],
                )
            )
        with database() as url:
            times["save floor"].append(
                timed(
                    lambda: [floor_save(url, tables) for tables in rows.values()],
                    cpu["save floor"],
                )
            )
            times["load floor"].append(
                timed(
                    lambda: [floor_load(url, key) for key in portfolios],
                    cpu["load floor"],
                )
            )
    return {name: statistics.median(values) for name, values in times.items()} | {
        f"{name} cpu": statistics.median(values) for name, values in cpu.items()
    }


def _indexes(url: str, kind: str) -> list[str]:
    import sqlalchemy as sa

    store = open_store(url)
    assert isinstance(store, DatabaseStore)
    with store.engine.connect() as connection:
        if kind == "sqlite":
            found = connection.execute(
                sa.text(
                    "SELECT name FROM sqlite_master"
                    " WHERE type = 'index' AND name LIKE 'ix_%'"
                )
            )
        else:
            found = connection.execute(
                sa.text(
                    "SELECT indexname FROM pg_indexes WHERE indexname LIKE 'ix_%'"
                    " AND schemaname = current_schema()"
                )
            )
        return [row[0] for row in found]


def queries(kind: str, url: str, repeat: int) -> dict[str, tuple[float, float, int]]:
    """Each example query's latency with and without the indexes, and its hits."""
    store = open_store(url)
    assert isinstance(store, DatabaseStore)

    def run_all() -> dict[str, tuple[float, int]]:
        with store.engine.begin() as connection:
            connection.exec_driver_sql("ANALYZE")
        found = {}
        for name, query in QUERIES.items():
            hits = store.query(query)
            found[name] = (
                statistics.median(
                    timed(lambda q=query: store.query(q)) for _ in range(repeat)
                ),
                len(hits),
            )
        return found

    indexed = run_all()
    names = _indexes(url, kind)
    with store.engine.begin() as connection:
        for name in names:
            connection.exec_driver_sql(f"DROP INDEX {name}")
    bare = run_all()
    return {
        name: (indexed[name][0], bare[name][0], indexed[name][1]) for name in QUERIES
    }


def _ratio(result: dict[str, float], step: str) -> float:
    return result[step] / result[f"{step} floor"]


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--initiatives", type=int, default=100_000)
    parser.add_argument("--portfolios", type=int, default=100)
    parser.add_argument("--national-initiatives", type=int, default=1000)
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--json", type=Path)
    parser.add_argument(
        "--only", choices=["sqlite", "postgresql"], help="one database only"
    )
    parser.add_argument(
        "--queries-only", action="store_true", help="measure the queries only"
    )
    parser.add_argument(
        "--no-queries", action="store_true", help="measure saves and loads only"
    )
    args = parser.parse_args(argv)
    server = os.environ.get(ENV)
    kinds = [k for k in ("sqlite", "postgresql") if args.only in (None, k)]
    if "postgresql" in kinds and not server:
        print(f"{ENV} is not set: PostgreSQL is left out", file=sys.stderr)
        kinds.remove("postgresql")
    print("generating ...", file=sys.stderr, flush=True)
    big = (
        {}
        if args.queries_only
        else {"big": _portfolio(generate.portfolio(args.initiatives))}
    )
    national = {
        data["municipality"]["id"]: _portfolio(data)
        for data in generate.national(args.portfolios, args.national_initiatives)
    }
    results: dict[str, Any] = {}
    missed = False
    with tempfile.TemporaryDirectory() as folder:
        for kind in kinds:

            def database(kind: str = kind) -> Any:
                if kind == "sqlite":
                    return sqlite_database(Path(folder))
                assert server is not None
                return postgresql_database(server)

            for label, portfolios in (
                ()
                if args.queries_only
                else (
                    (f"1 x {args.initiatives:,}", big),
                    (f"{args.portfolios} x {args.national_initiatives:,}", national),
                )
            ):
                print(f"{kind}: {label} ...", file=sys.stderr, flush=True)
                found = measure(kind, database, portfolios, args.repeat)
                results[f"{kind} {label}"] = found
                for step in ("save", "load"):
                    ratio = _ratio(found, step)
                    missed |= ratio > TARGET
                    cpu = found[f"{step} cpu"]
                    floor_cpu = found[f"{step} floor cpu"]
                    print(
                        f"{kind:10} {label:>12} {step}: {found[step]:8.3f} s"
                        f"  floor {found[f'{step} floor']:8.3f} s  {ratio:5.2f}x"
                        f"  (CPU of this process {cpu:.3f} s / {floor_cpu:.3f} s"
                        f" = {cpu / floor_cpu:.2f}x)",
                        flush=True,
                    )
                unvouched = found["save unvouched"] / found["save floor"]
                print(
                    f"{kind:10} {label:>12} save, nothing vouched for:"
                    f" {found['save unvouched']:8.3f} s  {unvouched:5.2f}x"
                    f"  (CPU {found['save unvouched cpu']:.3f} s"
                    f" = {found['save unvouched cpu'] / found['save floor cpu']:.2f}x)",
                    flush=True,
                )
                writing = found["save"] - found["encode"]
                print(
                    f"{kind:10} {label:>12} save without encoding: {writing:8.3f} s"
                    f"  {writing / found['save floor']:5.2f}x"
                    f"  (encoding and read-back check {found['encode']:.3f} s,"
                    f" CPU {found['encode cpu']:.3f} s)",
                    flush=True,
                )
            if args.no_queries:
                continue
            with database() as url:
                for key, portfolio in national.items():
                    open_store(f"{url}#{key}").save(portfolio)
                latency = queries(kind, url, max(args.repeat, 5))
            results[f"{kind} queries"] = latency
            for name, (indexed, bare, hits) in latency.items():
                print(
                    f"{kind:10} {name}: {indexed * 1000:8.1f} ms with indexes,"
                    f" {bare * 1000:8.1f} ms without ({hits} hits)",
                    flush=True,
                )
    if args.json:
        args.json.write_text(json.dumps(results, indent=2), encoding="utf-8")
    return 1 if missed else 0


if __name__ == "__main__":
    sys.exit(main())
