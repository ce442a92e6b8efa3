"""Fuzz every store and the configuration for a bounded time (``nox -s fuzz``).

    python tests/fuzz/run.py                 # MUNINTL_FUZZ_SECONDS, default 60
    python tests/fuzz/run.py --seconds 600

Runs the checks of :mod:`harness` on cases Hypothesis generates, target by
target in turn, in batches, until the time is spent.  A failing case
(shrunk by Hypothesis) is written to ``tests/fuzz/corpus/<target>/``, where
the test suite replays it, and the run exits 1 after printing the error.
"""

from __future__ import annotations

import argparse
import os
import sys
import time
import traceback
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from hypothesis import HealthCheck, given, settings

from fuzz.harness import TARGETS, Case, cases, check, keep

#: Cases checked so far, by target (shrinking runs included).
checked: dict[str, int] = {}


def batch(target: str, examples: int, end: float) -> Case | None:
    """Check up to ``examples`` new cases of ``target`` until ``end``.

    Returns the failing case, if any (shrunk by Hypothesis).
    """
    failing: list[Case] = []

    @settings(
        max_examples=examples,
        deadline=None,
        database=None,
        suppress_health_check=list(HealthCheck),
    )
    @given(cases(target))
    def hold(case: Case) -> None:
        if time.monotonic() > end:
            return  # the time is spent: the rest of the batch passes quickly
        checked[target] = checked.get(target, 0) + 1
        try:
            check(case)
        except BaseException:
            failing.append(case)
            raise

    try:
        hold()
    except Exception:  # noqa: BLE001 - the failure is reported and kept
        traceback.print_exc()
        return failing[-1] if failing else None
    return None


def main(argv: list[str]) -> int:
    """Fuzz until the time is spent; 1 if a case failed."""
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument(
        "--seconds",
        type=float,
        default=float(os.environ.get("MUNINTL_FUZZ_SECONDS", "60")),
    )
    parser.add_argument("--targets", default=",".join(TARGETS))
    args = parser.parse_args(argv)
    end = time.monotonic() + args.seconds
    counts = dict.fromkeys(args.targets.split(","), 0)
    checked.clear()
    failed = False
    while time.monotonic() < end:
        for target in counts:
            if time.monotonic() >= end:
                break
            found = batch(target, 2, end)
            if found is not None:
                print(f"{target}: failing case kept in {keep(found)}", file=sys.stderr)
                failed = True
    counts.update(checked)
    print(
        f"cases checked in {args.seconds:.0f} s: "
        + ", ".join(f"{target} {count}" for target, count in counts.items())
    )
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
