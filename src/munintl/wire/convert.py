"""The one converter between the model and its wire shape.

:data:`converter` structures plain data (what YAML, JSON or TOML decode to)
into model objects and unstructures them back.  It is strict where cattrs'
defaults are lax: ``"3"`` is not an integer, a string is not a list, unknown
keys are errors.  :func:`structure` turns every problem into a
:class:`~munintl.errors.Finding` with its field path and a message that says
what was expected and what was found.

Wire shapes that differ from plain attrs dictionaries:

* :class:`~munintl.model.PartialDate` -- ``2011`` (a year as a number),
  ``"2011-03"``, ``"2008-10-06"``, ``"1960s"``, ``"~1993"``;
* :class:`~munintl.model.LocalizedText` -- ``{da: "...", en: "..."}``, where a
  language with provenance is written ``en: {text: "...", method: human, ...}``;
* :class:`~munintl.model.Money` -- ``{amount: 1500000, currency: DKK}``, the
  amount as a number when whole and as a string otherwise (no float rounding);
* :class:`~munintl.model.CodeRef` -- ``"sdg:11"``; :class:`~munintl.model.SubjectRef`
  -- ``"initiative:active-travel-network"``.

Defaults are left out when unstructuring, so files stay short.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import difflib
import gc
import hashlib
import json
import re
import threading
import types
import typing
from collections.abc import Callable, Iterator, Mapping
from decimal import Decimal, InvalidOperation
from typing import Any, TypeVar

import attrs
import cattrs
from cattrs.errors import (
    ClassValidationError,
    ForbiddenExtraKeysError,
    IterableValidationError,
)

from munintl.errors import Finding, ValidationError
from munintl.i18n import N_, _
from munintl.model import (
    CodeRef,
    LocalizedText,
    Money,
    PartialDate,
    Portfolio,
    Provenance,
    SubjectRef,
    Theme,
)
from munintl.model.characters import character_problem
from munintl.model.dates import DateFormatError, FieldValueError, ModelValueError
from munintl.model.strategy import MAX_THEME_DEPTH
from munintl.model.values import checked_number, number_problem
from munintl.wire.paths import FieldPath, format_path

T = TypeVar("T")

LANGUAGE_TAG = re.compile(r"[a-z]{2,3}(-[A-Za-z0-9]{2,8})*")  # use fullmatch


class WireError(ValueError):
    """A value of the wrong shape, with a message for a municipal employee."""


class UnknownKeysError(WireError):
    """Keys a hand-read mapping does not allow (reported one finding per key)."""

    def __init__(self, keys: typing.Sequence[object], allowed: typing.Sequence[str]):
        super().__init__("unknown keys: " + ", ".join(map(repr, keys)))
        self.keys = tuple(keys)
        self.allowed = tuple(allowed)


def _describe(value: object) -> str:  # noqa: PLR0911 - one return per kind of value
    if value is None:
        return _("nothing (null)")
    if isinstance(value, bool):
        return _("the boolean {value}").format(value=str(value).lower())
    if isinstance(value, str):
        shown = value if len(value) <= 40 else value[:37] + "..."
        return _("the text {text!r}").format(text=shown)
    if isinstance(value, int | float | Decimal):
        return _("the number {value}").format(value=value)
    if isinstance(value, Mapping):
        return _("a mapping")
    if isinstance(value, list | tuple):
        return _("a list")
    return type(value).__name__


def _expect(kind: str, value: object) -> WireError:
    """Say what was expected (``kind``, marked with ``N_``) and what was found."""
    return WireError(
        _("expected {kind}, found {found}").format(kind=_(kind), found=_describe(value))
    )


# -- primitives ----------------------------------------------------------------


def _structure_str(value: object, _cls: type) -> str:
    if not isinstance(value, str):
        raise _expect(N_("text"), value)
    problem = character_problem(value)
    if problem:
        raise WireError(problem)
    return value


def _structure_int(value: object, _cls: type) -> int:
    if isinstance(value, bool) or not isinstance(value, int):
        raise _expect(N_("a whole number"), value)
    return value


def _structure_bool(value: object, _cls: type) -> bool:
    if not isinstance(value, bool):
        raise _expect(N_("true or false"), value)
    return value


def _structure_decimal(value: object, _cls: type) -> Decimal:
    if isinstance(value, bool):
        raise _expect(N_("a number"), value)
    if isinstance(value, int):
        # Checked before ``str()``: a 5,000-digit number cannot even be printed.
        problem = number_problem(value)
        if problem:
            raise WireError(said(problem))
        return Decimal(value)
    if isinstance(value, Decimal | float | str):
        try:
            number = (
                value if isinstance(value, Decimal) else Decimal(str(value).strip())
            )
        except InvalidOperation:
            raise _expect(N_("a number"), value) from None
        if not number.is_finite():
            raise _expect(N_("a finite number"), value)
        try:
            return checked_number(number, "")
        except FieldValueError as error:
            raise WireError(said(error)) from None
    raise _expect(N_("a number"), value)


def decimal_wire(value: Decimal) -> int | str:
    """A decimal's wire shape: whole numbers as numbers, the rest as text.

    Text keeps every digit that a float would round away.
    """
    text = str(value)
    if "E" not in text:
        # Written without an exponent (``1.50``, ``12``, ``NaN``): the
        # exponent is negative exactly when there is a point.  Cheaper than
        # ``as_tuple()``, which makes a tuple of every digit.
        if "." in text or not value.is_finite():
            return text
        return int(value)
    exponent = value.as_tuple().exponent
    if isinstance(exponent, int) and exponent >= 0:
        return int(value)
    return text


def said(error: Exception) -> str:
    """What ``error`` says, in the language of the run where the model marked it."""
    if isinstance(error, ModelValueError):
        return _(error.template).format(**error.params)
    return str(error)


def _structure_partial_date(value: object, _cls: type) -> PartialDate:
    if isinstance(value, dt.datetime):
        raise _expect(N_("a date"), value)
    if isinstance(value, dt.date):
        return PartialDate.from_date(value)
    if isinstance(value, int) and not isinstance(value, bool):
        # A bare number is a year; years before 1000 have fewer than 4 digits.
        try:
            return PartialDate(year=value)
        except DateFormatError as error:
            raise WireError(said(error)) from None
    if not isinstance(value, str):
        raise _expect(
            N_("a date such as 2011, 2011-03, 2008-10-06, early 2000s or before 1990"),
            value,
        )
    try:
        return PartialDate.parse(value)
    except DateFormatError as error:
        raise WireError(said(error)) from None


#: Wire shapes of dates already written: a portfolio repeats a few hundred
#: dates in every period (equal dates, equal shapes; bounded).
_DATE_WIRE: dict[PartialDate, int | str] = {}
_DATE_WIRE_LIMIT = 20_000


def _unstructure_partial_date(value: PartialDate) -> int | str:
    found = _DATE_WIRE.get(value)
    if found is None:
        if len(_DATE_WIRE) >= _DATE_WIRE_LIMIT:
            _DATE_WIRE.clear()
        found = _DATE_WIRE[value] = date_wire(value)
    return found


def date_wire(value: PartialDate) -> int | str:
    """A partial date's wire shape: a plain year as a number, the rest as text."""
    if value.precision == "year" and not value.approximate and not value.bound:
        return value.year
    return str(value)


