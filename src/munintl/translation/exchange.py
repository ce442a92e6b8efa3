"""Exchange files for translation agencies: what goes out, and what may come back.

:func:`export_catalog` gathers the texts to translate into one language as
a :class:`Catalog` -- by default those missing or stale, with
``everything`` every translated text too -- and :func:`write_catalog`
writes it as PO (:mod:`munintl.translation.po`) or XLIFF 1.2
(:mod:`munintl.translation.xliff`).  :func:`read_catalog` reads such a file
back and :func:`import_catalog` sets its translations on the portfolio.

Each entry carries the text's portfolio path (PO ``msgctxt``, XLIFF
``trans-unit id``), its source text, the hash of that source, the current
translation if any, and notes from the glossary.  The file names the
portfolio (the municipality's id) and both languages.  On import:

* a file for another portfolio, or with a source language other than the
  portfolio's, is refused;
* an entry whose source text no longer has the hash it was exported with
  was edited in the file (a translation tool must not change the source):
  the whole file is refused;
* an entry whose source text changed in the portfolio since the export is
  *stale*: it is left out and reported;
* an entry marked fuzzy or needing review, or left untranslated, is left
  out and reported: it is never taken as a finished translation;
* the rest are set with provenance ``human``, the translator and date the
  file names (today if it names none), and the source hash.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from pathlib import Path
from typing import Literal

import attrs

from munintl.errors import Finding, ValidationError
from munintl.i18n import _, clipped
from munintl.model import PartialDate, Portfolio
from munintl.model.characters import character_problem
from munintl.model.text import normalise, source_hash
from munintl.translation.catalog import Catalog, CatalogEntry
from munintl.translation.glossary import Glossary
from munintl.translation.texts import (
    State,
    TextEntry,
    TranslationError,
    apply_translations,
    by_path,
    made_now,
    texts,
)
from munintl.wire.convert import LANGUAGE_TAG, gc_paused
from munintl.wire.untrusted import read_bounded

__all__ = [
    "FORMATS",
    "Catalog",
    "CatalogEntry",
    "Format",
    "ImportResult",
    "export_catalog",
    "format_for",
    "import_catalog",
    "read_catalog",
    "write_catalog",
]

Format = Literal["po", "xliff"]

#: The exchange formats, by name; the file suffixes each is read from.
FORMATS: dict[Format, tuple[str, ...]] = {
    "po": (".po", ".pot"),
    "xliff": (".xlf", ".xliff"),
}

#: The largest exchange file read back (a whole portfolio's texts are far less).
MAX_EXCHANGE_BYTES = 64 * 1024 * 1024

#: The states exported by default: what needs a translator.
TO_TRANSLATE: frozenset[State] = frozenset({"missing", "stale"})


def export_catalog(
    portfolio: Portfolio,
    language: str,
    *,
    glossary: Glossary | None = None,
    everything: bool = False,
) -> Catalog:
    """Gather the texts of ``portfolio`` to translate into ``language``.

    The texts whose source is in the municipality's default language and
    whose translation is missing or stale; with ``everything``, every text
    but the originals.  Stale and unreviewed machine translations go out as
    suggestions (not final) for the translator to check.
    """
    source_language = portfolio.municipality.default_language
    if language == source_language:
        raise TranslationError(
            _(
                "{language} is the portfolio's source language; export a language"
                " to translate into"
            ).format(language=language)
        )
    glossary = glossary or Glossary()
    entries = []
    for entry in texts(portfolio):
        if entry.source_language != source_language or entry.frozen:
            continue
        state = entry.state(language)
        if state == "original" or (not everything and state not in TO_TRANSLATE):
            continue
        entries.append(_catalog_entry(entry, language, state, glossary))
    return Catalog(
        portfolio=portfolio.municipality.id,
        source_language=source_language,
        language=language,
        entries=tuple(entries),
    )


def _catalog_entry(
    entry: TextEntry, language: str, state: State, glossary: Glossary
) -> CatalogEntry:
    return CatalogEntry(
        path=entry.path,
        source=entry.source,
        source_hash=entry.source_hash,
        translation=entry.translation(language) or "",
        final=state in ("human", "reviewed"),
        notes=tuple(glossary.notes(entry.source, entry.source_language, language)),
        state=state,
    )


def format_for(path: Path, name: str | None = None) -> Format:
    """The exchange format named ``name``, else the one ``path``'s suffix says."""
    suffix = path.suffix.lower()
    if name is not None:
        if name not in FORMATS:
            raise TranslationError(
                _("{name} is not an exchange format; use po or xliff").format(name=name)
            )
        said = next((f for f, ends in FORMATS.items() if suffix in ends), name)
        if said != name:
            # An XLIFF file named .po would be read back as PO, and fail.
            raise TranslationError(
                _(
                    "{path} says {suffix} ({said}), but the format is {name}; give"
                    " a file name ending in the format's suffix"
                ).format(path=path, suffix=suffix, said=said, name=name)
            )
        return name
    for format_name, suffixes in FORMATS.items():
        if suffix in suffixes:
            return format_name
    raise TranslationError(
        _("{path}: cannot tell the format from the suffix; name it .po or .xlf").format(
            path=path
        )
    )


