"""Which ids the references in generated entities may name."""

from __future__ import annotations

from collections.abc import Sequence

import attrs
from hypothesis import strategies as st

from munintl.model import (
    SubjectRef,
)
from munintl.testing.strategies._base import Draw, optional
from munintl.testing.strategies.values import slugs

__all__ = [
    "References",
]


@attrs.frozen(kw_only=True)
class References:
    """The ids that references in generated entities may name.

    ``None`` for a collection means "any slug" (references may dangle); an
    empty tuple means "there is nothing to refer to", so optional
    references stay empty.  ``parties`` are the municipality and the
    organisations; ``actors`` the parties and the bodies (``None``: the
    parties, or any slug where those are not given either).
    """

    bodies: tuple[str, ...] | None = None
    organisations: tuple[str, ...] | None = None
    parties: tuple[str, ...] | None = None
    actors: tuple[str, ...] | None = None
    strategies: tuple[str, ...] | None = None
    themes: tuple[str, ...] | None = None
    goals: tuple[str, ...] | None = None
    documents: tuple[str, ...] | None = None
    initiatives: tuple[str, ...] | None = None
    partnerships: tuple[str, ...] | None = None
    followups: tuple[str, ...] | None = None
    subjects: tuple[SubjectRef, ...] | None = None


def actor_pool(refs: References) -> tuple[str, ...] | None:
    """The ids an actor reference may name: ``refs.actors``, else the parties."""
    return refs.actors if refs.actors is not None else refs.parties


#: References that may name any slug: the default of every entity strategy.
ANY = References()


def optional_ref(draw: Draw, pool: Sequence[str] | None) -> str | None:
    """Draw an optional reference into ``pool`` (any slug if ``None``)."""
    if pool is None:
        return draw(optional(slugs()))
    if not pool:
        return None
    return draw(optional(st.sampled_from(tuple(pool))))


def required_ref(draw: Draw, pool: Sequence[str] | None) -> str:
    """Draw a reference into ``pool``, or any slug if the pool is empty."""
    if not pool:
        return draw(slugs())
    return draw(st.sampled_from(pool))


def distinct_refs(
    draw: Draw, pool: Sequence[str] | None, max_size: int = 2
) -> tuple[str, ...]:
    """Draw distinct references into ``pool`` (any slugs if ``None``)."""
    if pool is not None and not pool:
        return ()
    source = slugs() if pool is None else st.sampled_from(pool)
    return tuple(draw(st.lists(source, unique=True, max_size=max_size)))


def unique_slugs(max_size: int, min_size: int = 0) -> st.SearchStrategy[list[str]]:
    """Generate lists of distinct ids, for the entities of one collection."""
    return st.lists(slugs(), min_size=min_size, max_size=max_size, unique=True)
