"""The characters a text may hold: what every output format can carry.

Any Unicode character may appear in a text -- Danish, German, Chinese,
Japanese, emoji -- except the few that no document format can hold or that
only ever come from a broken file:

* control characters other than tab, line feed and carriage return
  (U+0000-U+0008, U+000B, U+000C, U+000E-U+001F, U+007F-U+009F): XML, and
  so DOCX, XLSX and HTML, cannot hold them;
* *surrogates* (U+D800-U+DFFF) standing alone: half of a character, left by
  a broken ``\\uD800`` escape; UTF-8 cannot encode them;
* *noncharacters* (U+FDD0-U+FDEF and the last two code points of every
  plane, such as U+FFFE and U+FFFF): reserved by Unicode for use inside
  programs, never in exchanged text.

:func:`character_problem` says which character of a text is not allowed;
the converter refuses such texts when a portfolio is read, and the
``forbidden-character`` rule finds them in a portfolio built in Python.
"""

from __future__ import annotations

import re

#: Every character a text may not hold, and (from U+1FFFE on) some it may:
#: :func:`forbidden` looks closer at those.  One range instead of the 32
#: noncharacters of planes 1-16 makes the search ten times faster.
CANDIDATES = re.compile(
    "[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\ud800-\udfff\ufdd0-\ufdef"
    "\ufffe\uffff\U0001fffe-\U0010ffff]"
)


#: The UTF-8 bytes that begin no character a text may not hold: removing
#: them from a text's UTF-8 leaves nothing when every character is allowed
#: (control characters are single bytes; U+0080-U+009F start with C2, the
#: noncharacters with EF or F0-F4; lone surrogates cannot be encoded).
_SAFE_BYTES = bytes(
    byte
    for byte in range(256)
    if not (
        byte <= 0x08
        or byte in (0x0B, 0x0C, 0x7F, 0xC2, 0xEF)
        or 0x0E <= byte <= 0x1F
        or 0xF0 <= byte <= 0xF4
    )
)


#: The Latin-1 bytes of characters a text may hold (all but the controls).
_SAFE_LATIN_1 = bytes(
    byte
    for byte in range(256)
    if not (byte <= 0x08 or byte in (0x0B, 0x0C) or 0x0E <= byte <= 0x1F)
    and not 0x7F <= byte <= 0x9F
)


def _clear(text: str) -> bool:
    """Tell quickly that ``text`` holds no character a text may not hold.

    False means "search": there may be one.  Encoding and deleting bytes
    runs in C, five to ten times faster than the search.
    """
    try:
        # Only characters up to U+00FF (Danish, German, Swedish, ...): the
        # encoding is a copy, and only controls can be wrong.
        return not text.encode("latin-1").translate(None, _SAFE_LATIN_1)
    except UnicodeEncodeError:
        pass
    try:
        return not text.encode("utf-8").translate(None, _SAFE_BYTES)
    except UnicodeEncodeError:
        return False  # a lone surrogate: the search finds it


def forbidden(text: str) -> re.Match[str] | None:
    """Find the first character of ``text`` no text may hold; None if none."""
    if len(text) > 1024 and _clear(text):  # shorter: the search at once
        return None
    for found in CANDIDATES.finditer(text):
        point = ord(found.group())
        if point < 0x1FFFE or point & 0xFFFE == 0xFFFE:
            return found
    return None


def _kind(character: str) -> str:
    point = ord(character)
    if 0xD800 <= point <= 0xDFFF:
        return "a lone surrogate (half of a character, left by a broken \\u escape)"
    if point < 0x20 or 0x7F <= point <= 0x9F:
        return "a control character"
    return "a noncharacter, which Unicode reserves for use inside programs"


def character_problem(text: str) -> str | None:
    """Say which character of ``text`` is not allowed in a text; None if all are.

    >>> character_problem("Skanderborg 🇩🇰 姉妹都市") is None
    True
    >>> character_problem("Skanderborg\\x07")[:42]
    'the text holds U+0007, a control character'
    """
    found = forbidden(text)
    if found is None:
        return None
    character = found.group()
    return (
        f"the text holds U+{ord(character):04X}, {_kind(character)}, at character"
        f" {found.start() + 1}; no report format can show it, so remove it"
    )
