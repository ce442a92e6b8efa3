"""Benchmark the YAML directory store: read, save, and ``munintl validate``.

Every figure is a ratio to a floor measured in the same run on the same
files:

* **read**: ``munintl.load`` of a YAML directory (read every file, parse it
  strictly, build and check the model) against PyYAML's libyaml loader
  (``yaml.load(..., Loader=CSafeLoader)`` of every file's bytes) and
  ruamel.yaml's pure-Python safe loader on the same bytes, with the parse
  cache off (``MUNINTL_NO_CACHE=1``: every file parsed), and again warm
  (the cache knows every file).
* **save**: ``munintl.save`` into a new directory against PyYAML's C dumper
  (``yaml.dump(..., Dumper=CSafeDumper)``) writing the same data to the same
  number of files; a save of the unchanged store; and a save after one
  initiative's title changed.
* **validate**: ``munintl validate DIR`` as a whole process, cold (empty
  parse cache) and warm (second run), for ``examples/skanderborg`` and the
  generated stores; the floor is ``python -c "import click"``.

Times are medians of ``--repeat`` runs (5), interleaved with the floor.
Targets (issue 15): read at most 2x CSafeLoader; a new directory at most 5x
the C dumper; saving one changed initiative of 1,000 at most 0.2 s;
``validate`` warm at most 0.5 s for the example and 1 s for 1,000
initiatives, in CPU time of the process (the machine is shared; wall
clock is printed beside it).  The exit status is 1 when a target is
missed.

    python bench/bench_yaml.py
    python bench/bench_yaml.py --sizes 100 --repeat 3 --json out.json
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

import yaml
from ruamel.yaml import YAML

sys.path.insert(0, str(Path(__file__).resolve().parent))

import generate

import munintl
from munintl.model import Portfolio
from munintl.storage import open_store
from munintl.wire.convert import structure

ROOT = Path(__file__).resolve().parents[1]
EXAMPLE = ROOT / "examples" / "skanderborg"
READ_TARGET = 2.0
NEW_DIRECTORY_TARGET = 5.0
ONE_CHANGE_TARGET_S = 0.2
WARM_TARGET_S = {"skanderborg": 0.5, 1000: 1.0}


def medians(
    functions: dict[str, Callable[[], object]], repeat: int
) -> dict[str, float]:
    """Run each function ``repeat`` times, interleaved; return the median times."""
    times: dict[str, list[float]] = {name: [] for name in functions}
    for _ in range(repeat):
        for name, function in functions.items():
            start = time.perf_counter()
            function()
            times[name].append(time.perf_counter() - start)
    return {name: statistics.median(values) for name, values in times.items()}


def yaml_files(folder: Path) -> list[Path]:
    """The store's YAML files, in a stable order."""
    return sorted(folder.rglob("*.yaml"))


def read(folder: Path, repeat: int) -> dict[str, Any]:
    """``munintl.load`` against libyaml and ruamel's pure loader on the same files."""
    paths = yaml_files(folder)
    pure = YAML(typ="safe", pure=True)

    def c_safe() -> object:
        return [yaml.load(p.read_bytes(), Loader=yaml.CSafeLoader) for p in paths]

    def ruamel_pure() -> object:
        return [pure.load(p.read_bytes()) for p in paths]

    def load() -> object:
        os.environ["MUNINTL_NO_CACHE"] = "1"  # every file parsed, every time
        try:
            return munintl.load(folder)
        finally:
            del os.environ["MUNINTL_NO_CACHE"]

    def load_warm() -> object:
        return munintl.load(folder)  # the parse cache knows every file

    load_warm()
    times = medians(
        {
            "csafeloader": c_safe,
            "ruamel_pure": ruamel_pure,
            "load": load,
            "load_warm": load_warm,
        },
        repeat,
    )
    return {
        "files": len(paths),
        "csafeloader_s": round(times["csafeloader"], 4),
        "ruamel_pure_s": round(times["ruamel_pure"], 4),
        "load_s": round(times["load"], 4),
        "load_vs_csafeloader": round(times["load"] / times["csafeloader"], 2),
        "load_vs_ruamel_pure": round(times["load"] / times["ruamel_pure"], 2),
        "load_warm_s": round(times["load_warm"], 4),
        "load_warm_vs_csafeloader": round(times["load_warm"] / times["csafeloader"], 2),
    }


