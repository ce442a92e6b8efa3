"""Decode a JSON portfolio fast, into exactly the objects cattrs makes.

The converter of record is :mod:`munintl.wire.convert` (cattrs).  For large JSON
files this module offers a second decoder for *valid* input, built on
msgspec (install the ``fast`` extra):

1. msgspec parses the bytes straight into *wire structs* generated from the
   model's attrs classes.  They check everything the converter checks about
   shape -- types, required keys, unknown keys, allowed values, ids, language
   tags -- in C, without building a dictionary per object.
2. *Builders*, generated from the same attrs metadata, turn the structs into
   model objects: they run each field's converter and every validator the
   structs do not already enforce, and the converter's own hooks for dates,
   amounts, codes and subjects.

Whenever anything is not as expected, :func:`decode` returns None and the
caller uses cattrs, which reports every problem in detail.  That includes
an object naming a key twice, which msgspec (like :func:`json.loads`) reads
as its last value, silently: ``_kept_every_key`` makes sure none was
dropped, and the caller's decoder reports the duplicate.  The fast path is
therefore never the one that explains an error; it only has to agree with
cattrs on what it accepts, which the test suite checks on the Skanderborg
example, on generated portfolios and on mutated invalid input.

Equal values that cannot change (dates, codes, subjects, empty texts) may be
shared between objects, as frozen objects allow; so is the empty
``provenance`` map of every text read without provenance (munintl never
changes a text's maps in place: a changed text is a new one, made with
``attrs.evolve``, whose converter copies the map).

Decoding proves and gathers facts validation would otherwise work out
again (``Decoded``): the bytes hold no forbidden character, every
model object the builders made (by class), every text's language map and
every language tag.  ``decoded()`` gives them for the portfolio
:func:`decode` returned -- that object only, never a copy made from it --
so the rules (``munintl.plugins.rules``) can skip what is proven.
"""

from __future__ import annotations

import functools
import importlib.util
import json
import operator
import re
import sys
import threading
import types
import typing
import weakref
from collections.abc import Callable, Iterable
from decimal import Decimal
from typing import Any

import attrs

from munintl.model import (
    CodeRef,
    LocalizedText,
    PartialDate,
    Portfolio,
    Provenance,
    StatusUpdate,
    SubjectRef,
)
from munintl.model import portfolio as model_portfolio
from munintl.model import values as model_values
from munintl.model.followup import _by_subject
from munintl.model.strategy import MAX_THEME_DEPTH, _optional_decimal
from munintl.wire.convert import gc_paused


class Unsupported(Exception):
    """A model shape the fast path does not handle; cattrs decodes it instead."""


_UNSUPPORTED = (TypeError, Unsupported)


def _sorted_by_subject(updates: Iterable[StatusUpdate]) -> tuple[StatusUpdate, ...]:
    # The model's converter sorts updates by subject, comparing SubjectRefs
    # (kind, then id).  Sorting on (kind, id) tuples gives the same order,
    # stable sort and all, without a Python-level comparison per pair (and
    # the key is made in C, without a Python call per update).
    return tuple(sorted(updates, key=_SUBJECT_KEY))


_SUBJECT_KEY = operator.attrgetter("subject.kind", "subject.id")


#: Model converters that return a finite Decimal unchanged: the converter's
#: own hook for Decimal (``_structure_decimal``) already refuses the rest.
_CHECKED_BY_HOOK = frozenset({model_values._decimal, _optional_decimal})

#: Converters replaced by faster ones that return equal results.
_FAST_CONVERTERS: dict[Any, Callable[[Any], Any]] = {_by_subject: _sorted_by_subject}

#: Converters that only sort their items by a key made of the items' values
#: (stably): they give items equal to a sorted tuple's in the same order.
_SORTING = frozenset(
    {
        _by_subject,
        model_portfolio._bodies,
        model_portfolio._organisations,
        model_portfolio._strategies,
        model_portfolio._initiatives,
        model_portfolio._partnerships,
        model_portfolio._followups,
    }
)


def _same_items(same: Callable[[Any, Any], bool], wire: Any, model: Any) -> bool:
    # What ``tuple(map(build, wire)) == model`` says, without building.
    return (
        model.__class__ is tuple
        and len(wire) == len(model)
        and all(map(same, wire, model))
    )


def _in_order(convert: Callable[[Any], tuple[Any, ...]], items: Any) -> bool:
    # ``items`` is what the sorting converter ``convert`` makes of it.
    return all(map(operator.is_, convert(items), items))


_MEMO_LIMIT = 200_000

#: Ways JSON bytes may hold a character no text may hold
#: (:mod:`munintl.model.characters`), written raw in UTF-8: DEL, C1
#: controls, U+FDD0-U+FDEF, U+FFFE and U+FFFF.  (msgspec itself refuses
#: lone surrogates, and JSON strings cannot hold raw C0 controls.)  Each
#: pattern starts with one fixed byte (given beside it), looked for first
#: with ``bytes.find`` (``memchr``, five times faster than the regular
#: expression engine's own scan): a file without it needs no search.  One
#: pattern with alternatives would cost several times the decoding.
_RAW_FORBIDDEN = (
    (b"\x7f", re.compile(rb"\x7f")),
    (b"\xc2", re.compile(rb"\xc2[\x80-\x9f]")),
    (b"\xef", re.compile(rb"\xef(?:\xb7[\x90-\xaf]|\xbf[\xbe\xbf])")),
)
#: The third of the four bytes of U+1FFFE, U+1FFFF ... U+10FFFF (and a
#: byte of harmless characters such as U+3FFE, told apart by the bytes
#: before it); a lookahead, so overlapping candidates are all seen.
_PLANE_END = re.compile(rb"\xbf(?=[\xbe\xbf])")
#: Escapes of forbidden characters (and of surrogate pairs that make a
#: noncharacter), told apart from an escaped backslash followed by ``u``.
_ESCAPE = re.compile(
    rb"\\(?:[bf]|u(?:00[01]|007[fF]|00[89]|[fF][dD][dDeE]|[fF]{3}[eEfF]"
    rb"|[dD][89abAB][37bfBF][fF]\\u[dD][fF]{2}[eEfF]))"
)
_BACKSLASH = 0x5C


