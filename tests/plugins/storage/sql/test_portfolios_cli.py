"""``munintl portfolios``: what a database holds, and deleting one of them."""

from __future__ import annotations

import json
from pathlib import Path

from click.testing import CliRunner, Result

from munintl.cli import main
from munintl.storage import open_store
from munintl.testing.samples import sample_portfolio


def _run(*args: str) -> Result:
    return CliRunner().invoke(main, list(args))


def test_the_portfolios_are_listed_and_one_is_deleted(database: str) -> None:
    for key in ("aarhus", "odense"):
        open_store(f"{database}#{key}").save(sample_portfolio())
    listed = _run("portfolios", database, "--json")
    assert listed.exit_code == 0, listed.output
    rows = json.loads(listed.stdout)
    assert [(row["key"], row["revision"]) for row in rows] == [
        ("aarhus", "1"),
        ("odense", "1"),
    ]
    assert rows[0]["municipality"] == sample_portfolio().municipality.id
    table = _run("portfolios", database)
    assert table.stdout.splitlines()[1].split()[0] == "aarhus"
    deleted = _run("portfolios", database, "--delete", "odense")
    assert deleted.exit_code == 0, deleted.output
    assert "its revisions stay in the history" in deleted.stderr
    assert [
        row["key"] for row in json.loads(_run("portfolios", database, "--json").stdout)
    ] == ["aarhus"]
    history = _run("history", "--json", f"{database}#odense")
    assert json.loads(history.stdout)[-1]["deleted"] is True
    again = _run("portfolios", database, "--delete", "odense")
    assert again.exit_code == 1
    # Deleted: said so, with its last revision and the keys the database holds.
    assert "no portfolio is stored under 'odense'; it was deleted" in again.stderr
    assert "#odense@1" in again.stderr
    assert again.stderr.rstrip().endswith("it holds aarhus")


def test_a_store_of_one_portfolio_is_not_listed(example_path: Path) -> None:
    result = _run("portfolios", str(example_path))
    assert result.exit_code == 1
    assert "this store holds one portfolio" in result.stderr


def test_an_empty_or_missing_database_lists_nothing_and_makes_nothing(
    tmp_path: Path,
) -> None:
    result = _run("portfolios", f"sqlite:///{tmp_path / 'none.db'}", "--json")
    assert result.exit_code == 0
    assert json.loads(result.stdout) == []
    assert list(tmp_path.iterdir()) == []
