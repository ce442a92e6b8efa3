"""Built-in rules on texts and locale codes: translations, Markdown, languages.

Language, currency and country codes are checked against the CLDR data
that Babel ships.  Babel is imported inside the checks, not with this
module, so listing plugins stays cheap; the sets of valid codes are built
once per process.
"""

from __future__ import annotations

import datetime as dt
import functools
import types
import typing
from collections.abc import Iterable, Iterator
from decimal import Decimal
from itertools import chain
from operator import attrgetter, itemgetter
from typing import Any, cast

import attrs

from munintl.errors import Finding
from munintl.hooks import hookimpl
from munintl.hooks.records import Rule, RuleContext
from munintl.i18n import N_, _, current_language
from munintl.model import CodeRef, LocalizedText, Measurement, Money, Portfolio
from munintl.model.characters import character_problem, forbidden
from munintl.model.text import markdown_problems
from munintl.model.values import number_problem
from munintl.plugins.rules._walk import Columns, index, listing, passes, steps
from munintl.wire.convert import said
from munintl.wire.paths import place

#: CLDR territories that are not ISO 3166-1 alpha-2 country codes (regions
#: such as QO "Outlying Oceania", private-use and unknown codes).  EU, UN and
#: XK (Kosovo) are kept: partners are registered under them in practice.
NOT_COUNTRIES = frozenset(
    {"AC", "CP", "CQ", "DG", "EA", "EZ", "IC", "QO", "TA", "XA", "XB", "ZZ"}
)

#: Codes people write for a country that has another ISO code.
COUNTRY_ALIASES = {"UK": "GB", "EL": "GR"}

#: Abbreviations people write for a currency that has another ISO code.
CURRENCY_ALIASES = {"DKR": "DKK", "SKR": "SEK", "NKR": "NOK", "STG": "GBP"}


@functools.cache
def _languages() -> frozenset[str]:
    from babel import Locale

    codes = (code for code in Locale("en").languages if isinstance(code, str))
    return frozenset(code for code in codes if "_" not in code)


@functools.cache
def _territories() -> frozenset[str]:
    from babel import Locale

    codes = (code for code in Locale("en").territories if isinstance(code, str))
    return frozenset(code for code in codes if code.isalpha())


@functools.cache
def _countries() -> frozenset[str]:
    return _territories() - NOT_COUNTRIES


@functools.cache
def _currencies() -> frozenset[str]:
    from babel.numbers import list_currencies

    return frozenset(list_currencies())


@functools.cache
def _language_suggestion(primary: str) -> str | None:
    """Guess the language meant by an unknown primary subtag (``dk`` → ``da``)."""
    from babel import Locale
    from babel.core import get_global
    from babel.languages import get_official_languages

    lowered = primary.lower()
    if lowered in _languages():
        return lowered
    alias = get_global("language_aliases").get(lowered)
    if alias:
        return str(alias).replace("_", "-")
    if primary.upper() in _countries():
        official = get_official_languages(primary.upper(), de_facto=True)
        if official:
            return str(official[0]).replace("_", "-")
    names = {str(name).lower(): code for code, name in Locale("en").languages.items()}
    named = names.get(lowered)
    return str(named).replace("_", "-") if named else None


def language_problem(tag: str) -> str | None:
    """Return why ``tag`` is not a known BCP 47 language tag, or None if it is.

    The primary subtag must be a language CLDR knows (``da``, ``kl``,
    ``se``), and a two-letter region subtag a territory (``en-GB``).  The
    answer is in the language of the run.
    """
    return _language_problem(tag, current_language())


