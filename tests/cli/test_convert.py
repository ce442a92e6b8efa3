"""``munintl convert``: any storage to any storage, nothing lost."""

from __future__ import annotations

import itertools
import shutil
from pathlib import Path

from click.testing import CliRunner

import munintl
from munintl.cli import main


def _convert(*args: str) -> tuple[int, str]:
    result = CliRunner().invoke(main, ["convert", *args])
    return result.exit_code, result.output


def test_round_trip_yaml_json_toml_yaml_is_equal(
    example_path: Path, tmp_path: Path
) -> None:
    original = munintl.load(example_path)
    chain = [
        str(example_path),
        str(tmp_path / "a.json"),
        str(tmp_path / "b.toml"),
        str(tmp_path / "c"),
        str(tmp_path / "d.json"),
    ]
    for source, target in itertools.pairwise(chain):
        code, output = _convert(source, target)
        assert code == 0, output
        assert munintl.load(target) == original, target
    assert (tmp_path / "a.json").read_bytes() == (tmp_path / "d.json").read_bytes()


def test_existing_target_needs_force(example_path: Path, tmp_path: Path) -> None:
    target = tmp_path / "p.json"
    assert _convert(str(example_path), str(target))[0] == 0
    before = target.read_bytes()
    code, output = _convert(str(example_path), str(target))
    assert code == 1
    assert "--force" in output
    assert target.read_bytes() == before
    assert _convert(str(example_path), str(target), "--force")[0] == 0


def test_invalid_source_writes_nothing(example_path: Path, tmp_path: Path) -> None:
    source = tmp_path / "broken"
    shutil.copytree(example_path, source)
    initiative = next((source / "initiatives").glob("*.yaml"))
    initiative.write_text(
        initiative.read_text("utf-8") + "\nresponsible: [no-such-body]\n",
        encoding="utf-8",
    )
    code, output = _convert(str(source), str(tmp_path / "out.json"))
    assert code == 1
    assert "nothing was written" in output
    assert f"{initiative}:" in output
    assert not (tmp_path / "out.json").exists()


def test_unreadable_source_is_reported_with_line(tmp_path: Path) -> None:
    source = tmp_path / "bad.json"
    source.write_text('{"municipality": }', encoding="utf-8")
    code, output = _convert(str(source), str(tmp_path / "out.toml"))
    assert code == 1
    assert f"{source}:1:" in output
    assert not (tmp_path / "out.toml").exists()


def test_unknown_target_suffix_is_a_usage_error_listing_the_backends(
    example_path: Path, tmp_path: Path
) -> None:
    code, output = _convert(str(example_path), str(tmp_path / "p.xml"))
    assert code == 2
    assert "no storage backend reads or writes .xml files; installed:" in output
    for backend in ("json (.json)", "toml (.toml)", "yaml (directory)"):
        assert backend in output
    assert not (tmp_path / "p.xml").exists()


def test_mistyped_target_suffix_gets_a_did_you_mean(
    example_path: Path, tmp_path: Path
) -> None:
    code, output = _convert(str(example_path), str(tmp_path / "p.tmol"))
    assert code == 2
    assert "did you mean '.toml'?" in output


def test_unknown_scheme_lists_what_storage_plugins_take(
    example_path: Path, tmp_path: Path
) -> None:
    code, output = _convert(str(example_path), "nosuchdb:///p.db")
    assert code == 2
    assert "no storage backend handles nosuchdb:// locations; installed:" in output
    assert "yaml (directory)" in output


def test_help_promises_only_what_is_installed() -> None:
    result = CliRunner().invoke(main, ["convert", "--help"])
    assert result.exit_code == 0
    text = " ".join(result.output.split())
    assert "database" not in text
    assert "a location a storage plugin takes (munintl plugins lists them)" in text


def test_invalid_source_ends_with_the_common_closing_line(
    example_path: Path, tmp_path: Path
) -> None:
    source = tmp_path / "broken"
    shutil.copytree(example_path, source)
    initiative = source / "initiatives" / "innourba.yaml"
    initiative.write_text(
        initiative.read_text("utf-8").replace("period:", "perod:", 1),
        encoding="utf-8",
    )
    code, output = _convert(str(source), str(tmp_path / "out.json"))
    assert code == 1
    assert output.splitlines()[-1] == (
        f"{source}: not valid (1 error, 0 warnings); nothing was written"
    )