def _may_hold_forbidden(raw: bytes | str) -> bool:
    """Tell whether ``raw`` JSON holds a character no text may hold.

    Exact for valid UTF-8 JSON: the fast path declines exactly the files
    the converter refuses for a character (and explains).
    """
    data = raw if isinstance(raw, bytes) else raw.encode("utf-8", "surrogatepass")
    if any(
        data.find(first) != -1 and pattern.search(data)
        for first, pattern in _RAW_FORBIDDEN
    ):
        return True
    for found in _PLANE_END.finditer(data) if data.find(b"\xbf") != -1 else ():
        start = found.start()
        if (
            start >= 2
            and 0xF0 <= data[start - 2] <= 0xF4
            and data[start - 1]
            in (
                0x8F,
                0x9F,
                0xAF,
                0xBF,
            )
        ):
            return True
    for found in _ESCAPE.finditer(data) if data.find(b"\\") != -1 else ():
        # An escape when the backslashes before it pair up among themselves.
        start = before = found.start()
        while before and data[before - 1] == _BACKSLASH:
            before -= 1
        if (start - before) % 2 == 0:
            return True
    return False


#: A colon written as an escape, which ``_kept_every_key`` cannot count.
_ESCAPED_COLON = re.compile(rb"\\u003[aA]")


class RepeatedKey(ValueError):
    """Raised by :func:`unique_keys` for an object that names a key twice."""

    def __init__(self, key: str) -> None:
        super().__init__(f"duplicate key {key!r}")
        self.key = key


def unique_keys(pairs: list[tuple[str, Any]]) -> dict[str, Any]:
    """Make an object's dictionary, refusing a key given twice.

    The ``object_pairs_hook`` of :func:`json.loads`; raises
    :class:`RepeatedKey`.  It costs no more than the standard decoder's own
    dictionaries.
    """
    found = dict(pairs)
    if len(found) != len(pairs):
        keys = [key for key, _value in pairs]
        raise RepeatedKey(next(key for at, key in enumerate(keys) if key in keys[:at]))
    return found


def _kept_every_key(
    raw: bytes | str, wire: Any, encode: Callable[[Any], bytes]
) -> bool:
    """Tell whether ``wire``, decoded from ``raw`` by msgspec, kept every key.

    msgspec keeps the last of two equal keys in an object.  The quick proof
    that it dropped none: every key of ``raw`` is followed by a colon, and
    ``wire`` encoded again (defaults left out, as the JSON store writes
    them) holds as many colons as ``raw``, texts being the same.  A dropped
    key takes its colon out, so equal counts prove every key was kept --
    an encoding and two byte counts, about a tenth of the decoding.  When
    the counts differ (``raw`` gives a default value explicitly, or writes
    a colon as an escape, or repeats a key), :func:`json.loads` decides,
    looking at every object's keys (as long again as the plain decoding).
    """
    data = raw if isinstance(raw, bytes) else raw.encode("utf-8", "surrogatepass")
    escaped = data.find(b"\\") != -1 and _ESCAPED_COLON.search(data)
    if not escaped and data.count(b":") == encode(wire).count(b":"):
        return True
    try:
        json.loads(data, object_pairs_hook=unique_keys)
    except RepeatedKey:
        return False
    return True


def available() -> bool:
    """Tell whether msgspec is installed, so the fast decoder can be used."""
    return importlib.util.find_spec("msgspec") is not None


def dumps(data: Any) -> bytes:
    """Encode plain data as compact JSON in UTF-8, keys in the order given.

    The bytes are those of ``json.dumps(data, ensure_ascii=False,
    separators=(",", ":"))`` encoded as UTF-8; msgspec writes them, several
    times faster, where it is installed and can (the test suite compares
    the two).  Raises :class:`UnicodeEncodeError` for text UTF-8 cannot hold
    (a lone surrogate); its ``object`` is the JSON text.
    """
    if available():
        import msgspec

        try:
            return msgspec.json.encode(data)
        except (TypeError, ValueError, OverflowError):
            pass  # the standard library decides (and explains)
    text = json.dumps(data, ensure_ascii=False, separators=(",", ":"))
    return text.encode("utf-8")


def decode(raw: bytes | str, *, keys_unique: bool = False) -> Portfolio | None:
    """Decode a JSON portfolio, or return None when the fast path declines.

    None means "use the converter": the input is invalid, or uses a form the
    fast path does not handle (a number with a fraction for an amount, say),
    or msgspec is not installed.  A returned portfolio equals what
    ``structure(json.loads(raw), Portfolio)`` returns.  ``keys_unique`` says
    the caller made ``raw`` from dictionaries (as a store does before it
    saves), so no object can name a key twice and that check is skipped.
    """
    plan = _plan()
    if plan is None:
        return None
    if _may_hold_forbidden(raw):
        return None  # the converter names the character and where it is
    with _decoding, gc_paused():
        plan.gather.start()
        doubts = _doubts[0]
        try:
            wire = plan.decode(raw)
            portfolio: Portfolio = plan.build(wire)
        except Exception:  # noqa: BLE001 - any doubt goes to cattrs, which explains it
            plan.ids.found.clear()
            plan.gather.finish()
            return None
        facts = plan.gather.finish()
        if not plan.ids.valid() or not (
            keys_unique or _kept_every_key(raw, wire, plan.encode)
        ):
            return None  # a bad id, or a key given twice: cattrs says where
    if _too_deep(portfolio):
        return None  # the converter refuses it, saying where
    _remember(portfolio, attrs.evolve(facts, absent=_absent(raw)))
    if _doubts[0] == doubts:
        _vouch(_items(plan, portfolio))
    return portfolio


def _too_deep(portfolio: Portfolio) -> bool:
    """Tell whether a theme is nested deeper than the converter takes."""
    return any(
        theme.depth() > MAX_THEME_DEPTH
        for strategy in portfolio.strategies
        for theme in strategy.themes
    )


@attrs.frozen(eq=False)
class Decoded:
    """What :func:`decode` proved and gathered while reading a portfolio.

    Every text of the portfolio came from bytes that hold no character a
    text may not hold (:mod:`munintl.model.characters`), and no theme is
    nested deeper than the model allows.  ``objects`` holds every model
    object the builders made, by class (each once; values shared between
    objects, such as codes, dates and empty texts, are not built by
    builders and are not in it); ``maps`` the ``values`` of every localized
    text read from the file, ``provenanced`` those texts that say where a
    translation came from, ``languages`` every language tag of a text.
    Nothing here may be changed: the portfolio is frozen, and so are these
    facts about it.
    """

    objects: dict[type, list[Any]]
    #: Every code by scheme and every reference by collection, of every
    #: object in ``objects``, each once (None: not gathered).
    codes: dict[str, set[str]] | None
    refs: dict[str, set[str]] | None
    maps: list[dict[str, str]]
    provenanced: list[LocalizedText]
    languages: frozenset[str]
    #: Classes built with a default the builders do not make (so not in ``objects``).
    unseen: frozenset[type] = frozenset()
    #: Characters no text holds: for a file without a backslash, a line
    #: break and those of :data:`PROBED` the file holds nowhere.
    absent: frozenset[str] = frozenset()


