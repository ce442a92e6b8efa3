"""The one file lock: no lost update in any file store, no stale temporary left.

The race tests run real processes: each round, two writers save their own
change with the revision the round started from, released at the same
instant.  Exactly one may win, the other must get a conflict, and the file
must then hold the winner's change.
"""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import attrs
import pytest

from munintl.errors import ConflictError, StorageError
from munintl.model import LocalizedText, Portfolio
from munintl.storage import open_store
from munintl.storage.atomic import temporary_pattern
from munintl.storage.lock import directory_lock
from munintl.testing.samples import sample_portfolio

RACER = Path(__file__).with_name("_racer.py")
WRITERS = 2
#: Rounds per store; ``nox -s durability`` runs 100 (with
#: bench/bench_durability.py, which also kills writers mid-save).
ROUNDS = dict.fromkeys(
    ("json", "toml", "yaml"), int(os.environ.get("MUNINTL_RACE_ROUNDS", "20"))
)

#: A process that takes the lock, leaves a temporary copy as a save in
#: progress would, says so and waits until its stdin closes.
HOLDER = """
import sys, time
from pathlib import Path
from munintl.storage.lock import directory_lock
folder, temporary = Path(sys.argv[1]), Path(sys.argv[2])
with directory_lock(folder, exclusive=True):
    temporary.write_bytes(b"a save in progress")
    print("holding", flush=True)
    sys.stdin.read()
"""

#: A save killed (SIGKILL) just before it renames its temporary copy.
KILLED = """
import os, signal, sys
from munintl.storage import open_store
from munintl.testing.samples import sample_portfolio
os.replace = lambda *args: os.kill(os.getpid(), signal.SIGKILL)
open_store(sys.argv[1]).save(sample_portfolio())
"""


def named(name: str) -> Portfolio:
    """A small part of the sample portfolio, its municipality called ``name``."""
    sample = sample_portfolio()
    municipality = attrs.evolve(
        sample.municipality, name=LocalizedText(values={"en": name})
    )
    return attrs.evolve(
        sample,
        municipality=municipality,
        bodies=sample.bodies[:1],
        organisations=sample.organisations[:2],
        strategies=(),
        initiatives=(),
        partnerships=(),
        followups=(),
    )


def location(tmp_path: Path, kind: str) -> str:
    if kind == "yaml":
        return str(tmp_path / "store")
    return str(tmp_path / f"portfolio.{kind}")


@pytest.fixture(params=sorted(ROUNDS))
def kind(request: pytest.FixtureRequest) -> str:
    name: str = request.param
    return name


@pytest.fixture
def writers(tmp_path: Path, kind: str) -> Iterator[list[subprocess.Popen[str]]]:
    processes = [
        subprocess.Popen(
            [sys.executable, str(RACER), location(tmp_path, kind), f"writer-{n}"],
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            text=True,
        )
        for n in range(WRITERS)
    ]
    yield processes
    for process in processes:
        assert process.stdin is not None
        process.stdin.close()
        assert process.wait(timeout=60) == 0
        assert process.stdout is not None
        process.stdout.close()


def ask(processes: list[subprocess.Popen[str]], line: str) -> list[list[str]]:
    """Send ``line`` to every process, then read one answer from each."""
    for process in processes:
        assert process.stdin is not None
        process.stdin.write(line + "\n")
        process.stdin.flush()
    answers = []
    for process in processes:
        assert process.stdout is not None
        answers.append(process.stdout.readline().split())
    return answers


def test_two_writers_racing_lose_no_update(
    tmp_path: Path, kind: str, writers: list[subprocess.Popen[str]]
) -> None:
    store = open_store(location(tmp_path, kind))
    revision = store.save(named("start"))
    conflicts = 0
    for number in range(ROUNDS[kind]):
        assert ask(writers, f"{number} {revision}") == [["ready"]] * WRITERS
        answers = ask(writers, "go")
        won = [(w, answer) for w, answer in enumerate(answers) if answer[0] == "won"]
        assert len(won) == 1, (number, answers)
        conflicts += sum(answer == ["lost"] for answer in answers)
        writer, answer = won[0]
        revision = answer[1]
        # The file holds the winner's change, and nothing saved it since.
        assert store.revision() == revision
        assert store.load().municipality.name.values == {
            "en": f"writer-{writer} {number}"
        }
    assert conflicts == ROUNDS[kind] * (WRITERS - 1)


