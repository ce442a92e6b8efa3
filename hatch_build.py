"""Compile the gettext catalogs (``.po`` → ``.mo``) into the wheel.

The ``.po`` files under ``src/munintl/locale`` are the sources kept in git;
the compiled ``.mo`` files are build products, written next to them and
shipped in the wheel.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from hatchling.builders.hooks.plugin.interface import BuildHookInterface


def compile_catalogs(root: Path) -> list[Path]:
    """Compile each catalog (``locale/*/LC_MESSAGES/*.po``) under ``root`` to .mo."""
    from babel.messages.mofile import write_mo
    from babel.messages.pofile import read_po

    written = []
    for po_path in sorted(root.glob("src/munintl/locale/*/LC_MESSAGES/*.po")):
        with po_path.open("rb") as handle:
            catalog = read_po(handle, locale=po_path.parent.parent.name)
        mo_path = po_path.with_suffix(".mo")
        with mo_path.open("wb") as handle:
            write_mo(handle, catalog, use_fuzzy=False)
        written.append(mo_path)
    return written


class CatalogBuildHook(BuildHookInterface):  # type: ignore[type-arg]
    """Hatch build hook that compiles the message catalogs before packaging."""

    PLUGIN_NAME = "custom"

    def initialize(self, version: str, build_data: dict[str, Any]) -> None:
        """Compile catalogs and force-include the ``.mo`` files."""
        root = Path(self.root)
        for mo_path in compile_catalogs(root):
            relative = mo_path.relative_to(root / "src")
            build_data["force_include"][str(mo_path)] = str(relative)
