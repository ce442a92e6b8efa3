"""Find the line and column of a value in TOML text, for findings on TOML files.

``tomllib`` keeps no positions, so the text is scanned once more
(:func:`toml_index`) to note where every key, table and array element
starts.  The scanner knows as much TOML as finding a path takes -- table
headers ``[a.b]`` and ``[[a.b]]`` (the nth one is element n), dotted and
quoted keys, inline tables, arrays, the four kinds of string, comments --
and no more: it checks nothing and builds no values (the text has already
been parsed by ``tomllib``).

A path is located at the key that names it (for a key on a dotted key or a
table header, at that part of it), an array element at its value and an
element of an array of tables at its ``[[`` header.  A path that is not in
the text (a missing key) is located at the deepest part of it that is: the
nearest enclosing table, never a wrong line.
"""

from __future__ import annotations

import bisect
import contextlib
import re
import tomllib
from collections.abc import Iterator, Sequence

from munintl.wire.paths import FieldPath, PathStep

# Whitespace, line breaks and comments between statements and array items.
_SPACE = re.compile(r"(?:[ \t\r\n]+|#[^\n]*)*")
_BLANK = re.compile(r"[ \t]*")
_BARE_KEY = re.compile(r"[A-Za-z0-9_-]+")
_BASIC = re.compile(r'"(?:[^"\\\n]|\\.)*"')
_LITERAL = re.compile(r"'[^'\n]*'")
# A multi-line string may end in up to two quotes before its closing three.
_ML_BASIC = re.compile(r'"""(?:[^"\\]|\\[\s\S]|"(?!""))*"""(?:"{1,2})?')
_ML_LITERAL = re.compile(r"'''[\s\S]*?'''(?:'{1,2})?")
# Numbers, booleans, dates and times; a date and a time may be joined by a space.
_SCALAR = re.compile(r"[^\s,\[\]{}#=]+(?: (?=[0-9]{2}:)[^\s,\[\]{}#=]+)?")


class _Stop(Exception):
    """The text is not TOML the scanner follows; keep what was found so far."""


class TomlIndex:
    """Where every path in a TOML text starts; build it with :func:`toml_index`.

    Building scans the text once; each :meth:`position` is then a dictionary
    lookup per step of the path and a binary search for the line.
    """

    def __init__(self, text: str, offsets: dict[FieldPath, int]) -> None:
        self.text = text
        self.offsets = offsets
        self._line_starts: list[int] | None = None

    def __iter__(self) -> Iterator[FieldPath]:
        """Iterate over every path the text holds, in document order."""
        return iter(self.offsets)

    def position(self, path: Sequence[PathStep]) -> tuple[int, int] | None:
        """Return the 1-based line and column of ``path``.

        Where the path is not in the text, the position of the deepest part
        of it that is; None where not even its first step is.
        """
        target = tuple(path)
        for end in range(len(target), 0, -1):
            offset = self.offsets.get(target[:end])
            if offset is not None:
                return self._line_column(offset)
        return None

    def _line_column(self, offset: int) -> tuple[int, int]:
        if self._line_starts is None:
            self._line_starts = [0] + [
                match.end() for match in re.finditer("\n", self.text)
            ]
        line = bisect.bisect_right(self._line_starts, offset)
        return line, offset - self._line_starts[line - 1] + 1


def toml_index(text: str) -> TomlIndex:
    """Scan a TOML text once and note where every path in it starts.

    The text should be valid TOML; where it is not, the index holds the
    paths before the first thing the scanner does not follow.
    """
    return TomlIndex(text, _Scanner(text).scan())


def toml_position(text: str, path: Sequence[PathStep]) -> tuple[int, int] | None:
    """Return the line and column of ``path`` in a TOML text.

    Scans the whole text: to locate many paths, build one :func:`toml_index`.
    """
    return toml_index(text).position(path)


