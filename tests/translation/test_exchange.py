"""PO and XLIFF round trips: export, edit as a translation tool would, import."""

from __future__ import annotations

import os
import shutil
import subprocess
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import munintl
from munintl.errors import ValidationError
from munintl.model import Portfolio, source_hash
from munintl.model.characters import forbidden
from munintl.model.text import normalise
from munintl.testing.strategies import portfolios
from munintl.testing.strategies import texts as tricky_texts
from munintl.translation import (
    TranslationError,
    by_path,
    made_now,
    set_translation,
)
from munintl.translation.catalog import Catalog, CatalogEntry
from munintl.translation.exchange import (
    export_catalog,
    format_for,
    import_catalog,
    read_catalog,
    write_catalog,
)
from munintl.translation.glossary import Glossary, Term

polib = pytest.importorskip("polib", reason="polib is a test dependency")

GLOSSARY = Glossary(
    (
        Term({"da": "Borgerservice", "en": "Citizen Service"}),
        Term({"da": "byråd", "en": "City Council"}, note="the elected council"),
    )
)


@pytest.fixture
def skanderborg(example_path: Path) -> Portfolio:
    return munintl.load(example_path)


def _write(portfolio: Portfolio, tmp_path: Path, suffix: str, **options: bool) -> Path:
    target = tmp_path / f"de{suffix}"
    catalog = export_catalog(portfolio, "de", glossary=GLOSSARY, **options)
    write_catalog(catalog, target, format_for(target))
    return target


# -- PO ------------------------------------------------------------------------


def test_po_passes_msgfmt_check(skanderborg: Portfolio, tmp_path: Path) -> None:
    if shutil.which("msgfmt") is None:
        pytest.skip("msgfmt (GNU gettext) is not installed")
    target = _write(skanderborg, tmp_path, ".po", everything=True)
    subprocess.run(
        ["msgfmt", "--check", "-o", str(tmp_path / "de.mo"), str(target)],
        check=True,
        capture_output=True,
    )


def test_po_with_newlines_at_the_ends_passes_msgfmt_check(tmp_path: Path) -> None:
    if shutil.which("msgfmt") is None:
        pytest.skip("msgfmt (GNU gettext) is not installed")
    pairs = [
        ("Afsnit fra en YAML-blok\n", "A paragraph from a YAML block"),
        ("Ingen linjeskift", "A trailing newline\n"),
        ("\nForan", "Leading"),
        ("carriage\rreturn", "Wagen\rRücklauf"),
    ]
    entries = tuple(
        CatalogEntry(
            path=f"initiatives[i{n}].title",
            source=source,
            source_hash=source_hash(source),
            translation=translation,
            final=True,
        )
        for n, (source, translation) in enumerate(pairs)
    )
    target = tmp_path / "ends.po"
    write_catalog(Catalog("skanderborg", "da", "en", entries), target, "po")
    subprocess.run(
        ["msgfmt", "--check", "-o", str(tmp_path / "ends.mo"), str(target)],
        check=True,
        capture_output=True,
    )
    read = read_catalog(target)
    assert [e.source for e in read.entries] == [source for source, _ in pairs]


def test_po_is_read_by_polib_with_context_source_and_hash(
    skanderborg: Portfolio, tmp_path: Path
) -> None:
    target = _write(skanderborg, tmp_path, ".po")
    catalog = polib.pofile(str(target))
    entries = {entry.msgctxt: entry for entry in catalog}
    expected = export_catalog(skanderborg, "de", glossary=GLOSSARY).entries
    assert list(entries) == [entry.path for entry in expected]
    for entry in expected:
        read = entries[entry.path]
        assert read.msgid == entry.source
        assert f"munintl-source-hash: {entry.source_hash}" in read.comment
    assert catalog.metadata["X-Munintl-Portfolio"] == "skanderborg"
    assert catalog.metadata["Language"] == "de"
    council = entries["bodies[byraadet].description"]
    assert "glossary: byråd → City Council" not in council.comment  # no German term
    assert "Borgerservice" in entries["themes[borgerservice].title"].msgid


