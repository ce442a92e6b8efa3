"""Rules on ids, references and codes (the walk they share: ``test_walk.py``)."""

from __future__ import annotations

from typing import Any

import attrs
import pytest

from munintl.config import Config
from munintl.errors import Finding
from munintl.hooks.manager import MunintlPluginManager
from munintl.model import (
    CodeItem,
    CodeRef,
    Decision,
    Goal,
    PartialDate,
    Participation,
    PartnershipEvent,
    Portfolio,
    StatusUpdate,
    StrategyDocument,
    SubjectRef,
)
from munintl.validation import RuleContext, run_rules
from plugins.rules.helpers import (
    body,
    followup,
    initiative,
    organisation,
    partnership,
    portfolio,
    strategy,
    text,
    theme,
)

MANAGER = MunintlPluginManager(strict=True, allow=(), disable=())
MANAGER.load_builtins(["munintl.plugins.codelists", "munintl.plugins.rules.references"])


def check(code: str, portfolio: Portfolio, **context: Any) -> list[Finding]:
    """Run one rule, as validation would, with the built-in codelists."""
    codelists = context.pop("codelists", MANAGER.codelists())
    rule_context = RuleContext(codelists=codelists, config=Config())
    return run_rules(portfolio, [MANAGER.rules()[code]], rule_context)


def summary(findings: list[Finding]) -> list[tuple[str, str, str]]:
    return [(f.severity, f.path, f.message) for f in findings]


# -- registration --------------------------------------------------------------


def test_reference_rules_are_registered_with_their_severities() -> None:
    assert {name: rule.severity for name, rule in MANAGER.rules().items()} == {
        "duplicate-id": "error",
        "dangling-reference": "error",
        "ambiguous-actor": "error",
        "body-member-problem": "error",
        "reference-cycle": "error",
        "unknown-code": "error",
        "deprecated-code": "warning",
        "event-party-not-in-partnership": "error",
        "partnership-needs-two-parties": "error",
        "theme-without-responsible-body": "info",
        "theme-too-deep": "error",
        "initiative-without-theme": "info",
    }


# -- duplicate-id --------------------------------------------------------------


def test_duplicate_body_id_is_an_error() -> None:
    findings = check(
        "duplicate-id", portfolio(bodies=(body("council"), body("council")))
    )
    assert summary(findings) == [
        (
            "error",
            "bodies[council].id",
            "2 bodies have the id 'council'; give each its own id (references would"
            " not know which one is meant)",
        )
    ]


def test_theme_id_reused_in_another_strategy_is_an_error() -> None:
    strategies = (
        strategy("strategy-2020", theme("culture")),
        strategy("strategy-2024", theme("culture")),
    )
    findings = check("duplicate-id", portfolio(strategies=strategies))
    assert summary(findings) == [
        (
            "error",
            "themes[culture].id",
            "theme id 'culture' is used again (in strategy 'strategy-2024', first in"
            " strategy 'strategy-2020'); theme ids must be unique across all"
            " strategies",
        )
    ]


def test_goal_id_reused_under_another_theme_is_an_error() -> None:
    goal = Goal(id="more-visitors", statement=text("More visitors"))
    strategies = (
        strategy("s", theme("culture", goals=(goal,)), theme("tourism", goals=(goal,))),
    )
    findings = check("duplicate-id", portfolio(strategies=strategies))
    assert summary(findings) == [
        (
            "error",
            "themes[tourism].goals[0].id",
            "goal id 'more-visitors' is already used by a goal of theme 'culture';"
            " goal ids must be unique across all strategies",
        )
    ]


def test_duplicate_document_id_in_a_strategy_is_an_error() -> None:
    document = StrategyDocument(
        id="action-plan", kind="action-plan", title=text("Plan")
    )
    strategies = (strategy("s", theme("culture"), documents=(document, document)),)
    findings = check("duplicate-id", portfolio(strategies=strategies))
    assert summary(findings) == [
        (
            "error",
            "strategies[s].documents[1].id",
            "strategy 's' has two documents with the id 'action-plan'; give each"
            " its own id",
        )
    ]


def test_organisation_with_the_municipality_id_is_an_error() -> None:
    findings = check(
        "duplicate-id", portfolio(organisations=(organisation("lilleby"),))
    )
    assert summary(findings) == [
        (
            "error",
            "organisations[lilleby].id",
            "organisation 'lilleby' has the municipality's own id; rename the"
            " organisation (a partner reference would be ambiguous)",
        )
    ]


def test_unique_ids_pass() -> None:
    subject = portfolio(
        bodies=(body("council"), body("culture-committee")),
        organisations=(organisation("eisenach"),),
        initiatives=(initiative("a"), initiative("b")),
    )
    assert check("duplicate-id", subject) == []


