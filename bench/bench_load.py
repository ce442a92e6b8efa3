"""Benchmark loading, validating and saving portfolios, and the CLI's start-up.

Every figure is a ratio to a floor measured in the same process, in the same
run, on the same bytes:

* **one JSON file of 100,000 initiatives** (``--initiatives``): the JSON
  store's load (read, decode, build the model objects), load and validate
  (every registered rule), cattrs alone, and save, against ``json.loads``
  (and ``json.dumps`` for saving).  The loader pauses the garbage collector
  while it builds the portfolio, so the floor is measured with the
  collector paused too; the ratio with the collector left running is shown
  beside it.  Peak memory is the maximum resident size of a child process
  that loads the file, beside one that only runs ``json.loads``.
* **the national data set**: 100 portfolios of 1,000 initiatives
  (``--portfolios``), each a JSON file, loaded one after another.
* **the YAML directory store at 1,000 initiatives** (``--yaml-initiatives``):
  save, load and load + validate, against ``json.loads`` of the same
  portfolio as JSON.
* **start-up**: ``munintl --help`` against ``python -c "import click"``.

Times are the median of ``--repeat`` runs (5).  Targets: loading the large
file -- reading, decoding and checking every value, as ``munintl.load``
does -- at most 2x the floor, and ``munintl --help`` at most 1.5x; the exit
status is 1 when a target is missed.  Validation with every rule (``load +
validate``) is reported beside it.

    python bench/bench_load.py
    python bench/bench_load.py --initiatives 10000 --portfolios 10 --repeat 3
    python bench/bench_load.py --json results.json
"""

from __future__ import annotations

import argparse
import gc
import json
import os
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent))

import generate

import munintl
from munintl.model import Portfolio
from munintl.plugins.storage.json_file import JsonFileStore
from munintl.storage import open_store
from munintl.wire import fastjson
from munintl.wire.convert import structure, unstructure

LOAD_TARGET = 2.0
STARTUP_TARGET = 1.5


def timed(function: Callable[[], object], *, paused: bool) -> float:
    """Time one call, the collector paused or running as asked."""
    gc.collect()
    if paused:
        gc.disable()
    try:
        start = time.perf_counter()
        result = function()
        elapsed = time.perf_counter() - start
    finally:
        gc.enable()
    del result
    return elapsed


def medians(
    functions: dict[str, Callable[[], object]], repeat: int, *, paused: bool
) -> dict[str, float]:
    """Run each function ``repeat`` times, interleaved; return the median times."""
    times: dict[str, list[float]] = {name: [] for name in functions}
    for _ in range(repeat):
        for name, function in functions.items():
            times[name].append(timed(function, paused=paused))
    return {name: statistics.median(values) for name, values in times.items()}


def peak_rss_mb(code: str) -> float:
    """Run ``code`` in a child Python; return its peak resident size in MB.

    Linux's ``VmHWM`` is read where there is one: ``ru_maxrss`` of a child
    can still carry the parent's high-water mark from before ``exec``.
    """
    script = (
        f"{code}\nimport pathlib, resource, sys\n"
        "status = pathlib.Path('/proc/self/status')\n"
        "hwm = [l for l in status.read_text().splitlines() if l.startswith('VmHWM')]"
        " if status.exists() else []\n"
        "kb = int(hwm[0].split()[1]) if hwm else"
        " resource.getrusage(resource.RUSAGE_SELF).ru_maxrss\n"
        "sys.stdout.write(str(kb))"
    )
    result = subprocess.run(
        [sys.executable, "-c", script], capture_output=True, text=True, check=True
    )
    return int(result.stdout.strip().splitlines()[-1]) / 1024


def save_medians(portfolio: Portfolio, folder: Path, repeat: int) -> dict[str, float]:
    """The JSON store's save of ``portfolio`` and its floor, ``json.dumps``.

    The floor encodes the same wire data, unindented, with the standard
    library's C encoder; the save unstructures, encodes (indented), reads
    the bytes back and replaces the file atomically.
    """
    data = unstructure(portfolio)
    return medians(
        {
            "floor": lambda: json.dumps(data, ensure_ascii=False),
            "save": lambda: JsonFileStore(str(folder / "saved.json")).save(portfolio),
        },
        repeat,
        paused=False,
    )