@functools.lru_cache(maxsize=4096)  # a portfolio repeats a few tags many times
def _language_problem(tag: str, _language: str) -> str | None:
    """:func:`language_problem` for one message language (part of the cache key)."""
    if "_" in tag:
        return _("{tag!r} is not a language tag; write {fixed!r}").format(
            tag=tag, fixed=tag.replace("_", "-")
        )
    primary, *rest = tag.split("-")
    if primary not in _languages():
        suggestion = _language_suggestion(primary)
        if suggestion:
            return _(
                "{tag!r} is not a known language code; did you mean {suggestion!r}?"
            ).format(tag=tag, suggestion=suggestion)
        return _(
            "{tag!r} is not a known language code; use an ISO 639 code such as"
            " 'da', 'en' or 'de'"
        ).format(tag=tag)
    for subtag in rest:
        if (
            len(subtag) == 2
            and subtag.isalpha()
            and subtag.upper() not in _territories()
        ):
            return _(
                "{tag!r} names the unknown region {subtag!r}; use a country code,"
                " as in 'en-GB' or 'de-CH'"
            ).format(tag=tag, subtag=subtag)
    return None


def check_missing_translations(
    portfolio: Portfolio, context: RuleContext
) -> Iterator[Finding]:
    """Find public texts that lack one of the municipality's working languages.

    Every non-empty text of a public entity should exist in every working
    language (the default language, if none are listed): those texts reach
    the published site and reports.  Texts of internal entities -- and of
    anything inside one -- are skipped on purpose, as they never reach public
    outputs; reports to committees still fall back to another language.
    """
    municipality = portfolio.municipality
    required = municipality.working_languages or (municipality.default_language,)
    walk = index(portfolio)
    if passes(lambda: _all_translated(walk.columns.value_maps, required)):
        return
    for found in walk.values(LocalizedText):
        text = found.value
        missing = [lang for lang in required if not text.values.get(lang, "").strip()]
        # Most texts miss nothing, so that is asked first and cheaply.
        if missing and found.owner.public and text:
            yield context.finding(
                _(
                    "this text has no {missing} version; the municipality works in"
                    " {required}, so add the translation (or remove the language"
                    " from working_languages)"
                ).format(missing=listing(missing), required=listing(required)),
                found.path,
            )


def _all_translated(maps: list[dict[str, str]], required: Iterable[str]) -> bool:
    """Tell that every text with a value has a non-blank value in each language.

    Raises KeyError when one lacks a language: the rule then looks closer.
    """
    values = filter(None, maps)
    languages = tuple(required)
    if not languages:
        return True
    # One read of each map for all languages; str.strip gives back the string
    # itself when there is nothing to strip.
    strings: Iterable[str] = map(itemgetter(*languages), values)
    if len(languages) > 1:
        strings = chain.from_iterable(cast(Iterable[tuple[str, ...]], strings))
    return all(map(str.strip, strings))


def check_stale_translations(
    portfolio: Portfolio, context: RuleContext
) -> Iterator[Finding]:
    """Find translations made from an earlier version of their source text."""
    walk = index(portfolio)

    def none_stale() -> bool:
        texts = walk.columns.with_provenance
        return not any(t.is_stale(lang) for t in texts for lang in t.provenance)

    if passes(none_stale):
        return
    for found in walk.values(LocalizedText):
        text = found.value
        for language in text.provenance:
            if text.is_stale(language):
                source = text.provenance[language].source_language
                source = source or text.source_language()
                yield context.finding(
                    _(
                        "the {language!r} translation was made from an earlier"
                        " version of the {source!r} text, which has changed since;"
                        " update the translation and its source hash"
                    ).format(language=language, source=source),
                    place(found.path, language),
                )


def check_unknown_languages(
    portfolio: Portfolio, context: RuleContext
) -> Iterator[Finding]:
    """Find language tags that name no known language.

    Checked: the municipality's default and working languages, the
    languages of every text and the source languages in their provenance.
    """
    municipality = portfolio.municipality
    tags = [("municipality.default_language", municipality.default_language)]
    tags.extend(
        (place("municipality", "working_languages", position), tag)
        for position, tag in enumerate(municipality.working_languages)
    )
    for path, tag in tags:
        problem = language_problem(tag)
        if problem:
            yield context.finding(problem, path)
    walk = index(portfolio)
    if passes(lambda: _languages_known(walk.columns)):
        return
    # A portfolio repeats a few tags in every text: each is judged once.
    problems: dict[str, str | None] = {}
    for found in walk.values(LocalizedText):
        text = found.value
        for language in text.values:
            if language not in problems:
                problems[language] = language_problem(language)
            problem = problems[language]
            if problem:
                yield context.finding(problem, place(found.path, language))
        for language, provenance in text.provenance.items():
            source = provenance.source_language
            if source and source not in problems:
                problems[source] = language_problem(source)
            problem = problems[source] if source else None
            if problem:
                path = place(place(found.path, language), "source_language")
                yield context.finding(problem, path)


