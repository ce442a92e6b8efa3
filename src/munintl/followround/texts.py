"""The round's plain texts: the checklist of who owes what, and reminders to mail."""

from __future__ import annotations

from munintl.followround.forms import NARRATIVE_LABELS
from munintl.followround.plan import RoundPlan
from munintl.followround.status import DepartmentStatus, round_status
from munintl.model import Portfolio, SubjectRef
from munintl.reports.building.localize import N_, Localizer

__all__ = ["checklist_markdown", "department_name", "reminder_text"]

_OWED_LABELS = {
    "status": N_("Status"),
    "progress": N_("Progress"),
    **NARRATIVE_LABELS,
}


def department_name(portfolio: Portfolio, department: str, localizer: Localizer) -> str:
    """The department's name in the localizer's language (its id if it has none)."""
    body = portfolio.body(department)
    if body is None:
        return department
    return localizer.name(body.name, department)


def _title(plan: RoundPlan, subject: SubjectRef, localizer: Localizer) -> str:
    titles = plan.subjects[subject].title if subject in plan.subjects else {}
    return titles.get(localizer.language) or next(iter(titles.values()), str(subject))


def _owed(fields: tuple[str, ...], localizer: Localizer) -> str:
    return ", ".join(localizer._(_OWED_LABELS[f]).lower() for f in fields)


def _deadline(plan: RoundPlan, localizer: Localizer) -> str:
    due = plan.followup.forms_due
    return localizer.date(due) if due else localizer._("not set")


def checklist_markdown(
    portfolio: Portfolio, plan: RoundPlan, localizer: Localizer
) -> str:
    """A Markdown checklist: per department, its forms, its subjects, what is owed."""
    status = round_status(plan)
    followup = plan.followup
    _ = localizer._
    lines = [
        "# " + _("Follow-up {year}: checklist").format(year=plan.year),
        "",
        "- " + _("Follow-up: {id}").format(id=followup.id),
        "- "
        + _("Addressed to: {body}").format(
            body=department_name(portfolio, followup.addressee, localizer)
        ),
        "- " + _("Forms due: {date}").format(date=_deadline(plan, localizer)),
    ]
    if followup.case and followup.case.meeting:
        lines.append(
            "- "
            + _("Meeting: {date}").format(date=localizer.date(followup.case.meeting))
        )
    for department in status.departments:
        lines += [
            "",
            "## " + department_name(portfolio, department.department, localizer),
        ]
        lines.append("")
        if department.lead:
            lines.append(
                _("Lead department: also writes the summary and recommendation.")
            )
            lines.append("")
        lines += _department_lines(plan, department, localizer)
    return "\n".join(lines) + "\n"


def _department_lines(
    plan: RoundPlan, department: DepartmentStatus, localizer: Localizer
) -> list[str]:
    _ = localizer._
    lines = []
    for name in department.followup:
        lines.append(f"- [ ] {_(NARRATIVE_LABELS[name])}")
    subjects = plan.assignment(department.department).subjects
    for subject in subjects:
        owed = department.missing.get(subject)
        box = "[ ]" if owed else "[x]"
        text = f"- {box} {_title(plan, subject, localizer)} (`{subject}`)"
        if owed:
            text += ": " + _owed(owed, localizer)
        lines.append(text)
    if not subjects and not department.followup:
        lines.append(_("Nothing to report."))
    if department.received:
        lines += ["", _("Forms received:")]
        lines += [f"- {r.form} ({r.when})" for r in department.received]
    return lines


def reminder_text(
    portfolio: Portfolio, plan: RoundPlan, department: str, localizer: Localizer
) -> str | None:
    """A plain-text reminder to ``department`` of what it owes; None if nothing."""
    status = next(
        d for d in round_status(plan).departments if d.department == department
    )
    if status.complete:
        return None
    _ = localizer._
    name = department_name(portfolio, department, localizer)
    lines = [
        _("To: {department}").format(department=name),
        _("Subject: Follow-up {year}: still missing").format(year=plan.year),
        "",
        _(
            "For the follow-up {year} to {body}, we still miss the following from"
            " you (forms due: {date}):"
        ).format(
            year=plan.year,
            body=department_name(portfolio, plan.followup.addressee, localizer),
            date=_deadline(plan, localizer),
        ),
        "",
    ]
    for field in status.followup:
        lines.append(f"- {_(NARRATIVE_LABELS[field])}")
    for subject, owed in status.missing.items():
        lines.append(
            f"- {_title(plan, subject, localizer)} ({subject}):"
            f" {_owed(owed, localizer)}"
        )
    lines += ["", _("Please return the status workbook and the narrative document.")]
    return "\n".join(lines) + "\n"
