"""Small portfolios for the rule tests: Lilleby with what a test adds."""

from __future__ import annotations

from typing import Any

from munintl.model import (
    Body,
    FollowUp,
    Initiative,
    LocalizedText,
    Municipality,
    Organisation,
    Partnership,
    Party,
    Period,
    Portfolio,
    Strategy,
    Theme,
)


def text(value: str) -> LocalizedText:
    return LocalizedText.of(da=value, en=value)


def body(id: str, **kwargs: Any) -> Body:
    return Body(id=id, name=text(id), type=kwargs.pop("type", "committee"), **kwargs)


def organisation(id: str, **kwargs: Any) -> Organisation:
    return Organisation(id=id, name=text(id), type="municipality", **kwargs)


def initiative(id: str, **kwargs: Any) -> Initiative:
    kwargs.setdefault("themes", ("culture",))
    return Initiative(id=id, title=text(id), kind="project", **kwargs)


def theme(id: str, **kwargs: Any) -> Theme:
    kwargs.setdefault("responsible", ("council",))
    return Theme(id=id, title=text(id), **kwargs)


def strategy(id: str, *themes: Theme, **kwargs: Any) -> Strategy:
    return Strategy(id=id, title=text(id), themes=themes, **kwargs)


def partnership(id: str, *parties: str, **kwargs: Any) -> Partnership:
    return Partnership(
        id=id,
        kind="twinning",
        title=text(id),
        parties=tuple(Party(party=party) for party in parties),
        **kwargs,
    )


def followup(id: str = "followup-2024", **kwargs: Any) -> FollowUp:
    return FollowUp(id=id, period=Period.year(2024), addressee="council", **kwargs)


def portfolio(**kwargs: Any) -> Portfolio:
    kwargs.setdefault("bodies", (body("council", type="city-council"),))
    kwargs.setdefault(
        "strategies", (strategy("strategy", theme("culture"), theme("education")),)
    )
    return Portfolio(
        municipality=Municipality(
            id="lilleby",
            name=text("Lilleby Kommune"),
            country="DK",
            default_language="da",
            working_languages=("da", "en"),
        ),
        **kwargs,
    )