def _languages_known(columns: Columns) -> bool:
    """Tell that every language of the texts and their provenance is known."""
    tags: set[str | None] = set(columns.languages)
    for provenance in map(_provenance_of, columns.with_provenance):
        tags.update(item.source_language for item in provenance.values())
    return all(language_problem(tag) is None for tag in tags if tag is not None)


def _currency_suggestion(currency: str) -> str | None:
    """Guess the currency meant: a known abbreviation, or the one code of its country.

    ISO 4217 codes start with the country code, so ``NOR`` is ``NOK`` when
    only one currency starts with ``NO``; spelling distance means little
    between three-letter codes.
    """
    if currency in CURRENCY_ALIASES:
        return CURRENCY_ALIASES[currency]
    same_country = [code for code in _currencies() if code[:2] == currency[:2]]
    return same_country[0] if len(same_country) == 1 else None


def check_unknown_currencies(
    portfolio: Portfolio, context: RuleContext
) -> Iterator[Finding]:
    """Find amounts in a currency that is not in ISO 4217.

    Historic currencies (DEM, FIM) are accepted: old funding was paid in them.
    """
    known = _currencies()
    walk = index(portfolio)
    if passes(lambda: _in_columns(walk.columns, "currency") <= known | {None}):
        return
    places = [(found.path, found.value.currency) for found in walk.values(Money)]
    # Indicators measured in money and the municipality's money figures.
    for cls, nodes in walk.objects.items():
        if cls is not Money and "currency" in attrs.fields_dict(cls):
            places += [(node.path, node.obj.currency) for node in nodes]
    for path, currency in places:
        if currency is not None and currency not in known:
            suggestion = _currency_suggestion(currency)
            hint = (
                _("; did you mean {suggestion!r}?").format(suggestion=suggestion)
                if suggestion
                else ""
            )
            yield context.finding(
                _("{currency!r} is not an ISO 4217 currency code{hint}").format(
                    currency=currency, hint=hint
                ),
                place(path, "currency"),
            )


def check_unknown_countries(
    portfolio: Portfolio, context: RuleContext
) -> Iterator[Finding]:
    """Find country fields that look like a code but are not ISO 3166-1 alpha-2.

    Any ``country`` field of the model is checked.  Only two upper-case
    letters count as a code; anything else is a free-text territory name.
    """
    walk = index(portfolio)

    def fine(country: object) -> bool:
        if isinstance(country, str) and len(country) == 2 and country.isupper():
            return not country.isalpha() or country_problem(country) is None
        return True

    if passes(lambda: all(map(fine, _in_columns(walk.columns, "country")))):
        return
    for cls, nodes in walk.objects.items():
        if "country" not in attrs.fields_dict(cls):
            continue
        for node in nodes:
            country = node.obj.country
            if (
                isinstance(country, str)
                and len(country) == 2
                and country.isalpha()
                and country.isupper()
            ):
                message = country_problem(country)
                if message:
                    yield context.finding(message, place(node.path, "country"))


def _in_columns(columns: Columns, name: str) -> set[Any]:
    """Every value of the fields called ``name`` of any model object."""
    found: set[Any] = set()
    for cls, objects in columns.objects.items():
        if name in attrs.fields_dict(cls):
            found.update(map(attrgetter(name), objects))
    if name == "currency":
        found.update(map(attrgetter(name), columns.leaf(Money)))
    return found


