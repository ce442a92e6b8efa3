"""Small value types shared by the entities: money, codes, sources, links."""

from __future__ import annotations

import re
from decimal import Decimal
from typing import Any, Literal

import attrs

from munintl.model.dates import N_, FieldValueError, ModelValueError, PartialDate
from munintl.model.text import LocalizedText

# ``(?!\n)`` because Python's ``$`` also matches before a final newline
# ("a\n" would pass); the patterns stay valid JSON Schema (ECMAScript) regexes.
#: The longest id: an id names a file in the YAML store (``<kind>-<id>.yaml``
#: for a status update) and a portfolio key in a database, and file systems
#: take names of at most 255 bytes.
MAX_ID_LENGTH = 100
SLUG = re.compile(r"^[a-z0-9][a-z0-9-]{0,%d}(?!\n)$" % (MAX_ID_LENGTH - 1))  # noqa: UP031 - a regex's braces
CURRENCY = re.compile(r"^[A-Z]{3}(?!\n)$")

Visibility = Literal["public", "internal"]
VISIBILITIES: tuple[Visibility, ...] = ("public", "internal")


#: The letters of an id, whatever its length.
_SLUG_LETTERS = re.compile(r"[a-z0-9][a-z0-9-]*")


def is_slug(value: str) -> bool:
    """Tell whether ``value`` is a valid id: ``[a-z0-9][a-z0-9-]*``."""
    return bool(SLUG.fullmatch(value))


def _check_slug(_instance: object, attribute: attrs.Attribute[Any], value: str) -> None:
    if (
        isinstance(value, str)
        and len(value) > MAX_ID_LENGTH
        and _SLUG_LETTERS.fullmatch(value)
    ):
        raise FieldValueError(
            attribute.name,
            N_(
                "this id has {length} characters; an id has at most {limit}, since"
                " it names a file, so shorten it"
            ),
            length=len(value),
            limit=MAX_ID_LENGTH,
        )
    if not isinstance(value, str) or not SLUG.fullmatch(value):
        raise FieldValueError(
            attribute.name,
            N_(
                "{value!r} is not a valid id: use lower-case letters a-z, digits"
                " and hyphens, starting with a letter or digit"
                " (e.g. 'active-travel-network')"
            ),
            value=value,
        )


def _check_optional_slug(
    instance: object, attribute: attrs.Attribute[Any], value: str | None
) -> None:
    if value is not None:
        _check_slug(instance, attribute, value)


def _check_slugs(
    instance: object, attribute: attrs.Attribute[Any], value: tuple[str, ...]
) -> None:
    for item in value:
        _check_slug(instance, attribute, item)


def ident() -> Any:
    """An id field: a slug, checked when the object is made."""
    return attrs.field(validator=_check_slug)


def ref(*, to: str, required: bool = False) -> Any:
    """A reference by id to an entity of collection ``to`` (optional by default)."""
    if required:
        return attrs.field(validator=_check_slug, metadata={"ref": to})
    return attrs.field(
        default=None, validator=_check_optional_slug, metadata={"ref": to}
    )


def refs(*, to: str) -> Any:
    """A tuple of references by id to entities of collection ``to``."""
    return attrs.field(
        factory=tuple, converter=tuple, validator=_check_slugs, metadata={"ref": to}
    )


def code(scheme: str, default: str | None = None) -> Any:
    """A code from the codelist ``scheme``, stored as its plain code."""
    if default is None:
        return attrs.field(metadata={"codelist": scheme})
    return attrs.field(default=default, metadata={"codelist": scheme})


def optional_code(scheme: str) -> Any:
    """An optional code from the codelist ``scheme``."""
    return attrs.field(default=None, metadata={"codelist": scheme})


#: Field metadata of a text shown on one line: a title, a name, an acronym, a
#: short label.  Such a text may still hold a line break (a file may say
#: anything); the ``line-break`` rule finds it, and outputs show it as a space.
ONE_LINE: dict[str, bool] = {"one_line": True}

