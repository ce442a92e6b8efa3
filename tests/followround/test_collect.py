"""Collecting returned forms: whole or not at all, with provenance, refusing stale ones."""

from __future__ import annotations

import datetime as dt
import io
from collections.abc import Mapping

import attrs
import openpyxl
import pytest

from followround.testby import fill_document, fill_workbook
from munintl.followround import prepare_round, round_status
from munintl.followround.collect import Collected, collect_forms
from munintl.followround.plan import plan_round
from munintl.model import (
    Codelist,
    FollowUp,
    LocalizedText,
    Portfolio,
    StatusUpdate,
    SubjectRef,
)

NOW = dt.datetime(2025, 1, 10, 9, 30, tzinfo=dt.UTC)
LATER = dt.datetime(2025, 2, 1, 14, 0, tzinfo=dt.UTC)
ID = "followup-2024-udvalg"


def _name(department: str, kind: str) -> str:
    return f"{ID}.{department}.{kind}"


@pytest.fixture
def round_(
    portfolio: Portfolio, codelists: Mapping[str, Codelist]
) -> tuple[Portfolio, Mapping[str, bytes]]:
    """The portfolio with the 2024 draft, and the forms sent out for it."""
    prepared = prepare_round(portfolio, 2024, codelists=codelists, made=NOW)
    return prepared.portfolio, prepared.files


def _collect(
    portfolio: Portfolio,
    codelists: Mapping[str, Codelist],
    *forms: tuple[str, bytes],
    **options: object,
) -> Collected:
    return collect_forms(portfolio, forms, codelists=codelists, now=LATER, **options)  # type: ignore[arg-type]


def _followup(portfolio: Portfolio) -> FollowUp:
    found = portfolio.followup(ID)
    assert found is not None
    return found


def test_filled_forms_are_taken_with_text_formatting_and_provenance(
    round_: tuple[Portfolio, Mapping[str, bytes]], codelists: Mapping[str, Codelist]
) -> None:
    portfolio, files = round_
    workbook = fill_workbook(
        files[_name("kultur", "status.xlsx")],
        {"initiative:festival": ("Afsluttet", "Gennemført")},
    )
    document = fill_document(
        files[_name("kultur", "narrative.docx")],
        {
            "initiative:festival": {
                "Resultater": [
                    [("Festivalen samlede ", False, False), ("5.000", True, False)],
                    "Gäste aus Weiz: »Grüße«\nZweite Zeile – æøå",
                ],
                "Afvigelser": [
                    [("Regn", False, True), (" om lørdagen.", False, False)]
                ],
            },
            "followup": {"Resumé": ["Året i korte træk."]},
        },
    )
    result = _collect(
        portfolio,
        codelists,
        ("kultur-svar.xlsx", workbook),  # a renamed file: the identity is inside
        (_name("kultur", "narrative.docx"), document),
    )
    assert result.refused == ()
    # Status: the festival's two fields and the prefilled statuses of two more.
    assert [t.fields for t in result.taken] == [4, 4]
    followup = _followup(result.portfolio)
    update = followup.update_for(SubjectRef("initiative", "festival"))
    assert update is not None
    assert (update.status, update.progress) == ("closed", "completed")
    assert update.achievements.values == {
        "da": "Festivalen samlede **5.000**\n\nGäste aus Weiz: »Grüße«\nZweite Zeile – æøå"
    }
    assert update.deviations.values == {"da": "*Regn* om lørdagen."}
    # Left as prefilled from last year, and nothing there yet: taken.
    assert update.next_steps.values == {"da": "Festivalen gentages i 2024."}
    assert followup.summary.values == {"da": "Året i korte træk."}
    assert [s.title for s in update.sources] == [
        "kultur-svar.xlsx",
        _name("kultur", "narrative.docx"),
    ]
    note = update.sources[0].note or ""
    assert note.startswith("munintl-form status kultur sha256:")
    assert note.endswith("collected 2025-02-01T14:00:00+00:00")
    # The other subjects the status form prefilled with a status are taken
    # as confirmed; progress is still missing for them.
    status = round_status(plan_round(result.portfolio, 2024))
    kultur = status.departments[0]
    assert SubjectRef("initiative", "festival") not in kultur.missing
    assert kultur.missing[SubjectRef("initiative", "formel")] == (
        "progress",
        "achievements",
    )
    assert kultur.followup == ("recommendation",)