def country_problem(country: str) -> str | None:
    """Say why ``country`` is not an ISO 3166-1 alpha-2 code, or None if it is one."""
    if country in _countries():
        return None
    alias = COUNTRY_ALIASES.get(country.upper())
    if alias:
        return _(
            "{country!r} is not an ISO 3166-1 country code; did you mean {alias!r}?"
        ).format(country=country, alias=alias)
    return _(
        "{country!r} looks like a country code but is not one in ISO 3166-1;"
        " write the two-letter code (DK, DE, NO, ...) or, for a territory"
        " without one, its name"
    ).format(country=country)


#: The constructs outside the Markdown subset, as :func:`markdown_problems`
#: names them, marked for the catalogs (a finding names them translated).
MARKDOWN_WORDS: tuple[str, ...] = (
    N_("headings (#)"),
    N_("code blocks"),
    N_("images"),
    N_("HTML tags"),
    N_("tables"),
    N_("block quotes"),
    N_("rules or underlined headings (---, ===)"),
    N_("code (`...`)"),
    N_("strikethrough (~~)"),
    N_("lists inside lists or list items of several paragraphs"),
    N_("line breaks (two spaces or \\ at the end of a line)"),
    N_("emphasis or links nested more than 20 deep"),
)


def check_markdown_subset(
    portfolio: Portfolio, context: RuleContext
) -> Iterator[Finding]:
    """Find texts using Markdown beyond the subset every output supports."""
    walk = index(portfolio)
    if passes(lambda: _markdown_in_subset(walk.columns)):
        return
    for found in walk.values(LocalizedText):
        for language, value in found.value.values.items():
            problems = markdown_problems(value)
            if problems:
                yield context.finding(
                    _(
                        "this text uses {problems}, which munintl's Markdown does"
                        " not support (only paragraphs, *emphasis*, **strong**,"
                        " lists and [links](url)); outputs will show them as plain"
                        " text"
                    ).format(problems=", ".join(_(problem) for problem in problems)),
                    place(found.path, language),
                )


#: What every construct outside the subset needs somewhere in the text
#: (``markdown.MAYBE_OUTSIDE``), or at its start (``_STARTS`` or a digit).
_TRIGGERS = ("\n", "#", "`", "~", "<", ">", "|", "=", "![")
_STARTS = frozenset(" \t-*_+")
_first = itemgetter(slice(0, 1))


def _markdown_in_subset(columns: Columns) -> bool:
    """Tell that none of ``strings`` uses Markdown beyond the subset.

    Each character a construct outside the subset needs is looked for once
    in all texts joined (a search in C), unless the columns know no text
    holds it; only texts holding one, or starting like a list item or
    indented block, are read as Markdown.
    """
    absent = columns.absent_characters
    possible = [t for t in _TRIGGERS if not absent.intersection(t)]
    # Characters the file holds nowhere need no search (a decoded portfolio).
    present = [t for t in possible if t in columns.joined_strings]
    strings: Iterable[str] = (
        columns.strings
        if possible
        else chain.from_iterable(map(dict.values, columns.value_maps))
    )
    starts = {
        first
        for first in set(map(_first, strings))
        if first in _STARTS or first.isdigit()
    }
    if not present and not starts:
        return True
    suspects = [
        text
        for text in columns.strings
        if text[:1] in starts or any(trigger in text for trigger in present)
    ]
    return not any(map(markdown_problems, suspects))


def _strings(path: str, value: object) -> Iterator[tuple[str, str]]:
    """Yield ``(path, text)`` for each text in the plain field value at ``path``."""
    if isinstance(value, str):
        yield path, value
    elif isinstance(value, tuple):
        for position, item in enumerate(value):
            if isinstance(item, str):
                yield f"{path}[{position}]", item
    elif isinstance(value, dict):
        for key, item in value.items():
            if isinstance(key, str):
                yield path, key
                if isinstance(item, str):
                    yield f"{path}.{key}", item


