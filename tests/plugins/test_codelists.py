"""The built-in codelists: the agreed codes, labels in three languages, crosswalks."""

from __future__ import annotations

import inspect
from collections.abc import Iterator

import attrs
import pytest

import munintl.model
from munintl.errors import PluginConflictError
from munintl.hooks import hookimpl
from munintl.hooks.manager import MunintlPluginManager
from munintl.model import CodeItem, Codelist, LocalizedText
from munintl.plugins.codelists import builtin_codelists

#: The agreed vocabularies: scheme -> (open?, codes in order).
AGREED: dict[str, tuple[bool, tuple[str, ...]]] = {
    "body-type": (
        True,
        (
            "city-council",
            "committee",
            "administration",
            "department",
            "secretariat",
            "staff-unit",
            "project-group",
            "company",
            "association",
            "office",
            "other",
        ),
    ),
    "organisation-type": (
        True,
        (
            "municipality",
            "region",
            "country",
            "territory",
            "university",
            "company",
            "association",
            "network",
            "eu-office",
            "government-agency",
            "foundation",
            "school",
            "other",
        ),
    ),
    "initiative-kind": (
        True,
        (
            "project",
            "eu-project",
            "programme",
            "network",
            "network-membership",
            "service",
            "event",
            "study-visit",
            "staff-exchange",
            "delegation",
            "office",
            "other",
        ),
    ),
    "initiative-status": (
        False,
        (
            "pipeline",
            "implementation",
            "finalisation",
            "closed",
            "cancelled",
            "suspended",
        ),
    ),
    "progress-status": (
        False,
        (
            "not-started",
            "on-track",
            "at-risk",
            "delayed",
            "completed",
            "discontinued",
            "not-assessed",
        ),
    ),
    "partnership-kind": (
        True,
        (
            "twinning",
            "partner-city",
            "friendship",
            "cooperation-agreement",
            "memorandum",
            "network-membership",
        ),
    ),
    "partnership-event": (
        True,
        (
            "proposed",
            "signed",
            "joined",
            "re-signed",
            "renewed",
            "reviewed",
            "noted",
            "suspended",
            "resumed",
            "dormant",
            "ended",
            "left",
            "transferred",
            "limited",
            "retained",
            "reaffirmed",
            "relinquished",
            "handed-over",
            "kind-changed",
            "replaced",
        ),
    ),
    "organisation-role": (
        True,
        (
            "funding",
            "accountable",
            "extending",
            "implementing",
            "partner",
            "associated",
            "member",
            "host",
        ),
    ),
    "decision-outcome": (
        True,
        (
            "noted",
            "approved",
            "approved-with-changes",
            "rejected",
            "postponed",
            "retain",
            "relinquish",
            "renew",
            "end",
        ),
    ),
    "funding-programme": (
        True,
        (
            "esf",
            "esf-plus",
            "erdf",
            "interreg",
            "urbact",
            "erasmus-plus",
            "horizon",
            "life",
            "creative-europe",
            "nordic-innovation",
            "national",
            "regional",
            "municipal",
            "other",
        ),
    ),
    "result-type": (False, ("output", "outcome", "impact", "other")),
    "strategy-status": (
        False,
        (
            "draft",
            "consultation",
            "adopted",
            "in-force",
            "under-revision",
            "superseded",
            "expired",
        ),
    ),
    "document-kind": (
        True,
        ("strategy", "policy", "guidelines", "action-plan", "annex"),
    ),
    "follow-up-kind": (
        True,
        ("yearly", "partnership-review", "evaluation", "audit", "decision-report"),
    ),
    "follow-up-frequency": (
        False,
        ("yearly", "half-yearly", "quarterly", "per-term", "ad-hoc"),
    ),
    "sdg": (False, tuple(str(goal) for goal in range(1, 18))),
    "partnership-status": (
        False,
        (
            "proposed",
            "active",
            "renewed",
            "expired",
            "limited",
            "suspended",
            "dormant",
            "ended",
            "relinquished",
            "transferred",
            "handed-over",
            "replaced",
        ),
    ),
    "follow-up-state": (False, ("draft", "submitted", "noted", "decided")),
}

BUILTIN = {codelist.scheme: codelist for codelist in builtin_codelists()}


def _model_code_fields() -> Iterator[tuple[type, attrs.Attribute[object]]]:
    for _name, cls in inspect.getmembers(munintl.model, inspect.isclass):
        if attrs.has(cls):
            for field in attrs.fields(cls):
                if "codelist" in field.metadata:
                    yield cls, field


def test_builtin_codelists_are_exactly_the_agreed_ones() -> None:
    assert {
        scheme: (codelist.open, codelist.codes())
        for scheme, codelist in BUILTIN.items()
    } == AGREED


@pytest.mark.parametrize("scheme", sorted(AGREED))
def test_every_code_and_title_has_danish_english_and_german_text(scheme: str) -> None:
    codelist = BUILTIN[scheme]
    texts = [codelist.title, *(item.label for item in codelist.items)]
    for text in texts:
        assert set(text.languages) == {"da", "en", "de"}
        assert all(value.strip() for value in text.values.values())


