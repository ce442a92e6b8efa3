"""Bad input in the fields issue 10 added: file, line and a clear message.

Each case adds one file to the small valid store of the bad-input corpus
(``test_bad_input.py``) and expects ``munintl validate`` to exit 1 with a
line ``<file>:<line>:...`` that carries the message, changing nothing.
"""

from __future__ import annotations

import textwrap
from pathlib import Path

import attrs
import pytest
from click.testing import CliRunner

from cli.test_bad_input import (  # the corpus's store fixture and snapshot
    snapshot,
    store,  # noqa: F401 - a pytest fixture, used by name
)
from munintl.cli import main


@attrs.frozen
class Case:
    """One bad file; the finding is at ``line`` of ``at`` (default: the file)."""

    name: str
    file: str
    content: str
    line: int
    message: str
    code: str
    at: str | None = None
    extra: tuple[tuple[str, str], ...] = ()


def case(
    name: str,
    file: str,
    content: str,
    line: int,
    message: str,
    code: str,
    at: str | None = None,
    extra: dict[str, str] | None = None,
) -> Case:
    more = tuple((k, textwrap.dedent(v)) for k, v in (extra or {}).items())
    return Case(name, file, textwrap.dedent(content), line, message, code, at, more)


CASES: list[Case] = [
    case(
        "decision-by-a-body-the-strategy-does-not-name",
        "partnerships/venskab.yaml",
        """\
        kind: twinning
        title:
          da: Venskab
        parties:
        - party: lilleby
        - party: partnerby
        events:
        - kind: signed
          date: 1993
          decided_by: styregruppe
        """,
        10,
        "'styregruppe' decided on a twinning relationship, but the strategy says"
        " decisions on it are taken by 'byraadet'",
        "decision-by-body-not-allowed",
        extra={
            "bodies/styregruppe.yaml": """\
                name:
                  da: Styregruppe
                type: project-group
                """,
            "strategies/strategi/strategy.yaml": """\
                title:
                  da: International strategi
                  en: International strategy
                themes: [klima]
                decision_rights:
                - partnership_kind: twinning
                  bodies: [byraadet]
                """,
        },
    ),
    case(
        "recurrence-every-zero-years",
        "initiatives/udveksling.yaml",
        """\
        title:
          da: Udveksling
        kind: staff-exchange
        themes: [klima]
        period: {start: 2010}
        recurrence:
          every: 0
        """,
        7,
        "every must be a whole number of years of 1 or more, not 0",
        "invalid-value",
    ),
    case(
        "recurrence-without-a-start",
        "initiatives/udveksling.yaml",
        """\
        title:
          da: Udveksling
        kind: staff-exchange
        themes: [klima]
        recurrence:
          every: 2
          period: {end: 2020}
        """,
        5,
        "a recurrence needs the date it starts from",
        "recurrence-not-countable",
    ),
    case(
        "event-date-with-a-part-of-a-year",
        "partnerships/venskab.yaml",
        """\
        kind: twinning
        title:
          da: Venskab
        parties:
        - party: lilleby
        - party: partnerby
        events:
        - kind: signed
          date: early 2001
        """,
        9,
        "'early 2001' is not a date",
        "invalid-value",
    ),
    case(
        "kind-change-without-the-new-kind",
        "partnerships/venskab.yaml",
        """\
        kind: twinning
        title:
          da: Venskab
        parties:
        - party: lilleby
        - party: partnerby
        events:
        - kind: signed
          date: before 1990
        - kind: kind-changed
          date: 2023-01-12
        """,
        10,
        "a kind-changed event needs new_kind",
        "partnership-event-fields",
    ),
    case(
        "responsible-names-no-actor",
        "initiatives/varmeplan.yaml",
        """\
        title:
          da: Varmeplan
        kind: project
        themes: [klima]
        responsible:
        - byraadet
        - partnerbyy
        """,
        7,
        "there is no body or organisation (or the municipality) with the id"
        " 'partnerbyy'; did you mean 'partnerby'?",
        "dangling-reference",
    ),
    case(
        "actor-id-is-a-body-and-an-organisation",
        "bodies/partnerby.yaml",
        """\
        name:
          da: Partnerby-udvalget
        type: committee
        """,
        11,
        "'partnerby' names both a body and an organisation",
        "ambiguous-actor",
        at="initiatives/klimaprojekt.yaml",
    ),
    case(
        "joint-body-member-with-no-seats",
        "bodies/styregruppe.yaml",
        """\
        name:
          da: Styregruppe
        type: project-group
        members:
        - member: byraadet
        - member: partnerby
          seats: 0
        """,
        7,
        "seats must be at least 1, not 0",
        "invalid-value",
    ),
    case(
        "joint-body-member-of-itself",
        "bodies/styregruppe.yaml",
        """\
        name:
          da: Styregruppe
        type: project-group
        members:
        - member: partnerby
        - member: styregruppe
        """,
        6,
        "body 'styregruppe' is listed among its own members",
        "body-member-problem",
    ),
    case(
        "body-successor-names-no-body",
        "bodies/teknisk-udvalg.yaml",
        """\
        name:
          da: Teknisk udvalg
        type: committee
        successor: byradet
        """,
        4,
        "there is no body with the id 'byradet'; did you mean 'byraadet'?",
        "dangling-reference",
    ),
    case(
        # No period and nothing named: an ad-hoc review that reviews nothing.
        # The finding points at the follow-up's first line: period is missing.
        "followup-without-period-names-no-subject",
        "followups/gennemgang/followup.yaml",
        """\
        kind: partnership-review
        title:
          da: Gennemgang
        addressee: byraadet
        due: 2024-05-14
        """,
        1,
        "follow-up 'gennemgang' covers no fixed period and names no subject",
        "followup-covers-nothing",
    ),
]