# -- localized text ------------------------------------------------------------

_PROVENANCE_KEYS = tuple(a.name for a in attrs.fields(Provenance))


def _structure_text(value: object, _cls: type) -> LocalizedText:
    if not isinstance(value, Mapping):
        raise _expect(
            N_("texts by language, e.g. {da: '...', en: '...'}"),
            value,
        )
    values: dict[str, str] = {}
    provenance: dict[str, Provenance] = {}
    problems: list[Exception] = []
    for language, entry in value.items():
        if not isinstance(language, str) or not LANGUAGE_TAG.fullmatch(language):
            problems.append(
                _noted(
                    WireError(
                        _(
                            "{tag!r} is not a language tag; use BCP 47 tags such"
                            " as da, en, de"
                        ).format(tag=language)
                    ),
                    language,
                )
            )
            continue
        if isinstance(entry, str):
            problem = character_problem(entry)
            if problem:
                problems.append(_noted(WireError(problem), language))
                continue
            values[language] = entry
            continue
        if isinstance(entry, Mapping):
            found = _structure_translation(entry)
            if isinstance(found, Exception):
                problems.append(_noted(found, language))
            else:
                values[language], provenance[language] = found
            continue
        problems.append(_noted(_expect(N_("text"), entry), language))
    if problems:
        raise ClassValidationError("invalid text", problems, LocalizedText)
    return LocalizedText(values=values, provenance=provenance)


