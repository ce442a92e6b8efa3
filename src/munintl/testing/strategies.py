"""Hypothesis strategies for every class of the munintl model.

Each strategy builds objects that are valid by construction: ids are slugs,
dates are real partial dates of every precision, amounts are finite
:class:`~decimal.Decimal` values, and every :class:`~munintl.model.LocalizedText`
carries text that a YAML, JSON or TOML store can write and read back (no
lone surrogates, no control characters other than ``\\n``) while stressing
what such stores get wrong: non-ASCII letters, leading and trailing spaces,
``NO``, ``yes``, ``~``, ``null``, ``1e3``, ``": "``, ``#`` and newlines.

:func:`portfolios` builds whole portfolios whose references resolve: ids are
unique in each collection, theme and goal ids unique across strategies,
every reference names an existing entity, chains (parents, successors,
``supersedes``) do not loop, periods do not end before they start,
partnership events are in date order, a follow-up has one update per
subject and a submitted follow-up the fingerprint of its content.  Codes
come from the built-in codelists.  Portfolios stay small, so a storage
contract suite can save and load many of them quickly::

    from hypothesis import given
    from munintl.testing.strategies import portfolios

    @given(portfolios())
    def test_round_trip(portfolio):
        ...

Entity strategies take a :class:`References` saying which ids a reference
may name; without one they draw any slug (the references may dangle, which
is fine for the converter, not for validation).
"""

from __future__ import annotations

import datetime as dt
import functools
import string
from collections.abc import Sequence
from decimal import Decimal
from typing import Any, TypeVar

import attrs
from hypothesis import strategies as st

from munintl.followups import content_fingerprint
from munintl.model import (
    STATUS_AFTER_EVENT,
    Adoption,
    Body,
    CaseReference,
    CodeItem,
    Codelist,
    CodeRef,
    Decision,
    FollowUp,
    FollowUpRule,
    FormerName,
    FundingLine,
    Goal,
    Indicator,
    Initiative,
    Link,
    LocalizedText,
    Measurement,
    Money,
    Municipality,
    Organisation,
    PartialDate,
    Participation,
    Partnership,
    PartnershipEvent,
    Party,
    Period,
    Portfolio,
    Provenance,
    Result,
    Source,
    StatusUpdate,
    Strategy,
    StrategyDocument,
    SubjectRef,
    Theme,
    source_hash,
)
from munintl.model.followup import FOLLOW_UP_STATES
from munintl.model.text import METHODS, REVIEWS

__all__ = [
    "CODES",
    "LANGUAGES",
    "TRICKY_IDS",
    "TRICKY_TEXTS",
    "References",
    "adoptions",
    "bodies",
    "case_references",
    "code_items",
    "code_refs",
    "codelists",
    "decisions",
    "follow_up_rules",
    "followups",
    "former_names",
    "funding_lines",
    "goals",
    "indicators",
    "initiatives",
    "language_tags",
    "links",
    "localized_texts",
    "measurements",
    "money",
    "municipalities",
    "organisations",
    "partial_dates",
    "participations",
    "parties",
    "partnership_events",
    "partnerships",
    "periods",
    "portfolios",
    "provenances",
    "results",
    "slugs",
    "sources",
    "status_updates",
    "strategies",
    "strategy_documents",
    "subject_refs",
    "texts",
    "themes",
]

T = TypeVar("T")
Draw = st.DrawFn

_SLUG_FIRST = string.ascii_lowercase + string.digits
_SLUG_REST = _SLUG_FIRST + "-"

#: Valid ids that YAML, file systems and spreadsheets like to misread:
#: YAML 1.1 booleans and nulls, numbers and timestamps, Windows device names.
TRICKY_IDS: tuple[str, ...] = (
    "no",
    "yes",
    "on",
    "off",
    "y",
    "null",
    "true",
    "nan",
    "inf",
    "0",
    "010",
    "1e3",
    "0x1f",
    "2011",
    "2011-03-04",
    "con",
    "nul",
    "aux",
    "com1",
    "a-",
    "a--b",
)

#: Texts that stress YAML and other stores: type-looking scalars, indicators,
#: significant spaces, line breaks, non-ASCII letters, Markdown and HTML.
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

#: Language tags a text may have; ``no`` (Norwegian) is a YAML 1.1 boolean.
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