def test_po_edited_with_polib_imports_finished_entries_only(
    skanderborg: Portfolio, tmp_path: Path
) -> None:
    target = _write(skanderborg, tmp_path, ".po")
    catalog = polib.pofile(str(target))
    done, fuzzy, empty = catalog[0], catalog[1], catalog[2]
    done.msgstr = "Der Stadtrat der Kommune Skanderborg."
    fuzzy.msgstr = "Entwurf"
    fuzzy.flags.append("fuzzy")
    catalog.metadata["Last-Translator"] = "Jürgen Groß <jg@example.org>"
    catalog.metadata["PO-Revision-Date"] = "2026-11-30 10:00+0100"
    catalog.save(str(target))

    result = import_catalog(skanderborg, read_catalog(target), file=str(target))
    assert result.imported == (done.msgctxt,)
    assert result.unfinished == (fuzzy.msgctxt,)
    assert empty.msgctxt in result.untranslated
    text = by_path(result.portfolio)[done.msgctxt]
    assert text.translation("de") == done.msgstr
    provenance = text.provenance("de")
    assert provenance is not None
    assert provenance.method == "human"
    assert provenance.translator == "Jürgen Groß <jg@example.org>"
    assert str(provenance.date) == "2026-11-30"
    assert provenance.source_hash == source_hash(done.msgid)
    assert text.state("de") == "human"
    assert by_path(result.portfolio)[fuzzy.msgctxt].translation("de") is None


def test_po_edited_with_translate_toolkit_round_trips(
    skanderborg: Portfolio, tmp_path: Path
) -> None:
    ttk_po = pytest.importorskip("translate.storage.po", reason="translate-toolkit")
    target = _write(skanderborg, tmp_path, ".po")
    store = ttk_po.pofile.parsefile(str(target))
    units = [unit for unit in store.units if not unit.isheader()]
    assert [unit.getcontext() for unit in units] == [
        entry.path for entry in read_catalog(target).entries
    ]
    for unit in units[:3]:
        unit.target = f"DE: {unit.source}"
    target.write_bytes(bytes(store))
    result = import_catalog(skanderborg, read_catalog(target))
    assert result.imported == tuple(unit.getcontext() for unit in units[:3])
    after = by_path(result.portfolio)
    assert all(after[u.getcontext()].translation("de") == u.target for u in units[:3])


def test_stale_and_machine_translations_go_out_as_fuzzy_suggestions(
    skanderborg: Portfolio, tmp_path: Path
) -> None:
    entries = by_path(skanderborg)
    path = "themes[borgerservice].title"
    edited = set_translation(
        skanderborg, path, "da", entries[path].source + " og Sundhed", None
    )
    catalog = export_catalog(edited, "en")
    stale = {entry.path: entry for entry in catalog.entries}[path]
    assert stale.translation == entries[path].translation("en")
    assert not stale.final
    target = tmp_path / "en.po"
    write_catalog(catalog, target, "po")
    assert "fuzzy" in polib.pofile(str(target)).find(path, by="msgctxt").flags


def test_source_edited_in_the_portfolio_after_export_is_reported_stale(
    skanderborg: Portfolio, tmp_path: Path
) -> None:
    target = _write(skanderborg, tmp_path, ".po")
    catalog = polib.pofile(str(target))
    first = catalog[0]
    first.msgstr = "Übersetzt"
    catalog.save(str(target))
    edited = set_translation(skanderborg, first.msgctxt, "da", "Ny tekst.", None)
    result = import_catalog(edited, read_catalog(target))
    assert result.stale == (first.msgctxt,)
    assert result.imported == ()
    assert result.portfolio is edited


@pytest.mark.parametrize("suffix", [".po", ".xlf"])
def test_source_tampered_in_the_file_is_refused(
    skanderborg: Portfolio, tmp_path: Path, suffix: str
) -> None:
    target = _write(skanderborg, tmp_path, suffix)
    text = target.read_text(encoding="utf-8")
    target.write_text(
        text.replace("Skanderborg Kommunes byråd.", "Skanderborg Byråd."),
        encoding="utf-8",
    )
    with pytest.raises(ValidationError) as caught:
        import_catalog(skanderborg, read_catalog(target), file=str(target))
    (finding,) = caught.value.findings
    assert finding.path == "bodies[byraadet].description"
    assert finding.file == str(target)
    assert finding.line is not None
    assert "source text was changed in this file" in finding.message