#: What breaks a line in a text a reader may show: line feed, carriage return
#: and Unicode's line and paragraph separators (the other breaks Python's
#: ``str.splitlines`` knows, U+000B, U+000C, U+001C-U+001E and U+0085, are
#: characters no text may hold at all: see :mod:`munintl.model.characters`).
LINE_BREAK = re.compile("[\n\r\u2028\u2029]")


def breaks_line(text: str) -> bool:
    """Tell whether ``text`` holds a line break before its last visible character.

    A break at the very end (a YAML block scalar ``|`` or ``>`` adds one)
    or at the start shows as nothing, so it does not count.
    """
    return LINE_BREAK.search(text.strip()) is not None


#: Field metadata of a web or mail address (``url``, ``website``): reports
#: link it when :func:`linkable` says so and show it as text otherwise; the
#: ``url-not-linked`` rule says which.
URL: dict[str, bool] = {"url": True}

#: The schemes a link may use; any other (``javascript:``, ``data:``,
#: ``file:``) is shown as text.  Links without a scheme (``#part``) are kept.
LINKABLE_SCHEMES = frozenset({"http", "https", "mailto"})

_CONTROL = re.compile(r"[\x00-\x1f\x7f]")


def linkable(url: str | None) -> bool:
    """Tell whether a report may link to ``url``: a safe scheme, no spaces.

    >>> linkable("https://skanderborg.dk"), linkable("javascript:alert(1)")
    (True, False)
    """
    from urllib.parse import urlsplit

    if not url or _CONTROL.search(url) or any(c.isspace() for c in url):
        return False
    try:
        scheme = urlsplit(url).scheme.lower()
    except ValueError:
        return False
    return not scheme or scheme in LINKABLE_SCHEMES


def address(*, required: bool = False) -> Any:
    """A web or mail address field (see :data:`URL`); optional unless ``required``."""
    if required:
        return attrs.field(metadata=URL)
    return attrs.field(default=None, metadata=URL)


def many(*, one_line: bool = False) -> Any:
    """A tuple field that also accepts a list when built from Python.

    ``one_line``: each item is a text shown on one line (see :data:`ONE_LINE`).
    """
    return attrs.field(
        factory=tuple, converter=tuple, metadata=ONE_LINE if one_line else None
    )


def text(*, one_line: bool = False) -> Any:
    """A localized text field, empty by default.

    ``one_line``: a text shown on one line, a title or a label (see
    :data:`ONE_LINE`).
    """
    return attrs.field(factory=LocalizedText, metadata=ONE_LINE if one_line else None)


def line_text() -> Any:
    """A localized text that must be given, shown on one line: a title, a name."""
    return attrs.field(metadata=ONE_LINE)


def plain_line() -> Any:
    """An optional plain text shown on one line: an acronym, a case number, a unit."""
    return attrs.field(default=None, metadata=ONE_LINE)


def _check_currency(
    _instance: object, attribute: attrs.Attribute[Any], value: str
) -> None:
    if not isinstance(value, str) or not CURRENCY.fullmatch(value):
        raise FieldValueError(
            attribute.name,
            N_("{value!r} is not an ISO 4217 currency code such as DKK, EUR or SEK"),
            value=value,
        )


def optional_currency() -> Any:
    """An optional ISO 4217 currency code (the format is checked here)."""
    return attrs.field(
        default=None, validator=attrs.validators.optional(_check_currency)
    )


#: The most digits an amount or a measured value may have before the decimal
#: point (so below a thousand trillion) and after it.  Every report format
#: shows such a number exactly, and sums of a million of them stay exact.
MAX_WHOLE_DIGITS = 15
MAX_DECIMAL_PLACES = 6

_WHOLE_LIMIT = 10**MAX_WHOLE_DIGITS


