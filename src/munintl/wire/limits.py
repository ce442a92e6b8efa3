"""Where a JSON or TOML text goes beyond what its parser can read.

Python's parsers stop with an exception but no position on two kinds of
hostile text: a whole number longer than Python's limit for converting
text to numbers (``sys.get_int_max_str_digits()``, 4,300 digits by
default), and nesting so deep that the parser runs out of stack.  The
stores and the configuration reader call these functions after such a
failure to say where in the file it is, so the message names the line.

Nesting is limited to :data:`MAX_DEPTH` levels in every format: strategy
files nest a handful of levels.  :func:`not_utf8` says where a file saved
in another encoding (Latin-1, Windows-1252, UTF-16) stops being UTF-8.
"""

from __future__ import annotations

import re
import sys
from decimal import Decimal, InvalidOperation
from typing import NamedTuple

from munintl.i18n import _

#: Nesting deeper than this is refused in every file munintl reads.
MAX_DEPTH = 64

# A run of more than a handful of brackets opened in a row: only then is the
# exact, string-aware scan below worth doing.
_MANY_OPEN = re.compile(r"(?:[\[{][^\[\]{}]*){" + str(MAX_DEPTH + 1) + "}")

# Tokens that matter for nesting: strings (whose brackets do not count),
# comments (TOML) and brackets.
_JSON_TOKENS = re.compile(r'"(?:[^"\\]|\\.)*"?|[\[\]{}]', re.DOTALL)
_TOML_TOKENS = re.compile(
    r'"""(?:[^\\]|\\.)*?(?:"""|\Z)'
    r"|'''.*?(?:'''|\Z)"
    r'|"(?:[^"\\\n]|\\.)*"?'
    r"|'[^'\n]*'?"
    r"|#[^\n]*"
    r"|[\[\]{}]",
    re.DOTALL,
)


def line_column(text: str, offset: int) -> tuple[int, int]:
    """Return the 1-based line and column of ``offset`` in ``text``."""
    line = text.count("\n", 0, offset) + 1
    return line, offset - (text.rfind("\n", 0, offset) + 1) + 1


def too_deep(
    text: str, *, toml: bool = False, limit: int = MAX_DEPTH
) -> tuple[int, int] | None:
    """Find where brackets in ``text`` first nest more than ``limit`` deep.

    Returns the line and column of the bracket that opens level
    ``limit + 1``, or None.  Brackets inside strings (and, with ``toml``,
    comments) do not count.  A text with no long run of opening brackets
    is passed over without a full scan.

    >>> too_deep('{"a": ' + "[" * 70 + "]" * 70 + "}")
    (1, 70)
    >>> too_deep('["' + "[" * 70 + '"]') is None
    True
    """
    if limit == MAX_DEPTH and _MANY_OPEN.search(text) is None:
        return None
    depth = 0
    for token in (_TOML_TOKENS if toml else _JSON_TOKENS).finditer(text):
        kind = token.group()
        if kind in "[{":
            depth += 1
            if depth > limit:
                return line_column(text, token.start())
        elif kind in "]}":
            depth = max(depth - 1, 0)
    return None


def long_number(text: str) -> tuple[int, int, int] | None:
    """Find the first whole number longer than Python converts from text.

    Returns its line, column and number of digits, or None.  Digits may be
    separated by underscores (TOML's ``1_000``).
    """
    limit = sys.get_int_max_str_digits()
    if limit == 0:
        return None  # the limit is switched off
    pattern = re.compile(r"\d(?:_?\d){" + str(limit) + ",}")
    found = pattern.search(text)
    if found is None:
        return None
    line, column = line_column(text, found.start())
    return line, column, len(found.group().replace("_", ""))


def long_number_message(digits: int) -> str:
    """Say what is wrong with a number of ``digits`` digits and what to do."""
    return (
        f"this number has {digits:,} digits; munintl reads numbers of at most"
        f" {sys.get_int_max_str_digits():,} digits (amounts at most 15 before the"
        " decimal point), so shorten it or write it as a text"
    )


def too_deep_message(limit: int = MAX_DEPTH) -> str:
    """Say what is wrong with nesting beyond ``limit`` levels."""
    return (
        f"the data is nested too deeply to read: here it passes {limit} levels,"
        " and strategy files need only a handful; remove the extra brackets"
    )


def unreadable(
    text: str, error: RecursionError | ValueError, *, toml: bool = False
) -> tuple[str, int | None, int | None]:
    """Explain a parser's failure on ``text`` that carries no position.

    ``error`` is what ``json.loads`` or ``tomllib.loads`` raised
    besides a syntax error: :class:`RecursionError` for nesting too deep,
    :class:`ValueError` for a number too long.  Returns the message and
    the line and column (None where they cannot be found).
    """
    if isinstance(error, RecursionError):
        where = too_deep(text, toml=toml) or too_deep(text, toml=toml, limit=0)
        return too_deep_message(), *(where or (None, None))
    number = long_number(text)
    if number is not None:
        line, column, digits = number
        return long_number_message(digits), line, column
    return f"a value cannot be read: {error}", None, None


def exact_number(text: str, number: float) -> float | Decimal:
    """Return ``number``, read from ``text``, or the exact decimal if it lost digits.

    A float keeps about 16 significant digits: ``12345678901234.567`` would
    read as ...234.566, and be saved so.  Such a number is read as the
    :class:`~decimal.Decimal` it says; one a float holds exactly stays a
    float (so a number where a text belongs is still told as a number).

    >>> exact_number("0.5", 0.5)
    0.5
    >>> exact_number("12345678901234.567", 12345678901234.567)
    Decimal('12345678901234.567')
    """
    try:
        exact = Decimal(text.replace("_", ""))
    except InvalidOperation:
        return number
    if not exact.is_finite() or Decimal(repr(number)) == exact:
        return number
    return exact


def exact_float(text: str) -> float | Decimal:
    """The ``parse_float`` of the JSON and TOML readers: :func:`exact_number`."""
    return exact_number(text, float(text))


class NotUtf8(NamedTuple):
    """Where a file's bytes stop being UTF-8, and what to do (``message``)."""

    message: str
    line: int
    column: int


def not_utf8(raw: bytes, error: UnicodeDecodeError) -> NotUtf8:
    """Say where ``raw`` stops being UTF-8, as ``error`` (from decoding it) found.

    The line and column count as an editor does: lines from 1, the column
    in characters from the start of the line (its bytes read leniently),
    so an "ø" saved as Latin-1 is reported where it stands, not at a byte
    offset nobody can find.  A UTF-16 file (a byte order mark or a
    zero byte at its start) is named as such.
    """
    if raw.startswith((b"\xff\xfe", b"\xfe\xff")) or raw[:2].count(0) == 1:
        # Every character of it is two bytes: it goes wrong from the start.
        return NotUtf8(_("the file is UTF-16 text; save it as UTF-8"), 1, 1)
    start = error.start
    line_start = raw.rfind(b"\n", 0, start) + 1
    line = raw.count(b"\n", 0, start) + 1
    column = len(raw[line_start:start].decode("utf-8", errors="replace")) + 1
    message = _(
        "the file is not UTF-8 text (the byte {byte} cannot start or continue"
        " a character; it was perhaps saved as Latin-1 or Windows-1252); save"
        " it as UTF-8"
    ).format(byte=f"{raw[start]:#04x}")
    return NotUtf8(message, line, column)