#: Codes of the built-in codelists, by scheme.
CODES: dict[str, tuple[str, ...]] = {
    "body-type": ("city-council", "committee", "department", "secretariat", "company"),
    "organisation-type": ("municipality", "region", "country", "university", "network"),
    "initiative-kind": ("project", "eu-project", "network-membership", "study-visit"),
    "initiative-status": ("pipeline", "implementation", "closed", "suspended"),
    "progress-status": ("on-track", "at-risk", "delayed", "completed"),
    "partnership-kind": ("twinning", "partner-city", "friendship", "memorandum"),
    "partnership-event": (*STATUS_AFTER_EVENT, "reviewed", "noted"),
    "organisation-role": ("funding", "implementing", "partner", "member", "host"),
    "decision-outcome": ("noted", "approved", "retain", "relinquish", "renew"),
    "funding-programme": (
        "interreg",
        "urbact",
        "erasmus-plus",
        "national",
        "municipal",
    ),
    "result-type": ("output", "outcome", "impact"),
    "strategy-status": ("draft", "adopted", "in-force", "superseded", "expired"),
    "document-kind": ("strategy", "policy", "guidelines", "action-plan"),
    "follow-up-kind": ("yearly", "partnership-review", "evaluation", "audit"),
    "follow-up-frequency": ("yearly", "half-yearly", "per-term"),
}

_COUNTRIES = ("DK", "NO", "SE", "DE", "PL", "FO", "GL", "IS", "Åland")
_CURRENCIES = ("DKK", "SEK", "NOK", "EUR", "GBP", "ISK")
_TRANSLATORS = ("Anne Sørensen", "Jürgen Groß", "NO", "~", "Oversættelse: ApS")
_URLS = (
    "https://www.skanderborg.dk/",
    "https://keep.eu/projects/12345/",
    "https://urbact.eu/networks/x?lang=da&page=2#top",
    "https://example.org/æøå/Straße",
)
_FIRST_YEAR = 1950
_LAST_YEAR = 2040


@attrs.frozen(kw_only=True)
class References:
    """The ids that references in generated entities may name.

    ``None`` for a collection means "any slug" (references may dangle); an
    empty tuple means "there is nothing to refer to", so optional
    references stay empty.  ``parties`` are the municipality and the
    organisations.
    """

    bodies: tuple[str, ...] | None = None
    organisations: tuple[str, ...] | None = None
    parties: tuple[str, ...] | None = None
    strategies: tuple[str, ...] | None = None
    themes: tuple[str, ...] | None = None
    goals: tuple[str, ...] | None = None
    initiatives: tuple[str, ...] | None = None
    partnerships: tuple[str, ...] | None = None
    subjects: tuple[SubjectRef, ...] | None = None


_ANY = References()


# -- helpers -------------------------------------------------------------------


def _ref(draw: Draw, pool: Sequence[str] | None) -> str | None:
    """Draw an optional reference into ``pool`` (any slug if ``None``)."""
    if pool is None:
        return draw(_optional(slugs()))
    if not pool:
        return None
    return draw(_optional(st.sampled_from(tuple(pool))))


def _required_ref(draw: Draw, pool: Sequence[str] | None) -> str:
    if not pool:
        return draw(slugs())
    return draw(st.sampled_from(pool))


def _refs(draw: Draw, pool: Sequence[str] | None, max_size: int = 2) -> tuple[str, ...]:
    """Draw distinct references into ``pool`` (any slugs if ``None``)."""
    if pool is not None and not pool:
        return ()
    source = slugs() if pool is None else st.sampled_from(pool)
    return tuple(draw(st.lists(source, unique=True, max_size=max_size)))


@functools.cache
def _few(
    strategy: st.SearchStrategy[T], max_size: int
) -> st.SearchStrategy[tuple[T, ...]]:
    """Tuples of up to ``max_size`` items (cached: building strategies is slow)."""
    return st.lists(strategy, max_size=max_size).map(tuple)


@functools.cache
def _optional(strategy: st.SearchStrategy[T]) -> st.SearchStrategy[T | None]:
    # Cached: a new one-of strategy per draw costs more than the draw itself.
    return st.none() | strategy


@functools.cache
def _code(scheme: str) -> st.SearchStrategy[str]:
    return st.sampled_from(CODES[scheme])


def _entity_fields(draw: Draw) -> dict[str, Any]:
    """Draw the fields every entity has: sources, illustrative, visibility."""
    return {
        "sources": draw(_few(sources(), 1)),
        "illustrative": draw(st.booleans()),
        "visibility": draw(st.sampled_from(("public", "internal"))),
    }


# -- primitives ----------------------------------------------------------------


