"""Read the store's YAML fast: libyaml's C parser, YAML 1.2 rules, strict.

:func:`parse_plain` is the read path of a load.  It runs libyaml's C
parser (through PyYAML) and builds plain dicts, lists, texts and numbers
straight from the parser's events, resolving plain scalars by the YAML 1.2
rules itself (``NO``, ``yes`` and ``on`` stay texts; PyYAML's own YAML 1.1
resolver is never used).  A file with anything out of the ordinary -- an
anchor, alias or tag (refused before anything is expanded: an alias is an
event, never a copy), a ``%YAML``/``%TAG`` directive, a duplicate or complex
key, a merge key, deep nesting, a number in an unusual form (``0x10``,
``1_000``, ``1e5``), a tab or a YAML 1.1 line break, a second document, or
anything libyaml refuses -- is handed to the strict position-keeping reader
of :mod:`.yamlio` (ruamel.yaml), which says what is wrong with file, line and
column, exactly as it always has.  Without libyaml every file goes that way.

The positions of values are not kept on the fast path: a finding's line and
column come from reading that one file again with the strict reader when a
finding needs them (:meth:`Tree.located`), which for a valid file is never.

:func:`read_text` and the problem types live here too, so that a load
imports ruamel.yaml only when it meets a file it has to.
"""

from __future__ import annotations

import os
import re
import stat
from collections.abc import Callable
from pathlib import Path
from typing import Any

import attrs

from munintl.i18n import _
from munintl.wire.limits import MAX_DEPTH as _MAX_DEPTH
from munintl.wire.limits import exact_number, not_utf8
from munintl.wire.paths import FieldPath

try:  # pragma: no cover - libyaml ships in PyYAML's wheels
    from yaml import events as _events
    from yaml._yaml import CParser as _CParser
except ImportError:  # pragma: no cover - a PyYAML built without libyaml
    _CParser = None

#: Nesting deeper than this is refused: strategy files nest a handful of
#: levels, and a limit keeps a hostile file from exhausting the stack.
MAX_DEPTH = _MAX_DEPTH
#: Problems of one kind reported per file before the rest are summarised.
MAX_PROBLEMS_PER_KIND = 10


@attrs.frozen
class YamlProblem:
    """One problem in a YAML text; ``line`` and ``column`` are 1-based."""

    code: str
    message: str
    line: int | None = None
    column: int | None = None


class YamlFileError(Exception):
    """A YAML text could not be read; ``problems`` says why and where."""

    def __init__(self, problems: list[YamlProblem]) -> None:
        super().__init__("; ".join(p.message for p in problems))
        self.problems = problems


def read_text(path: Path, max_size: int) -> tuple[bytes, str]:
    """Read a file's bytes and its UTF-8 text, refusing files over ``max_size``.

    The size is checked before anything is read, so an oversized file costs
    nothing.  A UTF-8 byte-order mark (Windows Notepad) is dropped.
    """
    try:
        # Opened without waiting and looked at before reading: a pipe named
        # x.yaml in a downloaded folder would block the read for ever.
        descriptor = os.open(path, os.O_RDONLY | getattr(os, "O_NONBLOCK", 0))
    except OSError as error:
        message = f"the file cannot be read: {error.strerror or error}"
        raise YamlFileError([YamlProblem("unreadable-file", message)]) from None
    try:
        info = os.fstat(descriptor)
        if not stat.S_ISREG(info.st_mode):
            message = _(
                "this is not a regular file (a pipe, a socket or a device); only"
                " files are read"
            )
            raise YamlFileError([YamlProblem("not-a-file", message)])
        size = info.st_size
        data = _read_all(descriptor, size) if size <= max_size else b""
    except OSError as error:
        message = f"the file cannot be read: {error.strerror or error}"
        raise YamlFileError([YamlProblem("unreadable-file", message)]) from None
    finally:
        os.close(descriptor)
    if size > max_size:
        raise YamlFileError(
            [
                YamlProblem(
                    "file-too-large",
                    f"the file is too large: {size:,} bytes, more than the limit"
                    f" of {max_size:,}; split it up or raise max_file_size",
                )
            ]
        )
    try:
        return data, data.decode("utf-8").removeprefix("\ufeff")
    except UnicodeDecodeError as error:
        raise YamlFileError([YamlProblem("not-utf8", *not_utf8(data, error))]) from None


def _read_all(descriptor: int, size: int) -> bytes:
    """Read the open file to its end (``size`` is what it held when looked at)."""
    chunks = []
    while chunk := os.read(descriptor, max(size, 1 << 16)):
        chunks.append(chunk)
    return b"".join(chunks)


# -- the fast path -------------------------------------------------------------------


class _Unusual(Exception):
    """The fast path met something only the strict reader may judge."""