#: ASCII characters :func:`decode` looks for in a file without escapes
#: (one ``memchr`` each): those it does not find are in no text.  Markdown
#: beyond the subset needs some of them.
PROBED = "#`~<>|=!"


def _absent(raw: bytes | str) -> frozenset[str]:
    """The characters no text of ``raw`` can hold, of a line break and :data:`PROBED`.

    Only a file without a backslash proves anything: an escape can write
    any character (``\\u0023`` is ``#``), and JSON writes a line break in a
    text only as an escape.
    """
    data = raw if isinstance(raw, bytes) else raw.encode("utf-8", "surrogatepass")
    if data.find(b"\\") != -1:
        return frozenset()
    found = (data.find(character.encode()) != -1 for character in PROBED)
    return frozenset(
        {"\n"}.union(c for c, there in zip(PROBED, found, strict=True) if not there)
    )


_facts_lock = threading.Lock()
_facts: dict[int, tuple[weakref.ref[Portfolio], Decoded]] = {}


def _remember(portfolio: Portfolio, facts: Decoded) -> None:
    key = id(portfolio)

    def forget(
        _reference: weakref.ref[Portfolio],
        lock: threading.Lock = _facts_lock,
        facts: dict[int, Any] = _facts,
    ) -> None:
        # Bound now: at interpreter exit the module's globals may be gone.
        with lock:
            entry = facts.get(key)
            if entry is not None and entry[0]() is None:
                del facts[key]

    with _facts_lock:
        _facts[key] = (weakref.ref(portfolio, forget), facts)


def decoded(portfolio: Portfolio) -> Decoded | None:
    """The facts :func:`decode` gathered making ``portfolio``, or None.

    None for a portfolio decode did not return itself: one built in Python,
    loaded another way, or copied (``attrs.evolve``) from a decoded one.
    """
    with _facts_lock:
        entry = _facts.get(id(portfolio))
    if entry is None or entry[0]() is not portfolio:
        return None
    return entry[1]


def reads_back_as(raw: bytes | str, portfolio: Portfolio) -> bool:
    """Tell whether ``raw``, just encoded from dictionaries, decodes to ``portfolio``.

    True only when proven: :func:`decode` (``keys_unique``) would return a
    portfolio equal to ``portfolio``.  It is proven without making that
    portfolio: msgspec decodes ``raw`` into wire structs, then generated
    comparers walk the structs beside the model objects, field by field,
    with the checks the converter makes that the model's own validators do
    not (language tags, forbidden characters, the depth of themes); dates,
    codes, subjects and amounts are built (memoised) and compared.  The
    model's validators are not run again, nor the builders' bulk check of
    ids (the slug validator's): ``portfolio``'s objects passed them when
    they were made, and a value equal to one of theirs passes them too.

    False means "not proven", never "proven different": the input differs,
    or is invalid, or has something the comparers do not know, or msgspec
    is missing.  The caller then makes the full check -- decode, build,
    compare -- which also explains what is wrong.
    """
    plan = _plan()
    if plan is None or plan.same is None or _may_hold_forbidden(raw):
        return False
    with _decoding, gc_paused():
        try:
            same = plan.same(plan.decode(raw), portfolio)
        except Exception:  # noqa: BLE001 - any doubt goes to the full check
            return False
        if not same:
            return False
    return not _too_deep(portfolio)


# -- items known to read back --------------------------------------------------------
#
# A store checks that what it writes reads back as the portfolio it was
# given (:func:`encoded_reads_back`).  Most of a portfolio saved is what was
# loaded, or saved before: its items -- initiatives, partnerships, ... --
# are the very objects checked then, and frozen.  They are remembered here,
# by identity (a weak reference: remembering keeps nothing alive), so a save
# checks only the items that are new since.

_vouched: dict[int, weakref.ref[Any]] = {}
_vouched_lock = threading.Lock()
#: Past this many remembered items, those no longer alive are forgotten.
_VOUCHED_LIMIT = 2_000_000
#: The encoder the items were vouched for with (another one voids them all).
_vouched_with: list[Callable[[Any], Any] | None] = [None]


def _items(plan: Plan, portfolio: Portfolio) -> list[Any]:
    """Every item of ``portfolio``'s sorted collections."""
    return [item for name in plan.items for item in getattr(portfolio, name)]


def _vouch(items: list[Any]) -> None:
    """Remember ``items`` as reading back."""
    from munintl.wire import convert

    with _vouched_lock:
        if _vouched_with[0] is not convert.unstructure:
            _vouched.clear()
            _vouched_with[0] = convert.unstructure
        if len(_vouched) + len(items) > _VOUCHED_LIMIT:
            alive = {key: ref for key, ref in _vouched.items() if ref() is not None}
            _vouched.clear()
            if len(alive) + len(items) <= _VOUCHED_LIMIT:
                _vouched.update(alive)
        _vouched.update(zip(map(id, items), map(weakref.ref, items), strict=True))


def _vouched_for(item: Any) -> bool:
    ref = _vouched.get(id(item))
    return ref is not None and ref() is item


