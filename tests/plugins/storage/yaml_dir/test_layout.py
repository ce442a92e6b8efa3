"""How the YAML directory store lays out a portfolio as files, and back."""

from __future__ import annotations

from pathlib import Path

import attrs
import pytest

from munintl.errors import ValidationError
from munintl.plugins.storage.yaml_dir.store import YamlDirStore
from munintl.testing.samples import sample_portfolio
from plugins.storage.yaml_dir.helpers import (
    THEMES,
    UPDATES,
    findings,
    only,
    organisation,
    write,
)

# -- ids and theme files -----------------------------------------------------------


def test_id_key_in_a_file_is_reported(root: Path) -> None:
    write(root, "organisations/nordby.yaml", "id: nordby\n" + organisation())
    found = only(findings(root), "misplaced-key")
    assert found.path == "organisations[nordby].id"
    assert "comes from the file name" in found.message


def test_theme_file_not_listed_anywhere_is_reported(root: Path) -> None:
    write(root, f"{THEMES}/glemt.yaml", "title: {da: Glemt, en: Forgotten}\n")
    found = only(findings(root), "theme-not-listed")
    assert found.file == str(root / THEMES / "glemt.yaml")
    assert "is not listed in any themes list" in found.message


def test_listed_theme_without_a_file_is_reported_at_the_list_item(root: Path) -> None:
    strategy = root / "strategies/international-strategi/strategy.yaml"
    text = strategy.read_text(encoding="utf-8")
    write(
        root,
        "strategies/international-strategi/strategy.yaml",
        text.replace("  - aabenhed\n", "  - aabenhed\n  - mangler\n"),
    )
    found = findings(root)
    missing = only(found, "theme-missing")
    assert missing.path == "strategies[international-strategi].themes[2]"
    assert missing.line is not None
    # The theme file that list used to reach is now listed nowhere else.
    assert {f.code for f in found} == {"theme-missing"}


def test_theme_listed_twice_is_reported(root: Path) -> None:
    theme = (root / THEMES / "klima.yaml").read_text(encoding="utf-8")
    write(root, f"{THEMES}/klima.yaml", theme + "themes: [klima]\n")
    found = only(findings(root), "theme-listed-twice")
    assert found.path == "themes[klima].themes[0]"


def test_findings_in_themes_and_updates_use_the_portfolio_paths(root: Path) -> None:
    theme = (root / THEMES / "borgerservice.yaml").read_text(encoding="utf-8")
    write(
        root,
        f"{THEMES}/borgerservice.yaml",
        theme.replace("unit: exchanges", "unit: 3"),
    )
    update = f"{UPDATES}/initiative-samarbejdsprogram.yaml"
    write(root, update, "progress: on-track\nachievements: none\n")
    found = findings(root)
    update_path = "updates[initiative:samarbejdsprogram].achievements"
    assert {f.path: f.line for f in found} == {
        "themes[borgerservice].goals[0].indicators[0].unit": 24,
        f"followups[opfoelgning-2023].{update_path}": 2,
    }


def test_save_refuses_two_entities_with_one_id(tmp_path: Path) -> None:
    portfolio = sample_portfolio()
    twice = attrs.evolve(portfolio, bodies=(*portfolio.bodies, portfolio.bodies[0]))
    with pytest.raises(ValidationError) as caught:
        YamlDirStore(str(tmp_path / "store")).save(twice)
    assert (
        only(list(caught.value.findings), "duplicate-id").path == "bodies/byraadet.yaml"
    )
    assert not (tmp_path / "store").exists()
