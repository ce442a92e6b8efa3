"""Submitting, deciding and correcting a follow-up; the reminders of a round."""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping

import pytest

import munintl
from followround.testby import fill_workbook
from munintl.followround import (
    RoundError,
    collect_forms,
    correct_followup,
    decide_followup,
    plan_round,
    prepare_round,
    submit_followup,
)
from munintl.followround.calendar import round_calendar
from munintl.followround.prepare import localizer_for
from munintl.followround.texts import reminder_text
from munintl.followups import FollowUpStateError, is_intact
from munintl.model import (
    CaseReference,
    Codelist,
    LocalizedText,
    PartialDate,
    Portfolio,
)

ID = "followup-2024-udvalg"
D = PartialDate.parse


@pytest.fixture
def drafted(portfolio: Portfolio, codelists: Mapping[str, Codelist]) -> Portfolio:
    """Testby with the 2024 draft, its status form from kultur collected."""
    prepared = prepare_round(
        portfolio, 2024, codelists=codelists, deadline=D("2025-02-15")
    )
    form = fill_workbook(
        prepared.files[f"{ID}.kultur.status.xlsx"],
        {"initiative:festival": ("Afsluttet", "Gennemført")},
    )
    collected = collect_forms(
        prepared.portfolio, [("k.xlsx", form)], codelists=codelists
    )
    assert collected.refused == ()
    return collected.portfolio


def _submitted(portfolio: Portfolio) -> Portfolio:
    return submit_followup(
        portfolio,
        ID,
        case_number="24/00123",
        meeting=D("2025-03-04"),
        on=D("2025-02-20"),
        agenda_item="7",
    )


def test_a_submitted_followup_renders_the_same_bytes_later(
    drafted: Portfolio, codelists: Mapping[str, Codelist]
) -> None:
    sent = _submitted(drafted)
    followup = sent.followup(ID)
    assert followup is not None
    assert followup.state == "submitted"
    assert followup.case == CaseReference(
        number="24/00123", meeting=D("2025-03-04"), agenda_item="7"
    )
    assert is_intact(followup)
    first = {
        fmt: munintl.render(sent, kind="followup", format=fmt, lang="da", followup=ID)
        for fmt in ("docx", "md")
    }
    # Next year's round starts, and the report is made again years later.
    later = prepare_round(sent, 2025, codelists=codelists).portfolio
    again = {
        fmt: munintl.render(
            later,
            kind="followup",
            format=fmt,
            lang="da",
            followup=ID,
            on=dt.date(2031, 6, 1),
        )
        for fmt in ("docx", "md")
    }
    assert again == first
    assert "24/00123" in first["md"].decode()


def test_submitting_twice_is_refused(drafted: Portfolio) -> None:
    sent = _submitted(drafted)
    with pytest.raises(FollowUpStateError, match="already submitted"):
        _submitted(sent)


def test_a_decision_keeps_the_followup_intact(drafted: Portfolio) -> None:
    with pytest.raises(RoundError, match="is a draft; submit it"):
        decide_followup(drafted, ID, outcome="noted", on=D("2025-03-04"))
    decided = decide_followup(
        _submitted(drafted),
        ID,
        outcome="noted",
        on=D("2025-03-04"),
        text=LocalizedText.of(da="Udvalget tog orienteringen til efterretning."),
        reference="Referat pkt. 7",
    )
    followup = decided.followup(ID)
    assert followup is not None
    assert followup.state == "noted"
    assert is_intact(followup)
    (decision,) = followup.decisions
    assert (decision.body, decision.outcome, decision.reference) == (
        "udvalg",
        "noted",
        "Referat pkt. 7",
    )


