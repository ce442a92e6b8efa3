"""Index a portfolio once, generically, for the built-in validation rules.

:func:`index` goes through every model object in a portfolio by
:func:`attrs.fields` and field metadata -- never a hand-written list per
class -- so a field added to the model is checked by every rule without
touching the rules.  It finds:

* every object, by class;
* every code field (metadata ``{"codelist": scheme}``) by scheme;
* every reference field (metadata ``{"ref": collection}``) by collection;
* every value of the leaf value types (:data:`LEAF_TYPES`: texts, dates,
  periods, money, codes and subjects) by type.

It does so twice over, as the rules need it.  :class:`Columns`, built at
once, holds the values alone, gathered a class at a time in C (``map``
and ``attrgetter`` over all objects of a class): each rule first asks the
columns whether anything may be wrong -- a reference to an unknown id, a
code outside its list, a character no output can hold -- and on a sound
portfolio stops there.  Only a rule that may have a finding asks the
:class:`Index` for objects and values *with their owners*: a walk object
by object, in portfolio order, made once and only then, whose paths are
built only for the findings (:attr:`Node.path`).

Paths follow the convention the YAML store maps to file, line and column:
``bodies[<id>].name``, ``initiatives[<id>].participations[2].organisation``;
themes are addressed directly by id at any depth (``themes[<id>].goals[0]``);
status updates by subject (``followups[<id>].updates[initiative:<id>]``);
every other list by its 0-based position.

The index of the last portfolio is cached (by identity, through a weak
reference), so the rules of one validation run share it.
"""

from __future__ import annotations

import datetime as dt
import difflib
import functools
import threading
import types
import typing
import weakref
from collections.abc import Callable, Collection, Iterable, Iterator, Mapping
from decimal import Decimal
from itertools import chain, compress
from operator import attrgetter, is_not
from typing import Any, Generic, Literal, NamedTuple, TypeVar, cast

import attrs

from munintl.i18n import _
from munintl.model import (
    CodeRef,
    LocalizedText,
    Money,
    PartialDate,
    Period,
    Portfolio,
    StatusUpdate,
    SubjectRef,
    Theme,
)
from munintl.model.strategy import MAX_THEME_DEPTH
from munintl.wire import fastjson
from munintl.wire.convert import gc_paused
from munintl.wire.paths import place

T = TypeVar("T")

#: Value types recorded as leaves: the walk collects them and does not enter them.
LEAF_TYPES: frozenset[type] = frozenset(
    {CodeRef, LocalizedText, Money, PartialDate, Period, SubjectRef}
)

#: Classes addressed by id from the portfolio root, wherever they are nested.
ADDRESSED_BY_ID: dict[type, str] = {Theme: "themes"}

#: The collection each subject kind refers to.
SUBJECT_COLLECTIONS: dict[str, str] = {
    "theme": "themes",
    "goal": "goals",
    "initiative": "initiatives",
    "partnership": "partnerships",
}


class Node(NamedTuple):
    """A model object held in ``field`` (at ``key`` for lists) of ``owner``.

    ``public`` unless it or an owner is internal.  An entity addressed from
    the root (``initiatives[x]``, ``themes[t]``, the municipality) has no
    owner: ``field`` is its collection and ``key`` its id.  The path is
    built only when asked for, which is when a rule has a finding.
    """

    obj: Any
    owner: Node | None
    field: str
    key: str | int | None
    public: bool

    @property
    def path(self) -> str:
        """The object's portfolio path: ``initiatives[x].participations[2]``."""
        if self.owner is None:
            return self.field if self.key is None else f"{self.field}[{self.key}]"
        return place(self.owner.path, self.field, self.key)

    @property
    def addressed(self) -> bool:
        """Tell whether the object is addressed from the root by collection and id."""
        return self.owner is None and self.key is not None


class Found(NamedTuple, Generic[T]):
    """A value held in ``field`` (at ``key`` for lists) of the object ``owner``."""

    value: T
    owner: Node
    field: str
    key: str | int | None = None

    @property
    def path(self) -> str:
        """The value's portfolio path."""
        return place(self.owner.path, self.field, self.key)