def _structure_translation(
    entry: Mapping[Any, Any],
) -> tuple[str, Provenance] | ClassValidationError:
    """Read ``{text: ..., method: ..., ...}``, or return every problem in it."""
    problems: list[Exception] = []
    allowed = ("text", *_PROVENANCE_KEYS)
    unknown = [key for key in entry if key not in allowed]
    if unknown:
        problems.append(UnknownKeysError(unknown, allowed))
    text = entry.get("text")
    if "text" not in entry:
        # Reported like a missing attrs field: "<lang>.text" is required.
        problems.append(_noted(KeyError("text"), "text"))
    elif not isinstance(text, str):
        problems.append(_noted(_expect(N_("text"), text), "text"))
    elif character_problem(text):
        problems.append(_noted(WireError(character_problem(text)), "text"))
    fields = {key: item for key, item in entry.items() if key in _PROVENANCE_KEYS}
    try:
        made = converter.structure(fields, Provenance)
    except Exception as error:  # noqa: BLE001 - collected and reported
        problems.append(error)
    if problems:
        return ClassValidationError("invalid translation", problems, Provenance)
    assert isinstance(text, str)
    return text, made


def _noted(error: Exception, key: str | int) -> Exception:
    note = cattrs.AttributeValidationNote(f"Structuring {key}", str(key), object)
    error.__notes__ = [*getattr(error, "__notes__", []), note]
    return error


def _unstructure_text(value: LocalizedText) -> dict[str, Any]:
    out: dict[str, Any] = {}
    for language, text in value.values.items():
        provenance = value.provenance.get(language)
        if provenance is None:
            out[language] = text
        else:
            out[language] = {"text": text, **converter.unstructure(provenance)}
    return out


# -- small string-coded values ------------------------------------------------


def _structure_coderef(value: object, _cls: type) -> CodeRef:
    if not isinstance(value, str):
        raise _expect(N_("a code written scheme:code, e.g. sdg:11"), value)
    problem = character_problem(value)
    if problem:
        raise WireError(problem)
    try:
        return CodeRef.parse(value)
    except ValueError as error:
        raise WireError(said(error)) from None


def _structure_subject(value: object, _cls: type) -> SubjectRef:
    if not isinstance(value, str):
        raise _expect(N_("a subject such as initiative:<id>"), value)
    try:
        return SubjectRef.parse(value)
    except ValueError as error:
        raise WireError(said(error)) from None


def _make_attrs_hook(conv: cattrs.Converter, cls: type) -> Any:
    # cattrs' generated functions assume a mapping; given ``period: 2011`` or a
    # list they fail with "'int' object is not iterable".  Say what was meant.
    inner: Callable[[Mapping[str, Any], Any], Any]
    inner = conv.gen_structure_attrs_fromdict(cls)
    names = [a.name for a in attrs.fields(cls)]
    required = [a.name for a in attrs.fields(cls) if a.default is attrs.NOTHING]
    shown = ", ".join((required + [n for n in names if n not in required])[:3])

    def structure_attrs(value: object, _cls: type) -> Any:
        if not isinstance(value, Mapping):
            expected = (
                _("a mapping with keys such as {keys}").format(keys=shown)
                if shown
                else N_("a mapping")
            )
            raise _expect(expected, value)
        return inner(value, cls)

    return structure_attrs


_nesting = threading.local()


def _limit_theme_depth(structure_theme: Callable[[object, type], Theme]) -> Any:
    """Wrap the structure hook of :class:`Theme` to refuse trees nested too deep.

    The hook recurses once per level, so without a limit a hostile file
    nested thousands of levels deep would exhaust the stack.
    """

    def structure_limited(value: object, cls: type) -> Theme:
        depth = getattr(_nesting, "themes", 0)
        if depth >= MAX_THEME_DEPTH:
            raise WireError(
                _(
                    "themes nest more than {depth} levels deep here; move these"
                    " sub-themes up a level (strategies use three or four)"
                ).format(depth=MAX_THEME_DEPTH)
            )
        _nesting.themes = depth + 1
        try:
            return structure_theme(value, cls)
        finally:
            _nesting.themes = depth

    return structure_limited


