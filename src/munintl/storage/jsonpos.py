"""Find the line and column of a value in JSON text, for findings on JSON files.

The standard library's decoder keeps no positions, so after a structural
problem the text is scanned once more (:func:`walk_json`) to map a field path
to where its value starts.  :func:`loads` is :func:`json.loads` that refuses
an object with the same key twice (which the standard library, and msgspec,
would read as the last value, silently), saying where the second one is.
"""

from __future__ import annotations

import json
import re
from collections.abc import Callable, Iterator, Sequence
from typing import Any

from munintl.wire.fastjson import RepeatedKey, unique_keys
from munintl.wire.limits import exact_float
from munintl.wire.paths import PathStep


def walk_json(
    text: str, start: int = 0, base: tuple[PathStep, ...] = ()
) -> Iterator[tuple[tuple[PathStep, ...], int]]:
    """Yield ``(path, offset)`` for every value in a JSON text, in document order.

    ``offset`` is where the value starts or, for an object member, where its
    key starts.  The text must be valid JSON.  With ``start``, the walk
    covers only the value that starts there (or the object member whose key
    starts there), whose path is ``base``.
    """
    from json.decoder import scanstring  # type: ignore[attr-defined]

    # Each entry: the container's path, whether it is an object, next index.
    stack: list[tuple[tuple[PathStep, ...], bool, list[int]]] = []
    key: tuple[str, int] | None
    # An object member is walked from its value, and found at its key.
    member = _MEMBER.match(text, start) if start else None
    key, position = (("", start), member.end()) if member else (None, start)
    while True:
        match = _JSON_TOKEN.match(text, position)
        if match is None:
            return
        kind = match.lastgroup
        start = match.start(kind or 0)
        position = match.end()
        in_object = bool(stack) and stack[-1][1]
        if kind == "close":
            stack.pop()
            if not stack:
                return
            continue
        if kind == "string" and in_object and key is None:
            name, position = scanstring(text, position)
            key = (name, start)
            continue
        if not stack:
            here: tuple[PathStep, ...] = base
            start, key = key[1] if key else start, None
        elif in_object:
            assert key is not None
            here, start, key = (*stack[-1][0], key[0]), key[1], None
        else:
            counter = stack[-1][2]
            here = (*stack[-1][0], counter[0])
            counter[0] += 1
        yield here, start
        if kind == "open":
            stack.append((here, match.group(kind) == "{", [0]))
        elif kind == "string":
            _value, position = scanstring(text, position)
        if not stack:  # a single value, not a container: walked
            return


_MEMBER = re.compile(r'"(?:[^"\\]|\\.)*"\s*:')
_JSON_TOKEN = re.compile(
    r'[\s,:]*(?:(?P<string>")|(?P<open>[\[{])|(?P<close>[\]}])'
    r"|(?P<scalar>-?[0-9][^\s,\]}]*|true|false|null))"
)


def json_position(
    text: str,
    path: Sequence[PathStep],
    start: int = 0,
    base: tuple[PathStep, ...] = (),
) -> tuple[int, int] | None:
    """Return the 1-based line and column of ``path`` in a JSON text.

    Where the path does not exist (a missing key), the position of the
    deepest part that does is returned.  With ``start``, only the value that
    starts there is searched; ``base`` is its path, which ``path`` begins
    with (see :func:`json_entities`).
    """
    target = tuple(path)
    best: tuple[tuple[PathStep, ...], int] | None = None
    for here, offset in walk_json(text, start, base):
        if here == target[: len(here)]:
            best = (here, offset)
            if here == target:
                break
        elif best is not None and here[: len(best[0])] != best[0]:
            break
    if best is None:
        return None
    return _line_column(text, best[1])


def json_entities(text: str) -> dict[tuple[PathStep, ...], int]:
    """Map the top of a JSON text to offsets: the root, its keys and their items.

    Every path of at most two steps (``("initiatives", 3)``) and where it
    starts, from one walk of the text.  To locate many paths, find where the
    entity of each starts here and search only that entity with
    :func:`json_position` (``start``, ``base``): each path then costs the
    size of its entity, not of the file, and the map holds one entry per
    entity, not per value.
    """
    return {here: offset for here, offset in walk_json(text) if len(here) <= 2}


def json_locator(
    text: str,
) -> Callable[[Sequence[PathStep]], tuple[int, int] | None]:
    """Return a function giving the line and column of a path in ``text``.

    As :func:`json_position`, for many paths: the text is walked once here
    (:func:`json_entities`), and each path then searches only its entity.
    """
    entities = json_entities(text)

    def position(path: Sequence[PathStep]) -> tuple[int, int] | None:
        target = tuple(path)
        for end in range(min(len(target), 2), -1, -1):
            prefix = target[:end]
            if prefix in entities:
                # Below an entity, search it; above one, nothing deeper is there.
                wanted = target if end == 2 else prefix
                return json_position(text, wanted, entities[prefix], prefix)
        return None

    return position


class DuplicateKey(ValueError):
    """An object in JSON text names the same key twice.

    ``line`` and ``column`` (1-based) are where the second one starts,
    ``first_line`` the line of the first.
    """

    def __init__(self, key: str, line: int, column: int, first_line: int) -> None:
        super().__init__(f"duplicate key {key!r} on line {line}")
        self.key = key
        self.line = line
        self.column = column
        self.first_line = first_line


def loads(text: str) -> Any:
    """Parse JSON text like :func:`json.loads`, refusing duplicate keys.

    Raises :class:`DuplicateKey` for an object that names a key twice
    (where the text says it), :class:`json.JSONDecodeError` for a syntax
    error, and whatever else :func:`json.loads` raises.  The check costs
    nothing measurable: the decoder builds each object from its pairs
    either way.
    """
    try:
        return json.loads(text, object_pairs_hook=unique_keys, parse_float=exact_float)
    except RepeatedKey:
        raise find_duplicate_key(text) from None


def find_duplicate_key(text: str) -> DuplicateKey:
    """Return the first key in ``text`` that its object already has.

    ``text`` must be valid JSON with a duplicate key (see :func:`loads`).
    """
    seen: dict[tuple[PathStep, ...], int] = {}
    for here, offset in walk_json(text):
        first = seen.setdefault(here, offset)
        if first != offset:
            line, column = _line_column(text, offset)
            return DuplicateKey(
                str(here[-1]), line, column, _line_column(text, first)[0]
            )
    raise ValueError("the JSON text has no duplicate key")


def _line_column(text: str, offset: int) -> tuple[int, int]:
    line = text.count("\n", 0, offset) + 1
    return line, offset - (text.rfind("\n", 0, offset) + 1) + 1
