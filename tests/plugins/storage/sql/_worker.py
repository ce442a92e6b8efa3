"""A writer process for the concurrency and crash tests (run as a script).

``python _worker.py race LOCATION NAME``
    For each line ``ROUND REVISION`` on stdin, save a portfolio whose
    municipality is named ``NAME ROUND`` with ``expected_revision=REVISION``
    and answer ``won NEW-REVISION`` or ``lost`` (a conflict) on stdout.

``python _worker.py loop LOCATION SIZE [KILL-AT]``
    Save portfolios of SIZE initiatives over and over, each marked with its
    number, printing ``saved N`` after each.  With KILL-AT, the process
    kills itself with SIGKILL just before its KILL-AT-th SQL statement.
"""

from __future__ import annotations

import os
import signal
import sys

import attrs

from munintl.errors import ConflictError
from munintl.model import Initiative, LocalizedText
from munintl.storage import open_store
from munintl.testing.samples import sample_portfolio


def named(name: str):  # type: ignore[no-untyped-def]
    sample = sample_portfolio()
    municipality = attrs.evolve(
        sample.municipality, name=LocalizedText(values={"en": name})
    )
    return attrs.evolve(sample, municipality=municipality)


def sized(size: int, mark: int):  # type: ignore[no-untyped-def]
    sample = sample_portfolio()
    template = sample.initiatives[0]
    initiatives = [
        attrs.evolve(
            template,
            id=f"initiative-{number}",
            title=LocalizedText(values={"en": f"Initiative {number} of save {mark}"}),
        )
        for number in range(size + mark % 7)
    ]
    assert all(isinstance(i, Initiative) for i in initiatives)
    portfolio = named(f"save {mark}")
    return attrs.evolve(portfolio, initiatives=initiatives)


def race(location: str, name: str) -> None:
    store = open_store(location)
    for line in sys.stdin:
        number, revision = line.split()
        try:
            new = store.save(named(f"{name} {number}"), expected_revision=revision)
        except ConflictError:
            print("lost", flush=True)
        else:
            print(f"won {new}", flush=True)


def loop(location: str, size: int, kill_at: int | None) -> None:
    store = open_store(location)
    if kill_at is not None:
        from sqlalchemy import event

        statements = 0

        def count(*_args: object) -> None:
            nonlocal statements
            statements += 1
            if statements >= kill_at:
                os.kill(os.getpid(), signal.SIGKILL)

        event.listen(store.engine, "before_cursor_execute", count)
    mark = int(store.revision() or 0)
    while True:
        mark += 1
        store.save(sized(size, mark))
        print(f"saved {mark}", flush=True)


if __name__ == "__main__":
    mode, location, *rest = sys.argv[1:]
    if mode == "race":
        race(location, rest[0])
    else:
        loop(location, int(rest[0]), int(rest[1]) if len(rest) > 1 else None)