def _structure_money(value: object, _cls: type) -> Money:
    if not isinstance(value, Mapping):
        raise _expect(N_("an amount, e.g. {amount: 250000, currency: DKK}"), value)
    return _money_fn(value, Money)


# -- collections -----------------------------------------------------------------


def _is_homogeneous_tuple(type_: Any) -> bool:
    args = typing.get_args(type_)
    return typing.get_origin(type_) is tuple and len(args) == 2 and args[1] is ...


def _make_tuple_hook(type_: Any) -> Any:
    item_type = typing.get_args(type_)[0]

    def structure_tuple(value: object, _cls: type) -> tuple[Any, ...]:
        if not isinstance(value, list | tuple):
            raise _expect(N_("a list"), value)
        items: list[Any] = []
        problems: list[Exception] = []
        for index, item in enumerate(value):
            try:
                items.append(converter.structure(item, item_type))
            except Exception as error:  # noqa: BLE001 - collected and reported
                note = cattrs.IterableValidationNote(
                    f"Structuring item {index}", index, item_type
                )
                error.__notes__ = [*getattr(error, "__notes__", []), note]
                problems.append(error)
        if problems:
            raise IterableValidationError("invalid list", problems, type_)
        return tuple(items)

    return structure_tuple


def _is_str_dict(type_: Any) -> bool:
    return typing.get_origin(type_) is dict


def _make_dict_hook(type_: Any) -> Any:
    key_type, value_type = typing.get_args(type_)

    def structure_dict(value: object, _cls: type) -> dict[Any, Any]:
        if not isinstance(value, Mapping):
            raise _expect(N_("a mapping"), value)
        out = {}
        problems: list[Exception] = []
        for key, item in value.items():
            try:
                out[converter.structure(key, key_type)] = converter.structure(
                    item, value_type
                )
            except Exception as error:  # noqa: BLE001 - collected and reported
                problems.append(_noted(error, str(key)))
        if problems:
            raise ClassValidationError("invalid mapping", problems, type_)
        return out

    return structure_dict


def _is_literal(type_: Any) -> bool:
    return typing.get_origin(type_) is typing.Literal


def _make_literal_hook(type_: Any) -> Any:
    allowed = typing.get_args(type_)

    def structure_literal(value: object, _cls: type) -> object:
        if value not in allowed or isinstance(value, bool) != isinstance(
            allowed[0], bool
        ):
            raise WireError(_not_allowed(value, allowed))
        return value

    return structure_literal


def _make_converter() -> cattrs.Converter:
    conv = cattrs.Converter(forbid_extra_keys=True, omit_if_default=True)
    conv.register_structure_hook(str, _structure_str)
    conv.register_structure_hook(int, _structure_int)
    conv.register_structure_hook(bool, _structure_bool)
    conv.register_structure_hook(Decimal, _structure_decimal)
    conv.register_unstructure_hook(Decimal, decimal_wire)
    conv.register_structure_hook(PartialDate, _structure_partial_date)
    conv.register_unstructure_hook(PartialDate, _unstructure_partial_date)
    conv.register_structure_hook(LocalizedText, _structure_text)
    conv.register_unstructure_hook(LocalizedText, _unstructure_text)
    conv.register_structure_hook(CodeRef, _structure_coderef)
    conv.register_unstructure_hook(CodeRef, str)
    conv.register_structure_hook(SubjectRef, _structure_subject)
    conv.register_unstructure_hook(SubjectRef, str)
    conv.register_structure_hook(Money, _structure_money)
    conv.register_structure_hook_factory(_is_homogeneous_tuple, _make_tuple_hook)
    conv.register_unstructure_hook_factory(
        _is_homogeneous_tuple,
        lambda _t: lambda value: [conv.unstructure(v) for v in value],
    )
    conv.register_structure_hook_factory(_is_str_dict, _make_dict_hook)
    conv.register_structure_hook_factory(_is_literal, _make_literal_hook)
    conv.register_structure_hook_factory(
        attrs.has, lambda cls: _make_attrs_hook(conv, cls)
    )
    conv.register_structure_hook(
        Theme, _limit_theme_depth(_make_attrs_hook(conv, Theme))
    )
    return conv


