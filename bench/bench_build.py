"""Benchmark building and rendering reports at 100, 1,000 and 10,000 initiatives.

For the ``followup`` (the city council's follow-up for 2024, with an update
on every initiative active that year) and the ``register`` of each synthetic
portfolio from ``bench/generate.py``, it times

* building the format-neutral document alone (the floor of this benchmark),
* rendering the built document in every installed format,

and prints each time, the ratio of building-and-rendering to building alone,
and the growth of every time from 1,000 to 10,000 initiatives (the target is
linear: at most 11x).  Times are the best of ``--repeat`` runs with the
garbage collector run before each.

    python bench/bench_build.py
    python bench/bench_build.py --sizes 100 1000 --formats json markdown
    python bench/bench_build.py --json results.json

Exit status 1 when a growth exceeds the limit.
"""

from __future__ import annotations

import argparse
import gc
import json
import sys
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent))

import generate
from bench_render import cold_caches  # every timed run starts cold

import munintl
from munintl.hooks.manager import get_plugin_manager
from munintl.model import Portfolio
from munintl.reporting import build, render_document
from munintl.wire.convert import structure

SIZES = (100, 1_000, 10_000)
GROWTH_LIMIT = 11.0
KINDS: dict[str, dict[str, Any]] = {
    "followup": {"followup": "followup-2024"},
    "register": {},
}


def best(function: Callable[[], object], repeat: int) -> tuple[float, object]:
    """Run ``function`` ``repeat`` times; return the fastest time and a result."""
    times = []
    result: object = None
    for _ in range(repeat):
        cold_caches()
        gc.collect()
        start = time.process_time()
        result = function()
        times.append(time.process_time() - start)
    return min(times), result


def measure(
    sizes: tuple[int, ...], formats: list[str], repeat: int, lang: str
) -> dict[str, dict[int, dict[str, float]]]:
    """Time every kind and format at every size: ``{kind: {size: {step: s}}}``."""
    results: dict[str, dict[int, dict[str, float]]] = {kind: {} for kind in KINDS}
    for size in sizes:
        portfolio = structure(generate.portfolio(size), Portfolio)
        # Building checks the portfolio unless handed its findings; the
        # benchmark times building alone, as it did before reports checked.
        findings = munintl.validate(portfolio)
        # Rendering 10,000 initiatives to DOCX or PDF takes minutes: fewer runs.
        runs = repeat if size < 10_000 else max(1, repeat - 1)
        for kind, request in KINDS.items():

            def make(
                kind: str = kind,
                request: dict[str, Any] = request,
                portfolio: Portfolio = portfolio,
                findings: list[munintl.Finding] = findings,
            ) -> object:
                return build(
                    portfolio, kind=kind, lang=lang, findings=findings, **request
                )

            seconds, document = best(
                make,
                repeat,
            )
            row = {"build": seconds}
            for name in formats:
                rendering, _data = best(
                    lambda name=name, document=document: render_document(
                        document,
                        format=name,  # type: ignore[arg-type]
                    ),
                    runs,
                )
                row[name] = seconds + rendering
            results[kind][size] = row
            print(f"  {kind} at {size:,} initiatives: done", file=sys.stderr)
    return results


def report(
    results: dict[str, dict[int, dict[str, float]]], sizes: tuple[int, ...]
) -> list[str]:
    """Print the tables; return the steps whose growth exceeds the limit."""
    too_slow = []
    for kind, by_size in results.items():
        steps = list(next(iter(by_size.values())))
        print(f"\n{kind}: seconds, and (ratio to building the document alone)")
        header = f"{'step':<10}" + "".join(f"{size:>22,}" for size in sizes)
        if 1_000 in sizes and 10_000 in sizes:
            header += f"{'1k→10k':>10}"
        print(header)
        for step in steps:
            line = f"{step:<10}"
            for size in sizes:
                seconds = by_size[size][step]
                ratio = seconds / by_size[size]["build"]
                line += f"{seconds:>13.3f} ({ratio:>5.1f}x)"
            if 1_000 in sizes and 10_000 in sizes:
                growth = by_size[10_000][step] / by_size[1_000][step]
                line += f"{growth:>9.1f}x"
                if growth > GROWTH_LIMIT:
                    too_slow.append(f"{kind}/{step}: {growth:.1f}x")
            print(line)
    return too_slow


def main(argv: list[str] | None = None) -> int:
    """Run the benchmark described in the module docstring."""
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=list(SIZES))
    parser.add_argument("--formats", nargs="+", help="default: every installed one")
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--lang", default="da")
    parser.add_argument("--json", type=Path, help="also write the times here")
    args = parser.parse_args(argv)
    formats = args.formats or sorted(get_plugin_manager().report_formats())
    sizes = tuple(sorted(args.sizes))
    print(f"formats: {', '.join(formats)}; sizes: {sizes}", file=sys.stderr)
    results = measure(sizes, formats, args.repeat, args.lang)
    too_slow = report(results, sizes)
    if args.json:
        args.json.write_text(json.dumps(results, indent=2), encoding="utf-8")
    if too_slow:
        print(f"\ngrowth above {GROWTH_LIMIT}x: {'; '.join(too_slow)}")
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