def test_file_of_another_portfolio_or_language_is_refused(
    skanderborg: Portfolio, tmp_path: Path
) -> None:
    target = _write(skanderborg, tmp_path, ".po")
    catalog = read_catalog(target)
    other = Catalog("lilleby", "da", "de", catalog.entries)
    with pytest.raises(ValidationError, match="portfolio 'lilleby', not of"):
        import_catalog(skanderborg, other)
    with pytest.raises(ValidationError, match="'de' translations, not 'en'"):
        import_catalog(skanderborg, catalog, language="en")
    swedish = Catalog("skanderborg", "sv", "de", catalog.entries)
    with pytest.raises(ValidationError, match="translates from 'sv'"):
        import_catalog(skanderborg, swedish)
    nowhere = Catalog("skanderborg", "da", "", catalog.entries)
    with pytest.raises(ValidationError, match="names no target language"):
        import_catalog(skanderborg, nowhere)


def test_exporting_the_source_language_is_refused(skanderborg: Portfolio) -> None:
    with pytest.raises(TranslationError, match="source language"):
        export_catalog(skanderborg, "da")


def test_po_syntax_error_names_the_line(tmp_path: Path) -> None:
    target = tmp_path / "broken.po"
    target.write_text('msgid ""\nmsgstr ""\n\nmsgctxt "x"\nmsgid "a\nmsgstr ""\n')
    with pytest.raises(ValidationError) as caught:
        read_catalog(target)
    assert caught.value.findings[0].line == 5


def test_glossary_terms_are_notes_and_checked_on_import(
    skanderborg: Portfolio, tmp_path: Path
) -> None:
    catalog = export_catalog(skanderborg, "en", glossary=GLOSSARY, everything=True)
    title = {entry.path: entry for entry in catalog.entries}[
        "themes[borgerservice].title"
    ]
    assert title.notes == ("Borgerservice → Citizen Service",)
    rewritten = Catalog(
        catalog.portfolio,
        catalog.source_language,
        catalog.language,
        (
            CatalogEntry(
                path=title.path,
                source=title.source,
                source_hash=title.source_hash,
                translation="Citizens' Office",
                final=True,
            ),
        ),
    )
    result = import_catalog(skanderborg, rewritten, glossary=GLOSSARY)
    assert result.imported == (title.path,)
    (warning,) = result.warnings
    assert warning.severity == "warning"
    assert warning.path == title.path
    assert "'Citizen Service'" in warning.message


# -- XLIFF -------------------------------------------------------------------------


def test_xliff_is_read_by_translate_toolkit_with_ids_and_notes(
    skanderborg: Portfolio, tmp_path: Path
) -> None:
    ttk_xliff = pytest.importorskip(
        "translate.storage.xliff", reason="translate-toolkit"
    )
    target = _write(skanderborg, tmp_path, ".xlf")
    store = ttk_xliff.xlifffile.parsefile(str(target))
    expected = export_catalog(skanderborg, "de", glossary=GLOSSARY).entries
    assert [unit.xmlelement.get("id") for unit in store.units] == [
        entry.path for entry in expected
    ]
    assert [unit.source for unit in store.units] == [entry.source for entry in expected]
    assert store.getsourcelanguage() == "da"
    assert store.gettargetlanguage() == "de"


def test_xliff_edited_with_translate_toolkit_imports_finished_units_only(
    skanderborg: Portfolio, tmp_path: Path
) -> None:
    ttk_xliff = pytest.importorskip(
        "translate.storage.xliff", reason="translate-toolkit"
    )
    target = _write(skanderborg, tmp_path, ".xlf")
    store = ttk_xliff.xlifffile.parsefile(str(target))
    done, draft = store.units[0], store.units[1]
    done.target = "Der Stadtrat der Kommune Skanderborg."
    done.markfuzzy(False)
    draft.target = "Entwurf"
    draft.markfuzzy(True)
    target.write_bytes(bytes(store))
    result = import_catalog(skanderborg, read_catalog(target))
    done_path, draft_path = (unit.xmlelement.get("id") for unit in (done, draft))
    assert result.imported == (done_path,)
    assert result.unfinished == (draft_path,)
    assert by_path(result.portfolio)[done_path].translation("de") == done.target


