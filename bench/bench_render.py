"""Benchmark rendering reports in every format, against building the document.

For each portfolio size a synthetic portfolio (``bench/generate.py``) is
loaded, its latest yearly follow-up report is built (the floor: what the
report kind costs), and the built document is rendered by every report
format.  Each time is the best of ``--repeat`` runs (fewer for steps that
take more than half a minute), in CPU time so that other work on the
machine does not skew it; the ratio is render time over build time, so it
compares across machines.  Rendering must grow linearly: from 1,000 to 10,000
initiatives no format may take more than 11 times as long.

    python bench/bench_render.py                         # 100, 1,000 and 10,000
    python bench/bench_render.py --sizes 100 1000 --formats pdf docx
    python bench/bench_render.py --engines               # typst vs WeasyPrint
    python bench/bench_render.py --json after.json --baseline before.json

``--engines`` renders the sample report of ``munintl.testing.reports`` and a
100-initiative follow-up to PDF with typst (the ``pdf`` format) and with
WeasyPrint from the ``html`` format's page, and reports time, size, pages,
tagging, whether æ ø å survive and the import time of each; WeasyPrint must
be installed (``pip install weasyprint``), it is not a dependency of munintl.

It prints the follow-up build and the DOCX render at the largest size,
the growth of every format from 1,000 to 10,000 initiatives and, with
``--baseline``, each time beside that of an earlier run's ``--json`` file.
Every run starts with the caches of parsed texts empty (see
:func:`cold_caches`).

Exit status 1 when a format grows faster than linearly.
"""

from __future__ import annotations

import argparse
import datetime as dt
import gc
import json
import shutil
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).parent))

import generate  # the data generator beside this file

import munintl
from munintl.hooks.manager import get_plugin_manager
from munintl.reporting import build

FORMATS = ("json", "csv", "markdown", "html", "xlsx", "docx", "pdf")
SIZES = (100, 1_000, 10_000)
#: Rendering 10 times the initiatives may take at most this many times as long.
GROWTH_LIMIT = 11.0
#: Seconds of repeated runs after which a step is not run again.
BUDGET = 30.0
GENERATED_AT = dt.datetime(2025, 3, 4, 9, 30, tzinfo=dt.UTC)


def cold_caches() -> None:
    """Empty the caches keyed by a document's texts before each timed run.

    munintl keeps the last 4,096 texts it parsed as Markdown.  Run again on
    the same document, a report of 1,000 initiatives finds nearly all of
    them there (rendering it to Markdown took a third of the time of the
    first run), one of 10,000 initiatives almost none: best-of-N times
    would then compare a warm run with a cold one and show a growth of
    about 20x where the first runs grow 8x.  A report is rendered once, so
    every run here starts cold.
    """
    from munintl.model import markdown

    markdown._read.cache_clear()


def best(function: Callable[[], Any], repeat: int) -> tuple[float, Any]:
    """Run ``function`` up to ``repeat`` times; return the best time and the result.

    Times are the process's CPU time, which other work on the machine does
    not inflate (typst's threads count too).  The garbage collector runs
    before each run, as in ``bench_build.py``.  Runs stop early once they
    have taken :data:`BUDGET` seconds, so a slow step (a PDF of 10,000
    initiatives) runs once or twice, a fast one ``repeat`` times.
    """
    times = []
    result = None
    for _ in range(repeat):
        cold_caches()
        gc.collect()  # garbage from the last run is not this run's cost
        start = time.process_time()
        result = function()
        times.append(time.process_time() - start)
        if sum(times) > BUDGET:
            break
    return min(times), result


def load_portfolio(initiatives: int, directory: Path) -> munintl.Portfolio:
    """Generate and load a portfolio of ``initiatives`` initiatives."""
    path = directory / f"portfolio-{initiatives}.json"
    path.write_bytes(generate.dumps(generate.portfolio(initiatives)))
    return munintl.load(path)