def encoded_reads_back(raw: bytes | str, portfolio: Portfolio) -> bool:
    """Tell whether ``raw``, just encoded from ``portfolio``, reads back as it.

    ``raw`` must be :func:`dumps` of ``unstructure(portfolio)`` made just
    now (indented or not): unlike :func:`reads_back_as`, this does not read
    the items of the portfolio's collections from ``raw`` but proves that
    each one, encoded alone as it is within ``raw``, reads back as itself.
    An item :func:`decode` made, or one proven here before, is not checked
    again: model objects are frozen, and one that read back reads back.
    Decoded items are vouched for by construction -- every value the
    builders set is the wire value itself, a text's map, or a date, code or
    subject the memos have made again from its wire form (:class:`_Memo`) --
    and the test suite proves load, save, load equal for every store.  What
    is vouched for holds for the encoder in use when it was
    (:func:`munintl.wire.convert.unstructure`); another one voids it all.

    The rest -- the portfolio without its items -- is encoded and compared
    as :func:`reads_back_as` compares, and each collection must be in its
    converter's order.  When most items are new, one pass over ``raw`` with
    :func:`reads_back_as` is cheaper, and is made instead.  False means
    "not proven", as there.
    """
    from munintl.wire import convert

    plan = _plan()
    if _vouched_with[0] is not convert.unstructure:
        with _vouched_lock:
            _vouched.clear()  # vouched for by another encoder
    found = None if plan is None else _pending(plan, portfolio)
    if plan is None or found is None:
        return False
    pending, total = found
    if len(pending) * 4 > total:
        if not reads_back_as(raw, portfolio):
            return False
        _vouch(_items(plan, portfolio))
        return True
    if _may_hold_forbidden(raw) or _too_deep(portfolio):
        return False
    with _decoding, gc_paused():
        try:
            proven = _items_read_back(plan, portfolio, pending)
        except Exception:  # noqa: BLE001 - any doubt goes to the full check
            return False
    if proven:
        _vouch([item for _check, item in pending])  # the rest already are
    return proven


def _pending(
    plan: Plan, portfolio: Portfolio
) -> tuple[list[tuple[ItemCheck, Any]], int] | None:
    """The items of ``portfolio`` not vouched for, and how many items it has.

    None when there is nothing to compare with, or a collection holds
    anything but a tuple of its own class (an item vouched for elsewhere,
    say).
    """
    if plan.same is None or not plan.items:
        return None
    collections = {name: getattr(portfolio, name) for name in plan.items}
    if not all(
        items.__class__ is tuple and set(map(type, items)) <= {plan.items[name].cls}
        for name, items in collections.items()
    ):
        return None
    pending = [
        (plan.items[name], item)
        for name, items in collections.items()
        for item in items
        if not _vouched_for(item)
    ]
    return pending, sum(map(len, collections.values()))


def _items_read_back(
    plan: Plan, portfolio: Portfolio, pending: list[tuple[ItemCheck, Any]]
) -> bool:
    """Prove that ``portfolio`` without its items, and each item pending, reads back."""
    from munintl.wire.convert import unstructure  # as the store encodes, now

    for name, check in plan.items.items():
        if not _in_order(check.convert, getattr(portfolio, name)):
            return False  # loading would sort them
    assert plan.same is not None
    empty: dict[str, Any] = dict.fromkeys(plan.items, ())
    shell = attrs.evolve(portfolio, **empty)
    if not plan.same(plan.decode(plan.encode(unstructure(shell))), shell):
        return False
    return all(
        check.same(check.decode(plan.encode(unstructure(item))), item)
        for check, item in pending
    )


class _FieldPlan(typing.NamedTuple):
    """How a builder fills one field: wire conversion, validator, converter, default.

    ``default`` is None when the field is required or the wire struct
    supplies the default itself.
    """

    field: attrs.Attribute[Any]
    build: str | None
    covered: str | bool
    converter: Callable[[Any], Any] | None
    default: _Constant | Callable[[], Any] | None


def _collect_ids(covered: str | bool, value: str) -> str | None:
    """Return the statement handing the ids in ``value`` to :class:`Ids`, if any."""
    template = {
        "slug": "_slug({v})",
        "optional slug": "if {v} is not None: _slug({v})",
        "slugs": "_slugs({v})",
    }.get(covered if isinstance(covered, str) else "")
    return None if template is None else template.format(v=value)


class _Constant:
    """A default value that is the same for every object (immutable)."""

    def __init__(self, value: Any) -> None:
        self.value = value


class Ids:
    """Checks of ids and language tags, done in bulk rather than one by one.

    Builders hand every id and reference they set to :attr:`found`; two
    scans of them all, joined, then check what the model's slug validator
    would check one by one.  Language tags are checked once per tag.
    """

    # Every id is a slug -- ``[a-z0-9][a-z0-9-]*`` -- when, joined with line
    # breaks, the ids hold no other character and none is empty or starts
    # with a hyphen.  Linear scans in C, no backtracking, for a million ids:
    # the other characters deleted from an ASCII copy leave nothing, and no
    # line starts with a hyphen or is empty.
    _SLUG_BYTES = b"abcdefghijklmnopqrstuvwxyz0123456789\n-"

    def __init__(self) -> None:
        self.found: list[str] = []
        self.languages: set[str] = set()

    def valid(self) -> bool:
        """Tell whether every id found is a slug (and forget them)."""
        found = list(self.found)
        self.found.clear()
        if not found:
            return True
        joined = "\n".join(found)
        # An id with a line break in it would split into two that look valid;
        # such input is left to cattrs, which judges it as the model does.
        return (
            joined.count("\n") == len(found) - 1
            and joined != ""
            and joined.isascii()
            and not joined.encode("ascii").translate(None, self._SLUG_BYTES)
            and not joined.startswith(("-", "\n"))
            and not joined.endswith("\n")
            and "\n-" not in joined
            and "\n\n" not in joined
        )

    def learn_languages(self, text: dict[str, Any]) -> None:
        """Accept the language tags of ``text`` or raise :class:`ValueError`."""
        from munintl.wire.convert import LANGUAGE_TAG

        for language in text:
            if not LANGUAGE_TAG.fullmatch(language):
                raise ValueError(f"{language!r} is not a language tag")
            self.languages.add(language)


