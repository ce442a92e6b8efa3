"""Helpers for the YAML directory store tests: writing files, catching findings."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import attrs
import pytest

from munintl.errors import Finding, ValidationError
from munintl.model import Portfolio
from munintl.plugins.storage.yaml_dir import YamlDirSettings
from munintl.plugins.storage.yaml_dir.store import YamlDirStore

INITIATIVE = "initiatives/medarbejderudveksling.yaml"
THEMES = "strategies/international-strategi/themes"
UPDATES = "followups/opfoelgning-2023/updates"


def write(root: Path, relpath: str, text: str) -> None:
    path = root / relpath
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8", newline="\n")


def findings(root: Path, settings: YamlDirSettings | None = None) -> list[Finding]:
    with pytest.raises(ValidationError) as caught:
        YamlDirStore(str(root), settings).load()
    return list(caught.value.findings)


def only(found: list[Finding], code: str) -> Finding:
    matching = [f for f in found if f.code == code]
    assert len(matching) == 1, found
    return matching[0]


def snapshot(root: Path) -> dict[str, tuple[bytes, int]]:
    return {
        p.relative_to(root).as_posix(): (p.read_bytes(), p.stat().st_mtime_ns)
        for p in sorted(root.rglob("*"))
        if p.is_file()
    }


def organisation(name: str = "Nordby", extra: str = "") -> str:
    return f"name:\n  da: {name}\n  en: {name}\ntype: municipality\n{extra}"


def replace_initiative(portfolio: Portfolio, **changes: Any) -> Portfolio:
    initiatives = tuple(
        attrs.evolve(i, **changes) if i.id == "medarbejderudveksling" else i
        for i in portfolio.initiatives
    )
    return attrs.evolve(portfolio, initiatives=initiatives)