def bench_size(
    initiatives: int, formats: list[str], repeat: int, directory: Path
) -> list[dict[str, Any]]:
    """Build the follow-up of ``initiatives`` initiatives; render it in each format."""
    portfolio = load_portfolio(initiatives, directory)
    followup = portfolio.followups[-1].id
    findings = munintl.validate(portfolio)  # checked once, not in every run

    def make() -> Any:
        return build(
            portfolio,
            kind="followup",
            lang="da",
            followup=followup,
            generated_at=GENERATED_AT,
            findings=findings,
        )

    floor, document = best(make, repeat)
    blocks = len(document.blocks)
    rows = [
        {
            "initiatives": initiatives,
            "format": "(build)",
            "seconds": floor,
            "ratio": 1.0,
            "bytes": None,
            "blocks": blocks,
        }
    ]
    records = get_plugin_manager().report_formats()
    for name in formats:
        renderer = records[name].factory(None)
        seconds, data = best(
            lambda renderer=renderer: renderer.render(document), repeat
        )
        rows.append(
            {
                "initiatives": initiatives,
                "format": name,
                "seconds": seconds,
                "ratio": seconds / floor,
                "bytes": len(data),
                "blocks": blocks,
            }
        )
        print(
            f"  {initiatives:>6} {name:<9} {seconds:8.3f} s"
            f"  {seconds / floor:7.1f}x  {len(data):>11,} bytes",
            flush=True,
        )
    return rows


def table(rows: list[dict[str, Any]]) -> str:
    """Format the results as a Markdown table."""
    lines = [
        "| initiatives | blocks | format | time | × build | size |",
        "|---:|---:|---|---:|---:|---:|",
    ]
    for row in rows:
        size = "" if row["bytes"] is None else f"{row['bytes'] / 1024:,.0f} KiB"
        lines.append(
            f"| {row['initiatives']:,} | {row['blocks']:,} | {row['format']}"
            f" | {row['seconds']:.3f} s | {row['ratio']:.1f}× | {size} |"
        )
    return "\n".join(lines)


# -- PDF engines ---------------------------------------------------------------


def import_time(module: str) -> float:
    """Seconds a fresh interpreter takes to import ``module`` (best of three)."""
    times = []
    for _ in range(3):
        start = time.perf_counter()
        subprocess.run([sys.executable, "-c", f"import {module}"], check=True)
        times.append(time.perf_counter() - start)
    base = []
    for _ in range(3):
        start = time.perf_counter()
        subprocess.run([sys.executable, "-c", "pass"], check=True)
        base.append(time.perf_counter() - start)
    return min(times) - min(base)


def pdf_facts(data: bytes) -> dict[str, Any]:
    """Pages, tagging and whether the Danish letters survive, read by poppler."""
    facts: dict[str, Any] = {}
    if shutil.which("pdfinfo"):
        info = subprocess.run(
            ["pdfinfo", "-"], input=data, capture_output=True, check=True
        ).stdout.decode()
        for line in info.splitlines():
            key, _, value = line.partition(":")
            if key in ("Pages", "Tagged"):
                facts[key.lower()] = value.strip()
    if shutil.which("pdftotext"):
        text = subprocess.run(
            ["pdftotext", "-", "-"], input=data, capture_output=True, check=True
        ).stdout.decode()
        facts["æøå"] = all(letter in text for letter in "æøå")
    return facts