_PLAIN: frozenset[Any] = frozenset(
    {str, int, float, bool, bytes, Decimal, type(None), dt.date, dt.datetime}
)


def _may_hold_objects(hint: Any) -> bool:
    """Tell whether a field annotated ``hint`` can hold model objects."""
    if hint in _PLAIN:
        return False
    origin = typing.get_origin(hint)
    if origin is Literal:
        return False
    if origin in (tuple, dict, typing.Union, types.UnionType):
        return any(
            _may_hold_objects(arg) for arg in typing.get_args(hint) if arg is not ...
        )
    return True  # an attrs class, or a type we cannot see into


class _Field(NamedTuple):
    name: str
    scheme: str | None
    collection: str | None
    walk: bool


@functools.cache
def _plan(cls: type) -> tuple[_Field, ...]:
    # Worked out once per class rather than once per object: fields holding
    # only plain values (ids, flags, numbers) are then never even read.
    try:
        hints = typing.get_type_hints(cls)
    except (NameError, TypeError):
        hints = {}  # unresolvable annotations: look into every field
    return tuple(
        _Field(
            field.name,
            field.metadata.get("codelist"),
            field.metadata.get("ref"),
            field.name not in hints or _may_hold_objects(hints[field.name]),
        )
        for field in attrs.fields(cls)
    )


@functools.cache
def steps(cls: type) -> tuple[_Field, ...]:
    """The fields of ``cls`` the walk reads: codes, references, objects, leaves."""
    # The fields of ``cls`` the walk reads: codes, references and fields that
    # may hold objects or leaf values; the rest are skipped without a look.
    return tuple(
        field
        for field in _plan(cls)
        if field.scheme is not None or field.collection is not None or field.walk
    )


def collections(portfolio: Portfolio) -> Iterator[tuple[str, tuple[Any, ...]]]:
    """Yield each id-keyed collection of the portfolio: ``("bodies", (...))``."""
    for field in _plan(Portfolio):
        value = getattr(portfolio, field.name)
        if isinstance(value, tuple):
            yield field.name, value


def _ids(portfolio: Portfolio) -> dict[str, frozenset[str]]:
    """Collect the ids each reference target collection holds.

    The portfolio's own collections (``bodies``, ``initiatives``, ...), plus
    ``themes``, ``goals`` and ``documents`` across every strategy,
    ``parties``: the municipality and the organisations, and ``actors``: the
    parties and the bodies.
    """
    found = {
        name: frozenset(item.id for item in items)
        for name, items in collections(portfolio)
    }
    found["themes"] = frozenset(theme.id for _, theme in portfolio.all_themes())
    found["goals"] = frozenset(
        goal.id for strategy in portfolio.strategies for _, goal in strategy.all_goals()
    )
    found["documents"] = frozenset(
        document.id
        for strategy in portfolio.strategies
        for document in strategy.documents
    )
    found["parties"] = found["organisations"] | {portfolio.municipality.id}
    found["actors"] = found["parties"] | found["bodies"]
    return found


def _key(item: object, position: int) -> str | int:
    # Status updates are kept sorted by subject, so their position in the file
    # says nothing; the subject is what identifies them.
    if isinstance(item, StatusUpdate):
        return str(item.subject)
    return position


# Named tuples built by ``tuple.__new__`` skip the Python-level constructor:
# the walk makes some twenty per initiative, and this halves their cost.
_new = tuple.__new__


