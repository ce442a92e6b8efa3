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

from catalogs import write_po
from munintl import i18n
from munintl.model import Portfolio

ROOT = Path(__file__).resolve().parents[1]
LOCALE = ROOT / "src" / "munintl" / "locale"
POT = LOCALE / "munintl.pot"
TRANSLATED = tuple(language for language in i18n.LANGUAGES if language != "en")


def po_path(language: str) -> Path:
    return LOCALE / language / "LC_MESSAGES" / "munintl.po"


def read_catalog(path: Path, language: str | None = None) -> Catalog:
    with path.open("rb") as handle:
        return read_po(handle, locale=language)


def msgids(catalog: Catalog) -> set[str | tuple[str, ...]]:
    return {message.id for message in catalog if message.id}


def extracted_msgids() -> set[str | tuple[str, ...]]:
    """Extract the messages from the source as ``babel.cfg`` says."""
    import sys

    from babel.messages.frontend import parse_mapping_cfg

    # babel.cfg names the codelist extractor in babel_extract.py at the root.
    if str(ROOT) not in sys.path:
        sys.path.insert(0, str(ROOT))

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
    placeholder = re.compile(r"\{[a-z_]*(?:![rs])?\}|%\([a-z_]+\)s")
    catalog = read_catalog(po_path(language), language)
    wrong = []
    for message in catalog:
        if not message.id:
            continue
        sources = message.id if isinstance(message.id, tuple) else (message.id,)
        targets = (
            message.string if isinstance(message.string, tuple) else (message.string,)
        )
        plural = set(placeholder.findall(sources[-1]))
        singular = set(placeholder.findall(sources[0]))
        for position, target in enumerate(targets):
            found = set(placeholder.findall(target))
            # The first form is the singular's ("requires an argument"); a
            # language whose first form also covers 21, 31, ... may use the
            # plural's placeholders there.
            allowed = (singular, plural) if position == 0 else (plural,)
            if found not in allowed:
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
    """Re-extracting gives the messages in munintl.pot (else: nox -s i18n)."""
    assert extracted_msgids() == msgids(read_catalog(POT))