#: Plain scalars YAML 1.2 reads as something other than text, spelt out.
_CONSTANTS: dict[str, Any] = {
    **dict.fromkeys(("true", "True", "TRUE"), True),
    **dict.fromkeys(("false", "False", "FALSE"), False),
    **dict.fromkeys(("~", "null", "Null", "NULL", ""), None),
}
#: First characters of the plain scalars YAML 1.2 may read as a number (or
#: the merge key ``<<`` and the value key ``=``, which the strict reader
#: refuses or keeps tagged).
_NUMBER_START = frozenset("-+0123456789.<=")
_INT = re.compile(r"-?(?:0|[1-9][0-9]{0,3999})")
_FLOAT = re.compile(r"-?(?:0|[1-9][0-9]{0,3999})\.[0-9]{1,4000}")
# ruamel.yaml's YAML 1.2 int and float patterns: a plain scalar they match
# and the two above do not (0x10, 0o7, 010, 1_000, +1, 1., 1e5, .inf) is
# left to the strict reader, which reads it exactly as it always has.
_OTHER_NUMBER = re.compile(
    r"""[-+]?0b[0-1_]+|[-+]?0o?[0-7_]+|[-+]?[0-9_]+|[-+]?0x[0-9a-fA-F_]+
    |[-+]?(?:[0-9][0-9_]*)\.[0-9_]*(?:[eE][-+]?[0-9]+)?
    |[-+]?(?:[0-9][0-9_]*)(?:[eE][-+]?[0-9]+)
    |[-+]?\.[0-9_]+(?:[eE][-+][0-9]+)?
    |[-+]?\.(?:inf|Inf|INF)|\.(?:nan|NaN|NAN)|<<|=""",
    re.VERBOSE,
)
_NO_KEY = object()
_DECLINED = re.compile("[\t\x85\u2028\u2029]")


def _plain_scalar(value: str) -> Any:
    """Read a plain (unquoted) scalar by the YAML 1.2 core schema."""
    if value in _CONSTANTS:
        return _CONSTANTS[value]
    if value[:1] not in _NUMBER_START:
        return value
    if _INT.fullmatch(value):
        return int(value)
    if _FLOAT.fullmatch(value):
        return exact_number(value, float(value))
    if _OTHER_NUMBER.fullmatch(value):
        raise _Unusual
    return value  # a date (2008-10-06), a version (1.2.3), a phone number ...


def _fast(text: str) -> Any:  # noqa: PLR0912, PLR0915 - one loop over the events
    """Build plain data from libyaml's events; raise :class:`_Unusual` on doubt."""
    assert _CParser is not None
    ev = _events
    parser = _CParser(text)
    try:
        get = parser.get_event
        get()  # the stream's start
        event = get()
        if type(event) is ev.StreamEndEvent:
            return None
        if event.version not in (None, (1, 2)) or event.tags:
            raise _Unusual
        root: Any = None
        container: Any
        stack: list[Any] = []
        keys: list[Any] = []
        while True:
            event = get()
            kind = type(event)
            if kind is ev.ScalarEvent:
                if event.anchor is not None or event.tag is not None:
                    raise _Unusual
                value = event.value if event.style else _plain_scalar(event.value)
                container = None
            elif kind is ev.MappingStartEvent or kind is ev.SequenceStartEvent:
                if event.anchor is not None or event.tag is not None:
                    raise _Unusual
                if len(stack) >= MAX_DEPTH - 2:
                    raise _Unusual
                value = container = {} if kind is ev.MappingStartEvent else []
            elif kind is ev.MappingEndEvent or kind is ev.SequenceEndEvent:
                stack.pop()
                keys.pop()
                continue
            elif kind is ev.DocumentEndEvent:
                break
            else:  # an alias
                raise _Unusual
            if not stack:
                root = value
            else:
                top = stack[-1]
                if type(top) is list:
                    top.append(value)
                else:
                    key = keys[-1]
                    if key is _NO_KEY:
                        if container is not None:
                            raise _Unusual  # a mapping or list as a key
                        keys[-1] = value
                    else:
                        size = len(top)
                        top[key] = value
                        if len(top) == size:
                            raise _Unusual  # a duplicate key, maybe
                        keys[-1] = _NO_KEY
            if container is not None:
                stack.append(container)
                keys.append(_NO_KEY)
        if type(get()) is not ev.StreamEndEvent:
            raise _Unusual  # a second document
        return root
    except _Unusual:
        raise
    except Exception:  # noqa: BLE001 - whatever libyaml refuses, the strict reader explains
        raise _Unusual from None
    finally:
        parser.dispose()


#: Reads a text with the strict reader (a round-trip tree, or YamlFileError).
Strict = Callable[[str], Any]


class Tree(dict[Any, Any]):
    """The mapping a file holds, read on the fast path, with its text.

    The positions of its values are found when first asked for, by reading
    the text again with the strict position-keeping reader.
    """

    __slots__ = ("_located", "_strict", "text")

    def __init__(self, data: dict[Any, Any], text: str, strict: Strict) -> None:
        super().__init__(data)
        self.text = text
        self._strict = strict
        self._located: Any = None

    def located(self) -> Any:
        """A tree of the same text that knows every position (see :func:`position`).

        Read with libyaml again, keeping the marks of its events: the
        strict reader (ruamel.yaml) is not even imported for it.
        """
        if self._located is None:
            try:
                self._located = _with_marks(self.text)
            except _Unusual:
                self._located = self._strict(self.text)
        return self._located