class Columns:
    """Every value the rules look at, gathered by class, without places.

    Built in one pass that goes through the portfolio a class at a time --
    all initiatives' participations together, then all participations'
    organisations -- with ``map`` and ``attrgetter``, so the per-object work
    is done in C.  ``objects`` holds every model object by class (the same
    objects :class:`Index` finds, not in portfolio order), ``leaves`` every
    value of the leaf types by type, ``codes`` every code by scheme and
    ``refs`` every referenced id by collection (as sets, each value once,
    for a portfolio the fast JSON decoder read: rules use them as sets
    only).  Rules ask these first; only
    when a value may be wrong do they ask :class:`Index` where it is.
    """

    def __init__(self, portfolio: Portfolio) -> None:
        self.objects: dict[type, list[Any]] = {}
        self.leaves: dict[type, list[Any]] = {}
        self.codes: dict[str, list[Any]] = {}
        self.refs: dict[str, list[Any]] = {}
        # (objects, their classes, theme depth): themes nested deeper than
        # MAX_THEME_DEPTH are left out, as the walk of :class:`Index` does.
        work: list[tuple[list[Any], set[type], int]] = []
        for field in _plan(Portfolio):
            value = getattr(portfolio, field.name)
            batch = list(value) if type(value) is tuple else [value]
            work.append((batch, set(map(type, batch)), 0))
        while work:
            batch, kinds, depth = work.pop()
            if len(kinds) > 1:
                groups: dict[type, list[Any]] = {}
                for item in batch:
                    groups.setdefault(type(item), []).append(item)
                work.extend((group, {cls}, depth) for cls, group in groups.items())
                continue
            if not kinds:
                continue
            (cls,) = kinds
            if cls in LEAF_TYPES:
                self.leaves.setdefault(cls, []).extend(batch)
            elif attrs.has(cls):
                self._objects(cls, batch, depth, work)

    def _objects(
        self,
        cls: type,
        batch: list[Any],
        depth: int,
        work: list[tuple[list[Any], set[type], int]],
    ) -> None:
        self.objects.setdefault(cls, []).extend(batch)
        for name, scheme, collection, _walk in steps(cls):
            items = _flat(list(map(attrgetter(name), batch)))
            if not items:
                continue
            if scheme is not None:
                self.codes.setdefault(scheme, []).extend(items)
            elif collection is not None:
                self.refs.setdefault(collection, []).extend(items)
            else:
                kinds = set(map(type, items))
                if Theme not in kinds:
                    work.append((items, kinds, depth))
                    continue
                # Themes one level deeper, anything beside them at this level.
                others = kinds - {Theme}
                if others:
                    rest = [item for item in items if type(item) is not Theme]
                    items = [item for item in items if type(item) is Theme]
                    work.append((rest, others, depth))
                if depth < MAX_THEME_DEPTH:
                    work.append((items, {Theme}, depth + 1))

    @staticmethod
    def of(portfolio: Portfolio) -> Columns:
        """The columns of ``portfolio``: from what its decoding gathered, if it was.

        A portfolio :func:`munintl.wire.fastjson.decode` returned comes with
        its model objects by class and its texts' maps and language tags
        (:class:`~munintl.wire.fastjson.Decoded`); those are taken as they
        are and the rest is gathered from them when a rule asks.  Any other
        portfolio is gathered from scratch.
        """
        facts = fastjson.decoded(portfolio)
        if facts is not None:
            objects = _decoded_objects(facts)
            if objects is not None:
                return DecodedColumns(objects, facts)
        return Columns(portfolio)

    def leaf(self, cls: type[T]) -> list[T]:
        """Every value of the leaf type ``cls`` (see :data:`LEAF_TYPES`)."""
        return cast(list[T], self.leaves.get(cls, []))

    def texts(self) -> list[LocalizedText]:
        """Every localized text (:class:`Index` has them in portfolio order)."""
        return self.leaf(LocalizedText)

    @functools.cached_property
    def distinct_periods(self) -> list[Period]:
        """One period for each pair of ends (by identity) any period has.

        What depends on a period's ends alone (reversed, empty) is asked of
        these few: a decoded portfolio shares equal dates between periods.
        """
        periods = self.leaf(Period)
        starts = map(id, map(_start_of, periods))
        ends = zip(starts, map(id, map(_end_of, periods)), strict=True)
        return list(dict(zip(ends, periods, strict=True)).values())

    @functools.cached_property
    def has_reversed_period(self) -> bool:
        """Tell whether some period ends wholly before it starts."""
        return any(map(_is_reversed, self.distinct_periods))

    @functools.cached_property
    def languages(self) -> set[str]:
        """Every language tag of every text."""
        return set().union(*self.value_maps)

    @property
    def characters_checked(self) -> bool:
        """Tell whether no text is known to hold a forbidden character.

        True only for a portfolio read from bytes proven to hold none.
        """
        return False

    @property
    def absent_characters(self) -> frozenset[str]:
        """Characters known to be in no text (a line break: ``"\\n"``)."""
        return frozenset()

    @property
    def numbers_checked(self) -> bool:
        """Tell whether every number is known to be within the model's limits.

        True only for a portfolio whose every number was checked as read.
        """
        return False

    @functools.cached_property
    def value_maps(self) -> list[dict[str, str]]:
        """The ``values`` of every localized text: language to string."""
        return list(map(_values_of, self.texts()))

    @functools.cached_property
    def strings(self) -> list[str]:
        """The strings of every localized text, text by text, language by language."""
        return list(chain.from_iterable(map(dict.values, self.value_maps)))

    @functools.cached_property
    def joined_strings(self) -> str:
        """:attr:`strings` joined by spaces, for searches through all at once."""
        return " ".join(self.strings)

    @functools.cached_property
    def with_provenance(self) -> list[LocalizedText]:
        """The localized texts that say where a translation came from."""
        texts = self.texts()
        return list(compress(texts, map(_provenance_of, texts)))


