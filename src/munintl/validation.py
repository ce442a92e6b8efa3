"""Semantic validation: run every registered rule over a portfolio."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import TYPE_CHECKING, Any

import attrs

from munintl.errors import SEVERITIES, Finding, Severity

if TYPE_CHECKING:
    from munintl.config import Config
    from munintl.model import Codelist, Portfolio
    from munintl.plugins.manager import MunintlPluginManager
    from munintl.plugins.records import Rule


@attrs.frozen(kw_only=True)
class RuleContext:
    """What a rule may consult besides the portfolio.

    ``codelists`` are every registered codelist by scheme; ``config`` the
    ``munintl.toml`` settings (or defaults).
    """

    codelists: Mapping[str, Codelist]
    config: Config
    rule: Rule | None = None

    @property
    def settings(self) -> Any:
        """The running rule's ``[plugins.<code>]`` settings (None without a class)."""
        assert self.rule is not None
        return self.config.plugin_settings(self.rule.name, self.rule.settings)

    def finding(
        self, message: str, path: str = "", *, severity: Severity | None = None
    ) -> Finding:
        """Make a finding carrying the running rule's code and severity."""
        assert self.rule is not None
        return Finding(
            code=self.rule.code,
            message=message,
            path=path,
            severity=severity or self.rule.severity,
        )


def run_rules(
    portfolio: Portfolio,
    rules: Iterable[Rule],
    context: RuleContext,
) -> list[Finding]:
    """Run ``rules`` and return their findings, most severe first.

    A rule that crashes is reported as an ``error`` finding with the rule's
    code instead of stopping the others.
    """
    findings: list[Finding] = []
    for rule in rules:
        rule_context = attrs.evolve(context, rule=rule)
        try:
            findings.extend(rule.check(portfolio, rule_context))
        except Exception as error:  # noqa: BLE001 - one broken rule must not hide the rest
            findings.append(
                Finding(
                    code=rule.code,
                    severity="error",
                    message=f"the rule crashed: {type(error).__name__}: {error}",
                )
            )
    order = {severity: index for index, severity in enumerate(SEVERITIES)}
    return sorted(findings, key=lambda f: (order[f.severity], f.path, f.code))


def validate(
    portfolio: Portfolio,
    *,
    config: Config | None = None,
    manager: MunintlPluginManager | None = None,
) -> list[Finding]:
    """Check a portfolio with every registered rule; return all findings.

    >>> import munintl
    >>> findings = munintl.validate(portfolio)  # doctest: +SKIP
    >>> [f for f in findings if f.severity == "error"]  # doctest: +SKIP
    []
    """
    from munintl.config import Config
    from munintl.plugins.manager import get_plugin_manager

    manager = manager or get_plugin_manager()
    context = RuleContext(codelists=manager.codelists(), config=config or Config())
    return run_rules(portfolio, manager.rules().values(), context)


def errors_only(findings: Iterable[Finding]) -> list[Finding]:
    """The findings of severity ``error``."""
    return [f for f in findings if f.severity == "error"]