converter = _make_converter()
_money_fn = cattrs.gen.make_dict_structure_fn(
    Money, converter, _cattrs_forbid_extra_keys=True
)


# -- errors ----------------------------------------------------------------------


def _did_you_mean(key: object, choices: typing.Iterable[str]) -> str:
    if not isinstance(key, str):
        return ""  # a YAML key read as null, a number or a boolean
    close = difflib.get_close_matches(key, list(choices), n=1, cutoff=0.6)
    if not close:
        return ""
    return _("; did you mean {suggestion!r}?").format(suggestion=close[0])


def _not_allowed(value: object, allowed: typing.Iterable[object]) -> str:
    return _("{value!r} is not allowed here; use one of {allowed}").format(
        value=value, allowed=", ".join(repr(a) for a in allowed)
    )


def _path_step(note: object) -> str | int | None:
    if isinstance(note, cattrs.AttributeValidationNote):
        return note.name
    if isinstance(note, cattrs.IterableValidationNote):
        return note.index
    return None


def _walk(
    error: BaseException, path: FieldPath
) -> Iterator[tuple[FieldPath, str, str]]:
    """Yield ``(path, code, message)`` for each leaf problem in ``error``."""
    if isinstance(error, ClassValidationError | IterableValidationError):
        for sub in error.exceptions:
            steps = [
                step
                for step in (_path_step(n) for n in getattr(sub, "__notes__", []))
                if step is not None
            ]
            yield from _walk(sub, path + tuple(steps[-1:]))
        return
    if isinstance(error, UnknownKeysError):
        for key in error.keys:
            hint = _did_you_mean(key, error.allowed) if isinstance(key, str) else ""
            yield (
                (*path, str(key)),
                "unknown-key",
                _("unknown key {key!r}{hint}").format(key=key, hint=hint),
            )
        return
    if isinstance(error, ForbiddenExtraKeysError):
        fields = [a.name for a in attrs.fields(error.cl)] if attrs.has(error.cl) else []
        for key in sorted(error.extra_fields):
            yield (
                (*path, key),
                "unknown-key",
                _("unknown key {key!r}{hint}").format(
                    key=key, hint=_did_you_mean(key, fields)
                ),
            )
        return
    if isinstance(error, KeyError):
        # cattrs reports a missing required key as KeyError on that attribute.
        yield path, "missing-field", _("this field is required but missing")
        return
    if isinstance(error, ValueError | TypeError):
        args = error.args
        if len(args) >= 2 and isinstance(args[1], attrs.Attribute):
            # attrs' own validators: (message, attribute, allowed, value)
            attribute = args[1]
            message = str(args[0])
            if len(args) >= 4:
                message = _not_allowed(args[3], args[2])
            yield (*path, attribute.name), "invalid-value", message
            return
        field = getattr(error, "field", None)
        target = (*path, field) if field else path
        yield target, "invalid-value", said(error) or type(error).__name__
        return
    yield path, "invalid-value", f"{type(error).__name__}: {error}"


def findings_from(error: BaseException, *, prefix: FieldPath = ()) -> list[Finding]:
    """Turn a structuring error into findings, one per problem."""
    return [
        Finding(code=code_, message=message, path=format_path(prefix + path))
        for path, code_, message in _walk(error, ())
    ]


def problems(error: BaseException) -> list[tuple[FieldPath, str, str]]:
    """Like :func:`findings_from`, keeping paths as tuples for locating."""
    return list(_walk(error, ()))


def structure(data: object, cls: type[T]) -> T:
    """Build ``cls`` from plain data, raising :class:`ValidationError` if wrong.

    >>> from munintl.model import Period
    >>> structure({"start": 2010, "end": 2012}, Period).overlaps(Period.year(2011))
    True
    """
    try:
        return converter.structure(data, cls)
    except Exception as error:  # noqa: BLE001 - every problem becomes a finding
        raise ValidationError(findings_from(error)) from None