class DecodedColumns(Columns):
    """The columns of a portfolio the fast JSON decoder made, from its facts.

    The decoder's builders handed over every model object by class and
    every text's map (:class:`~munintl.wire.fastjson.Decoded`), and the
    decoder refuses a value whose type is not its field's annotation, so
    each leaf type is read only from the fields annotated to hold it, and
    only when a rule asks.  Holds exactly what :class:`Columns` finds (a
    property test compares them).
    """

    def __init__(self, objects: dict[type, list[Any]], facts: fastjson.Decoded) -> None:
        # Not Columns.__init__: nothing is walked.
        self.objects = objects
        self._facts = facts
        self._leaves: dict[type, list[Any]] = {}

    def leaf(self, cls: type[T]) -> list[T]:
        """Every value of the leaf type ``cls``, gathered on first use."""
        found = self._leaves.get(cls)
        if found is None:
            found = self._leaves[cls] = self._gather_leaf(cls)
        return cast(list[T], found)

    def _gather_leaf(self, cls: type) -> list[Any]:
        built = self._facts.objects.get(cls)
        reach = _reach()
        if (
            built is not None
            and cls not in self._facts.unseen
            and reach is not None
            and cls not in reach[1]
        ):
            return built  # every one made by a builder, none shared or hidden
        found: list[Any] = []
        for owner, objects in self.objects.items():
            for name in _fields_holding(owner, cls):
                items = _flat(list(map(attrgetter(name), objects)))
                if items:
                    kinds = set(map(type, items))
                    if kinds != {cls}:
                        items = [item for item in items if type(item) is cls]
                    found.extend(items)
        return found

    @functools.cached_property
    def leaves(self) -> Mapping[type, list[Any]]:  # type: ignore[override]
        """Every value of each leaf type that has values, gathered when asked."""
        return _Leaves(self)

    @functools.cached_property
    def codes(self) -> dict[str, Collection[Any]]:  # type: ignore[override]
        """Every code by scheme (each once, if the decoder gathered them)."""
        return self._coded("scheme")

    @functools.cached_property
    def refs(self) -> dict[str, Collection[Any]]:  # type: ignore[override]
        """Every reference by collection (each once, if the decoder gathered them)."""
        return self._coded("collection")

    def _coded(
        self, kind: Literal["scheme", "collection"]
    ) -> dict[str, Collection[Any]]:
        gathered = self._facts.codes if kind == "scheme" else self._facts.refs
        if gathered is not None and not _coded_hidden():
            return dict(gathered)
        found: dict[str, list[Any]] = {}
        for cls, objects in self.objects.items():
            for field in steps(cls):
                key = field.scheme if kind == "scheme" else field.collection
                if key is None:
                    continue
                items = _flat(list(map(attrgetter(field.name), objects)))
                if items:
                    found.setdefault(key, []).extend(items)
        return dict(found)

    @functools.cached_property
    def value_maps(self) -> list[dict[str, str]]:
        """The ``values`` of every text read from the file (empty defaults left out)."""
        return self._facts.maps

    @functools.cached_property
    def with_provenance(self) -> list[LocalizedText]:
        """The texts that say where a translation came from."""
        return self._facts.provenanced

    @functools.cached_property
    def languages(self) -> set[str]:
        """Every language tag of every text, as the decoder collected them."""
        return set(self._facts.languages)

    @property
    def characters_checked(self) -> bool:
        """True: the decoder proved the bytes hold no forbidden character."""
        return True

    @property
    def numbers_checked(self) -> bool:
        """True: the decoder checked every number it read against the limits."""
        return True

    @property
    def absent_characters(self) -> frozenset[str]:
        """Characters the decoder proved no text holds."""
        return self._facts.absent


