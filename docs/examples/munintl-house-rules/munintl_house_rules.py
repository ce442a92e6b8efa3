"""House rules for munintl: checks and codes a municipality adds to the built-in ones.

Install this package next to munintl and ``munintl validate`` runs its rule;
``munintl plugins`` lists it as ``house-rules``.
"""

from __future__ import annotations

from collections.abc import Iterator

import attrs

import munintl
from munintl.hooks import Rule, RuleContext
from munintl.model import CodeItem, Codelist, LocalizedText, Portfolio

RULE = "initiative-without-partner"


@attrs.frozen(kw_only=True)
class PartnerSettings:
    """The ``[plugins.initiative-without-partner]`` table of ``munintl.toml``.

    ``exempt_kinds`` are the initiative kinds that need no partner, such as a
    service the municipality runs on its own.
    """

    exempt_kinds: tuple[str, ...] = ("service", "office")


def check_partners(
    portfolio: Portfolio, context: RuleContext
) -> Iterator[munintl.Finding]:
    """Find initiatives that name no partner besides the municipality."""
    settings = context.config.plugin_settings(RULE, PartnerSettings)
    for initiative in portfolio.initiatives:
        if initiative.kind in settings.exempt_kinds:
            continue
        partners = [
            p
            for p in initiative.participations
            if p.organisation != portfolio.municipality.id
        ]
        if not partners:
            yield context.finding(
                "an international initiative needs a partner; add one under"
                " 'participations' (an organisation id, or a count of unnamed"
                " partners)",
                f"initiatives[{initiative.id}].participations",
            )


@munintl.hookimpl
def munintl_rules() -> list[Rule]:
    """Register the house rule."""
    return [
        Rule(
            name=RULE,
            severity="warning",
            description="An initiative names no partner besides the municipality.",
            check=check_partners,
            settings=PartnerSettings,
        )
    ]


@munintl.hookimpl
def munintl_codelists() -> list[Codelist]:
    """Add a kind of initiative to the open ``initiative-kind`` list."""
    youth_exchange = CodeItem(
        code="youth-exchange",
        label=LocalizedText.of(
            da="Ungdomsudveksling", en="Youth exchange", de="Jugendaustausch"
        ),
    )
    return [Codelist(scheme="initiative-kind", open=True, items=(youth_exchange,))]
