"""Benchmark load + validate of large JSON portfolios against plain decoders.

For synthetic portfolios of 1,000 and 10,000 initiatives (``--sizes``; add
100000 for the national-scale figure, about 270 MB) saved by the JSON store,
every figure is a ratio to ``json.loads`` of the same bytes, measured in the
same run with the garbage collector running on every side:

* ``msgspec`` untyped (``msgspec.json.decode``) and typed, into the wire
  structs munintl generates from its model (:mod:`munintl.wire.fastjson`):
  msgspec on an equivalent model, checking types, keys and allowed values;
* ``pydantic`` v2 (the ``bench`` dependency group) on an equivalent model:
  pydantic models generated from those same wire structs (every field,
  type, default and allowed value; unknown keys refused; strict types),
  decoding the bytes with ``TypeAdapter.validate_json``;
* ``load``: ``JsonFileStore.load`` (read, decode, check, build the model);
* ``validate``: ``munintl.validate`` of a freshly loaded portfolio (every
  registered rule), and ``load + validate`` together.

The findings are counted and fingerprinted (SHA-256 of their sorted JSON),
so runs of two versions of munintl can be compared for identical findings.
Times are medians of ``--repeat`` runs (3), interleaved.  Target (issue 15):
load + validate of 100,000 initiatives at most 2x ``json.loads``.

    python bench/bench_validate.py
    python bench/bench_validate.py --sizes 1000,10000,100000 --json out.json
    python bench/bench_validate.py --cpu   # CPU seconds: steadier when shared
"""

from __future__ import annotations

import argparse
import hashlib
import json
import statistics
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any, Literal, Union

sys.path.insert(0, str(Path(__file__).resolve().parent))

import generate

import munintl
from munintl.model import Portfolio
from munintl.plugins.storage.json_file import JsonFileStore
from munintl.wire import fastjson
from munintl.wire.convert import structure

TARGET = 2.0


def medians(
    functions: dict[str, Callable[[], object]],
    repeat: int,
    clock: Callable[[], float] = time.perf_counter,
) -> dict[str, float]:
    """Run each function ``repeat`` times, interleaved; return the median times."""
    times: dict[str, list[float]] = {name: [] for name in functions}
    for _ in range(repeat):
        for name, function in functions.items():
            start = clock()
            result = function()
            times[name].append(clock() - start)
            del result
    return {name: statistics.median(values) for name, values in times.items()}


def fingerprint(findings: list[munintl.Finding]) -> str:
    """A digest of the findings, the same for the same findings in any order."""
    rows = sorted(
        json.dumps([f.code, f.severity, f.path, f.message], ensure_ascii=False)
        for f in findings
    )
    return hashlib.sha256("\n".join(rows).encode()).hexdigest()[:16]


def pydantic_adapter() -> Any:
    """A pydantic v2 ``TypeAdapter`` for models equivalent to the wire structs.

    The models are generated from the msgspec structs munintl generates
    from its model (``msgspec.inspect``), so pydantic checks what msgspec
    typed checks.  None if pydantic or msgspec is not installed.
    """
    plan = fastjson._plan()
    try:
        import msgspec.inspect as mi
        import pydantic
    except ImportError:
        return None
    if plan is None:
        return None
    config = pydantic.ConfigDict(extra="forbid", strict=True)
    models: dict[str, Any] = {}
    scalars = {
        mi.StrType: str,
        mi.IntType: int,
        mi.FloatType: float,
        mi.BoolType: bool,
        mi.NoneType: type(None),
        mi.AnyType: Any,
    }

    def annotation(info: Any) -> Any:
        if type(info) in scalars:
            return scalars[type(info)]
        if isinstance(info, mi.StructType):
            return model(info)
        if isinstance(info, mi.LiteralType):
            return Literal[info.values]
        if isinstance(info, mi.VarTupleType | mi.ListType):
            return tuple[annotation(info.item_type), ...]
        if isinstance(info, mi.DictType):
            return dict[annotation(info.key_type), annotation(info.value_type)]
        if isinstance(info, mi.UnionType):
            return Union[tuple(annotation(member) for member in info.types)]  # noqa: UP007
        raise TypeError(f"no pydantic equivalent of {info!r}")

    def model(info: Any) -> Any:
        name = info.cls.__name__
        if name in models:
            return models[name] or name  # a name: a model still being made
        models[name] = None
        fields: dict[str, Any] = {}
        for field in info.fields:
            default: Any = ...
            if field.default_factory is not mi.NODEFAULT:
                default = pydantic.Field(default_factory=field.default_factory)
            elif not field.required:
                default = None if field.default is mi.NODEFAULT else field.default
            fields[field.encode_name] = (annotation(field.type), default)
        models[name] = pydantic.create_model(name, __config__=config, **fields)
        return models[name]

    root = model(mi.type_info(plan.decode.__self__.type))
    for made in models.values():
        made.model_rebuild(_types_namespace=models)
    return pydantic.TypeAdapter(root)


