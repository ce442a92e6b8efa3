"""Rules on partnership histories: fields an event kind needs or contradicts."""

from __future__ import annotations

from typing import Any

from munintl.config import Config
from munintl.errors import Finding
from munintl.hooks.manager import MunintlPluginManager
from munintl.model import (
    CodeItem,
    Codelist,
    PartialDate,
    PartnershipEvent,
    Portfolio,
)
from munintl.validation import RuleContext, run_rules
from plugins.rules.helpers import organisation, partnership, portfolio

MANAGER = MunintlPluginManager(strict=True, allow=(), disable=())
MANAGER.load_builtins(
    ["munintl.plugins.codelists", "munintl.plugins.rules.partnerships"]
)


def check(code: str, subject: Portfolio, **context: Any) -> list[tuple[str, str]]:
    codelists = context.pop("codelists", MANAGER.codelists())
    rule_context = RuleContext(codelists=codelists, config=Config())
    found: list[Finding] = run_rules(subject, [MANAGER.rules()[code]], rule_context)
    return [(f.path, f.message) for f in found]


def history(*events: PartnershipEvent) -> Portfolio:
    return portfolio(
        organisations=(organisation("partner-town"),),
        partnerships=(
            partnership("twinning", "lilleby", "partner-town", events=events),
            partnership("new-agreement", "lilleby", "partner-town"),
        ),
    )


def event(kind: str, **more: Any) -> PartnershipEvent:
    return PartnershipEvent(kind=kind, date=PartialDate(year=2023), **more)


def test_the_rules_are_registered_with_their_severities() -> None:
    assert {name: rule.severity for name, rule in MANAGER.rules().items()} == {
        "partnership-event-fields": "error",
        "decision-by-body-not-allowed": "error",
        "partnership-event-status-not-given": "warning",
    }


def test_well_formed_events_pass() -> None:
    fine = history(
        event("signed"),
        event("kind-changed", new_kind="partner-city"),
        event("replaced", replaced_by="new-agreement"),
        event("retained", status="active"),
        event("friendship-ceremony", status="active"),
    )
    assert check("partnership-event-fields", fine) == []
    assert check("partnership-event-status-not-given", fine) == []


def test_a_kind_change_needs_the_new_kind() -> None:
    assert check("partnership-event-fields", history(event("kind-changed"))) == [
        (
            "partnerships[twinning].events[0].new_kind",
            "a kind-changed event needs new_kind: the kind the partnership became"
            " (e.g. partner-city)",
        )
    ]


def test_fields_of_another_kind_are_errors() -> None:
    wrong = history(
        event("signed", new_kind="partner-city"),
        event("ended", replaced_by="new-agreement"),
        event("replaced", replaced_by="twinning"),
        event("signed", status="ended"),
    )
    assert [path for path, _ in check("partnership-event-fields", wrong)] == [
        "partnerships[twinning].events[0].new_kind",
        "partnerships[twinning].events[1].replaced_by",
        "partnerships[twinning].events[2].replaced_by",
        "partnerships[twinning].events[3].status",
    ]
    messages = [m for _, m in check("partnership-event-fields", wrong)]
    assert messages[2] == "a partnership cannot be replaced by itself"
    assert messages[3].startswith("a signed event leads to active, not ended")


def test_an_added_kind_without_a_status_is_a_warning_naming_its_codelist() -> None:
    plain = history(event("exhibition"))
    assert check("partnership-event-status-not-given", plain) == [
        (
            "partnerships[twinning].events[0].kind",
            "the event kind 'exhibition' leaves the status unchanged, as munintl"
            " does not know what it leads to; write the status it leads to under"
            " status, or leave it",
        )
    ]
    codelists = dict(MANAGER.codelists())
    events = codelists["partnership-event"]
    codelists["partnership-event"] = Codelist(
        scheme=events.scheme,
        open=True,
        items=(*events.items, CodeItem(code="exhibition")),
        mappings={**events.mappings, "exhibition": {"status": "active"}},
    )
    ((_path, message),) = check(
        "partnership-event-status-not-given", plain, codelists=codelists
    )
    assert message.endswith(
        "its codelist says it leads to active; write status: active"
    )