def _every_text(portfolio: Portfolio) -> Iterator[tuple[str, str]]:
    """Yield ``(path, text)`` for every text of ``portfolio``, plain or localized.

    The texts are those of :func:`all_texts`, in the same order.
    """
    walk = index(portfolio)
    for cls, nodes in walk.objects.items():
        names = [field.name for field in attrs.fields(cls)]
        for node in nodes:
            for name in names:
                yield from _strings(place(node.path, name), getattr(node.obj, name))
    for found in walk.values(LocalizedText):
        for language, text in found.value.values.items():
            yield place(found.path, language), text
        for language, provenance in found.value.provenance.items():
            for field in _PROVENANCE_TEXTS:
                text = getattr(provenance, field)
                if text:
                    yield place(place(found.path, language), field), text
    for code in walk.values(CodeRef):
        yield code.path, code.value.code


_PROVENANCE_TEXTS = ("source_hash", "engine", "translator")


#: Annotations whose values are never a text, a tuple or a mapping.
_NO_TEXT: frozenset[Any] = frozenset(
    {int, float, bool, Decimal, dt.date, dt.datetime, type(None)}
)


def _may_hold_text(hint: Any) -> bool:
    """Tell whether a field annotated ``hint`` may hold a plain text."""
    if hint in _NO_TEXT or (isinstance(hint, type) and attrs.has(hint)):
        return False  # a number, a date, or a model object (walked on its own)
    origin = typing.get_origin(hint)
    if origin in (tuple, typing.Union, types.UnionType):
        return any(_may_hold_text(a) for a in typing.get_args(hint) if a is not ...)
    return True  # str, a Literal, a mapping, Any, or what cannot be told


@functools.cache
def _text_fields(cls: type) -> tuple[str, ...]:
    """The fields of ``cls`` that may hold a text: the others are never read."""
    try:
        hints = typing.get_type_hints(cls)
    except (NameError, TypeError):
        hints = {}
    return tuple(
        field.name
        for field in attrs.fields(cls)
        if field.name not in hints or _may_hold_text(hints[field.name])
    )


def _dict_texts(value: dict[object, object]) -> list[str]:
    """The texts of a plain mapping: each text key, then its value if a text."""
    out: list[str] = []
    for key, item in value.items():
        if isinstance(key, str):
            out.append(key)
            if isinstance(item, str):
                out.append(item)
    return out


def _add_texts(values: list[object], out: list[str]) -> None:
    """Add the texts of plain field values to ``out``."""
    for value in values:
        # Types first: the truth of a model object (a LocalizedText) costs
        # a call, and objects hold no plain text here.
        if isinstance(value, str):
            out.append(value)
        elif isinstance(value, tuple):
            if value:
                out.extend([item for item in value if isinstance(item, str)])
        elif isinstance(value, dict):
            out.extend(_dict_texts(value))


@functools.cache
def _plain_text_fields(cls: type) -> tuple[str, ...]:
    """The fields of ``cls`` that may hold a text and are not codes or references."""
    coded = {field.name for field in steps(cls) if field.scheme or field.collection}
    return tuple(name for name in _text_fields(cls) if name not in coded)


def _add_joined(values: list[Any], pieces: list[str]) -> None:
    """Add the texts among the values of one field of many objects to ``pieces``.

    Joined in C where they allow it: all texts (a name, an id, a url),
    texts and None (None and empty texts hold no character), lists of texts.
    """
    try:
        pieces.append("\n".join(values))
        return
    except TypeError:
        pass
    try:
        pieces.append("\n".join(filter(None, values)))
        return
    except TypeError:
        pass
    if set(map(type, values)) == {tuple}:
        try:
            pieces.append("\n".join(chain.from_iterable(values)))
            return
        except TypeError:
            pass
    _add_texts(values, pieces)


def text_pieces(portfolio: Portfolio) -> list[str]:
    """Every text of ``portfolio``, plain or localized, in pieces.

    The texts :func:`_every_text` yields, not in its order: gathered field
    by field over the index's columns (all initiatives' ids, then all their
    urls, ...) and joined in C, without a path or a call per value, into a
    piece per field (texts within a piece separated by line feeds or
    spaces).  A rule searches the pieces and builds paths only when it
    finds something.
    """
    columns = index(portfolio).columns
    pieces: list[str] = []
    for cls, objects in columns.objects.items():
        for name in _plain_text_fields(cls):
            _add_joined(list(map(attrgetter(name), objects)), pieces)
    # Codes and references are texts too, already gathered by the columns.
    for values in chain(columns.codes.values(), columns.refs.values()):
        _add_joined(values, pieces)
    pieces.append(columns.joined_strings)
    for provenance in map(_provenance_of, columns.with_provenance):
        for item in provenance.values():
            for field in _PROVENANCE_TEXTS:
                value = getattr(item, field)
                if value:
                    pieces.append(value)
    pieces.extend(map(_code_of, columns.leaf(CodeRef)))
    return pieces


