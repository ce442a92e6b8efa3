"""Read and write the YAML people edit by hand: strict, located, comments kept.

Reading follows YAML 1.2 (``country: NO`` is the text ``"NO"``) and refuses
what strategy files never need and what makes YAML dangerous or surprising:
anchors and aliases (rejected while composing, so an alias bomb is never
expanded), merge keys, explicit tags, ``%YAML 1.1`` and ``%TAG`` directives, and
duplicate keys.  Every problem carries a 1-based line and column.

Writing merges new data into the tree read from the existing file, so the
comments a person wrote survive a save; values that did not change keep
their original form (an unquoted date stays unquoted).
"""

from __future__ import annotations

import io
import re
import sys
from collections.abc import Mapping
from decimal import Decimal, InvalidOperation
from typing import Any

from ruamel.yaml import YAML
from ruamel.yaml.comments import CommentedMap, CommentedSeq
from ruamel.yaml.composer import Composer
from ruamel.yaml.constructor import RoundTripConstructor
from ruamel.yaml.error import MarkedYAMLError, YAMLError
from ruamel.yaml.events import AliasEvent, MappingStartEvent, ScalarEvent
from ruamel.yaml.nodes import MappingNode, Node, ScalarNode
from ruamel.yaml.reader import ReaderError
from ruamel.yaml.representer import RoundTripRepresenter
from ruamel.yaml.scalarstring import LiteralScalarString

from munintl.i18n import _
from munintl.plugins.storage.yaml_dir.reading import (
    MAX_DEPTH,
    MAX_PROBLEMS_PER_KIND,
    YamlFileError,
    YamlProblem,
    parse_plain,
    read_text,
)
from munintl.wire.convert import decimal_wire
from munintl.wire.limits import exact_number, long_number_message
from munintl.wire.paths import FieldPath

__all__ = [
    "MAX_DEPTH",
    "MAX_PROBLEMS_PER_KIND",
    "DateText",
    "YamlFileError",
    "YamlProblem",
    "dump",
    "merge",
    "new_yaml",
    "node_position",
    "parse",
    "plain",
    "position",
    "read_text",
    "to_plain",
]

_MERGE_TAG = "tag:yaml.org,2002:merge"
_NULL_TAG = "tag:yaml.org,2002:null"
_TIMESTAMP_TAG = "tag:yaml.org,2002:timestamp"
_INT_TAG = "tag:yaml.org,2002:int"
_TRAILING_SPACES = re.compile(r"[ ]+\n")
# More flow brackets opened in a row than the depth limit allows.  ruamel's
# scanner looks up to 1024 characters ahead per open bracket on a line, so a
# line of brackets costs seconds before the composer's own limit is reached.
_DEEP_FLOW = re.compile(r"(?:[\[{][^\[\]{}\n]*){" + str(MAX_DEPTH + 1) + "}")
# Characters a literal block scalar cannot carry unchanged through a
# YAML 1.2 reader (other line breaks, byte-order mark, carriage return).
_UNSAFE_IN_BLOCK = frozenset("\r\x85\u2028\u2029\ufeff")


def _mark(mark: Any) -> tuple[int | None, int | None]:
    if mark is None:
        return None, None
    return mark.line + 1, mark.column + 1


