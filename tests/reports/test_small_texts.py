"""Small wrong texts: a funder named twice, stray punctuation, "1 texts", ESF+
for a project of 2010, a heading repeated as a caption, "Reports to" as a goal.
"""

from __future__ import annotations

import itertools
from pathlib import Path

import attrs
import pytest

import munintl
from munintl.hooks.manager import MunintlPluginManager
from munintl.model import LocalizedText, Portfolio
from munintl.reports.building.localize import Localizer
from munintl.reports.document import Figure, Heading, ListBlock, ReportDocument, Table
from reports.nordby import make_nordby
from reports.rendered import build, markdown, pdf, tables, texts

EXAMPLE = Path(__file__).resolve().parents[2] / "examples" / "skanderborg"
FOLLOWUP = "opfoelgning-2011"


@pytest.fixture(autouse=True)
def _builtins(plugin_manager: MunintlPluginManager) -> None:
    """Build with the built-in plugins only."""


@pytest.fixture(scope="module")
def skanderborg() -> Portfolio:
    return munintl.load(EXAMPLE)


# -- a funder named twice ------------------------------------------------------------


def test_funder_and_its_own_programme_are_named_once(skanderborg: Portfolio) -> None:
    nordby = make_nordby()
    row = next(
        r
        for r in tables(build(nordby, "overview"))["Initiatives: Climate"].rows
        if r[0] == "Nordic planning"
    )
    assert row[6] == "amount not given (Nordic Innovation)"
    for text in (
        markdown(nordby, kind="overview"),
        pdf(nordby, kind="overview"),
        markdown(skanderborg, kind="overview"),
        markdown(skanderborg, kind="overview", lang="da"),
    ):
        assert "amount not given (Nordic Innovation)" in text or (
            "beløb ikke oplyst (Nordic Innovation)" in text
        )
        assert "Nordic Innovation, Nordic Innovation" not in text
        assert "Nordic Innovation, Nordisk Innovation" not in text


# -- stray punctuation --------------------------------------------------------------


def test_count_of_partners_reads_as_one_phrase(skanderborg: Portfolio) -> None:
    nordby = make_nordby()
    row = next(
        r
        for r in tables(build(nordby, "overview"))["Initiatives: Climate"].rows
        if r[0] == "Nordic planning"
    )
    assert row[5] == "4 other Nordic towns (Umeå among them; partner)"
    for text in (
        markdown(skanderborg, followup=FOLLOWUP),
        pdf(skanderborg, followup=FOLLOWUP),
    ):
        assert "9 other European municipalities (Weiz among them; implementing)" in text
        assert "). (" not in text


# -- plural -----------------------------------------------------------------------


def test_one_text_in_another_language_is_one_text() -> None:
    nordby = make_nordby()
    strategy = nordby.strategies[0]
    culture = attrs.evolve(
        strategy.themes[0],
        goals=(
            attrs.evolve(
                strategy.themes[0].goals[0],
                statement=LocalizedText.of(da="Flere udvekslinger."),
            ),
        ),
    )
    portfolio = attrs.evolve(
        nordby,
        strategies=[
            attrs.evolve(strategy, themes=(culture, *strategy.themes[1:])),
            nordby.strategies[1],
        ],
    )
    notice = next(
        t for t in texts(build(portfolio, "overview")) if "not available" in t
    )
    assert notice.startswith(
        "1 text is not available in English and is shown in Danish;"
    )
    assert "it is listed under" in notice
    for text in (markdown(portfolio, kind="overview"), pdf(portfolio, kind="overview")):
        assert "1 text is not available in English and is shown in Danish" in text
        assert "1 texts" not in text
    for language, singular in (
        ("da", "1 tekst findes ikke på dansk og vises på engelsk; den er anført"),
        ("de", "1 Text liegt nicht auf Deutsch vor und wird auf Englisch gezeigt;"),
    ):
        loc = Localizer(language)
        loc.text(LocalizedText.of(en="Only English."), item="Item", field="Title")
        notice = loc.fallback_notice()
        assert notice is not None
        assert notice.text.startswith(singular)


# -- ESF, not ESF+, around 2010 ----------------------------------------------------------


def test_social_fund_of_2010_is_not_called_esf_plus(skanderborg: Portfolio) -> None:
    for lang, name in (
        ("en", "European Social Fund (ESF)"),
        ("da", "Den Europæiske Socialfond (ESF)"),
        ("de", "Europäischer Sozialfonds (ESF)"),
    ):
        text = markdown(skanderborg, followup=FOLLOWUP, lang=lang)
        assert name in text
        assert "ESF+" not in text
    assert "European Social Fund (ESF)" in pdf(skanderborg, kind="overview")


# -- a heading repeated as a caption ---------------------------------------------------------


def repeated_captions(document: ReportDocument) -> list[str]:
    """Captions (table or figure titles) that only repeat the heading above them."""
    found = []
    heading = None
    for block in document.blocks:
        if isinstance(block, Heading):
            heading = block.text
        elif isinstance(block, Table | Figure) and block.title == heading:
            found.append(block.title)
    return found


def test_no_heading_is_repeated_as_a_caption(skanderborg: Portfolio) -> None:
    documents = [
        build(skanderborg, followup=FOLLOWUP),
        build(skanderborg, "overview"),
        build(make_nordby(), "overview"),
        build(make_nordby(), followup="opf-2015"),
    ]
    assert [repeated_captions(d) for d in documents] == [[], [], [], []]
    text = markdown(skanderborg, followup=FOLLOWUP)
    assert "Decisions taken Decisions taken" not in text
    assert "Timeline Timeline" not in text
    assert "Timeline Timeline" not in pdf(skanderborg, followup=FOLLOWUP)


# -- "Reports to" is not a goal ------------------------------------------------------------


def test_reports_to_is_not_listed_with_the_goals(skanderborg: Portfolio) -> None:
    document = build(skanderborg, "overview")
    blocks = list(document.blocks)
    for before, after in itertools.pairwise(blocks):
        if isinstance(before, ListBlock) and isinstance(after, ListBlock):
            pytest.fail(f"two lists in a row read as one: {before.items} {after.items}")
    assert not [
        i
        for b in blocks
        if isinstance(b, ListBlock)
        for i in b.items
        if "Reports to" in i
    ]
    raw = munintl.render(skanderborg, kind="overview", format="markdown", lang="en")
    assert b"- **Reports to:**" not in raw
    text = pdf(skanderborg, kind="overview")
    assert "Reports to: Finance Committee" in text
    assert "• Reports to" not in text