class _Leaves(Mapping[type, list[Any]]):
    """:attr:`DecodedColumns.leaves`: a mapping that gathers a type when asked."""

    def __init__(self, columns: DecodedColumns) -> None:
        self._columns = columns

    def __getitem__(self, cls: type) -> list[Any]:
        found: list[Any] | None = self._columns.leaf(cls) if cls in LEAF_TYPES else None
        if not found:
            raise KeyError(cls)
        return found

    def __iter__(self) -> Iterator[type]:
        return (cls for cls in LEAF_TYPES if self._columns.leaf(cls))

    def __len__(self) -> int:
        return sum(1 for _cls in self)


class _Holds(NamedTuple):
    """The model classes a field may hold where :class:`Columns` looks, and elsewhere.

    ``seen``: the value itself or an item of its list (what the columns
    gather); ``hidden``: deeper (in a mapping or a list in a list), which
    the columns never open.
    """

    seen: frozenset[type]
    hidden: frozenset[type]


_NOTHING = _Holds(frozenset(), frozenset())


def _holds(hint: Any, opened: bool = False) -> _Holds | None:
    """What a value annotated ``hint`` may hold (None: anything, or cannot tell).

    ``opened``: the value is already an item of a list the columns opened.
    """
    if hint in _PLAIN:
        return _NOTHING
    if hint in LEAF_TYPES or (isinstance(hint, type) and attrs.has(hint)):
        return _Holds(frozenset({hint}), frozenset())
    origin = typing.get_origin(hint)
    if origin is Literal:
        return _NOTHING
    if origin in (tuple, dict, typing.Union, types.UnionType):
        seen: set[type] = set()
        hidden: set[type] = set()
        for arg in typing.get_args(hint):
            if arg is ...:
                continue
            inner = _holds(arg, opened or origin is tuple)
            if inner is None:
                return None
            if origin is dict or (origin is tuple and opened):
                hidden |= inner.seen | inner.hidden
            else:
                seen |= inner.seen
                hidden |= inner.hidden
        return _Holds(frozenset(seen), frozenset(hidden))
    return None


@functools.cache
def _hints(cls: type) -> dict[str, _Holds | None]:
    """What each field of ``cls`` may hold (None: cannot tell)."""
    try:
        hints = typing.get_type_hints(cls)
    except (NameError, TypeError):
        hints = {}
    return {
        field.name: _holds(hints[field.name]) if field.name in hints else None
        for field in attrs.fields(cls)
    }


