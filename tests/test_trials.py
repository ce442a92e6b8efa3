"""Portfolios written from the docs alone validate, render and round-trip.

The three FICTIONAL stores in ``tests/fixtures/trials/`` (an English
district council, a Greenlandic municipality, a Swedish kommun) were
written from the documentation alone; see their README for what writing
them found.  These tests keep them valid without a warning, render every
report kind in every format from them, bring them back equal from every
store, and hold the fixes for what they needed bending to.
"""

from __future__ import annotations

import datetime as dt
import json
import shutil
from pathlib import Path

import attrs
import pytest
from click.testing import CliRunner

import munintl
from fictional import check_fictional
from munintl.cli import main
from munintl.config import load_config
from munintl.model import Portfolio
from munintl.reporting import build, render_document
from munintl.reports.document import Table

TRIALS = Path(__file__).parent / "fixtures" / "trials"
STORES = ("kestrelford", "sermeq", "ekmora")
ON = dt.date(2024, 12, 31)
FORMATS = ("markdown", "html", "json", "csv", "xlsx", "docx", "pdf")


@pytest.fixture(scope="module", params=STORES)
def trial(request: pytest.FixtureRequest) -> tuple[str, Portfolio]:
    return request.param, munintl.load(TRIALS / request.param)


def test_every_file_and_entity_says_it_is_fictional(
    trial: tuple[str, Portfolio],
) -> None:
    name, portfolio = trial
    assert len(check_fictional(TRIALS / name, portfolio)) > 10


def test_it_validates_without_an_error_or_warning(
    trial: tuple[str, Portfolio],
) -> None:
    name, portfolio = trial
    assert munintl.validate(portfolio) == []
    result = CliRunner().invoke(main, ["validate", "--strict", str(TRIALS / name)])
    assert result.exit_code == 0, result.output


def test_every_kind_renders_in_every_format(trial: tuple[str, Portfolio]) -> None:
    _name, portfolio = trial
    requests: list[dict[str, object]] = [{"kind": "overview"}, {"kind": "register"}]
    requests += [{"kind": "followup", "followup": f.id} for f in portfolio.followups]
    for request in requests:
        document = build(portfolio, lang="en", on=ON, **request)  # type: ignore[arg-type]
        for name in FORMATS:
            assert render_document(document, format=name), (request, name)
        text = render_document(document, format="markdown").decode("utf-8")
        assert "illustrative" in text.lower()
        own = portfolio.municipality.default_language
        local = build(portfolio, lang=own, on=ON, **request)  # type: ignore[arg-type]
        assert render_document(local, format="markdown")


def test_it_comes_back_equal_from_every_store(
    trial: tuple[str, Portfolio], tmp_path: Path
) -> None:
    _name, portfolio = trial
    for location in (
        tmp_path / "store",
        tmp_path / "p.json",
        tmp_path / "p.toml",
        f"sqlite:///{tmp_path / 'p.db'}",
    ):
        munintl.save(portfolio, location)
        assert munintl.load(location) == portfolio, location


# -- what writing them needed bending to, fixed -------------------------------


def test_a_twinning_association_runs_the_link_and_is_no_party() -> None:
    portfolio = munintl.load(TRIALS / "kestrelford")
    link = portfolio.partnership("saint-aubin")
    assert link is not None
    association = "kestrelford-saint-aubin-twinning-association"
    assert link.kept_by == (association,)
    assert association not in link.status_on(ON)
    markdown = munintl.render(
        portfolio, kind="overview", format="markdown", lang="en", on=ON
    ).decode()
    assert "**Run by:** Kestrelford and Saint-Aubin Twinning Association" in markdown
    review = munintl.render(
        portfolio,
        kind="followup",
        followup="scrutiny-review-2023",
        format="markdown",
        lang="en",
    ).decode()
    assert "**Run by:** Kestrelford–Wernau Friendship Circle" in review
    register = build(portfolio, kind="register", lang="en", on=ON)
    table = next(b for b in register.blocks if getattr(b, "title", "") == "Register")
    rows = {row[1]: dict(zip(table.columns, row, strict=True)) for row in table.rows}
    assert rows["wernau"]["Run by"] == "Kestrelford–Wernau Friendship Circle"
    shown = CliRunner().invoke(
        main, ["show", str(TRIALS / "kestrelford"), "--json", "--on", "2024-12-31"]
    )
    assert shown.exit_code == 0, shown.output
    partnerships = json.loads(shown.stdout)["partnerships"]
    assert {p["id"]: p["kept_by"] for p in partnerships}["saint-aubin"] == [
        "Kestrelford and Saint-Aubin Twinning Association"
    ]


def test_joining_a_network_makes_the_municipality_active() -> None:
    portfolio = munintl.load(TRIALS / "sermeq")
    network = portfolio.partnership("nordisk-kystnetvaerk")
    arctic = portfolio.partnership("arktisk-samarbejde")
    assert network is not None
    assert arctic is not None
    assert network.status_on(ON)["sermeq-eksempel"] == "active"
    # "early 1990s": surely joined by the end of 1993, not known before.
    assert arctic.status_on(dt.date(1993, 12, 31))["sermeq-eksempel"] == "active"
    assert arctic.status_on(dt.date(1993, 12, 30))["sermeq-eksempel"] is None
    left = attrs.evolve(
        network.events[0], kind="left", date=munintl.model.PartialDate.parse("2024")
    )
    gone = attrs.evolve(network, events=(*network.events, left))
    assert gone.status_on(ON)["sermeq-eksempel"] == "ended"
    markdown = munintl.render(
        portfolio, kind="overview", format="markdown", lang="da", on=ON
    ).decode()
    assert "| begyndelsen af 1990'erne | Tiltrådt (illustrativ) |" in markdown


