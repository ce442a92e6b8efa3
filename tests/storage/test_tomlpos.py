"""Line and column of a value in TOML text, for findings on TOML files."""

from __future__ import annotations

import re
import tomllib
from collections.abc import Iterator
from typing import Any

import pytest
import tomli_w
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from munintl.model import Portfolio
from munintl.plugins.storage.toml_file import TomlFileSettings, TomlFileStore
from munintl.storage.tomlpos import TomlIndex, toml_index, toml_position
from munintl.testing.strategies import portfolios
from munintl.wire.convert import unstructure
from munintl.wire.paths import FieldPath

# Every layout TOML allows for the same kind of data, and strings that look
# like the syntax around them.
TRICKY = '''# a comment with [[fake]] and key = "value"
title = "x = [[y]] # not a comment"
"quoted.key" = 1
'single.quoted' = 'c:\\path # [x]'
"esc\\u0041ped" = true
dotted.inner.leaf = 2024-03-01 07:32:00
dotted . spaced = 1979-05-27
site."a.b".c = "dots in a quoted part"
inline = { a = 1, b.c = "}", d = { e = [1, 2] } }
nested = [ [1, 2], [
    "three",  # a comment ]
    'four]',
  ], [] ]
multi = """
first line with [[ and # and = and \\"""
ends with a quote"""""
literal = \'\'\'
a literal with "quotes" and \'\' two
\'\'\'
empty = {}

[table]
key = "value"

[table.sub]
deep = 1

[[items]]
id = "a"
tags = [
  "t1",
  "t2",
]

[items.name]
da = "A"

[[items.parts]]
role = "first"

[[items.parts]]
role = "second"
who = { id = "x" }

[[items]]
id = "b"

[[items.parts]]
role = "only"

[ "spaced header" . 'with.dot' ]
k = 1

[[items]]
id = "c"
parts = [{ role = "inline" }, { role = "inline too" }]

[implicit.child]
x = 1

[implicit]
y = 2
'''


def _paths(data: Any, path: FieldPath = ()) -> Iterator[FieldPath]:
    """Every path in plain data, parents before children."""
    if path:
        yield path
    if isinstance(data, dict):
        for key, value in data.items():
            yield from _paths(value, (*path, key))
    elif isinstance(data, list):
        for index, value in enumerate(data):
            yield from _paths(value, (*path, index))


def _at(text: str, index: TomlIndex, path: FieldPath) -> str:
    """The text from where ``path`` is located to the end of its line."""
    where = index.position(path)
    assert where is not None, path
    line, column = where
    return text.splitlines()[line - 1][column - 1 :]


_KEY = re.compile(r"""[A-Za-z0-9_-]+|"(?:[^"\\\n]|\\.)*"|'[^'\n]*'""")


def _key_at(here: str) -> str | None:
    """The key spelt at the start of ``here``, as tomllib reads it."""
    match = _KEY.match(here)
    if match is None:
        return None
    [key] = tomllib.loads(f"{match.group()} = 0")
    return key


def _check_every_path(text: str) -> TomlIndex:
    """The index holds exactly the data's paths; each is where its key or value is."""
    data = tomllib.loads(text)
    index = toml_index(text)
    assert set(index) == set(_paths(data))
    for path in index:
        here = _at(text, index, path)
        step = path[-1]
        if isinstance(step, str):
            assert _key_at(here) == step, (path, here)
        else:
            value = _value_at(data, path)
            if isinstance(value, dict) and here.startswith("[["):
                names = [step for step in path if isinstance(step, str)]
                assert _header_keys(here) == names, (path, here)
            elif isinstance(value, dict):
                assert here.startswith("{"), (path, here)
            elif isinstance(value, list):
                assert here.startswith("["), (path, here)
            else:
                assert _starts_value(here, value), (path, here, value)
    return index


def _header_keys(header: str) -> list[str]:
    """The keys an array-of-tables header names, as tomllib reads them."""
    names: list[str] = []
    node: Any = tomllib.loads(header)
    while node:
        if isinstance(node, list):
            node = node[-1]
            continue
        [(name, node)] = node.items()
        names.append(name)
    return names


def _value_at(data: Any, path: FieldPath) -> Any:
    for step in path:
        data = data[step]
    return data


def _starts_value(here: str, value: Any) -> bool:
    """Tell whether ``here`` starts with ``value`` written as TOML."""
    if isinstance(value, str):
        for multiline in (False, True):
            written = tomli_w.dumps({"v": value}, multiline_strings=multiline)
            if here.startswith(written[4:].splitlines()[0]):
                return True
        # A string as another writer spells it: read it back from here.
        return _reads_as(here, value)
    return _reads_as(here, value)


def _reads_as(here: str, value: Any) -> bool:
    for end in range(len(here), 0, -1):
        try:
            read = tomllib.loads("v = " + here[:end].rstrip(", ]}"))["v"]
            if read == value or (read != read and value != value):  # nan
                return True
        except tomllib.TOMLDecodeError:
            continue
    return False


def test_every_path_of_a_tricky_text_is_found_where_it_is_written() -> None:
    _check_every_path(TRICKY)


