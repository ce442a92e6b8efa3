"""A pseudo-translator for munintl: accented, longer text, to test report layouts.

``munintl translate machine PATH --lang de --engine pseudo`` fills the
missing German texts with pseudo-German ("[Śķåñðéŕƀöŕğ ~~]"), so a
municipality sees where its report templates break on longer, accented text
before it pays for a real translation.  Tags and link targets are kept, as
the translator protocol asks.
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence

import munintl
from munintl.hooks import Translator

ACCENTS = str.maketrans("aceinorsuyzACEINORSUYZ", "åçéîñöŕšüýžÅÇÉÎÑÖŔŠÜÝŽ")
TEXT_BETWEEN_TAGS = re.compile(r"(?<=>)[^<]+|^[^<]+")


def pseudo(text: str) -> str:
    """Accent the letters and make the text a third longer, in brackets."""
    padding = "~" * max(2, len(text) // 3)
    return f"[{text.translate(ACCENTS)} {padding}]" if text.strip() else text


class PseudoEngine:
    """The pseudo-translator: every text between HTML tags made pseudo."""

    max_texts = 100
    max_characters = 100_000

    def translate(
        self,
        texts: Sequence[str],
        *,
        source: str,
        target: str,
        glossary: Mapping[str, str] | None = None,
    ) -> list[str]:
        """Make every text pseudo (a pseudo-translation has no use for a glossary)."""
        return [
            TEXT_BETWEEN_TAGS.sub(lambda found: pseudo(found.group()), text)
            for text in texts
        ]


@munintl.hookimpl
def munintl_translators() -> list[Translator]:
    """Register the ``pseudo`` translator."""
    return [
        Translator(
            name="pseudo",
            description="Pseudo-translation for testing report layouts",
            factory=lambda _settings: PseudoEngine(),
        )
    ]
