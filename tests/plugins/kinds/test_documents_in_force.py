"""Several documents in force: validity periods, action plans for their themes."""

from __future__ import annotations

import attrs

import munintl
from munintl.model import PartialDate, Period, Portfolio, StrategyDocument
from munintl.reporting import build
from plugins.rules.helpers import followup, portfolio, strategy, text, theme


def _with_documents() -> Portfolio:
    base = portfolio()
    documents = (
        StrategyDocument(
            id="partner-city-policy",
            kind="policy",
            title=text("Partner-city policy"),
        ),
        StrategyDocument(
            id="action-plan-2024",
            kind="action-plan",
            title=text("Action plan 2024-2025"),
            period=Period(
                start=PartialDate.parse("2024"), end=PartialDate.parse("2025")
            ),
            implements=("culture",),
        ),
        StrategyDocument(
            id="action-plan-2020",
            kind="action-plan",
            title=text("Action plan 2020-2021"),
            period=Period(
                start=PartialDate.parse("2020"), end=PartialDate.parse("2021")
            ),
            implements=("education",),
        ),
    )
    main = attrs.evolve(
        strategy("strategy", theme("culture"), theme("education")),
        documents=documents,
        status="adopted",
    )
    return attrs.evolve(base, strategies=(main,), followups=(followup(),))


def test_the_overview_lists_the_documents_in_force_and_what_they_implement() -> None:
    data = _with_documents()
    assert not [f for f in munintl.validate(data) if f.severity == "error"]
    text_ = repr(build(data, kind="overview", lang="en", period=2024))
    assert "Partner-city policy" in text_
    assert "Action plan 2024-2025" in text_
    assert "Action plan 2020-2021" not in text_
    assert "**Implemented by:** Action plan 2024-2025" in text_
    older = repr(build(data, kind="overview", lang="en", period=2020))
    assert "Action plan 2020-2021" in older
    assert "Action plan 2024-2025" not in older


def test_the_follow_up_names_every_document_in_force_in_its_period() -> None:
    text_ = repr(
        build(_with_documents(), kind="followup", followup="followup-2024", lang="en")
    )
    assert "Documents in force" in text_
    assert "Action plan 2024-2025 (Action plan, 2024–2025, implements culture)" in text_
    assert "Partner-city policy (Policy)" in text_
    assert "Action plan 2020-2021" not in text_


def test_an_action_plan_for_a_theme_that_does_not_exist_is_an_error() -> None:
    data = _with_documents()
    [main] = data.strategies
    bad = attrs.evolve(
        main,
        documents=(attrs.evolve(main.documents[1], implements=("cultre",)),),
    )
    findings = munintl.validate(attrs.evolve(data, strategies=(bad,)))
    [found] = [f for f in findings if "cultre" in f.message]
    assert found.severity == "error"
    assert found.path == "strategies[strategy].documents[0].implements[0]"
    assert "did you mean 'culture'?" in found.message
