"""A municipality's own message catalog, written for a test."""

from __future__ import annotations

from collections.abc import Mapping
from pathlib import Path


def write_po(locale: Path, language: str, words: Mapping[str, str]) -> Path:
    """Write ``locale/<language>/LC_MESSAGES/munintl.po`` with ``words``; return it.

    ``words`` maps each English message to its translation (no quote or
    backslash in either: the entries are written as they are).
    """
    folder = locale / language / "LC_MESSAGES"
    folder.mkdir(parents=True, exist_ok=True)
    entries = "".join(
        f'\nmsgid "{source}"\nmsgstr "{word}"\n' for source, word in words.items()
    )
    path = folder / "munintl.po"
    path.write_text(
        'msgid ""\nmsgstr ""\n"Content-Type: text/plain; charset=UTF-8\\n"\n' + entries,
        encoding="utf-8",
    )
    return path