def save(portfolio: Portfolio, folder: Path, repeat: int) -> dict[str, Any]:
    """Save into a new directory, save unchanged, save one changed initiative."""
    data = [
        (p.relative_to(folder), yaml.load(p.read_bytes(), Loader=yaml.CSafeLoader))
        for p in yaml_files(folder)
    ]
    scratch = folder.parent / f"{folder.name}-new"

    def c_dumper() -> None:
        shutil.rmtree(scratch, ignore_errors=True)
        for relpath, value in data:
            target = scratch / relpath
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_text(
                yaml.dump(
                    value, Dumper=yaml.CSafeDumper, allow_unicode=True, sort_keys=False
                ),
                encoding="utf-8",
            )

    def c_dumper_durable() -> None:
        # The same, each file flushed to disk as a crash-safe save must.
        shutil.rmtree(scratch, ignore_errors=True)
        for relpath, value in data:
            target = scratch / relpath
            target.parent.mkdir(parents=True, exist_ok=True)
            text = yaml.dump(
                value, Dumper=yaml.CSafeDumper, allow_unicode=True, sort_keys=False
            )
            with target.open("w", encoding="utf-8") as stream:
                stream.write(text)
                stream.flush()
                os.fsync(stream.fileno())

    def new_directory() -> None:
        shutil.rmtree(scratch, ignore_errors=True)
        munintl.save(portfolio, scratch, check=False)

    new = medians(
        {
            "c_dumper": c_dumper,
            "c_dumper_durable": c_dumper_durable,
            "new_directory": new_directory,
        },
        max(1, repeat // 2),
    )
    shutil.rmtree(scratch, ignore_errors=True)
    store = open_store(str(folder))
    loaded = store.load()
    changed = [_with_title(loaded, n) for n in range(repeat)]
    unchanged_times, one_times = [], []
    for n in range(repeat):
        start = time.perf_counter()
        store.save(loaded)
        unchanged_times.append(time.perf_counter() - start)
        start = time.perf_counter()
        store.save(changed[n])
        one_times.append(time.perf_counter() - start)
        store.save(loaded)
    return {
        "c_dumper_s": round(new["c_dumper"], 4),
        "new_directory_s": round(new["new_directory"], 4),
        "new_directory_vs_c_dumper": round(new["new_directory"] / new["c_dumper"], 2),
        "c_dumper_durable_s": round(new["c_dumper_durable"], 4),
        "new_directory_vs_c_dumper_durable": round(
            new["new_directory"] / new["c_dumper_durable"], 2
        ),
        "unchanged_s": round(statistics.median(unchanged_times), 4),
        "one_changed_s": round(statistics.median(one_times), 4),
    }


def _with_title(portfolio: Portfolio, n: int) -> Portfolio:
    import attrs

    first = portfolio.initiatives[0]
    title = attrs.evolve(first.title, values={**first.title.values, "da": f"ny {n}"})
    initiatives = (attrs.evolve(first, title=title), *portfolio.initiatives[1:])
    return attrs.evolve(portfolio, initiatives=initiatives)


def validate_cli(folder: Path, repeat: int) -> dict[str, Any]:
    """``munintl validate`` as a whole process, cold and warm, against the floor.

    Both wall-clock and CPU time (user + system) of the child are taken; on
    a shared machine the CPU time is the steadier figure.  Bytecode is
    cached (in a scratch ``PYTHONPYCACHEPREFIX``), as in an installed munintl.
    """
    scratch = Path(tempfile.mkdtemp(prefix="munintl-bench-"))
    cache = scratch / "cache"
    env = {
        **os.environ,
        "MUNINTL_CACHE_DIR": str(cache),
        "PYTHONPYCACHEPREFIX": str(scratch / "pycache"),
    }
    env.pop("PYTHONDONTWRITEBYTECODE", None)
    validate = [sys.executable, "-m", "munintl", "validate", str(folder)]
    floor = [sys.executable, "-c", "import click"]

    def run(command: list[str]) -> tuple[float, float]:
        before = resource.getrusage(resource.RUSAGE_CHILDREN)
        start = time.perf_counter()
        subprocess.run(command, capture_output=True, check=False, env=env)
        wall = time.perf_counter() - start
        after = resource.getrusage(resource.RUSAGE_CHILDREN)
        cpu = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
        return wall, cpu

    run(floor)
    run(validate)  # compiles the bytecode
    cold, warm, floors = [], [], []
    for _ in range(repeat):
        shutil.rmtree(cache, ignore_errors=True)
        cold.append(run(validate))
        warm.append(run(validate))
        floors.append(run(floor))
    shutil.rmtree(scratch, ignore_errors=True)

    def median(runs: list[tuple[float, float]], which: int) -> float:
        return round(statistics.median(run[which] for run in runs), 4)

    return {
        "import_click_s": median(floors, 0),
        "import_click_cpu_s": median(floors, 1),
        "cold_s": median(cold, 0),
        "cold_cpu_s": median(cold, 1),
        "warm_s": median(warm, 0),
        "warm_cpu_s": median(warm, 1),
    }


def make_store(initiatives: int, folder: Path) -> Portfolio:
    """Save a generated portfolio of ``initiatives`` initiatives as a YAML store."""
    portfolio = structure(generate.portfolio(initiatives), Portfolio)
    if not (folder / "municipality.yaml").exists():
        munintl.save(portfolio, folder)
    return portfolio


def main(argv: list[str] | None = None) -> int:
    """Run the YAML benchmarks; print the figures; exit 1 when a target is missed."""
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--sizes", default="100,1000")
    parser.add_argument("--repeat", type=int, default=5)
    parser.add_argument("--json", type=Path, help="also write the figures here")
    parser.add_argument("--keep", type=Path, help="keep (and reuse) the stores here")
    parser.add_argument("--only", default="read,save,validate")
    args = parser.parse_args(argv)
    parts = set(args.only.split(","))
    sizes = [int(size) for size in args.sizes.split(",")]
    results: dict[str, Any] = {"python": sys.version.split()[0]}
    missed: list[str] = []
    with tempfile.TemporaryDirectory() as scratch:
        base = args.keep or Path(scratch)
        cache = Path(scratch) / "cache"
        os.environ["MUNINTL_CACHE_DIR"] = str(cache)
        if "validate" in parts:
            results["validate skanderborg"] = validate_cli(EXAMPLE, args.repeat)
            print("validate skanderborg", results["validate skanderborg"], flush=True)
            warm = results["validate skanderborg"]["warm_cpu_s"]
            if warm > WARM_TARGET_S["skanderborg"]:
                missed.append("validate examples/skanderborg warm")
        for size in sizes:
            folder = base / f"yaml-{size}"
            portfolio = make_store(size, folder)
            if "read" in parts:
                shutil.rmtree(cache, ignore_errors=True)
                figures = read(folder, args.repeat)
                results[f"read {size}"] = figures
                print(f"read {size}", figures, flush=True)
                if figures["load_vs_csafeloader"] > READ_TARGET:
                    missed.append(f"read {size}: {figures['load_vs_csafeloader']}x")
            if "save" in parts:
                figures = save(portfolio, folder, args.repeat)
                results[f"save {size}"] = figures
                print(f"save {size}", figures, flush=True)
                if figures["new_directory_vs_c_dumper"] > NEW_DIRECTORY_TARGET:
                    missed.append(f"save {size} new directory")
                if size >= 1000 and figures["one_changed_s"] > ONE_CHANGE_TARGET_S:
                    missed.append(f"save {size} one change")
            if "validate" in parts:
                figures = validate_cli(folder, args.repeat)
                results[f"validate {size}"] = figures
                print(f"validate {size}", figures, flush=True)
                target = WARM_TARGET_S.get(size)
                if target is not None and figures["warm_cpu_s"] > target:
                    missed.append(f"validate {size} warm")
    if args.json:
        args.json.write_text(json.dumps(results, indent=2) + "\n", encoding="utf-8")
    for line in missed:
        print(f"target missed: {line}", file=sys.stderr)
    return 1 if missed else 0


if __name__ == "__main__":
    sys.exit(main())
