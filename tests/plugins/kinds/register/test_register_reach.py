"""The register shows everything the model can say, not just its main table.

Issue 10 made the model say more (documents in force with their validity,
who decides on partnerships, histories with rough and unknown dates and
disputed ones with their sources, recurring events, indicators in money,
partner identifiers, unknown names, the municipality's figures).  The
register lists each in a table of typed cells; these tests read them back
from the built document and through real readers: the Markdown text,
html5lib, pdftotext and LibreOffice's reading of the workbook.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
from decimal import Decimal
from pathlib import Path

import attrs
import pytest

import munintl
from munintl.model import (
    Indicator,
    Measurement,
    PartialDate,
    Portfolio,
    Recurrence,
    Result,
    Source,
)
from munintl.reporting import build
from munintl.reports.document import Heading, ReportDocument, Table
from munintl.testing.reports import libreoffice_convert
from reports.rendered import plain

EXAMPLE = Path(__file__).resolve().parents[4] / "examples" / "exempelby"
ON = dt.date(2024, 12, 31)

#: Labels of the tables beside the register, per report language.
TITLES = {
    "en": (
        "Documents in force",
        "Who decides on partnerships",
        "Partnership histories",
        "Indicators",
        "Organisations",
        "About Exempelby Municipality",
    ),
    "da": (
        "Gældende dokumenter",
        "Hvem beslutter om partnerskaber",
        "Partnerskabernes historik",
        "Indikatorer",
        "Organisationer",
        "Om Exempelby kommun",
    ),
    "de": (
        "Geltende Dokumente",
        "Wer über Partnerschaften entscheidet",
        "Verlauf der Partnerschaften",
        "Indikatoren",
        "Organisationen",
        "Über Exempelby kommun",
    ),
}


@pytest.fixture(scope="module")
def exempelby() -> Portfolio:
    """The FICTIONAL example, with a result measured in euros and a recurring event."""
    portfolio = munintl.load(EXAMPLE)
    energy = portfolio.initiative("kustenergi")
    assert energy is not None
    result = Result(
        title=energy.title,
        indicator=Indicator(
            name=energy.title,
            currency="EUR",
            target=Measurement(
                value=Decimal("480000.50"), date=PartialDate.parse("2026")
            ),
        ),
    )
    twin = portfolio.partnership("vanort-fjordvik")
    assert twin is not None
    visit = attrs.evolve(
        twin.events[-1],
        kind="visit",
        date=PartialDate.parse("2016-05"),
        recurrence=Recurrence(every=2),
        decided_by=None,
        party=None,
        sources=(Source(title="FICTIONAL: visit programme"),),
    )
    return attrs.evolve(
        portfolio,
        initiatives=tuple(
            attrs.evolve(i, results=(result,)) if i.id == "kustenergi" else i
            for i in portfolio.initiatives
        ),
        partnerships=tuple(
            attrs.evolve(p, events=(*p.events[:-1], visit, p.events[-1]))
            if p.id == twin.id
            else p
            for p in portfolio.partnerships
        ),
    )


def _tables(document: ReportDocument) -> dict[str, Table]:
    return {b.title: b for b in document.blocks if isinstance(b, Table)}


def _rows(table: Table) -> list[dict[str, object]]:
    return [dict(zip(table.columns, row, strict=True)) for row in table.rows]


def test_the_tables_hold_typed_cells(exempelby: Portfolio) -> None:
    document = build(exempelby, kind="register", lang="en", on=ON)
    tables = _tables(document)
    documents = {r["ID"]: r for r in _rows(tables["Documents in force"])}
    plan = documents["handlingsplan-2024-2025"]
    assert (plan["Valid from"], plan["Valid until"]) == ("2024", "2025")
    assert plan["Implements"] == (
        "Focus area: A sustainable coast; Focus area: Young people in the world"
    )
    assert documents["internationell-strategi"]["Adopted"] == "2021-12-13"
    policy = documents["vanortspolicy"]
    assert (policy["Issued by"], policy["Adopted by"]) == (
        None,
        "Municipal Executive Board (illustrative)",
    )
    rights = {
        r["Kind"]: r["Decided by"] for r in _rows(tables["Who decides on partnerships"])
    }
    assert rights == {
        "Twinning": "Municipal Council (illustrative)",
        "Partner city": "Municipal Executive Board (illustrative)",
    }
    history = _rows(tables["Partnership histories"])
    dates = [(r["Partnership ID"], r["Date"]) for r in history]
    assert ("vanort-1987", "before 1990") in dates
    assert ("vanort-1987", None) in dates  # the dormancy of unknown date
    assert ("vanort-fjordvik", "early 2000s") in dates
    signed = next(r for r in history if r["Date"] == "1987")
    assert signed["Other dates given"] == "1988 (FICTIONAL: Fjordvik bygdebok (2005))"
    assert signed["Sources"] == "FICTIONAL: Kommunfullmäktiges protokoll 1987"
    assert signed["When"] == (
        "1987 (other sources: 1988 – FICTIONAL: Fjordvik bygdebok (2005))"
    )
    visit = next(r for r in history if r["Date"] == "2016-05")
    assert visit["Recurrence"] == "every 2 years"
    assert visit["Event"] == "Visit (every 2 years) (illustrative)"
    changed = next(r for r in history if "now Partner city" in str(r["Event"]))
    assert changed["Decided by"] == "Municipal Council (illustrative)"
    indicators = {r["Indicator"]: r for r in _rows(tables["Indicators"])}
    funds = indicators["EU funds raised"]
    assert (funds["Currency"], funds["Target"], funds["Actual"]) == (
        "SEK",
        Decimal(5_000_000),
        Decimal(1_250_000),
    )
    assert (funds["Baseline"], funds["Baseline as of"]) == (Decimal(0), "2021")
    pupils = indicators["Pupils in exchanges"]
    assert (pupils["Unit"], pupils["Currency"], pupils["Actual"]) == (
        "persons",
        None,
        Decimal(44),
    )
    result = indicators["Coastal energy"]
    assert (result["Indicator of"], result["Currency"], result["Target"]) == (
        "Result",
        "EUR",
        Decimal("480000.50"),
    )
    organisations = {r["ID"]: r for r in _rows(tables["Organisations"])}
    assert organisations["fjordvik"]["Identifiers"] == "lau: FICTIONAL-NO-0001"
    assert organisations["okand-vanort-1987"]["Name"] == (
        "okand-vanort-1987 (name not known)"
    )
    figures = {
        r["Figure"]: r for r in _rows(tables["Exempelby Municipality in figures"])
    }
    assert figures["Population"]["Value"] == Decimal(31200)
    assert figures["Population"]["As of"] == "2024-12-31"
    budget = figures["Budget for international work"]
    assert (budget["Value"], budget["Currency"], budget["Unit"]) == (
        Decimal(1_800_000),
        "SEK",
        None,
    )
    headings = [b.text for b in document.blocks if isinstance(b, Heading)]
    assert "About Exempelby Municipality" in headings


def test_the_history_stops_at_the_register_s_day(exempelby: Portfolio) -> None:
    document = build(exempelby, kind="register", lang="en", on=dt.date(2012, 1, 1))
    history = _rows(_tables(document)["Partnership histories"])
    assert [r["Date"] for r in history if r["Partnership ID"] == "vanort-fjordvik"] == [
        "1987",
        "early 2000s",
    ]
    # The dormancy of unknown date, placed before the dated relinquishment.
    assert [r["Date"] for r in history if r["Partnership ID"] == "vanort-1987"] == [
        "before 1990",
        None,
        "2010-11-08",
    ]


def _check(text: str, lang: str) -> None:
    for title in TITLES[lang]:
        assert title in text, (lang, title)
    for value in (
        "before 1990",
        "early 2000s",
        "1988 (FICTIONAL: Fjordvik bygdebok (2005))",
        "lau: FICTIONAL-NO-0001",
        "lau: FICTIONAL-SE-0000",
        "SEK",
        "EUR",
        "okand-vanort-1987",
    ):
        assert value in text, (lang, value)


@pytest.mark.parametrize("lang", ["en", "da", "de"])
def test_markdown_shows_every_table(exempelby: Portfolio, lang: str) -> None:
    text = plain(
        munintl.render(
            exempelby, kind="register", format="markdown", lang=lang, on=ON
        ).decode()
    )
    _check(text, lang)
    number = {"en": "5,000,000", "da": "5.000.000", "de": "5.000.000"}[lang]
    assert f"| SEK | 0 | 2021 | {number} | 2030 |" in text


def test_html_shows_every_table(exempelby: Portfolio) -> None:
    html5lib = pytest.importorskip("html5lib")
    data = munintl.render(exempelby, kind="register", format="html", lang="de", on=ON)
    tree = html5lib.parse(data, namespaceHTMLElements=False)
    text = " ".join(" ".join(tree.itertext()).split())
    _check(text, "de")
    cells = [" ".join("".join(td.itertext()).split()) for td in tree.iter("td")]
    assert "1987 (andere Quellen: 1988 – FICTIONAL: Fjordvik bygdebok (2005))" in cells


def test_pdf_shows_every_table(exempelby: Portfolio) -> None:
    import shutil
    import subprocess

    if shutil.which("pdftotext") is None:
        pytest.skip("poppler-utils (pdftotext) is not installed")
    data = munintl.render(exempelby, kind="register", format="pdf", lang="da", on=ON)
    result = subprocess.run(
        ["pdftotext", "-enc", "UTF-8", "-", "-"],
        input=data,
        capture_output=True,
        check=True,
    )
    text = " ".join(result.stdout.decode().split())
    for title in TITLES["da"]:
        assert title in text, title
    for value in ("before 1990", "early 2000s", "FICTIONAL-NO-0001", "SEK", "EUR"):
        assert value in text, value


def test_libreoffice_reads_every_table_as_a_sheet(
    exempelby: Portfolio, tmp_path: Path
) -> None:
    data = munintl.render(exempelby, kind="register", format="xlsx", lang="en", on=ON)
    outputs = libreoffice_convert(
        {"register.xlsx": data},
        "csv:Text - txt - csv (StarCalc):44,34,76,1,,0,false,true,false,false,false,-1",
        tmp_path,
    )
    sheets = [
        list(csv.reader(io.StringIO(path.read_text(encoding="utf-8"))))
        for path in outputs["register.xlsx"]
    ]
    by_header = {tuple(rows[0]): rows[1:] for rows in sheets if rows}
    indicators = next(
        rows
        for header, rows in by_header.items()
        if "Currency" in header and "Target" in header
    )
    assert indicators[0][:2] == ["Goal", "eu-medel"]
    # Numbers stay numbers: LibreOffice writes them unformatted.
    assert "5000000" in indicators[0]
    assert "SEK" in indicators[0]
    assert any("480000.5" in row and "EUR" in row for row in indicators)
    figures = next(rows for header, rows in by_header.items() if "As of" in header)
    assert ["Population", "31200", "persons", "", "2024-12-31", ""] in figures
    history = next(
        rows for header, rows in by_header.items() if "Other dates given" in header
    )
    assert any("before 1990" in row for row in history)


def test_follow_ups_and_their_decisions_are_listed(exempelby: Portfolio) -> None:
    document = build(exempelby, kind="register", lang="en", on=ON)
    tables = _tables(document)
    followups = {r["ID"]: r for r in _rows(tables["Follow-ups"])}
    review = followups["granskning-fjordvik-2024"]
    assert (review["Period"], review["As of"]) == ("no fixed period", "2024-05-14")
    assert review["Addressed to"] == "Exempelby's auditors"
    assert followups["uppfoljning-2024"]["Period"] == "2024"
    [decision] = _rows(tables["Decisions"])
    assert decision["Follow-up ID"] == "granskning-fjordvik-2024"
    assert (decision["Outcome"], decision["Concerns"]) == (
        "Renewed",
        "Twin town Fjordvik",
    )
    # With a period, a review covering none counts by its own date.
    later = build(exempelby, kind="register", lang="da", period=2025)
    assert "Opfølgninger" not in _tables(later)
    earlier = build(exempelby, kind="register", lang="da", period=2024)
    titles = [r[0] for r in _tables(earlier)["Opfølgninger"].rows]
    assert titles == ["granskning-fjordvik-2024", "uppfoljning-2024"]
