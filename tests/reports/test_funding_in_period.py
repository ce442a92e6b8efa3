"""Funding figures for a period count the lines that run in it, per currency.

"Energy partnership" (2018-2023) has phase 1 (DKK 100,000, 2018-2019),
phase 2 (DKK 250,000, approved for 2022-2023) and EUR 5,000 without dates
of its own (it runs for the initiative's period).  A 2019 report must not
count, or even show, the money of 2022.
"""

from __future__ import annotations

import re
from decimal import Decimal

import pytest

from munintl.hooks.manager import MunintlPluginManager
from munintl.model import Period
from reports.nordby import make_nordby
from reports.rendered import build, markdown, pdf, pdf_lines, tables, texts


@pytest.fixture(autouse=True)
def _builtins(plugin_manager: MunintlPluginManager) -> None:
    """Build with the built-in plugins only."""


def funding_rows(year: int) -> list[tuple[object, ...]]:
    document = build(make_nordby(), period=Period.year(year), body="udvalg")
    return [
        row[:3] for row in tables(document)["Funding of the initiatives covered"].rows
    ]


def test_follow_up_totals_count_only_the_lines_of_its_period() -> None:
    assert funding_rows(2019) == [
        ("DKK", 1, Decimal(100000)),
        ("EUR", 1, Decimal(5000)),
    ]
    assert funding_rows(2022) == [
        ("DKK", 1, Decimal(250000)),
        ("EUR", 1, Decimal(5000)),
    ]
    assert funding_rows(2021) == [("EUR", 1, Decimal(5000))]


def test_money_approved_later_is_not_shown_at_all() -> None:
    nordby = make_nordby()
    found = texts(build(nordby, period=Period.year(2019), body="udvalg"))
    assert not [t for t in found if "250,000" in t]
    for text in (
        markdown(nordby, period=2019, body="udvalg"),
        pdf(nordby, period=2019, body="udvalg"),
    ):
        assert "100,000.00 (Interreg, phase 1, 2018–2019)" in text
        assert "250,000" not in text
        assert "phase 2" not in text
    assert re.search(
        r"DKK\W+1\W+100,000\b", markdown(nordby, period=2019, body="udvalg")
    )
    rows = pdf_lines(nordby, period=2019, body="udvalg")
    assert any(re.match(r"DKK 1 100,000\b", row) for row in rows), rows


def test_later_report_lists_earlier_phases_but_totals_its_own() -> None:
    nordby = make_nordby()
    found = texts(build(nordby, period=Period.year(2022), body="udvalg"))
    assert any("phase 1" in t for t in found)
    assert any("phase 2" in t for t in found)
    text = pdf(nordby, period=2022, body="udvalg")
    assert "Totals per currency of the funding lines that run in 2022" in text
    rows = pdf_lines(nordby, period=2022, body="udvalg")
    assert any(re.match(r"DKK 1 250,000\b", row) for row in rows), rows


def test_register_for_a_period_sums_the_lines_of_the_period() -> None:
    nordby = make_nordby()
    register = tables(build(nordby, "register", period=Period.year(2019)))["Register"]
    columns = register.columns
    energy = next(row for row in register.rows if row[1] == "energi")
    assert energy[columns.index("Funding (DKK)")] == Decimal(100000)
    assert energy[columns.index("Funding (EUR)")] == Decimal(5000)
    whole = tables(build(nordby, "register"))["Register"]
    energy = next(row for row in whole.rows if row[1] == "energi")
    assert energy[whole.columns.index("Funding (DKK)")] == Decimal(350000)
