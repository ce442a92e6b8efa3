"""``munintl convert`` between files and databases, both ways, nothing lost."""

from __future__ import annotations

import itertools
from pathlib import Path

from click.testing import CliRunner

import munintl
from munintl.cli import main


def _convert(source: str, target: str) -> None:
    result = CliRunner().invoke(main, ["convert", source, target])
    assert result.exit_code == 0, result.output


def test_yaml_to_sqlite_to_postgresql_to_json_and_back(
    example_path: Path, tmp_path: Path, sqlite_database: str, postgresql_database: str
) -> None:
    original = munintl.load(example_path)
    key = original.municipality.id
    there = [
        str(example_path),
        f"{sqlite_database}#{key}",
        f"{postgresql_database}#{key}",
        str(tmp_path / "there.json"),
    ]
    for source, target in itertools.pairwise(there):
        _convert(source, target)
        assert munintl.load(target) == original, target
    back = [
        str(tmp_path / "there.json"),
        f"{postgresql_database}#copy",
        f"{sqlite_database}#copy",
        str(tmp_path / "back"),
    ]
    for source, target in itertools.pairwise(back):
        _convert(source, target)
        assert munintl.load(target) == original, target
    _convert(str(tmp_path / "back"), str(tmp_path / "back.json"))
    assert (tmp_path / "back.json").read_bytes() == (
        tmp_path / "there.json"
    ).read_bytes()


def test_convert_into_a_database_without_a_key_uses_the_municipality(
    example_path: Path, sqlite_database: str
) -> None:
    _convert(str(example_path), sqlite_database)
    key = munintl.load(example_path).municipality.id
    assert munintl.load(f"{sqlite_database}#{key}") == munintl.load(example_path)