def write_catalog(catalog: Catalog, path: Path, format_name: Format) -> None:
    """Write ``catalog`` to ``path`` as PO or XLIFF, atomically."""
    from munintl.storage.atomic import replace_atomically
    from munintl.translation import po, xliff

    data = po.dumps(catalog) if format_name == "po" else xliff.dumps(catalog)
    replace_atomically(path, data.encode("utf-8"))


def read_catalog(path: Path, format_name: Format | None = None) -> Catalog:
    """Read the exchange file at ``path`` (its format from its suffix if not given).

    Raise :class:`~munintl.errors.ValidationError` naming the file and line of
    what cannot be read.
    """
    from munintl.translation import po, xliff

    format_name = format_name or format_for(path)
    # A regular file of bounded size: not a pipe or device that never ends.
    data = read_bounded(path, MAX_EXCHANGE_BYTES)
    reader = po.loads if format_name == "po" else xliff.loads
    with gc_paused():  # many small objects and no cycles: see gc_paused
        return reader(data, str(path))


@attrs.frozen
class ImportResult:
    """What an import did: the new portfolio and every entry it left out, by why."""

    portfolio: Portfolio
    imported: tuple[str, ...]
    unchanged: tuple[str, ...]
    stale: tuple[str, ...]
    unfinished: tuple[str, ...]
    untranslated: tuple[str, ...]
    gone: tuple[str, ...]
    frozen: tuple[str, ...] = ()
    warnings: tuple[Finding, ...] = ()


def _refuse(
    file: str, message: str, line: int | None = None, path: str = ""
) -> Finding:
    return Finding(
        code="translation-import", message=message, file=file, line=line, path=path
    )


def _check_identity(
    catalog: Catalog, portfolio: Portfolio, file: str, language: str | None
) -> None:
    municipality = portfolio.municipality
    problems = []
    if catalog.portfolio != municipality.id:
        problems.append(
            _refuse(
                file,
                _(
                    "this file holds texts of the portfolio '{file_id}', not of"
                    " '{id}'; import it into the portfolio it was exported from"
                ).format(file_id=catalog.portfolio, id=municipality.id),
            )
        )
    if catalog.source_language != municipality.default_language:
        problems.append(
            _refuse(
                file,
                _(
                    "this file translates from '{file_source}', but the portfolio's"
                    " texts are written in '{source}'"
                ).format(
                    file_source=catalog.source_language,
                    source=municipality.default_language,
                ),
            )
        )
    if language is not None and catalog.language != language:
        problems.append(
            _refuse(
                file,
                _(
                    "this file holds '{file_language}' translations, not '{language}'"
                ).format(file_language=catalog.language, language=language),
            )
        )
    if not catalog.language.strip():
        problems.append(
            _refuse(
                file,
                _(
                    "this file names no target language (the PO header's Language,"
                    " the XLIFF target-language); set it to the language translated"
                    " into"
                ),
            )
        )
    elif not LANGUAGE_TAG.fullmatch(catalog.language):
        # Else every entry would fail on its own, without the file's name.
        problems.append(
            _refuse(
                file,
                _(
                    "this file's target language {language!r} is not a language"
                    " tag; set it to one such as da, en or de"
                ).format(language=clipped(catalog.language, 80)),
            )
        )
    elif catalog.language == catalog.source_language:
        problems.append(
            _refuse(
                file,
                _(
                    "this file's target language is its source language, '{language}'"
                ).format(language=catalog.language),
            )
        )
    if problems:
        raise ValidationError(problems)


