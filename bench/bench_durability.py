"""Durability of every store: racing writers and writers killed mid-save.

    python bench/bench_durability.py                      # 100 rounds, 100 kills
    python bench/bench_durability.py --rounds 20 --kills 20 --stores json,toml

For each store -- the YAML directory, a JSON file, a TOML file, SQLite and
(with ``MUNINTL_TEST_POSTGRESQL_URL`` set) PostgreSQL -- two trials, with
real processes:

* **races**: each round, two writer processes save their own change with
  the revision the round started from, released at the same instant.
  Exactly one may win, the other must get a conflict, and the store must
  then hold the winner's change.  A round where both win lost an update.
* **kills**: a writer saves portfolios of changing size in a loop and is
  killed with SIGKILL after a random time (0 to 0.4 s, so the kill lands
  anywhere in a save).  The store must then load as one whole portfolio --
  its municipality's name and its number of initiatives from the same save
  -- and that save must be the last one reported or the one in flight.

The figures are counts, not times; the script exits 1 when any round lost
an update or any kill left a store that does not load whole.  The test
suite runs shorter versions of both trials (``tests/storage/test_lock.py``,
``tests/plugins/storage/sql/``); docs/explanation/trust-model.md quotes
these figures.
"""

from __future__ import annotations

import argparse
import os
import random
import signal
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

import attrs

STORES = ("yaml", "json", "toml", "sqlite", "postgresql")
#: Initiatives in a killed writer's portfolios (plus 0 to 6, by save number).
SIZE = 40


def location(kind: str, folder: Path, name: str) -> str | None:
    """Where a trial of ``kind`` keeps its store (None: PostgreSQL not set up)."""
    if kind == "yaml":
        return str(folder / name)
    if kind in ("json", "toml"):
        return str(folder / f"{name}.{kind}")
    if kind == "sqlite":
        return f"sqlite:///{folder / 'bench.db'}#{name}"
    url = os.environ.get("MUNINTL_TEST_POSTGRESQL_URL")
    if not url:
        return None
    return f"{url}#{name}-{os.getpid()}"


# -- the writer processes ------------------------------------------------------------


def portfolio(name: str, size: int = 0) -> Any:
    """The sample portfolio named ``name``, with ``size`` initiatives if given."""
    from munintl.model import LocalizedText
    from munintl.testing.samples import sample_portfolio

    sample = sample_portfolio()
    municipality = attrs.evolve(
        sample.municipality, name=LocalizedText(values={"en": name})
    )
    sample = attrs.evolve(sample, municipality=municipality)
    if not size:
        return sample
    template = sample.initiatives[0]
    initiatives = tuple(
        attrs.evolve(
            template,
            id=f"initiative-{number}",
            title=LocalizedText(values={"en": f"Initiative {number} of {name}"}),
        )
        for number in range(size)
    )
    return attrs.evolve(sample, initiatives=initiatives)


def race_worker(where: str, name: str) -> None:
    """Answer ``ready``, then on ``go`` save and answer ``won REV`` or ``lost``."""
    from munintl.errors import ConflictError
    from munintl.storage import open_store

    store = open_store(where)
    for line in sys.stdin:
        number, revision = line.split()
        change = portfolio(f"{name} {number}")
        print("ready", flush=True)
        sys.stdin.readline()  # go
        try:
            new = store.save(change, expected_revision=revision)
        except ConflictError:
            print("lost", flush=True)
        else:
            print(f"won {new}", flush=True)


def loop_worker(where: str, start: int) -> None:
    """Save ``save N`` portfolios for N from ``start`` on, reporting each."""
    from munintl.storage import open_store

    store = open_store(where)
    mark = start
    while True:
        mark += 1
        print(f"saving {mark}", flush=True)
        store.save(portfolio(f"save {mark}", SIZE + mark % 7))
        print(f"saved {mark}", flush=True)


def spawn(*arguments: str) -> subprocess.Popen[str]:
    """Start this script as a worker."""
    return subprocess.Popen(
        [sys.executable, __file__, "--worker", *arguments],
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        text=True,
    )


# -- the trials ------------------------------------------------------------------------


@attrs.define
class Races:
    """What the race rounds of one store came to."""

    rounds: int = 0
    one_won: int = 0
    both_won: int = 0
    wrong_content: int = 0


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


