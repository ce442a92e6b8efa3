"""Tests of the house rules, run against munintl with its own fixtures."""

from __future__ import annotations

import munintl_house_rules

import munintl
from munintl.config import Config
from munintl.model import Initiative, LocalizedText, Municipality, Portfolio

LONELY = Initiative(
    id="youth-exchange",
    title=LocalizedText.of(da="Ungdomsudveksling"),
    kind="youth-exchange",
)


def portfolio_with(*initiatives: Initiative) -> Portfolio:
    """A small portfolio holding ``initiatives``."""
    fjordby = Municipality(
        id="fjordby",
        name=LocalizedText.of(da="Fjordby Kommune"),
        country="DK",
        default_language="da",
    )
    return Portfolio(municipality=fjordby, initiatives=initiatives)


def codes(findings: list[munintl.Finding]) -> list[str]:
    return [finding.code for finding in findings]


def test_initiative_without_partner_is_reported(register_plugin):
    register_plugin(munintl_house_rules)
    findings = munintl.validate(portfolio_with(LONELY))
    assert [f.path for f in findings if f.code == "initiative-without-partner"] == [
        "initiatives[youth-exchange].participations"
    ]


def test_exempt_kinds_are_read_from_the_settings(register_plugin):
    register_plugin(munintl_house_rules)
    config = Config(
        plugins={"initiative-without-partner": {"exempt_kinds": ["youth-exchange"]}}
    )
    findings = munintl.validate(portfolio_with(LONELY), config=config)
    assert "initiative-without-partner" not in codes(findings)


def test_youth_exchange_is_a_known_kind(register_plugin):
    register_plugin(munintl_house_rules)
    findings = munintl.validate(portfolio_with(LONELY))
    assert "unknown-code" not in codes(findings)
