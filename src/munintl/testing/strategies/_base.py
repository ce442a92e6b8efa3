"""What every strategy module shares: type names, settings, years, URLs.

A private module: the names here are for the modules of this package.
"""

from __future__ import annotations

import functools
from typing import TypeVar

from hypothesis import HealthCheck, settings
from hypothesis import strategies as st

T = TypeVar("T")
Draw = st.DrawFn

# Described where the package exports it (BIG in __init__.py).
BIG = settings(
    max_examples=20, deadline=None, suppress_health_check=[HealthCheck.too_slow]
)

#: Web addresses for sources, links and websites, with a query, a fragment and
#: non-ASCII letters.
URLS = (
    "https://www.skanderborg.dk/",
    "https://keep.eu/projects/12345/",
    "https://urbact.eu/networks/x?lang=da&page=2#top",
    "https://example.org/æøå/Straße",
)

#: The years the dates of entities fall in (a partial date alone may be any year).
FIRST_YEAR = 1950
LAST_YEAR = 2040


@functools.cache
def few(
    strategy: st.SearchStrategy[T], max_size: int
) -> st.SearchStrategy[tuple[T, ...]]:
    """Tuples of up to ``max_size`` items (cached: building strategies is slow)."""
    return st.lists(strategy, max_size=max_size).map(tuple)


@functools.cache
def optional(strategy: st.SearchStrategy[T]) -> st.SearchStrategy[T | None]:
    # Cached: a new one-of strategy per draw costs more than the draw itself.
    return st.none() | strategy
