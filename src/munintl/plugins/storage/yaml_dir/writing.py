"""Write a new YAML file fast, in the style the round-trip writer uses.

A file that does not exist yet has no comments to keep, so it need not go
through ruamel.yaml's round-trip writer (:func:`.yamlio.dump`), which costs
some forty times PyYAML's C emitter.  :func:`dump_new` writes the wire data
of one file directly: block mappings and lists indented as the store's
settings say, texts plain where YAML 1.2 reads them back as the same text
(``country: NO``), in single quotes where they need quoting, multi-line
texts as literal ``|`` blocks, and long plain texts folded at the line
width.  The output is the round-trip writer's, character for character (a
property test holds it to that).

Every text it makes is read back with the fast reader (:mod:`.reading`)
and compared with the data; anything it does not handle (a list directly
in a list, a float, a key that is not a text, a text that needs escapes)
or anything that would not read back the same returns None, and the caller
uses the round-trip writer.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from typing import Any

from munintl.plugins.storage.yaml_dir import reading

_TIMESTAMP = re.compile(
    r"""[0-9][0-9][0-9][0-9]-[0-9][0-9]-[0-9][0-9]
    |[0-9][0-9][0-9][0-9]-[0-9][0-9]?-[0-9][0-9]?
    (?:[Tt]|[ \t]+)[0-9][0-9]?:[0-9][0-9]:[0-9][0-9](?:\.[0-9]*)?
    (?:[ \t]*(?:Z|[-+][0-9][0-9]?(?::[0-9][0-9])?))?""",
    re.VERBOSE,
)
_INDICATOR_START = frozenset("#,[]{}&*!|>'\"%@`")
# Characters that keep a text out of plain style in block context.
_NOT_PLAIN = re.compile(r": |:$| #|[\x00-\x1f\x7f-\x9f\u2028\u2029\ufeff]")


class _Declined(Exception):
    """Something :func:`dump_new` leaves to the round-trip writer."""


def _resolves_as_text(text: str) -> bool:
    """Tell whether YAML 1.2 (as ruamel.yaml resolves it) reads ``text`` as text."""
    if text in reading._CONSTANTS:
        return False
    if text[:1] in reading._NUMBER_START and (
        reading._INT.fullmatch(text)
        or reading._FLOAT.fullmatch(text)
        or reading._OTHER_NUMBER.fullmatch(text)
    ):
        return False
    return _TIMESTAMP.fullmatch(text) is None


def _plain_allowed(text: str) -> bool:
    if not text or text != text.strip(" ") or text[0] in _INDICATOR_START:
        return False
    if text[0] in "-?:" and text[1:2] in ("", " "):
        return False
    if text.startswith(("---", "...")) or "\n" in text:
        return False
    return _NOT_PLAIN.search(text) is None and _resolves_as_text(text)


def _block_friendly(text: str) -> bool:
    from munintl.plugins.storage.yaml_dir.yamlio import _block_friendly as friendly

    return friendly(text)


class _Writer:
    def __init__(self, width: int, indent: int) -> None:
        self.width = width
        self.indent = indent
        self.lines: list[str] = []
        #: Whether the last text written is a block that keeps its final blank lines.
        self.kept = False

    def scalar(self, value: Any, start: int, inner: int, *, key: bool = False) -> str:
        """The text of a scalar starting at column ``start``.

        Its further lines (a folded text, a block) are indented to ``inner``.
        """
        if value is None:
            return "null"
        if value is True or value is False:
            return "true" if value else "false"
        if type(value) is int:
            return str(value)
        if type(value) is not str:
            raise _Declined  # floats and the rest: ruamel's own forms
        if _plain_allowed(value):
            return value if key else self.folded(value, start, inner)
        if not key and "\n" in value and _block_friendly(value):
            return self.block(value, inner)
        if value.isprintable() and "'" not in value:
            if not key and start + len(value) + 2 > self.width:
                raise _Declined  # ruamel folds long quoted texts its own way
            return f"'{value}'"
        raise _Declined  # escapes in double quotes: ruamel's own choice of them

    def folded(self, text: str, start: int, inner: int) -> str:
        """A plain text, folded at single spaces to stay within the width."""
        if start + len(text) <= self.width:
            return text
        words = text.split(" ")
        if start + len(words[0]) > self.width:
            raise _Declined  # ruamel moves such a text to a line of its own
        if "" in words:
            return text  # two spaces in a row: folding would lose one
        continuation = " " * inner
        out: list[str] = []
        line = words[0]
        used = start + len(line)
        for word in words[1:]:
            if used + 1 + len(word) > self.width:
                out.append(line)
                line = word
                used = len(continuation) + len(word)
            else:
                line += " " + word
                used += 1 + len(word)
        out.append(line)
        return ("\n" + continuation).join(out)

    def block(self, text: str, inner: int) -> str:
        """A multi-line text as a literal block indented to ``inner``."""
        stripped = text.rstrip("\n")
        trailing = len(text) - len(stripped)
        chomp = "-" if trailing == 0 else ("" if trailing == 1 else "+")
        pad = " " * inner
        lines = stripped.split("\n") + [""] * (trailing - 1 if trailing > 1 else 0)
        body = "\n".join((pad + line) if line else "" for line in lines)
        return f"|{chomp}\n{body}"

    def mapping(self, data: Mapping[Any, Any], column: int, first: str) -> None:
        """Write a block mapping at ``column``; ``first`` prefixes its first line."""
        if not data:
            raise _Declined  # an empty mapping inside: ruamel writes {} inline
        prefix = first
        for key, value in data.items():
            if type(key) is not str:
                raise _Declined
            name = self.scalar(key, column, column, key=True)
            self.value(f"{prefix}{name}:", value, column)
            prefix = " " * column

    def value(self, head: str, value: Any, column: int) -> None:
        """Write ``head`` and then ``value`` after it or on the lines below."""
        if isinstance(value, Mapping):
            if not value:
                self.lines.append(f"{head} {{}}")
                self.kept = False
                return
            self.lines.append(head)
            self.mapping(value, column + self.indent, " " * (column + self.indent))
        elif isinstance(value, list):
            if not value:
                self.lines.append(f"{head} []")
                self.kept = False
                return
            self.lines.append(head)
            self.sequence(value, column + self.indent)
        else:
            text = self.scalar(value, len(head) + 1, column + self.indent)
            self.lines.append(f"{head} {text}")
            self.kept = text.startswith("|+")

    def sequence(self, items: list[Any], column: int) -> None:
        """Write a block sequence whose dashes are at ``column``."""
        dash = " " * column + "- "
        for item in items:
            if isinstance(item, Mapping) and item:
                self.mapping(item, column + 2, dash)
            elif isinstance(item, list | Mapping):
                raise _Declined  # a list in a list, an empty mapping
            else:
                text = self.scalar(item, column + 2, column + 2)
                self.lines.append(dash + text)
                self.kept = text.startswith("|+")


def dump_new(data: Mapping[str, Any], *, width: int, indent: int) -> str | None:
    """Write the wire data of a new file; None when the round-trip writer must."""
    writer = _Writer(width, indent)
    try:
        if not data:
            return None
        writer.mapping(data, 0, "")
    except _Declined:
        return None
    text = "\n".join(writer.lines) + "\n"
    if writer.kept:
        # A text ending in blank lines, written last: the round-trip writer
        # ends the document explicitly, or the blank lines would belong to it.
        text += "...\n"
    try:
        back = reading.parse_plain(text, _refuse)
    except _Declined:
        return None
    if not isinstance(back, dict) or not _same(dict(back), data):
        return None
    return text


def _refuse(_text: str) -> Any:
    raise _Declined


def _same(back: Any, data: Any) -> bool:
    if isinstance(data, Mapping):
        return (
            isinstance(back, dict)
            and list(back) == list(data)
            and all(_same(back[k], v) for k, v in data.items())
        )
    if isinstance(data, list | tuple):
        return (
            isinstance(back, list)
            and len(back) == len(data)
            and all(map(_same, back, data))
        )
    return type(back) is type(data) and back == data
