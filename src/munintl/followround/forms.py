"""What a department's forms hold, before any file format: rows, sections, labels.

:func:`status_rows` and :func:`narrative_sections` decide what each form
shows and prefills (this year's update where there is one, else last
year's); :func:`identity` records the hashes collecting compares against.
The XLSX and DOCX modules only lay these out and read them back.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from decimal import Decimal

import attrs

from munintl.followround.identity import FieldBase, FormIdentity, FormKind, value_hash
from munintl.followround.plan import RoundPlan
from munintl.followups import content_fingerprint
from munintl.model import Codelist, FollowUp, LocalizedText, StatusUpdate, SubjectRef
from munintl.reports.building.localize import N_, Localizer

__all__ = [
    "CODE_FIELDS",
    "NARRATIVE_LABELS",
    "STATUS_COLUMNS",
    "TEXT_FIELDS",
    "FormText",
    "NarrativeSection",
    "StatusRow",
    "field_key",
    "identity",
    "narrative_sections",
    "status_rows",
]

#: The coded fields of a status update, with the codelist of each.
CODE_FIELDS: dict[str, str] = {
    "status": "initiative-status",
    "progress": "progress-status",
}
#: The text fields of a status update, in form order, with their labels.
TEXT_FIELDS: dict[str, str] = {
    "achievements": N_("Achievements"),
    "deviations": N_("Deviations"),
    "next_steps": N_("Next steps"),
}
#: The follow-up's own texts the lead department writes.
FOLLOWUP_FIELDS: dict[str, str] = {
    "summary": N_("Summary"),
    "recommendation": N_("Recommendation"),
}
NARRATIVE_LABELS: dict[str, str] = {**TEXT_FIELDS, **FOLLOWUP_FIELDS}

#: The status sheet's columns: key, label, and whether the department edits it.
STATUS_COLUMNS: tuple[tuple[str, str, bool], ...] = (
    ("subject", N_("Subject"), False),
    ("title", N_("Title"), False),
    ("start", N_("Start"), False),
    ("end", N_("End"), False),
    ("amount", N_("Funding"), False),
    ("currency", N_("Currency"), False),
    ("last_status", N_("Status last year"), False),
    ("last_progress", N_("Progress last year"), False),
    ("status", N_("Status"), True),
    ("progress", N_("Progress"), True),
)

#: The key of the follow-up's own section in a narrative form.
FOLLOWUP_KEY = "followup"


def field_key(subject: SubjectRef | str, field: str) -> str:
    """The key of one field of one subject in a form: ``initiative:x/status``."""
    return f"{subject}/{field}"


@attrs.frozen(kw_only=True)
class StatusRow:
    """One row of a status form: the facts shown and the codes prefilled."""

    subject: SubjectRef
    title: str
    start: dt.date | None
    end: dt.date | None
    amount: Decimal | None
    currency: str | None
    last_status: str
    last_progress: str
    status: str | None
    progress: str | None


@attrs.frozen(kw_only=True)
class FormText:
    """One text field of a narrative section: its key, label and prefilled text."""

    key: str
    label: str
    text: str


@attrs.frozen(kw_only=True)
class NarrativeSection:
    """One section of a narrative form: the follow-up itself, or one subject."""

    key: str
    title: str
    fields: tuple[FormText, ...]


def _text(value: LocalizedText, language: str) -> str:
    return value.values.get(language, "")


def _update(followup: FollowUp | None, subject: SubjectRef) -> StatusUpdate | None:
    return followup.update_for(subject) if followup is not None else None


def _title(titles: Mapping[str, str], language: str, subject: SubjectRef) -> str:
    return (
        titles.get(language)
        or next((t for t in titles.values() if t), None)
        or str(subject)
    )


def status_rows(
    plan: RoundPlan, department: str, localizer: Localizer
) -> list[StatusRow]:
    """The rows of ``department``'s status form, prefilled.

    Status: this year's update, else the initiative's own status at the end
    of the year, else last year's; progress: this year's update, else empty.
    """
    language = localizer.language
    rows = []
    for subject in plan.assignment(department).subjects:
        facts = plan.subjects[subject]
        now = _update(plan.followup, subject)
        before = _update(plan.previous, subject)
        rows.append(
            StatusRow(
                subject=subject,
                title=_title(facts.title, language, subject),
                start=facts.start,
                end=facts.end,
                amount=facts.amount,
                currency=facts.currency,
                last_status=localizer.code(
                    CODE_FIELDS["status"], before.status if before else None
                ),
                last_progress=localizer.code(
                    CODE_FIELDS["progress"], before.progress if before else None
                ),
                status=(now.status if now else None)
                or facts.status
                or (before.status if before else None),
                progress=now.progress if now else None,
            )
        )
    return rows


def narrative_sections(
    plan: RoundPlan, department: str, localizer: Localizer
) -> list[NarrativeSection]:
    """The sections of ``department``'s narrative form, prefilled.

    The lead department's form starts with the follow-up's summary and
    recommendation.  Each text is this year's where there is one, else
    last year's, in the form's language.
    """
    language = localizer.language
    assignment = plan.assignment(department)
    sections = []
    if assignment.lead:
        sections.append(
            NarrativeSection(
                key=FOLLOWUP_KEY,
                title=plan.followup.title.get(language) or plan.followup.id,
                fields=tuple(
                    FormText(
                        key=field_key(FOLLOWUP_KEY, name),
                        label=localizer._(label),
                        text=_text(getattr(plan.followup, name), language)
                        or (
                            _text(getattr(plan.previous, name), language)
                            if plan.previous
                            else ""
                        ),
                    )
                    for name, label in FOLLOWUP_FIELDS.items()
                ),
            )
        )
    for subject in assignment.subjects:
        now = _update(plan.followup, subject)
        before = _update(plan.previous, subject)
        sections.append(
            NarrativeSection(
                key=str(subject),
                title=_title(plan.subjects[subject].title, language, subject),
                fields=tuple(
                    FormText(
                        key=field_key(subject, name),
                        label=localizer._(label),
                        text=(_text(getattr(now, name), language) if now else "")
                        or (_text(getattr(before, name), language) if before else ""),
                    )
                    for name, label in TEXT_FIELDS.items()
                ),
            )
        )
    return sections


def held_value(followup: FollowUp, key: str, language: str) -> str | None:
    """What ``followup`` holds now for the form field ``key``."""
    owner, _sep, name = key.rpartition("/")
    if owner == FOLLOWUP_KEY:
        return _text(getattr(followup, name), language)
    update = followup.update_for(SubjectRef.parse(owner))
    if update is None:
        return None
    value = getattr(update, name)
    return _text(value, language) if isinstance(value, LocalizedText) else value


def identity(
    plan: RoundPlan,
    department: str,
    kind: FormKind,
    prefilled: Mapping[str, str | None],
    *,
    portfolio: str,
    language: str,
    made: dt.datetime,
) -> FormIdentity:
    """The hidden identity of one form, with the hashes of what it prefilled."""
    return FormIdentity(
        kind=kind,
        portfolio=portfolio,
        followup=plan.followup.id,
        year=plan.year,
        body=plan.followup.addressee,
        department=department,
        language=language,
        made=made.isoformat(timespec="seconds"),
        basis=content_fingerprint(plan.followup),
        bases={
            key: FieldBase(
                prefill=value_hash(value),
                held=value_hash(held_value(plan.followup, key, language)),
            )
            for key, value in prefilled.items()
        },
    )


def code_choices(
    codelists: Mapping[str, Codelist], localizer: Localizer, field: str
) -> list[tuple[str, str]]:
    """The (code, label) pairs a coded field may take, in codelist order."""
    codelist = codelists.get(CODE_FIELDS[field])
    codes = codelist.codes() if codelist is not None else ()
    return [(c, localizer.code(CODE_FIELDS[field], c)) for c in codes]
