"""Files in a folder the layout does not have are reported, never silently skipped.

``initiatives/2011/x.yaml`` looks like an initiative to the person who put
it there, but the YAML store reads ``initiatives/<id>.yaml`` only; the
initiative would be missing from every report without a word.
"""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import pytest
from click.testing import CliRunner

import munintl
from munintl.cli import main
from munintl.errors import ValidationError

EXAMPLE = Path(__file__).parents[4] / "examples" / "skanderborg"
STRATEGY = "strategies/international-strategi"
FOLLOWUP = "followups/opfoelgning-2011"


@pytest.fixture
def store(tmp_path: Path) -> Path:
    target = tmp_path / "store"
    shutil.copytree(EXAMPLE, target)
    return target


@pytest.mark.parametrize(
    ("folder", "holds"),
    [
        ("initiatives/2011", "initiatives/<id>.yaml"),
        ("organisations/tyskland", "organisations/<id>.yaml"),
        (f"{STRATEGY}/old", "strategy.yaml and themes/<id>.yaml"),
        (f"{STRATEGY}/themes/archive", f"{STRATEGY}/themes/<id>.yaml"),
        (f"{FOLLOWUP}/updates/drafts", f"{FOLLOWUP}/updates/<id>.yaml"),
    ],
)
def test_a_file_in_a_sub_folder_is_an_error_naming_the_folder(
    store: Path, folder: str, holds: str
) -> None:
    (store / folder).mkdir()
    shutil.copy(store / "initiatives" / "innourba.yaml", store / folder / "old.yaml")
    with pytest.raises(ValidationError) as raised:
        munintl.load(str(store))
    [found] = [f for f in raised.value.findings if f.code == "misplaced-folder"]
    assert found.file == str(store / folder)
    assert f"munintl reads only {holds} here" in found.message
    result = CliRunner().invoke(main, ["validate", str(store)])
    assert result.exit_code == 1
    assert f"{store / folder}: munintl reads only" in result.stderr
    assert "Traceback" not in result.output


def test_an_empty_or_hidden_only_sub_folder_is_left_alone(store: Path) -> None:
    (store / "initiatives" / "empty").mkdir()
    hidden = store / "bodies" / "drafts"
    hidden.mkdir()
    (hidden / ".keep").write_text("", encoding="utf-8")
    assert munintl.load(str(store)).initiatives


def _only_finding(store: Path, code: str) -> munintl.Finding:
    with pytest.raises(ValidationError) as raised:
        munintl.load(str(store))
    [found] = [f for f in raised.value.findings if f.code == code]
    result = CliRunner().invoke(main, ["validate", str(store)])
    assert result.exit_code == 1
    assert f"{found.file}: {found.message}" in result.stderr
    assert "Traceback" not in result.output
    return found


@pytest.mark.parametrize(
    "relpath",
    [
        "municipality.yaml",
        "initiatives/innourba.yaml",
        f"{STRATEGY}/themes/borgerservice.yaml",
        f"{FOLLOWUP}/followup.yaml",
    ],
)
def test_a_folder_where_a_file_belongs_is_an_error_at_the_folder(
    store: Path, relpath: str
) -> None:
    (store / relpath).unlink()
    (store / relpath).mkdir()
    (store / relpath / "inside.yaml").write_text("x: 1\n", encoding="utf-8")
    found = _only_finding(store, "not-a-file")
    assert found.file == str(store / relpath)
    name = relpath.rpartition("/")[2]
    assert f"munintl reads {name} as a YAML file" in found.message


@pytest.mark.parametrize(
    "relpath", ["bodies", "initiatives", f"{STRATEGY}/themes", f"{FOLLOWUP}/updates"]
)
def test_a_file_where_a_collection_belongs_is_an_error_at_the_file(
    store: Path, relpath: str
) -> None:
    shutil.rmtree(store / relpath)
    (store / relpath).write_text("id: x\n", encoding="utf-8")
    found = _only_finding(store, "not-a-folder")
    assert found.file == str(store / relpath)
    name = relpath.rpartition("/")[2]
    assert f"munintl reads {name}/ as a folder" in found.message


def test_an_unreadable_collection_is_reported_at_its_folder(
    store: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """As root, chmod 000 does not stop reading: the refusal is simulated."""
    real = os.scandir
    unreadable = store / "initiatives"

    def scandir(path: object) -> object:
        if Path(os.fsdecode(path)) == unreadable:  # type: ignore[arg-type]
            raise PermissionError(13, "Permission denied", str(path))
        return real(path)  # type: ignore[arg-type]

    monkeypatch.setattr(os, "scandir", scandir)
    found = _only_finding(store, "unreadable-folder")
    assert found.file == str(unreadable)
    assert "cannot be read (Permission denied)" in found.message


@pytest.mark.skipif(
    not hasattr(os, "geteuid") or os.geteuid() == 0,
    reason="root reads a folder whatever its mode; the simulated test covers it",
)
def test_a_folder_without_read_permission_is_reported_at_the_folder(
    store: Path,
) -> None:
    folder = store / "initiatives"
    folder.chmod(0)
    try:
        found = _only_finding(store, "unreadable-folder")
    finally:
        folder.chmod(0o755)
    assert found.file == str(folder)


@pytest.mark.parametrize("key", ["", "null", "1", "true", "~"])
def test_a_top_level_key_yaml_reads_as_no_text_is_an_unknown_key(
    store: Path, key: str
) -> None:
    """``:`` alone, or ``1: x``, at the top of a file (found by ``nox -s fuzz``)."""
    (store / "initiatives" / "innourba.yaml").write_text(
        f"{key}: x\n", encoding="utf-8"
    )
    with pytest.raises(ValidationError) as raised:
        munintl.load(str(store))
    [found] = [f for f in raised.value.findings if f.code == "unknown-key"]
    assert (found.file, found.line) == (str(store / "initiatives/innourba.yaml"), 1)
    result = CliRunner().invoke(main, ["validate", str(store)])
    assert result.exit_code == 1
    assert f"{found.file}:1:1: " in result.stderr
    assert "Traceback" not in result.output