def unstructure(obj: object) -> Any:
    """Return the plain wire shape of a model object.

    Model objects go through functions generated once per class
    (``_unstructurer``), which return exactly what the converter's
    cattrs functions return -- the same keys in the same order -- several
    times faster; anything else goes to the converter.
    """
    cls = obj.__class__
    fast = _UNSTRUCTURERS.get(cls)
    if fast is None:
        fast = _UNSTRUCTURERS[cls] = _unstructurer(cls)
    if cls is not Portfolio:
        return fast(obj)
    # A whole portfolio makes hundreds of thousands of dictionaries and no
    # cycles: the collector would scan them again and again (half the time).
    with gc_paused():
        return fast(obj)


@contextlib.contextmanager
def gc_paused() -> Iterator[None]:
    """Pause the cyclic garbage collector while a portfolio is built.

    A portfolio is a tree of millions of small objects and no cycles; the
    collector would scan them again and again as they are made.  Report
    templates and the rules' walk pause it too, for the same reason.

    On leaving, everything the collector tracks is moved to its oldest
    generation without a scan (frozen and thawed at once): the objects made
    meanwhile are long-lived, and the first young collection after the
    pause would otherwise scan them all, deferring the cost rather than
    saving it (0.4 s of CPU after loading 10,000 initiatives).  A cycle
    among the moved objects is collected by the next full collection.
    """
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            gc.freeze()
            gc.unfreeze()
            gc.enable()


# -- the generated unstructure functions --------------------------------------------

_UNSTRUCTURERS: dict[type, Callable[[Any], Any]] = {}

#: Default factories whose value is empty and never changes: the generated
#: functions compare with one value made once instead of calling the factory
#: for every object, as cattrs does (a new ``LocalizedText()`` per field).
_EMPTY_FACTORIES: tuple[Any, ...] = (tuple, dict, LocalizedText)


def _is_generated_attrs_hook(handler: object) -> bool:
    """Tell whether ``handler`` is cattrs' own function for an attrs class."""
    code = getattr(handler, "__code__", None)
    return code is not None and code.co_filename.startswith(
        "<cattrs generated unstructure"
    )