def bench_engines(repeat: int, directory: Path) -> None:
    """Compare typst and WeasyPrint on the sample report and a real follow-up."""
    from munintl.testing.reports import sample_document

    try:
        import weasyprint
    except ImportError:
        sys.exit("--engines needs WeasyPrint: pip install weasyprint")
    portfolio = load_portfolio(100, directory)
    documents = {
        "sample report": sample_document("da"),
        "follow-up, 100 initiatives": build(
            portfolio,
            kind="followup",
            lang="da",
            followup=portfolio.followups[-1].id,
            generated_at=GENERATED_AT,
        ),
    }
    records = get_plugin_manager().report_formats()
    typst_pdf = records["pdf"].factory(None)
    html = records["html"].factory(None)
    print("| document | engine | time | size | pages | tagged | æøå |")
    print("|---|---|---:|---:|---:|---|---|")
    for label, document in documents.items():
        page = html.render(document)
        engines = {
            "typst (pdf format)": lambda document=document: typst_pdf.render(document),
            "WeasyPrint (html format)": lambda page=page: weasyprint.HTML(
                string=page.decode()
            ).write_pdf(pdf_tags=True),
        }
        for engine, function in engines.items():
            seconds, data = best(function, repeat)
            facts = pdf_facts(data)
            print(
                f"| {label} | {engine} | {seconds * 1000:.0f} ms"
                f" | {len(data) / 1024:,.0f} KiB | {facts.get('pages', '?')}"
                f" | {facts.get('tagged', '?')} | {facts.get('æøå', '?')} |"
            )
    print()
    for module in ("typst", "weasyprint"):
        print(f"import {module}: {import_time(module) * 1000:.0f} ms")


def headline(rows: list[dict[str, Any]]) -> None:
    """Print the follow-up build and the DOCX render at the largest size."""
    largest = max(row["initiatives"] for row in rows)
    for row in rows:
        if row["initiatives"] == largest and row["format"] in ("(build)", "docx"):
            step = "build" if row["format"] == "(build)" else "DOCX render"
            print(
                f"follow-up {step} at {largest:,} initiatives: {row['seconds']:.3f} s"
            )


def compare(rows: list[dict[str, Any]], baseline: Path) -> None:
    """Print a Markdown table of these times beside those saved in ``baseline``."""
    before = {
        (row["initiatives"], row["format"]): row["seconds"]
        for row in json.loads(baseline.read_text(encoding="utf-8"))
    }
    print("| initiatives | format | before | after | after / before |")
    print("|---:|---|---:|---:|---:|")
    for row in rows:
        old = before.get((row["initiatives"], row["format"]))
        if old is None:
            continue
        print(
            f"| {row['initiatives']:,} | {row['format']} | {old:.3f} s"
            f" | {row['seconds']:.3f} s | {row['seconds'] / old:.2f}x |"
        )


def growth(rows: list[dict[str, Any]]) -> list[str]:
    """Return the formats whose time grows faster than linearly from 1k to 10k."""
    times = {(row["initiatives"], row["format"]): row["seconds"] for row in rows}
    too_slow = []
    for (size, name), seconds in sorted(times.items()):
        if size == 1_000 and (10_000, name) in times and name != "(build)":
            factor = times[(10_000, name)] / seconds
            print(f"growth 1,000 → 10,000 {name:<9} {factor:5.1f}x")
            if factor > GROWTH_LIMIT:
                too_slow.append(f"{name}: {factor:.1f}x")
    return too_slow


def main(argv: list[str] | None = None) -> int:
    """Run the benchmark named on the command line and print a Markdown table."""
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=list(SIZES))
    parser.add_argument("--formats", nargs="+", default=list(FORMATS))
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--engines", action="store_true", help="compare PDF engines")
    parser.add_argument("--json", type=Path, help="also write the results here")
    parser.add_argument(
        "--baseline", type=Path, help="a --json file of an earlier run to compare"
    )
    options = parser.parse_args(argv)
    with tempfile.TemporaryDirectory() as folder:
        directory = Path(folder)
        if options.engines:
            bench_engines(options.repeat, directory)
            return 0
        rows: list[dict[str, Any]] = []
        for size in sorted(options.sizes):
            rows += bench_size(size, options.formats, options.repeat, directory)
    print()
    print(table(rows))
    print()
    headline(rows)
    print()
    too_slow = growth(rows)
    if options.baseline:
        print()
        compare(rows, options.baseline)
    if options.json:
        options.json.write_text(json.dumps(rows, indent=2), encoding="utf-8")
    if too_slow:
        print(f"\ngrowth above {GROWTH_LIMIT}x: {'; '.join(too_slow)}")
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