@functools.cache
def _fields_holding(owner: type, cls: type) -> tuple[str, ...]:
    """The fields of ``owner`` (not codes or references) that may hold a ``cls``."""
    hints = _hints(owner)
    return tuple(
        field.name
        for field in steps(owner)
        if field.scheme is None
        and field.collection is None
        and ((held := hints[field.name]) is None or cls in held.seen)
    )


@functools.cache
def _reach() -> tuple[frozenset[type], frozenset[type]] | None:
    """The model classes :class:`Columns` gathers, and those it never sees.

    Worked out from the annotations: the first set holds every class
    reachable from the portfolio's fields where the columns look, without
    entering a leaf type (leaf types included); the second every class
    reachable only elsewhere (inside a leaf, such as a text's provenance,
    or in a mapping).  None when an annotation cannot be read.
    """
    outside: set[type] = set()
    inside: set[type] = set()
    todo: list[tuple[type, bool]] = [(Portfolio, False)]
    seen: set[tuple[type, bool]] = set()
    while todo:
        cls, within = todo.pop()
        if (cls, within) in seen or not attrs.has(cls):
            continue
        seen.add((cls, within))
        for held in _hints(cls).values():
            if held is None:
                return None
            for found in held.seen:
                (inside if within else outside).add(found)
                todo.append((found, within or found in LEAF_TYPES))
            for found in held.hidden:
                inside.add(found)
                todo.append((found, True))
    return frozenset(outside), frozenset(inside)


@functools.cache
def _coded_hidden() -> bool:
    """Tell whether a class the columns never see has code or reference fields.

    Their values are among those the decoder gathers, not among the columns'.
    """
    reach = _reach()
    return reach is None or any(
        field.scheme is not None or field.collection is not None
        for cls in reach[1]
        if attrs.has(cls)
        for field in _plan(cls)
    )


def _decoded_objects(facts: fastjson.Decoded) -> dict[type, list[Any]] | None:
    """The objects by class :class:`Columns` would find, from decoding's facts.

    None when they cannot be told apart from the annotations (a class both
    inside and outside leaves) or a class's objects are not all in the
    facts (a default the builders hand out without making it).
    """
    reach = _reach()
    if reach is None:
        return None
    outside, inside = reach
    wanted = outside - LEAF_TYPES
    if wanted & inside or wanted & facts.unseen:
        return None
    if not wanted <= facts.objects.keys():
        return None
    return {cls: found for cls in wanted if (found := facts.objects[cls])}


_values_of = attrgetter("values")
_start_of = attrgetter("start")
_end_of = attrgetter("end")
_is_reversed = attrgetter("is_reversed")
_not_none = functools.partial(is_not, None)


def _flat(values: list[Any]) -> list[Any]:
    """The values of one field of many objects, lists opened, None left out."""
    kinds = set(map(type, values))
    if kinds == {tuple}:
        return list(chain.from_iterable(values))
    if kinds == {tuple, type(None)}:
        return list(chain.from_iterable(filter(None, values)))
    if tuple in kinds:
        items = list(chain.from_iterable(v for v in values if type(v) is tuple))
        values = items + [v for v in values if type(v) is not tuple]
    if type(None) in kinds:
        return list(filter(_not_none, values))
    return values


_provenance_of = attrgetter("provenance")


