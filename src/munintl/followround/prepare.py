"""Start a round: a status workbook and a narrative document per department."""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping

import attrs

from munintl.followround import docx as docx_form
from munintl.followround import xlsx as xlsx_form
from munintl.followround.forms import (
    CODE_FIELDS,
    code_choices,
    field_key,
    identity,
    narrative_sections,
    status_rows,
)
from munintl.followround.plan import RoundError, RoundPlan, plan_round
from munintl.followround.texts import checklist_markdown, department_name
from munintl.i18n import _
from munintl.model import Codelist, PartialDate, Portfolio
from munintl.reports.building.localize import Localizer

__all__ = ["Prepared", "form_names", "prepare_round"]


@attrs.frozen(kw_only=True)
class Prepared:
    """What :func:`prepare_round` made: the portfolio to save, the plan, the files.

    ``portfolio`` holds the follow-up as the round starts it (a new draft, or
    the forms' deadline set); ``changed`` says whether it needs saving.
    ``files`` maps file names to their bytes.
    """

    portfolio: Portfolio
    changed: bool
    plan: RoundPlan
    files: Mapping[str, bytes]


def form_names(followup: str, department: str) -> tuple[str, str]:
    """The file names of a department's status workbook and narrative document."""
    return (
        f"{followup}.{department}.status.xlsx",
        f"{followup}.{department}.narrative.docx",
    )


def localizer_for(
    portfolio: Portfolio, language: str | None, codelists: Mapping[str, Codelist]
) -> Localizer:
    """The localizer forms are written and read in (default: the municipality's)."""
    municipality = portfolio.municipality
    return Localizer(
        language or municipality.default_language,
        municipality.working_languages,
        codelists=codelists,
        default_language=municipality.default_language,
    )


def _with_followup(portfolio: Portfolio, plan: RoundPlan) -> Portfolio:
    others = [f for f in portfolio.followups if f.id != plan.followup.id]
    return attrs.evolve(portfolio, followups=[*others, plan.followup])


def prepare_round(
    portfolio: Portfolio,
    year: int,
    body: str | None = None,
    *,
    codelists: Mapping[str, Codelist],
    language: str | None = None,
    deadline: PartialDate | None = None,
    made: dt.datetime | None = None,
) -> Prepared:
    """Make every department's forms for the follow-up round of ``year``.

    Per preparing department: a status workbook (XLSX) and a narrative
    document (DOCX), plus one checklist (Markdown) of who owes what by when.
    A follow-up for the year is made as a draft if there is none;
    ``deadline`` is recorded as its ``forms_due``.  Raise
    :class:`~munintl.followround.plan.RoundError` for a follow-up that is
    already submitted (correct it with a new revision first).
    """
    made = made or dt.datetime.now(dt.UTC)
    plan = plan_round(portfolio, year, body)
    if plan.followup.is_frozen:
        raise RoundError(
            _(
                "the follow-up {followup!r} is {state}, so it is frozen; make a"
                " correction first (munintl followup correct) and prepare that"
            ).format(followup=plan.followup.id, state=plan.followup.state)
        )
    changed = plan.created
    if deadline is not None and deadline != plan.followup.forms_due:
        plan = attrs.evolve(
            plan, followup=attrs.evolve(plan.followup, forms_due=deadline)
        )
        changed = True
    localizer = localizer_for(portfolio, language, codelists)
    choices = {
        field: code_choices(codelists, localizer, field) for field in CODE_FIELDS
    }
    files: dict[str, bytes] = {}
    for assignment in plan.assignments:
        department = assignment.department
        status_name, narrative_name = form_names(plan.followup.id, department)
        rows = status_rows(plan, department, localizer)
        status_identity = identity(
            plan,
            department,
            "status",
            {
                field_key(row.subject, field): getattr(row, field)
                for row in rows
                for field in CODE_FIELDS
            },
            portfolio=portfolio.municipality.id,
            language=localizer.language,
            made=made,
        )
        files[status_name] = xlsx_form.write_status_form(
            rows, status_identity, choices, localizer
        )
        sections = narrative_sections(plan, department, localizer)
        narrative_identity = identity(
            plan,
            department,
            "narrative",
            {field.key: field.text for s in sections for field in s.fields},
            portfolio=portfolio.municipality.id,
            language=localizer.language,
            made=made,
        )
        name = department_name(portfolio, department, localizer)
        files[narrative_name] = docx_form.write_narrative_form(
            sections,
            narrative_identity,
            localizer,
            heading=localizer._("Follow-up {year}: {department}").format(
                year=plan.year, department=name
            ),
            introduction=localizer._(
                "Write this year's achievements, deviations and next steps in the"
                " right-hand column of each table; last year's text is filled in"
                " to start from. Do not change the grey first line of a table or"
                " the labels in the left column.\n\nReturn this document and the"
                " status workbook by {deadline}."
            ).format(
                deadline=localizer.date(plan.followup.forms_due)
                if plan.followup.forms_due
                else localizer._("the deadline you were given")
            ),
        )
    files[f"{plan.followup.id}.checklist.md"] = checklist_markdown(
        portfolio, plan, localizer
    ).encode("utf-8")
    return Prepared(
        portfolio=_with_followup(portfolio, plan) if changed else portfolio,
        changed=changed,
        plan=plan,
        files=files,
    )
