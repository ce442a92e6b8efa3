"""Files in a folder the layout does not have are reported, never silently skipped.

``initiatives/2011/x.yaml`` looks like an initiative to the person who put
it there, but the YAML store reads ``initiatives/<id>.yaml`` only; the
initiative would be missing from every report without a word.
"""

from __future__ import annotations

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