class _StrictComposer(Composer):
    """A composer that records anchors, aliases, tags and duplicate keys.

    Aliases are replaced by an empty node instead of being resolved, so a
    document built to expand exponentially costs no more than its own size.
    """

    def __init__(self, loader: Any = None) -> None:
        super().__init__(loader)
        self.problems: list[YamlProblem] = []
        self._counts: dict[str, int] = {}

    def _problem(self, code: str, message: str, mark: Any) -> None:
        count = self._counts.get(code, 0) + 1
        self._counts[code] = count
        if count <= MAX_PROBLEMS_PER_KIND:
            self.problems.append(YamlProblem(code, message, *_mark(mark)))

    def summary(self) -> list[YamlProblem]:
        """Return the recorded problems, noting how many were left out."""
        extra = [
            YamlProblem(
                code,
                _("... and {count} more like this").format(
                    count=count - MAX_PROBLEMS_PER_KIND
                ),
            )
            for code, count in self._counts.items()
            if count > MAX_PROBLEMS_PER_KIND
        ]
        return self.problems + extra

    def compose_document(self) -> Any:
        self.problems = []
        self._counts = {}
        self.depth = 0
        start = self.parser.get_event()
        if start.version not in (None, (1, 2)) or start.tags:
            self._problem(
                "yaml-directive",
                _("remove the %YAML/%TAG directive: munintl reads YAML 1.2 only"),
                start.start_mark,
            )
        node = self.compose_node(None, None)
        self.parser.get_event()
        return node

    def compose_node(self, parent: Any, index: Any) -> Any:
        event = self.parser.peek_event()
        if isinstance(event, AliasEvent):
            self.parser.get_event()
            self._problem(
                "yaml-alias",
                _("aliases (*{anchor}) are not allowed; write the value out").format(
                    anchor=event.anchor
                ),
                event.start_mark,
            )
            return ScalarNode(_NULL_TAG, "", event.start_mark, event.end_mark)
        if event.anchor is not None:
            self._problem(
                "yaml-anchor",
                _("anchors (&{anchor}) are not allowed; write each value out").format(
                    anchor=event.anchor
                ),
                event.start_mark,
            )
        if getattr(event, "ctag", None) is not None:
            tag = str(event.ctag).replace("tag:yaml.org,2002:", "!!")
            self._problem(
                "yaml-tag",
                _("tags ({tag}) are not allowed; write a plain value").format(tag=tag),
                event.start_mark,
            )
        self.depth += 1
        if self.depth > MAX_DEPTH:
            raise YamlFileError(
                [
                    YamlProblem(
                        "yaml-too-deep",
                        _too_deep(),
                        *_mark(event.start_mark),
                    )
                ]
            )
        self.resolver.descend_resolver(parent, index)
        # The anchor is dropped so that a (reported) alias can never resolve.
        if isinstance(event, ScalarEvent):
            node = self.compose_scalar_node(None)
            self._check_number(node)
        elif isinstance(event, MappingStartEvent):
            node = self.compose_mapping_node(None)
            self._check_keys(node)
        else:
            node = self.compose_sequence_node(None)
        self.resolver.ascend_resolver()
        self.depth -= 1
        return node

    def _check_number(self, node: ScalarNode) -> None:
        # Python converts at most sys.get_int_max_str_digits() digits of text
        # to a number; ruamel would fail later, with no line to show.
        if node.tag == _INT_TAG:
            digits = sum(character.isdigit() for character in node.value)
            limit = sys.get_int_max_str_digits()
            if limit and digits > limit:
                self._problem(
                    "yaml-value", long_number_message(digits), node.start_mark
                )

    def _check_keys(self, node: MappingNode) -> None:
        seen: dict[tuple[str | None, str], Node] = {}
        for key, _value in node.value:
            if not isinstance(key, ScalarNode):
                self._problem(
                    "yaml-complex-key", _("a key must be a plain value"), key.start_mark
                )
                continue
            if key.tag == _MERGE_TAG:
                self._problem(
                    "yaml-merge-key",
                    _("merge keys (<<) are not allowed; write the keys out"),
                    key.start_mark,
                )
                continue
            ident = (key.tag, key.value)
            first = seen.get(ident)
            if first is not None:
                line = first.start_mark.line + 1
                self._problem(
                    "yaml-duplicate-key",
                    _(
                        "duplicate key {key!r} (first on line {first}); keep one of"
                        " them"
                    ).format(key=key.value, first=line),
                    key.start_mark,
                )
            else:
                seen[ident] = key


class DateText(str):
    """An unquoted date such as ``2008-10-06``, kept as the text it is.

    munintl reads dates itself (:class:`~munintl.model.PartialDate`), so a
    date needs no YAML timestamp type; keeping the text means an impossible
    date gets munintl's message, and the date is written back unquoted.
    """

    __slots__ = ()


class _Constructor(RoundTripConstructor):
    def construct_date_text(self, node: ScalarNode) -> DateText:
        return DateText(self.construct_scalar(node))

    def construct_yaml_float(self, node: Any) -> Any:
        """A float, or the exact decimal a float would round (``exact_number``)."""
        number = super().construct_yaml_float(node)
        if isinstance(node, ScalarNode) and isinstance(number, float):
            return exact_number(str(node.value), float(number))
        return number


