"""The portfolio's glossary: read, found in texts, and checked in translations."""

from __future__ import annotations

from pathlib import Path

import pytest

import munintl
from munintl.config import load_config
from munintl.errors import ValidationError
from munintl.translation import texts
from munintl.translation.glossary import Glossary, glossary_path, load_glossary


@pytest.fixture
def glossary(example_path: Path) -> Glossary:
    return load_glossary(glossary_path(load_config(example_path), str(example_path)))


def test_skanderborg_glossary_has_the_council_terms(glossary: Glossary) -> None:
    pairs = glossary.pairs("da", "en")
    assert pairs["Borgerservice"] == "Citizen Service"
    assert pairs["byråd"] == "City Council"
    assert pairs["økonomiudvalg"] == "Finance Committee"
    assert glossary.pairs("da", "de")["byråd"] == "Stadtrat"


def test_skanderborg_english_uses_its_glossary(
    glossary: Glossary, example_path: Path
) -> None:
    entries = list(texts(munintl.load(example_path)))
    noted = [e for e in entries if glossary.notes(e.source, "da", "en")]
    assert len(noted) > 10
    warnings = [
        finding
        for entry in entries
        for finding in glossary.check(
            entry.source, entry.translation("en") or "", "da", "en", path=entry.path
        )
    ]
    assert warnings == []


def test_a_term_matches_its_inflected_forms_but_not_inside_words(
    glossary: Glossary,
) -> None:
    assert glossary.notes("Byrådets beslutning", "da", "en") == [
        "byråd → City Council (the elected council of the municipality)"
    ]
    assert glossary.notes("Ungdomsbyråd", "da", "en") == []


def test_check_warns_for_a_term_the_translation_lacks(glossary: Glossary) -> None:
    (warning,) = glossary.check(
        "Borgerservice hjælper",
        "The citizens' office helps",
        "da",
        "en",
        path="themes[borgerservice].title",
    )
    assert warning.severity == "warning"
    assert warning.code == "glossary-term"
    assert "'Citizen Service'" in warning.message
    assert glossary.check("Borgerservice", "Citizen  service desk", "da", "en") == []


def test_no_glossary_file_is_an_empty_glossary(tmp_path: Path) -> None:
    assert not load_glossary(tmp_path / "glossary.yaml")


def test_a_portfolio_with_a_config_and_no_glossary_has_an_empty_one(
    tmp_path: Path,
) -> None:
    # munintl init writes munintl.toml but no glossary.yaml: translate export
    # refused with "'glossary.yaml' does not exist" for the default setting.
    (tmp_path / "munintl.toml").write_text('languages = ["da", "en"]\n', "utf-8")
    path = glossary_path(load_config(tmp_path), str(tmp_path))
    assert path == tmp_path / "glossary.yaml"
    assert not load_glossary(path)


def test_a_glossary_named_in_the_config_must_exist(tmp_path: Path) -> None:
    (tmp_path / "munintl.toml").write_text(
        '[translation]\nglossary = "terms.yaml"\n', "utf-8"
    )
    with pytest.raises(ValidationError, match="does not exist"):
        glossary_path(load_config(tmp_path), str(tmp_path))


def test_a_bad_term_is_reported_with_file_and_line(tmp_path: Path) -> None:
    target = tmp_path / "glossary.yaml"
    target.write_text(
        "terms:\n  - da: byråd\n    en: City Council\n  - da: alene\n  - just text\n",
        encoding="utf-8",
    )
    with pytest.raises(ValidationError) as caught:
        load_glossary(target)
    found = [(f.line, f.path) for f in caught.value.findings]
    assert found == [(4, "terms[1]"), (5, "terms[2]")]
    assert all(f.file == str(target) for f in caught.value.findings)


def test_a_glossary_that_is_not_yaml_names_the_line(tmp_path: Path) -> None:
    target = tmp_path / "glossary.yaml"
    target.write_text("terms:\n  - da: [byråd\n", encoding="utf-8")
    with pytest.raises(ValidationError) as caught:
        load_glossary(target)
    assert caught.value.findings[0].line is not None