@functools.cache
def slugs() -> st.SearchStrategy[str]:
    """Generate ids (``[a-z0-9][a-z0-9-]*``), also ones YAML and Windows misread."""
    plain = st.builds(
        str.__add__,
        st.sampled_from(_SLUG_FIRST),
        st.text(alphabet=_SLUG_REST, max_size=10),
    )
    return plain | st.sampled_from(TRICKY_IDS)


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
        hash_ = draw(_optional(_hashes()))
        source = draw(_optional(language_tags()))
    return Provenance(
        method=method,
        source_language=source,
        source_hash=hash_,
        engine=draw(_optional(st.sampled_from(("deepl", "libretranslate", "nb:1")))),
        translator=draw(_optional(st.sampled_from(_TRANSLATORS))),
        review=draw(st.sampled_from(REVIEWS)),
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
def _optional_texts() -> st.SearchStrategy[LocalizedText]:
    # Optional texts are mostly left empty, as in real files (and it keeps
    # generation fast: texts are most of a portfolio's cost).
    return st.just(LocalizedText()) | localized_texts(max_languages=2)


@st.composite
def partial_dates(
    draw: Draw, *, min_year: int = 1, max_year: int = 9999
) -> PartialDate:
    """Generate a day, month, year or decade in the years given, maybe approximate."""
    approximate = draw(st.booleans())
    precision = draw(st.sampled_from(("day", "month", "year", "decade")))
    if precision == "decade":
        first = max(min_year, 10)
        first_decade, last_decade = -(-first // 10), max_year // 10
        if first_decade <= last_decade:
            decade = draw(st.integers(first_decade, last_decade)) * 10
            return PartialDate(year=decade, decade=True, approximate=approximate)
        precision = "year"
    if precision == "day":
        day = draw(
            st.dates(
                min_value=dt.date(min_year, 1, 1), max_value=dt.date(max_year, 12, 31)
            )
        )
        return PartialDate(
            year=day.year, month=day.month, day=day.day, approximate=approximate
        )
    year = draw(st.integers(min_year, max_year))
    month = draw(st.integers(1, 12)) if precision == "month" else None
    return PartialDate(year=year, month=month, approximate=approximate)


@functools.cache
def _dates() -> st.SearchStrategy[PartialDate]:
    return partial_dates(min_year=_FIRST_YEAR, max_year=_LAST_YEAR)


@st.composite
def periods(
    draw: Draw,
    *,
    min_year: int = _FIRST_YEAR,
    max_year: int = _LAST_YEAR,
    ordered: bool = True,
    open_ends: bool = True,
) -> Period:
    """Generate a period of partial dates, with open ends if ``open_ends``.

    With ``ordered`` (the default) the end never lies wholly before the
    start; without it, reversed periods occur too.
    """
    dates = partial_dates(min_year=min_year, max_year=max_year)
    start = draw(_optional(dates) if open_ends else dates)
    end = draw(_optional(dates) if open_ends else dates)
    if ordered and start and end and end.last_day < start.first_day:
        start, end = end, start
    return Period(start=start, end=end)


@functools.cache
def money() -> st.SearchStrategy[Money]:
    """Generate an amount in one currency: whole, with decimals, or approximate."""
    amounts = st.one_of(
        st.integers(0, 10**10).map(Decimal),
        st.decimals(min_value=0, max_value=10**8, places=2),
        st.sampled_from((Decimal("1000.50"), Decimal("0.10"), Decimal("1E+3"))),
    )
    return st.builds(
        Money,
        amount=amounts,
        currency=st.sampled_from(_CURRENCIES),
        approximate=st.booleans(),
    )


@functools.cache
def code_refs(schemes: tuple[str, ...] | None = None) -> st.SearchStrategy[CodeRef]:
    """Generate ``scheme:code`` refs: SDG goals, or ``schemes`` (any if empty)."""
    if schemes is None:
        return st.integers(1, 17).map(lambda goal: CodeRef("sdg", str(goal)))
    scheme = st.sampled_from(schemes) if schemes else slugs()
    code = st.text(alphabet=_SLUG_REST + ".:_", min_size=1, max_size=8)
    return st.builds(CodeRef, scheme, code | st.sampled_from(("11", "no", "1e3")))


@functools.cache
def sources() -> st.SearchStrategy[Source]:
    """Generate the document or page a fact comes from."""
    return st.builds(
        Source,
        title=texts(),
        url=_optional(st.sampled_from(_URLS)),
        note=_optional(texts()),
        accessed=_optional(_dates()),
    )


@functools.cache
def links() -> st.SearchStrategy[Link]:
    """Generate an external reference such as a keep.eu page."""
    return st.builds(
        Link,
        url=st.sampled_from(_URLS),
        title=_optional_texts(),
        system=_optional(st.sampled_from(("keep.eu", "urbact", "sbsys"))),
        identifier=_optional(texts(max_size=10)),
    )


@functools.cache
def code_items() -> st.SearchStrategy[CodeItem]:
    """One value of a codelist with labels."""
    return st.builds(
        CodeItem,
        code=slugs(),
        label=_optional_texts(),
        description=_optional_texts(),
        deprecated=st.booleans(),
    )


@st.composite
def codelists(draw: Draw) -> Codelist:
    """Generate a vocabulary with distinct codes and crosswalks to other standards."""
    items = draw(st.lists(code_items(), max_size=3, unique_by=lambda i: i.code))
    mappings = {
        item.code: draw(st.dictionaries(st.sampled_from(("iati", "dac")), texts(5)))
        for item in items
        if draw(st.booleans())
    }
    return Codelist(
        scheme=draw(slugs()),
        title=draw(_optional_texts()),
        open=draw(st.booleans()),
        items=tuple(items),
        source=draw(_optional(st.sampled_from(_URLS))),
        mappings=mappings,
    )


# -- who acts --------------------------------------------------------------------


@st.composite
def municipalities(draw: Draw, *, id: str | None = None) -> Municipality:
    """Generate the municipality a portfolio belongs to."""
    languages = draw(st.lists(language_tags(), min_size=1, max_size=3, unique=True))
    return Municipality(
        **_entity_fields(draw),
        id=id or draw(slugs()),
        name=draw(localized_texts()),
        country=draw(st.sampled_from(_COUNTRIES)),
        default_language=languages[0],
        working_languages=tuple(draw(st.permutations(languages))),
        codes=draw(
            st.dictionaries(st.sampled_from(("kommunekode", "cvr", "nuts")), texts(8))
        ),
        website=draw(_optional(st.sampled_from(_URLS))),
    )


@st.composite
def bodies(draw: Draw, *, id: str | None = None, refs: References = _ANY) -> Body:
    """Generate a committee, department, company, ... with an optional parent."""
    return Body(
        **_entity_fields(draw),
        id=id or draw(slugs()),
        name=draw(localized_texts()),
        type=draw(_code("body-type")),
        parent=_ref(draw, refs.bodies),
        period=draw(_optional(periods())),
        description=draw(_optional_texts()),
        links=draw(_few(links(), 1)),
    )


@functools.cache
def former_names() -> st.SearchStrategy[FormerName]:
    """Generate a name an organisation had before."""
    return st.builds(
        FormerName,
        name=localized_texts(),
        until=_optional(_dates()),
        note=_optional_texts(),
    )


@st.composite
def organisations(
    draw: Draw, *, id: str | None = None, refs: References = _ANY
) -> Organisation:
    """Generate an external partner with former names and aliases."""
    return Organisation(
        **_entity_fields(draw),
        id=id or draw(slugs()),
        name=draw(localized_texts()),
        type=draw(_code("organisation-type")),
        country=draw(_optional(st.sampled_from(_COUNTRIES))),
        former_names=draw(_few(former_names(), 1)),
        aliases=draw(_few(texts(max_size=12), 2)),
        parent=_ref(draw, refs.organisations),
        successor=_ref(draw, refs.organisations),
        website=draw(_optional(st.sampled_from(_URLS))),
        description=draw(_optional_texts()),
    )


# -- strategies, themes, goals ---------------------------------------------------


@functools.cache
def measurements() -> st.SearchStrategy[Measurement]:
    """Generate a baseline, target or actual value; every part optional."""
    values = st.decimals(min_value=-(10**6), max_value=10**6, places=2) | st.integers(
        -(10**6), 10**6
    ).map(Decimal)
    return st.builds(
        Measurement,
        value=_optional(values),
        text=_optional_texts(),
        date=_optional(_dates()),
    )


@functools.cache
def indicators() -> st.SearchStrategy[Indicator]:
    """Generate an indicator with optional baseline, target and actual."""
    return st.builds(
        Indicator,
        name=localized_texts(),
        unit=_optional(st.sampled_from(("%", "persons", "DKK", "antal", "t CO₂e"))),
        baseline=_optional(measurements()),
        target=_optional(measurements()),
        actual=_optional(measurements()),
    )


@st.composite
def goals(draw: Draw, *, id: str | None = None) -> Goal:
    """Generate a goal with optional indicators and SDG classifications."""
    return Goal(
        **_entity_fields(draw),
        id=id or draw(slugs()),
        statement=draw(localized_texts()),
        indicators=draw(_few(indicators(), 1)),
        classifications=draw(_few(code_refs(), 2)),
    )


def _theme_forest(
    draw: Draw,
    theme_ids: list[str],
    goal_ids: list[str],
    *,
    refs: References,
    depth: int,
    min_count: int = 0,
) -> tuple[Theme, ...]:
    """Build sibling themes, consuming ids from the pools so none repeats."""
    count = draw(st.integers(min(min_count, len(theme_ids)), min(2, len(theme_ids))))
    forest = []
    for _ in range(count):
        if not theme_ids:
            break
        theme_id = theme_ids.pop(0)
        goal_count = draw(st.integers(0, min(2, len(goal_ids))))
        theme_goals = tuple(draw(goals(id=goal_ids.pop(0))) for _ in range(goal_count))
        children = (
            _theme_forest(draw, theme_ids, goal_ids, refs=refs, depth=depth - 1)
            if depth > 1
            else ()
        )
        forest.append(
            Theme(
                **_entity_fields(draw),
                id=theme_id,
                title=draw(localized_texts()),
                label=draw(_optional_texts()),
                description=draw(_optional_texts()),
                cross_cutting=draw(st.booleans()),
                goals=theme_goals,
                themes=children,
                responsible=_refs(draw, refs.bodies),
                reports_to=_refs(draw, refs.bodies),
                classifications=draw(_few(code_refs(), 1)),
            )
        )
    return tuple(forest)


def _unique_slugs(max_size: int, min_size: int = 0) -> st.SearchStrategy[list[str]]:
    return st.lists(slugs(), min_size=min_size, max_size=max_size, unique=True)


@st.composite
def themes(draw: Draw, *, max_depth: int = 3, refs: References = _ANY) -> Theme:
    """Generate a theme with goals and sub-themes, ``max_depth`` levels at most."""
    theme_ids = draw(_unique_slugs(6, min_size=1))
    goal_ids = draw(_unique_slugs(3))
    forest = _theme_forest(
        draw,
        list(theme_ids),
        list(goal_ids),
        refs=refs,
        depth=max_depth,
        min_count=1,
    )
    return forest[0]


@st.composite
def adoptions(draw: Draw, *, refs: References = _ANY) -> Adoption:
    """Who adopted a document, and when."""
    return Adoption(
        body=_ref(draw, refs.bodies),
        date=draw(_optional(_dates())),
        reference=draw(_optional(texts(max_size=12))),
    )


@st.composite
def strategy_documents(
    draw: Draw,
    *,
    id: str | None = None,
    parents: Sequence[str] | None = None,
    refs: References = _ANY,
) -> StrategyDocument:
    """Generate a policy, guidelines or action plan, with issuer and adoption."""
    return StrategyDocument(
        **_entity_fields(draw),
        id=id or draw(slugs()),
        kind=draw(_code("document-kind")),
        title=draw(localized_texts()),
        issuer=_ref(draw, refs.bodies),
        adoption=draw(_optional(adoptions(refs=refs))),
        parent=_ref(draw, parents),
        url=draw(_optional(st.sampled_from(_URLS))),
    )


@st.composite
def follow_up_rules(draw: Draw, *, refs: References = _ANY) -> FollowUpRule:
    """How often a strategy is followed up, by whom, to whom."""
    return FollowUpRule(
        frequency=draw(_code("follow-up-frequency")),
        prepared_by=_refs(draw, refs.bodies),
        addressed_to=_refs(draw, refs.bodies),
        description=draw(_optional_texts()),
    )


@st.composite
def strategies(
    draw: Draw,
    *,
    id: str | None = None,
    theme_ids: Sequence[str] | None = None,
    goal_ids: Sequence[str] | None = None,
    max_depth: int = 2,
    refs: References = _ANY,
) -> Strategy:
    """Generate a strategy with documents and a tree of themes.

    ``theme_ids`` and ``goal_ids`` are the ids its themes and goals use (in
    order, not all need be used); by default fresh ones are drawn.
    """
    if theme_ids is None:
        theme_ids = draw(_unique_slugs(4))
    if goal_ids is None:
        goal_ids = draw(_unique_slugs(2))
    document_ids = draw(_unique_slugs(2))
    documents = tuple(
        draw(strategy_documents(id=doc_id, parents=document_ids[:n], refs=refs))
        for n, doc_id in enumerate(document_ids)
    )
    return Strategy(
        **_entity_fields(draw),
        id=id or draw(slugs()),
        title=draw(localized_texts()),
        vision=draw(_optional_texts()),
        summary=draw(_optional_texts()),
        principles=draw(_few(localized_texts(), 2)),
        period=draw(_optional(periods())),
        status=draw(_code("strategy-status")),
        adoption=draw(_optional(adoptions(refs=refs))),
        supersedes=_ref(draw, refs.strategies),
        documents=documents,
        themes=_theme_forest(
            draw,
            list(theme_ids),
            list(goal_ids),
            refs=refs,
            depth=max_depth,
            min_count=1,
        ),
        follow_up=draw(_optional(follow_up_rules(refs=refs))),
        links=draw(_few(links(), 1)),
    )


# -- initiatives -----------------------------------------------------------------


@st.composite
def participations(draw: Draw, *, refs: References = _ANY) -> Participation:
    """Generate a named partner, or a count of unnamed ones.

    A count may list (``includes``) the parties among the counted ones.
    """
    named = refs.parties is None or bool(refs.parties)
    includes: tuple[str, ...] = ()
    if named and draw(st.booleans()):
        organisation: str | None = _required_ref(draw, refs.parties)
        count = None
    else:
        organisation, count = None, draw(st.integers(1, 40))
        includes = _refs(draw, refs.parties)
    return Participation(
        organisation=organisation,
        count=count,
        includes=includes,
        description=draw(_optional_texts()),
        role=draw(_code("organisation-role")),
        lead=draw(st.booleans()),
        sources=draw(_few(sources(), 1)),
    )


@st.composite
def funding_lines(draw: Draw, *, refs: References = _ANY) -> FundingLine:
    """Generate money from one funder or programme, in one phase."""
    return FundingLine(
        funder=_ref(draw, refs.organisations),
        programme=draw(_optional(_code("funding-programme"))),
        amount=draw(_optional(money())),
        phase=draw(_optional(st.sampled_from(("1", "2", "Fase 1", "phase-2")))),
        period=draw(_optional(periods())),
        note=draw(_optional_texts()),
        sources=draw(_few(sources(), 1)),
    )


@functools.cache
def results() -> st.SearchStrategy[Result]:
    """Generate an output, outcome or impact with an optional indicator."""
    return st.builds(
        Result,
        type=_code("result-type"),
        title=localized_texts(),
        description=_optional_texts(),
        indicator=_optional(indicators()),
        sources=_few(sources(), 1),
    )


@st.composite
def initiatives(
    draw: Draw,
    *,
    id: str | None = None,
    parents: Sequence[str] | None = None,
    refs: References = _ANY,
) -> Initiative:
    """Generate a project, membership, exchange, ... with partners and funding.

    ``parents`` are the initiatives it may be part of (any slug by default).
    """
    return Initiative(
        **_entity_fields(draw),
        id=id or draw(slugs()),
        title=draw(localized_texts()),
        acronym=draw(_optional(texts(max_size=8))),
        kind=draw(_code("initiative-kind")),
        status=draw(_code("initiative-status")),
        period=draw(_optional(periods())),
        summary=draw(_optional_texts()),
        description=draw(_optional_texts()),
        themes=_refs(draw, refs.themes),
        goals=_refs(draw, refs.goals),
        responsible=_refs(draw, refs.bodies),
        participations=tuple(draw(st.lists(participations(refs=refs), max_size=2))),
        funding=tuple(draw(st.lists(funding_lines(refs=refs), max_size=2))),
        parent=_ref(draw, parents),
        partnership=_ref(draw, refs.partnerships),
        results=draw(_few(results(), 1)),
        links=draw(_few(links(), 1)),
        classifications=draw(_few(code_refs(), 2)),
    )


# -- partnerships ----------------------------------------------------------------


def parties(party_ids: Sequence[str] | None = None) -> st.SearchStrategy[Party]:
    """One side of a partnership."""
    party = slugs() if not party_ids else st.sampled_from(party_ids)
    return st.builds(Party, party=party, role=_optional_texts())


@st.composite
def partnership_events(
    draw: Draw,
    *,
    party_ids: Sequence[str] | None = None,
    refs: References = _ANY,
) -> PartnershipEvent:
    """Generate a dated event, joint or by one of ``party_ids``."""
    # Transfers weighted up so ``transferred_to`` gets exercised too.
    kind = draw(st.sampled_from((*CODES["partnership-event"], "transferred")))
    transferred_to = (
        _required_ref(draw, refs.parties)
        if kind == "transferred" and refs.parties != ()
        else None
    )
    return PartnershipEvent(
        **_entity_fields(draw),
        kind=kind,
        date=draw(_dates()),
        party=_ref(draw, party_ids),
        decided_by=_ref(draw, refs.bodies),
        reference=draw(_optional(texts(max_size=12))),
        transferred_to=transferred_to,
        note=draw(_optional_texts()),
    )


@st.composite
def partnerships(
    draw: Draw,
    *,
    id: str | None = None,
    refs: References = _ANY,
) -> Partnership:
    """Generate a twinning or agreement with two or more parties and events.

    The parties are distinct; with ``refs.parties`` the first of those (the
    municipality) is always one of them.  Events are in date order.
    """
    if refs.parties is None:
        party_ids = draw(_unique_slugs(3, min_size=2))
    else:
        others = list(refs.parties[1:])
        chosen = (
            draw(st.lists(st.sampled_from(others), min_size=1, max_size=2, unique=True))
            if others
            else []
        )
        party_ids = [refs.parties[0], *chosen] if refs.parties else []
    events = draw(
        st.lists(partnership_events(party_ids=party_ids, refs=refs), max_size=3)
    )
    return Partnership(
        **_entity_fields(draw),
        id=id or draw(slugs()),
        kind=draw(_code("partnership-kind")),
        title=draw(localized_texts()),
        parties=tuple(draw(parties((party,))) for party in party_ids),
        areas=_refs(draw, refs.themes),
        description=draw(_optional_texts()),
        review=draw(_optional(_dates())),
        expires=draw(_optional(_dates())),
        events=tuple(sorted(events, key=lambda event: event.date.sort_key())),
        links=draw(_few(links(), 1)),
    )


# -- follow-ups ------------------------------------------------------------------


@functools.cache
def subject_refs() -> st.SearchStrategy[SubjectRef]:
    """Generate the ``kind:id`` subject of a status update or decision."""
    return st.builds(
        SubjectRef,
        st.sampled_from(("theme", "goal", "initiative", "partnership")),
        slugs(),
    )


@st.composite
def status_updates(draw: Draw, *, subject: SubjectRef | None = None) -> StatusUpdate:
    """One subject's status, progress, achievements and deviations."""
    return StatusUpdate(
        **_entity_fields(draw),
        subject=subject or draw(subject_refs()),
        status=draw(_optional(_code("initiative-status"))),
        progress=draw(_optional(_code("progress-status"))),
        achievements=draw(_optional_texts()),
        deviations=draw(_optional_texts()),
        next_steps=draw(_optional_texts()),
    )


@st.composite
def decisions(draw: Draw, *, refs: References = _ANY) -> Decision:
    """Generate a decision a body took on the subjects of a follow-up."""
    if refs.subjects is None:
        subjects = draw(st.lists(subject_refs(), max_size=2, unique=True))
    elif refs.subjects:
        pool = refs.subjects
        subjects = draw(st.lists(st.sampled_from(pool), max_size=2, unique=True))
    else:
        subjects = []
    return Decision(
        **_entity_fields(draw),
        body=_required_ref(draw, refs.bodies),
        date=draw(_dates()),
        outcome=draw(_code("decision-outcome")),
        text=draw(_optional_texts()),
        subjects=tuple(subjects),
        reference=draw(_optional(texts(max_size=12))),
    )


@functools.cache
def case_references() -> st.SearchStrategy[CaseReference]:
    """Generate the case number, meeting and agenda item of a follow-up."""
    return st.builds(
        CaseReference,
        number=_optional(st.sampled_from(("24/12345", "00.01.00-A00-1-24", "1e3"))),
        meeting=_optional(_dates()),
        agenda_item=_optional(st.sampled_from(("5", "12a", "no"))),
        url=_optional(st.sampled_from(_URLS)),
    )


@st.composite
def followups(
    draw: Draw,
    *,
    id: str | None = None,
    period: Period | None = None,
    refs: References = _ANY,
) -> FollowUp:
    """Generate a follow-up with one update per subject and some decisions.

    With ``refs.subjects`` the updates cover some of those subjects (the
    ones active in ``period``); without, any subjects.
    """
    if period is None:
        period = draw(
            st.integers(_FIRST_YEAR, _LAST_YEAR).map(Period.year)
            | periods(open_ends=False)
        )
    if refs.subjects is None:
        subjects = draw(st.lists(subject_refs(), max_size=3, unique=True))
    else:
        subjects = draw(st.permutations(refs.subjects))[:3]
    draft = FollowUp(
        **_entity_fields(draw),
        id=id or draw(slugs()),
        kind=draw(_code("follow-up-kind")),
        title=draw(_optional_texts()),
        period=period,
        addressee=_required_ref(draw, refs.bodies),
        prepared_by=_refs(draw, refs.bodies),
        strategy=_ref(draw, refs.strategies),
        due=draw(_optional(_dates())),
        case=draw(_optional(case_references())),
        summary=draw(_optional_texts()),
        recommendation=draw(_optional_texts()),
        decisions_requested=draw(_few(localized_texts(), 2)),
        updates=tuple(draw(status_updates(subject=s)) for s in subjects),
        decisions=tuple(
            draw(
                st.lists(
                    decisions(refs=attrs.evolve(refs, subjects=tuple(subjects))),
                    max_size=2,
                )
            )
        ),
        links=draw(_few(links(), 1)),
    )
    state = draw(st.sampled_from(FOLLOW_UP_STATES))
    if state == "draft":
        return draft
    # Submitted follow-ups carry the fingerprint of their content, as
    # munintl.followups.submit records it.
    return attrs.evolve(
        draft,
        state=state,
        submitted=draw(_optional(_dates())),
        fingerprint=content_fingerprint(draft),
    )


# -- the whole portfolio ---------------------------------------------------------


def _active_subjects(portfolio: Portfolio, period: Period) -> tuple[SubjectRef, ...]:
    """List every theme and goal, and what is active in ``period``."""
    subjects = [SubjectRef("theme", theme.id) for _, theme in portfolio.all_themes()]
    subjects += [
        SubjectRef("goal", goal.id)
        for strategy in portfolio.strategies
        for _, goal in strategy.all_goals()
    ]
    subjects += [
        SubjectRef("initiative", i.id) for i in portfolio.initiatives_active_in(period)
    ]
    subjects += [
        SubjectRef("partnership", p.id)
        for p in portfolio.partnerships_active_in(period)
    ]
    return tuple(subjects)


@st.composite
def portfolios(draw: Draw, *, max_size: int = 3) -> Portfolio:
    """Generate a small portfolio whose references all resolve.

    At most ``max_size`` entities per collection (two strategies, each with
    a few nested themes).  Ids are unique per collection; theme and goal ids
    unique across the portfolio; no organisation shares the municipality's
    id; parents, successors and ``supersedes`` only point backwards, so no
    chain loops; partnerships have the municipality and at least one
    organisation as parties, and follow-ups only exist where there is a body
    to address them to.
    """
    municipality = draw(municipalities())
    body_ids = draw(_unique_slugs(max_size))
    organisation_ids = draw(
        _unique_slugs(max_size).map(
            lambda ids: [i for i in ids if i != municipality.id]
        )
    )
    strategy_ids = draw(_unique_slugs(min(max_size, 2)))
    theme_pool = draw(_unique_slugs(2 * max_size))
    goal_pool = draw(_unique_slugs(max_size))
    initiative_ids = draw(_unique_slugs(max_size))
    partnership_ids = draw(_unique_slugs(min(max_size, 2))) if organisation_ids else []

    refs = References(
        bodies=tuple(body_ids),
        organisations=tuple(organisation_ids),
        parties=(municipality.id, *organisation_ids),
        strategies=(),
        themes=(),
        goals=(),
        initiatives=tuple(initiative_ids),
        partnerships=tuple(partnership_ids),
    )
    the_bodies = [
        draw(bodies(id=body_id, refs=attrs.evolve(refs, bodies=tuple(body_ids[:n]))))
        for n, body_id in enumerate(body_ids)
    ]
    the_organisations = [
        draw(
            organisations(
                id=org_id,
                refs=attrs.evolve(refs, organisations=tuple(organisation_ids[:n])),
            )
        )
        for n, org_id in enumerate(organisation_ids)
    ]
    the_strategies = []
    for n, strategy_id in enumerate(strategy_ids):
        half = len(theme_pool) // 2
        own_themes = theme_pool[:half] if n == 0 else theme_pool[half:]
        own_goals = (
            goal_pool[: len(goal_pool) // 2]
            if n == 0
            else goal_pool[len(goal_pool) // 2 :]
        )
        the_strategies.append(
            draw(
                strategies(
                    id=strategy_id,
                    theme_ids=own_themes,
                    goal_ids=own_goals,
                    refs=attrs.evolve(refs, strategies=tuple(strategy_ids[:n])),
                )
            )
        )
    theme_ids = tuple(
        theme.id for strategy in the_strategies for theme in strategy.all_themes()
    )
    goal_ids = tuple(
        goal.id for strategy in the_strategies for _, goal in strategy.all_goals()
    )
    refs = attrs.evolve(
        refs, strategies=tuple(strategy_ids), themes=theme_ids, goals=goal_ids
    )
    the_initiatives = [
        draw(initiatives(id=initiative_id, parents=initiative_ids[:n], refs=refs))
        for n, initiative_id in enumerate(initiative_ids)
    ]
    the_partnerships = [
        draw(partnerships(id=partnership_id, refs=refs))
        for partnership_id in partnership_ids
    ]
    portfolio = Portfolio(
        municipality=municipality,
        bodies=the_bodies,
        organisations=the_organisations,
        strategies=the_strategies,
        initiatives=the_initiatives,
        partnerships=the_partnerships,
    )
    if not body_ids:
        return portfolio
    followup_ids = draw(_unique_slugs(min(max_size, 2)))
    the_followups = []
    for followup_id in followup_ids:
        period = draw(st.integers(_FIRST_YEAR, _LAST_YEAR).map(Period.year))
        subjects = _active_subjects(portfolio, period)
        the_followups.append(
            draw(
                followups(
                    id=followup_id,
                    period=period,
                    refs=attrs.evolve(refs, subjects=subjects),
                )
            )
        )
    return attrs.evolve(portfolio, followups=the_followups)