_provenance_of = attrgetter("provenance")
_code_of = attrgetter("code")
_amount_of = attrgetter("amount")
_value_of = attrgetter("value")


def check_forbidden_characters(
    portfolio: Portfolio, context: RuleContext
) -> Iterator[Finding]:
    """Find texts holding a character no output can hold.

    Control characters, lone surrogates and noncharacters
    (:mod:`munintl.model.characters`): reading a file refuses them, so this
    rule finds them in a portfolio built in Python.  Every text is joined
    and searched once, no path built; only a portfolio that has such a
    character is searched text by text, with paths.  A portfolio the fast
    JSON decoder read is not searched at all: the decoder proved its bytes
    hold no such character.
    """
    if passes(
        lambda: (
            index(portfolio).columns.characters_checked
            or not any(map(forbidden, text_pieces(portfolio)))
        )
    ):
        return
    for path, text in _every_text(portfolio):
        problem = character_problem(text)
        if problem:
            yield context.finding(problem, path)


def check_number_limits(
    portfolio: Portfolio, context: RuleContext
) -> Iterator[Finding]:
    """Find amounts and measured values with more digits than reports can show.

    At most 15 digits before the decimal point and 6 after
    (:func:`munintl.model.values.number_problem`): reading a file refuses
    longer numbers, so this rule finds them in a portfolio built in Python
    (and does not look again in one the fast JSON decoder read).
    """
    walk = index(portfolio)

    def fine() -> bool:
        columns = walk.columns
        if columns.numbers_checked:
            return True
        amounts = map(_amount_of, columns.leaf(Money))
        values = map(_value_of, columns.objects.get(Measurement, ()))
        numbers = chain(amounts, (value for value in values if value is not None))
        return not any(map(number_problem, numbers))

    if passes(fine):
        return
    for found in walk.values(Money):
        problem = number_problem(found.value.amount)
        if problem:
            yield context.finding(said(problem), place(found.path, "amount"))
    for node in walk.nodes(Measurement):
        value = node.obj.value
        problem = number_problem(value) if value is not None else None
        if problem:
            yield context.finding(said(problem), place(node.path, "value"))


@hookimpl
def munintl_rules() -> tuple[Rule, ...]:
    """Register the rules on texts, translations and locale codes."""
    return (
        Rule(
            name="missing-translation",
            severity="warning",
            description=N_("A public text lacks one of the working languages."),
            check=check_missing_translations,
        ),
        Rule(
            name="stale-translation",
            severity="warning",
            description=N_("A translation was made from an older source text."),
            check=check_stale_translations,
        ),
        Rule(
            name="unknown-language",
            severity="error",
            description=N_("A language tag names no known language."),
            check=check_unknown_languages,
        ),
        Rule(
            name="unknown-currency",
            severity="error",
            description=N_("A currency is not an ISO 4217 code."),
            check=check_unknown_currencies,
        ),
        Rule(
            name="unknown-country",
            severity="warning",
            description=N_("A country looks like a code but is not ISO 3166-1."),
            check=check_unknown_countries,
        ),
        Rule(
            name="forbidden-character",
            severity="error",
            description=N_("A text holds a character no output format can hold."),
            check=check_forbidden_characters,
        ),
        Rule(
            name="number-limits",
            severity="error",
            description=N_(
                "An amount or measured value has more digits than reports can show."
            ),
            check=check_number_limits,
        ),
        Rule(
            name="markdown-subset",
            severity="warning",
            description=N_("A text uses Markdown beyond the supported subset."),
            check=check_markdown_subset,
        ),
    )