def test_the_municipality_co_finances_its_own_project() -> None:
    portfolio = munintl.load(TRIALS / "ekmora")
    project = portfolio.initiative("kustvind")
    assert project is not None
    assert [line.funder for line in project.funding] == [None, "ekmora"]
    markdown = munintl.render(
        portfolio, kind="overview", format="markdown", lang="en", on=ON
    ).decode()
    assert "SEK\u00a0850,000.00 (Ekmora Municipality, Municipal fund)" in markdown


def test_a_document_under_no_known_parent_is_an_error(tmp_path: Path) -> None:
    store = tmp_path / "ekmora"
    shutil.copytree(TRIALS / "ekmora", store)
    strategy = store / "strategies" / "internationell-strategi" / "strategy.yaml"
    text = strategy.read_text("utf-8")
    assert "    parent: internationell-strategi\n" in text
    strategy.write_text(
        text.replace(
            "parent: internationell-strategi", "parent: internationel-strategi"
        ),
        "utf-8",
    )
    before = strategy.read_bytes()
    result = CliRunner().invoke(main, ["validate", str(store)])
    assert result.exit_code == 1
    assert (
        "strategy.yaml:11:13: strategies[internationell-strategi].documents[0]"
        ".parent: document 'handlingsplan-2024-2025' is placed under"
        " 'internationel-strategi', which is neither another document of"
        " strategy 'internationell-strategi' nor the strategy itself; did you"
        " mean 'internationell-strategi'? [dangling-reference]"
    ) in " ".join(result.output.split())
    assert strategy.read_bytes() == before


def test_the_scrutiny_committee_recommends_and_the_council_decides() -> None:
    portfolio = munintl.load(TRIALS / "kestrelford")
    review = portfolio.followup("scrutiny-review-2023")
    assert review is not None
    assert [d.recommended_to for d in review.decisions] == [None, "full-council"]
    markdown = munintl.render(
        portfolio,
        kind="followup",
        followup="scrutiny-review-2023",
        format="markdown",
        lang="en",
    ).decode()
    assert "Relinquished, recommended to Full Council (illustrative)" in " ".join(
        markdown.split()
    )


def test_a_greenlandic_report_has_every_munintl_word_in_danish() -> None:
    # No catalog for kl; label_fallback = "da": the renderers' own words
    # (callout titles, page footer) follow the builders' into Danish.
    portfolio = munintl.load(TRIALS / "sermeq")
    config = load_config(TRIALS / "sermeq")
    assert config.label_fallback == "da"
    document = build(portfolio, kind="overview", lang="kl", on=ON, config=config)
    assert document.metadata.language == "kl"
    assert document.metadata.words_language == "da"
    markdown = render_document(document, format="markdown").decode()
    assert "> **Ikke oversat:**" in markdown
    assert "> **Illustrativ:**" in markdown
    assert "Not translated" not in markdown
    assert "Illustrative:" not in markdown
    html = render_document(document, format="html").decode()
    assert '<html lang="kl"' in html
    assert '<span class="label">Ikke oversat:</span>' in html
    english = build(portfolio, kind="overview", lang="kl", on=ON)
    assert english.metadata.words_language == "en"
    assert (
        "> **Not translated:**" in render_document(english, format="markdown").decode()
    )
    danish = build(portfolio, kind="overview", lang="da", on=ON)
    assert danish.metadata.words_language is None


def test_a_greenlandic_pdf_has_a_danish_footer() -> None:
    import shutil as which
    import subprocess

    if which.which("pdftotext") is None:
        pytest.skip("poppler-utils (pdftotext) is not installed")
    portfolio = munintl.load(TRIALS / "sermeq")
    config = load_config(TRIALS / "sermeq")
    document = build(portfolio, kind="register", lang="kl", on=ON, config=config)
    data = render_document(document, format="pdf")
    text = subprocess.run(
        ["pdftotext", "-enc", "UTF-8", "-", "-"],
        input=data,
        capture_output=True,
        check=True,
    ).stdout.decode()
    assert "Side 1 af" in text
    assert "Page 1 of" not in text


def test_the_action_plan_lists_its_actions() -> None:
    portfolio = munintl.load(TRIALS / "ekmora")
    register = build(portfolio, kind="register", lang="en", on=ON)
    tables = {b.title: b for b in register.blocks if isinstance(b, Table)}
    rows = {
        row[0]: dict(zip(tables["Documents in force"].columns, row, strict=True))
        for row in tables["Documents in force"].rows
    }
    assert rows["handlingsplan-2024-2025"]["Actions"] == (
        "Coastal wind – offshore energy in the Öresund region (KUSTVIND);"
        " Youth exchange with Järvsala"
    )
    main = tables["Register"]
    plans = {row[1]: dict(zip(main.columns, row, strict=True)) for row in main.rows}
    assert plans["kustvind"]["In plans"] == "Action plan 2024–2025"
    markdown = munintl.render(
        portfolio, kind="overview", format="markdown", lang="sv", on=ON
    ).decode()
    assert "| Åtgärder |" in markdown
    assert (
        "Kustvind – havsbaserad energi i Öresundsregionen (KUSTVIND); Ungdomsutbyte med Järvsala |"
        in markdown
    )