def test_a_stale_revision_is_a_conflict(tmp_path: Path, kind: str) -> None:
    store = open_store(location(tmp_path, kind))
    first = store.save(named("first"))
    second = store.save(named("second"), expected_revision=first)
    with pytest.raises(ConflictError):
        store.save(named("third"), expected_revision=first)
    assert store.revision() == second
    assert store.load() == named("second")


# -- the lock -----------------------------------------------------------------------


def test_an_exclusive_lock_keeps_out_every_other(tmp_path: Path) -> None:
    with directory_lock(tmp_path, exclusive=True):
        for exclusive in (True, False):
            with (
                pytest.raises(StorageError, match="being saved by another program"),
                directory_lock(tmp_path, exclusive=exclusive, timeout=0),
            ):
                pass
    with directory_lock(tmp_path, exclusive=True, timeout=0):
        pass


@pytest.mark.skipif(sys.platform == "win32", reason="Windows locks are exclusive")
def test_readers_share_the_lock(tmp_path: Path) -> None:
    with (
        directory_lock(tmp_path, exclusive=False),
        directory_lock(tmp_path, exclusive=False, timeout=0),
    ):
        pass


def test_lock_yields_when_it_was_taken(tmp_path: Path) -> None:
    before = time.time()
    with directory_lock(tmp_path, exclusive=True) as since:
        assert before <= since <= time.time()


# -- stale temporary copies ---------------------------------------------------------


def temporaries(path: Path) -> list[str]:
    pattern = temporary_pattern(path)
    return sorted(p.name for p in path.parent.iterdir() if pattern.fullmatch(p.name))


@pytest.mark.skipif(not hasattr(signal, "SIGKILL"), reason="needs SIGKILL")
@pytest.mark.parametrize("suffix", [".json", ".toml"])
def test_next_save_removes_the_copy_a_killed_save_left(
    tmp_path: Path, suffix: str
) -> None:
    path = tmp_path / f"portfolio{suffix}"
    store = open_store(path)
    store.save(sample_portfolio())
    killed = subprocess.run(
        [sys.executable, "-c", KILLED, str(path)], check=False, timeout=60
    )
    assert killed.returncode == -signal.SIGKILL
    (left,) = temporaries(path)
    assert (tmp_path / left).stat().st_size == path.stat().st_size  # a full copy
    store.load()  # reading changes nothing
    assert temporaries(path) == [left]
    store.save(sample_portfolio())
    assert temporaries(path) == []


def test_only_this_files_old_regular_temporaries_are_removed(tmp_path: Path) -> None:
    path = tmp_path / "portfolio.json"
    store = open_store(path)
    store.save(sample_portfolio())
    old = time.time() - 3600
    names = {
        "stale": ".portfolio.json.abcd1234.tmp",
        "newer than the lock": ".portfolio.json.newer_99.tmp",
        "another file's": ".other.json.abcd1234.tmp",
        "not a temporary": ".portfolio.json.abc.tmp",
        "visible": "portfolio.json.abcd1234.tmp",
    }
    for name in names.values():
        (tmp_path / name).write_bytes(b"x")
        os.utime(tmp_path / name, (old, old))
    future = time.time() + 3600
    os.utime(tmp_path / names["newer than the lock"], (future, future))
    if sys.platform != "win32":
        (tmp_path / ".portfolio.json.linkabcd.tmp").symlink_to(tmp_path / "visible")
    store.save(sample_portfolio())
    assert not (tmp_path / names["stale"]).exists()
    for what, name in names.items():
        if what != "stale":
            assert (tmp_path / name).exists(), what
    if sys.platform != "win32":
        assert (tmp_path / ".portfolio.json.linkabcd.tmp").is_symlink()


def test_temporary_of_a_save_holding_the_lock_is_left_alone(tmp_path: Path) -> None:
    path = tmp_path / "portfolio.json"
    store = open_store(path)
    store.save(sample_portfolio())
    temporary = tmp_path / ".portfolio.json.inflight.tmp"
    holder = subprocess.Popen(
        [sys.executable, "-c", HOLDER, str(tmp_path), str(temporary)],
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        text=True,
    )
    try:
        assert holder.stdout is not None
        assert holder.stdout.readline() == "holding\n"
        store.lock_timeout = 0  # type: ignore[attr-defined]
        with pytest.raises(StorageError, match="being saved by another program"):
            store.save(sample_portfolio())
        assert temporary.exists()
    finally:
        assert holder.stdin is not None
        holder.stdin.close()
        assert holder.wait(timeout=60) == 0
        if holder.stdout is not None:
            holder.stdout.close()
    store.save(sample_portfolio())  # the holder is gone: its copy is stale now
    assert not temporary.exists()