class Gather:
    """The lists builders hand what they make to, fresh for each decoding.

    Builders call ``_seen_<Class>(o)`` (a list's ``append``) for each object
    and ``_seen_map``/``_seen_provenanced`` for each text; :meth:`start`
    binds those names in the builders' namespace to new lists, and
    :meth:`finish` hands the lists over as :class:`Decoded`.
    """

    def __init__(self, namespace: dict[str, Any], languages: set[str]) -> None:
        self.namespace = namespace
        self.languages = languages
        self.classes: dict[str, type] = {}
        self.unseen: frozenset[type] = frozenset()
        #: The builders' name for each ("codes", scheme) or ("refs", collection).
        self.keys: dict[tuple[str, str], str] = {}
        self.codes_complete = True
        self._lists: dict[str, list[Any]] = {}
        self._sets: dict[str, set[Any]] = {}
        for name in ("_seen_map", "_seen_provenanced"):
            namespace[name] = namespace[f"{name}_all"] = _nowhere

    def name(self, cls: type) -> str:
        """The builders' name for what gathers objects of ``cls``."""
        name = f"_seen_{cls.__name__}"
        self.classes[name] = cls
        self.namespace[name] = self.namespace[f"{name}_all"] = _nowhere
        return name

    def coded(self, field: attrs.Attribute[Any], hint: Any) -> str | None:
        """The builder's line handing over a code or reference ``v`` of ``field``.

        None for a field that is neither.  A code or reference field of a
        type not foreseen makes the codes and references ungathered
        (:attr:`Decoded.codes` and :attr:`Decoded.refs` None).
        """
        scheme: str | None = field.metadata.get("codelist")
        collection: str | None = field.metadata.get("ref")
        if scheme is not None:
            key = ("codes", scheme)
        elif collection is not None:
            key = ("refs", collection)
        else:
            return None
        name = self.keys.setdefault(key, f"_coded_{len(self.keys)}")
        self.namespace[name] = self.namespace[f"{name}_all"] = _nowhere
        if hint is str:
            return f"{name}(v)"
        if hint == str | None:
            return f"if v is not None: {name}(v)"
        if hint == tuple[str, ...]:
            return f"{name}_all(v)"
        self.codes_complete = False
        return None

    def start(self) -> None:
        """Bind fresh lists (and sets, for codes and references) for one decoding."""
        self.languages.clear()
        self._lists = {
            name: [] for name in (*self.classes, "_seen_map", "_seen_provenanced")
        }
        # Codes and references are told apart only as sets (is each one
        # known?): each is hashed here, while it is fresh in the cache.
        self._sets = {name: set() for name in self.keys.values()}
        for name, found in self._lists.items():
            self.namespace[name] = found.append
            self.namespace[f"{name}_all"] = found.extend
        for name, distinct in self._sets.items():
            self.namespace[name] = distinct.add
            self.namespace[f"{name}_all"] = distinct.update

    def finish(self) -> Decoded:
        """Hand over what one decoding gathered, and let go of it here."""
        lists, self._lists = self._lists, {}
        sets, self._sets = self._sets, {}
        for name in (*lists, *sets):
            self.namespace[name] = self.namespace[f"{name}_all"] = _nowhere
        coded: dict[str, dict[str, set[str]]] = {"codes": {}, "refs": {}}
        for (kind, key), name in self.keys.items():
            if sets[name]:
                coded[kind][key] = sets[name]
        return Decoded(
            objects={cls: lists[name] for name, cls in self.classes.items()},
            codes=coded["codes"] if self.codes_complete else None,
            refs=coded["refs"] if self.codes_complete else None,
            maps=lists["_seen_map"],
            provenanced=lists["_seen_provenanced"],
            languages=frozenset(self.languages),
            unseen=self.unseen,
        )


def _nowhere(_value: Any) -> None:
    """What builders hand their objects to outside a decoding: nothing."""


class Plan:
    """The generated wire structs and builders for one root class."""

    def __init__(
        self,
        decode: Callable[[bytes | str], Any],
        build: Callable[[Any], Any],
        ids: Ids,
        encode: Callable[[Any], bytes],
        gather: Gather,
        *,
        same: Callable[[Any, Any], bool] | None = None,
        items: dict[str, ItemCheck] | None = None,
    ) -> None:
        self.decode = decode
        self.build = build
        self.ids = ids
        self.encode = encode
        self.gather = gather
        self.same = same
        #: The root's collections of items, each with how to check one item.
        self.items = items or {}


class ItemCheck(typing.NamedTuple):
    """How to prove that one item of a root collection reads back as itself."""

    cls: type
    #: The collection's converter (it sorts: items must be in its order).
    convert: Callable[[Any], tuple[Any, ...]]
    #: msgspec's decoder of the item's wire struct.
    decode: Callable[[bytes], Any]
    #: The item's comparer: wire struct, model object.
    same: Callable[[Any, Any], bool]


_lock = threading.Lock()
# Builders collect ids in one list per plan: one decode at a time.
_decoding = threading.Lock()


@functools.cache
def _plan() -> Plan | None:
    if not available():
        return None
    with _lock:
        try:
            return _Compiler().compile(Portfolio)
        except _UNSUPPORTED:
            # A model change the generator does not know; cattrs still works.
            return None


class _Memo:
    """Remember what ``make`` returned for each wire value (dates, codes, subjects).

    Builders look values up in :attr:`found` directly and call the memo only
    on a miss; the cache is bounded so a long-running process does not grow.

    Each value made is also written back (``back``, the converter's
    unstructure hook) and made again: only a value that comes back equal is
    remembered.  One that does not (none is known) would not read back as
    itself once saved; it is counted in :data:`_doubts`, every time it is
    met, so :func:`decode` does not vouch for the objects holding it.
    """

    def __init__(self, make: Callable[[Any], Any], back: Callable[[Any], Any]) -> None:
        self.make = make
        self.back = back
        self.found: dict[Any, Any] = {}

    def __call__(self, value: Any) -> Any:
        if len(self.found) >= _MEMO_LIMIT:
            self.found.clear()
        made = self.make(value)
        try:
            again = self.make(self.back(made))
        except Exception:  # noqa: BLE001 - not coming back is all it says
            again = None
        if again is None or again != made:
            _doubts[0] += 1
            return made
        self.found[value] = made
        return made


#: How many values the memos found would not read back as themselves.
_doubts = [0]


def _setter(cls: type, name: str) -> Callable[[Any, Any], None]:
    for klass in cls.__mro__:
        descriptor = klass.__dict__.get(name)
        if descriptor is not None:
            if isinstance(descriptor, types.MemberDescriptorType):
                return descriptor.__set__
            break
    return lambda obj, value: object.__setattr__(obj, name, value)