def test_xliff_refuses_a_document_type(tmp_path: Path) -> None:
    target = tmp_path / "evil.xlf"
    target.write_text(
        '<?xml version="1.0"?><!DOCTYPE x [<!ENTITY a "aaaa">]>'
        '<xliff version="1.2" xmlns="urn:oasis:names:tc:xliff:document:1.2"/>'
    )
    with pytest.raises(ValidationError, match="document type"):
        read_catalog(target)


#: The W3C schema of the xml: attributes XLIFF uses, as the OASIS schema imports
#: it (from the web, which tests do not reach).
XML_XSD = """<?xml version="1.0"?>
<xs:schema targetNamespace="http://www.w3.org/XML/1998/namespace"
    xmlns:xs="http://www.w3.org/2001/XMLSchema">
  <xs:attribute name="lang" type="xs:language"/>
  <xs:attribute name="space">
    <xs:simpleType><xs:restriction base="xs:NCName">
      <xs:enumeration value="default"/><xs:enumeration value="preserve"/>
    </xs:restriction></xs:simpleType>
  </xs:attribute>
  <xs:attribute name="base" type="xs:anyURI"/>
  <xs:attribute name="id" type="xs:ID"/>
</xs:schema>
"""


DEBIAN_XLIFF_SCHEMA = Path(
    "/usr/share/php/Symfony/Component/Translation/Resources/schemas/"
    "xliff-core-1.2-strict.xsd"
)


def _xliff_schema(folder: Path) -> Any:
    """The official OASIS XLIFF 1.2 strict schema, if a copy is at hand.

    The schema is not shipped with the tests.  ``MUNINTL_XLIFF_SCHEMA`` names
    a copy of OASIS's ``xliff-core-1.2-strict.xsd``; without it, the copy
    Debian's ``php-symfony-translation`` package installs is used if present.
    ``.ci/run`` unpacks that package's copy (nothing of PHP is installed) and
    sets the variable, so in CI a missing schema fails instead of skipping.
    """
    etree = pytest.importorskip("lxml.etree", reason="lxml validates XLIFF")
    where = Path(os.environ.get("MUNINTL_XLIFF_SCHEMA") or DEBIAN_XLIFF_SCHEMA)
    if not where.is_file():
        reason = (
            f"no copy of xliff-core-1.2-strict.xsd at {where} (MUNINTL_XLIFF_SCHEMA)"
        )
        if os.environ.get("CI"):
            pytest.fail(reason + " (.ci/run unpacks one: see there)")
        pytest.skip(reason)
    (folder / "xml.xsd").write_text(XML_XSD, encoding="utf-8")
    text = where.read_text(encoding="utf-8")
    local = text.replace("http://www.w3.org/2001/xml.xsd", "xml.xsd")
    (folder / "strict.xsd").write_text(local, encoding="utf-8")
    return etree.XMLSchema(etree.parse(str(folder / "strict.xsd")))


def test_xliff_validates_against_the_oasis_schema(
    skanderborg: Portfolio, tmp_path: Path
) -> None:
    from lxml import etree

    schema = _xliff_schema(tmp_path)
    entries = by_path(skanderborg)
    path = "themes[borgerservice].title"
    machine = set_translation(
        skanderborg, path, "de", "Bürgerdienst", made_now("machine", entries[path])
    )
    stale = set_translation(machine, path, "da", "Borgerservice og sundhed", None)
    for portfolio in (machine, stale):
        for language in ("en", "de"):
            catalog = export_catalog(
                portfolio, language, glossary=GLOSSARY, everything=True
            )
            target = tmp_path / f"{language}.xlf"
            write_catalog(catalog, target, "xliff")
            document = etree.parse(str(target))
            assert schema.validate(document), schema.error_log
    # The schema is the strict one: a state XLIFF 1.2 does not define fails.
    unit = document.find(".//{urn:oasis:names:tc:xliff:document:1.2}target")
    assert unit is not None
    unit.set("state", "almost-final")
    assert not schema.validate(document)


# -- any text survives -------------------------------------------------------------