def races(where: str, rounds: int) -> Races:
    """Race two writers ``rounds`` times at ``where``."""
    from munintl.storage import open_store

    store = open_store(where)
    revision = store.save(portfolio("start"))
    writers = [spawn("race", where, f"writer-{n}") for n in range(2)]
    result = Races()
    try:
        for number in range(rounds):
            if ask(writers, f"{number} {revision}") != [["ready"]] * 2:
                raise RuntimeError("a writer did not get ready")
            answers = ask(writers, "go")
            won = [n for n, answer in enumerate(answers) if answer[0] == "won"]
            result.rounds += 1
            if len(won) != 1:
                result.both_won += len(won) > 1
                continue
            result.one_won += 1
            revision = answers[won[0]][1]
            names = store.load().municipality.name.values
            if names != {"en": f"writer-{won[0]} {number}"}:
                result.wrong_content += 1
    finally:
        for writer in writers:
            assert writer.stdin is not None
            writer.stdin.close()
            writer.wait(timeout=60)
    return result


@attrs.define
class Kills:
    """What the kill trials of one store came to."""

    kills: int = 0
    whole_last: int = 0
    whole_in_flight: int = 0
    broken: int = 0
    leftovers: int = 0


def whole(where: str) -> int | None:
    """The save the store holds, if it loads whole; None if it does not."""
    from munintl.errors import MunintlError
    from munintl.storage import open_store

    try:
        loaded = open_store(where).load()
    except MunintlError:
        return None
    name = loaded.municipality.name.values.get("en", "")
    if name == "start":
        return 0
    mark = int(name.removeprefix("save "))
    titles = {i.title.values["en"].rpartition(" of ")[2] for i in loaded.initiatives}
    if len(loaded.initiatives) != SIZE + mark % 7 or titles != {name}:
        return None
    return mark


def kills(where: str, trials: int, chance: random.Random) -> Kills:
    """Kill a looping writer ``trials`` times; check the store after each."""
    from munintl.storage import open_store

    open_store(where).save(portfolio("start"))
    result = Kills()
    last = 0
    folder = Path(where).parent if "://" not in where else None
    for _trial in range(trials):
        writer = spawn("loop", where, str(last))
        assert writer.stdout is not None
        started = writer.stdout.readline()  # the first "saving"
        if not started.startswith("saving"):
            raise RuntimeError(f"the writer did not start: {started!r}")
        time.sleep(chance.uniform(0, 0.4))
        writer.send_signal(signal.SIGKILL)
        writer.wait(timeout=60)
        reported = [line.split() for line in writer.stdout.read().splitlines()]
        writer.stdout.close()
        assert writer.stdin is not None
        writer.stdin.close()
        saved = [int(n) for word, n in reported if word == "saved"]
        done = saved[-1] if saved else last
        if folder is not None:
            result.leftovers += sum(
                1 for entry in folder.iterdir() if entry.name.endswith(".tmp")
            )
        result.kills += 1
        now = whole(where)
        if now == done:
            result.whole_last += 1
        elif now is not None and now == done + 1:
            result.whole_in_flight += 1
        else:
            result.broken += 1
            continue
        last = now
    return result


def main(argv: list[str]) -> int:
    """Run the trials and print their counts; 1 if any update or save was lost."""
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--rounds", type=int, default=100)
    parser.add_argument("--kills", type=int, default=100)
    parser.add_argument("--stores", default=",".join(STORES))
    parser.add_argument("--seed", default="munintl")
    args = parser.parse_args(argv)
    chance = random.Random(args.seed)
    failed = False
    print(
        "| store | race rounds | one won | both won (lost update) | kills |"
        " whole: last save | whole: save in flight | not whole |"
        " temporary copies left |"
    )
    print("|---|---|---|---|---|---|---|---|---|")
    for kind in args.stores.split(","):
        with tempfile.TemporaryDirectory() as temporary:
            folder = Path(temporary)
            race_at = location(kind, folder, "race")
            kill_at = location(kind, folder, "kill")
            if race_at is None or kill_at is None:
                print(f"| {kind} | skipped: set MUNINTL_TEST_POSTGRESQL_URL |")
                continue
            raced = races(race_at, args.rounds)
            killed = kills(kill_at, args.kills, chance)
        print(
            f"| {kind} | {raced.rounds} | {raced.one_won} | {raced.both_won} |"
            f" {killed.kills} | {killed.whole_last} | {killed.whole_in_flight} |"
            f" {killed.broken} | {killed.leftovers} |",
            flush=True,
        )
        failed |= bool(raced.both_won or raced.wrong_content or killed.broken)
    return 1 if failed else 0


if __name__ == "__main__":
    if sys.argv[1:2] == ["--worker"]:
        mode, *rest = sys.argv[2:]
        if mode == "race":
            race_worker(*rest)
        else:
            loop_worker(rest[0], int(rest[1]))
        sys.exit(0)
    sys.exit(main(sys.argv[1:]))
