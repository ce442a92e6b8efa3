"""Translating a portfolio's texts: their state, exchange files, review, glossary.

The core every translator builds on: :func:`texts` lists each translatable
text with its path, source and state per language; :func:`apply_translations`
sets translations with their provenance.  Exchange files for translation
agencies (PO and XLIFF) are in :mod:`munintl.translation.exchange`, the
terminology file in :mod:`munintl.translation.glossary`.
"""

from munintl.translation.texts import (
    STATES,
    State,
    Status,
    TextEntry,
    TranslationError,
    Update,
    apply_translations,
    by_path,
    made_now,
    owner_of,
    set_translation,
    state_of,
    status,
    target_languages,
    texts,
)

__all__ = [
    "STATES",
    "State",
    "Status",
    "TextEntry",
    "TranslationError",
    "Update",
    "apply_translations",
    "by_path",
    "made_now",
    "owner_of",
    "set_translation",
    "state_of",
    "status",
    "target_languages",
    "texts",
]