# -- dangling-reference --------------------------------------------------------


def test_dangling_theme_reference_is_an_error_with_a_suggestion() -> None:
    subject = portfolio(initiatives=(initiative("x", themes=("culture", "educaton")),))
    assert summary(check("dangling-reference", subject)) == [
        (
            "error",
            "initiatives[x].themes[1]",
            "there is no theme with the id 'educaton'; did you mean 'education'?",
        )
    ]


def test_dangling_party_reference_is_an_error() -> None:
    participation = Participation(organisation="nowhere-at-all")
    subject = portfolio(initiatives=(initiative("x", participations=(participation,)),))
    assert summary(check("dangling-reference", subject)) == [
        (
            "error",
            "initiatives[x].participations[0].organisation",
            "there is no body or organisation (or the municipality) with the id"
            " 'nowhere-at-all'",
        )
    ]


def test_the_municipality_is_a_valid_party() -> None:
    subject = portfolio(
        organisations=(organisation("eisenach"),),
        partnerships=(partnership("twinning", "lilleby", "eisenach"),),
    )
    assert check("dangling-reference", subject) == []


def test_dangling_reference_in_a_nested_theme_is_found() -> None:
    nested = theme("museums", responsible=("council", "museum-board"))
    subject = portfolio(strategies=(strategy("s", theme("culture", themes=(nested,))),))
    assert summary(check("dangling-reference", subject)) == [
        (
            "error",
            "themes[museums].responsible[1]",
            "there is no body with the id 'museum-board'",
        )
    ]


def test_update_subject_that_does_not_exist_is_an_error() -> None:
    update = StatusUpdate(subject=SubjectRef("initiative", "museum-exchang"))
    subject = portfolio(
        initiatives=(initiative("museum-exchange"),),
        followups=(followup(updates=(update,)),),
    )
    assert summary(check("dangling-reference", subject)) == [
        (
            "error",
            "followups[followup-2024].updates[initiative:museum-exchang].subject",
            "there is no initiative with the id 'museum-exchang'; did you mean"
            " 'museum-exchange'?",
        )
    ]


def test_decision_subject_that_does_not_exist_is_an_error() -> None:
    decision = Decision(
        body="council",
        date=PartialDate(year=2025),
        outcome="noted",
        subjects=(SubjectRef("theme", "culture"), SubjectRef("partnership", "gone")),
    )
    subject = portfolio(followups=(followup(decisions=(decision,)),))
    assert summary(check("dangling-reference", subject)) == [
        (
            "error",
            "followups[followup-2024].decisions[0].subjects[1]",
            "there is no partnership with the id 'gone'",
        )
    ]


def test_existing_references_pass() -> None:
    update = StatusUpdate(subject=SubjectRef("initiative", "x"))
    subject = portfolio(
        organisations=(organisation("eisenach"),),
        initiatives=(
            initiative(
                "x",
                responsible=("council",),
                participations=(Participation(organisation="eisenach"),),
            ),
        ),
        followups=(followup(updates=(update,)),),
    )
    assert check("dangling-reference", subject) == []


# -- reference-cycle -----------------------------------------------------------


def test_body_parent_loop_is_an_error() -> None:
    subject = portfolio(
        bodies=(body("a", parent="b"), body("b", parent="a"), body("council"))
    )
    assert summary(check("reference-cycle", subject)) == [
        (
            "error",
            "bodies[a].parent",
            "the parent chain of bodies loops back on itself (a → b → a); remove or"
            " correct one of these parent references",
        )
    ]


def test_organisation_that_is_its_own_successor_is_an_error() -> None:
    subject = portfolio(organisations=(organisation("eisenach", successor="eisenach"),))
    assert summary(check("reference-cycle", subject)) == [
        (
            "error",
            "organisations[eisenach].successor",
            "the successor chain of organisations loops back on itself (eisenach →"
            " eisenach); remove or correct one of these successor references",
        )
    ]


def test_initiative_parent_loop_of_three_is_reported_once() -> None:
    subject = portfolio(
        initiatives=(
            initiative("b", parent="c"),
            initiative("a", parent="b"),
            initiative("c", parent="a"),
            initiative("d", parent="a"),
        )
    )
    assert summary(check("reference-cycle", subject)) == [
        (
            "error",
            "initiatives[a].parent",
            "the parent chain of initiatives loops back on itself (a → b → c → a);"
            " remove or correct one of these parent references",
        )
    ]


