"""No lost updates: real processes racing to save the same portfolio.

Each round, every writer process saves its own change with the revision
the round started from.  Exactly one may win; the others must get a
conflict, and the winner's change must be the revision that follows.
"""

from __future__ import annotations

import os
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

from munintl.storage import open_store
from munintl.testing.samples import sample_portfolio

WORKER = Path(__file__).with_name("_worker.py")
WRITERS = 4
ROUNDS = int(os.environ.get("MUNINTL_RACE_ROUNDS", "30"))


@pytest.fixture
def writers(database: str) -> Iterator[list[subprocess.Popen[str]]]:
    location = f"{database}#race"
    processes = [
        subprocess.Popen(
            [sys.executable, str(WORKER), "race", location, f"writer-{number}"],
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            text=True,
        )
        for number in range(WRITERS)
    ]
    yield processes
    for process in processes:
        assert process.stdin is not None
        process.stdin.close()
        assert process.wait(timeout=60) == 0
        assert process.stdout is not None
        process.stdout.close()


def test_exactly_one_writer_wins_each_round_and_no_update_is_lost(
    database: str, writers: list[subprocess.Popen[str]]
) -> None:
    store = open_store(f"{database}#race")
    revision = store.save(sample_portfolio())
    winners: dict[str, str] = {}
    for number in range(ROUNDS):
        for process in writers:
            assert process.stdin is not None
            process.stdin.write(f"{number} {revision}\n")
            process.stdin.flush()
        answers = []
        for process in writers:
            assert process.stdout is not None
            answers.append(process.stdout.readline().split())
        won = [(w, answer) for w, answer in enumerate(answers) if answer[0] == "won"]
        assert len(won) == 1, answers
        assert sum(answer == ["lost"] for answer in answers) == WRITERS - 1
        writer, answer = won[0]
        assert int(answer[1]) == int(revision) + 1
        revision = answer[1]
        winners[revision] = f"writer-{writer} {number}"
    history = store.history()
    assert [info.revision for info in history] == [str(n) for n in range(1, ROUNDS + 2)]
    for saved, name in winners.items():
        assert store.load_revision(saved).municipality.name.values == {"en": name}
    assert store.revision() == revision