class _UnstructureCompiler:
    """Write the source of unstructure functions equal to the converter's.

    Each function mirrors what :func:`cattrs.gen.make_dict_unstructure_fn`
    generates with ``omit_if_default``: the fields without a default first,
    in field order, then each field that differs from its default, in field
    order, each through the hook cattrs dispatches to on the field's
    declared type.  What it does differently is only faster and returns
    the same: defaults made once (:data:`_EMPTY_FACTORIES`), optional
    values and empty texts tested inline, list items dispatched on their
    class without a lookup.  A type it does not know calls the converter's
    own hook for it.
    """

    def __init__(self, conv: cattrs.Converter) -> None:
        from cattrs.fns import identity

        self.conv = conv
        self.identity = identity
        self.names: dict[type, str] = {}
        self.sources: list[str] = []
        self.namespace: dict[str, Any] = {
            "_slow": conv.unstructure,
            "_LT": LocalizedText,
            "_text_hook": _unstructure_text,
        }

    def value(self, name: str, value: object) -> str:
        """Put ``value`` in the generated functions' namespace as ``name``."""
        self.namespace[name] = value
        return name

    def function(self, cls: type) -> str:
        """Return the name of the generated function for attrs class ``cls``."""
        name = self.names.get(cls)
        if name is None:
            name = self.names[cls] = f"_un_{len(self.names)}_{cls.__name__}"
            self.sources.append(self.write(cls, name))
        return name

    def expression(  # noqa: PLR0911 - one return per kind of type
        self, type_: Any, v: str, where: str
    ) -> str:
        """Python that unstructures ``v`` (a local name) as cattrs does ``type_``."""
        handler = self.conv.get_unstructure_hook(type_)
        if handler == self.identity:
            return v
        if type_ is LocalizedText:
            return f"(dict({v}.values) if not {v}.provenance else _text_hook({v}))"
        args = typing.get_args(type_)
        if typing.get_origin(type_) in (typing.Union, types.UnionType) and (
            len(args) == 2 and type(None) in args
        ):
            (inner,) = [arg for arg in args if arg is not type(None)]
            return f"(None if {v} is None else {self.expression(inner, v, where)})"
        if _is_homogeneous_tuple(type_):
            item = args[0]
            if isinstance(item, type):
                # The converter dispatches on each item's class.
                each = self.expression(item, "x", f"{where}_item")
                if each == "x":
                    return f"list({v})"
                check = self.value(f"_c_{where}", item)
                return f"[{each} if x.__class__ is {check} else _slow(x) for x in {v}]"
            return f"[_slow(x) for x in {v}]"
        if attrs.has(type_) and _is_generated_attrs_hook(handler):
            return f"{self.function(type_)}({v})"
        return f"{self.value(f'_h_{where}', handler)}({v})"

    def write(self, cls: type, name: str) -> str:
        """The source of the function for ``cls``, named ``name``."""
        hints = typing.get_type_hints(cls)
        required: list[str] = []
        optional: list[str] = []
        for field in attrs.fields(cls):
            if not field.init:
                continue
            where = f"{name}_{field.name}"
            type_ = hints[field.name]
            default: Any = field.default
            if default is attrs.NOTHING:
                value = self.expression(type_, f"o.{field.name}", where)
                required.append(f"        {field.name!r}: {value},")
                continue
            optional.append(f"    v = o.{field.name}")
            optional.append(self.differs(field, type_, default, where))
            value = self.expression(type_, "v", where)
            if default is None and value.startswith("(None if v is None else "):
                value = value[len("(None if v is None else ") : -1]
            optional.append(f"        d[{field.name!r}] = {value}")
        return "\n".join(
            [
                f"def {name}(o):",
                "    d = {",
                *required,
                "    }",
                *optional,
                "    return d",
            ]
        )

    def differs(
        self, field: attrs.Attribute[Any], type_: Any, default: Any, where: str
    ) -> str:
        """The ``if`` that tells whether ``v`` differs from ``field``'s default."""
        convert = field.converter
        if isinstance(convert, attrs.Converter):
            raise TypeError(f"{field.name}: a converter taking the instance")
        if isinstance(default, attrs.Factory):  # type: ignore[arg-type]
            if default.takes_self:
                raise TypeError(f"{field.name}: a default taking the instance")
            if default.factory not in _EMPTY_FACTORIES:
                made = self.value(f"_f_{where}", default.factory)
                if convert is not None:
                    return (
                        f"    if v != {self.value(f'_v_{where}', convert)}({made}()):"
                    )
                return f"    if v != {made}():"
            default = default.factory()
        if convert is not None:
            default = convert(default)
        if default is None:
            return "    if v is not None:"
        if type_ is LocalizedText and default == LocalizedText():
            return "    if v.__class__ is not _LT or v.values or v.provenance:"
        return f"    if v != {self.value(f'_d_{where}', default)}:"

    def compile(self, cls: type) -> Callable[[Any], Any]:
        """Generate the functions ``cls`` needs; return the one for ``cls``."""
        name = self.function(cls)
        code = compile(
            "\n\n".join(self.sources), "<munintl.wire.convert unstructure>", "exec"
        )
        exec(code, self.namespace)  # noqa: S102 - code generated from the model, as cattrs does
        made: Callable[[Any], Any] = self.namespace[name]
        return made


def _unstructurer(cls: type) -> Callable[[Any], Any]:
    """The unstructure function for objects of class ``cls``.

    A generated one for an attrs class the converter handles with its own
    generated function; otherwise the converter's hook for ``cls``.
    """
    handler = converter.get_unstructure_hook(cls)
    if not (attrs.has(cls) and _is_generated_attrs_hook(handler)):
        return handler
    try:
        return _UnstructureCompiler(converter).compile(cls)
    except TypeError:  # a model shape the generator does not know
        return handler


def fingerprint(obj: object) -> str:
    """A stable hash of a model object's wire shape (``sha256:`` + 32 hex)."""
    data = json.dumps(unstructure(obj), sort_keys=True, ensure_ascii=False)
    return "sha256:" + hashlib.sha256(data.encode("utf-8")).hexdigest()[:32]