def test_strategies_superseding_each_other_is_an_error() -> None:
    strategies = (
        strategy("strategy-2020", supersedes="strategy-2024"),
        strategy("strategy-2024", supersedes="strategy-2020"),
    )
    assert [
        f.path for f in check("reference-cycle", portfolio(strategies=strategies))
    ] == ["strategies[strategy-2020].supersedes"]


def test_chains_without_loops_pass() -> None:
    subject = portfolio(
        bodies=(body("council"), body("committee", parent="council")),
        organisations=(organisation("region"), organisation("city", parent="region")),
        initiatives=(
            initiative("programme"),
            initiative("project", parent="programme"),
        ),
    )
    assert check("reference-cycle", subject) == []


# -- unknown-code --------------------------------------------------------------


def test_unknown_code_in_a_closed_list_is_an_error_with_a_suggestion() -> None:
    subject = portfolio(initiatives=(initiative("x", status="implementaton"),))
    assert summary(check("unknown-code", subject)) == [
        (
            "error",
            "initiatives[x].status",
            "'implementaton' is not in the initiative-status codelist; did you mean"
            " 'implementation'?",
        )
    ]


def test_unknown_code_in_a_closed_list_lists_the_codes_when_nothing_is_close() -> None:
    subject = portfolio(initiatives=(initiative("x", status="ongoing"),))
    assert summary(check("unknown-code", subject)) == [
        (
            "error",
            "initiatives[x].status",
            "'ongoing' is not in the initiative-status codelist; use one of"
            " 'pipeline', 'implementation', 'finalisation', 'closed', 'cancelled',"
            " 'suspended'",
        )
    ]


def test_unknown_code_in_an_open_list_is_a_warning() -> None:
    subject = portfolio(
        bodies=(body("council", type="comittee"), body("board", type="board"))
    )
    assert summary(check("unknown-code", subject)) == [
        (
            "warning",
            "bodies[board].type",
            "'board' is not in the open body-type codelist; other codes are allowed"
            " here, but check the spelling",
        ),
        (
            "warning",
            "bodies[council].type",
            "'comittee' is not in the open body-type codelist; did you mean"
            " 'committee'?",
        ),
    ]


def test_classification_outside_a_closed_codelist_is_an_error() -> None:
    subject = portfolio(
        initiatives=(initiative("x", classifications=(CodeRef("sdg", "18"),)),)
    )
    assert summary(check("unknown-code", subject)) == [
        (
            "error",
            "initiatives[x].classifications[0]",
            "'18' is not in the sdg codelist; use one of '1', '2', '3', '4', '5', '6',"
            " '7', '8', ... (17 in all)",
        )
    ]


def test_classification_in_an_unregistered_scheme_is_a_warning() -> None:
    classifications = (CodeRef("sgd", "11"), CodeRef("kle", "00.01"))
    subject = portfolio(initiatives=(initiative("x", classifications=classifications),))
    assert summary(check("unknown-code", subject)) == [
        (
            "warning",
            "initiatives[x].classifications[0]",
            "'sgd:11' uses the codelist 'sgd', which no plugin registers, so the code"
            " cannot be checked or labelled; did you mean 'sdg'?",
        ),
        (
            "warning",
            "initiatives[x].classifications[1]",
            "'kle:00.01' uses the codelist 'kle', which no plugin registers, so the"
            " code cannot be checked or labelled",
        ),
    ]


def test_code_fields_of_an_unregistered_codelist_are_not_checked() -> None:
    codelists = {k: v for k, v in MANAGER.codelists().items() if k != "body-type"}
    subject = portfolio(bodies=(body("council", type="anything"),))
    assert check("unknown-code", subject, codelists=codelists) == []


def test_known_codes_pass() -> None:
    subject = portfolio(
        initiatives=(
            initiative(
                "x",
                status="closed",
                classifications=(CodeRef("sdg", "11"),),
                results=(),
                participations=(Participation(organisation="lilleby", role="host"),),
            ),
        )
    )
    assert check("unknown-code", subject) == []


# -- deprecated-code -----------------------------------------------------------


def _with_deprecated_office() -> dict[str, Any]:
    codelists = dict(MANAGER.codelists())
    body_types = codelists["body-type"]
    items = tuple(
        attrs.evolve(item, deprecated=item.code == "office")
        for item in body_types.items
    )
    codelists["body-type"] = attrs.evolve(body_types, items=items)
    codelists["sdg"] = attrs.evolve(
        codelists["sdg"],
        items=(*codelists["sdg"].items, CodeItem(code="0", deprecated=True)),
    )
    return codelists