def test_a_formula_in_a_cell_is_refused_never_evaluated(
    round_: tuple[Portfolio, Mapping[str, bytes]], codelists: Mapping[str, Codelist]
) -> None:
    portfolio, files = round_
    workbook = fill_workbook(
        files[_name("kultur", "status.xlsx")],
        {
            "initiative:festival": ("=1+1", "Planmæssigt"),
            "initiative:formel": ("Under gennemførelse", "Maybe"),
        },
    )
    result = _collect(portfolio, codelists, ("k.xlsx", workbook))
    assert result.taken == ()
    assert result.portfolio is portfolio
    messages = [p.format() for p in result.refused[0].problems]
    assert messages[0].startswith(
        "k.xlsx: Status!I4 (Status): '=1+1' is a formula; formulas are not"
        " evaluated, so choose one of: Under forberedelse,"
    )
    assert messages[1].startswith(
        "k.xlsx: Status!J5 (Fremdrift): 'Maybe' is not one of:"
    )


def test_rows_in_another_order_are_read_by_their_id(
    round_: tuple[Portfolio, Mapping[str, bytes]], codelists: Mapping[str, Codelist]
) -> None:
    portfolio, files = round_
    book = openpyxl.load_workbook(io.BytesIO(files[_name("miljoe", "status.xlsx")]))
    sheet = book["Status"]
    first = [c.value for c in sheet[2]]
    second = [c.value for c in sheet[3]]
    for column, value in enumerate(second, start=1):
        sheet.cell(row=2, column=column, value=value)
    for column, value in enumerate(first, start=1):
        sheet.cell(row=3, column=column, value=value)
    sheet.cell(row=2, column=10, value="Forsinket")  # now initiative:klima-net
    out = io.BytesIO()
    book.save(out)
    result = _collect(portfolio, codelists, ("m.xlsx", out.getvalue()))
    assert result.refused == ()
    update = _followup(result.portfolio).update_for(
        SubjectRef("initiative", "klima-net")
    )
    assert update is not None
    assert update.progress == "delayed"


