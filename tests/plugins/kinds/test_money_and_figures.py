"""Counted and money figures: a municipality's context figures, indicators in money."""

from __future__ import annotations

import json
from decimal import Decimal
from pathlib import Path

import attrs
from click.testing import CliRunner

import munintl
from munintl.cli import main
from munintl.model import Figure, Goal, Indicator, Measurement, PartialDate, Portfolio
from munintl.reporting import build
from plugins.rules.helpers import portfolio, strategy, text, theme


def _with_figures() -> Portfolio:
    goal = Goal(
        id="funds",
        statement=text("Raise funds"),
        indicators=(
            Indicator(
                name=text("EU funds raised"),
                currency="EUR",
                baseline=Measurement(value=Decimal(0)),
                target=Measurement(value=Decimal(2_000_000)),
            ),
            Indicator(
                name=text("Participants"),
                unit="persons",
                actual=Measurement(value=Decimal(1234)),
            ),
        ),
    )
    base = portfolio(
        strategies=(strategy("strategy", theme("culture", goals=(goal,))),)
    )
    municipality = attrs.evolve(
        base.municipality,
        description=text("A rural coastal municipality."),
        figures=(
            Figure(
                name=text("Population"),
                value=Decimal(24510),
                unit="persons",
                date=PartialDate.parse("2024"),
            ),
            Figure(name=text("Budget"), value=Decimal(450000), currency="DKK"),
        ),
    )
    return attrs.evolve(base, municipality=municipality)


def test_the_overview_says_what_the_municipality_is_and_its_figures() -> None:
    text_ = repr(build(_with_figures(), kind="overview", lang="en"))
    assert "'About Lilleby Kommune'" in text_
    assert "A rural coastal municipality." in text_
    assert "('Population', '24,510 persons', '2024')" in text_
    assert "('Budget', 'DKK\\xa0450,000.00', '')" in text_
    assert "EU funds raised (baseline €0.00; target €2,000,000.00)" in text_
    assert "Participants (actual 1,234 persons)" in text_
    danish = repr(build(_with_figures(), kind="overview", lang="da"))
    assert "'Om Lilleby Kommune'" in danish
    assert "2.000.000,00\\xa0€" in danish


def test_figures_are_shown_and_round_trip(tmp_path: Path) -> None:
    data = _with_figures()
    for name in ("store", "p.json", "p.toml"):
        munintl.save(data, tmp_path / name)
        assert munintl.load(tmp_path / name) == data
    result = CliRunner().invoke(
        main, ["show", str(tmp_path / "store"), "--json", "--lang", "da"]
    )
    assert result.exit_code == 0, result.output
    shown = json.loads(result.stdout)["municipality"]
    assert shown["description"] == "A rural coastal municipality."
    assert shown["figures"][0] == {
        "name": "Population",
        "value": "24.510 persons",
        "date": "2024",
    }