# Found by writing the trial portfolios (tests/fixtures/trials) from the docs.
CASES += [
    case(
        "kept-by-names-no-actor",
        "partnerships/venskab.yaml",
        """\
        kind: twinning
        title:
          da: Venskab
        parties:
        - party: lilleby
        - party: partnerby
        kept_by: [venskabsforening]
        """,
        7,
        "there is no body or organisation (or the municipality) with the id"
        " 'venskabsforening'",
        "dangling-reference",
    ),
    case(
        "funder-names-no-actor",
        "initiatives/udveksling.yaml",
        """\
        title:
          da: Udveksling
        kind: staff-exchange
        themes: [klima]
        funding:
        - funder: lileby
          amount: {amount: 1000, currency: DKK}
        """,
        6,
        "there is no body or organisation (or the municipality) with the id"
        " 'lileby'; did you mean 'lilleby'?",
        "dangling-reference",
    ),
    case(
        "plans-names-no-document",
        "initiatives/udveksling.yaml",
        """\
        title:
          da: Udveksling
        kind: staff-exchange
        themes: [klima]
        plans: [handelplan]
        """,
        5,
        "there is no document of a strategy with the id 'handelplan'",
        "dangling-reference",
    ),
    case(
        "document-under-a-parent-the-strategy-lacks",
        "strategies/strategi/strategy.yaml",
        """\
        title:
          da: International strategi
        themes: [klima]
        documents:
        - id: handleplan
          kind: action-plan
          title:
            da: Handleplan
          parent: strategj
        """,
        9,
        "document 'handleplan' is placed under 'strategj', which is neither"
        " another document of strategy 'strategi' nor the strategy itself;"
        " did you mean 'strategi'?",
        "dangling-reference",
    ),
    case(
        "recommendation-to-a-body-that-may-not-decide",
        "followups/gennemgang/followup.yaml",
        """\
        kind: partnership-review
        title:
          da: Gennemgang
        period: {start: 2024-05-14, end: 2024-05-14}
        addressee: byraadet
        decisions:
        - body: byraadet
          date: 2024-05-14
          outcome: end
          recommended_to: styregruppe
          subjects: [partnership:venskab]
        """,
        10,
        "'styregruppe' decided on a twinning relationship, but the strategy says"
        " decisions on it are taken by 'byraadet'",
        "decision-by-body-not-allowed",
        extra={
            "bodies/styregruppe.yaml": """\
                name:
                  da: Styregruppe
                type: project-group
                """,
            "partnerships/venskab.yaml": """\
                kind: twinning
                title:
                  da: Venskab
                parties:
                - party: lilleby
                - party: partnerby
                """,
            "strategies/strategi/strategy.yaml": """\
                title:
                  da: International strategi
                themes: [klima]
                decision_rights:
                - partnership_kind: twinning
                  bodies: [byraadet]
                """,
        },
    ),
]


@pytest.mark.parametrize("bad", CASES, ids=[c.name for c in CASES])
def test_bad_input_is_reported_with_its_file_and_line(
    store: Path,  # noqa: F811 - the corpus's fixture
    bad: Case,
) -> None:
    for relative, content in ((bad.file, bad.content), *bad.extra):
        path = store / relative
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(content, encoding="utf-8")
    before = snapshot(store)

    result = CliRunner().invoke(main, ["validate", str(store)])

    assert result.exit_code == 1, result.output
    assert "Traceback" not in result.output
    lines = [
        line
        for line in result.output.splitlines()
        if bad.message in line
        and (f"[{bad.code}]" in line or bad.code == "invalid-value")
    ]
    assert lines, result.output
    at = store / (bad.at or bad.file)
    assert any(line.startswith(f"{at}:{bad.line}:") for line in lines), lines
    assert snapshot(store) == before
