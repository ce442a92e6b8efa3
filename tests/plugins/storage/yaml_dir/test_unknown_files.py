"""Files and folders the YAML store does not read are warned of, with a did-you-mean.

A folder ``initiative/`` beside ``initiatives/`` or a ``municipality-copy.yaml``
would otherwise be skipped without a word, and what it holds would be in no
report.
"""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from click.testing import CliRunner

import munintl
from munintl.cli import main
from munintl.errors import ValidationError
from munintl.storage import open_store

EXAMPLE = Path(__file__).parents[4] / "examples" / "skanderborg"


@pytest.fixture
def store(tmp_path: Path) -> Path:
    target = tmp_path / "store"
    shutil.copytree(EXAMPLE, target)
    return target


def _warnings(store: Path) -> dict[str, str]:
    opened = open_store(str(store))
    opened.load()
    warnings = getattr(opened, "load_warnings", ())
    assert all(w.severity == "warning" for w in warnings)
    return {str(w.file): w.message for w in warnings if w.code == "unknown-file"}


def test_the_example_has_no_unknown_files() -> None:
    assert _warnings(EXAMPLE) == {}


@pytest.mark.parametrize(
    ("make", "relpath", "hint"),
    [
        ("folder", "initiative", "did you mean 'initiatives'?"),
        ("folder", "partnership", "did you mean 'partnerships'?"),
        ("file", "municipality-copy.yaml", "did you mean 'municipality.yaml'?"),
        ("file", "initiatives/innourba.yaml.bak", "did you mean 'innourba.yaml'?"),
    ],
)
def test_an_unknown_file_or_folder_is_a_warning_at_its_path(
    store: Path, make: str, relpath: str, hint: str
) -> None:
    target = store / relpath
    if make == "folder":
        target.mkdir()
        shutil.copy(store / "initiatives" / "innourba.yaml", target / "x.yaml")
    else:
        shutil.copy(store / "municipality.yaml", target)
    warnings = _warnings(store)
    assert list(warnings) == [str(target)]
    assert "munintl does not read" in warnings[str(target)]
    assert hint in warnings[str(target)]
    result = CliRunner().invoke(main, ["validate", str(store)])
    assert result.exit_code == 0, result.output
    assert f"{target}: warning: munintl does not read" in result.stderr
    assert hint in result.stderr
    strict = CliRunner().invoke(main, ["validate", "--strict", str(store)])
    assert strict.exit_code == 1
    shown = CliRunner().invoke(main, ["show", str(store)])
    assert f"{target}: warning: munintl does not read" in shown.stderr


def test_folders_with_other_content_and_side_files_are_left_alone(
    store: Path,
) -> None:
    (store / "docs").mkdir()
    (store / "docs" / "conf.py").write_text("project = 'x'\n")
    (store / "notes.txt").write_text("minutes\n")
    (store / ".git").mkdir()
    (store / ".git" / "x.yaml").write_text("a: 1\n")
    assert _warnings(store) == {}


def test_warnings_come_with_the_errors_when_a_load_fails(store: Path) -> None:
    (store / "initiativs").mkdir()
    (store / "initiativs" / "x.yaml").write_text("title: x\n")
    (store / "initiatives" / "innourba.yaml").write_text("title: [\n")
    with pytest.raises(ValidationError) as raised:
        munintl.load(str(store))
    codes = {(f.code, f.severity) for f in raised.value.findings}
    assert ("unknown-file", "warning") in codes
    assert any(severity == "error" for _, severity in codes)
