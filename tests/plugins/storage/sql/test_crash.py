"""No half-written data: writers killed with SIGKILL at random points.

A writer process saves ever-changing portfolios in a loop.  It is killed
either by itself, just before a randomly chosen SQL statement (so every
point of a save's transaction is hit over the runs, the commit included),
or by this test right after it reports a random number of saves (so the
kill lands wherever the next save happens to be).  After each kill the
store must hold exactly the last committed revision, whole: the document,
its derived rows and every earlier revision.
"""

from __future__ import annotations

import os
import random
import signal
import subprocess
import sys
from pathlib import Path

import pytest
import sqlalchemy as sa

from munintl.plugins.storage.sql import schema
from munintl.storage import open_store

WORKER = Path(__file__).with_name("_worker.py")
SIZE = 40
KILLS = int(os.environ.get("MUNINTL_RACE_ROUNDS", "30"))

pytestmark = pytest.mark.skipif(
    not hasattr(signal, "SIGKILL"), reason="SIGKILL is a POSIX signal"
)


def _writer(location: str, kill_at: int | None = None) -> subprocess.Popen[str]:
    arguments = [sys.executable, str(WORKER), "loop", location, str(SIZE)]
    if kill_at is not None:
        arguments.append(str(kill_at))
    return subprocess.Popen(arguments, stdout=subprocess.PIPE, text=True)


def _check_intact(location: str) -> int:
    """Check the store holds the last committed revision, whole; return it."""
    store = open_store(location)
    revision = store.revision()
    if revision is None:
        return 0
    number = int(revision)
    portfolio = store.load()
    assert portfolio.municipality.name.values == {"en": f"save {number}"}
    assert len(portfolio.initiatives) == SIZE + number % 7
    table = schema.initiatives
    with store.engine.connect() as connection:
        rows = connection.execute(
            sa.select(sa.func.count()).where(table.c.portfolio == "crash")
        ).scalar()
    assert rows == len(portfolio.initiatives)
    return number


def test_killed_writers_leave_the_last_revision_whole(database: str) -> None:
    location = f"{database}#crash"
    chance = random.Random(os.environ.get("MUNINTL_TEST_SEED", "munintl"))
    last = 0
    for kill in range(KILLS):
        if kill % 2 == 0:
            process = _writer(location, kill_at=chance.randint(1, 90))
            assert process.stdout is not None
            for _line in process.stdout:
                pass
            process.stdout.close()
        else:
            process = _writer(location)
            assert process.stdout is not None
            for _saves in range(chance.randint(1, 3)):
                assert process.stdout.readline().startswith("saved")
            process.send_signal(signal.SIGKILL)
            process.stdout.close()
        assert process.wait(timeout=120) == -signal.SIGKILL
        now = _check_intact(location)
        assert now >= last
        last = now
    assert last > 0
    store = open_store(location)
    history = store.history()
    assert [info.revision for info in history] == [str(n) for n in range(1, last + 1)]
    for info in history[:-1]:
        old = store.load_revision(info.revision)
        assert old.municipality.name.values == {"en": f"save {info.revision}"}
