"""A follow-up that covers no fixed period: an ad-hoc review of one relationship.

It covers the subjects it names and nothing else, as of its own date, and
every format says so in the report's language: no "None", no empty range.
"""

from __future__ import annotations

import datetime as dt
import io
import json
from pathlib import Path

import attrs
import pytest

import munintl
from munintl.followups import submit
from munintl.model import (
    CaseReference,
    Decision,
    FollowUp,
    Organisation,
    PartialDate,
    PartnershipEvent,
    Portfolio,
    StatusUpdate,
    SubjectRef,
)
from munintl.plugins.kinds.followup.scope import find_followup, followup_scope
from munintl.reporting import build, render_document
from munintl.reports.document import Facts
from munintl.reports.request import ReportRequest
from munintl.testing.reports import libreoffice_convert
from munintl.testing.samples import sample_portfolio
from plugins.rules.helpers import organisation, partnership, portfolio, text
from reports.rendered import plain, tables, texts
from reports.test_agenda_item import _html_text, _pdftotext

TWINNING = SubjectRef.parse("partnership:twinning")

#: What the header says in each shipped language: "no fixed period", and
#: the date the review is made as of.
SAYS = {
    "en": ("no fixed period", "14 May 2024"),
    "da": ("ingen fast periode", "14. maj 2024"),
    "de": ("kein fester Zeitraum", "14. Mai 2024"),
    "sv": ("ingen fast period", "14 maj 2024"),
    "nb": ("ingen fast periode", "14. mai 2024"),
    "pl": ("bez stałego okresu", "14 maja 2024"),
}


def _event(kind: str, date: str) -> PartnershipEvent:
    return PartnershipEvent(kind=kind, date=PartialDate.parse(date))


def _review(**changes: object) -> Portfolio:
    review = FollowUp(
        id="review-partnerby",
        kind="partnership-review",
        addressee="audit-office",
        prepared_by=("council",),
        due=PartialDate.parse("2024-05-14"),
        updates=(
            StatusUpdate(
                subject=TWINNING, achievements=text("Two school exchanges a year.")
            ),
        ),
        decisions=(
            Decision(
                body="council",
                date=PartialDate.parse("2024-06-20"),
                outcome="renew",
                subjects=(TWINNING,),
            ),
        ),
    )
    return portfolio(
        organisations=(
            organisation("partnerby"),
            organisation("otherby"),
            Organisation(
                id="audit-office", name=text("Audit office"), type="government-agency"
            ),
        ),
        partnerships=(
            attrs.evolve(
                partnership(
                    "twinning",
                    "lilleby",
                    "partnerby",
                    events=(_event("signed", "1993"), _event("renewed", "2015-06-10")),
                ),
                title=text("Twinning with Partnerby"),
            ),
            # Active then, but the review does not name it.
            partnership(
                "friendship",
                "lilleby",
                "otherby",
                events=(_event("signed", "2001"),),
            ),
        ),
        followups=(attrs.evolve(review, **changes),),
    )


def _header(portfolio: Portfolio, lang: str = "en") -> dict[str, str]:
    document = build(portfolio, kind="followup", followup="review-partnerby", lang=lang)
    [facts] = [b for b in document.blocks if isinstance(b, Facts)]
    return dict(facts.items)


def test_it_validates_and_covers_only_what_it_names() -> None:
    data = _review()
    assert [f for f in munintl.validate(data) if f.severity == "error"] == []
    request = ReportRequest(language="en", followup="review-partnerby")
    scope = followup_scope(data, request, find_followup(data, request))
    assert [p.id for p in scope.partnerships] == ["twinning"]
    assert scope.day == dt.date(2024, 5, 14)
    # Its whole history up to its date, not the events of some period.
    assert [str(e.date) for e in scope.events(scope.partnerships[0])] == [
        "1993",
        "2015-06-10",
    ]
    header = _header(data)
    assert header["Period"] == "no fixed period"
    assert header["As of"] == "14 May 2024"
    assert header["Covers"] == "Twinning with Partnerby"


def test_a_subject_named_only_by_a_decision_is_covered() -> None:
    data = _review(updates=())
    assert _header(data)["Covers"] == "Twinning with Partnerby"
    markdown = munintl.render(
        data, format="markdown", followup="review-partnerby", lang="en"
    ).decode()
    assert "Twinning with Partnerby" in markdown
    assert "friendship" not in markdown


@pytest.mark.parametrize(
    ("changes", "expected"),
    [
        ({}, "14 May 2024"),  # its due date
        ({"case": CaseReference(meeting=PartialDate.parse("2024-05"))}, "May 2024"),
    ],
)
def test_it_is_made_as_of_its_meeting_else_its_due_date(
    changes: dict[str, object], expected: str
) -> None:
    assert _header(_review(**changes))["As of"] == expected


