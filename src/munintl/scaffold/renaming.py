"""A new portfolio's ids in its language, and renaming them with every reference.

A reference is a field the model marks with the collection it points into
(``metadata={"ref": "themes"}``, see :func:`munintl.model.values.ref`), a
subject of a status update or decision (``theme:<id>``), or a document's
``parent`` (another document or the strategy).  Texts are never touched.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

import attrs

from munintl.model import (
    Body,
    Goal,
    LocalizedText,
    Portfolio,
    Strategy,
    StrategyDocument,
    SubjectRef,
    Theme,
)
from munintl.scaffold import words

#: Renames by collection (``themes``, ``goals``, ``strategies``, ...): old id -> new.
Renames = Mapping[str, Mapping[str, str]]

#: The collection each entity's own ``id`` belongs to.
_OWN: dict[type, str] = {
    Body: "bodies",
    Strategy: "strategies",
    Theme: "themes",
    Goal: "goals",
    StrategyDocument: "documents",
}

_SUBJECTS: dict[str, str] = {
    "theme": "themes",
    "goal": "goals",
    "initiative": "initiatives",
    "partnership": "partnerships",
}


def rename_ids(portfolio: Portfolio, renames: Renames) -> Portfolio:
    """Return ``portfolio`` with the ids in ``renames`` renamed, and every reference.

    >>> from munintl.model import Municipality
    >>> theme = Theme(id="klima", title=LocalizedText.of(en="Climate"))
    >>> strategy = Strategy(id="s", title=LocalizedText.of(en="S"), themes=(theme,))
    >>> p = Portfolio(
    ...     municipality=Municipality(
    ...         id="m",
    ...         name=LocalizedText.of(en="M"),
    ...         country="GB",
    ...         default_language="en",
    ...     ),
    ...     strategies=(strategy,),
    ... )
    >>> rename_ids(p, {"themes": {"klima": "climate"}}).strategies[0].themes[0].id
    'climate'
    """
    renamed: Portfolio = _renamed(portfolio, renames)
    return renamed


def id_language(language: str) -> str:
    """The language a new portfolio's ids are in: ``language``, else English."""
    return language if language in words.LANGUAGES else "en"


def _unique(wanted: str, taken: set[str]) -> str:
    new, number = wanted, 1
    while new in taken:
        number += 1
        new = f"{wanted}-{number}"
    taken.add(new)
    return new


def new_ids(example: Portfolio, language: str, *, keep: bool) -> Renames:
    """The new ids of the example's strategies, themes and goals in ``language``.

    And of the two bodies a new portfolio starts with, unless the example's
    own are ``keep``-t.

    The example's own language keeps its theme ids; another gets them from
    the prepared theme titles (:data:`munintl.scaffold.words.THEME_TITLES`),
    else from the theme's English title.  Goals are numbered under their
    theme: the example's goal ids name its own projects and twin towns.
    """
    language = id_language(language)
    own = language == example.municipality.default_language
    strategies: dict[str, str] = {}
    themes: dict[str, str] = {}
    goals: dict[str, str] = {}
    taken: set[str] = set()
    for strategy in example.strategies:
        wanted = strategy.id if own else words.STRATEGY_IDS[language]
        strategies[strategy.id] = _unique(wanted, taken)
    every = [theme for _, theme in example.all_themes()]
    taken = set()
    for theme in every:
        prepared = words.THEME_TITLES.get(theme.id)
        english = theme.title.get("en", ())
        if own:
            wanted = theme.id
        elif prepared is not None:
            wanted = words.slug(prepared[language], language)
        elif isinstance(english, str) and words.slug(english, "en"):
            wanted = words.slug(english, "en")
        else:
            wanted = theme.id
        themes[theme.id] = _unique(wanted, taken)
    taken = set()
    for theme in every:
        for number, goal in enumerate(theme.goals, start=1):
            wanted = f"{themes[theme.id]}-{words.GOAL_WORDS[language]}-{number}"
            goals[goal.id] = _unique(wanted, taken)
    renames: dict[str, dict[str, str]] = {
        "strategies": strategies,
        "themes": themes,
        "goals": goals,
    }
    if not keep:
        bodies = {old: ids[language] for old, ids in words.BODY_IDS.items()}
        renames["bodies"] = renames["actors"] = bodies
    return renames


def _renamed(value: Any, renames: Renames) -> Any:
    if isinstance(value, tuple):
        items = tuple(_renamed(item, renames) for item in value)
        changed = any(a is not b for a, b in zip(items, value, strict=True))
        return items if changed else value
    if isinstance(value, SubjectRef):
        new_id = renames.get(_SUBJECTS[value.kind], {}).get(value.id)
        return SubjectRef(value.kind, new_id) if new_id else value
    if isinstance(value, LocalizedText) or not attrs.has(type(value)):
        return value
    changes: dict[str, Any] = {}
    for field in attrs.fields(type(value)):
        if not field.init:
            continue
        current = getattr(value, field.name)
        collection = _collection(value, field.name, field.metadata, renames)
        new: Any
        if collection is None:
            new = _renamed(current, renames)
        else:
            table = renames.get(collection, {})
            if isinstance(current, tuple):
                new = tuple(table.get(item, item) for item in current)
            else:
                new = table.get(current, current) if current is not None else None
        if new is not current and new != current:
            changes[field.alias] = new
    return attrs.evolve(value, **changes) if changes else value


def _collection(
    value: Any, name: str, metadata: Mapping[Any, Any], renames: Renames
) -> str | None:
    """The collection the field ``name`` of ``value`` names ids in, if any."""
    if name == "id":
        return _OWN.get(type(value))
    if isinstance(value, StrategyDocument) and name == "parent":
        # Another document of the strategy, or the strategy itself.
        documents = renames.get("documents", {})
        return "documents" if value.parent in documents else "strategies"
    collection = metadata.get("ref")
    return collection if isinstance(collection, str) else None