def test_a_correction_is_a_new_revision_and_the_frozen_one_stays(
    drafted: Portfolio, codelists: Mapping[str, Codelist]
) -> None:
    sent = _submitted(drafted)
    with pytest.raises(RoundError, match="needs a note"):
        correct_followup(sent, ID, note=LocalizedText())
    corrected, revision = correct_followup(
        sent, ID, note=LocalizedText.of(da="Retter beløbet for festivalen.")
    )
    assert revision.id == f"{ID}-r2"
    assert revision.revises == ID
    assert revision.state == "draft"
    assert revision.fingerprint is None
    assert revision.revision_note.values == {"da": "Retter beløbet for festivalen."}
    assert corrected.followup(ID) == sent.followup(ID)
    assert [f for f in munintl.validate(corrected) if f.severity == "error"] == []
    # The round now works on the revision; forms for the frozen one are refused.
    assert plan_round(corrected, 2024).followup.id == revision.id
    old_form = prepare_round(drafted, 2024, codelists=codelists).files[
        f"{ID}.miljoe.status.xlsx"
    ]
    refused = collect_forms(corrected, [("m.xlsx", old_form)], codelists=codelists)
    assert "was corrected by followup-2024-udvalg-r2" in str(refused.refused[0])
    with pytest.raises(RoundError, match="already corrected"):
        correct_followup(corrected, ID, note=LocalizedText.of(da="Igen."))


def test_a_submitted_followup_takes_no_more_forms(
    portfolio: Portfolio, codelists: Mapping[str, Codelist]
) -> None:
    prepared = prepare_round(portfolio, 2024, codelists=codelists)
    sent = _submitted(prepared.portfolio)
    result = collect_forms(
        sent,
        [("m.xlsx", prepared.files[f"{ID}.miljoe.status.xlsx"])],
        codelists=codelists,
    )
    assert result.taken == ()
    assert "is already submitted, so it takes no more answers" in str(result.refused[0])


def _unfold(text: str) -> list[str]:
    return text.replace("\r\n ", "").split("\r\n")


def test_calendar_is_rfc_5545_with_the_deadline_due_date_and_meeting(
    drafted: Portfolio, codelists: Mapping[str, Codelist]
) -> None:
    sent = _submitted(drafted)
    plan = plan_round(sent, 2024)
    text = round_calendar(
        sent,
        plan,
        localizer_for(sent, None, codelists),
        stamp=dt.datetime(2025, 1, 10, 12, 0, tzinfo=dt.UTC),
    )
    assert text.endswith("\r\n")
    assert "\n" not in text.replace("\r\n", "")
    assert all(len(line.encode()) <= 75 for line in text.split("\r\n"))
    lines = _unfold(text)
    assert lines[:2] == ["BEGIN:VCALENDAR", "VERSION:2.0"]
    assert lines.count("BEGIN:VEVENT") == 2  # forms due and the meeting
    assert "DTSTART;VALUE=DATE:20250215" in lines
    assert "DTSTART;VALUE=DATE:20250304" in lines
    assert "DTSTAMP:20250110T120000Z" in lines
    assert (
        "DESCRIPTION:Statusark og tekstdokumenter skal sendes fra: Kultur og"
        " fritid\\, Miljø og klima"
    ) in lines
    assert f"UID:{ID}-meeting@testby.munintl" in lines
    icalendar = pytest.importorskip("icalendar")
    calendar = icalendar.Calendar.from_ical(text)
    events = {
        str(e["UID"]): (e.decoded("DTSTART"), str(e["SUMMARY"]))
        for e in calendar.walk("VEVENT")
    }
    assert events == {
        f"{ID}-forms-due@testby.munintl": (
            dt.date(2025, 2, 15),
            "Opfølgning 2024: frist for skemaer",
        ),
        f"{ID}-meeting@testby.munintl": (
            dt.date(2025, 3, 4),
            "Opfølgning 2024: møde i Udvalget",
        ),
    }


def test_reminders_list_what_each_department_still_owes(
    drafted: Portfolio, codelists: Mapping[str, Codelist]
) -> None:
    plan = plan_round(drafted, 2024)
    localizer = localizer_for(drafted, None, codelists)
    kultur = reminder_text(drafted, plan, "kultur", localizer)
    assert kultur is not None
    assert kultur.startswith(
        "Til: Kultur og fritid\nEmne: Opfølgning 2024: mangler stadig"
    )
    assert "15. februar 2025" in kultur
    assert "- Venskabsbyfestival (initiative:festival): resultater\n" in kultur
    assert "- Klima (theme:klima-tema)" not in kultur
    miljoe = reminder_text(drafted, plan, "miljoe", localizer)
    assert miljoe is not None
    assert "- Klima (theme:klima-tema): status, fremdrift, resultater" in miljoe
