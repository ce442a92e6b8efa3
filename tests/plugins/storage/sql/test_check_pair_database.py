"""``munintl check-pair DATABASE``: every pair of a database's portfolios, found with SQL."""

from __future__ import annotations

import json
from pathlib import Path

import attrs
import pytest
from click.testing import CliRunner
from sqlalchemy.engine import make_url

import munintl
from munintl.cli import main
from munintl.query import compare_pair
from munintl.storage import open_store, shown
from plugins.storage.sql.test_match_keys import portal


def _check(*args: str) -> tuple[int, str, str]:
    result = CliRunner().invoke(main, ["check-pair", *args])
    return result.exit_code, result.stdout, result.stderr


@pytest.fixture
def held(database: str) -> str:
    """The database with the four portfolios of :func:`portal` in it."""
    for key, portfolio in portal().items():
        open_store(f"{database}#{key}").save(portfolio)
    return database


def test_every_pair_in_the_database_is_compared(database: str, held: str) -> None:
    code, _out, err = _check(held)
    lines = err.splitlines()
    assert code == 1
    held = shown(held)  # a password in the URL is masked
    assert lines == [
        f"{held}#aarhus: partnerships[aarhus-kiel-de]: warning: Aarhus Kommune"
        " records this partnership from 1964, Kiel from 1967; check which is"
        f" right (compared with {held}#kiel) [dates-differ]",
        f"{held}#lund: partnerships[lund-kommun-odense]: warning: Odense records"
        " no partnership with Lund; this one is recorded by Lund only (compared"
        f" with {held}#odense) [recorded-by-one-side]",
        "2 difference(s) between 4 portfolios",
    ]
    # The same findings as comparing the four portfolios read one by one.
    _code, out, _err = _check("--json", database)
    found = json.loads(out)
    expected = compare_pair(portal())
    assert [(f["portfolio"], f["other"], f["code"], f["path"]) for f in found] == [
        (f.portfolio, f.other, f.code, f.path) for f in expected
    ]
    password = make_url(database).password
    assert not password or password not in out + err
    assert [f["file"] for f in found] == [f"{held}#aarhus", f"{held}#lund"]
    assert [f["other_location"] for f in found] == [f"{held}#kiel", f"{held}#odense"]


def test_a_key_keeps_the_pairs_of_that_portfolio(held: str) -> None:
    _code, out, _err = _check("--json", f"{held}#odense")
    assert [(f["portfolio"], f["code"]) for f in json.loads(out)] == [
        ("lund", "recorded-by-one-side")
    ]
    _code, out, _err = _check("--json", f"{held}#kiel")
    assert [(f["portfolio"], f["code"]) for f in json.loads(out)] == [
        ("aarhus", "dates-differ")
    ]
    # Before Kiel's record begins, only Aarhus's is in force: nothing to compare.
    code, out, err = _check("--json", "--on", "1965-01-01", f"{held}#kiel")
    assert (code, json.loads(out)) == (0, [])
    assert "0 difference(s) between 4 portfolios" in err


def test_agreeing_portfolios_exit_0(database: str) -> None:
    held = portal()
    held["kiel"] = attrs.evolve(
        held["kiel"],
        partnerships=tuple(
            attrs.evolve(p, events=held["aarhus"].partnerships[0].events)
            for p in held["kiel"].partnerships
        ),
    )
    del held["lund"]
    for key, portfolio in held.items():
        open_store(f"{database}#{key}").save(portfolio)
    code, _out, err = _check(database)
    assert (code, err) == (0, "0 difference(s) between 3 portfolios\n")


def test_one_portfolio_or_an_empty_database_is_refused(
    database: str, tmp_path: Path
) -> None:
    munintl.save(portal()["aarhus"], tmp_path / "aarhus", check=False)
    code, _out, err = _check(str(tmp_path / "aarhus"))
    assert code == 1
    assert "is one portfolio: give at least two portfolios to compare" in err
    code, _out, err = _check(database)
    assert code == 1
    assert "no portfolio is stored here" in err
