"""Running rules: ordering by severity, crash isolation, rule settings."""

from __future__ import annotations

import attrs

from munintl.config import Config
from munintl.errors import Finding
from munintl.hooks import Rule
from munintl.testing.samples import sample_portfolio
from munintl.validation import RuleContext, errors_only, run_rules


@attrs.frozen(kw_only=True)
class LimitSettings:
    limit: int = 1


def test_findings_come_most_severe_first() -> None:
    def info(portfolio: object, context: RuleContext) -> list[Finding]:
        return [context.finding("fyi", "b")]

    def error(portfolio: object, context: RuleContext) -> list[Finding]:
        return [context.finding("broken", "a")]

    findings = run_rules(
        sample_portfolio(),
        [Rule(name="i", severity="info", check=info), Rule(name="e", check=error)],  # type: ignore[arg-type]
        RuleContext(codelists={}, config=Config()),
    )
    assert [(f.code, f.severity) for f in findings] == [("e", "error"), ("i", "info")]
    assert errors_only(findings) == findings[:1]


def test_rule_reads_its_settings_from_the_config() -> None:
    seen: list[int] = []

    def check(portfolio: object, context: RuleContext) -> list[Finding]:
        seen.append(context.settings.limit)
        return []

    rule = Rule(name="limited", check=check, settings=LimitSettings)  # type: ignore[arg-type]
    context = RuleContext(
        codelists={}, config=Config(plugins={"limited": {"limit": 5}})
    )
    run_rules(sample_portfolio(), [rule], context)
    assert seen == [5]
