"""``munintl validate``: one JSON document for every outcome, one closing line."""

from __future__ import annotations

import json
import shutil
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner, Result

from munintl.cli import main

ROOT = Path(__file__).resolve().parents[2]
EXAMPLE = ROOT / "examples" / "skanderborg"
KEYS = {"location", "valid", "stage", "errors", "warnings", "findings", "error"}
FINDING_KEYS = {"code", "severity", "message", "path", "file", "line", "column"}


@pytest.fixture
def example_copy(tmp_path: Path) -> Path:
    target = tmp_path / "skanderborg"
    shutil.copytree(EXAMPLE, target)
    return target


def edit(path: Path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert old in text
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


def validate(*args: str | Path) -> Result:
    return CliRunner().invoke(main, ["validate", *map(str, args)])


def document(result: Result) -> dict[str, Any]:
    """The one JSON document on stdout, checked for the common schema."""
    data = json.loads(result.stdout)
    assert set(data) == KEYS
    for finding in data["findings"]:
        assert set(finding) == FINDING_KEYS
    assert data["errors"] == sum(f["severity"] == "error" for f in data["findings"])
    assert data["warnings"] == sum(f["severity"] == "warning" for f in data["findings"])
    return data


def test_json_of_a_valid_portfolio(example_path: Path) -> None:
    result = validate("--json", example_path)
    assert result.exit_code == 0, result.output
    data = document(result)
    assert data["location"] == str(example_path)
    assert (data["valid"], data["stage"], data["errors"], data["error"]) == (
        True,
        "rules",
        0,
        None,
    )
    assert result.stderr.splitlines()[-1].startswith(f"{example_path}: valid (0 errors")


def test_json_of_a_shape_error_is_on_stdout(example_copy: Path) -> None:
    target = example_copy / "initiatives" / "innourba.yaml"
    edit(target, "period:", "perod:")
    result = validate("--json", example_copy)
    assert result.exit_code == 1
    data = document(result)
    assert (data["valid"], data["stage"], data["error"]) == (False, "shape", None)
    [finding] = data["findings"]
    assert finding["code"] == "unknown-key"
    assert finding["file"] == str(target)
    assert finding["path"] == "initiatives[innourba].perod"
    assert isinstance(finding["line"], int)
    # stderr has only the closing line, not the findings again as text
    assert result.stderr.splitlines() == [
        f"{example_copy}: not valid (1 error, 0 warnings)"
    ]


def test_json_of_a_rule_error(example_copy: Path) -> None:
    edit(
        example_copy / "initiatives" / "innourba.yaml",
        "themes: [erhvervs-og-byudvikling]",
        "themes: [no-such-theme]",
    )
    result = validate("--json", example_copy)
    assert result.exit_code == 1
    data = document(result)
    assert (data["valid"], data["stage"]) == (False, "rules")
    assert "dangling-reference" in {f["code"] for f in data["findings"]}
    assert data["errors"] >= 1


def test_json_when_nothing_can_be_read(tmp_path: Path) -> None:
    result = validate("--json", tmp_path)
    assert result.exit_code == 1
    data = document(result)
    assert (data["valid"], data["stage"], data["findings"]) == (False, "load", [])
    assert data["error"] == f"{tmp_path}: no portfolio is stored here"
    assert result.stderr.splitlines() == [f"munintl: {data['error']}"]


def test_json_with_strict_turns_warnings_into_failure(example_copy: Path) -> None:
    # initiative-kind is an open list: an unknown kind is a warning
    edit(example_copy / "initiatives" / "innourba.yaml", "kind: project", "kind: camp")
    relaxed = validate("--json", example_copy)
    assert relaxed.exit_code == 0, relaxed.output
    assert document(relaxed)["valid"] is True
    assert document(relaxed)["warnings"] >= 1
    strict = validate("--json", "--strict", example_copy)
    assert strict.exit_code == 1
    data = document(strict)
    assert (data["valid"], data["errors"]) == (False, 0)
    assert "unknown-code" in {f["code"] for f in data["findings"]}


def test_shape_and_rule_errors_end_with_the_same_line(example_copy: Path) -> None:
    initiative = example_copy / "initiatives" / "innourba.yaml"
    edit(initiative, "themes: [erhvervs-og-byudvikling]", "themes: [no-such-theme]")
    rules = validate(example_copy)
    edit(initiative, "period:", "perod:")
    shape = validate(example_copy)
    for result, code in ((rules, "dangling-reference"), (shape, "unknown-key")):
        assert result.exit_code == 1
        *findings, last = result.stderr.splitlines()
        assert any(line.endswith(f"[{code}]") for line in findings)
        assert last.startswith(f"{example_copy}: not valid (1 error, ")
        assert "nothing was" not in result.stderr  # validate changes nothing
        assert result.stdout == ""


def test_closing_line_is_on_stderr_and_stdout_stays_empty(example_path: Path) -> None:
    result = validate(example_path)
    assert result.exit_code == 0
    assert result.stdout == ""
    assert result.stderr.splitlines()[-1].startswith(f"{example_path}: valid (")


def test_unknown_location_suffix_is_a_usage_error_with_a_hint(tmp_path: Path) -> None:
    source = tmp_path / "portfolio.jsn"
    source.write_text("{}", encoding="utf-8")
    result = validate(source)
    assert result.exit_code == 2
    assert "no storage backend reads or writes .jsn files" in result.stderr
    assert "did you mean '.json'?" in result.stderr
    for backend in ("json (.json)", "toml (.toml)", "yaml (directory)"):
        assert backend in result.stderr