def number_problem(number: Decimal | int) -> ModelValueError | None:  # noqa: PLR0911 - one return per limit
    """Say why ``number`` cannot be an amount or a measured value; None if it can.

    It must be finite, with at most :data:`MAX_WHOLE_DIGITS` digits before
    the decimal point and :data:`MAX_DECIMAL_PLACES` after it.  The problem
    is a :class:`ModelValueError`: ``str()`` is the English message, its
    template and parameters say it in the language of the run.

    >>> number_problem(Decimal("1500000.50")) is None
    True
    >>> str(number_problem(Decimal("1E+20")))[:36]
    'the number 1E+20 has too many digits'
    """
    if isinstance(number, int):
        # Checked before any conversion: a 5,000-digit int cannot even be printed.
        if -_WHOLE_LIMIT < number < _WHOLE_LIMIT:
            return None
        if number.bit_length() >= 133:
            # A number too long to print at all is described by its size.
            return ModelValueError(
                N_(
                    "the number given has too many digits: at most {most} may"
                    " come before the decimal point"
                ),
                most=MAX_WHOLE_DIGITS,
            )
        return _too_many_digits(str(number))
    if not number.is_finite():
        return ModelValueError(
            N_("{number} is not a finite number"), number=str(number)
        )
    if number and number.adjusted() >= MAX_WHOLE_DIGITS:
        return _too_many_digits(str(number))
    exponent = number.as_tuple().exponent
    if isinstance(exponent, int) and exponent < -MAX_DECIMAL_PLACES:
        return ModelValueError(
            N_(
                "the number {number} has too many decimals: write at most {most}"
                " digits after the decimal point"
            ),
            number=_shown(str(number)),
            most=MAX_DECIMAL_PLACES,
        )
    return None


def check_whole_number(field: str, value: int) -> None:
    """Raise :class:`FieldValueError` for a count too long for reports to show.

    A count of partners, seats or years has the digits an amount may have
    (:func:`number_problem`): ``count: 1000000000000000000000000000000``
    validated and then stopped every spreadsheet.
    """
    problem = number_problem(value)
    if problem is not None:
        raise FieldValueError(field, problem.template, **problem.params)


def _shown(text: str) -> str:
    return text if len(text) <= 40 else f"{text[:37]}..."


def _too_many_digits(text: str) -> ModelValueError:
    return ModelValueError(
        N_(
            "the number {number} has too many digits: at most {most} may come"
            " before the decimal point"
        ),
        number=_shown(text),
        most=MAX_WHOLE_DIGITS,
    )


def checked_number(value: Decimal | int | str, field: str) -> Decimal:
    """Return ``value`` as a :class:`Decimal` an amount or measurement may hold.

    A number written with an exponent (``1E+3``) comes back in full
    (``1000``).  Raise :class:`FieldValueError` for ``field`` when it is not
    a number or breaks the limits of :func:`number_problem`.
    """
    if isinstance(value, int) and not isinstance(value, bool):
        problem = number_problem(value)
        if problem:
            raise FieldValueError(field, problem.template, **problem.params)
        return Decimal(value)
    try:
        number = value if isinstance(value, Decimal) else Decimal(str(value))
    except ArithmeticError:
        raise FieldValueError(
            field, N_("{value!r} is not a number"), value=value
        ) from None
    problem = number_problem(number)
    if problem:
        raise FieldValueError(field, problem.template, **problem.params)
    exponent = number.as_tuple().exponent
    if isinstance(exponent, int) and exponent > 0:
        number = number.quantize(Decimal(1))
    return number


def _decimal(value: Decimal | int | str) -> Decimal:
    number = value if isinstance(value, Decimal) else Decimal(str(value))
    if not number.is_finite():
        # NaN and infinity have no place in a budget and cannot be saved.
        raise FieldValueError(
            "amount", N_("{value!r} is not an amount of money"), value=value
        )
    # The limits of number_problem are checked where data is read and by the
    # number-limits rule: sums of amounts (totals) may go beyond them.
    return number


@attrs.frozen(kw_only=True)
class Money:
    """An amount in one currency; sums are kept per currency, never mixed."""

    amount: Decimal = attrs.field(converter=_decimal)
    currency: str = attrs.field(validator=_check_currency)
    approximate: bool = False

    def __str__(self) -> str:
        prefix = "~" if self.approximate else ""
        return f"{prefix}{self.amount:,} {self.currency}"


