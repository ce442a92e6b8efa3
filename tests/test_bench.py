"""The benchmark data generator makes valid, repeatable portfolios."""

from __future__ import annotations

import sys
from collections.abc import Iterator
from pathlib import Path
from types import ModuleType

import pytest

import munintl
from munintl.model import Portfolio
from munintl.validation import errors_only
from munintl.wire.convert import structure

BENCH = Path(__file__).resolve().parents[1] / "bench"


@pytest.fixture(scope="module")
def bench() -> Iterator[tuple[ModuleType, ModuleType]]:
    sys.path.insert(0, str(BENCH))
    try:
        import generate
        import run

        yield generate, run
    finally:
        sys.path.remove(str(BENCH))


def test_generated_portfolio_is_valid(bench: tuple[ModuleType, ModuleType]) -> None:
    generate, _run = bench
    portfolio = structure(generate.portfolio(120, seed=7), Portfolio)
    assert len(portfolio.initiatives) == 120
    assert errors_only(munintl.validate(portfolio)) == []


def test_generation_is_repeatable(bench: tuple[ModuleType, ModuleType]) -> None:
    generate, _run = bench
    assert generate.dumps(generate.portfolio(30, seed=1)) == generate.dumps(
        generate.portfolio(30, seed=1)
    )
    assert generate.dumps(generate.portfolio(30, seed=1)) != generate.dumps(
        generate.portfolio(30, seed=2)
    )


def test_national_data_set_has_one_municipality_per_portfolio(
    bench: tuple[ModuleType, ModuleType],
) -> None:
    generate, _run = bench
    ids = [data["municipality"]["id"] for data in generate.national(3, 10)]
    assert ids == ["municipality-000", "municipality-001", "municipality-002"]


def test_national_municipalities_are_each_others_partners(
    bench: tuple[ModuleType, ModuleType],
) -> None:
    from munintl.query import (
        PartnershipQuery,
        compare_links,
        compare_pair,
        evaluate,
        evaluate_links,
    )

    generate, _run = bench
    portfolios = {
        data["municipality"]["id"]: structure(data, Portfolio)
        for data in generate.national(12, 10)
    }
    for portfolio in portfolios.values():
        assert not [f for f in munintl.validate(portfolio) if f.severity == "error"]
    one_sided = evaluate(PartnershipQuery(one_sided=True), portfolios)
    # The 0th and 10th record the 5th and the 15th (the 3rd), by id and by
    # name; neither records back.
    assert [(hit.portfolio, hit.partners) for hit in one_sided] == [
        ("municipality-000", ("municipality-005",)),
        ("municipality-010", ("partner-municipality-003",)),
    ]
    found = compare_pair(portfolios)
    assert {f.code for f in found} == {"recorded-by-one-side", "dates-differ"}
    # From the links, each portfolio is read about once (a few kept at a time).
    loads: list[str] = []

    def load(key: str) -> Portfolio:
        loads.append(key)
        return portfolios[key]

    assert compare_links(evaluate_links(portfolios), load) == found
    assert len(loads) <= len(portfolios) + 1


def test_generator_writes_files(
    bench: tuple[ModuleType, ModuleType], tmp_path: Path
) -> None:
    generate, _run = bench
    assert generate.main(["--initiatives", "5", "-o", str(tmp_path / "one.json")]) == 0
    assert munintl.load(tmp_path / "one.json").initiatives
    assert (
        generate.main(
            ["--portfolios", "2", "--initiatives", "5", "-o", str(tmp_path / "n")]
        )
        == 0
    )
    assert len(list((tmp_path / "n").glob("*.json"))) == 2


def test_runner_finds_every_benchmark(bench: tuple[ModuleType, ModuleType]) -> None:
    _generate, run = bench
    assert [p.name for p in run.discover([])] == sorted(
        p.name for p in BENCH.glob("bench_*.py")
    )
    assert [p.name for p in run.discover(["load"])] == ["bench_load.py"]
    with pytest.raises(SystemExit, match="no benchmark called nope"):
        run.discover(["nope"])