_SCRIPTS = st.sampled_from(
    (
        "Æbleskiver på Ærø, ørred i Å",  # Danish
        "Kalaallit Nunaanni ilinniarfissuaq",  # Greenlandic
        "Zażółć gęślą jaźń",  # Polish
        "Grüße aus Eisenach",  # German
        "مرحبا بالعالم",  # Arabic, right to left
        "שלום עולם",  # Hebrew, right to left
        "\u202bembedded RTL\u202c",  # explicit direction marks
        "👩🏽‍💻 🇩🇰 🏳️‍🌈",  # emoji with joiners and modifiers
        "e\u0301 a\u030a o\u0308",  # combining marks, not precomposed
        'quotes "double" \\ backslash \t tab',
        "<b>&amp;</b> ]]> <!-- x -->",
        "line one\nline two\n\nparagraph",
        "trailing newline\n",
        "  leading and trailing spaces  ",
    )
)
_TEXTS = st.one_of(
    _SCRIPTS,
    tricky_texts(40),
    st.builds(str.__add__, _SCRIPTS, tricky_texts(20)),
).filter(lambda text: text.strip() != "" and forbidden(text) is None)


@st.composite
def catalogs(draw: st.DrawFn) -> Catalog:
    sources = draw(st.lists(_TEXTS, min_size=1, max_size=6))
    entries = tuple(
        CatalogEntry(
            path=f"initiatives[i{position}].title",
            source=source,
            source_hash=source_hash(source),
            translation=draw(_TEXTS | st.just("")),
            final=draw(st.booleans()),
            notes=tuple(draw(st.lists(_SCRIPTS, max_size=2))),
        )
        for position, source in enumerate(sources)
    )
    return Catalog(
        "skanderborg", "da", draw(st.sampled_from(("en", "kl", "ar"))), entries
    )


def _same(read: Catalog, written: Catalog, *, po: bool = False) -> None:
    """Assert that ``read`` holds what was ``written``.

    A PO suggestion gets its source's newlines at both ends (gettext wants
    them to agree); everything else comes back exactly.
    """
    from munintl.translation.po import _same_ends

    assert (read.portfolio, read.source_language, read.language) == (
        written.portfolio,
        written.source_language,
        written.language,
    )
    for got, sent in zip(read.entries, written.entries, strict=True):
        translation = (
            _same_ends(sent.source, sent.translation) if po else sent.translation
        )
        assert (got.path, got.source, got.source_hash, got.translation) == (
            sent.path,
            sent.source,
            sent.source_hash,
            translation,
        )
        assert normalise(got.translation) == normalise(sent.translation)
        # An empty translation has nothing to be final about.
        assert got.final == (sent.final or not sent.translation)


@pytest.mark.parametrize("suffix", [".po", ".xlf"])
@settings(
    max_examples=40,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture],
)
@given(catalog=catalogs())
def test_any_unicode_survives_the_round_trip(
    tmp_path: Path, suffix: str, catalog: Catalog
) -> None:
    target = tmp_path / f"any{suffix}"
    write_catalog(catalog, target, format_for(target))
    _same(read_catalog(target), catalog, po=suffix == ".po")


@settings(
    max_examples=25,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture],
)
@given(catalog=catalogs())
def test_any_unicode_survives_polib_and_translate_toolkit(
    tmp_path: Path, catalog: Catalog
) -> None:
    ttk_po = pytest.importorskip("translate.storage.po", reason="translate-toolkit")
    target = tmp_path / "any.po"
    write_catalog(catalog, target, "po")
    # Saved again by each library, as a translator's tool would.
    polib.pofile(str(target)).save(str(target))
    _same(read_catalog(target), catalog, po=True)
    target.write_bytes(bytes(ttk_po.pofile.parsefile(str(target))))
    _same(read_catalog(target), catalog, po=True)
    by_context = {e.msgctxt: e for e in polib.pofile(str(target))}
    for entry in catalog.entries:
        assert by_context[entry.path].msgid == entry.source


@settings(
    max_examples=20,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture],
)
@given(catalog=catalogs())
def test_any_unicode_survives_translate_toolkits_xliff(
    tmp_path: Path, catalog: Catalog
) -> None:
    ttk_xliff = pytest.importorskip(
        "translate.storage.xliff", reason="translate-toolkit"
    )
    target = tmp_path / "any.xlf"
    write_catalog(catalog, target, "xliff")
    store = ttk_xliff.xlifffile.parsefile(str(target))
    assert [unit.source for unit in store.units] == [e.source for e in catalog.entries]
    target.write_bytes(bytes(store))
    _same(read_catalog(target), catalog)