def test_a_submitted_review_is_made_as_of_its_submission() -> None:
    data = _review(case=CaseReference(meeting=PartialDate.parse("2024-05")))
    submitted = submit(data.followups[0], dt.date(2024, 4, 30))
    data = attrs.evolve(data, followups=(submitted,))
    assert _header(data)["As of"] == "30 April 2024"


def test_a_draft_without_a_date_is_made_as_of_the_report_s_day() -> None:
    data = _review(due=None)
    document = build(
        data,
        kind="followup",
        followup="review-partnerby",
        lang="en",
        on=dt.date(2025, 1, 31),
    )
    [facts] = [b for b in document.blocks if isinstance(b, Facts)]
    assert dict(facts.items)["As of"] == "31 January 2025"
    assert document.metadata.period == "Status on 31 January 2025"


def _check(text: str, lang: str) -> None:
    no_period, day = SAYS[lang]
    text = plain(text)
    assert no_period in text, lang
    assert day in text, lang
    assert "Twinning with Partnerby" in text
    assert "None" not in text
    assert "friendship" not in text


@pytest.mark.parametrize("lang", sorted(SAYS))
def test_markdown_html_and_pdf_say_it_covers_no_fixed_period(lang: str) -> None:
    data = _review()
    document = build(data, kind="followup", followup="review-partnerby", lang=lang)
    _check(render_document(document, format="markdown").decode(), lang)
    _check(_html_text(render_document(document, format="html")), lang)
    _check(_pdftotext(render_document(document, format="pdf")), lang)


def test_json_and_csv_carry_no_period_and_no_none() -> None:
    document = build(_review(), kind="followup", followup="review-partnerby", lang="en")
    data = json.loads(render_document(document, format="json"))
    assert data["metadata"]["period"] == "Status on 14 May 2024"
    text = json.dumps(data) + render_document(document, format="csv").decode()
    assert "no fixed period" in text
    assert "None" not in text
    assert "null" not in json.dumps(data["metadata"]["period"])


def test_docx_and_xlsx_say_it_covers_no_fixed_period(tmp_path: Path) -> None:
    from openpyxl import load_workbook

    data = _review()
    files = {
        f"review-{lang}.docx": munintl.render(
            data, format="docx", followup="review-partnerby", lang=lang
        )
        for lang in ("da", "en")
    }
    converted = libreoffice_convert(files, "pdf", tmp_path)
    for lang in ("da", "en"):
        (pdf,) = converted[f"review-{lang}.docx"]
        _check(_pdftotext(pdf.read_bytes()), lang)
    xlsx = munintl.render(data, format="xlsx", followup="review-partnerby", lang="da")
    workbook = load_workbook(io.BytesIO(xlsx), read_only=True)
    rows = [tuple(row) for row in workbook.worksheets[0].iter_rows(values_only=True)]
    assert ("Periode", "ingen fast periode") in rows
    assert ("Opgjort", "14. maj 2024") in rows


def test_a_review_of_several_kinds_of_subject_covers_those_alone() -> None:
    data = sample_portfolio()
    yearly = data.followups[0]
    review = attrs.evolve(
        yearly, period=None, state="draft", submitted=None, fingerprint=None
    )
    data = attrs.evolve(data, followups=(review,))
    assert [f for f in munintl.validate(data) if f.severity == "error"] == []
    document = build(data, kind="followup", followup=review.id, lang="en")
    [facts] = [b for b in document.blocks if isinstance(b, Facts)]
    # In the document's order: theme, goal, initiative, partnership; dated by
    # its meeting (it has not been submitted).
    assert dict(facts.items)["Covers"] == (
        "Policy area: Climate; More staff take part in exchanges.;"
        " Nordic cooperation programme (NSP); Twin town: Nordby"
    )
    assert dict(facts.items)["As of"] == "12 March 2024"
    [table] = [
        t for t in tables(document).values() if t.title.startswith("Status of every")
    ]
    covered = {row[0] for row in table.rows if row[1] in {"Initiative", "Partnership"}}
    assert covered == {"Nordic cooperation programme (NSP)", "Twin town: Nordby"}
    assert any(
        "funding lines that have run by 12 March 2024" in t for t in texts(document)
    )


def test_an_internal_subject_it_names_stays_out_unless_asked_for() -> None:
    data = _review()
    data = attrs.evolve(
        data,
        partnerships=[
            attrs.evolve(p, visibility="internal") if p.id == "twinning" else p
            for p in data.partnerships
        ],
    )
    assert "Covers" not in _header(data)
    document = build(
        data,
        kind="followup",
        followup="review-partnerby",
        lang="en",
        include_internal=True,
    )
    [facts] = [b for b in document.blocks if isinstance(b, Facts)]
    assert dict(facts.items)["Covers"] == "Twinning with Partnerby"