def saving_only(initiatives: int, repeat: int, folder: Path) -> dict[str, Any]:
    """The ``save`` part: the JSON store's save of ``initiatives`` alone."""
    portfolio = structure(generate.portfolio(initiatives), Portfolio)
    saving = save_medians(portfolio, folder, repeat)
    return {
        "initiatives": initiatives,
        "json_dumps_s": round(saving["floor"], 3),
        "save_s": round(saving["save"], 3),
        "save_ratio": round(saving["save"] / saving["floor"], 2),
    }


def large_file(initiatives: int, repeat: int, folder: Path) -> dict[str, Any]:
    """Figures for one JSON portfolio of ``initiatives`` initiatives."""
    path = folder / "large.json"
    store = JsonFileStore(str(path))
    portfolio = structure(generate.portfolio(initiatives), Portfolio)
    store.save(portfolio)
    raw = path.read_bytes()
    out: dict[str, Any] = {
        "initiatives": initiatives,
        "megabytes": round(len(raw) / 1e6, 1),
        "fast_decoder": fastjson.available(),
    }

    def load() -> Portfolio:
        return JsonFileStore(str(path)).load()

    def load_and_validate() -> list[munintl.Finding]:
        return munintl.validate(load())

    floor = lambda: json.loads(raw)  # noqa: E731 - a named floor reads best here
    paused = medians(
        {"floor": floor, "load": load, "validate": load_and_validate},
        repeat,
        paused=True,
    )
    running = medians({"floor": floor, "load": load}, repeat, paused=False)
    cattrs = medians(
        {"floor": floor, "cattrs": lambda: structure(json.loads(raw), Portfolio)},
        max(1, repeat // 2),
        paused=True,
    )
    saving = save_medians(portfolio, folder, max(1, repeat // 2))
    out.update(
        json_loads_s=round(paused["floor"], 3),
        load_s=round(paused["load"], 3),
        load_ratio=round(paused["load"] / paused["floor"], 2),
        load_validate_s=round(paused["validate"], 3),
        load_validate_ratio=round(paused["validate"] / paused["floor"], 2),
        collector_running_load_ratio=round(running["load"] / running["floor"], 2),
        collector_running_json_loads_s=round(running["floor"], 3),
        cattrs_ratio=round(cattrs["cattrs"] / cattrs["floor"], 2),
        save_s=round(saving["save"], 3),
        save_ratio=round(saving["save"] / saving["floor"], 2),
        peak_rss_json_loads_mb=round(
            peak_rss_mb(f"import json; json.loads(open({str(path)!r}, 'rb').read())"), 1
        ),
        peak_rss_load_mb=round(
            peak_rss_mb(
                "from munintl.plugins.storage.json_file import JsonFileStore;"
                f" JsonFileStore({str(path)!r}).load()"
            ),
            1,
        ),
    )
    return out


def national(
    portfolios: int, initiatives: int, repeat: int, folder: Path
) -> dict[str, Any]:
    """Load ``portfolios`` JSON files of ``initiatives`` initiatives each."""
    paths = []
    for data in generate.national(portfolios, initiatives):
        path = folder / f"{data['municipality']['id']}.json"
        JsonFileStore(str(path)).save(structure(data, Portfolio))
        paths.append(path)
    raws = [path.read_bytes() for path in paths]
    times = medians(
        {
            "floor": lambda: [json.loads(raw) for raw in raws],
            "load": lambda: [JsonFileStore(str(path)).load() for path in paths],
        },
        repeat,
        paused=True,
    )
    return {
        "portfolios": portfolios,
        "initiatives_each": initiatives,
        "json_loads_s": round(times["floor"], 3),
        "load_s": round(times["load"], 3),
        "load_ratio": round(times["load"] / times["floor"], 2),
    }


def yaml_directory(initiatives: int, repeat: int, folder: Path) -> dict[str, Any]:
    """Save, load and validate a YAML directory store of ``initiatives`` initiatives."""
    wire = generate.portfolio(initiatives)
    raw = generate.dumps(wire)
    portfolio = structure(wire, Portfolio)
    target = folder / "yaml"

    def save() -> object:
        if target.exists():
            import shutil

            shutil.rmtree(target)
        return open_store(str(target)).save(portfolio)

    saving = medians({"save": save}, max(1, repeat // 2), paused=False)
    assert munintl.load(target) == portfolio
    loading = medians(
        {
            "floor": lambda: json.loads(raw),
            "load": lambda: munintl.load(target),
            "validate": lambda: munintl.validate(munintl.load(target)),
        },
        repeat,
        paused=False,
    )
    files = sum(1 for _ in target.rglob("*.yaml"))
    return {
        "initiatives": initiatives,
        "files": files,
        "json_loads_s": round(loading["floor"], 4),
        "save_s": round(saving["save"], 3),
        "load_s": round(loading["load"], 3),
        "load_ratio": round(loading["load"] / loading["floor"], 1),
        "load_validate_s": round(loading["validate"], 3),
        "load_validate_ratio": round(loading["validate"] / loading["floor"], 1),
    }


def startup(repeat: int) -> dict[str, Any]:
    """``munintl --help`` against a bare ``python -c "import click"``."""
    env = {**os.environ, "PYTHONDONTWRITEBYTECODE": "1"}
    commands = {
        "floor": [sys.executable, "-c", "import click"],
        "help": [
            sys.executable,
            "-c",
            "from munintl.cli import main; main()",
            "--help",
        ],
    }
    for command in commands.values():  # warm the file cache and the bytecode
        subprocess.run(command, capture_output=True, check=True, env=env)
    times: dict[str, list[float]] = {name: [] for name in commands}
    for _ in range(max(repeat, 10)):
        for name, command in commands.items():
            start = time.perf_counter()
            subprocess.run(command, capture_output=True, check=True, env=env)
            times[name].append(time.perf_counter() - start)
    floor = statistics.median(times["floor"])
    help_ = statistics.median(times["help"])
    return {
        "import_click_s": round(floor, 4),
        "help_s": round(help_, 4),
        "help_ratio": round(help_ / floor, 2),
    }


def main(argv: list[str] | None = None) -> int:
    """Run every benchmark; print the figures; exit 1 when a target is missed."""
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--initiatives", type=int, default=100_000)
    parser.add_argument("--portfolios", type=int, default=100)
    parser.add_argument("--portfolio-initiatives", type=int, default=1_000)
    parser.add_argument("--yaml-initiatives", type=int, default=1_000)
    parser.add_argument("--repeat", type=int, default=5)
    parser.add_argument("--json", type=Path, help="also write the figures here")
    parser.add_argument(
        "--only",
        default="startup,yaml,national,large",
        help="comma-separated parts to run (default: all of them but save, the"
        " JSON store's save alone, which large measures too)",
    )
    args = parser.parse_args(argv)
    parts = set(args.only.split(","))
    results: dict[str, Any] = {"python": sys.version.split()[0], "cpus": os.cpu_count()}
    with tempfile.TemporaryDirectory() as scratch:
        folder = Path(scratch)
        if "startup" in parts:
            results["startup"] = startup(args.repeat)
            print("start-up", results["startup"], flush=True)
        if "yaml" in parts:
            results["yaml"] = yaml_directory(args.yaml_initiatives, args.repeat, folder)
            print("yaml directory", results["yaml"], flush=True)
        if "national" in parts:
            results["national"] = national(
                args.portfolios, args.portfolio_initiatives, args.repeat, folder
            )
            print("national", results["national"], flush=True)
        if "large" in parts:
            results["large"] = large_file(args.initiatives, args.repeat, folder)
            print("large file", results["large"], flush=True)
        if "save" in parts:
            results["save"] = saving_only(args.initiatives, args.repeat, folder)
            print("save", results["save"], flush=True)
    if args.json:
        args.json.write_text(json.dumps(results, indent=2) + "\n", encoding="utf-8")
    missed = []
    if "large" in results and results["large"]["load_ratio"] > LOAD_TARGET:
        missed.append(f"load {results['large']['load_ratio']}x > {LOAD_TARGET}x")
    if "startup" in results and results["startup"]["help_ratio"] > STARTUP_TARGET:
        missed.append(
            f"munintl --help {results['startup']['help_ratio']}x > {STARTUP_TARGET}x"
        )
    for line in missed:
        print(f"target missed: {line}", file=sys.stderr)
    return 1 if missed else 0


if __name__ == "__main__":
    sys.exit(main())
