"""The YAML directory store's settings: checked, and shaping what a save writes."""

from __future__ import annotations

from pathlib import Path

import pytest

from munintl.plugins.storage.yaml_dir import YamlDirSettings
from munintl.plugins.storage.yaml_dir.store import YamlDirStore
from munintl.testing.samples import sample_portfolio


@pytest.mark.parametrize(
    "bad", [{"width": 10}, {"indent": 1}, {"indent": 9}, {"max_file_size": 0}]
)
def test_settings_refuse_values_that_make_no_sense(bad: dict[str, int]) -> None:
    with pytest.raises(ValueError, match=next(iter(bad))):
        YamlDirSettings(**bad)


def test_settings_shape_the_files_a_save_writes(tmp_path: Path) -> None:
    settings = YamlDirSettings(indent=4, width=40)
    YamlDirStore(str(tmp_path), settings).save(sample_portfolio())
    text = (tmp_path / "initiatives/samarbejdsprogram.yaml").read_text(encoding="utf-8")
    assert "\ntitle:\n    da: Nordisk samarbejdsprogram\n" in "\n" + text
    assert (
        "\nparticipations:\n    - organisation: egeby\n      role: accountable\n"
        in text
    )
    # Long values wrap at the width, with no space left at the end of a line.
    assert "\n          da: 9 andre europæiske\n              kommuner\n" in text
    assert " \n" not in text
    assert YamlDirStore(str(tmp_path)).load() == sample_portfolio()
