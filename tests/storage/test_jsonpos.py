"""Line and column of a value in JSON text, for findings on JSON files."""

from __future__ import annotations

import json
from collections.abc import Iterator
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st

from munintl.plugins.storage.json_file import JsonFileStore
from munintl.storage.jsonpos import (
    DuplicateKey,
    json_entities,
    json_position,
    loads,
    walk_json,
)
from munintl.wire.paths import FieldPath

TEXT = """{
  "municipality": {"id": "lilleby", "name": {"da": "Lilleby"}},
  "initiatives": [
    {"id": "a", "title": {"da": "x ]}\\" [{"}},
    {"id": "b", "period": {"start": 2021, "end": null}}
  ],
  "empty": [],
  "nothing": {}
}
"""


def test_walk_json_yields_every_value_in_document_order() -> None:
    text = '{"a": [1, {"b": "x]}\\""}], "c": null}'
    assert list(walk_json(text)) == [
        ((), 0),
        (("a",), 1),
        (("a", 0), 7),
        (("a", 1), 10),
        (("a", 1, "b"), 11),
        (("c",), 27),
    ]


def test_walk_json_of_a_single_value() -> None:
    assert list(walk_json(' "text"')) == [((), 1)]
    assert list(walk_json("")) == []


@pytest.mark.parametrize(
    ("path", "position"),
    [
        ((), (1, 1)),
        (("municipality",), (2, 3)),
        (("municipality", "name", "da"), (2, 46)),
        (("initiatives", 0), (4, 5)),
        (("initiatives", 0, "title"), (4, 17)),
        (("initiatives", 1, "id"), (5, 6)),
        (("initiatives", 1, "period", "end"), (5, 43)),
        (("empty",), (7, 3)),
        (("nothing",), (8, 3)),
    ],
)
def test_json_position_gives_line_and_column_of_a_value_or_its_key(
    path: FieldPath, position: tuple[int, int]
) -> None:
    assert json_position(TEXT, path) == position


@pytest.mark.parametrize(
    ("path", "deepest"),
    [
        (("initiatives", 1, "period", "middle"), ("initiatives", 1, "period")),
        (("initiatives", 7, "title"), ("initiatives",)),
        (("empty", 0), ("empty",)),
        (("nothing", "x"), ("nothing",)),
        (("widgets", 0), ()),
    ],
)
def test_json_position_of_a_missing_value_is_the_deepest_part_that_exists(
    path: FieldPath, deepest: FieldPath
) -> None:
    assert json_position(TEXT, path) == json_position(TEXT, deepest)


def test_json_position_of_empty_text_is_none() -> None:
    assert json_position("", ("a",)) is None


def value_paths(value: Any, here: FieldPath = ()) -> Iterator[tuple[FieldPath, Any]]:
    yield here, value
    if isinstance(value, dict):
        for key, item in value.items():
            yield from value_paths(item, (*here, key))
    elif isinstance(value, list):
        for index, item in enumerate(value):
            yield from value_paths(item, (*here, index))


_SCALARS = (
    st.none()
    | st.booleans()
    | st.integers()
    | st.floats(allow_nan=False, allow_infinity=False)
    | st.text(max_size=8)
)
_VALUES = st.recursive(
    _SCALARS,
    lambda inner: (
        st.lists(inner, max_size=4)
        | st.dictionaries(st.text(max_size=6), inner, max_size=4)
    ),
    max_leaves=20,
)


@given(_VALUES, st.sampled_from([None, 0, 2]), st.booleans())
def test_json_position_points_at_the_value_or_its_key_in_any_json(
    value: Any, indent: int | None, ascii_only: bool
) -> None:
    text = json.dumps(value, indent=indent, ensure_ascii=ascii_only)
    # Lines end at "\n" only: U+0085 and U+2028 may stand unescaped in strings.
    lines = [line + "\n" for line in text.split("\n")]
    decoder = json.JSONDecoder()
    for path, item in value_paths(value):
        position = json_position(text, path)
        assert position is not None
        line, column = position
        offset = sum(len(lines[n]) for n in range(line - 1)) + column - 1
        found, _end = decoder.raw_decode(text, offset)
        parent = dict(value_paths(value)).get(path[:-1]) if path else None
        if isinstance(parent, dict):
            assert found == path[-1]  # an object member: its key
        else:
            assert found == item


def test_walk_json_from_an_offset_walks_only_that_value() -> None:
    start = TEXT.index('{"id": "b"')
    whole = [
        (here, offset)
        for here, offset in walk_json(TEXT)
        if here[:2] == ("initiatives", 1)
    ]
    assert list(walk_json(TEXT, start, ("initiatives", 1))) == whole
    assert list(walk_json('[1, "x", 3]', 4, ("a",))) == [(("a",), 4)]


def test_json_entities_holds_the_paths_of_at_most_two_steps() -> None:
    entities = json_entities(TEXT)
    assert set(entities) == {
        here for here, _offset in walk_json(TEXT) if len(here) <= 2
    }


@given(_VALUES, st.sampled_from([None, 2]))
def test_the_json_store_locates_as_a_walk_of_the_whole_text(
    value: Any, indent: int | None
) -> None:
    # The store searches only the entity a path is in (json_entities).
    text = json.dumps(value, indent=indent, ensure_ascii=False)
    store = JsonFileStore("p.json")
    raw = text.encode("utf-8")
    for path, _item in value_paths(value):
        for target in (path, (*path, "missing"), (*path, 99), (*path, 99, "x")):
            assert store.position(raw, target) == json_position(text, target)


# -- duplicate keys --------------------------------------------------------------


def test_loads_refuses_a_key_given_twice_saying_where() -> None:
    text = '{\n  "a": 1,\n  "b": {"x": [1, 2],\n        "x": {"y": ":"}}\n}'
    with pytest.raises(DuplicateKey) as caught:
        loads(text)
    error = caught.value
    assert (error.key, error.line, error.column, error.first_line) == ("x", 4, 9, 3)


def test_loads_accepts_the_same_key_in_different_objects() -> None:
    text = '[{"a": 1}, {"a": 2, "b": {"a": 3}}]'
    assert loads(text) == json.loads(text)


@given(
    st.recursive(
        st.none() | st.integers() | st.text(max_size=5),
        lambda inner: (
            st.lists(inner, max_size=3)
            | st.dictionaries(st.sampled_from('ab:"'), inner, max_size=3)
        ),
        max_leaves=12,
    )
)
def test_loads_agrees_with_json_loads_without_duplicates(data: Any) -> None:
    text = json.dumps(data)
    assert loads(text) == data


@given(st.lists(st.sampled_from("abc"), min_size=2, max_size=6))
def test_loads_finds_the_first_repeated_key(keys: list[str]) -> None:
    text = "{" + ",\n".join(f'"{key}": {n}' for n, key in enumerate(keys)) + "}"
    repeated = [at for at, key in enumerate(keys) if key in keys[:at]]
    if not repeated:
        assert loads(text) == {key: n for n, key in enumerate(keys)}
        return
    with pytest.raises(DuplicateKey) as caught:
        loads(text)
    at = repeated[0]
    assert caught.value.key == keys[at]
    assert caught.value.line == at + 1
    assert caught.value.first_line == keys.index(keys[at]) + 1
