"""Semantic validation: run every registered rule over a portfolio."""

from __future__ import annotations

from collections.abc import Iterable
from typing import TYPE_CHECKING

import attrs

from munintl.errors import SEVERITIES, Finding
from munintl.hooks.records import RuleContext
from munintl.wire.convert import gc_paused

if TYPE_CHECKING:
    from munintl.config import Config
    from munintl.hooks.manager import MunintlPluginManager
    from munintl.hooks.records import Rule
    from munintl.model import Portfolio


def run_rules(
    portfolio: Portfolio,
    rules: Iterable[Rule],
    context: RuleContext,
) -> list[Finding]:
    """Run ``rules`` and return their findings, most severe first.

    A rule that crashes is reported as an ``error`` finding with the rule's
    code instead of stopping the others.  The cyclic garbage collector is
    paused meanwhile: rules make many small values and no cycles, and each
    collection the collector made while they ran would scan the whole
    portfolio (at 100,000 initiatives, seconds).
    """
    with gc_paused():
        return _run_rules(portfolio, rules, context)


def _run_rules(
    portfolio: Portfolio, rules: Iterable[Rule], context: RuleContext
) -> list[Finding]:
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
    from munintl.hooks.manager import get_plugin_manager

    manager = manager or get_plugin_manager()
    context = RuleContext(codelists=manager.codelists(), config=config or Config())
    return run_rules(portfolio, manager.rules().values(), context)


def errors_only(findings: Iterable[Finding]) -> list[Finding]:
    """The findings of severity ``error``."""
    return [f for f in findings if f.severity == "error"]
