"""Strategies for who acts: the municipality, its bodies, other organisations."""

from __future__ import annotations

import functools

from hypothesis import strategies as st

from munintl.model import (
    Body,
    Figure,
    FormerName,
    LocalizedText,
    Member,
    Municipality,
    Organisation,
)
from munintl.testing.strategies._base import (
    URLS,
    Draw,
    few,
    optional,
)
from munintl.testing.strategies.dates import periods, recent_dates
from munintl.testing.strategies.references import (
    ANY,
    References,
    actor_pool,
    optional_ref,
    required_ref,
)
from munintl.testing.strategies.strategy import measured_values
from munintl.testing.strategies.text import (
    language_tags,
    localized_texts,
    optional_texts,
    texts,
)
from munintl.testing.strategies.values import (
    code,
    currencies,
    entity_fields,
    links,
    slugs,
)

__all__ = [
    "bodies",
    "figures",
    "former_names",
    "members",
    "municipalities",
    "organisations",
]


_COUNTRIES = ("DK", "NO", "SE", "DE", "PL", "FO", "GL", "IS", "Åland")


@st.composite
def municipalities(draw: Draw, *, id: str | None = None) -> Municipality:
    """Generate the municipality a portfolio belongs to."""
    languages = draw(st.lists(language_tags(), min_size=1, max_size=3, unique=True))
    return Municipality(
        **entity_fields(draw),
        id=id or draw(slugs()),
        name=draw(localized_texts()),
        country=draw(st.sampled_from(_COUNTRIES)),
        default_language=languages[0],
        working_languages=tuple(draw(st.permutations(languages))),
        codes=draw(
            st.dictionaries(st.sampled_from(("kommunekode", "cvr", "nuts")), texts(8))
        ),
        website=draw(optional(st.sampled_from(URLS))),
        description=draw(optional_texts()),
        figures=draw(few(figures(), 2)),
    )


@functools.cache
def figures() -> st.SearchStrategy[Figure]:
    """Generate a context figure: a count, an area, an amount of money."""
    return st.builds(
        Figure,
        name=localized_texts(),
        value=measured_values(),
        unit=optional(st.sampled_from(("persons", "km²", "%"))),
        currency=optional(currencies()),
        date=optional(recent_dates()),
        note=optional_texts(),
    )


@st.composite
def members(draw: Draw, *, of: str | None = None, refs: References = ANY) -> Member:
    """Generate a member of a joint body: any actor but the body ``of`` itself."""
    pool = actor_pool(refs)
    if pool is not None:
        pool = tuple(actor for actor in pool if actor != of)
    return Member(
        member=required_ref(draw, pool),
        role=draw(optional_texts()),
        seats=draw(optional(st.integers(1, 12))),
        period=draw(optional(periods())),
        note=draw(optional_texts()),
    )


@st.composite
def bodies(draw: Draw, *, id: str | None = None, refs: References = ANY) -> Body:
    """Generate a committee, department, company, ... with an optional parent.

    A body may have former names, a successor and members (a joint body);
    its members are distinct actors other than itself.
    """
    body_id = id or draw(slugs())
    joint = draw(st.lists(members(of=body_id, refs=refs), max_size=2))
    unique = {member.member: member for member in joint}
    return Body(
        **entity_fields(draw),
        id=body_id,
        name=draw(localized_texts()),
        type=draw(code("body-type")),
        parent=optional_ref(draw, refs.bodies),
        period=draw(optional(periods())),
        description=draw(optional_texts()),
        former_names=draw(few(former_names(), 1)),
        successor=optional_ref(draw, refs.bodies),
        members=tuple(unique.values()),
        links=draw(few(links(), 1)),
    )


@functools.cache
def former_names() -> st.SearchStrategy[FormerName]:
    """Generate a name an organisation had before."""
    return st.builds(
        FormerName,
        name=localized_texts(),
        until=optional(recent_dates()),
        note=optional_texts(),
    )


@st.composite
def organisations(
    draw: Draw, *, id: str | None = None, refs: References = ANY
) -> Organisation:
    """Generate an external partner with former names and aliases."""
    unknown = draw(st.integers(0, 3)) == 0
    return Organisation(
        **entity_fields(draw),
        id=id or draw(slugs()),
        # Now and then a partner whose name no source gives.
        name=LocalizedText() if unknown else draw(localized_texts()),
        name_unknown=unknown,
        type=draw(code("organisation-type")),
        country=draw(optional(st.sampled_from(_COUNTRIES))),
        former_names=draw(few(former_names(), 1)),
        aliases=draw(few(texts(max_size=12), 2)),
        parent=optional_ref(draw, refs.organisations),
        successor=optional_ref(draw, refs.organisations),
        website=draw(optional(st.sampled_from(URLS))),
        description=draw(optional_texts()),
        # Shared identifiers, each in its scheme's form.
        identifiers=dict(
            draw(
                st.lists(
                    st.sampled_from(
                        (("wikidata", "Q1748"), ("nuts", "DK042"), ("lau", "16056000"))
                    ),
                    max_size=2,
                )
            )
        ),
    )
