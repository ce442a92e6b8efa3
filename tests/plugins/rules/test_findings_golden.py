"""The rules find exactly what they found before they were rewritten for speed.

Issue 15 rewrote the built-in rules to share one pass over the portfolio
and to build paths only for findings.  The findings of ``munintl.validate``
-- code, severity, path, message and their order -- on the benchmark data
and the Skanderborg example, as they are and in mutated copies
(:mod:`plugins.rules.mutations`: bad references, codes and dates, ids given twice,
forbidden characters, Markdown outside the subset, missing, stale and
unknown-language translations, ...), were recorded with the rules as they
were before (``findings_golden.json``) and must not change.

A deliberate change to a rule's findings means recording them again:

    MUNINTL_RECORD_GOLDEN=1 python -m pytest tests/plugins/rules/test_findings_golden.py
"""

from __future__ import annotations

import json
import os
import sys
from collections.abc import Callable, Iterator
from pathlib import Path
from types import ModuleType
from typing import NamedTuple

import pytest

import munintl
from munintl.model import Portfolio
from munintl.wire import fastjson
from munintl.wire.convert import structure, unstructure
from plugins.rules.mutations import mutate

ROOT = Path(__file__).resolve().parents[3]
GOLDEN = Path(__file__).with_name("findings_golden.json")


class Case(NamedTuple):
    """A recorded case: a base portfolio, mutated with ``seed`` at ``rate``.

    0 as the rate leaves the data as it is.
    """

    name: str
    base: str
    seed: int
    rate: float


CASES: tuple[Case, ...] = (
    Case("bench-300", "bench", 0, 0.0),
    Case("bench-300-seed-1", "bench", 1, 0.01),
    Case("bench-300-seed-2", "bench", 2, 0.02),
    Case("bench-300-seed-6", "bench", 6, 0.04),
    Case("bench-300-seed-7", "bench", 7, 0.03),
    Case("skanderborg", "skanderborg", 0, 0.0),
    Case("skanderborg-seed-4", "skanderborg", 4, 0.03),
    Case("skanderborg-seed-5", "skanderborg", 5, 0.08),
)


@pytest.fixture(scope="module")
def generate() -> Iterator[ModuleType]:
    sys.path.insert(0, str(ROOT / "bench"))
    try:
        import generate

        yield generate
    finally:
        sys.path.remove(str(ROOT / "bench"))


@pytest.fixture(scope="module")
def bases(generate: ModuleType) -> dict[str, Callable[[], Portfolio]]:
    cache: dict[str, Portfolio] = {}

    def bench() -> Portfolio:
        if "bench" not in cache:
            cache["bench"] = structure(generate.portfolio(300, seed=11), Portfolio)
        return cache["bench"]

    def skanderborg() -> Portfolio:
        if "skanderborg" not in cache:
            cache["skanderborg"] = munintl.load(ROOT / "examples" / "skanderborg")
        return cache["skanderborg"]

    return {"bench": bench, "skanderborg": skanderborg}


@pytest.fixture(params=CASES, ids=[case.name for case in CASES])
def case(request: pytest.FixtureRequest) -> Case:
    found: Case = request.param
    return found


def portfolio_of(
    case: Case, bases: dict[str, Callable[[], Portfolio]], *, readable: bool = False
) -> Portfolio:
    """The portfolio of ``case``; ``readable`` mutations survive a JSON round trip."""
    portfolio = bases[case.base]()
    if case.rate:
        portfolio = mutate(portfolio, case.seed, case.rate, readable=readable)
    return portfolio


def rows(portfolio: Portfolio) -> list[list[str]]:
    return [
        [f.code, f.severity, f.path, f.message] for f in munintl.validate(portfolio)
    ]


def test_findings_as_recorded(
    bases: dict[str, Callable[[], Portfolio]], case: Case
) -> None:
    found = rows(portfolio_of(case, bases))
    if os.environ.get("MUNINTL_RECORD_GOLDEN"):
        golden = json.loads(GOLDEN.read_text("utf-8")) if GOLDEN.exists() else {}
        golden[case.name] = found
        GOLDEN.write_text(
            json.dumps(golden, indent=1, ensure_ascii=True, sort_keys=True) + "\n",
            encoding="utf-8",
        )
    golden = json.loads(GOLDEN.read_text("utf-8"))
    assert found == golden[case.name]


def test_mutations_reach_every_kind_of_problem(
    bases: dict[str, Callable[[], Portfolio]],
) -> None:
    """The mutated copies give the findings the rewritten rules must keep."""
    golden = json.loads(GOLDEN.read_text("utf-8"))
    codes = {row[0] for rows in golden.values() for row in rows}
    for code in (
        "dangling-reference",
        "duplicate-id",
        "end-before-start",
        "forbidden-character",
        "markdown-subset",
        "missing-translation",
        "stale-translation",
        "unknown-language",
        "unknown-code",
        "unknown-currency",
        "unknown-country",
        "number-limits",
        "line-break",
        "url-not-linked",
    ):
        assert code in codes


@pytest.mark.skipif(not fastjson.available(), reason="msgspec is not installed")
def test_findings_of_a_copy_read_from_json_are_those_of_the_copy(
    bases: dict[str, Callable[[], Portfolio]], case: Case
) -> None:
    """A portfolio the fast decoder read, facts and all, is judged as built in Python."""
    portfolio = portfolio_of(case, bases, readable=True)
    read = fastjson.decode(fastjson.dumps(unstructure(portfolio)))
    assert read is not None, case.name
    assert fastjson.decoded(read) is not None
    assert read == portfolio
    assert rows(read) == rows(portfolio)
