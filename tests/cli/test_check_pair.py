"""``munintl check-pair``: two portfolios' records of each other, matched by identifiers."""

from __future__ import annotations

import json
from pathlib import Path

import attrs
from click.testing import CliRunner

import munintl
from munintl.cli import main
from munintl.model import LocalizedText, Municipality, PartialDate, PartnershipEvent
from munintl.query import compare_pair, represents
from plugins.rules.helpers import organisation, partnership, portfolio, text


def _signed(year: str) -> tuple[PartnershipEvent, ...]:
    return (PartnershipEvent(kind="signed", date=PartialDate.parse(year)),)


def _pair() -> dict[str, munintl.Portfolio]:
    a = portfolio(
        organisations=(
            attrs.evolve(
                organisation("partnerby"),
                name=text("Partnerby"),
                identifiers={"wikidata": "Q4242"},
            ),
            attrs.evolve(organisation("fjernby"), name=text("Fjernby")),
        ),
        partnerships=(
            partnership("twinning", "lilleby", "partnerby", events=_signed("1993")),
        ),
    )
    b_municipality = Municipality(
        id="stadt-partnerby",
        name=LocalizedText.of(de="Stadt Partnerby"),
        country="DE",
        default_language="de",
        codes={"wikidata": "Q4242"},
    )
    b = attrs.evolve(
        portfolio(
            organisations=(
                # Named otherwise, but the same by name: Lilleby Kommune.
                attrs.evolve(organisation("lilleby-dk"), name=text("Lilleby Kommune")),
            ),
            partnerships=(
                partnership(
                    "staedtepartnerschaft",
                    "stadt-partnerby",
                    "lilleby-dk",
                    events=_signed("1994"),
                ),
            ),
        ),
        municipality=b_municipality,
    )
    return {"a": a, "b": b}


def test_partners_are_matched_by_shared_identifiers_then_names() -> None:
    pair = _pair()
    partnerby = pair["a"].organisation("partnerby")
    lilleby = pair["b"].organisation("lilleby-dk")
    assert partnerby is not None
    assert lilleby is not None
    assert represents(partnerby, pair["b"].municipality)
    assert represents(lilleby, pair["a"].municipality)
    other = attrs.evolve(pair["b"].municipality, codes={"wikidata": "Q1"})
    assert not represents(partnerby, other)


def test_different_dates_and_one_sided_records_are_reported() -> None:
    pair = _pair()
    [differ] = compare_pair(pair)
    assert (differ.portfolio, differ.code, differ.path) == (
        "a",
        "dates-differ",
        "partnerships[twinning]",
    )
    assert "from 1993" in differ.message
    assert "from 1994" in differ.message
    b = attrs.evolve(pair["b"], partnerships=())
    [one] = compare_pair({"a": pair["a"], "b": b})
    assert one.code == "recorded-by-one-side"
    assert "Stadt Partnerby records no partnership with Lilleby Kommune" in one.message


def test_the_command_names_file_and_line(tmp_path: Path) -> None:
    pair = _pair()
    for key, data in pair.items():
        munintl.save(data, tmp_path / key, check=False)
    result = CliRunner().invoke(
        main, ["check-pair", str(tmp_path / "a"), str(tmp_path / "b")]
    )
    assert result.exit_code == 1, result.output
    assert f"{tmp_path / 'a' / 'partnerships' / 'twinning.yaml'}:" in result.stderr
    assert "[dates-differ]" in result.stderr
    as_json = CliRunner().invoke(
        main, ["check-pair", "--json", str(tmp_path / "a"), str(tmp_path / "b")]
    )
    assert json.loads(as_json.stdout)[0]["code"] == "dates-differ"
    one = CliRunner().invoke(main, ["check-pair", str(tmp_path / "a")])
    assert one.exit_code == 1
    assert "give at least two portfolios" in one.output


def test_a_bad_identifier_is_an_error_at_its_key() -> None:
    data = portfolio(
        organisations=(
            attrs.evolve(organisation("x"), identifiers={"wikidata": "1748"}),
        )
    )
    [found] = [f for f in munintl.validate(data) if f.code == "identifier-format"]
    assert found.path == "organisations[x].identifiers.wikidata"
    assert "'1748' is not a wikidata code: write Q and a number" in found.message
