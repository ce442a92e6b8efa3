"""How the YAML directory store lays out a portfolio as files, and back."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import attrs
import pytest
from hypothesis import given, settings

from munintl.errors import Finding, ValidationError
from munintl.model import Portfolio
from munintl.plugins.storage.yaml_dir import layout
from munintl.plugins.storage.yaml_dir.store import YamlDirStore
from munintl.testing.samples import sample_portfolio
from munintl.testing.strategies import BIG, portfolios
from munintl.wire.paths import COLLECTIONS
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


# -- the layout without a disk ------------------------------------------------------


@pytest.mark.parametrize(
    ("relpath", "kind", "head", "id", "owner"),
    [
        ("municipality.yaml", "municipality", "municipality", "", ""),
        ("bodies/byraadet.yaml", "bodies", "bodies[byraadet]", "byraadet", ""),
        ("partnerships/2011.yaml", "partnerships", "partnerships[2011]", "2011", ""),
        ("strategies/s/strategy.yaml", "strategy", "strategies[s]", "s", ""),
        ("strategies/s/themes/klima.yaml", "theme", "themes[klima]", "klima", "s"),
        ("followups/f/followup.yaml", "followup", "followups[f]", "f", ""),
        (
            "followups/f/updates/initiative-a-b.yaml",
            "update",
            "followups[f].updates[initiative:a-b]",
            "initiative:a-b",
            "f",
        ),
    ],
)
def test_classify_says_what_a_file_holds_and_its_portfolio_path(
    relpath: str, kind: str, head: str, id: str, owner: str
) -> None:
    assert layout.classify(relpath) == layout.File(relpath, kind, head, id, owner)
    assert layout.is_owned(relpath)


@pytest.mark.parametrize(
    "relpath",
    [
        "README.md",
        "munintl.toml",
        "municipality.yml",
        "bodies/Nord By.yaml",
        "bodies/sub/x.yaml",
        "widgets/x.yaml",
        "strategies/s/notes.md",
        "strategies/s/themes/a/b.yaml",
        "followups/f/updates/project-x.yaml",
        "followups/f/updates/initiative-.yaml",
        "../municipality.yaml",
        "/municipality.yaml",
        "bodies/.x.yaml.munintl-new",
    ],
)
def test_files_outside_the_layout_are_neither_classified_nor_owned(
    relpath: str,
) -> None:
    assert layout.classify(relpath) is None
    assert not layout.is_owned(relpath)


@pytest.mark.parametrize(
    ("relpath", "message"),
    [
        ("bodies/Nord By.yaml", "'Nord By' is not a valid id"),
        ("strategies/Ny/strategy.yaml", "'Ny' is not a valid id"),
        ("followups/f/updates/project-x.yaml", "not 'project-x.yaml'"),
        ("followups/f/updates/goal-X.yaml", "'X' is not a valid id"),
        ("widgets/x.yaml", "widgets/x.yaml is not part of the store's layout"),
    ],
)
def test_name_problem_says_what_is_wrong_with_a_file_name(
    relpath: str, message: str
) -> None:
    assert message in layout.name_problem(relpath)


def read_back(files: dict[str, tuple[layout.File, layout.Decoded, Any]]) -> Portfolio:
    """Decode and assemble what render gave, as a load of those files would."""
    found: list[Finding] = []
    decoded = {}
    for relpath, (file, _decoded, data) in files.items():
        result = layout.decode("store", file, data, found)
        assert result is not None, found
        decoded[relpath] = result
    trees = {relpath: data for relpath, (_f, _d, data) in files.items()}
    portfolio = layout.assemble(
        "store", [f for f, _d, _data in files.values()], decoded, trees, found
    )
    assert found == []
    assert portfolio is not None
    return portfolio


def test_render_gives_one_file_per_entity_theme_and_update() -> None:
    portfolio = sample_portfolio()
    files = layout.render(portfolio)
    themes = sum(len(list(s.all_themes())) for s in portfolio.strategies)
    updates = sum(len(f.updates) for f in portfolio.followups)
    entities = sum(len(getattr(portfolio, c)) for c in COLLECTIONS)
    assert len(files) == 1 + entities + themes + updates
    assert all(
        layout.classify(relpath) == file for relpath, (file, _, _) in files.items()
    )
    # The id is the file name, never a key in the file (but the municipality's).
    with_id = [relpath for relpath, (_f, _d, data) in files.items() if "id" in data]
    assert with_id == ["municipality.yaml"]


@settings(BIG, max_examples=15)
@given(portfolios())
def test_render_then_decode_and_assemble_gives_the_portfolio_back(
    portfolio: Portfolio,
) -> None:
    assert read_back(layout.render(portfolio)) == portfolio
