"""An amount's currency code stands apart from its number in every language.

Read back with html5lib from the fictional Ekmora trial store, whose
funding is in EUR and SEK.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

import munintl

html5lib = pytest.importorskip("html5lib")

EKMORA = Path(__file__).parents[1] / "fixtures" / "trials" / "ekmora"

# The municipality's own co-financing of Kustvind, SEK 850,000, as read.
WRITTEN = {
    "en": "SEK\u00a0850,000.00",
    "da": "850.000,00\u00a0SEK",
    "de": "850.000,00\u00a0SEK",
    "sv": "850\u00a0000,00\u00a0kr",
}


@pytest.mark.parametrize("lang", sorted(WRITTEN))
def test_currency_code_is_not_glued_to_the_amount(lang: str) -> None:
    # Babel writes "SEK850,000.00" in English; CLDR's currency spacing puts a
    # no-break space between a code and the digits.
    portfolio = munintl.load(EKMORA)
    data = munintl.render(
        portfolio, kind="overview", format="html", lang=lang, on=dt.date(2026, 12, 5)
    )
    tree = html5lib.parse(data, namespaceHTMLElements=False)
    text = "".join(tree.itertext())
    assert WRITTEN[lang] in text
    assert "SEK8" not in text
