"""Which characters a text may hold, found in short and long texts alike."""

from __future__ import annotations

import pytest

from munintl.model.characters import forbidden

#: Every kind of character no text may hold, and the edges of each range.
NOT_ALLOWED = [
    "\x00",
    "\x08",
    "\x0b",
    "\x0c",
    "\x0e",
    "\x1f",
    "\x7f",
    "\x80",
    "\x85",
    "\x9f",
    "\ud800",
    "\udfff",
    "\ufdd0",
    "\ufdef",
    "\ufffe",
    "\uffff",
    "\U0001fffe",
    "\U0010ffff",
]

#: Characters next to those, and others a text may hold.
ALLOWED = "\t\n\r \x7e\xa0\xad\xff\ufdcf\ufdf0\ufffd\U0001fffd\U0010fffd€—🇩🇰姉"

#: Long texts (the quick test runs above 1,024 characters): Latin-1 only,
#: and with characters beyond it.
LONG = ["Grøn omstilling i Skanderborg. " * 60, "Städtepartnerschaft — 姉妹都市 " * 60]


@pytest.mark.parametrize("base", ["kort tekst", *LONG])
@pytest.mark.parametrize("character", NOT_ALLOWED)
def test_a_character_no_text_may_hold_is_found(base: str, character: str) -> None:
    for at in (0, len(base) // 2, len(base)):
        found = forbidden(base[:at] + character + base[at:])
        assert found is not None
        assert found.group() == character
        assert found.start() == at


@pytest.mark.parametrize("base", ["kort tekst", *LONG])
def test_characters_a_text_may_hold_are_not_found(base: str) -> None:
    assert forbidden(base + ALLOWED * 40 + base) is None
