"""Run every benchmark in bench/: each ``bench_*.py``, one process each.

    python bench/run.py                 # all of them
    python bench/run.py load build      # bench_load.py and bench_build.py
    python bench/run.py load -- --initiatives 10000

Arguments after ``--`` go to every benchmark run.  Benchmarks report ratios
to a floor measured in the same run; each exits 1 when it misses a target,
and so does this script when any of them does.
"""

from __future__ import annotations

import subprocess
import sys
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent


def discover(names: list[str]) -> list[Path]:
    """The benchmark scripts, all or those named (``load`` is ``bench_load.py``)."""
    scripts = sorted(HERE.glob("bench_*.py"))
    if not names:
        return scripts
    known = {script.stem.removeprefix("bench_"): script for script in scripts}
    unknown = [name for name in names if name not in known]
    if unknown:
        raise SystemExit(
            f"no benchmark called {', '.join(unknown)};"
            f" known: {', '.join(sorted(known))}"
        )
    return [known[name] for name in names]


def main(argv: list[str]) -> int:
    """Run the benchmarks; return 1 if any failed or missed its target."""
    names, extra = (
        (argv[: argv.index("--")], argv[argv.index("--") + 1 :])
        if "--" in argv
        else (argv, [])
    )
    failed = []
    for script in discover(names):
        print(f"=== {script.name}", flush=True)
        start = time.perf_counter()
        code = subprocess.run(
            [sys.executable, str(script), *extra], check=False
        ).returncode
        print(
            f"=== {script.name}: exit {code} in {time.perf_counter() - start:.0f} s",
            flush=True,
        )
        if code:
            failed.append(script.name)
    if failed:
        print(f"failed or missed a target: {', '.join(failed)}", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
