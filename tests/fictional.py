"""Check that a made-up portfolio says it is made up, everywhere.

The FICTIONAL examples and trial stores must never read as facts about a
real municipality: every file says so on its first line, every entity is
illustrative, and the municipality, its bodies and partners each name a
source that says the data are fictional.
"""

from __future__ import annotations

from pathlib import Path

import attrs

from munintl.model import Entity, Portfolio


def entities(value: object) -> list[Entity]:
    """Every entity in ``value``, however deep."""
    found: list[Entity] = []
    if isinstance(value, Entity):
        found.append(value)
    if attrs.has(type(value)):
        for field in attrs.fields(type(value)):
            found += entities(getattr(value, field.name))
    elif isinstance(value, tuple):
        for item in value:
            found += entities(item)
    return found


def check_fictional(folder: Path, portfolio: Portfolio) -> list[Entity]:
    """Assert the store in ``folder`` says it is FICTIONAL; return its entities."""
    for path in folder.rglob("*.yaml"):
        assert "FICTIONAL" in path.read_text("utf-8").splitlines()[0], path
    found = entities(portfolio)
    for entity in found:
        assert entity.illustrative, entity
    tops = [portfolio.municipality, *portfolio.bodies, *portfolio.organisations]
    for entity in tops:
        assert any("FICTIONAL" in source.title for source in entity.sources), entity
    return found