def test_labels_read_in_the_asked_language() -> None:
    status = BUILTIN["initiative-status"]
    assert status.label("implementation", "da") == "Under gennemførelse"
    assert status.label("implementation", "de") == "In Durchführung"
    assert BUILTIN["partnership-kind"].label("twinning", "de") == "Städtepartnerschaft"


def test_initiative_status_crosswalks_to_iati_activity_status() -> None:
    status = BUILTIN["initiative-status"]
    assert {code: mapping["iati"] for code, mapping in status.mappings.items()} == {
        "pipeline": "1",
        "implementation": "2",
        "finalisation": "3",
        "closed": "4",
        "cancelled": "5",
        "suspended": "6",
    }
    assert status.source is not None
    assert status.source.endswith("/ActivityStatus/")


def test_organisation_role_crosswalks_only_the_iati_roles() -> None:
    roles = BUILTIN["organisation-role"]
    assert roles.mappings == {
        "funding": {"iati": "1"},
        "accountable": {"iati": "2"},
        "extending": {"iati": "3"},
        "implementing": {"iati": "4"},
    }


def test_result_type_other_is_iati_nine() -> None:
    assert BUILTIN["result-type"].mappings == {
        "output": {"iati": "1"},
        "outcome": {"iati": "2"},
        "impact": {"iati": "3"},
        "other": {"iati": "9"},
    }


def test_lists_without_a_standard_have_no_crosswalk() -> None:
    assert BUILTIN["progress-status"].mappings == {}
    assert BUILTIN["body-type"].mappings == {}


def test_sdgs_carry_the_un_short_names() -> None:
    sdg = BUILTIN["sdg"]
    goal = sdg.item("11")
    assert goal is not None
    assert goal.label.values == {
        "da": "Bæredygtige byer og lokalsamfund",
        "en": "Sustainable cities and communities",
        "de": "Nachhaltige Städte und Gemeinden",
    }
    assert sdg.label("17", "en") == "Partnerships for the goals"


def test_every_code_field_of_the_model_names_a_builtin_codelist() -> None:
    fields = list(_model_code_fields())
    assert fields, "the model has code fields"
    unknown = {
        f"{cls.__name__}.{field.name}": field.metadata["codelist"]
        for cls, field in fields
        if field.metadata["codelist"] not in BUILTIN
    }
    assert unknown == {}


def test_model_defaults_are_codes_of_their_codelist() -> None:
    for cls, field in _model_code_fields():
        if isinstance(field.default, str):
            codelist = BUILTIN[field.metadata["codelist"]]
            assert field.default in codelist.codes(), f"{cls.__name__}.{field.name}"


def test_codelists_are_registered_through_the_plugin_manager() -> None:
    manager = MunintlPluginManager(strict=True, allow=(), disable=())
    manager.load_builtins(["munintl.plugins.codelists"])
    assert manager.codelists() == BUILTIN


class _ExtraBodyTypes:
    @hookimpl
    def munintl_codelists(self) -> list[Codelist]:
        return [
            Codelist(
                scheme="body-type",
                open=True,
                items=(
                    CodeItem(
                        code="youth-council", label=LocalizedText.of(en="Youth council")
                    ),
                ),
            )
        ]


class _ExtraSdg:
    @hookimpl
    def munintl_codelists(self) -> list[Codelist]:
        return [Codelist(scheme="sdg", items=(CodeItem(code="18"),))]


def test_a_plugin_can_add_codes_to_an_open_builtin_list() -> None:
    manager = MunintlPluginManager(strict=True, allow=(), disable=())
    manager.load_builtins(["munintl.plugins.codelists"])
    manager.register(_ExtraBodyTypes())
    codes = manager.codelists()["body-type"].codes()
    assert codes == (*AGREED["body-type"][1], "youth-council")


def test_a_plugin_cannot_add_codes_to_a_closed_builtin_list() -> None:
    manager = MunintlPluginManager(strict=True, allow=(), disable=())
    manager.load_builtins(["munintl.plugins.codelists"])
    manager.register(_ExtraSdg())
    with pytest.raises(PluginConflictError, match="codelist 'sdg' is closed"):
        manager.codelists()


def test_partnership_statuses_cover_every_status_events_lead_to() -> None:
    from munintl.model import PARTNERSHIP_STATUSES, STATUS_AFTER_EVENT
    from munintl.plugins.codelists import munintl_codelists

    codelists = {c.scheme: c for c in munintl_codelists()}
    assert set(STATUS_AFTER_EVENT.values()) <= set(PARTNERSHIP_STATUSES)
    assert set(PARTNERSHIP_STATUSES) == set(codelists["partnership-status"].codes())
    assert set(STATUS_AFTER_EVENT) <= set(codelists["partnership-event"].codes())
    # The codelist says the status each event kind leads to, as the model does.
    mappings = codelists["partnership-event"].mappings
    assert {kind: m["status"] for kind, m in mappings.items()} == STATUS_AFTER_EVENT


def test_follow_up_states_match_the_model() -> None:
    from munintl.model.followup import FOLLOW_UP_STATES
    from munintl.plugins.codelists import munintl_codelists

    codelists = {c.scheme: c for c in munintl_codelists()}
    assert codelists["follow-up-state"].codes() == FOLLOW_UP_STATES
