"""Benchmark exporting and importing 100,000 texts for translators, PO and XLIFF.

A synthetic portfolio from ``bench/generate.py`` (17,900 initiatives: about
100,000 texts) is exported for German with ``--all`` (every text), then a
translated copy of the export is imported back.  The floors are the
libraries translators' tools are built on, writing and reading the very same
entries (context, source, translation, the hash comment):

* PO: polib (``POFile.save`` / ``pofile``) and translate-toolkit
  (``bytes(pofile)`` / ``pofile.parsestring``);
* XLIFF: translate-toolkit (``bytes(xlifffile)`` / ``xlifffile.parsestring``).

munintl's export counts finding the texts in the portfolio, gathering their
state and glossary notes and writing the file; its import counts reading the
file, checking each entry against the portfolio and setting every
translation with its provenance.  Times are the best of ``--repeat`` runs
(process time, the collector run before each).

    python bench/bench_translate.py
    python bench/bench_translate.py --initiatives 2000 --repeat 1

Beside the whole export and import, munintl's writing and reading of the
file alone are timed, as the floors are.  Exit status 1 when export or
import is more than ``--limit`` times (default 5) the slower floor's time
for the same format.
"""

from __future__ import annotations

import argparse
import gc
import json
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
from munintl.translation.catalog import Catalog, CatalogEntry
from munintl.translation.exchange import (
    export_catalog,
    import_catalog,
    read_catalog,
    write_catalog,
)
from munintl.translation.glossary import Glossary, Term
from munintl.wire.convert import structure

GLOSSARY = Glossary(
    (
        Term({"da": "kommune", "de": "Kommune"}),
        Term({"da": "samarbejde", "de": "Zusammenarbeit"}),
    )
)


def best(function: Callable[[], object], repeat: int) -> tuple[float, Any]:
    """Run ``function`` ``repeat`` times; return the fastest time and a result."""
    times = []
    result: Any = None
    for _ in range(repeat):
        gc.collect()
        start = time.process_time()
        result = function()
        times.append(time.process_time() - start)
    return min(times), result


def translated(catalog: Catalog) -> Catalog:
    """The export as an agency sends it back: every entry translated and final."""
    return Catalog(
        catalog.portfolio,
        catalog.source_language,
        catalog.language,
        tuple(
            CatalogEntry(
                path=entry.path,
                source=entry.source,
                source_hash=entry.source_hash,
                translation="DE: " + entry.source,
                final=True,
                notes=entry.notes,
            )
            for entry in catalog.entries
        ),
        translator="Bench Agency",
    )


def polib_floor(catalog: Catalog, folder: Path, repeat: int) -> dict[str, float]:
    import polib

    target = folder / "polib.po"

    def write() -> None:
        po = polib.POFile()
        po.metadata = {"Content-Type": "text/plain; charset=UTF-8", "Language": "de"}
        for entry in catalog.entries:
            po.append(
                polib.POEntry(
                    msgctxt=entry.path,
                    msgid=entry.source,
                    msgstr=entry.translation,
                    comment=f"munintl-source-hash: {entry.source_hash}",
                )
            )
        po.save(str(target))

    write_time, _ = best(write, repeat)
    read_time, read = best(lambda: polib.pofile(str(target)), repeat)
    assert len(read) == len(catalog.entries)
    return {"write": write_time, "read": read_time}


def ttk_po_floor(catalog: Catalog, repeat: int) -> dict[str, float]:
    from translate.storage import po

    def write() -> bytes:
        store = po.pofile()
        for entry in catalog.entries:
            unit = store.addsourceunit(entry.source)
            unit.setcontext(entry.path)
            unit.target = entry.translation
            unit.addnote(f"munintl-source-hash: {entry.source_hash}", "developer")
        return bytes(store)

    write_time, data = best(write, repeat)
    read_time, store = best(lambda: po.pofile.parsestring(data), repeat)
    assert len([u for u in store.units if not u.isheader()]) == len(catalog.entries)
    return {"write": write_time, "read": read_time}