def parse_plain(text: str, strict: Strict) -> Any:
    """Parse one YAML document into plain data, or raise :class:`YamlFileError`.

    A mapping comes back as a :class:`Tree`; anything the fast path declines
    (or all of it, without libyaml) is read by ``strict``, which returns a
    round-trip tree or raises :class:`YamlFileError`.
    """
    # libyaml takes a tab for a space where ruamel.yaml refuses it (``a:\tb``),
    # and NEL, LS and PS for line breaks (YAML 1.1): such a text is left to
    # the strict reader.
    if _CParser is not None and _DECLINED.search(text) is None:
        try:
            data = _fast(text)
        except _Unusual:
            pass
        else:
            if data is None:
                return None
            if type(data) is dict:
                return Tree(data, text, strict)
    return strict(text)


def available() -> bool:
    """Tell whether the fast path can run (PyYAML was built with libyaml)."""
    return _CParser is not None


# -- positions, from libyaml's marks ---------------------------------------------------


class _MarkedMap(dict[Any, Any]):
    """A mapping with the 0-based (line, column) of itself, its keys and values."""

    __slots__ = ("keys_at", "start", "values_at")

    def __init__(self, start: tuple[int, int]) -> None:
        super().__init__()
        self.start = start
        self.keys_at: dict[Any, tuple[int, int]] = {}
        self.values_at: dict[Any, tuple[int, int]] = {}


class _MarkedSeq(list[Any]):
    """A list with the 0-based (line, column) of itself and of each item."""

    __slots__ = ("items_at", "start")

    def __init__(self, start: tuple[int, int]) -> None:
        super().__init__()
        self.start = start
        self.items_at: list[tuple[int, int]] = []


def _with_marks(text: str) -> Any:  # noqa: PLR0912, PLR0915 - one loop over the events
    """Read ``text`` (which the fast path read before) keeping every position."""
    if _CParser is None:
        raise _Unusual
    ev = _events
    parser = _CParser(text)
    try:
        get = parser.get_event
        get()
        get()
        root: Any = None
        stack: list[Any] = []
        keys: list[Any] = []  # per mapping: (key, its mark) or _NO_KEY
        while True:
            event = get()
            kind = type(event)
            mark = (event.start_mark.line, event.start_mark.column)
            container: Any = None
            if kind is ev.ScalarEvent:
                value = event.value if event.style else _plain_scalar(event.value)
            elif kind is ev.MappingStartEvent:
                value = container = _MarkedMap(mark)
            elif kind is ev.SequenceStartEvent:
                value = container = _MarkedSeq(mark)
            elif kind is ev.MappingEndEvent or kind is ev.SequenceEndEvent:
                stack.pop()
                keys.pop()
                continue
            else:
                break  # the document's end
            if not stack:
                root = value
            elif type(stack[-1]) is _MarkedSeq:
                stack[-1].append(value)
                stack[-1].items_at.append(mark)
            elif keys[-1] is _NO_KEY:
                keys[-1] = (value, mark)
            else:
                key, key_mark = keys[-1]
                stack[-1][key] = value
                stack[-1].keys_at[key] = key_mark
                stack[-1].values_at[key] = mark
                keys[-1] = _NO_KEY
            if container is not None:
                stack.append(container)
                keys.append(_NO_KEY)
        return root
    except _Unusual:
        raise
    except Exception:  # noqa: BLE001 - the strict reader takes over
        raise _Unusual from None
    finally:
        parser.dispose()


def is_marked(tree: Any) -> bool:
    """Tell whether ``tree`` was read by :func:`_with_marks`."""
    return type(tree) is _MarkedMap or type(tree) is _MarkedSeq


def marked_start(tree: Any) -> tuple[int, int]:
    """The 1-based position where a marked mapping or list starts."""
    line, column = tree.start
    return line + 1, column + 1


def marked_position(
    tree: Any, path: FieldPath, *, key: bool = False
) -> tuple[int, int] | None:
    """:func:`.yamlio.position` for a tree read by :func:`_with_marks`."""
    found = marked_start(tree)
    node = tree
    for step in path:
        if type(node) is _MarkedMap and isinstance(step, str) and step in node:
            child = node[step]
            at_key = key or is_marked(child)
            line, column = node.keys_at[step] if at_key else node.values_at[step]
        elif type(node) is _MarkedMap and (odd := _odd_key(node, step)):
            child = node[odd[0]]
            line, column = node.keys_at[odd[0]]
        elif (
            type(node) is _MarkedSeq and isinstance(step, int) and 0 <= step < len(node)
        ):
            child = node[step]
            line, column = node.items_at[step]
        else:
            break
        found = (line + 1, column + 1)
        node = child
    return found


def _odd_key(node: dict[Any, Any], step: str | int) -> tuple[Any] | None:
    """The key of ``node`` that is not text but reads as ``step`` in a path."""
    for candidate in node:
        if not isinstance(candidate, str) and str(candidate) == str(step):
            return (candidate,)
    return None
