"""Registration records: names checked, suffixes normalised, rules' findings."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import attrs
import pytest

from munintl.config import Config
from munintl.errors import Finding, ValidationError
from munintl.hooks.records import (
    ReportFormat,
    ReportKind,
    Rule,
    RuleContext,
    StorageBackend,
)
from munintl.model import Portfolio


def no_store(location: str, settings: Any) -> Any:
    raise AssertionError("never opened")


def no_check(portfolio: Portfolio, context: RuleContext) -> Iterator[Finding]:
    return iter(())


@pytest.mark.parametrize("name", ["yaml", "json-file", "house_rules", "x.y", "0"])
def test_names_of_lower_case_letters_digits_and_separators_are_accepted(
    name: str,
) -> None:
    assert StorageBackend(name=name, factory=no_store).name == name


@pytest.mark.parametrize("name", ["", "YAML", "-yaml", "_x", "my rule", "ü", "a/b"])
def test_other_names_are_refused_with_what_a_name_may_hold(name: str) -> None:
    with pytest.raises(ValueError, match="must be lower-case letters, digits"):
        Rule(name=name, check=no_check)


def test_suffixes_get_their_dot_and_schemes_become_a_tuple() -> None:
    backend = StorageBackend(
        name="db", factory=no_store, suffixes=["json", ".JSON"], schemes=["sqlite"]
    )
    assert backend.suffixes == (".json", ".JSON")
    assert backend.schemes == ("sqlite",)
    report_format = ReportFormat(
        name="md", factory=object, suffixes=("md",), media_type="text/markdown"
    )
    assert report_format.suffixes == (".md",)
    kind = ReportKind(name="k", factory=object, needs=["followup"])
    assert kind.needs == ("followup",)


def test_records_are_frozen() -> None:
    backend = StorageBackend(name="x", factory=no_store)
    with pytest.raises(attrs.exceptions.FrozenInstanceError):
        backend.name = "y"  # type: ignore[misc]


def test_a_rules_code_is_its_name() -> None:
    assert Rule(name="dangling-reference", check=no_check).code == "dangling-reference"


def test_rule_context_findings_carry_the_running_rules_code_and_severity() -> None:
    rule = Rule(name="house-rule", check=no_check, severity="warning")
    context = RuleContext(codelists={}, config=Config(), rule=rule)
    finding = context.finding("too long", "initiatives[x].title")
    assert (finding.code, finding.severity, finding.path, finding.message) == (
        "house-rule",
        "warning",
        "initiatives[x].title",
        "too long",
    )
    assert context.finding("worse", severity="error").severity == "error"


@attrs.frozen
class Limits:
    max_title: int = 80


def test_rule_context_settings_come_from_the_rules_table() -> None:
    rule = Rule(name="house-rule", check=no_check, settings=Limits)
    config = Config(plugins={"house-rule": {"max_title": 40}})
    assert RuleContext(codelists={}, config=config, rule=rule).settings == Limits(40)
    assert RuleContext(codelists={}, config=Config(), rule=rule).settings == Limits()
    bad = Config(plugins={"house-rule": {"max_titel": 40}})
    with pytest.raises(ValidationError, match=r"plugins\.house-rule\.max_titel"):
        _ = RuleContext(codelists={}, config=bad, rule=rule).settings