def totals(amounts: list[Money] | tuple[Money, ...]) -> dict[str, Decimal]:
    """Sum amounts per currency: ``{"EUR": Decimal(...), "DKK": ...}``."""
    result: dict[str, Decimal] = {}
    for money in amounts:
        result[money.currency] = result.get(money.currency, Decimal(0)) + money.amount
    return result


@attrs.frozen
class CodeRef:
    """A code in a named codelist, written ``scheme:code`` (e.g. ``sdg:11``)."""

    scheme: str = attrs.field()
    code: str = attrs.field()

    @scheme.validator
    def _check_scheme(self, _attribute: object, value: str) -> None:
        # ``scheme:code`` is the wire shape: a colon in the scheme would move
        # the split, an empty part would not read back.
        if not value or ":" in value:
            raise ModelValueError(
                N_("{value!r} is not a codelist scheme such as sdg"), value=value
            )

    @code.validator
    def _check_code(self, _attribute: object, value: str) -> None:
        if not value:
            raise ModelValueError(N_("a code cannot be empty"))

    @classmethod
    def parse(cls, value: str) -> CodeRef:
        """Read ``scheme:code``."""
        scheme, sep, code_ = value.partition(":")
        if not sep or not scheme or not code_:
            raise ModelValueError(
                N_("{value!r} is not a code; write scheme:code, e.g. sdg:11"),
                value=value,
            )
        return cls(scheme, code_)

    def __str__(self) -> str:
        return f"{self.scheme}:{self.code}"


@attrs.frozen(kw_only=True)
class CodeItem:
    """One value of a codelist with its labels."""

    code: str
    label: LocalizedText = text()
    description: LocalizedText = text()
    deprecated: bool = False


@attrs.frozen(kw_only=True)
class Codelist:
    """A vocabulary: closed (only its codes) or open (others allowed).

    ``mappings`` crosswalk codes to other standards, e.g. ``{"iati": "2"}``
    for an initiative status that is IATI ActivityStatus 2 (Implementation).
    """

    scheme: str
    title: LocalizedText = text()
    open: bool = False
    items: tuple[CodeItem, ...] = many()
    source: str | None = None
    mappings: dict[str, dict[str, str]] = attrs.field(factory=dict, hash=False)

    def codes(self) -> tuple[str, ...]:
        """The codes in their defined order."""
        return tuple(item.code for item in self.items)

    def item(self, code_: str) -> CodeItem | None:
        """The item for ``code_``, or None."""
        for item in self.items:
            if item.code == code_:
                return item
        return None

    def label(self, code_: str, language: str, fallback: tuple[str, ...] = ()) -> str:
        """The label of ``code_`` in ``language``; the code itself if unknown."""
        item = self.item(code_)
        if item is None:
            return code_
        return item.label.get(language, fallback=(*fallback, "en")) or code_


@attrs.frozen(kw_only=True)
class Source:
    """A document or page a fact comes from."""

    title: str = attrs.field(metadata=ONE_LINE)
    url: str | None = address()
    note: str | None = None
    accessed: PartialDate | None = None


@attrs.frozen(kw_only=True)
class DateClaim:
    """A date another source gives for the same fact (a conflicting source).

    The fact's own date is the preferred one; a claim keeps the other,
    with the sources that give it, so both stay on record.
    """

    date: PartialDate
    sources: tuple[Source, ...] = attrs.field(factory=tuple, converter=tuple)
    note: LocalizedText = attrs.field(factory=LocalizedText)


@attrs.frozen(kw_only=True)
class Link:
    """An external reference: a keep.eu or URBACT page, a council paper."""

    url: str = address(required=True)
    title: LocalizedText = text(one_line=True)
    system: str | None = plain_line()
    identifier: str | None = plain_line()


@attrs.frozen(kw_only=True)
class Entity:
    """Fields every entity has: where its facts come from, and who may see it.

    ``illustrative`` marks sample data that is not fact; every output shows it
    as such.  ``visibility="internal"`` keeps an entity out of public outputs
    (the Sphinx site, open-data exports).
    """

    sources: tuple[Source, ...] = many()
    illustrative: bool = False
    visibility: Visibility = attrs.field(
        default="public", validator=attrs.validators.in_(VISIBILITIES)
    )