_Constructor.add_constructor(_TIMESTAMP_TAG, _Constructor.construct_date_text)
_Constructor.add_constructor(
    "tag:yaml.org,2002:float", _Constructor.construct_yaml_float
)


class _Representer(RoundTripRepresenter):
    def represent_date_text(self, data: DateText) -> Node:
        return self.represent_scalar(_TIMESTAMP_TAG, str(data))


_Representer.add_representer(DateText, _Representer.represent_date_text)


def new_yaml(*, width: int = 88, indent: int = 2) -> YAML:
    """Make a round-trip YAML reader and writer with munintl's rules.

    One instance per thread: ruamel keeps parsing state on it.
    """
    yaml = YAML(typ="rt")
    yaml.Composer = _StrictComposer
    yaml.Constructor = _Constructor
    yaml.Representer = _Representer
    yaml.preserve_quotes = True
    yaml.width = width
    yaml.indent(mapping=indent, sequence=indent + 2, offset=indent)
    yaml.allow_unicode = True
    # Data that happens to share an object must still be written out twice.
    yaml.representer.ignore_aliases = lambda _data: True
    return yaml


def parse(yaml: YAML, text: str) -> Any:
    """Parse one YAML document, or raise :class:`YamlFileError`.

    Returns the round-trip tree (``CommentedMap`` and ``CommentedSeq``
    carrying positions and comments), or None for a text with no content.
    """
    deep = _DEEP_FLOW.search(text)
    if deep is not None:
        line = text.count("\n", 0, deep.start()) + 1
        column = deep.start() - (text.rfind("\n", 0, deep.start()) + 1) + 1
        message = _too_deep()
        raise YamlFileError([YamlProblem("yaml-too-deep", message, line, column)])
    try:
        node = yaml.compose(text)
    except YamlFileError:
        raise
    except MarkedYAMLError as error:
        mark = error.problem_mark or error.context_mark
        detail = " ".join(part for part in (error.context, error.problem) if part)
        message = (
            _("not valid YAML: {detail}").format(detail=detail)
            if detail
            else _("not valid YAML")
        )
        raise YamlFileError(
            [YamlProblem("yaml-syntax", message, *_mark(mark))]
        ) from None
    except ReaderError as error:
        line = text.count("\n", 0, error.position) + 1
        column = error.position - (text.rfind("\n", 0, error.position) + 1) + 1
        raise YamlFileError(
            [
                YamlProblem(
                    "yaml-syntax",
                    _(
                        "not valid YAML: the character U+{code:04X} is not allowed"
                    ).format(code=error.character),
                    line,
                    column,
                )
            ]
        ) from None
    except YAMLError as error:
        message = _("not valid YAML: {detail}").format(detail=error)
        raise YamlFileError([YamlProblem("yaml-syntax", message)]) from None
    problems = yaml.composer.summary()
    if problems:
        raise YamlFileError(problems)
    if node is None:
        return None
    try:
        return yaml.constructor.construct_document(node)
    except MarkedYAMLError as error:
        mark = error.problem_mark or error.context_mark
        message = error.problem or str(error)
        raise YamlFileError(
            [YamlProblem("yaml-value", message, *_mark(mark))]
        ) from None
    except (ValueError, TypeError, ArithmeticError, IndexError) as error:
        # Values YAML resolves but Python cannot hold, or ruamel trips over
        # (``-_`` resolves as an int and raises IndexError); no mark is given.
        raise YamlFileError(
            [YamlProblem("yaml-value", f"a value cannot be read: {error}")]
        ) from None


# -- positions -------------------------------------------------------------------


def node_position(node: Any) -> tuple[int, int] | None:
    """Return the 1-based position where a mapping or list starts."""
    lc = getattr(node, "lc", None)
    if lc is None or lc.line is None:
        return None
    return lc.line + 1, lc.col + 1


def _odd_key(node: CommentedMap, step: str | int) -> tuple[Any] | None:
    """Find the key of ``node`` that is not text but reads as ``step`` in a path.

    Returned in a 1-tuple, since the key may itself be ``None`` (``null:``).
    """
    for candidate in node:
        if not isinstance(candidate, str) and str(candidate) == str(step):
            return (candidate,)
    return None