def one_size(
    initiatives: int,
    repeat: int,
    folder: Path,
    clock: Callable[[], float] = time.perf_counter,
) -> dict[str, Any]:
    """Figures for one JSON portfolio of ``initiatives`` initiatives."""
    path = folder / f"portfolio-{initiatives}.json"
    JsonFileStore(str(path)).save(structure(generate.portfolio(initiatives), Portfolio))
    raw = path.read_bytes()

    def load() -> Portfolio:
        return JsonFileStore(str(path)).load()

    functions: dict[str, Callable[[], object]] = {
        "json_loads": lambda: json.loads(raw),
        "load": load,
        "load_validate": lambda: munintl.validate(load()),
    }
    try:
        import msgspec

        functions["msgspec_untyped"] = lambda: msgspec.json.decode(raw)
    except ImportError:
        pass
    plan = fastjson._plan()
    adapter = pydantic_adapter()
    if adapter is not None:
        functions["pydantic"] = lambda: adapter.validate_json(raw)
    if plan is not None:

        def typed() -> object:
            try:
                return plan.decode(raw)
            finally:
                plan.ids.found.clear()

        functions["msgspec_typed"] = typed
    times = medians(functions, repeat, clock)
    findings = munintl.validate(load())
    floor = times["json_loads"]
    out: dict[str, Any] = {
        "initiatives": initiatives,
        "megabytes": round(len(raw) / 1e6, 1),
        "findings": len(findings),
        "findings_fingerprint": fingerprint(findings),
    }
    for name, value in times.items():
        out[f"{name}_s"] = round(value, 3)
        if name != "json_loads":
            out[f"{name}_ratio"] = round(value / floor, 2)
    out["validate_ratio"] = round((times["load_validate"] - times["load"]) / floor, 2)
    return out


def main(argv: list[str] | None = None) -> int:
    """Run the benchmark; print the figures; exit 1 when the target is missed."""
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--sizes", default="1000,10000")
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--json", type=Path, help="also write the figures here")
    parser.add_argument(
        "--cpu",
        action="store_true",
        help="time CPU seconds of this process, not wall clock (steadier on a"
        " shared machine)",
    )
    args = parser.parse_args(argv)
    clock = time.process_time if args.cpu else time.perf_counter
    results: dict[str, Any] = {
        "python": sys.version.split()[0],
        "clock": "cpu" if args.cpu else "wall",
    }
    missed = []
    with tempfile.TemporaryDirectory() as scratch:
        for size in (int(s) for s in args.sizes.split(",")):
            figures = one_size(size, args.repeat, Path(scratch), clock)
            results[str(size)] = figures
            print(f"load + validate {size}", figures, flush=True)
            if size >= 100_000 and figures["load_validate_ratio"] > TARGET:
                missed.append(f"{size}: {figures['load_validate_ratio']}x")
    if args.json:
        args.json.write_text(json.dumps(results, indent=2) + "\n", encoding="utf-8")
    for line in missed:
        print(f"target missed: load + validate {line}", file=sys.stderr)
    return 1 if missed else 0


if __name__ == "__main__":
    sys.exit(main())