@pytest.mark.parametrize(
    ("damage", "message"),
    [
        (lambda data: data[: len(data) // 2], "damaged or of another kind"),
        (lambda data: b"not a zip at all", "damaged or of another kind"),
    ],
)
def test_a_broken_file_is_refused_with_a_reason(
    round_: tuple[Portfolio, Mapping[str, bytes]],
    codelists: Mapping[str, Codelist],
    damage: object,
    message: str,
) -> None:
    portfolio, files = round_
    data = damage(files[_name("kultur", "status.xlsx")])  # type: ignore[operator]
    result = _collect(portfolio, codelists, ("broken.xlsx", data))
    assert result.taken == ()
    assert message in result.refused[0].problems[0].message


def test_a_renamed_sheet_and_a_changed_id_are_refused(
    round_: tuple[Portfolio, Mapping[str, bytes]], codelists: Mapping[str, Codelist]
) -> None:
    portfolio, files = round_
    book = openpyxl.load_workbook(io.BytesIO(files[_name("kultur", "status.xlsx")]))
    book["Status"].title = "Mine svar"
    renamed = io.BytesIO()
    book.save(renamed)
    book = openpyxl.load_workbook(io.BytesIO(files[_name("kultur", "status.xlsx")]))
    book["Status"]["A3"] = "initiative:somewhere-else"
    changed = io.BytesIO()
    book.save(changed)
    result = _collect(
        portfolio,
        codelists,
        ("renamed.xlsx", renamed.getvalue()),
        ("changed.xlsx", changed.getvalue()),
    )
    first, second = (e.problems for e in result.refused)
    assert "the sheet 'Status' is missing (the workbook has: Mine svar)" in (
        first[0].message
    )
    assert [p.where for p in second] == ["Status!A3 (Emne)", "Status"]
    assert "'initiative:somewhere-else' is not a subject this form asks about" in (
        second[0].message
    )
    assert "the row of goal:kultur-maal is missing" in second[1].message


def test_forms_for_another_year_body_or_portfolio_are_refused(
    round_: tuple[Portfolio, Mapping[str, bytes]], codelists: Mapping[str, Codelist]
) -> None:
    portfolio, files = round_
    form = ("f.xlsx", files[_name("kultur", "status.xlsx")])
    assert "is for 2024, not 2025" in str(
        _collect(portfolio, codelists, form, year=2025).refused[0]
    )
    assert "is for the body 'udvalg', not 'byraad'" in str(
        _collect(portfolio, codelists, form, body="byraad").refused[0]
    )
    other = attrs.evolve(
        portfolio, municipality=attrs.evolve(portfolio.municipality, id="andetby")
    )
    assert "is for the portfolio 'testby', not 'andetby'" in str(
        _collect(other, codelists, form).refused[0]
    )


def test_overlapping_subjects_the_second_edit_of_a_changed_field_is_stale(
    round_: tuple[Portfolio, Mapping[str, bytes]], codelists: Mapping[str, Codelist]
) -> None:
    portfolio, files = round_
    kultur = fill_workbook(
        files[_name("kultur", "status.xlsx")],
        {"initiative:klima-net": ("Under gennemførelse", "Planmæssigt")},
    )
    miljoe = fill_workbook(
        files[_name("miljoe", "status.xlsx")],
        {"initiative:klima-net": ("Under gennemførelse", "I risiko")},
    )
    miljoe_agrees = fill_workbook(
        files[_name("miljoe", "status.xlsx")],
        {"initiative:klima-net": ("Under gennemførelse", "Planmæssigt")},
    )
    result = _collect(
        portfolio, codelists, ("kultur.xlsx", kultur), ("miljoe.xlsx", miljoe)
    )
    assert [t.form for t in result.taken] == ["kultur.xlsx"]
    (problem,) = result.refused[0].problems
    assert problem.where == "initiative:klima-net/progress"
    assert "the follow-up changed too since the form was made (by kultur.xlsx)" in (
        problem.message
    )
    update = _followup(result.portfolio).update_for(
        SubjectRef("initiative", "klima-net")
    )
    assert update is not None
    assert update.progress == "on-track"
    # The same answer from the other department is no conflict.
    agreed = _collect(result.portfolio, codelists, ("miljoe2.xlsx", miljoe_agrees))
    assert agreed.refused == ()
    assert agreed.taken[0].fields == 0


def test_a_form_collected_twice_changes_nothing_the_second_time(
    round_: tuple[Portfolio, Mapping[str, bytes]], codelists: Mapping[str, Codelist]
) -> None:
    portfolio, files = round_
    form = (
        "k.xlsx",
        fill_workbook(
            files[_name("kultur", "status.xlsx")],
            {"initiative:festival": ("", "Forsinket")},
        ),
    )
    once = _collect(portfolio, codelists, form)
    twice = _collect(once.portfolio, codelists, form)
    assert twice.taken[0].already
    assert not twice.changed
    assert twice.portfolio == once.portfolio


def test_last_years_text_left_as_it_was_is_no_change_and_no_conflict(
    portfolio: Portfolio, codelists: Mapping[str, Codelist]
) -> None:
    last = portfolio.followup("followup-2023")
    assert last is not None
    update = last.update_for(SubjectRef("initiative", "klima-net"))
    assert update is None
    # Last year's text on the shared subject, written over two lines.
    wrapped = attrs.evolve(
        last,
        updates=(
            *last.updates,
            StatusUpdate(
                subject=SubjectRef("initiative", "klima-net"),
                achievements=LocalizedText.of(da="Netværket mødtes\nfire gange."),
            ),
        ),
    )
    changed = attrs.evolve(portfolio, followups=[wrapped])
    prepared = prepare_round(changed, 2024, codelists=codelists, made=NOW)
    kultur = prepared.files[_name("kultur", "narrative.docx")]
    miljoe = prepared.files[_name("miljoe", "narrative.docx")]
    result = _collect(
        prepared.portfolio, codelists, ("kultur.docx", kultur), ("miljoe.docx", miljoe)
    )
    # Both left it as it was: taken once, the other is no conflict.
    assert result.refused == ()
    followup = _followup(result.portfolio)
    taken = followup.update_for(SubjectRef("initiative", "klima-net"))
    assert taken is not None
    assert taken.achievements.values == {"da": "Netværket mødtes fire gange."}


def test_a_form_for_a_follow_up_that_lost_its_period_is_refused(
    round_: tuple[Portfolio, Mapping[str, bytes]], codelists: Mapping[str, Codelist]
) -> None:
    # Made an ad-hoc review since the forms went out: it covers no year now.
    portfolio, files = round_
    review = attrs.evolve(_followup(portfolio), period=None)
    portfolio = attrs.evolve(portfolio, followups=(review,))
    form = ("f.xlsx", files[_name("kultur", "status.xlsx")])
    collected = _collect(portfolio, codelists, form)
    assert "now covers another year or body than this form" in str(collected.refused[0])
    assert collected.portfolio.followup(ID) == review
