"""Text in several languages, with where each translation came from.

Every human-readable field of the model is a :class:`LocalizedText`: a map
from a BCP 47 language tag to text in a small Markdown subset (paragraphs,
``*emphasis*``, ``**strong**``, bullet and numbered lists, ``[links](url)``),
so every renderer, translation catalog and the Sphinx extension treat it
alike (:mod:`munintl.model.markdown` reads and checks the subset; its names
are offered here too).  Each language may carry a :class:`Provenance` saying
whether it is the original, a human or machine translation or imported, and
the :func:`source_hash` of the text it was made from; a translation whose
hash no longer matches its source is *stale*.
"""

from __future__ import annotations

import hashlib
import re
import unicodedata
from collections.abc import Iterable, Iterator, Mapping
from typing import Literal

import attrs

from munintl.model.dates import PartialDate
from munintl.model.markdown import (
    Block,
    Inline,
    ListKind,
    markdown_problems,
    parse_inline,
    parse_markdown,
    plain_text,
)

__all__ = [
    "METHODS",
    "REVIEWS",
    "Block",
    "Inline",
    "ListKind",
    "LocalizedText",
    "Method",
    "Provenance",
    "Review",
    "markdown_problems",
    "normalise",
    "parse_inline",
    "parse_markdown",
    "plain_text",
    "source_hash",
]

Method = Literal["original", "human", "machine", "imported"]
Review = Literal["unreviewed", "reviewed", "rejected"]

METHODS: tuple[Method, ...] = ("original", "human", "machine", "imported")
REVIEWS: tuple[Review, ...] = ("unreviewed", "reviewed", "rejected")

_WHITESPACE = re.compile(r"\s+")


def normalise(text: str) -> str:
    """Return the form of ``text`` that :func:`source_hash` hashes.

    Unicode NFC, every run of whitespace as one space, no leading or trailing
    space: re-wrapping a paragraph or saving it on Windows does not make its
    translations stale.
    """
    return _WHITESPACE.sub(" ", unicodedata.normalize("NFC", text)).strip()


def source_hash(text: str) -> str:
    """Hash a source text the way every munintl tool does.

    The result (``"sha256:"`` and 16 hex digits) is stored with a translation
    so a later change of the source marks the translation stale.

    >>> source_hash("Skanderborg  i verden") == source_hash("Skanderborg i verden")
    True
    """
    digest = hashlib.sha256(normalise(text).encode("utf-8")).hexdigest()
    return f"sha256:{digest[:16]}"


@attrs.frozen(kw_only=True)
class Provenance:
    """Where the text in one language came from.

    ``source_language`` and ``source_hash`` name the text a translation was
    made from; ``engine`` the translator plugin for machine translations;
    ``translator`` who made (or, for a machine translation, reviewed) it and
    ``date`` when.
    """

    method: Method = attrs.field(validator=attrs.validators.in_(METHODS))
    source_language: str | None = None
    source_hash: str | None = None
    engine: str | None = None
    translator: str | None = None
    review: Review = attrs.field(
        default="unreviewed", validator=attrs.validators.in_(REVIEWS)
    )
    date: PartialDate | None = None


def _text_map(value: Mapping[str, str]) -> dict[str, str]:
    return dict(value)


def _provenance_map(value: Mapping[str, Provenance]) -> dict[str, Provenance]:
    return dict(value)


def _check_provenance(
    instance: LocalizedText, _attribute: object, value: dict[str, Provenance]
) -> None:
    # The wire shape writes provenance beside its text; provenance for a
    # language without text would be lost on the next save.
    orphans = [language for language in value if language not in instance.values]
    if orphans:
        raise ValueError(
            "provenance given for "
            + ", ".join(map(repr, orphans))
            + " but there is no text in that language"
        )


@attrs.frozen(kw_only=True)
class LocalizedText:
    """Text in one or more languages.

    >>> title = LocalizedText(values={"da": "Borgerservice", "en": "Citizen service"})
    >>> title.get("de", fallback=("en", "da"))
    'Citizen service'
    """

    values: dict[str, str] = attrs.field(factory=dict, converter=_text_map, hash=False)
    provenance: dict[str, Provenance] = attrs.field(
        factory=dict,
        converter=_provenance_map,
        validator=_check_provenance,
        hash=False,
    )

    @classmethod
    def of(cls, **values: str) -> LocalizedText:
        """Shorthand: ``LocalizedText.of(da="...", en="...")``."""
        return cls(values=values)

    def __bool__(self) -> bool:
        return any(text.strip() for text in self.values.values())

    def __iter__(self) -> Iterator[str]:
        return iter(self.values)

    def __getitem__(self, language: str) -> str:
        return self.values[language]

    @property
    def languages(self) -> tuple[str, ...]:
        """The languages this text has, in the order they were given."""
        return tuple(self.values)

    def get(
        self, language: str, fallback: Iterable[str] = (), default: str | None = None
    ) -> str | None:
        """Return the text in ``language``, else in the first fallback that has it."""
        for candidate in (language, *fallback):
            text = self.values.get(candidate)
            if text:
                return text
        return default

    def resolve(
        self, language: str, fallback: Iterable[str] = ()
    ) -> tuple[str, str] | None:
        """Return ``(language actually used, text)`` following the fallbacks."""
        for candidate in (language, *fallback):
            text = self.values.get(candidate)
            if text:
                return candidate, text
        return None

    def source_language(self) -> str | None:
        """The language marked ``original``, if any."""
        for language, provenance in self.provenance.items():
            if provenance.method == "original":
                return language
        return None

    def is_stale(self, language: str) -> bool:
        """Tell whether the translation into ``language`` no longer fits its source.

        A translation is stale when its provenance names a source language and
        hash, and the hash of that source text today differs.
        """
        provenance = self.provenance.get(language)
        if provenance is None or provenance.source_hash is None:
            return False
        source = provenance.source_language or self.source_language()
        if source is None or source == language or source not in self.values:
            return False
        return source_hash(self.values[source]) != provenance.source_hash

    def with_translation(
        self, language: str, text: str, provenance: Provenance | None = None
    ) -> LocalizedText:
        """Return a copy with ``text`` in ``language`` (and its provenance)."""
        values = {**self.values, language: text}
        provenances = dict(self.provenance)
        if provenance is None:
            provenances.pop(language, None)
        else:
            provenances[language] = provenance
        return LocalizedText(values=values, provenance=provenances)