def test_deprecated_code_is_a_warning() -> None:
    subject = portfolio(
        bodies=(body("mayor", type="office"), body("council")),
        initiatives=(initiative("x", classifications=(CodeRef("sdg", "0"),)),),
    )
    findings = check("deprecated-code", subject, codelists=_with_deprecated_office())
    assert summary(findings) == [
        (
            "warning",
            "bodies[mayor].type",
            "the body-type code 'office' is deprecated; choose a current code",
        ),
        (
            "warning",
            "initiatives[x].classifications[0]",
            "the sdg code '0' is deprecated; choose a current code",
        ),
    ]


def test_current_codes_pass_the_deprecation_check() -> None:
    subject = portfolio(bodies=(body("council"),))
    assert check("deprecated-code", subject, codelists=_with_deprecated_office()) == []


# -- partnership parties -------------------------------------------------------


def test_event_by_someone_outside_the_partnership_is_an_error() -> None:
    events = (
        PartnershipEvent(kind="signed", date=PartialDate(year=1993)),
        PartnershipEvent(kind="ended", date=PartialDate(year=2023), party="weimar"),
    )
    subject = portfolio(
        organisations=(organisation("eisenach"), organisation("weimar")),
        partnerships=(partnership("twinning", "lilleby", "eisenach", events=events),),
    )
    assert summary(check("event-party-not-in-partnership", subject)) == [
        (
            "error",
            "partnerships[twinning].events[1].party",
            "'weimar' is not a party to this partnership (its parties are 'lilleby',"
            " 'eisenach'); name one of them, or add 'weimar' to the parties",
        )
    ]


def test_events_by_parties_pass() -> None:
    events = (
        PartnershipEvent(kind="signed", date=PartialDate(year=1993)),
        PartnershipEvent(kind="ended", date=PartialDate(year=2023), party="eisenach"),
    )
    subject = portfolio(
        organisations=(organisation("eisenach"),),
        partnerships=(partnership("twinning", "lilleby", "eisenach", events=events),),
    )
    assert check("event-party-not-in-partnership", subject) == []


def test_partnership_with_one_party_is_an_error() -> None:
    subject = portfolio(partnerships=(partnership("twinning", "lilleby", "lilleby"),))
    assert summary(check("partnership-needs-two-parties", subject)) == [
        (
            "error",
            "partnerships[twinning].parties",
            "a partnership needs at least two parties (usually the municipality and"
            " its partner); this one has 1",
        )
    ]


def test_partnership_with_two_parties_passes() -> None:
    subject = portfolio(
        organisations=(organisation("eisenach"),),
        partnerships=(partnership("twinning", "lilleby", "eisenach"),),
    )
    assert check("partnership-needs-two-parties", subject) == []


# -- nudges --------------------------------------------------------------------


def test_theme_without_responsible_body_is_reported_as_info() -> None:
    orphan = theme("tourism", responsible=(), themes=(theme("hotels", responsible=()),))
    covered = theme("culture", themes=(theme("museums", responsible=()),))
    subject = portfolio(strategies=(strategy("s", orphan, covered),))
    assert summary(check("theme-without-responsible-body", subject)) == [
        (
            "info",
            "themes[hotels].responsible",
            "no body is responsible for theme 'hotels'; name one under 'responsible'"
            " so the follow-up knows who reports on it",
        ),
        (
            "info",
            "themes[tourism].responsible",
            "no body is responsible for theme 'tourism'; name one under 'responsible'"
            " so the follow-up knows who reports on it",
        ),
    ]


def test_themes_with_responsible_bodies_pass() -> None:
    assert check("theme-without-responsible-body", portfolio()) == []


def test_initiative_without_theme_is_reported_as_info() -> None:
    subject = portfolio(initiatives=(initiative("x", themes=()),))
    assert summary(check("initiative-without-theme", subject)) == [
        (
            "info",
            "initiatives[x].themes",
            "initiative 'x' serves no theme or goal of a strategy; add the themes it"
            " serves so it appears in the follow-up under them",
        )
    ]


@pytest.mark.parametrize(
    "linked",
    [
        {"themes": ("culture",)},
        {"themes": (), "goals": ("more-visitors",)},
        {"themes": (), "parent": "programme"},
    ],
    ids=["theme", "goal", "parent"],
)
def test_initiative_linked_to_the_strategy_passes(linked: dict[str, Any]) -> None:
    subject = portfolio(
        initiatives=(initiative("x", **linked), initiative("programme"))
    )
    assert check("initiative-without-theme", subject) == []


def test_initiative_without_theme_is_not_reported_when_there_are_no_themes() -> None:
    subject = portfolio(strategies=(), initiatives=(initiative("x", themes=()),))
    assert check("initiative-without-theme", subject) == []
