"""Strategies for texts: plain strings, language tags, localized texts, provenance."""

from __future__ import annotations

import functools

from hypothesis import strategies as st

from munintl.model import (
    LocalizedText,
    Provenance,
    source_hash,
)
from munintl.model.text import METHODS, REVIEWS
from munintl.testing.strategies._base import Draw, optional
from munintl.testing.strategies.dates import recent_dates

__all__ = [
    "LANGUAGES",
    "TRICKY_TEXTS",
    "language_tags",
    "localized_texts",
    "provenances",
    "texts",
]


# Described where the package exports it (TRICKY_TEXTS in __init__.py).
TRICKY_TEXTS: tuple[str, ...] = (
    "",
    " ",
    "NO",
    "no",
    "yes",
    "Off",
    "~",
    "null",
    "Null",
    "1e3",
    "0o17",
    "0x1F",
    ".inf",
    "2011",
    "2011-03-04",
    "12:30",
    "key: value",
    "ends with colon:",
    "# not a comment",
    "text # not a comment",
    " leading space",
    "trailing space ",
    "two  spaces",
    "line one\nline two",
    "ends with newline\n",
    "\nstarts with newline",
    "para\n\n- bullet *em*\n- **strong** [link](https://example.org/a?b=1&c=2)",
    "æøå ÆØÅ",
    "Grüße aus Östersund, Straße",
    "Skanderborg ♥ Świnoujście",
    "Ærø Kommune – ø-samarbejde",
    "ß",
    "🇩🇰 emoji",
    "姉妹都市 奈良市",
    "友好城市 上海市",
    "서울특별시",
    "👍🏽 🇯🇵🇩🇰 😀",
    "e\u0301 combining",
    "'single quotes'",
    '"double quotes"',
    "back\\slash",
    "- looks like a list",
    "? looks like a key",
    "& anchor",
    "* alias",
    "!tag",
    "%directive",
    "@at",
    "`tick`",
    "| pipe",
    "> fold",
    "{braces}",
    "[1, 2]",
    "=SUM(A1:A2)",
    "+45 12 34 56 78",
    "<b>not html</b>",
    "---",
    "...",
)


# Described where the package exports it (LANGUAGES in __init__.py).
LANGUAGES: tuple[str, ...] = (
    "da",
    "en",
    "de",
    "sv",
    "nb",
    "no",
    "fo",
    "kl",
    "fi",
    "pl",
    "en-GB",
    "de-CH",
)


_TRANSLATORS = ("Anne Sørensen", "Jürgen Groß", "NO", "~", "Oversættelse: ApS")


_CHARACTERS = st.characters(
    codec="utf-8",
    categories=("L", "M", "N", "P", "S", "Zs"),
    exclude_characters="\ufeff",
)


@functools.cache
def texts(max_size: int = 16) -> st.SearchStrategy[str]:
    """Generate text a store must keep exactly: tricky, random Unicode, or both."""
    free = st.text(alphabet=_CHARACTERS | st.just("\n"), max_size=max_size)
    return (
        st.sampled_from(TRICKY_TEXTS)
        | free
        | st.builds(str.__add__, st.sampled_from(TRICKY_TEXTS), free)
    )


@functools.cache
def language_tags() -> st.SearchStrategy[str]:
    """Generate BCP 47 tags such as ``da``, ``en-GB`` and ``no``."""
    return st.sampled_from(LANGUAGES)


@functools.cache
def _hashes() -> st.SearchStrategy[str]:
    return st.sampled_from(tuple(source_hash(text) for text in TRICKY_TEXTS))


@st.composite
def provenances(
    draw: Draw,
    *,
    source_language: str | None = None,
    source_text: str | None = None,
) -> Provenance:
    """Generate where a text came from; a translation of ``source_text`` if given.

    The hash matches ``source_text`` or (a stale translation) does not.
    """
    method = draw(st.sampled_from(METHODS))
    if source_text is not None:
        stale = draw(st.booleans())
        hash_: str | None = source_hash(source_text + (" (changed)" if stale else ""))
        source = source_language
    else:
        hash_ = draw(optional(_hashes()))
        source = draw(optional(language_tags()))
    return Provenance(
        method=method,
        source_language=source,
        source_hash=hash_,
        engine=draw(optional(st.sampled_from(("deepl", "libretranslate", "nb:1")))),
        translator=draw(optional(st.sampled_from(_TRANSLATORS))),
        review=draw(st.sampled_from(REVIEWS)),
        date=draw(optional(recent_dates())),
    )


@functools.cache
@st.composite
def localized_texts(
    draw: Draw, *, min_languages: int = 1, max_languages: int = 3
) -> LocalizedText:
    """Generate text in a few languages, often with (stale) translations."""
    languages = draw(
        st.lists(
            language_tags(),
            min_size=min_languages,
            max_size=max_languages,
            unique=True,
        )
    )
    values = {language: draw(texts()) for language in languages}
    provenance: dict[str, Provenance] = {}
    if draw(st.booleans()) and languages:
        source = languages[0]
        provenance[source] = Provenance(
            method="original", review=draw(st.sampled_from(REVIEWS))
        )
        for language in languages[1:]:
            if draw(st.booleans()):
                provenance[language] = draw(
                    provenances(source_language=source, source_text=values[source])
                )
    elif draw(st.booleans()) and languages:
        language = draw(st.sampled_from(languages))
        provenance[language] = draw(provenances())
    return LocalizedText(values=values, provenance=provenance)


@functools.cache
def optional_texts() -> st.SearchStrategy[LocalizedText]:
    """Generate the text of an optional field: mostly empty, as in real files."""
    # Mostly empty also keeps generation fast: texts are most of a
    # portfolio's cost.
    return st.just(LocalizedText()) | localized_texts(max_languages=2)
