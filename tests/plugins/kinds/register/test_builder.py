"""The register report kind: one typed row per initiative and partnership."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from pathlib import Path
from typing import Any

import attrs
import pytest

import munintl
from munintl.hooks.manager import MunintlPluginManager, get_plugin_manager
from munintl.model import Period, Portfolio
from munintl.plugins.kinds.register.builder import RegisterBuilder
from munintl.reports.document import ReportDocument, Table
from munintl.reports.request import ReportRequest
from reports.lilleby import T

EXAMPLE = Path(__file__).resolve().parents[4] / "examples" / "skanderborg"


@pytest.fixture(autouse=True)
def _builtins(plugin_manager: MunintlPluginManager) -> None:
    """Build with the built-in codelists only."""


def build(portfolio: Portfolio, **request: Any) -> ReportDocument:
    request.setdefault("language", "en")
    return RegisterBuilder().build(
        portfolio, ReportRequest(**request, codelists=get_plugin_manager().codelists())
    )


def register(document: ReportDocument) -> Table:
    """The register: the first table (the last lists texts in another language)."""
    table = next(b for b in document.blocks if isinstance(b, Table))
    assert table.rows[0][0] in ("Initiative", "Indsats", "Maßnahme")
    return table


def rows(table: Table) -> dict[str, dict[str, Any]]:
    """Each row as a mapping from column to cell, keyed by id."""
    return {
        str(row[1]): dict(zip(table.columns, row, strict=True)) for row in table.rows
    }


def test_one_row_per_initiative_and_partnership(lilleby: Portfolio) -> None:
    table = register(build(lilleby))
    assert [(row[0], row[1]) for row in table.rows] == [
        ("Initiative", "festival"),
        ("Initiative", "gammel"),
        ("Initiative", "udveksling"),
        ("Initiative", "vind"),
        ("Partnership", "fjern"),
        ("Partnership", "venskab"),
    ]
    assert all(len(row) == len(table.columns) for row in table.rows)


def test_cells_are_typed_for_spreadsheets(lilleby: Portfolio) -> None:
    table = register(build(lilleby))
    assert table.columns[14:17] == ("Funding (DKK)", "Funding (EUR)", "Funding (SEK)")
    festival = rows(table)["festival"]
    assert festival["Funding (DKK)"] == Decimal("250000.50")
    assert festival["Funding (EUR)"] == Decimal("20000")
    assert festival["Funding (SEK)"] == Decimal("50000")
    assert festival["Number of partners"] == 10  # the internal partner is left out
    assert festival["Start"] == "2022"
    assert festival["End"] == "2024"
    assert festival["Partnership"] == "Twinning with Partnerstadt"
    assert festival["Illustrative"] == "no"
    vind = rows(table)["vind"]
    assert vind["Funding (DKK)"] is None
    assert vind["Funding (EUR)"] == Decimal("5000")
    for row in table.rows:
        for cell in row:
            assert cell is None or isinstance(cell, str | int | Decimal | dt.date)


def test_partnership_rows_carry_status_dates_and_partners(lilleby: Portfolio) -> None:
    partnerships = rows(register(build(lilleby, period=Period.year(2023))))
    assert "fjern" not in partnerships  # ended in 2010
    twinning = partnerships["venskab"]
    assert twinning["Status"] == "Lilleby Municipality: Active; Partnerstadt: Active"
    assert twinning["Start"] == "1993"
    assert twinning["End"] is None
    assert twinning["Partners"] == "Partnerstadt"
    assert twinning["Number of partners"] == 1
    ended = rows(register(build(lilleby)))["fjern"]
    assert (ended["Start"], ended["End"]) == ("~1960s", "2010")


def test_internal_rows_only_when_asked(lilleby: Portfolio) -> None:
    assert "hemmelig" not in rows(register(build(lilleby)))
    internal = rows(register(build(lilleby, include_internal=True)))["hemmelig"]
    assert internal["Visibility"] == "internal"


def test_period_limits_rows_to_what_is_active(lilleby: Portfolio) -> None:
    active = rows(register(build(lilleby, period=Period.year(2023))))
    assert set(active) == {"festival", "udveksling", "vind", "venskab"}


def test_illustrative_rows_are_marked(lilleby: Portfolio) -> None:
    festival = attrs.evolve(lilleby.initiative("festival"), illustrative=True)
    portfolio = attrs.evolve(
        lilleby,
        initiatives=[festival, *(i for i in lilleby.initiatives if i.id != "festival")],
    )
    document = build(portfolio)
    assert rows(register(document))["festival"]["Illustrative"] == "yes"
    assert document.blocks[1].style == "illustrative"


def test_formula_like_text_is_kept_verbatim_for_formats_to_neutralise(
    lilleby: Portfolio,
) -> None:
    evil = "=cmd|' /C calc'!A0"
    festival = attrs.evolve(
        lilleby.initiative("festival"), title=T(da=evil, en=evil), acronym="+1"
    )
    portfolio = attrs.evolve(
        lilleby,
        initiatives=[festival, *(i for i in lilleby.initiatives if i.id != "festival")],
    )
    row = rows(register(build(portfolio)))["festival"]
    assert row["Title"] == f"{evil} (+1)"
    assert row["Acronym"] == "+1"


def test_labels_follow_the_language(lilleby: Portfolio) -> None:
    table = register(build(lilleby, language="da"))
    assert table.rows[0][2] == "Venskabsfestival (VF)"
    assert table.columns[2] == "Titel"
    assert table.rows[0][0] == "Indsats"
    german = register(build(lilleby, language="de", fallback=("en",)))
    assert german.rows[0][2] == "Friendship festival (VF)"
    assert german.columns[:3] == register(build(lilleby, language="de")).columns[:3]
    assert german.columns[2] == "Titel"
    assert german.columns != register(build(lilleby)).columns


def test_skanderborg_register_lists_the_example() -> None:
    portfolio = munintl.load(EXAMPLE)
    table = register(build(portfolio, language="da"))
    ids = [row[1] for row in table.rows]
    assert ids == [i.id for i in portfolio.initiatives] + [
        p.id for p in portfolio.partnerships
    ]