def position(
    tree: Any, path: FieldPath, *, key: bool = False
) -> tuple[int, int] | None:
    """Find the 1-based line and column of ``path`` inside ``tree``.

    Returns the deepest node found: the value at the end of the path, or
    its key when ``key`` is true or the value is a mapping or list (the key
    line is what a reader looks for); for a path that goes missing part way,
    the mapping or list where it stops.
    """
    found = node_position(tree)
    node = tree
    for step in path:
        if isinstance(node, CommentedMap) and isinstance(step, str) and step in node:
            child = node[step]
            at_key = key or isinstance(child, CommentedMap | CommentedSeq)
            line, column = node.lc.key(step) if at_key else node.lc.value(step)
        elif isinstance(node, CommentedMap) and (odd := _odd_key(node, step)):
            # A key YAML read as null, a number or a boolean: the path names
            # it as text, and the key itself is what is wrong.
            child = node[odd[0]]
            line, column = node.lc.key(odd[0])
        elif (
            isinstance(node, CommentedSeq)
            and isinstance(step, int)
            and 0 <= step < len(node)
        ):
            child = node[step]
            line, column = node.lc.item(step)
        else:
            break
        found = (line + 1, column + 1)
        node = child
    return found


# -- comparing and writing ---------------------------------------------------------


def to_plain(value: Any) -> Any:  # noqa: PLR0911 - one return per kind of value
    """Return a loaded tree as plain dicts, lists, texts and numbers.

    The model then holds ordinary Python values, not ruamel's subclasses.
    Floats stay floats so that the converter can still refuse a number
    where a text is expected.
    """
    if isinstance(value, Mapping):
        return {to_plain(k): to_plain(v) for k, v in value.items()}
    if isinstance(value, list):
        return [to_plain(item) for item in value]
    if isinstance(value, bool) or value is None:
        return value
    if isinstance(value, int):
        return int(value)
    if isinstance(value, float):
        return float(value)
    if isinstance(value, str):
        return str(value)
    return value


def plain(value: Any) -> Any:
    """Return a loaded leaf in the shape the converter writes it.

    An unquoted ``2008-10-06`` is a date to YAML but a text to munintl; a
    ``1.50`` is a float to YAML but a decimal written as text to munintl.
    """
    if isinstance(value, bool) or value is None:
        return value
    if isinstance(value, int):
        return int(value)
    if isinstance(value, float):
        try:
            number = Decimal(str(value))
        except InvalidOperation:
            return value
        return decimal_wire(number)
    if isinstance(value, str):
        return str(value)
    return value


def _same_leaf(old: Any, new: Any) -> bool:
    old = plain(old)
    # type() matters: True == 1 in Python, not in a file.
    return type(old) is type(new) and bool(old == new)


def _block_friendly(text: str) -> bool:
    # A literal block (|) reads best for paragraphs and lists; use it only
    # where it reads back exactly.
    if "\n" not in text.rstrip("\n") or text[:1] in (" ", "\t", "\n"):
        return False
    if any(ch in _UNSAFE_IN_BLOCK for ch in text):
        return False
    lines = text.split("\n")
    return all((ch == "\t" or ch.isprintable()) for ch in text if ch != "\n") and all(
        line == line.rstrip(" \t") for line in lines
    )


def to_yaml(value: Any) -> Any:
    """Return wire data as round-trip nodes, multi-line texts as ``|`` blocks."""
    if isinstance(value, Mapping):
        out = CommentedMap()
        for key, item in value.items():
            out[key] = to_yaml(item)
        return out
    if isinstance(value, list | tuple):
        return CommentedSeq(to_yaml(item) for item in value)
    if isinstance(value, str) and _block_friendly(value):
        return LiteralScalarString(value)
    return value


def _ids(items: Any) -> list[str] | None:
    if not items or not all(isinstance(i, Mapping) and "id" in i for i in items):
        return None
    ids = [repr(i["id"]) for i in items]
    return ids if len(set(ids)) == len(ids) else None