def test_imported_unicode_survives_the_yaml_store(
    skanderborg: Portfolio, tmp_path: Path
) -> None:
    store = tmp_path / "portfolio"
    munintl.save(skanderborg, store)
    samples = [
        "Zażółć gęślą jaźń",
        "Kalaallit Nunaat – Nuuk",
        "مرحبا بالعالم",
        "👩🏽‍💻 🇩🇰 and e\u0301",
        'quotes "double" \\ and: colons # not a comment',
        "line one\nline two\n\nparagraph",
    ]
    catalog = export_catalog(skanderborg, "pl")
    sent = {
        entry.path: samples[position % len(samples)]
        for position, entry in enumerate(catalog.entries)
    }
    finished = Catalog(
        catalog.portfolio,
        catalog.source_language,
        "pl",
        tuple(
            CatalogEntry(
                path=e.path,
                source=e.source,
                source_hash=e.source_hash,
                translation=sent[e.path],
                final=True,
            )
            for e in catalog.entries
        ),
    )
    target = tmp_path / "pl.xlf"
    write_catalog(finished, target, "xliff")
    result = import_catalog(munintl.load(store), read_catalog(target))
    assert len(result.imported) == len(sent)
    munintl.save(result.portfolio, store)
    loaded = by_path(munintl.load(store))
    assert {path: loaded[path].translation("pl") for path in sent} == sent


def test_texts_of_a_submitted_followup_are_neither_exported_nor_imported(
    skanderborg: Portfolio,
) -> None:
    followup = "followups[opfoelgning-2011]"
    assert skanderborg.followup("opfoelgning-2011").state != "draft"  # type: ignore[union-attr]
    entries = by_path(skanderborg)
    held = [path for path, entry in entries.items() if entry.frozen]
    assert held
    assert all(path.startswith(followup) for path in held)
    catalog = export_catalog(skanderborg, "de", everything=True)
    assert not any(e.path.startswith(followup) for e in catalog.entries)
    entry = entries[held[0]]
    sneaked = Catalog(
        "skanderborg",
        "da",
        "de",
        (
            CatalogEntry(
                path=entry.path,
                source=entry.source,
                source_hash=entry.source_hash,
                translation="Übersetzt",
                final=True,
            ),
        ),
    )
    result = import_catalog(skanderborg, sneaked)
    assert result.frozen == (entry.path,)
    assert result.imported == ()
    assert result.portfolio is skanderborg


@pytest.mark.parametrize("suffix", [".po", ".xlf"])
@settings(
    max_examples=10,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(portfolio=portfolios(max_size=2))
def test_any_portfolio_round_trips_through_an_agency(
    tmp_path: Path, suffix: str, portfolio: Portfolio
) -> None:
    language = "sv" if portfolio.municipality.default_language != "sv" else "nb"
    catalog = export_catalog(portfolio, language, everything=True)
    answered = Catalog(
        catalog.portfolio,
        catalog.source_language,
        language,
        tuple(
            CatalogEntry(
                path=entry.path,
                source=entry.source,
                source_hash=entry.source_hash,
                translation=f"«{entry.source.strip()}»",
                final=True,
            )
            for entry in catalog.entries
        ),
    )
    target = tmp_path / f"back{suffix}"
    write_catalog(answered, target, format_for(target))
    result = import_catalog(portfolio, read_catalog(target))
    assert set(result.imported) | set(result.unchanged) == {
        entry.path for entry in catalog.entries
    }
    from munintl.translation.po import _same_ends

    after = by_path(result.portfolio)
    for entry in answered.entries:
        expected = entry.translation
        if suffix == ".po":  # gettext's newlines at the ends, as the source's
            expected = _same_ends(entry.source, expected)
        assert after[entry.path].translation(language) == expected
        assert after[entry.path].state(language) == "human"
    # Texts not exported (originals, frozen follow-ups) are as they were.
    before = by_path(portfolio)
    exported = {entry.path for entry in catalog.entries}
    assert all(
        after[path].text == text.text
        for path, text in before.items()
        if path not in exported
    )