def ttk_xliff_floor(catalog: Catalog, repeat: int) -> dict[str, float]:
    from translate.storage import xliff

    def write() -> bytes:
        store = xliff.xlifffile(sourcelanguage="da", targetlanguage="de")
        for entry in catalog.entries:
            unit = store.addsourceunit(entry.source)
            unit.setid(entry.path)
            unit.target = entry.translation
            unit.addnote(f"munintl-source-hash: {entry.source_hash}", "developer")
        return bytes(store)

    write_time, data = best(write, repeat)
    read_time, store = best(lambda: xliff.xlifffile.parsestring(data), repeat)
    assert len(store.units) == len(catalog.entries)
    return {"write": write_time, "read": read_time}


def munintl_times(
    portfolio: Portfolio, folder: Path, format_name: str, repeat: int
) -> tuple[dict[str, float], Catalog, int]:
    suffix = ".po" if format_name == "po" else ".xlf"
    exported = folder / f"export{suffix}"
    back = folder / f"back{suffix}"

    def export() -> Catalog:
        catalog = export_catalog(portfolio, "de", glossary=GLOSSARY, everything=True)
        write_catalog(catalog, exported, format_name)  # type: ignore[arg-type]
        return catalog

    export_time, catalog = best(export, repeat)
    write_catalog(translated(catalog), back, format_name)  # type: ignore[arg-type]

    def import_() -> int:
        result = import_catalog(portfolio, read_catalog(back), glossary=GLOSSARY)
        return len(result.imported)

    import_time, imported = best(import_, repeat)
    assert imported == len(catalog.entries), (imported, len(catalog.entries))
    # The file alone, as the floors measure it: writing and reading the entries.
    back_catalog = read_catalog(back)
    write_time, _ = best(
        lambda: write_catalog(back_catalog, exported, format_name),  # type: ignore[arg-type]
        repeat,
    )
    read_time, _ = best(lambda: read_catalog(back), repeat)
    times = {
        "export": export_time,
        "import": import_time,
        "write": write_time,
        "read": read_time,
    }
    return times, catalog, imported


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--initiatives", type=int, default=17_900)
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--limit", type=float, default=5.0)
    parser.add_argument("--json", type=Path, help="also write the results here")
    args = parser.parse_args()

    portfolio = structure(generate.portfolio(args.initiatives, seed=1), Portfolio)
    results: dict[str, Any] = {"initiatives": args.initiatives}
    missed = []
    with tempfile.TemporaryDirectory() as scratch:
        folder = Path(scratch)
        for format_name in ("po", "xliff"):
            own, catalog, count = munintl_times(
                portfolio, folder, format_name, args.repeat
            )
            back = translated(catalog)
            floors = (
                {
                    "polib": polib_floor(back, folder, args.repeat),
                    "translate-toolkit": ttk_po_floor(back, args.repeat),
                }
                if format_name == "po"
                else {"translate-toolkit": ttk_xliff_floor(back, args.repeat)}
            )
            results[format_name] = {"texts": count, "munintl": own, "floors": floors}
            print(f"{format_name}: {count:,} texts")
            print(
                f"  munintl export {own['export']:.2f} s, import {own['import']:.2f} s;"
                f" the file alone: write {own['write']:.2f} s, read {own['read']:.2f} s"
            )
            for name, floor in floors.items():
                print(
                    f"  {name}: write {floor['write']:.2f} s,"
                    f" read {floor['read']:.2f} s"
                    f" -> export {own['export'] / floor['write']:.2f}x,"
                    f" import {own['import'] / floor['read']:.2f}x;"
                    f" file write {own['write'] / floor['write']:.2f}x,"
                    f" file read {own['read'] / floor['read']:.2f}x"
                )
            slowest_write = max(floor["write"] for floor in floors.values())
            slowest_read = max(floor["read"] for floor in floors.values())
            if own["export"] > args.limit * slowest_write:
                missed.append(f"{format_name} export")
            if own["import"] > args.limit * slowest_read:
                missed.append(f"{format_name} import")
    if args.json:
        args.json.write_text(json.dumps(results, indent=2), encoding="utf-8")
    if missed:
        print(f"missed the {args.limit}x limit: {', '.join(missed)}", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    munintl.get_plugin_manager()  # loaded once, outside every timing
    sys.exit(main())