class _Compiler:
    """Generate wire structs (for msgspec) and builders (Python) from attrs classes."""

    def __init__(self) -> None:
        import msgspec

        from munintl.wire import convert as serialize

        self.msgspec = msgspec
        self.module = types.ModuleType("munintl._fastjson_wire")
        self.module.__dict__.update(
            {
                "typing": typing,
                "_Unset": msgspec.UnsetType,
            }
        )
        sys.modules[self.module.__name__] = self.module
        self.namespace: dict[str, Any] = {
            "_new": object.__new__,
            "_UNSET": msgspec.UNSET,
            "_Decimal": Decimal,
            "_WHOLE": 10**model_values.MAX_WHOLE_DIGITS,
            "_decimal": lambda value: serialize._structure_decimal(value, Decimal),
        }
        memos: dict[str, tuple[Callable[[Any], Any], Callable[[Any], Any]]] = {
            "_date": (
                lambda value: serialize._structure_partial_date(value, PartialDate),
                serialize._unstructure_partial_date,
            ),
            "_code": (
                lambda value: serialize._structure_coderef(value, CodeRef),
                str,
            ),
            "_subject": (
                lambda value: serialize._structure_subject(value, SubjectRef),
                str,
            ),
        }
        for name, (make, back) in memos.items():
            memo = _Memo(make, back)
            self.namespace[name] = memo
            self.namespace[f"{name}_found"] = memo.found.get
        # Struct names by class (LocalizedText stands for Provenance-with-text).
        self.structs: dict[type, str] = {}
        self.ids = Ids()
        self.gather = Gather(self.namespace, self.ids.languages)
        self.root: type | None = None
        self.namespace["_slug"] = self.ids.found.append
        self.namespace["_slugs"] = self.ids.found.extend
        self.literals: dict[tuple[Any, ...], str] = {}
        self.sources: list[str] = []
        # The comparers (see :meth:`comparer`), made unless a class is unknown.
        self.same_sources: list[str] = []
        self.comparable = True
        self.namespace["_same_items"] = _same_items
        self.namespace["_in_order"] = _in_order
        self.namespace["_no_provenance"] = {}

    # -- wire types --------------------------------------------------------------

    def wire(  # noqa: PLR0911, PLR0912 - one branch per kind of type
        self, type_: Any
    ) -> tuple[str, str | None]:
        """Return the wire annotation of ``type_`` and how to build it from ``v``.

        The second item is an expression template over ``{v}``, or None when
        the wire value is already the model value.
        """
        if type_ is LocalizedText:
            return (
                f"dict[str, str | {self.struct(Provenance, text=True)}]",
                "_text({v})",
            )
        if type_ is PartialDate:
            return "int | str", "(_date_found({v}) or _date({v}))"
        if type_ is CodeRef:
            return "str", "(_code_found({v}) or _code({v}))"
        if type_ is SubjectRef:
            return "str", "(_subject_found({v}) or _subject({v}))"
        if type_ is Decimal:
            # A whole number within the limits needs no check; the rest (and
            # every text) goes through the converter's hook, which refuses.
            return (
                "int | str",
                "(_Decimal({v}) if {v}.__class__ is int and -_WHOLE < {v} < _WHOLE"
                " else _decimal({v}))",
            )
        if type_ in (str, int, bool):
            return type_.__name__, None
        if type_ is type(None):
            return "None", None
        if attrs.has(type_):
            return self.struct(type_), f"_build_{type_.__name__}({{v}})"
        origin = typing.get_origin(type_)
        args = typing.get_args(type_)
        if origin is typing.Literal:
            if not all(isinstance(arg, str) for arg in args):
                raise Unsupported(f"literal {type_!r}")
            name = self.literals.setdefault(args, f"_L{len(self.literals)}")
            self.module.__dict__[name] = type_
            return name, None
        if origin is tuple and len(args) == 2 and args[1] is Ellipsis:
            item, build = self.wire(args[0])
            if build is None:
                return f"tuple[{item}, ...]", None
            if build.endswith("({v})") and build.count("(") == 1:
                function = build[: -len("({v})")]
                return f"tuple[{item}, ...]", f"tuple(map({function}, {{v}}))"
            return (
                f"tuple[{item}, ...]",
                f"tuple([{build.format(v='x')} for x in {{v}}])",
            )
        if origin is dict and args[0] is str:
            item, build = self.wire(args[1])
            if build is None:
                return f"dict[str, {item}]", None
            return (
                f"dict[str, {item}]",
                f"{{{{k: {build.format(v='x')} for k, x in {{v}}.items()}}}}",
            )
        if origin in (typing.Union, types.UnionType):
            options = [arg for arg in args if arg is not type(None)]
            if len(options) == 1 and len(args) == 2:
                item, build = self.wire(options[0])
                if build is None:
                    return f"{item} | None", None
                return f"{item} | None", f"(None if {{v}} is None else {build})"
        raise Unsupported(f"no wire type for {type_!r}")

    def field_wire(
        self, field: attrs.Attribute[Any], type_: Any
    ) -> tuple[str, str | None, str | bool]:
        """Return the wire type of one field and how its validator is taken care of."""
        validator = field.validator
        if validator is model_values._check_slug and type_ is str:
            return "str", None, "slug"
        if validator is model_values._check_optional_slug and type_ == str | None:
            return "str | None", None, "optional slug"
        if validator is model_values._check_slugs and type_ == tuple[str, ...]:
            return "tuple[str, ...]", None, "slugs"
        wire, build = self.wire(type_)
        options = getattr(validator, "options", None)
        covered = (
            options is not None
            and typing.get_origin(type_) is typing.Literal
            and set(typing.get_args(type_)) <= set(options)
        )
        return wire, build, covered

    # -- structs and builders ---------------------------------------------------

    def struct(self, cls: type, *, text: bool = False) -> str:
        """Define the wire struct and builder of ``cls``; return the struct's name."""
        name = f"_W_{cls.__name__}" + ("_text" if text else "")
        if name in self.structs.values():
            return name
        self.structs[cls if not text else LocalizedText] = name
        hints = typing.get_type_hints(cls)
        fields: list[tuple[str, str] | tuple[str, str, Any]] = []
        if text:
            fields.append(("text", "str"))
        plans = []
        for field in attrs.fields(cls):
            wire, build, covered = self.field_wire(field, hints[field.name])
            converter = field.converter
            if converter is tuple or (
                converter in _CHECKED_BY_HOOK
                and build is not None
                and "_decimal" in build
            ):
                # A tuple already, or a finite Decimal from the converter's hook.
                converter = None
            if field.default is attrs.NOTHING:
                fields.append((field.name, wire))
                plans.append(_FieldPlan(field, build, covered, converter, None))
                continue
            default = self.default(field, converter)
            if build is None and converter is None and isinstance(default, _Constant):
                # The struct supplies the default itself: nothing to decide later.
                fields.append((field.name, wire, default.value))
                plans.append(_FieldPlan(field, build, covered, converter, None))
                continue
            fields.append((field.name, f"{wire} | _Unset", self.msgspec.UNSET))
            plans.append(_FieldPlan(field, build, covered, converter, default))
        self.module.__dict__[name] = self.msgspec.defstruct(
            name,
            fields,
            kw_only=True,
            forbid_unknown_fields=True,
            omit_defaults=True,
            gc=False,
            module=self.module.__name__,
        )
        if not text:
            self.builder(cls, plans)
            self.comparer(cls, plans)
        return name

    def builder(  # noqa: PLR0912, PLR0915 - one branch per way of filling a field
        self, cls: type, plans: list[_FieldPlan]
    ) -> None:
        """Generate ``_build_<Class>(s)``: a ``cls`` from its wire struct ``s``."""
        if getattr(cls, "__attrs_pre_init__", None) is not None:
            raise Unsupported(f"{cls.__name__} has __attrs_pre_init__")
        prefix = f"_{cls.__name__}_"
        ns = self.namespace
        ns[f"{prefix}cls"] = cls
        hints = typing.get_type_hints(cls)
        lines = [f"def _build_{cls.__name__}(s):", f"    o = _new({prefix}cls)"]
        checks: list[str] = []
        for plan in plans:
            field = plan.field
            local = f"{prefix}{field.name}"
            ns[f"{local}_set"] = _setter(cls, field.name)
            value = plan.build.format(v="v") if plan.build else "v"
            if plan.converter is not None:
                if not callable(plan.converter):
                    raise Unsupported(f"{cls.__name__}.{field.name}: converter")
                converter = _FAST_CONVERTERS.get(plan.converter, plan.converter)
                ns[f"{local}_convert"] = converter
                value = f"{local}_convert({value})"
            if plan.default is None:
                if value == "v":
                    expression = f"s.{field.name}"
                else:
                    lines.append(f"    v = s.{field.name}")
                    expression = value
            else:
                if isinstance(plan.default, _Constant):
                    ns[f"{local}_default"] = plan.default.value
                    fallback = f"{local}_default"
                else:
                    ns[f"{local}_default"] = plan.default
                    fallback = f"{local}_default()"
                lines.append(f"    v = s.{field.name}")
                expression = f"{fallback} if v is _UNSET else {value}"
            follow = _collect_ids(plan.covered, "v")
            coded = self.gather.coded(field, hints[field.name])
            if follow is None and coded is None:
                lines.append(f"    {local}_set(o, {expression})")
            else:
                lines.append(f"    v = {expression}")
                lines.append(f"    {local}_set(o, v)")
                lines.extend(f"    {line}" for line in (follow, coded) if line)
            if field.validator is not None and not plan.covered:
                ns[f"{local}_check"] = field.validator
                ns[f"{local}_field"] = field
                checks.append(f"    {local}_check(o, {local}_field, o.{field.name})")
        lines.extend(checks)
        if getattr(cls, "__attrs_post_init__", None) is not None:
            lines.append("    o.__attrs_post_init__()")
        if cls is not self.root:
            # The portfolio itself is not gathered: its facts must not hold it.
            lines.append(f"    {self.gather.name(cls)}(o)")
        lines.append("    return o")
        self.sources.append("\n".join(lines))

    def same(  # noqa: PLR0911 - one return per kind of type, as in wire()
        self, type_: Any
    ) -> str | None:
        """Return how to tell, without building it, that wire ``{v}`` builds ``{w}``.

        An expression template over ``{v}`` and ``{w}``, true exactly when
        the value :meth:`wire`'s builder makes of ``{v}`` would equal
        ``{w}``; None where the comparer builds the value and compares
        (dates, codes, subjects and amounts: memoised or cheap to build).
        """
        if type_ in (PartialDate, CodeRef, SubjectRef, Decimal):
            return None
        if self.wire(type_)[1] is None:
            return "{v} == {w}"  # the wire value is the model value
        if type_ is LocalizedText:
            return "_same_text({v}, {w})"
        if attrs.has(type_):
            return f"_same_{type_.__name__}({{v}}, {{w}})"
        origin = typing.get_origin(type_)
        args = typing.get_args(type_)
        if origin is tuple and len(args) == 2 and args[1] is Ellipsis:
            item = self.same(args[0])
            if item is None or not item.endswith("({v}, {w})") or item.count("(") != 1:
                return None
            return f"_same_items({item[: -len('({v}, {w})')]}, {{v}}, {{w}})"
        if origin in (typing.Union, types.UnionType):
            options = [arg for arg in args if arg is not type(None)]
            inner = self.same(options[0]) if len(options) == 1 else None
            if inner is not None and len(args) == 2:
                return f"({{w}} is None if {{v}} is None else {inner})"
        return None

    def comparer(self, cls: type, plans: list[_FieldPlan]) -> None:
        """Generate ``_same_<Class>(s, o)``: whether wire struct ``s`` builds ``o``.

        True exactly when ``_build_<Class>(s) == o`` (no object is made),
        given that ``o`` passed the model's validators when it was made:
        the comparer runs no validator the builder runs (nor the bulk
        check of ids, which is the slug validator's), except those of values
        it builds (dates, codes, subjects, amounts), and it checks language
        tags, which only the converter checks.  Where the model
        has something the generator does not know, no comparer is made and
        :func:`reads_back_as` always declines.
        """
        try:
            self.same_sources.append(self._comparer_source(cls, plans))
        except Unsupported:
            self.comparable = False

    def _comparer_source(self, cls: type, plans: list[_FieldPlan]) -> str:
        prefix = f"_{cls.__name__}_"
        hints = typing.get_type_hints(cls)
        lines = [
            f"def _same_{cls.__name__}(s, o):",
            f"    if o.__class__ is not {prefix}cls:",
            "        return False",
        ]
        plain: list[str] = []  # fields whose wire value is the model value
        for plan in plans:
            field = plan.field
            if not field.eq or getattr(field, "eq_key", None) is not None:
                raise Unsupported(f"{cls.__name__}.{field.name}: compared otherwise")
            template = self.same(hints[field.name])
            # An id equal to the model object's passed its slug validator
            # there: the builders' bulk check of ids (:class:`Ids`) is not
            # needed, nor any validator of a value equal to the model's.
            if (
                template == "{v} == {w}"
                and plan.default is None
                and plan.converter is None
            ):
                plain.append(field.name)
                continue
            lines.extend(self._field_test(prefix, plan, template))
        if plain:
            # Read with one attrgetter each side; tuples compare item by item.
            self.namespace[f"{prefix}plain"] = operator.attrgetter(*plain)
            lines[3:3] = [
                f"    if {prefix}plain(s) != {prefix}plain(o):",
                "        return False",
            ]
        lines.append("    return True")
        return "\n".join(lines)

    @staticmethod
    def _field_test(prefix: str, plan: _FieldPlan, template: str | None) -> list[str]:
        """Return a comparer's lines that return False unless one field is equal."""
        field = plan.field
        local = f"{prefix}{field.name}"
        if plan.converter is not None and plan.converter not in _SORTING:
            template = None
        if template is None:
            value = plan.build.format(v="v") if plan.build else "v"
            if plan.converter is not None:
                value = f"{local}_convert({value})"
            # Equal when the same object, as for every value of the model.
            test = f"(x := {value}) is w or x == w"
        else:
            test = template.format(v="v", w="w")
            if plan.converter is not None:
                # A sorting converter leaves a sorted tuple as it is.
                test = f"{test} and _in_order({local}_convert, w)"
        lines = [f"    v = s.{field.name}", f"    w = o.{field.name}"]
        if plan.default is None:
            return [*lines, f"    if not ({test}):", "        return False"]
        fallback = (
            f"{local}_default"
            if isinstance(plan.default, _Constant)
            else f"{local}_default()"
        )
        return [
            *lines,
            "    if v is _UNSET:",
            f"        if not (w is (x := {fallback}) or x == w):",
            "            return False",
            f"    elif not ({test}):",
            "        return False",
        ]

    def default(
        self, field: attrs.Attribute[Any], converter: Callable[[Any], Any] | None
    ) -> _Constant | Callable[[], Any]:
        """Return ``field``'s default as attrs would convert it, or a maker of it."""
        default: Any = field.default
        convert = converter or (lambda value: value)
        if isinstance(default, attrs.Factory):  # type: ignore[arg-type]
            factory: Callable[[], Any] = default.factory
            if default.takes_self:
                raise Unsupported(f"{field.name}: factory takes self")
            if factory in (tuple, LocalizedText):
                # Empty and frozen: one object serves every default.
                return self.seen_default(_Constant(convert(factory())))
            made = convert(factory())
            if attrs.has(type(made)):
                self.gather.unseen |= {type(made)}
            return lambda: convert(factory())
        if not isinstance(default, str | int | bool | type(None)):
            raise Unsupported(f"{field.name}: mutable default {default!r}")
        return self.seen_default(_Constant(convert(default)))

    def seen_default(self, default: _Constant) -> _Constant:
        """Note a default model object builders hand out without making it."""
        if attrs.has(type(default.value)):
            self.gather.unseen |= {type(default.value)}
        return default

    def text_builder(self) -> None:
        """Define ``_text``: a localized text from its wire mapping."""
        ns = self.namespace
        provenance = self.module.__dict__[self.struct(Provenance, text=True)]
        ns["_provenance_struct"] = provenance
        ns["_text_new"] = LocalizedText
        ns["_text_values"] = _setter(LocalizedText, "values")
        ns["_text_provenance"] = _setter(LocalizedText, "provenance")
        ns["_languages"] = self.ids.languages
        ns["_learn_languages"] = self.ids.learn_languages
        self.sources.append(
            "\n".join(
                [
                    "def _text(v):",
                    "    if not _languages.issuperset(v):",
                    "        _learn_languages(v)",
                    "    if _provenance_struct in map(type, v.values()):",
                    "        return _text_with_provenance(v)",
                    "    o = _new(_text_new)",
                    "    _text_values(o, v)",
                    "    _text_provenance(o, _no_provenance)",
                    "    _seen_map(v)",
                    "    return o",
                    "",
                    "def _text_with_provenance(v):",
                    "    values, provenance = {}, {}",
                    "    for language, entry in v.items():",
                    "        if type(entry) is str:",
                    "            values[language] = entry",
                    "        else:",
                    "            values[language] = entry.text",
                    "            provenance[language] = _build_Provenance(entry)",
                    "    o = _text_new(values=values, provenance=provenance)",
                    "    _seen_map(o.values)",
                    "    _seen_provenanced(o)",
                    "    return o",
                    "",
                    "def _same_text(v, w):",
                    "    if not _languages.issuperset(v):",
                    "        _learn_languages(v)",
                    "    if w.__class__ is not _text_new:",
                    "        return False",
                    "    if _provenance_struct in map(type, v.values()):",
                    "        return _text_with_provenance(v) == w",
                    "    return w.values == v and w.provenance == _no_provenance",
                ]
            )
        )

    def compile(self, root: type) -> Plan:
        """Generate everything reachable from ``root`` and return the plan."""
        self.root = root
        root_struct = self.struct(root)
        self.struct(Provenance)
        self.text_builder()
        code = compile(
            "\n\n".join(self.sources), "<munintl.wire.fastjson builders>", "exec"
        )
        exec(code, self.namespace)  # noqa: S102 - code generated from the model, as attrs does
        same = None
        if self.comparable:
            code = compile(
                "\n\n".join(self.same_sources),
                "<munintl.wire.fastjson comparers>",
                "exec",
            )
            exec(code, self.namespace)  # noqa: S102 - generated from the model, as above
            same = self.namespace[f"_same_{root.__name__}"]
        decoder = self.msgspec.json.Decoder(self.module.__dict__[root_struct])
        build = self.namespace[f"_build_{root.__name__}"]
        return Plan(
            decoder.decode,
            build,
            self.ids,
            self.msgspec.json.Encoder().encode,
            self.gather,
            same=same,
            items=self.item_checks(root) if same is not None else None,
        )

    def item_checks(self, root: type) -> dict[str, ItemCheck]:
        """Return how to check each item of ``root``'s sorted collections alone."""
        hints = typing.get_type_hints(root)
        checks: dict[str, ItemCheck] = {}
        for field in attrs.fields(root):
            args = typing.get_args(hints[field.name])
            if not (
                typing.get_origin(hints[field.name]) is tuple
                and len(args) == 2
                and args[1] is Ellipsis
                and attrs.has(args[0])
                and field.converter in _SORTING
            ):
                continue
            cls = args[0]
            struct = self.module.__dict__[self.structs[cls]]
            checks[field.name] = ItemCheck(
                cls,
                typing.cast("Callable[[Any], tuple[Any, ...]]", field.converter),
                self.msgspec.json.Decoder(struct).decode,
                self.namespace[f"_same_{cls.__name__}"],
            )
        return checks
