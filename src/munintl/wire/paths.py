"""The one field-path convention: how findings, stores and rules name a value.

A *field path* is a tuple of keys and list positions from the root of a
portfolio's wire data, ``("initiatives", 3, "period", "end")``.  A
*portfolio path* is the string findings carry, which addresses entities by
id where they have one: ``initiatives[active-travel-network].period.end``,
``themes[climate].goals[0]`` (themes by id at any depth, without the
strategy), ``followups[f-2011].updates[initiative:atn]`` (status updates by
subject).  ``municipality.name`` names the municipality's fields.

Everything that writes or reads such a path uses this module: the converter
(:func:`format_path`), the file stores (:func:`portfolio_path`,
:func:`raw_path`), the YAML directory store (:func:`join`,
:func:`split_path`) and the validation rules (:func:`place`).
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from typing import Any

from munintl.model import is_slug

#: One step of a field path: a key or a list position.
PathStep = str | int

#: A field path from the root of the wire data.
FieldPath = tuple[PathStep, ...]

#: The portfolio's collections of entities, addressed by id in portfolio paths.
COLLECTIONS = (
    "bodies",
    "organisations",
    "strategies",
    "initiatives",
    "partnerships",
    "followups",
)

_SUBJECT = re.compile(r"^(theme|goal|initiative|partnership):[a-z0-9][a-z0-9-]*$")
_STEP = re.compile(r"\[([^\]]*)\]|\.?([^.\[\]]+)")


def _slug_id(item: object) -> str | None:
    if isinstance(item, Mapping):
        value = item.get("id")
        if isinstance(value, str) and is_slug(value) and "\n" not in value:
            return value
    return None


def _subject(item: object) -> str | None:
    if isinstance(item, Mapping):
        value = item.get("subject")
        if isinstance(value, str) and _SUBJECT.match(value) and "\n" not in value:
            return value
    return None


def portfolio_path(data: object, path: Sequence[PathStep]) -> str:
    """Name the value at ``path`` in a portfolio's wire data as findings do.

    ``path`` is a list of keys and list positions from the root of the
    data, e.g. ``("initiatives", 3, "period", "end")``; the result addresses
    entities by id where the item has a valid one
    (``initiatives[active-travel-network].period.end``), themes by id at any
    depth, and status updates by subject.  Positions stay numbers where no
    id can be read.
    """
    out = ""
    node: Any = data
    parent: PathStep | None = None
    for depth, step in enumerate(path):
        item: Any = None
        if isinstance(step, int):
            if isinstance(node, list) and 0 <= step < len(node):
                item = node[step]
            key: str | None = None
            if depth == 1 and parent in COLLECTIONS:
                key = _slug_id(item)
            elif parent == "themes" and out.startswith(("strategies[", "themes[")):
                key = _slug_id(item)
                if key is not None:
                    out = f"themes[{key}]"
                    node, parent = item, step
                    continue
            elif parent == "updates" and out.startswith("followups["):
                key = _subject(item)
            out += f"[{key if key is not None else step}]"
        else:
            if isinstance(node, Mapping):
                item = node.get(step)
            out += f".{step}" if out else step
        node, parent = item, step
    return out


def raw_path(
    data: object, path: str, ids: IdCache | None = None
) -> tuple[PathStep, ...]:
    """Find the longest prefix of a finding's ``path`` in a portfolio's wire data.

    The inverse of :func:`portfolio_path`, as far as the data allows: a path
    naming an entity, theme or update that is not there resolves to the
    deepest part that is.  Where several entities have the id the path
    names (an error validation reports), the one the rest of the path
    resolves furthest in is taken, the first of those.  To resolve many
    paths in the same data, pass the same :class:`IdCache` to each call:
    each list's ids are then read once, not once per path.
    """
    tokens = [(match.group(1), match.group(2)) for match in _STEP.finditer(path)]
    return tuple(_walk(data, tokens, 0, node=data, parent=None, steps=[], ids=ids))


def _walk(
    data: object,
    tokens: list[tuple[str | None, str | None]],
    start: int,
    *,
    node: Any,
    parent: str | None,
    steps: list[PathStep],
    ids: IdCache | None,
) -> list[PathStep]:
    for number in range(start, len(tokens)):
        index, name = tokens[number]
        if name is not None:
            if name == "themes" and not steps and index is None:
                parent = "themes"
                continue
            if not isinstance(node, Mapping) or name not in node:
                break
            steps.append(name)
            node, parent = node[name], name
            continue
        assert index is not None
        if parent == "themes" and not steps:
            found = _find_theme(data, index)
            if found is None:
                break
            steps, node = list(found[0]), found[1]
            parent = None
            continue
        if not isinstance(node, list):
            break
        positions = _positions(node, index, parent, len(steps), ids)
        if not positions:
            break
        if len(positions) > 1:
            # The same id twice: follow each; the deepest wins, then the first.
            return max(
                (
                    _walk(
                        data,
                        tokens,
                        number + 1,
                        node=node[p],
                        parent=None,
                        steps=[*steps, p],
                        ids=ids,
                    )
                    for p in positions
                ),
                key=len,
            )
        steps.append(positions[0])
        node, parent = node[positions[0]], None
    return steps


class IdCache:
    """Where each id is in the lists of one portfolio's wire data.

    For :func:`raw_path`; valid as long as the data is not changed.
    """

    def __init__(self) -> None:
        self._lists: dict[tuple[int, bool], tuple[list[Any], dict[str, list[int]]]] = {}

    def positions(self, items: list[Any], updates: bool) -> dict[str, list[int]]:
        """Map each id (each subject, for status ``updates``) to its positions."""
        key = (id(items), updates)
        cached = self._lists.get(key)
        # The list is kept, so its id() is not reused by another one.
        if cached is None or cached[0] is not items:
            found: dict[str, list[int]] = {}
            for position, item in enumerate(items):
                name = _subject(item) if updates else _slug_id(item)
                if name is not None:
                    found.setdefault(name, []).append(position)
            cached = self._lists[key] = (items, found)
        return cached[1]


def _positions(
    items: list[Any], key: str, parent: str | None, depth: int, ids: IdCache | None
) -> list[int]:
    # An id first: "2011" is a valid id, and portfolio_path names an entity
    # by its id wherever it has one; a position only where no id matches.
    kinds = [(True, parent == "updates"), (False, depth == 1)]
    if ids is not None:
        found = {
            position
            for updates, wanted in kinds
            if wanted
            for position in ids.positions(items, updates).get(key, ())
        }
    else:
        found = {
            position
            for position, item in enumerate(items)
            for updates, wanted in kinds
            if wanted and (_subject(item) if updates else _slug_id(item)) == key
        }
    if found:
        return sorted(found)
    if key.isdigit() and int(key) < len(items):
        return [int(key)]
    return []


def _find_theme(data: object, theme_id: str) -> tuple[tuple[PathStep, ...], Any] | None:
    if not isinstance(data, Mapping) or not isinstance(data.get("strategies"), list):
        return None
    stack: list[tuple[tuple[PathStep, ...], Any]] = [
        (("strategies", index), strategy)
        for index, strategy in enumerate(data["strategies"])
    ]
    while stack:
        where, node = stack.pop()
        themes = node.get("themes") if isinstance(node, Mapping) else None
        if not isinstance(themes, list):
            continue
        for index, theme in enumerate(themes):
            if _slug_id(theme) == theme_id:
                return (*where, "themes", index), theme
            stack.append(((*where, "themes", index), theme))
    return None


_HEAD = re.compile(
    r"^(?:municipality|(?P<coll>bodies|organisations|initiatives|partnerships"
    r"|strategies|themes|followups)\[(?P<id>[^\]]+)\])"
)
_SPLIT_STEP = re.compile(r"\.([^.\[\]]+)|\[([^\]]*)\]")


def format_path(path: FieldPath) -> str:
    """Render a path as ``initiatives[3].period.end``."""
    out = ""
    for step in path:
        if isinstance(step, int):
            out += f"[{step}]"
        else:
            # str(): a YAML key read as null, a number or a boolean
            out += f".{step}" if out else str(step)
    return out


def place(parent: str, field: str, key: str | int | None = None) -> str:
    """Join a path: ``place("bodies[x]", "links", 0)`` is ``bodies[x].links[0]``."""
    path = f"{parent}.{field}" if parent else field
    return path if key is None else f"{path}[{key}]"


def join(head: str, inner: FieldPath) -> str:
    """Extend a portfolio path: ``join("initiatives[x]", ("period", "end"))``."""
    rest = format_path(inner)
    if not rest:
        return head
    return head + (rest if rest.startswith("[") else "." + rest)


def split_path(path: str) -> tuple[str | None, str, FieldPath] | None:
    """Split a portfolio path into collection, id and the steps after them.

    ``"themes[t].goals[0].statement"`` gives ``("themes", "t", ("goals", 0,
    "statement"))``; ``"municipality.name"`` gives ``(None, "", ("name",))``.
    Returns None for a path that does not follow the convention.
    """
    match = _HEAD.match(path)
    if match is None:
        return None
    steps: list[str | int] = []
    position = match.end()
    for step in _SPLIT_STEP.finditer(path, position):
        if step.start() != position:
            return None
        name, index = step.groups()
        steps.append(
            name if name is not None else int(index) if index.isdigit() else index
        )
        position = step.end()
    if position != len(path):
        return None
    return match["coll"], match["id"] or "", tuple(steps)
