"""The portfolio's glossary: how its own terms are translated.

A municipality keeps its terminology in ``glossary.yaml`` beside its
portfolio (another file with ``[translation] glossary`` in
``munintl.toml``)::

    terms:
      - da: Borgerservice
        en: Citizen Service
        de: Bürgerservice
      - da: byråd
        en: City Council
        note: the elected council, not the city administration

Each term is one word or phrase per language, with an optional note for
translators.  The glossary is used three ways: its terms found in a source
text are notes in PO and XLIFF exports (:meth:`Glossary.notes`); a machine
translator that supports glossaries gets the pairs for a language pair
(:meth:`Glossary.pairs`); and a translation is checked for each term of its
source (:meth:`Glossary.missing_terms`), so a machine translation that
wrote "Citizens' Office" for *Borgerservice* is flagged.

A term matches at the start of a word, ignoring case, so *byråd* finds
*Byrådet* and *byrådets* (Danish and German add endings to nouns); a
phrase matches with any whitespace between its words.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Iterator, Mapping
from pathlib import Path
from typing import Any

import attrs

from munintl.config import Config
from munintl.errors import Finding, ValidationError
from munintl.i18n import _
from munintl.model.text import normalise
from munintl.wire.limits import not_utf8
from munintl.wire.untrusted import UntrustedFileError, read_bounded

__all__ = ["GLOSSARY_NAME", "Glossary", "Term", "glossary_path", "load_glossary"]

#: The largest glossary read (thousands of terms fit in a tenth of it).
MAX_GLOSSARY_BYTES = 4 * 1024 * 1024

#: The glossary's file name, beside the portfolio, unless configured otherwise.
GLOSSARY_NAME = "glossary.yaml"


@functools.lru_cache(maxsize=4096)
def _pattern(term: str) -> re.Pattern[str]:
    words = [re.escape(word) for word in normalise(term).split(" ")]
    return re.compile(r"(?<!\w)" + r"\s+".join(words), re.IGNORECASE)


@attrs.frozen
class Term:
    """One term in several languages, with an optional note for translators."""

    values: dict[str, str] = attrs.field(hash=False)
    note: str | None = None

    def found_in(self, text: str, language: str) -> bool:
        """Tell whether the term in ``language`` occurs in ``text``."""
        term = self.values.get(language)
        return term is not None and _pattern(term).search(text) is not None


@attrs.frozen
class Glossary:
    """The terms of a portfolio (empty when it has no glossary file)."""

    terms: tuple[Term, ...] = ()

    def __bool__(self) -> bool:
        return bool(self.terms)

    def pairs(self, source: str, target: str) -> dict[str, str]:
        """The terms as ``{source term: target term}``, for a translation engine."""
        return {
            term.values[source]: term.values[target]
            for term in self.terms
            if term.values.get(source) and term.values.get(target)
        }

    def found(self, text: str, source: str, target: str) -> Iterator[Term]:
        """Yield the terms in the source ``text`` that have a ``target`` version."""
        terms, anything = _terms_for(self, source, target)
        if anything is None or anything.search(text) is None:
            return  # most texts hold no term: one search tells
        for term in terms:
            if term.found_in(text, source):
                yield term

    def notes(self, text: str, source: str, target: str) -> list[str]:
        """Notes for a translator of ``text``: ``Borgerservice → Citizen Service``."""
        notes = []
        for term in self.found(text, source, target):
            note = f"{term.values[source]} → {term.values[target]}"
            notes.append(f"{note} ({term.note})" if term.note else note)
        return notes

    def missing_terms(
        self, text: str, translation: str, source: str, target: str
    ) -> list[Term]:
        """The terms of the source ``text`` whose target term ``translation`` lacks."""
        return [
            term
            for term in self.found(text, source, target)
            if not term.found_in(translation, target)
        ]

    def check(
        self,
        text: str,
        translation: str,
        source: str,
        target: str,
        *,
        path: str = "",
        file: str | None = None,
        line: int | None = None,
    ) -> list[Finding]:
        """Warn for each term of the source ``text`` that ``translation`` lacks.

        Run it after a machine translation (or an import): each warning
        names the term and the translation the glossary asks for, at
        ``path`` (and ``file`` and ``line`` where known).
        """
        return [
            Finding(
                code="glossary-term",
                severity="warning",
                message=_(
                    "the source uses the glossary term '{term}', but the"
                    " translation does not say '{translation}'"
                ).format(term=term.values[source], translation=term.values[target]),
                path=path,
                file=file,
                line=line,
            )
            for term in self.missing_terms(text, translation, source, target)
        ]


@functools.lru_cache(maxsize=64)
def _terms_for(
    glossary: Glossary, source: str, target: str
) -> tuple[tuple[Term, ...], re.Pattern[str] | None]:
    """The terms with both languages, and one pattern that finds any of them."""
    terms = tuple(
        term
        for term in glossary.terms
        if term.values.get(source) and term.values.get(target)
    )
    if not terms:
        return terms, None
    anything = "|".join(
        f"(?:{_pattern(term.values[source]).pattern})" for term in terms
    )
    return terms, re.compile(anything, re.IGNORECASE)


def glossary_path(config: Config, location: str) -> Path:
    """Where the glossary of the portfolio at ``location`` is.

    ``[translation] glossary`` of the configuration, relative to its folder;
    without a configuration file, ``glossary.yaml`` in the portfolio's
    folder (beside a portfolio file).
    """
    name = config.translation.glossary
    if config.folder is not None:
        if name == GLOSSARY_NAME and not (config.folder / name).exists():
            # No glossary at the default place: an empty one, not an error.
            return config.folder / name
        return Path(config.resolve_path(("translation", "glossary"), name, file=True))
    place = Path(location)
    return (place if place.is_dir() else place.parent) / name


def _finding(path: Path, message: str, line: int | None, where: str) -> Finding:
    return Finding(
        code="glossary", message=message, file=str(path), line=line, path=where
    )


def _line(node: Any, key: Any = None) -> int | None:
    lc = getattr(node, "lc", None)
    if lc is None:
        return None
    try:
        return int(lc.key(key)[0] if key is not None else lc.line) + 1
    except (KeyError, TypeError):
        return int(lc.line) + 1


def load_glossary(path: Path) -> Glossary:
    """Read the glossary at ``path``; an empty one if there is no such file.

    Raise :class:`~munintl.errors.ValidationError` naming the file, line and
    entry of every problem: not YAML, no ``terms`` list, a term that is not
    a mapping of language to text, a term in only one language.
    """
    from ruamel.yaml import YAML
    from ruamel.yaml.error import MarkedYAMLError

    if not path.exists():
        return Glossary()
    try:
        raw = read_bounded(path, MAX_GLOSSARY_BYTES)
    except UntrustedFileError as error:
        raise ValidationError([_finding(path, str(error), None, "")]) from None
    try:
        data = YAML(typ="rt").load(raw.decode("utf-8"))
    except MarkedYAMLError as error:
        mark = error.problem_mark
        line = mark.line + 1 if mark is not None else None
        raise ValidationError(
            [_finding(path, str(error.problem or error), line, "")]
        ) from None
    except UnicodeDecodeError as error:
        bad = not_utf8(raw, error)
        raise ValidationError([_finding(path, bad.message, bad.line, "")]) from None
    if data is None:
        return Glossary()
    if not isinstance(data, Mapping) or not isinstance(data.get("terms"), list):
        raise ValidationError(
            [
                _finding(
                    path,
                    _("a glossary is a list of terms under 'terms:'"),
                    _line(data),
                    "terms",
                )
            ]
        )
    terms: list[Term] = []
    findings: list[Finding] = []
    for position, item in enumerate(data["terms"]):
        where = f"terms[{position}]"
        term = _term(item)
        if isinstance(term, str):
            findings.append(_finding(path, term, _line(data["terms"], position), where))
        else:
            terms.append(term)
    if findings:
        raise ValidationError(findings)
    return Glossary(tuple(terms))


def _term(item: object) -> Term | str:
    """Read one term, or say what is wrong with it."""
    if not isinstance(item, Mapping):
        return _(
            "a term is a mapping of language to text, as in 'da: byråd' and"
            " 'en: City Council'"
        )
    values: dict[str, str] = {}
    note = None
    for key, value in item.items():
        if not isinstance(value, str) or not value.strip():
            return _("'{key}' must be a text").format(key=key)
        if key == "note":
            note = value
        else:
            values[str(key)] = value
    if len(values) < 2:  # a source and a translation
        return _("a term needs at least two languages")
    return Term(values, note)
