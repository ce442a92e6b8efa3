"""The message catalogs: valid, complete, up to date with the source, and used."""

from __future__ import annotations

import importlib.util
import re
import shutil
import subprocess
from collections.abc import Iterator
from pathlib import Path
from types import ModuleType

import pytest
from babel.messages.catalog import Catalog
from babel.messages.extract import DEFAULT_KEYWORDS, extract_from_dir
from babel.messages.pofile import read_po

from munintl import i18n

ROOT = Path(__file__).resolve().parents[1]
LOCALE = ROOT / "src" / "munintl" / "locale"
POT = LOCALE / "munintl.pot"
TRANSLATED = ("da", "de")


def po_path(language: str) -> Path:
    return LOCALE / language / "LC_MESSAGES" / "munintl.po"


def read_catalog(path: Path, language: str | None = None) -> Catalog:
    with path.open("rb") as handle:
        return read_po(handle, locale=language)


def msgids(catalog: Catalog) -> set[str | tuple[str, ...]]:
    return {message.id for message in catalog if message.id}


def extracted_msgids() -> set[str | tuple[str, ...]]:
    """Extract the messages from the source as ``babel.cfg`` says."""
    from babel.messages.frontend import parse_mapping_cfg

    with (ROOT / "babel.cfg").open(encoding="utf-8") as handle:
        method_map, options_map = parse_mapping_cfg(handle)
    found = extract_from_dir(
        ROOT / "src" / "munintl",
        method_map,
        options_map,
        # pybabel's defaults include _, ngettext and N_; the -k options of
        # the documented command add nothing beyond them.
        keywords=DEFAULT_KEYWORDS,
    )
    return {message for _file, _line, message, _comments, _context in found}


def load_hatch_build() -> ModuleType:
    spec = importlib.util.spec_from_file_location(
        "hatch_build", ROOT / "hatch_build.py"
    )
    assert spec is not None
    assert spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


@pytest.mark.parametrize("language", i18n.LANGUAGES)
def test_catalog_passes_msgfmt_check(language: str, tmp_path: Path) -> None:
    msgfmt = shutil.which("msgfmt")
    if msgfmt is None:
        pytest.skip("msgfmt (GNU gettext) is not installed")
    result = subprocess.run(
        [msgfmt, "--check", "-o", str(tmp_path / "out.mo"), str(po_path(language))],
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 0, result.stderr


@pytest.mark.parametrize("language", i18n.LANGUAGES)
def test_catalog_has_every_message_of_the_template(language: str) -> None:
    catalog = read_catalog(po_path(language), language)
    assert msgids(catalog) == msgids(read_catalog(POT))


@pytest.mark.parametrize("language", TRANSLATED)
def test_every_message_is_translated(language: str) -> None:
    catalog = read_catalog(po_path(language), language)
    untranslated = [
        message.id
        for message in catalog
        if message.id
        and (
            message.fuzzy
            or not message.string
            or (isinstance(message.string, tuple) and not all(message.string))
        )
    ]
    assert untranslated == []


@pytest.mark.parametrize("language", TRANSLATED)
def test_translations_keep_the_placeholders(language: str) -> None:
    placeholder = re.compile(r"\{[a-z_]*\}")
    catalog = read_catalog(po_path(language), language)
    wrong = []
    for message in catalog:
        if not message.id:
            continue
        sources = message.id if isinstance(message.id, tuple) else (message.id,)
        targets = (
            message.string if isinstance(message.string, tuple) else (message.string,)
        )
        expected = set(placeholder.findall(sources[-1]))
        for target in targets:
            if set(placeholder.findall(target)) != expected:
                wrong.append((message.id, target))
    assert wrong == []


def test_english_catalog_is_the_source_text() -> None:
    catalog = read_catalog(po_path("en"), "en")
    different = [
        message.id
        for message in catalog
        if message.id
        and (message.string if isinstance(message.id, tuple) else (message.string,))
        != (message.id if isinstance(message.id, tuple) else (message.id,))
    ]
    assert different == []


def test_template_is_up_to_date_with_the_source() -> None:
    """Re-extracting gives the messages in munintl.pot (else: nox -s catalogs)."""
    assert extracted_msgids() == msgids(read_catalog(POT))


@pytest.fixture
def compiled(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> Iterator[Path]:
    """Compile a copy of the catalogs and point munintl.i18n at it."""
    copy = tmp_path / "root"
    shutil.copytree(LOCALE, copy / "src" / "munintl" / "locale")
    written = load_hatch_build().compile_catalogs(copy)
    assert len(written) == len(i18n.LANGUAGES)
    monkeypatch.setattr(i18n, "LOCALE_DIR", copy / "src" / "munintl" / "locale")
    i18n.translations.cache_clear()
    yield copy
    i18n.translations.cache_clear()


def test_gettext_for_returns_danish_and_german(compiled: Path) -> None:
    message = "Check the portfolio at PATH and list every problem."
    assert i18n.gettext_for("da", message) == (
        "Kontrollér porteføljen i PATH og vis alle problemer."
    )
    assert i18n.gettext_for("de", message) == (
        "Das Portfolio unter PATH prüfen und jedes Problem auflisten."
    )
    assert i18n.gettext_for("en", message) == message


def test_plural_forms_follow_the_count(compiled: Path) -> None:
    i18n.set_language("da")
    try:
        assert i18n.ngettext("{n} warning", "{n} warnings", 1) == "{n} advarsel"
        assert i18n.ngettext("{n} warning", "{n} warnings", 3) == "{n} advarsler"
    finally:
        i18n.set_language(None)


def test_cli_speaks_danish(compiled: Path, example_path: Path) -> None:
    from click.testing import CliRunner

    from munintl.cli import main

    result = CliRunner().invoke(
        main, ["validate", str(example_path)], env={"MUNINTL_LANG": "da"}
    )
    assert result.exit_code == 0, result.output
    assert f"{example_path}: gyldig (0 fejl, " in result.output
