"""Strategies for ids, money, codes, codelists, sources and links."""

from __future__ import annotations

import functools
import string
from decimal import Decimal
from typing import Any

from hypothesis import strategies as st

from munintl.model import (
    KIND_CHANGE,
    STATUS_AFTER_EVENT,
    CodeItem,
    Codelist,
    CodeRef,
    Link,
    Money,
    Source,
)
from munintl.testing.strategies._base import URLS, Draw, few, optional
from munintl.testing.strategies.dates import recent_dates
from munintl.testing.strategies.text import optional_texts, texts

__all__ = [
    "CODES",
    "TRICKY_IDS",
    "code_items",
    "code_refs",
    "codelists",
    "links",
    "money",
    "slugs",
    "sources",
]


_SLUG_FIRST = string.ascii_lowercase + string.digits
_SLUG_REST = _SLUG_FIRST + "-"

# Described where the package exports it (TRICKY_IDS in __init__.py).
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


# Described where the package exports it (CODES in __init__.py).
CODES: dict[str, tuple[str, ...]] = {
    "body-type": ("city-council", "committee", "department", "secretariat", "company"),
    "organisation-type": ("municipality", "region", "country", "university", "network"),
    "initiative-kind": ("project", "eu-project", "network-membership", "study-visit"),
    "initiative-status": ("pipeline", "implementation", "closed", "suspended"),
    "progress-status": ("on-track", "at-risk", "delayed", "completed"),
    "partnership-kind": ("twinning", "partner-city", "friendship", "memorandum"),
    "partnership-status": tuple(dict.fromkeys(STATUS_AFTER_EVENT.values())),
    "partnership-event": (*STATUS_AFTER_EVENT, "reviewed", "noted", KIND_CHANGE),
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


_CURRENCIES = ("DKK", "SEK", "NOK", "EUR", "GBP", "ISK")


@functools.cache
def currencies() -> st.SearchStrategy[str]:
    """Generate an ISO 4217 currency code of the region's money."""
    return st.sampled_from(_CURRENCIES)


def slugs() -> st.SearchStrategy[str]:
    """Generate ids (``[a-z0-9][a-z0-9-]*``), also ones YAML and Windows misread."""
    plain = st.builds(
        str.__add__,
        st.sampled_from(_SLUG_FIRST),
        st.text(alphabet=_SLUG_REST, max_size=10),
    )
    return plain | st.sampled_from(TRICKY_IDS)


@functools.cache
def money() -> st.SearchStrategy[Money]:
    """Generate an amount in one currency: whole, with decimals, or approximate."""
    amounts = st.one_of(
        st.integers(0, 10**10).map(Decimal),
        st.decimals(min_value=0, max_value=10**8, places=2),
        st.sampled_from((Decimal("1000.50"), Decimal("0.10"), Decimal("1E+3"))),
        # The limits of an amount: 15 digits before the point, 6 after.
        st.sampled_from(
            (
                Decimal("999999999999999.999999"),
                Decimal(10**15 - 1),
                Decimal("0.000001"),
                Decimal("1.5E+14"),
            )
        ),
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
        url=optional(st.sampled_from(URLS)),
        note=optional(texts()),
        accessed=optional(recent_dates()),
    )


@functools.cache
def links() -> st.SearchStrategy[Link]:
    """Generate an external reference such as a keep.eu page."""
    return st.builds(
        Link,
        url=st.sampled_from(URLS),
        title=optional_texts(),
        system=optional(st.sampled_from(("keep.eu", "urbact", "sbsys"))),
        identifier=optional(texts(max_size=10)),
    )


@functools.cache
def code_items() -> st.SearchStrategy[CodeItem]:
    """One value of a codelist with labels."""
    return st.builds(
        CodeItem,
        code=slugs(),
        label=optional_texts(),
        description=optional_texts(),
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
        title=draw(optional_texts()),
        open=draw(st.booleans()),
        items=tuple(items),
        source=draw(optional(st.sampled_from(URLS))),
        mappings=mappings,
    )


@functools.cache
def code(scheme: str) -> st.SearchStrategy[str]:
    """Draw a code of the built-in codelist ``scheme`` (see :data:`CODES`)."""
    return st.sampled_from(CODES[scheme])


def entity_fields(draw: Draw) -> dict[str, Any]:
    """Draw the fields every entity has: sources, illustrative, visibility."""
    return {
        "sources": draw(few(sources(), 1)),
        "illustrative": draw(st.booleans()),
        "visibility": draw(st.sampled_from(("public", "internal"))),
    }
