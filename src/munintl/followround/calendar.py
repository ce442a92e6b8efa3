"""The round's dates as an iCalendar file (RFC 5545): forms due, follow-up due, meeting.

Written by hand -- it is a few all-day events -- with the RFC's escaping,
CRLF line ends and lines folded at 75 octets, so any calendar imports it.
"""

from __future__ import annotations

import datetime as dt

from munintl.followround.plan import RoundPlan
from munintl.followround.texts import department_name
from munintl.model import PartialDate, Portfolio
from munintl.reports.building.localize import Localizer

__all__ = ["round_calendar"]


def _escape(text: str) -> str:
    return (
        text.replace("\\", "\\\\")
        .replace(";", "\\;")
        .replace(",", "\\,")
        .replace("\r\n", "\\n")
        .replace("\n", "\\n")
    )


def _fold(line: str) -> list[str]:
    """Fold a content line into pieces of at most 75 octets (RFC 5545, 3.1)."""
    pieces: list[str] = []
    current = ""
    limit = 75
    for char in line:
        if len((current + char).encode("utf-8")) > limit:
            pieces.append(current)
            current = " "
            limit = 75
        current += char
    pieces.append(current)
    return pieces


def _event(
    uid: str, day: dt.date, summary: str, description: str, stamp: dt.datetime
) -> list[str]:
    return [
        "BEGIN:VEVENT",
        f"UID:{uid}",
        f"DTSTAMP:{stamp.astimezone(dt.UTC):%Y%m%dT%H%M%SZ}",
        f"DTSTART;VALUE=DATE:{day:%Y%m%d}",
        f"DTEND;VALUE=DATE:{day + dt.timedelta(days=1):%Y%m%d}",
        f"SUMMARY:{_escape(summary)}",
        f"DESCRIPTION:{_escape(description)}",
        "TRANSP:TRANSPARENT",
        "END:VEVENT",
    ]


def round_calendar(
    portfolio: Portfolio,
    plan: RoundPlan,
    localizer: Localizer,
    *,
    stamp: dt.datetime | None = None,
) -> str:
    """The round's deadlines and meeting as an iCalendar text (CRLF line ends).

    A date known only to the month or year falls on its last day: a
    deadline "March 2013" is met by 31 March.  ``stamp`` is the DTSTAMP
    (now if not given).
    """
    stamp = stamp or dt.datetime.now(dt.UTC)
    followup = plan.followup
    _ = localizer._
    body = department_name(portfolio, followup.addressee, localizer)
    departments = ", ".join(
        department_name(portfolio, a.department, localizer) for a in plan.assignments
    )
    events: list[tuple[str, PartialDate, str, str]] = []
    if followup.forms_due:
        events.append(
            (
                "forms-due",
                followup.forms_due,
                _("Follow-up {year}: forms due").format(year=plan.year),
                _(
                    "Status workbooks and narrative documents due from: {departments}"
                ).format(departments=departments),
            )
        )
    if followup.due:
        events.append(
            (
                "due",
                followup.due,
                _("Follow-up {year}: due to {body}").format(year=plan.year, body=body),
                followup.id,
            )
        )
    if followup.case and followup.case.meeting:
        events.append(
            (
                "meeting",
                followup.case.meeting,
                _("Follow-up {year}: meeting of {body}").format(
                    year=plan.year, body=body
                ),
                " ".join(
                    part for part in (followup.id, followup.case.number or "") if part
                ),
            )
        )
    lines = [
        "BEGIN:VCALENDAR",
        "VERSION:2.0",
        "PRODID:-//munintl//follow-up round//EN",
        "CALSCALE:GREGORIAN",
    ]
    for kind, when, summary, description in events:
        uid = f"{followup.id}-{kind}@{portfolio.municipality.id}.munintl"
        lines += _event(uid, when.last_day, summary, description, stamp)
    lines.append("END:VCALENDAR")
    return "".join(piece + "\r\n" for line in lines for piece in _fold(line))
