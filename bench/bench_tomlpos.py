"""Benchmark locating findings in a big TOML file (line and column of a path).

A synthetic portfolio (``--initiatives``, 5,000 by default: about 11 MB of
TOML as the TOML store writes it) is saved by the TOML store, loaded, and
given ``--findings`` findings (1,000) on paths spread over the file -- id-keyed
portfolio paths as the rules and load errors print them, one in ten naming a
field that is not there (placed at its enclosing table).  Figures are ratios
to ``tomllib.loads`` of the same text, measured in the same run:

* ``index``: :func:`munintl.storage.tomlpos.toml_index`, the one scan of
  the text a load with findings takes;
* ``locate``: ``TomlFileStore.locate`` of every finding on a loaded store
  (the index built by the first one), and per finding once the index is
  there;
* ``no findings``: a load without findings builds no index (checked).

The same findings are located in the JSON store's file too, for comparison
(a ratio to ``json.loads`` of its bytes).  Every line the TOML store gives is checked
to hold the key of the path or of its enclosing table.  Times are CPU
seconds of the process (steadier than the wall clock on a shared machine),
medians of ``--repeat`` runs (3), interleaved.

    python bench/bench_tomlpos.py
    python bench/bench_tomlpos.py --initiatives 1000 --findings 1000
"""

from __future__ import annotations

import argparse
import json
import random
import sys
import tempfile
import time
import tomllib
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

import generate
from bench_validate import medians

from munintl.errors import Finding
from munintl.plugins.storage.json_file import JsonFileStore
from munintl.plugins.storage.toml_file import TomlFileStore
from munintl.storage import tomlpos

#: Locating the findings after a load may cost at most this many
#: tomllib.loads: the text is parsed again (a load keeps no plain data) and
#: scanned once, and each finding is then a lookup.
TARGET = 2.5


def findings(data: dict[str, object], count: int, seed: int = 0) -> list[Finding]:
    """``count`` findings on initiatives' fields, one in ten on a missing one."""
    rng = random.Random(seed)
    initiatives = data["initiatives"]
    assert isinstance(initiatives, list)
    fields = (
        "title.da",
        "period.end",
        "participations[0].organisation",
        "kind",
        "description.en",
        "themes[0]",
    )
    made = []
    for number in range(count):
        item = rng.choice(initiatives)
        field = "nowhere.near" if number % 10 == 0 else rng.choice(fields)
        made.append(
            Finding(code="bench", message="", path=f"initiatives[{item['id']}].{field}")
        )
    return made


def check(store: TomlFileStore, located: list[Finding]) -> None:
    """Every finding has a line, and that line holds its key or its table.

    (The tests check positions exactly; this guards the benchmark's data.)
    """
    lines = store.path.read_text(encoding="utf-8").splitlines()
    for finding in located:
        assert finding.line is not None, finding
        assert finding.path is not None
        text = lines[finding.line - 1]
        if finding.path.endswith("]"):  # an array element: its value's line
            continue
        last = finding.path.split(".")[-1]
        assert last in text or text.startswith("[[initiatives]]"), (finding, text)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--initiatives", type=int, default=5_000)
    parser.add_argument("--findings", type=int, default=1_000)
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args(argv)

    data = generate.portfolio(args.initiatives)
    with tempfile.TemporaryDirectory() as folder:
        toml_store = TomlFileStore(str(Path(folder) / "big.toml"))
        toml_store.path.write_bytes(toml_store.encode(data))
        json_store = JsonFileStore(str(Path(folder) / "big.json"))
        json_store.path.write_bytes(json_store.encode(data))
        text = toml_store.path.read_text(encoding="utf-8")
        wanted = findings(data, args.findings)

        unlocated = TomlFileStore(toml_store.location)
        unlocated.load()
        assert unlocated._locator is None, "a load without findings scanned the text"

        def locate_all(store: TomlFileStore | JsonFileStore) -> list[Finding]:
            fresh = type(store)(store.location)
            fresh.load()
            return [fresh.locate(f) for f in wanted]

        warm = TomlFileStore(toml_store.location)
        warm.load()
        check(warm, [warm.locate(f) for f in wanted])

        times = medians(
            {
                "tomllib.loads (floor)": lambda: tomllib.loads(text),
                "index (one scan)": lambda: tomlpos.toml_index(text),
                "load": lambda: TomlFileStore(toml_store.location).load(),
                "load + locate all": lambda: locate_all(toml_store),
                "locate all, index built": lambda: [warm.locate(f) for f in wanted],
            },
            args.repeat,
            time.process_time,
        )

        def locate_json() -> list[Finding]:
            store = JsonFileStore(json_store.location)
            store.load()
            return [store.locate(f) for f in wanted]

        json_times = medians(
            {
                "json.loads": lambda: json.loads(json_store.path.read_bytes()),
                "load": lambda: JsonFileStore(json_store.location).load(),
                "load + locate all": locate_json,
            },
            args.repeat,
            time.process_time,
        )
        json_time = json_times["load + locate all"] - json_times["load"]
        json_floor = json_times["json.loads"]
        entries = len(tomlpos.toml_index(text).offsets)

    floor = times["tomllib.loads (floor)"]
    size = len(text.encode("utf-8")) / 1e6
    print(
        f"{args.initiatives} initiatives, {size:.1f} MB of TOML,"
        f" {text.count(chr(10))} lines, {entries} paths; {args.findings} findings"
        " (CPU time)"
    )
    locate = times["load + locate all"] - times["load"]
    rows = [
        *times.items(),
        ("locate all (load + locate - load)", locate),
    ]
    for name, seconds in rows:
        print(f"  {name:36} {seconds * 1000:9.1f} ms  {seconds / floor:6.2f}x")
    print(
        f"  {'JSON store: locate all after a load':36} {json_time * 1000:9.1f} ms"
        f"  {json_time / json_floor:6.2f}x json.loads"
    )
    per = times["locate all, index built"] / args.findings * 1e6
    print(f"  per finding once indexed: {per:.0f} µs")
    ok = locate / floor <= TARGET
    print(f"target: locate {args.findings} findings <= {TARGET}x tomllib.loads:", ok)
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
