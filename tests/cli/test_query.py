"""``munintl query``: the same answer from a database and from the example's files."""

from __future__ import annotations

import json
from pathlib import Path

from click.testing import CliRunner

from munintl.cli import main


def _run(*args: str) -> tuple[int, str]:
    result = CliRunner().invoke(main, list(args))
    return result.exit_code, result.output


def test_query_a_database_and_the_files_alike(
    example_path: Path, tmp_path: Path
) -> None:
    database = f"sqlite:///{tmp_path / 'portal.db'}"
    assert _run("convert", str(example_path), database)[0] == 0
    for what, options in (
        ("initiatives", ["--active-in", "2011"]),
        ("partnerships", ["--country", "DE"]),
        ("partnerships", ["--active-in", "2011", "--kind", "twinning"]),
    ):
        code, from_files = _run("query", str(example_path), what, *options, "--json")
        assert code == 0, from_files
        code, from_database = _run("query", database, what, *options, "--json")
        assert code == 0, from_database
        files, rows = json.loads(from_files), json.loads(from_database)
        assert [hit["id"] for hit in files] == [hit["id"] for hit in rows]
        assert rows, (what, options)  # the example has some of each
    code, table = _run("query", database, "initiatives", "--active-in", "2011")
    assert code == 0
    header, *lines = table.splitlines()
    assert header.split() == ["portfolio", "id", "kind", "status", "title"]
    assert len(lines) == len(
        rows_2011 := json.loads(
            _run("query", database, "initiatives", "--active-in", "2011", "--json")[1]
        )
    )
    assert all(
        line.split()[1] == hit["id"] for line, hit in zip(lines, rows_2011, strict=True)
    )
    code, names = _run("query", database, "partnerships", "--municipalities")
    assert code == 0
    assert names.split() == ["skanderborg"]


def test_query_options_for_the_other_kind_are_usage_errors(tmp_path: Path) -> None:
    database = f"sqlite:///{tmp_path / 'portal.db'}"
    code, output = _run("query", database, "partnerships", "--theme", "climate")
    assert code == 2
    assert "--theme is for initiatives" in output
    code, output = _run("query", database, "initiatives", "--one-sided")
    assert code == 2
    assert not (tmp_path / "portal.db").exists()