def _aligned(before: Any, length: int) -> list[Any]:
    if isinstance(before, list) and len(before) == length:
        return before
    return [None] * length


def _merge_seq(old: CommentedSeq, new: list[Any], before: Any) -> CommentedSeq:
    earlier = _aligned(before, len(old))
    old_ids, new_ids = _ids(old), _ids(new)
    if old_ids is not None and new_ids is not None:
        # Items with ids (goals, documents) keep their comments when others
        # are added, removed or reordered around them.
        by_id = {
            i: (item, was) for i, item, was in zip(old_ids, old, earlier, strict=True)
        }
        merged = [
            merge(by_id[i][0], item, by_id[i][1]) if i in by_id else to_yaml(item)
            for i, item in zip(new_ids, new, strict=True)
        ]
        if new_ids == old_ids:
            for index, item in enumerate(merged):
                if item is not old[index]:
                    old[index] = item
        else:
            del old[:]
            old.extend(merged)
        return old
    for index, item in enumerate(new[: len(old)]):
        updated = merge(old[index], item, earlier[index])
        if updated is not old[index]:
            old[index] = updated
    if len(old) > len(new):
        del old[len(new) :]
    for item in new[len(old) :]:
        old.append(to_yaml(item))
    return old


def merge(old: Any, new: Any, before: Any = None) -> Any:
    """Merge wire data ``new`` into the loaded tree ``old`` and return the result.

    Mappings and lists are updated in place, so comments attached to keys
    and items that stay are kept; leaves equal to the new value are kept as
    written.  New keys go where the converter's field order puts them.

    ``before`` is the converter's shape of what ``old`` held.  The converter
    leaves out default values, so a key in ``old`` that is in neither
    ``before`` nor ``new`` is a default someone wrote out (``role:
    implementing``) and stays; a key only ``before`` has was changed back to
    its default and goes.  Without ``before``, keys ``new`` lacks go.
    """
    if isinstance(old, CommentedMap) and isinstance(new, Mapping):
        earlier = before if isinstance(before, Mapping) else None
        for gone in [k for k in old if k not in new]:
            if earlier is None or gone in earlier:
                del old[gone]
        previous: Any = None
        for key, value in new.items():
            if key in old:
                updated = merge(old[key], value, earlier.get(key) if earlier else None)
                if updated is not old[key]:
                    old[key] = updated
            else:
                keys = list(old)
                at = keys.index(previous) + 1 if previous in old else 0
                old.insert(at, key, to_yaml(value))
            previous = key
        return old
    if isinstance(old, CommentedSeq) and isinstance(new, list):
        return _merge_seq(old, new, before)
    if not isinstance(new, Mapping | list) and _same_leaf(old, new):
        return old
    return to_yaml(new)


def dump(yaml: YAML, data: Any, *, width: int | None = None) -> str:
    """Write ``data`` (a round-trip tree or wire data) as YAML text.

    ``width`` overrides the line width for this text only; a file a person
    wrote with longer lines is best written back with its own width, so
    lines nobody changed are not wrapped anew.
    """
    stream = io.StringIO()
    saved = yaml.width
    if width is not None:
        yaml.width = width
    try:
        yaml.dump(data if isinstance(data, CommentedMap) else to_yaml(data), stream)
    finally:
        yaml.width = saved
    return _without_trailing_spaces(yaml, stream.getvalue())


def _without_trailing_spaces(yaml: YAML, text: str) -> str:
    # ruamel leaves a space at the end of a line where it wraps a long value;
    # editors strip it and diffs show it.  Outside block scalars such spaces
    # carry no content, so drop them if the text still reads the same.
    if " \n" not in text:
        return text
    stripped = _TRAILING_SPACES.sub("\n", text)

    def strict(text: str) -> Any:
        return parse(yaml, text)

    # Read with libyaml where it can (the store's own read path, which reads
    # what ruamel.yaml reads): two ruamel.yaml parses were most of the CPU
    # of saving one changed file.
    try:
        before = to_plain(parse_plain(text, strict))
        same = to_plain(parse_plain(stripped, strict)) == before
    except YamlFileError:
        same = False
    return stripped if same else text


def _too_deep() -> str:
    return _("the data is nested more than {depth} levels deep").format(depth=MAX_DEPTH)