def _check_entries(entries: Iterable[CatalogEntry], file: str) -> None:
    problems = []
    for entry in entries:
        if source_hash(entry.source) != entry.source_hash:
            problems.append(
                _refuse(
                    file,
                    _(
                        "the source text was changed in this file (its hash is not"
                        " the one it was exported with); only translations may be"
                        " edited -- export the file again"
                    ),
                    entry.line,
                    entry.path,
                )
            )
        problem = character_problem(entry.translation) if entry.translation else None
        if problem:
            problems.append(_refuse(file, problem, entry.line, entry.path))
    if problems:
        raise ValidationError(problems)


def import_catalog(
    portfolio: Portfolio,
    catalog: Catalog,
    *,
    file: str = "",
    language: str | None = None,
    glossary: Glossary | None = None,
    today: dt.date | None = None,
) -> ImportResult:
    """Set the finished translations of ``catalog`` on ``portfolio``.

    ``file`` names the file in messages; ``language``, if given, must be the
    catalog's.  Raise :class:`~munintl.errors.ValidationError` (and change
    nothing) for a file of another portfolio, source or target language, or
    with a source text edited in the file.  The result lists what was
    imported and what was left out, and warns where a translation lacks a
    glossary term of its source.
    """
    _check_identity(catalog, portfolio, file, language)
    _check_entries(catalog.entries, file)
    with gc_paused():  # the portfolio is rebuilt: many objects, no cycles
        return _import(portfolio, catalog, file, glossary or Glossary(), today)


def _import(
    portfolio: Portfolio,
    catalog: Catalog,
    file: str,
    glossary: Glossary,
    today: dt.date | None,
) -> ImportResult:
    current = by_path(portfolio)
    target = catalog.language
    updates = {}
    imported, unchanged, stale, unfinished, untranslated, gone, frozen = (
        [],
        [],
        [],
        [],
        [],
        [],
        [],
    )
    warnings = []
    when = PartialDate.from_date(catalog.date or today or dt.date.today())
    for entry in catalog.entries:
        text = current.get(entry.path)
        if text is None:
            gone.append(entry.path)
        elif text.frozen:
            frozen.append(entry.path)
        elif not entry.translation.strip():
            untranslated.append(entry.path)
        elif not entry.final:
            unfinished.append(entry.path)
        elif (
            text.source_language != catalog.source_language
            or text.source_hash != entry.source_hash
        ):
            stale.append(entry.path)
        elif (
            # Newlines at the ends may differ (see po._same_ends); words may not.
            normalise(text.translation(target) or "") == normalise(entry.translation)
            and text.state(target) == "human"
        ):
            unchanged.append(entry.path)
        else:
            provenance = made_now(
                "human",
                text,
                translator=catalog.translator,
                date=when,
            )
            updates[(entry.path, target)] = (entry.translation, provenance)
            imported.append(entry.path)
            warnings.extend(
                glossary.check(
                    entry.source,
                    entry.translation,
                    catalog.source_language,
                    target,
                    path=entry.path,
                    file=file or None,
                    line=entry.line,
                )
            )
    return ImportResult(
        portfolio=apply_translations(portfolio, updates),
        imported=tuple(imported),
        unchanged=tuple(unchanged),
        stale=tuple(stale),
        unfinished=tuple(unfinished),
        untranslated=tuple(untranslated),
        gone=tuple(gone),
        frozen=tuple(frozen),
        warnings=tuple(warnings),
    )