@pytest.mark.parametrize(
    ("path", "position"),
    [
        (("title",), (2, 1)),
        (("quoted.key",), (3, 1)),
        (("single.quoted",), (4, 1)),
        (("escAped",), (5, 1)),
        (("dotted",), (6, 1)),
        (("dotted", "inner", "leaf"), (6, 14)),
        (("dotted", "spaced"), (7, 10)),
        (("site", "a.b", "c"), (8, 12)),
        (("inline", "b", "c"), (9, 21)),
        (("inline", "d", "e", 1), (9, 44)),
        (("nested", 1), (10, 20)),
        (("nested", 1, 1), (12, 5)),
        (("nested", 2), (13, 6)),
        (("multi",), (14, 1)),
        (("literal",), (17, 1)),
        (("empty",), (20, 1)),
        (("table",), (22, 2)),
        (("table", "sub", "deep"), (26, 1)),
        (("items",), (28, 3)),
        (("items", 0), (28, 1)),
        (("items", 0, "name", "da"), (36, 1)),
        (("items", 0, "parts", 1), (41, 1)),
        (("items", 0, "parts", 1, "who", "id"), (43, 9)),
        (("items", 1), (45, 1)),
        (("items", 1, "parts", 0, "role"), (49, 1)),
        (("spaced header", "with.dot", "k"), (52, 1)),
        (("items", 2, "parts", 1, "role"), (56, 33)),
        # The explicit header, not the one that named the table first.
        (("implicit",), (61, 2)),
        (("implicit", "child"), (58, 11)),
    ],
)
def test_positions_in_a_tricky_text(path: FieldPath, position: tuple[int, int]) -> None:
    assert toml_position(TRICKY, path) == position


@pytest.mark.parametrize(
    ("path", "deepest"),
    [
        (("items", 1, "name", "da"), ("items", 1)),
        (("items", 0, "parts", 1, "who", "name"), ("items", 0, "parts", 1, "who")),
        (("items", 7, "id"), ("items",)),
        (("table", "sub", "missing", 0), ("table", "sub")),
        (("nested", 9), ("nested",)),
        (("multi", 0), ("multi",)),
    ],
)
def test_a_missing_path_is_found_at_the_deepest_part_that_exists(
    path: FieldPath, deepest: FieldPath
) -> None:
    assert toml_position(TRICKY, path) == toml_position(TRICKY, deepest)
    assert toml_position(TRICKY, deepest) is not None


def test_a_path_with_nothing_in_the_text_has_no_position() -> None:
    assert toml_position(TRICKY, ("nowhere", 0)) is None
    assert toml_position(TRICKY, ()) is None
    assert toml_position("", ("a",)) is None


def test_text_the_scanner_does_not_follow_keeps_what_came_before() -> None:
    index = toml_index("a = 1\n[b]\nc = 2\n= broken\nd = 3\n")
    assert set(index) == {("a",), ("b",), ("b", "c")}
    assert toml_position('a = "unterminated', ("a",)) == (1, 1)


def test_line_breaks_inside_strings_count_as_lines() -> None:
    text = 'a = """\none\ntwo"""\nb = \'\'\'\n\'\'\'\nc = "\\n"\n[t]\nd = 1\n'
    assert toml_position(text, ("c",)) == (6, 1)
    assert toml_position(text, ("t", "d")) == (8, 1)


@st.composite
def _tables(draw: st.DrawFn, depth: int = 0) -> dict[str, Any]:
    keys = st.text(st.sampled_from("ab.c-_ \"#=[]{}'\\é"), min_size=1, max_size=4)
    scalars = st.one_of(
        st.integers(),
        st.booleans(),
        st.text(st.characters(blacklist_categories=["Cs", "Cc"]) | st.just("\n")),
        st.dates(),
    )
    children: st.SearchStrategy[Any] = scalars
    if depth < 3:
        children = st.one_of(
            scalars,
            st.lists(scalars, max_size=3),
            st.deferred(lambda: _tables(depth + 1)),
            st.lists(st.deferred(lambda: _tables(depth + 1)), min_size=1, max_size=2),
        )
    return draw(st.dictionaries(keys, children, max_size=4))


@settings(max_examples=60, suppress_health_check=[HealthCheck.too_slow])
@given(_tables(), st.booleans())
def test_every_path_of_any_written_text_is_found(
    data: dict[str, Any], multiline: bool
) -> None:
    _check_every_path(tomli_w.dumps(data, multiline_strings=multiline))


@settings(max_examples=10, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(portfolios(), st.booleans())
def test_every_leaf_of_a_saved_portfolio_is_on_its_line(
    portfolio: Portfolio, multiline: bool
) -> None:
    store = TomlFileStore("p.toml", TomlFileSettings(multiline_strings=multiline))
    text = store.encode(unstructure(portfolio)).decode("utf-8")
    index = _check_every_path(text)
    data = tomllib.loads(text)
    for path in _paths(data):
        # Every leaf located exactly, not at an enclosing table.
        if not isinstance(_value_at(data, path), dict | list):
            assert path in index.offsets


def test_windows_line_endings_change_no_position() -> None:
    crlf = TRICKY.replace("\n", "\r\n")
    index, plain = _check_every_path(crlf), toml_index(TRICKY)
    assert [index.position(path) for path in plain] == [
        plain.position(path) for path in plain
    ]


def test_every_kind_of_scalar_is_stepped_over() -> None:
    text = (
        "a = [inf, -nan, +1_000, 0x1F, 0o7, 0b1, 6.02e+23, true, 07:32:00,\n"
        "     1979-05-27T07:32:00-08:00, 1979-05-27 07:32:00.999, 1979-05-27]\n"
        "b = 1979-05-27 07:32:00Z # a comment\n"
        "c = { d = 1979-05-27 07:32:00, e = -0.0 }\n"
        "f = 1\n"
    )
    _check_every_path(text)
    assert toml_position(text, ("a", 10)) == (2, 33)
    assert toml_position(text, ("c", "e")) == (4, 32)
    assert toml_position(text, ("f",)) == (5, 1)
