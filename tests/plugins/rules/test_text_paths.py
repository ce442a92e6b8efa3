"""Paths only for findings: the fast text gathering finds what the old walk did.

``forbidden-character`` joins every text without building a path, and
builds paths only when something is found.  These tests hold the new rule
to the old one (kept here as the reference) on Hypothesis portfolios, with
and without a forbidden character put into one of their texts.
"""

from __future__ import annotations

from collections.abc import Iterator

import attrs
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from munintl.config import Config
from munintl.errors import Finding
from munintl.hooks.records import Rule, RuleContext
from munintl.model import LocalizedText, Portfolio
from munintl.model.characters import character_problem, forbidden
from munintl.plugins.rules import text as rules
from munintl.testing.strategies.portfolio import portfolios


def old_check(portfolio: Portfolio, context: RuleContext) -> Iterator[Finding]:
    """The rule as it was: every text with its path, then one joined search."""
    texts = list(rules._every_text(portfolio))
    if forbidden("\n".join(text for _path, text in texts)) is None:
        return
    for path, text in texts:
        problem = character_problem(text)
        if problem:
            yield context.finding(problem, path)


def context() -> RuleContext:
    rule = Rule(
        name="forbidden-character",
        severity="error",
        description="",
        check=rules.check_forbidden_characters,
    )
    return RuleContext(codelists={}, config=Config(), rule=rule)


def broken(portfolio: Portfolio, where: int, character: str) -> Portfolio:
    """Put ``character`` into one text of the portfolio (an initiative's, if any)."""
    if portfolio.initiatives:
        index = where % len(portfolio.initiatives)
        initiative = portfolio.initiatives[index]
        changed = attrs.evolve(
            initiative, title=LocalizedText(values={"da": f"x{character}y"})
        )
        initiatives = list(portfolio.initiatives)
        initiatives[index] = changed
        return attrs.evolve(portfolio, initiatives=tuple(initiatives))
    municipality = attrs.evolve(
        portfolio.municipality, name=LocalizedText(values={"da": character})
    )
    return attrs.evolve(portfolio, municipality=municipality)


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    portfolio=portfolios(),
    where=st.integers(0, 100),
    character=st.sampled_from(["", "\x01", "\ud800", "\ufffe", "\U0010ffff", "æ"]),
)
def test_findings_are_those_of_the_old_rule(
    portfolio: Portfolio, where: int, character: str
) -> None:
    portfolio = broken(portfolio, where, character)
    new = list(rules.check_forbidden_characters(portfolio, context()))
    assert new == list(old_check(portfolio, context()))
    # The same texts, joined in another order: each is in the joined text,
    # and nothing else is, but for the spaces and line feeds between them.
    texts = [text for _path, text in rules._every_text(portfolio)]
    joined = "\n".join(rules.text_pieces(portfolio))
    assert all(text in joined for text in texts)
    spaces = str.maketrans("", "", " \n")
    assert sorted(joined.translate(spaces)) == sorted("".join(texts).translate(spaces))
