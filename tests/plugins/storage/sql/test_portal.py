"""A SQLite portal database served by datasette with munintl's metadata."""

from __future__ import annotations

import asyncio
import json
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner

from munintl.cli import main


def _portal(example_path: Path, tmp_path: Path) -> tuple[Path, Path]:
    database = tmp_path / "portal.db"
    runner = CliRunner()
    result = runner.invoke(
        main, ["convert", str(example_path), f"sqlite:///{database}"]
    )
    assert result.exit_code == 0, result.output
    metadata = tmp_path / "metadata.json"
    result = runner.invoke(
        main,
        [
            "portal",
            "metadata",
            f"sqlite:///{database}",
            "-o",
            str(metadata),
            "--licence",
            "CC-BY-4.0",
            "--licence-url",
            "https://creativecommons.org/licenses/by/4.0/",
        ],
    )
    assert result.exit_code == 0, result.output
    return database, metadata


def test_metadata_describes_every_table_and_view(
    example_path: Path, tmp_path: Path
) -> None:
    import sqlite3

    database, path = _portal(example_path, tmp_path)
    metadata = json.loads(path.read_text(encoding="utf-8"))
    assert metadata["license"] == "CC-BY-4.0"
    assert "Skanderborg" in metadata["description"]
    described = set(metadata["databases"]["portal"]["tables"])
    with sqlite3.connect(database) as connection:
        names = {
            name
            for (name,) in connection.execute(
                "SELECT name FROM sqlite_master WHERE type IN ('table', 'view')"
            )
        }
    assert names == described


def test_datasette_serves_the_views(example_path: Path, tmp_path: Path) -> None:
    datasette_app = pytest.importorskip(
        "datasette.app", reason="datasette is not installed (the test group has it)"
    )
    database, path = _portal(example_path, tmp_path)
    metadata = json.loads(path.read_text(encoding="utf-8"))

    async def fetch() -> tuple[Any, Any, str]:
        served = datasette_app.Datasette([str(database)], metadata=metadata)
        rows = await served.client.get("/portal/initiative_list.json?_shape=objects")
        home = await served.client.get("/.json")
        page = await served.client.get("/portal/partnership_list")
        return rows.json(), home.json(), page.text

    rows, home, page = asyncio.run(fetch())
    ids = {row["id"] for row in rows["rows"]}
    assert "active-travel-network" in ids
    assert all(row["municipality"] == "Skanderborg Kommune" for row in rows["rows"])
    assert "portal" in home
    assert "Partnerships" in page  # the view's title from the metadata
    assert "CC-BY-4.0" in page


def test_metadata_is_never_written_over_the_database(
    example_path: Path, tmp_path: Path
) -> None:
    database, _metadata = _portal(example_path, tmp_path)
    before = database.read_bytes()
    link = tmp_path / "link.db"
    link.symlink_to(database)
    for output in (
        database,
        tmp_path / "." / "portal.db",
        link,
        tmp_path / "portal.db-journal",
    ):
        result = CliRunner().invoke(
            main, ["portal", "metadata", f"sqlite:///{database}", "-o", str(output)]
        )
        assert result.exit_code == 1, result.output
        assert "is the database itself" in result.output
    assert database.read_bytes() == before
    assert not (tmp_path / "portal.db-journal").exists()


def test_metadata_of_a_file_that_is_no_database_is_one_message(
    tmp_path: Path,
) -> None:
    text = tmp_path / "x.db"
    text.write_text("not a database\n", encoding="utf-8")
    result = CliRunner().invoke(main, ["portal", "metadata", f"sqlite:///{text}"])
    assert result.exit_code == 1, result.output
    assert "not a SQLite database" in result.output
    assert "Traceback" not in result.output


def test_metadata_to_a_dash_goes_to_standard_output(
    example_path: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    database, metadata = _portal(example_path, tmp_path)
    monkeypatch.chdir(tmp_path)
    result = CliRunner().invoke(
        main, ["portal", "metadata", f"sqlite:///{database}", "-o", "-"]
    )
    assert result.exit_code == 0, result.output
    assert (
        json.loads(result.stdout)["databases"]
        == json.loads(metadata.read_text(encoding="utf-8"))["databases"]
    )
    assert not (tmp_path / "-").exists()
