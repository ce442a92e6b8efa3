"""The translation core: every text with its path and state, and setting one."""

from __future__ import annotations

import datetime as dt
from collections import Counter
from pathlib import Path

import attrs
import pytest

import munintl
from munintl.model import LocalizedText, Portfolio, Provenance, source_hash
from munintl.plugins.rules._walk import index
from munintl.translation import (
    TranslationError,
    apply_translations,
    by_path,
    made_now,
    set_translation,
    state_of,
    texts,
)


def test_paths_are_those_validation_findings_carry(example_path: Path) -> None:
    portfolio = munintl.load(example_path)
    walked = {
        found.path for found in index(portfolio).values(LocalizedText) if found.value
    }
    assert {entry.path for entry in texts(portfolio)} == walked


def test_skanderborg_english_is_all_human_and_german_mostly_missing(
    example_path: Path,
) -> None:
    entries = list(texts(munintl.load(example_path)))
    # A German association's name is German first, translated into Danish.
    sources = Counter(entry.source_language for entry in entries)
    assert sources == {"da": len(entries) - 1, "de": 1}
    english = Counter(entry.state("en") for entry in entries)
    german = Counter(entry.state("de") for entry in entries)
    danish = Counter(entry.state("da") for entry in entries)
    assert english == {"human": len(entries)}
    assert danish == {"original": len(entries) - 1, "human": 1}
    assert german["original"] == 1
    assert german["human"] >= 3  # the title, the vision, the Eisenach twinning
    assert german["missing"] == len(entries) - german["human"] - 1


def _text(**provenance: Provenance) -> LocalizedText:
    values = {"da": "Borgerservice", "en": "Citizen Service", "de": "Bürgerservice"}
    values.update({"pl": "Obsługa"} if "pl" in provenance else {})
    return LocalizedText(values=values, provenance=provenance)


def test_state_of_tells_each_state_apart() -> None:
    fresh = source_hash("Borgerservice")
    text = _text(
        en=Provenance(method="machine", source_language="da", source_hash=fresh),
        de=Provenance(method="human", source_language="da", source_hash="sha256:0"),
        pl=Provenance(
            method="machine", source_language="da", source_hash=fresh, review="reviewed"
        ),
    )
    states = {lang: state_of(text, lang, "da") for lang in ("da", "en", "de", "pl")}
    assert states == {
        "da": "original",
        "en": "machine",
        "de": "stale",
        "pl": "reviewed",
    }
    assert state_of(text, "sv", "da") == "missing"
    assert state_of(LocalizedText.of(da="x", en="y"), "en", "da") == "human"


def test_apply_translations_sets_text_and_provenance_and_keeps_the_rest(
    lilleby: Portfolio,
) -> None:
    entries = by_path(lilleby)
    path = next(path for path in entries if path.startswith("themes["))
    entry = entries[path]
    provenance = made_now("human", entry, translator="Agency", date=dt.date(2026, 1, 2))
    changed = set_translation(lilleby, path, "pl", "Tekst", provenance)
    after = by_path(changed)
    assert after[path].text.values["pl"] == "Tekst"
    assert after[path].text.provenance["pl"] == provenance
    assert after[path].state("pl") == "human"
    assert provenance.source_hash == source_hash(entry.source)
    assert str(provenance.date) == "2026-01-02"
    others = [p for p in entries if p != path]
    assert all(after[p].text == entries[p].text for p in others)
    # Untouched objects are the very same objects: only the way to the text is new.
    assert all(a is b for a, b in zip(changed.bodies, lilleby.bodies, strict=True))
    assert attrs.evolve(changed) == changed


def test_apply_translations_refuses_an_unknown_path_and_changes_nothing(
    lilleby: Portfolio,
) -> None:
    with pytest.raises(TranslationError, match=r"initiatives\[nope\]\.title"):
        apply_translations(lilleby, {("initiatives[nope].title", "en"): ("x", None)})


def test_translating_then_editing_the_source_makes_it_stale(lilleby: Portfolio) -> None:
    entry = next(iter(texts(lilleby)))
    lang = "pl"
    done = set_translation(lilleby, entry.path, lang, "t", made_now("human", entry))
    assert by_path(done)[entry.path].state(lang) == "human"
    edited = set_translation(
        done, entry.path, entry.source_language, entry.source + " (rev.)", None
    )
    assert by_path(edited)[entry.path].state(lang) == "stale"
