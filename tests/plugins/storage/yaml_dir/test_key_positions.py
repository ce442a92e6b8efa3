"""Findings about keys YAML reads as null, numbers or booleans point at the key."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from click.testing import CliRunner

from munintl.cli import main
from munintl.hooks.manager import MunintlPluginManager

ROOT = Path(__file__).resolve().parents[4]
EXAMPLE = ROOT / "examples" / "skanderborg"

BODY = """\
# A body whose texts have keys that are not language tags.
name:
  da: Byrådet
  {name_key}: Stadtrat
type: city-council
description:
  {description_key}: Skanderborg Kommunes byråd.
"""


@pytest.mark.parametrize(
    ("name_key", "description_key", "names"),
    [
        ("null", "12", ("None", "12")),
        ("~", "true", ("None", "True")),
        ("2011", "1.5", ("2011", "1.5")),
    ],
)
def test_a_key_that_is_not_text_is_reported_on_its_line(
    plugin_manager: MunintlPluginManager,
    tmp_path: Path,
    name_key: str,
    description_key: str,
    names: tuple[str, str],
) -> None:
    folder = tmp_path / "portfolio"
    shutil.copytree(EXAMPLE, folder)
    body = folder / "bodies" / "byraadet.yaml"
    body.write_text(
        BODY.format(name_key=name_key, description_key=description_key),
        encoding="utf-8",
    )
    result = CliRunner().invoke(main, ["validate", str(folder)])
    assert result.exit_code == 1, result.output
    lines = [line for line in result.stderr.splitlines() if "byraadet.yaml" in line]
    assert any(
        line.startswith(f"{body}:4:3: bodies[byraadet].name.{names[0]}:")
        for line in lines
    ), lines
    assert any(
        line.startswith(f"{body}:7:3: bodies[byraadet].description.{names[1]}:")
        for line in lines
    ), lines