@pytest.fixture
def compiled(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> Iterator[Path]:
    """Compile a copy of the catalogs and point munintl.i18n at it."""
    copy = tmp_path / "root"
    shutil.copytree(LOCALE, copy / "src" / "munintl" / "locale")
    written = load_hatch_build().compile_catalogs(copy)
    assert len(written) == len(i18n.LANGUAGES)
    monkeypatch.setattr(i18n, "LOCALE_DIR", copy / "src" / "munintl" / "locale")
    i18n._clear()
    yield copy
    i18n._clear()


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


i18n_heading = {"da": "Kommandoer", "de": "Befehle"}


@pytest.mark.parametrize(
    ("language", "usage", "options", "help_text", "missing"),
    [
        (
            "da",
            "Brug:",
            "Tilvalg:",
            "Vis denne besked og afslut.",
            "Fejl: Mangler tilvalg",
        ),
        (
            "de",
            "Aufruf:",
            "Optionen:",
            "Diese Hilfe anzeigen und beenden.",
            "Fehler: Fehlende Option",
        ),
        (
            "en",
            "Usage:",
            "Options:",
            "Show this message and exit.",
            "Error: Missing option",
        ),
    ],
)
def test_click_speaks_the_language_of_the_run(
    compiled: Path,
    language: str,
    usage: str,
    options: str,
    help_text: str,
    missing: str,
) -> None:
    """Click's own words follow --lang and MUNINTL_LANG, as munintl's do."""
    import click
    from click.testing import CliRunner

    from munintl.cli import main

    runner = CliRunner()
    try:
        for args, env in (
            (["--lang", language], {"MUNINTL_LANG": "en"}),
            ([], {"MUNINTL_LANG": language}),
        ):
            shown = runner.invoke(main, [*args, "--help"], env=env)
            assert shown.exit_code == 0, shown.output
            assert shown.output.startswith(f"{usage} main "), shown.output
            assert f"\n{options}\n" in shown.output
            assert help_text in shown.output
            # The list of commands is headed in the same language.
            heading = "Commands" if language == "en" else i18n_heading[language]
            assert f"\n{heading}:\n" in shown.output, shown.output
        # A command with a required option, run the way munintl's are (a
        # command of munintl's own would keep its help in this language).
        demo = click.Command("demo", params=[click.Option(["--year"], required=True)])
        i18n.set_language(language)
        failed = runner.invoke(demo, [])
        assert failed.exit_code == 2
        assert f"{missing} " in failed.output, failed.output
        assert "'--year'" in failed.output
    finally:
        i18n.set_language(None)


def test_a_language_without_a_catalog_falls_back_as_a_whole(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setenv("MUNINTL_LANG", "kl")
    assert i18n.requested_language() == "kl"
    assert i18n.current_language() == i18n.FALLBACK_LANGUAGE
    assert i18n._("Usage:") == "Usage:"
    monkeypatch.setenv("MUNINTL_LANG", "da_DK.UTF-8")
    assert i18n.current_language() == "da"


def test_a_catalog_added_for_a_new_language_is_used(
    compiled: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A municipality's own PO file teaches munintl a language it does not ship."""
    write_po(tmp_path / "locale", "kl", {"Usage:": "Atorneq:"})
    monkeypatch.setenv("MUNINTL_LANG", "kl")
    assert i18n.current_language() == "en"
    i18n.add_catalog_dir(tmp_path / "locale")
    try:
        assert i18n.current_language() == "kl"
        assert i18n._("Usage:") == "Atorneq:"
        # a word the catalog lacks is the English source, not another language's
        assert i18n._("Options") == "Options"
    finally:
        i18n.remove_catalog_dir(tmp_path / "locale")
    assert i18n.current_language() == "en"


def test_a_broken_catalog_is_a_clear_error(tmp_path: Path) -> None:
    from munintl.errors import ConfigError

    folder = tmp_path / "kl" / "LC_MESSAGES"
    folder.mkdir(parents=True)
    (folder / "munintl.po").write_text("garbage line\n", encoding="utf-8")
    with pytest.raises(ConfigError, match=r"munintl\.po"):
        i18n.catalog("kl", [tmp_path])


def test_configured_labels_come_before_the_catalogs(compiled: Path) -> None:
    words = i18n.catalog("da", labels={"Options": "Valgmuligheder"})
    assert words.gettext("Options") == "Valgmuligheder"
    assert words.gettext("Usage:") == "Brug:"


def test_rule_messages_follow_the_language_of_the_run(compiled: Path) -> None:
    """Rule messages are translated templates, formatted after: ids survive."""
    from munintl.plugins.rules.text import country_problem, language_problem

    try:
        i18n.set_language("da")
        assert country_problem("UK") == (
            "'UK' er ikke en ISO 3166-1-landekode; mente du 'GB'?"
        )
        assert language_problem("da_DK") == (
            "'da_DK' er ikke et sprogmærke; skriv 'da-DK'"
        )
        i18n.set_language("de")
        assert language_problem("da_DK") == (
            "'da_DK' ist kein Sprach-Tag; 'da-DK' schreiben"
        )
        i18n.set_language("en")
        assert language_problem("da_DK") == (
            "'da_DK' is not a language tag; write 'da-DK'"
        )
    finally:
        i18n.set_language(None)


def broken_portfolio() -> Portfolio:
    """The sample portfolio with problems for many rules and their parameters."""
    import attrs

    from munintl.model import CodeRef, LocalizedText
    from munintl.testing.samples import sample_portfolio

    portfolio = sample_portfolio()
    initiative = portfolio.initiatives[0]
    organisation = portfolio.organisations[0]
    return attrs.evolve(
        portfolio,
        initiatives=(
            attrs.evolve(
                initiative,
                period=None,
                status=None,
                themes=("no-such-theme",),
                classifications=(
                    CodeRef(scheme="nolist", code="x"),
                    CodeRef(scheme="sdg", code="99"),
                ),
            ),
            *portfolio.initiatives[1:],
            initiative,
        ),
        organisations=(
            attrs.evolve(
                organisation,
                country="UK",
                name=LocalizedText(values={"da_DK": "x", "da": "Navn <b>x</b>"}),
            ),
            *portfolio.organisations[1:],
        ),
    )


@pytest.mark.parametrize("language", TRANSLATED)
def test_every_rule_message_is_in_the_language_of_the_run(
    compiled: Path, language: str
) -> None:
    """Same findings, codes and paths in every language; the messages translated."""
    import munintl

    portfolio = broken_portfolio()
    try:
        i18n.set_language("en")
        english = munintl.validate(portfolio)
        i18n.set_language(language)
        translated = munintl.validate(portfolio)
    finally:
        i18n.set_language(None)
    assert len(english) >= 10
    assert [(f.code, f.path, f.severity) for f in translated] == [
        (f.code, f.path, f.severity) for f in english
    ]
    untranslated = [
        f.message
        for f, e in zip(translated, english, strict=True)
        if f.message == e.message
    ]
    assert untranslated == []
    # The parameters survive translation: ids and codes are in the messages.
    joined = " ".join(f.message for f in translated)
    for value in ("'klimanetvaerk'", "'no-such-theme'", "'UK'", "'GB'", "'da-DK'"):
        assert value in joined


def test_every_markdown_construct_is_marked_for_the_catalogs() -> None:
    from munintl.model.markdown import NOT_IN_SUBSET
    from munintl.plugins.rules.text import MARKDOWN_WORDS

    assert sorted(MARKDOWN_WORDS) == sorted(NOT_IN_SUBSET)


def test_a_required_option_is_marked_in_the_language_of_the_run() -> None:
    """Click's ``[required]`` beside an option's help follows --lang too."""
    from click.testing import CliRunner

    from munintl.cli import main

    for language, word in (("de", "[erforderlich]"), ("da", "[påkrævet]")):
        shown = CliRunner().invoke(
            main, ["--lang", language, "followup", "decide", "--help"]
        )
        assert shown.exit_code == 0, shown.output
        assert word in shown.output
        assert "[required]" not in shown.output