class _Scanner:
    def __init__(self, text: str) -> None:
        self.text = text
        self.offsets: dict[FieldPath, int] = {}
        # Arrays of tables met so far, and how many elements each has.
        self.tables: dict[FieldPath, int] = {}

    def scan(self) -> dict[FieldPath, int]:
        # Past the end of the text, or nested deeper than the stack: keep
        # what was found.
        with contextlib.suppress(_Stop, IndexError, RecursionError):
            self._statements()
        return self.offsets

    def _statements(self) -> None:
        text = self.text
        table: FieldPath = ()
        position = 0
        while True:
            position = _SPACE.match(text, position).end()  # type: ignore[union-attr]
            if position >= len(text):
                return
            if text.startswith("[[", position):
                header = position
                keys, position = self._keys(position + 2)
                table = self._array_table(keys, header)
                position = self._expect(position, "]]")
            elif text[position] == "[":
                keys, position = self._keys(position + 1)
                table = self._table(keys)
                position = self._expect(position, "]")
            else:
                keys, position = self._keys(position)
                path = self._dotted(table, keys)
                position = self._expect(position, "=")
                position = self._value(position, path)

    def _table(self, keys: list[tuple[str, int]]) -> FieldPath:
        path = self._header_parent(keys[:-1])
        name, offset = keys[-1]
        path = (*path, name)
        # A table named on a header before (as part of a longer one) is
        # found where its own header is.
        self.offsets[path] = offset
        if path in self.tables:  # not valid TOML; stay on the last element
            path = (*path, self.tables[path] - 1)
        return path

    def _array_table(self, keys: list[tuple[str, int]], header: int) -> FieldPath:
        path = self._header_parent(keys[:-1])
        name, offset = keys[-1]
        path = (*path, name)
        self.offsets.setdefault(path, offset)
        count = self.tables.get(path, 0)
        self.tables[path] = count + 1
        element = (*path, count)
        self.offsets[element] = header
        return element

    def _header_parent(self, keys: list[tuple[str, int]]) -> FieldPath:
        path: FieldPath = ()
        for name, offset in keys:
            path = (*path, name)
            self.offsets.setdefault(path, offset)
            count = self.tables.get(path)
            if count is not None:  # the last element of an array of tables
                path = (*path, count - 1)
        return path

    def _dotted(self, table: FieldPath, keys: list[tuple[str, int]]) -> FieldPath:
        path = table
        for name, offset in keys:
            path = (*path, name)
            self.offsets.setdefault(path, offset)
        return path

    def _keys(self, position: int) -> tuple[list[tuple[str, int]], int]:
        text = self.text
        keys: list[tuple[str, int]] = []
        while True:
            position = _BLANK.match(text, position).end()  # type: ignore[union-attr]
            match = (
                _BARE_KEY.match(text, position)
                or _BASIC.match(text, position)
                or _LITERAL.match(text, position)
            )
            if match is None:
                raise _Stop
            keys.append((_key_name(match.group()), position))
            position = _BLANK.match(text, match.end()).end()  # type: ignore[union-attr]
            if not text.startswith(".", position):
                return keys, position
            position += 1

    def _expect(self, position: int, token: str) -> int:
        position = _BLANK.match(self.text, position).end()  # type: ignore[union-attr]
        if not self.text.startswith(token, position):
            raise _Stop
        return position + len(token)

    def _value(self, position: int, path: FieldPath) -> int:
        text = self.text
        position = _BLANK.match(text, position).end()  # type: ignore[union-attr]
        first = text[position]
        if first == "[":
            return self._array(position + 1, path)
        if first == "{":
            return self._inline_table(position + 1, path)
        if first == '"':
            match = _ML_BASIC.match(text, position) or _BASIC.match(text, position)
        elif first == "'":
            match = _ML_LITERAL.match(text, position) or _LITERAL.match(text, position)
        else:
            match = _SCALAR.match(text, position)
        if match is None:
            raise _Stop
        return match.end()

    def _array(self, position: int, path: FieldPath) -> int:
        text = self.text
        index = 0
        while True:
            position = _SPACE.match(text, position).end()  # type: ignore[union-attr]
            if text[position] == "]":
                return position + 1
            element = (*path, index)
            self.offsets[element] = position
            position = self._value(position, element)
            index += 1
            position = _SPACE.match(text, position).end()  # type: ignore[union-attr]
            if text[position] == ",":
                position += 1
            elif text[position] != "]":
                raise _Stop

    def _inline_table(self, position: int, path: FieldPath) -> int:
        text = self.text
        while True:
            position = _SPACE.match(text, position).end()  # type: ignore[union-attr]
            if text[position] == "}":
                return position + 1
            keys, position = self._keys(position)
            value_path = self._dotted(path, keys)
            position = self._expect(position, "=")
            position = self._value(position, value_path)
            position = _SPACE.match(text, position).end()  # type: ignore[union-attr]
            if text[position] == ",":
                position += 1
            elif text[position] != "}":
                raise _Stop


def _key_name(key: str) -> str:
    if key[0] == "'":
        return key[1:-1]
    if key[0] == '"':
        if "\\" not in key:
            return key[1:-1]
        # The escapes are TOML's own: let tomllib read them.
        value = tomllib.loads(f"k = {key}")["k"]
        return value if isinstance(value, str) else key[1:-1]
    return key
