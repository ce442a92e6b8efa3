"""The content of an exchange file, whatever its format (PO or XLIFF)."""

from __future__ import annotations

import datetime as dt

import attrs

from munintl.translation.texts import State

__all__ = ["Catalog", "CatalogEntry"]


@attrs.frozen
class CatalogEntry:
    """One text in an exchange file.

    ``final`` is False for a translation that is a suggestion (a stale or an
    unreviewed machine translation, or one a translator marked fuzzy or
    needing review).  ``line`` is where the entry starts in the file read.
    """

    path: str
    source: str
    source_hash: str
    translation: str = ""
    final: bool = False
    notes: tuple[str, ...] = ()
    state: State | None = None
    line: int | None = None


@attrs.frozen
class Catalog:
    """An exchange file's content: whose texts, which languages, which entries.

    ``translator`` and ``date`` say who last translated it and when, where
    the file says so.
    """

    portfolio: str
    source_language: str
    language: str
    entries: tuple[CatalogEntry, ...]
    translator: str | None = None
    date: dt.date | None = None
