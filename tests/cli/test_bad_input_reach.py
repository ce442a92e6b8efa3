"""Bad input for what issue 10 made expressible: file, line and message, exit 1.

The same corpus machinery as :mod:`cli.test_bad_input`, for the model's new
reach: money figures and indicators, names, sources, follow-ups, documents
in force and shared identifiers.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from cli.test_bad_input import Case, case
from cli.test_bad_input import store as store
from cli.test_bad_input import (
    test_bad_input_is_reported_with_its_line_and_changes_nothing as check,
)

MUNICIPALITY = "municipality.yaml"
THEME = "strategies/strategi/themes/klima.yaml"

CASES = [
    case(
        "figure-currency-unknown",
        MUNICIPALITY,
        """\
        id: lilleby
        name: {da: Lilleby Kommune, en: Lilleby Municipality}
        country: DK
        default_language: da
        working_languages: [da, en]
        figures:
        - name: {da: Budget, en: Budget}
          value: 1000000
          currency: DKR
        """,
        9,
        "'DKR' is not an ISO 4217 currency code; did you mean 'DKK'?",
        "unknown-currency",
    ),
    case(
        "figure-without-value",
        MUNICIPALITY,
        """\
        id: lilleby
        name: {da: Lilleby Kommune, en: Lilleby Municipality}
        country: DK
        default_language: da
        figures:
        - name: {da: Indbyggere, en: Population}
          unit: persons
        """,
        6,
        "value",
    ),
    case(
        "indicator-currency-not-a-code",
        THEME,
        """\
        title: {da: Klima, en: Climate}
        responsible: [byraadet]
        goals:
        - id: foerende-klimakommune
          statement: {da: Førende klimakommune, en: Leading climate municipality}
          indicators:
          - name: {da: Hjemtagne midler, en: Funds raised}
            currency: kroner
        """,
        8,
        "ISO 4217",
    ),
    case(
        "organisation-empty-name",
        "organisations/tom.yaml",
        "name: {da: ''}\ntype: municipality\n",
        1,
        "has an empty name; give its name, or, if no source gives it",
        "empty-name",
    ),
    case(
        "other-date-without-source",
        "partnerships/venskab.yaml",
        """\
        kind: twinning
        title: {da: Venskab, en: Twinning}
        parties:
        - party: lilleby
        - party: partnerby
        events:
        - kind: signed
          date: 1993
          sources: [{title: Protokol}]
          other_dates:
          - date: 1994
        """,
        11,
        "this other date names no source",
        "other-date-source",
    ),
]


@pytest.mark.parametrize("bad", CASES, ids=[c.name for c in CASES])
def test_bad_input_of_the_new_reach(store: Path, bad: Case) -> None:
    check(store, bad)


IDENTIFIER_CASES = [
    case(
        "identifier-wikidata-without-q",
        "organisations/partnerby.yaml",
        """\
        name: {da: Partnerby, en: Partner town}
        type: municipality
        country: DE
        identifiers:
          wikidata: "4242"
        """,
        5,
        "'4242' is not a wikidata code: write Q and a number",
        "identifier-format",
    ),
]


@pytest.mark.parametrize(
    "bad", IDENTIFIER_CASES, ids=[c.name for c in IDENTIFIER_CASES]
)
def test_bad_identifiers(store: Path, bad: Case) -> None:
    check(store, bad)