class Index:
    """Everything the built-in rules look at, and where each thing is.

    ``roots`` holds what each field of the portfolio holds (its collections
    and the municipality), ``ids`` the ids of each reference target
    collection (see :func:`_ids`) and ``columns`` the values by class
    (:class:`Columns`); all are built at once.  ``objects`` (every model
    object by class, as a :class:`Node`), ``codes`` (every code field by
    scheme) and ``refs``
    (every reference field by collection), each with its owner and so its
    path, come from a walk of the portfolio object by object, in portfolio
    order, made the first time a rule asks for them: on a portfolio without
    problems, usually never.
    """

    def __init__(self, portfolio: Portfolio) -> None:
        # The index keeps what the portfolio holds, not the portfolio itself,
        # so the cache below can let it go when the caller does.
        self.roots = {f.name: getattr(portfolio, f.name) for f in _plan(Portfolio)}
        self.ids: dict[str, frozenset[str]] = _ids(portfolio)
        self.columns = Columns.of(portfolio)
        self._walked: _Walk | None = None

    def _walk(self) -> _Walk:
        if self._walked is None:
            with gc_paused():
                self._walked = _Walk(self.roots)
        return self._walked

    @property
    def objects(self) -> dict[type, list[Node]]:
        """Every model object by class, in portfolio order."""
        return self._walk().objects

    @property
    def codes(self) -> dict[str, list[Found[str]]]:
        """Every code field by scheme, in portfolio order."""
        return self._walk().codes

    @property
    def refs(self) -> dict[str, list[Found[str]]]:
        """Every reference field by collection, in portfolio order."""
        return self._walk().refs

    def values(self, cls: type[T]) -> list[Found[T]]:
        """Every value of the leaf type ``cls``, in portfolio order."""
        return cast(list[Found[T]], self._walk().leaves.get(cls, []))

    def nodes(self, cls: type) -> list[Node]:
        """Every object of class ``cls`` (exactly, not subclasses)."""
        return self._walk().objects.get(cls, [])


class _Walk:
    """The walk of :class:`Index`: every object with its owner, in portfolio order."""

    def __init__(self, roots: dict[str, Any]) -> None:
        self.objects: dict[type, list[Node]] = {}
        self.codes: dict[str, list[Found[str]]] = {}
        self.refs: dict[str, list[Found[str]]] = {}
        self.leaves: dict[type, list[Found[Any]]] = {}
        self._theme_depth = 0
        root = _new(Node, (None, None, "", None, True))
        for name, value in roots.items():
            if isinstance(value, tuple):
                for item in value:
                    self._visit(item, None, name, item.id, True)
            else:
                self._item(root, name, None, value)  # the municipality

    def _visit(
        self, obj: Any, owner: Node | None, field: str, key: Any, public: bool
    ) -> None:
        cls: type = type(obj)
        public = public and getattr(obj, "visibility", None) != "internal"
        node = _new(Node, (obj, owner, field, key, public))
        self.objects.setdefault(cls, []).append(node)
        for name, scheme, collection, _unused in steps(cls):
            value = getattr(obj, name)
            if value is None:
                continue
            if scheme is not None or collection is not None:
                bucket = (
                    self.codes.setdefault(scheme, [])
                    if scheme is not None
                    else self.refs.setdefault(cast(str, collection), [])
                )
                if type(value) is tuple:
                    bucket.extend(
                        _new(Found, (v, node, name, i)) for i, v in enumerate(value)
                    )
                else:
                    bucket.append(_new(Found, (value, node, name, None)))
            elif type(value) is tuple:
                for position, item in enumerate(value):
                    self._item(node, name, _key(item, position), item)
            elif type(value) in LEAF_TYPES:
                # The commonest case (a text), recorded here without a call.
                found = _new(Found, (value, node, name, None))
                self.leaves.setdefault(type(value), []).append(found)
            else:
                self._item(node, name, None, value)

    def _item(self, owner: Node, field: str, key: str | int | None, value: Any) -> None:
        cls = type(value)
        if cls in LEAF_TYPES:
            found = _new(Found, (value, owner, field, key))
            self.leaves.setdefault(cls, []).append(found)
        elif attrs.has(cls):
            collection = ADDRESSED_BY_ID.get(cls)
            # The root node (the portfolio's) has no path: what it holds is
            # addressed by its field name alone.
            parent = owner if owner.obj is not None else None
            if collection is None:
                self._visit(value, parent, field, key, owner.public)
            elif cls is not Theme:
                self._visit(value, None, collection, value.id, owner.public)
            elif self._theme_depth < MAX_THEME_DEPTH:
                # Themes nested deeper are not walked (the walk recurses per
                # level); the theme-too-deep rule reports them.
                self._theme_depth += 1
                try:
                    self._visit(value, None, collection, value.id, owner.public)
                finally:
                    self._theme_depth -= 1
        # Plain values (strings, numbers, dicts such as official codes) hold
        # neither objects nor references, so there is nothing to walk into.


