"""How far a follow-up round has come: what each department has sent and still owes."""

from __future__ import annotations

import re
from collections.abc import Mapping
from typing import Any

import attrs

from munintl.followround.forms import FOLLOWUP_FIELDS
from munintl.followround.plan import RoundPlan
from munintl.model import FollowUp, PartialDate, Source, SubjectRef

__all__ = [
    "DepartmentStatus",
    "RoundStatus",
    "provenance",
    "received_forms",
    "round_status",
]

#: How a collected form is recorded in ``sources``: the note starts with it.
PROVENANCE_MARK = "munintl-form"
_NOTE = re.compile(
    rf"^{PROVENANCE_MARK} (?P<kind>\w+) (?P<department>[a-z0-9-]+)"
    r" (?P<digest>sha256:[0-9a-f]+) collected (?P<when>\S+)$"
)


def provenance(
    *, form: str, kind: str, department: str, digest: str, when: str, day: PartialDate
) -> Source:
    """The source recorded on everything a collected form brought in."""
    return Source(
        title=form,
        note=f"{PROVENANCE_MARK} {kind} {department} {digest} collected {when}",
        accessed=day,
    )


@attrs.frozen(kw_only=True)
class ReceivedForm:
    """A form collected into a follow-up, as its provenance records it."""

    form: str
    kind: str
    department: str
    digest: str
    when: str


def received_forms(followup: FollowUp) -> list[ReceivedForm]:
    """The forms collected into ``followup``, in the order they came."""
    found = []
    for source in followup.sources:
        match = _NOTE.match(source.note or "")
        if match:
            found.append(ReceivedForm(form=source.title, **match.groupdict()))
    return found


@attrs.frozen(kw_only=True)
class DepartmentStatus:
    """One department's part of the round: what is in, and what it still owes.

    ``missing`` maps each subject it owes something on to the fields still
    empty (``status``, ``progress``, ``achievements``); ``followup`` lists
    the follow-up's own texts the lead still owes.
    """

    department: str
    lead: bool
    subjects: int
    missing: Mapping[SubjectRef, tuple[str, ...]]
    followup: tuple[str, ...]
    received: tuple[ReceivedForm, ...]

    @property
    def complete(self) -> bool:
        """True when the department owes nothing."""
        return not self.missing and not self.followup


@attrs.frozen(kw_only=True)
class RoundStatus:
    """The whole round: the follow-up, its deadlines, and every department."""

    followup: FollowUp
    year: int
    departments: tuple[DepartmentStatus, ...]

    @property
    def complete(self) -> bool:
        """True when every department owes nothing."""
        return all(d.complete for d in self.departments)

    def to_json(self) -> dict[str, Any]:
        """The status as plain JSON data (``munintl followup status --json``)."""
        f = self.followup
        return {
            "followup": f.id,
            "year": self.year,
            "body": f.addressee,
            "state": f.state,
            "forms_due": str(f.forms_due) if f.forms_due else None,
            "due": str(f.due) if f.due else None,
            "meeting": str(f.case.meeting) if f.case and f.case.meeting else None,
            "complete": self.complete,
            "departments": [
                {
                    "department": d.department,
                    "lead": d.lead,
                    "subjects": d.subjects,
                    "complete": d.complete,
                    "missing": {
                        str(s): list(fields) for s, fields in d.missing.items()
                    },
                    "followup": list(d.followup),
                    "received": [attrs.asdict(r) for r in d.received],
                }
                for d in self.departments
            ],
        }


def _missing(followup: FollowUp, subject: SubjectRef) -> tuple[str, ...]:
    update = followup.update_for(subject)
    if update is None:
        return ("status", "progress", "achievements")
    owed = []
    if not update.status:
        owed.append("status")
    if not update.progress:
        owed.append("progress")
    if not update.achievements:
        owed.append("achievements")
    return tuple(owed)


def round_status(plan: RoundPlan) -> RoundStatus:
    """Tell, per department, what has come in and what is still owed.

    A subject is answered when its update has a status, a progress status
    and achievements; the lead also owes the summary and recommendation.
    """
    followup = plan.followup
    received = received_forms(followup)
    departments = []
    for assignment in plan.assignments:
        missing = {
            subject: owed
            for subject in assignment.subjects
            if (owed := _missing(followup, subject))
        }
        owed_texts = (
            tuple(name for name in FOLLOWUP_FIELDS if not getattr(followup, name))
            if assignment.lead
            else ()
        )
        departments.append(
            DepartmentStatus(
                department=assignment.department,
                lead=assignment.lead,
                subjects=len(assignment.subjects),
                missing=missing,
                followup=owed_texts,
                received=tuple(
                    r for r in received if r.department == assignment.department
                ),
            )
        )
    return RoundStatus(
        followup=followup, year=plan.year, departments=tuple(departments)
    )
