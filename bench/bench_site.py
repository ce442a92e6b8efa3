"""Benchmark a Sphinx site of a portfolio: full and incremental builds.

For a synthetic portfolio (``bench/generate.py``) kept as a YAML directory,
``munintl site init`` writes a page per theme, initiative and partnership;
the floor is a Sphinx project with the same number of plain pages (a title,
two paragraphs and a small table each) built in the same run.  It times

* a full build of each (``sphinx-build -b html``, wall clock, one process),
* an incremental build after one initiative's file changes, against an
  incremental build of the plain site after one page changes,

and counts the pages the incremental build read again: it must be a handful
(the initiative's page and the pages that list it), not all.

    python bench/bench_site.py                     # 1,000 initiatives
    python bench/bench_site.py --initiatives 200 --json site.json

Exit status 1 when the incremental build re-reads more than 5 % of the
pages.
"""

from __future__ import annotations

import argparse
import json
import re
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

import generate

import munintl
from munintl.sphinxext import site
from munintl.wire.convert import structure

REREAD_LIMIT = 0.05


def sphinx(source: Path, out: Path) -> tuple[float, int]:
    """Build ``source``; return the wall-clock seconds and the pages read."""
    command = [sys.executable, "-m", "sphinx", "-b", "html", str(source), str(out)]
    start = time.perf_counter()
    result = subprocess.run(command, capture_output=True, text=True, check=True)
    seconds = time.perf_counter() - start
    match = re.search(r"(\d+) added, (\d+) changed", result.stdout)
    read = int(match.group(1)) + int(match.group(2)) if match else 0
    return seconds, read


def plain_site(root: Path, pages: int) -> None:
    """A Sphinx project of ``pages`` plain pages under one toctree."""
    root.mkdir(parents=True)
    (root / "conf.py").write_text('project = "plain"\n', encoding="utf-8")
    (root / "pages").mkdir()
    for number in range(pages):
        (root / "pages" / f"p{number}.rst").write_text(
            f"Page {number}\n{'=' * (5 + len(str(number)))}\n\n"
            "A paragraph of text about an initiative and what it did.\n\n"
            "Another paragraph with its partners and its funding.\n\n"
            "=====  =====\nKind   Year\n=====  =====\nEU     2011\n=====  =====\n",
            encoding="utf-8",
        )
    (root / "index.rst").write_text(
        "Plain\n=====\n\n.. toctree::\n   :glob:\n\n   pages/*\n", encoding="utf-8"
    )


def main(argv: list[str] | None = None) -> int:
    """Run the benchmark; return 1 when the incremental build reads too much."""
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--initiatives", type=int, default=1000)
    parser.add_argument("--json", type=Path)
    args = parser.parse_args(argv)

    with tempfile.TemporaryDirectory() as folder:
        work = Path(folder)
        data = generate.portfolio(args.initiatives)
        portfolio = structure(data, munintl.Portfolio)
        munintl.save(portfolio, work / "portfolio", check=False)
        project = work / "site"
        files = site.init(project, str(work / "portfolio"), languages=["en"])
        pages = sum(1 for f in files if f.suffix == ".rst")
        plain = work / "plain"
        plain_site(plain, pages)

        full, read = sphinx(project, work / "out")
        floor, _ = sphinx(plain, work / "plain-out")

        initiative = next((work / "portfolio" / "initiatives").glob("*.yaml"))
        initiative.write_text(
            initiative.read_text("utf-8") + "# edited\n", encoding="utf-8"
        )
        incremental, reread = sphinx(project, work / "out")
        page = next((plain / "pages").glob("*.rst"))
        page.write_text(page.read_text("utf-8") + "\nEdited.\n", encoding="utf-8")
        floor_incremental, _ = sphinx(plain, work / "plain-out")

    results = {
        "initiatives": args.initiatives,
        "pages": pages,
        "full_s": round(full, 2),
        "plain_full_s": round(floor, 2),
        "full_ratio": round(full / floor, 2),
        "incremental_s": round(incremental, 2),
        "plain_incremental_s": round(floor_incremental, 2),
        "incremental_ratio": round(incremental / floor_incremental, 2),
        "pages_read_first": read,
        "pages_read_again": reread,
    }
    print("site", results)
    if args.json:
        args.json.write_text(json.dumps(results, indent=2), encoding="utf-8")
    if reread > max(3, REREAD_LIMIT * pages):
        print(f"target missed: {reread} of {pages} pages read again")
        return 1
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