_lock = threading.Lock()
_last: tuple[weakref.ref[Portfolio], Index] | None = None


def _forget(reference: weakref.ref[Portfolio]) -> None:
    # Called when the indexed portfolio is collected: drop its index too.
    global _last  # noqa: PLW0603 - the one-entry cache of index()
    with _lock:
        if _last is not None and _last[0] is reference:
            _last = None


def index(portfolio: Portfolio) -> Index:
    """Return the :class:`Index` of ``portfolio``, reusing the last one built.

    The cached index lives as long as its portfolio and no longer.
    """
    global _last  # noqa: PLW0603 - a one-entry cache shared by the rules of a run
    with _lock:
        if _last is not None and _last[0]() is portfolio:
            return _last[1]
    # The walk allocates millions of small tuples for a large portfolio and
    # makes no reference cycles; left on, the collector would rescan the
    # whole portfolio many times over (measured: twice the walk's own time).
    with gc_paused():
        built = Index(portfolio)
    with _lock:
        _last = (weakref.ref(portfolio, _forget), built)
    return built


def passes(test: Callable[[], bool]) -> bool:
    """Run a rule's quick test over the columns: True means nothing to report.

    A quick test that fails on data it did not expect (a value of the wrong
    type in a portfolio built in Python) says False, and the rule then
    looks at every value where it is, as it always did.
    """
    try:
        return test()
    except Exception:  # noqa: BLE001 - the thorough check decides
        return False


class Suggester:
    """Suggest the closest known word for a misspelt id or code.

    Comparing one word against 100,000 ids is costly, so every suggester has
    a budget of comparisons; once spent, it stops suggesting.  That keeps a
    portfolio with thousands of broken references linear to check, while
    the usual handful of typos all get a suggestion.
    """

    def __init__(self, words: Iterable[str], budget: int = 2_000_000) -> None:
        self._words = sorted(set(words))
        self._budget = budget
        self._memo: dict[str, str | None] = {}

    def closest(self, word: str) -> str | None:
        """Return the closest known word (None: none close, or budget spent)."""
        if len(word) < 3:
            return None  # "18" is not a misspelt "1": too short to guess at
        if word in self._memo:
            return self._memo[word]
        if self._budget < len(self._words):
            return None
        self._budget -= len(self._words)
        matches = difflib.get_close_matches(word, self._words, n=1, cutoff=0.6)
        best = matches[0] if matches else None
        self._memo[word] = best
        return best

    def hint(self, word: str) -> str:
        """Return ``"; did you mean 'x'?"``, or an empty string if nothing is close."""
        best = self.closest(word)
        return (
            _("; did you mean {suggestion!r}?").format(suggestion=best) if best else ""
        )


def listing(words: Iterable[str], limit: int = 8) -> str:
    """List up to ``limit`` words for a message: ``'a', 'b', ... (12 in all)``."""
    ordered = list(words)
    shown = ", ".join(repr(word) for word in ordered[:limit])
    if len(ordered) > limit:
        shown += _(", ... ({count} in all)").format(count=len(ordered))
    return shown


def chain_cycles(links: dict[str, str]) -> Iterator[list[str]]:
    """Yield each cycle in a graph where every id points to at most one other.

    ``links`` maps an id to its parent (or the strategy it supersedes); each
    cycle is yielded once, starting at its smallest id, in link order.  Runs
    in time linear in the number of links.
    """
    done: set[str] = set()
    for start in sorted(links):
        trail: dict[str, int] = {}
        current: str | None = start
        while current is not None and current not in done and current not in trail:
            trail[current] = len(trail)
            current = links.get(current)
        if current is not None and current in trail:
            cycle = list(trail)[trail[current] :]
            first = cycle.index(min(cycle))
            yield cycle[first:] + cycle[:first]
        done.update(trail)
