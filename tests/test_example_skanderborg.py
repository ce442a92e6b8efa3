"""The Skanderborg worked example: every fact it must carry, and that it is valid.

The example in ``examples/skanderborg/`` is what other municipalities copy,
so these tests pin down what it says: the whole strategy text as data, the
organisation that carries it, the initiatives, the twinning with Eisenach
with its sourced history, the illustrative 2011 follow-up, and the
translations with their provenance.  They load the example through
:func:`munintl.storage.load` (the YAML directory store) and, independently,
read each file of the fixed store layout with the converter, so a change of
either shows up here.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import attrs
import pytest
from ruamel.yaml import YAML

from munintl.model import (
    SUBJECT_KINDS,
    Body,
    FollowUp,
    Initiative,
    LocalizedText,
    Municipality,
    Organisation,
    Partnership,
    Period,
    Portfolio,
    Strategy,
    SubjectRef,
    Theme,
    source_hash,
)
from munintl.model.text import markdown_problems
from munintl.wire.convert import structure

EXAMPLE = Path(__file__).parents[1] / "examples" / "skanderborg"
STRATEGY = "international-strategi"
UMBRELLA = "mangfoldighed-aabenhed-og-livskvalitet"
FOLLOWUP = "opfoelgning-2011"
#: The text of the printed strategy, as extracted from it (line breaks and
#: hyphenation of the layout included): what the example must quote.
STRATEGY_TEXT = Path(__file__).parent / "data" / "skanderborg-strategy.txt"

#: The seven policy areas under "Mangfoldighed, åbenhed og livskvalitet", in
#: the strategy's order: (theme id, Danish title as printed in the strategy).
POLICY_AREAS = (
    ("borgerservice", "Borgerservice"),
    (
        "aktivt-liv-og-interkulturel-forstaaelse",
        "Et aktivt liv og interkulturel forståelse",
    ),
    (
        "skole-og-uddannelsessamarbejde",
        "Internationalt skole- og uddannelsessamarbejde",
    ),
    ("sundhed-omsorg-og-sociale-indsatser", "Sundhed, omsorg og sociale indsatser"),
    (
        "beskaeftigelse-og-arbejdsmarkedsforhold",
        "Beskæftigelse og arbejdsmarkedsforhold",
    ),
    ("klima-energi-og-miljoe", "Klima, energi og miljø"),
    ("erhvervs-og-byudvikling", "Erhvervs- og byudvikling"),
)

#: Every goal the strategy states: goal id -> (theme id, words of the strategy
#: the Danish statement must contain).
GOALS = {
    "borgerservice-aabenhed-og-hoejt-serviceniveau": (
        "borgerservice",
        "mødes med åbenhed og et højt serviceniveau",
    ),
    "borgerservice-samarbejde-med-eisenach": (
        "borgerservice",
        "gensidig udveksling af medarbejdere",
    ),
    "aktivt-liv-godt-sted-at-bo": (
        "aktivt-liv-og-interkulturel-forstaaelse",
        "et godt sted at bo, arbejde og leve sit fritidsliv",
    ),
    "aktivt-liv-plads-til-mangfoldighed": (
        "aktivt-liv-og-interkulturel-forstaaelse",
        "plads til mangfoldighed og forståelse for andre kulturer",
    ),
    "aktivt-liv-nye-ideer": (
        "aktivt-liv-og-interkulturel-forstaaelse",
        "skal inspirere til nye ideer og måder at gøre tingene på",
    ),
    "skole-sproglige-og-interkulturelle-kompetencer": (
        "skole-og-uddannelsessamarbejde",
        "sproglige og interkulturelle kompetencer",
    ),
    "skole-udbredelse-af-internationalt-samarbejde": (
        "skole-og-uddannelsessamarbejde",
        "understøtte udbredelsen af internationalt samarbejde på skole- og"
        " uddannelsesområdet",
    ),
    "skole-flere-venskabsbyforbindelser": (
        "skole-og-uddannelsessamarbejde",
        "flere venskabsbyforbindelser",
    ),
    "skole-formidling-af-eu-muligheder": (
        "skole-og-uddannelsessamarbejde",
        "samarbejdsmuligheder, som Den Europæiske Union tilbyder børn og unge",
    ),
    "sundhed-bedst-mulige-service": (
        "sundhed-omsorg-og-sociale-indsatser",
        "bedst mulige service",
    ),
    "sundhed-nyeste-viden-gennem-netvaerk": (
        "sundhed-omsorg-og-sociale-indsatser",
        "den nyeste viden omkring teknologi, metoder og organisering",
    ),
    "sundhed-samarbejde-med-udenlandske-kommuner": (
        "sundhed-omsorg-og-sociale-indsatser",
        "studieophold for udenlandske studerende",
    ),
    "sundhed-sundhedsfremme-i-partnerskaber": (
        "sundhed-omsorg-og-sociale-indsatser",
        "fortsat udvikling af sundhedsfremmeområdet",
    ),
    "beskaeftigelse-inspiration-og-ny-viden": (
        "beskaeftigelse-og-arbejdsmarkedsforhold",
        "inspiration og ny viden til og fra andre lande",
    ),
    "beskaeftigelse-partnerskaber-om-globalisering": (
        "beskaeftigelse-og-arbejdsmarkedsforhold",
        "de udfordringer, der ligger i globaliseringen",
    ),
    "beskaeftigelse-medarbejderes-indblik": (
        "beskaeftigelse-og-arbejdsmarkedsforhold",
        "indblik i andre kulturer og arbejdsgange",
    ),
    "beskaeftigelse-eu-projekter": (
        "beskaeftigelse-og-arbejdsmarkedsforhold",
        "partnerskab i EU projekter",
    ),
    "klima-gaa-foran": (
        "klima-energi-og-miljoe",
        "ønsker i Skanderborg Kommune at gå foran og gøre en forskel",
    ),
    "klima-realisere-klimapolitikken": (
        "klima-energi-og-miljoe",
        "realisere Skanderborg Kommunes klimapolitik",
    ),
    "klima-nyeste-viden-og-egne-erfaringer": (
        "klima-energi-og-miljoe",
        "deler vores egne erfaringer med resten af verden",
    ),
    "klima-foerende-klimakommune": ("klima-energi-og-miljoe", "førende klimakommune"),
    "erhverv-videreudbygge-borgerinddragelse": (
        "erhvervs-og-byudvikling",
        "skal vi videreudbygge og dele med andre",
    ),
    "erhverv-first-mover-borgerinddragelse": (
        "erhvervs-og-byudvikling",
        "’first mover’ på internationalt plan, når det gælder borgerinddragelse",
    ),
    "erhverv-eu-udviklingsprojekter": (
        "erhvervs-og-byudvikling",
        "deltagelse i internationale udviklingsprojekter",
    ),
}

EISENACH_PAGE = "https://eisenach.de/rathaus/partnerstaedte/skanderborg"
EISENACH_PAPER = "https://ris.eisenach.de/bi/vo0050.php?__kvonr=8022"
URBACT_PAGE = "https://urbact.eu/node/806"
NORDIC_INNOVATION_PAGE = (
    "http://nordicinnovation.org/no/publikasjoner/"
    "innourba-the-living-and-working-environment-for-the-future/"
)


# -- reading the example -------------------------------------------------------


@pytest.fixture(scope="module")
def portfolio() -> Portfolio:
    """The example as munintl loads it (the YAML directory store)."""
    from munintl.storage import load

    return load(EXAMPLE)


def _read(path: Path) -> Any:
    return YAML(typ="safe", pure=True).load(path.read_text(encoding="utf-8"))


def _theme_data(themes_dir: Path, theme_id: str, used: set[str]) -> dict[str, Any]:
    used.add(theme_id)
    data = _read(themes_dir / f"{theme_id}.yaml")
    assert "id" not in data, f"{theme_id}: the id is the file name"
    children = data.get("themes", [])
    assert all(isinstance(child, str) for child in children)
    return {
        **data,
        "id": theme_id,
        "themes": [_theme_data(themes_dir, child, used) for child in children],
    }


def _entities(folder: str, cls: type[Any]) -> list[Any]:
    out = []
    for path in sorted((EXAMPLE / folder).glob("*.yaml")):
        data = _read(path)
        assert "id" not in data, f"{path.name}: the id is the file name"
        out.append(structure({**data, "id": path.stem}, cls))
    return out


def _assemble() -> Portfolio:
    """Build the portfolio straight from the files of the fixed store layout."""
    municipality = structure(_read(EXAMPLE / "municipality.yaml"), Municipality)
    strategies = []
    for folder in sorted((EXAMPLE / "strategies").iterdir()):
        data = _read(folder / "strategy.yaml")
        assert "id" not in data
        used: set[str] = set()
        themes = [_theme_data(folder / "themes", t, used) for t in data["themes"]]
        files = {path.stem for path in (folder / "themes").glob("*.yaml")}
        assert files == used, "every theme file belongs to the strategy's tree"
        strategies.append(
            structure({**data, "id": folder.name, "themes": themes}, Strategy)
        )
    followups = []
    for folder in sorted((EXAMPLE / "followups").iterdir()):
        data = _read(folder / "followup.yaml")
        assert "id" not in data
        assert "updates" not in data
        updates = []
        for path in sorted((folder / "updates").glob("*.yaml")):
            kind, _, subject = path.stem.partition("-")
            assert kind in SUBJECT_KINDS, path.name
            update = _read(path)
            assert "subject" not in update, "the subject is the file name"
            updates.append({**update, "subject": f"{kind}:{subject}"})
        followups.append(
            structure({**data, "id": folder.name, "updates": updates}, FollowUp)
        )
    return Portfolio(
        municipality=municipality,
        bodies=_entities("bodies", Body),
        organisations=_entities("organisations", Organisation),
        initiatives=_entities("initiatives", Initiative),
        partnerships=_entities("partnerships", Partnership),
        strategies=strategies,
        followups=followups,
    )


def _texts(obj: object, path: str = "") -> Iterator[tuple[str, LocalizedText]]:
    """Every LocalizedText inside ``obj``, with a readable path."""
    if isinstance(obj, LocalizedText):
        yield path, obj
    elif attrs.has(type(obj)):
        for field in attrs.fields(type(obj)):
            yield from _texts(getattr(obj, field.name), f"{path}.{field.name}")
    elif isinstance(obj, tuple | list):
        for index, item in enumerate(obj):
            label = getattr(item, "id", index)
            yield from _texts(item, f"{path}[{label}]")


def _flat(text: str | None) -> str:
    """``text`` with every run of whitespace as one space (YAML wraps lines)."""
    return " ".join((text or "").split())


def _urls(entity: Any) -> set[str]:
    return {source.url for source in entity.sources if source.url}


def _policy_areas(portfolio: Portfolio) -> tuple[Theme, ...]:
    strategy = portfolio.strategy(STRATEGY)
    assert strategy is not None
    (umbrella,) = strategy.themes
    return umbrella.themes


# -- layout and loading ---------------------------------------------------------


def test_every_file_reads_as_its_entity_and_the_store_loads_the_same() -> None:
    from munintl.storage import load

    assert load(EXAMPLE) == _assemble()


def test_configuration_names_the_report_languages_and_fallbacks() -> None:
    from munintl.config import load_config

    config = load_config(EXAMPLE)
    assert config.languages == ("da", "en", "de")
    assert config.fallback_for("en") == ("da",)
    assert config.fallback_for("de") == ("en", "da")


def test_example_validates_without_errors(portfolio: Portfolio) -> None:
    from munintl.validation import errors_only, validate

    assert [str(f) for f in errors_only(validate(portfolio))] == []


def test_readme_explains_adapting_the_example() -> None:
    readme = _flat((EXAMPLE / "README.md").read_text(encoding="utf-8"))
    for phrase in (
        "munintl init",
        "munintl validate",
        "munintl show",
        "illustrative: true",
        "source_hash",
        "Mangfoldighed, åbenhed og livskvalitet",
    ):
        assert phrase in readme


# -- the municipality and its organisation ---------------------------------------


def test_municipality_is_skanderborg(portfolio: Portfolio) -> None:
    municipality = portfolio.municipality
    assert municipality.id == "skanderborg"
    assert municipality.name["da"] == "Skanderborg Kommune"
    assert municipality.country == "DK"
    assert municipality.default_language == "da"
    assert municipality.working_languages == ("da", "en")
    assert municipality.codes == {"kommunekode": "746"}
    assert municipality.sources


def test_bodies_carry_the_international_work(portfolio: Portfolio) -> None:
    expected = {
        "byraadet": ("Byrådet", "city-council", None),
        "de-politiske-udvalg": ("De politiske udvalg", "committee", "byraadet"),
        "fagsekretariater-og-stabe": ("Fagsekretariater og stabe", "secretariat", None),
        "international-projektgruppe": (
            "Skanderborg Kommunes internationale projektgruppe",
            "project-group",
            None,
        ),
    }
    for body_id, (name, type_, parent) in expected.items():
        body = portfolio.body(body_id)
        assert body is not None, body_id
        assert (body.name["da"], body.type, body.parent) == (name, type_, parent)
        assert not body.illustrative
    secretariats = portfolio.body("fagsekretariater-og-stabe")
    assert secretariats is not None
    assert "en gang årligt" in _flat(secretariats.description["da"])
    group = portfolio.body("international-projektgruppe")
    assert group is not None
    assert "indsamle og formidle viden" in _flat(group.description["da"])


def test_committees_the_strategy_does_not_name_are_illustrative(
    portfolio: Portfolio,
) -> None:
    committees = [b for b in portfolio.bodies if b.type == "committee"]
    named_by_strategy = {"de-politiske-udvalg"}
    others = [b for b in committees if b.id not in named_by_strategy]
    assert others, "the sample follow-up needs one committee"
    assert all(b.illustrative for b in others)
    # Any committee mapped to a theme beyond the strategy's own anchoring
    # (secretariats responsible, committees receiving the follow-up) is
    # illustrative too.
    for _strategy, theme in portfolio.all_themes():
        for body_id in (*theme.responsible, *theme.reports_to):
            if body_id not in {"fagsekretariater-og-stabe", "de-politiske-udvalg"}:
                body = portfolio.body(body_id)
                assert body is not None
                assert body.illustrative, (theme.id, body_id)


def test_external_organisations(portfolio: Portfolio) -> None:
    expected = {
        "midtjyllands-eu-kontor": ("Midtjyllands EU-kontor", "eu-office", None),
        "business-region-aarhus": ("Business Region Aarhus", "network", "DK"),
        "eisenach": ("Eisenach", "municipality", "DE"),
        "oulu": ("Oulu Kommune", "municipality", "FI"),
        "umea": ("Umeå Kommune", "municipality", "SE"),
        "weiz": ("Weiz", "municipality", "AT"),
        "nordic-innovation": ("Nordic Innovation", "other", None),
    }
    for org_id, (name, type_, country) in expected.items():
        organisation = portfolio.organisation(org_id)
        assert organisation is not None, org_id
        assert (organisation.name["da"], organisation.type, organisation.country) == (
            name,
            type_,
            country,
        )
    association = portfolio.organisation("verein-internationale-zusammenarbeit")
    assert association is not None
    assert association.type == "association"
    assert association.name["de"] == "Verein für internationale Zusammenarbeit"
    assert association.name.source_language() == "de"
    assert EISENACH_PAPER in _urls(association)


# -- the strategy -----------------------------------------------------------------


def test_strategy_title_vision_principles_and_summary(portfolio: Portfolio) -> None:
    strategy = portfolio.strategy()
    assert strategy is not None
    assert strategy.id == STRATEGY
    assert strategy.title["da"] == "Skanderborg – en international kommune"
    assert strategy.title["de"] == "Skanderborg – eine internationale Kommune"
    assert "klar vision om, at internationalt samarbejde bidrager til gensidig" in (
        _flat(strategy.vision["da"])
    )
    assert "de" in strategy.vision.languages
    summary = _flat(strategy.summary["da"])
    assert summary.startswith("I Skanderborg Kommune ønsker vi at tage del i")
    principles = [_flat(p["da"]) for p in strategy.principles]
    assert any("blive bedre til det vi gør herhjemme" in p for p in principles)
    assert any(p.startswith("**Fra ord til handling**") for p in principles)
    assert any(p.startswith("**Organisering og ressourcer**") for p in principles)


def test_policy_areas_sit_in_order_under_the_umbrella_theme(
    portfolio: Portfolio,
) -> None:
    strategy = portfolio.strategy(STRATEGY)
    assert strategy is not None
    (umbrella,) = strategy.themes
    assert umbrella.id == UMBRELLA
    assert umbrella.title["da"] == "Mangfoldighed, åbenhed og livskvalitet"
    areas = _policy_areas(portfolio)
    assert [(t.id, t.title["da"]) for t in areas] == list(POLICY_AREAS)
    for area in areas:
        assert area.label["da"] == "politikområde"
        assert area.label["en"] == "policy area"
        assert len(area.description["da"]) > 200, area.id
        assert not area.themes


def test_policy_area_descriptions_carry_the_strategy_text(portfolio: Portfolio) -> None:
    phrases = {
        "borgerservice": "byder vi internationale medborgere og virksomheder velkommen",
        "aktivt-liv-og-interkulturel-forstaaelse": "kultur-, fritids- og idrætspolitik",
        "skole-og-uddannelsessamarbejde": "folkeskoler har alle internationale",
        "sundhed-omsorg-og-sociale-indsatser": "Sundhedsfremme har stort potentiale",
        "beskaeftigelse-og-arbejdsmarkedsforhold": "arbejdstagere fra vore nabolande",
        "klima-energi-og-miljoe": "den globale opvarmning",
        "erhvervs-og-byudvikling": "attraktiv bosætnings- og erhvervskommune",
    }
    for area in _policy_areas(portfolio):
        assert phrases[area.id] in _flat(area.description["da"])


def test_every_goal_of_the_strategy_is_a_goal(portfolio: Portfolio) -> None:
    strategy = portfolio.strategy(STRATEGY)
    assert strategy is not None
    found = {goal.id: (theme.id, goal) for theme, goal in strategy.all_goals()}
    assert set(found) == set(GOALS)
    for goal_id, (theme_id, words) in GOALS.items():
        theme, goal = found[goal_id]
        assert theme == theme_id, goal_id
        assert words in _flat(goal.statement["da"]), goal_id
        assert goal.statement["en"], goal_id


def _strategy_text() -> str:
    return _flat(STRATEGY_TEXT.read_text(encoding="utf-8"))


def test_every_goal_quotes_the_strategy_word_for_word(portfolio: Portfolio) -> None:
    strategy = portfolio.strategy(STRATEGY)
    assert strategy is not None
    text = _strategy_text()
    goals = list(strategy.all_goals())
    assert len(goals) == len(GOALS)
    misquoted = [
        goal.id for _theme, goal in goals if _flat(goal.statement["da"]) not in text
    ]
    assert misquoted == []


def test_wishes_stay_wishes_and_qualifiers_stay(portfolio: Portfolio) -> None:
    strategy = portfolio.strategy(STRATEGY)
    assert strategy is not None
    goals = {goal.id: _flat(goal.statement["da"]) for _t, goal in strategy.all_goals()}
    assert goals["klima-gaa-foran"].startswith("Vi ønsker i Skanderborg Kommune at gå")
    assert (
        "kan internationalt samarbejde medvirke til"
        in (goals["klima-realisere-klimapolitikken"])
    )
    assert (
        "har som mål at være ’first mover’"
        in (goals["erhverv-first-mover-borgerinddragelse"])
    )
    assert goals["sundhed-nyeste-viden-gennem-netvaerk"].endswith(
        "inden for ældre-, handicap- og socialpsykiatriområdet."
    )
    assert goals["sundhed-samarbejde-med-udenlandske-kommuner"].endswith(
        "inden for ældre-, handicap- og socialpsykiatriområdet."
    )


def test_texts_said_to_be_the_strategys_own_words_are(portfolio: Portfolio) -> None:
    strategy = portfolio.strategy(STRATEGY)
    assert strategy is not None
    # The printed layout breaks words across lines ("samarbe-" / "jder").
    raw = STRATEGY_TEXT.read_text(encoding="utf-8")
    text = _flat(re.sub(r"(\w)-\n(\w)", r"\1\2", raw))
    assert strategy.follow_up is not None
    paragraphs = [strategy.summary["da"], strategy.vision["da"]]
    paragraphs += [theme.description["da"] for theme in _policy_areas(portfolio)]
    paragraphs += [principle["da"] for principle in strategy.principles]
    paragraphs.append(strategy.follow_up.description["da"])
    for paragraph in paragraphs:
        for part in (paragraph or "").split("\n\n"):
            if part.startswith("**"):  # the section's heading, set in bold
                continue
            assert _flat(part) in text, part[:60]


def test_follow_up_rule_is_yearly_from_secretariats_to_committees(
    portfolio: Portfolio,
) -> None:
    strategy = portfolio.strategy(STRATEGY)
    assert strategy is not None
    rule = strategy.follow_up
    assert rule is not None
    assert rule.frequency == "yearly"
    assert rule.prepared_by == ("fagsekretariater-og-stabe",)
    assert rule.addressed_to == ("de-politiske-udvalg",)
    assert "internationale projektgruppe" in _flat(rule.description["da"])


# -- initiatives --------------------------------------------------------------------


def _initiative(portfolio: Portfolio, id_: str) -> Initiative:
    initiative = portfolio.initiative(id_)
    assert initiative is not None, id_
    return initiative


def test_international_borgerservice(portfolio: Portfolio) -> None:
    initiative = _initiative(portfolio, "international-borgerservice")
    assert initiative.title["da"] == "International Borgerservice"
    assert initiative.kind == "eu-project"
    assert initiative.themes == ("borgerservice",)
    assert [f.programme for f in initiative.funding] == ["esf"]
    assert [p.organisation for p in initiative.participations] == [
        "business-region-aarhus"
    ]


def test_reception_of_foreign_labour_and_its_outputs(portfolio: Portfolio) -> None:
    initiative = _initiative(portfolio, "udenlandsk-arbejdskraft")
    assert initiative.kind == "eu-project"
    assert [f.programme for f in initiative.funding] == ["esf"]
    assert [p.organisation for p in initiative.participations] == [
        "business-region-aarhus"
    ]
    outputs = [r.title["da"] for r in initiative.results if r.type == "output"]
    assert outputs == [
        "Engelsk, tysk og polskkurser til medarbejdere i kommunens Borgerservice",
        "Velkomstpakker til udenlandske tilflyttere",
        "En engelsksproget hjemmeside om Skanderborg Kommune og den Østjyske region",
    ]


def test_active_travel_network(portfolio: Portfolio) -> None:
    initiative = _initiative(portfolio, "active-travel-network")
    assert initiative.kind == "eu-project"
    assert initiative.period is not None
    assert initiative.period.start is not None
    assert initiative.period.end is not None
    assert (initiative.period.start.year, initiative.period.end.year) == (2010, 2012)
    counted = [p for p in initiative.participations if p.count is not None]
    assert [p.count for p in counted] == [9]
    (lead,) = [p for p in initiative.participations if p.lead]
    assert lead.organisation == "weiz"
    # Skanderborg's nine partners, Weiz among them: counted once.
    assert counted[0].includes == ("weiz",)
    assert initiative.partner_count() == 9
    assert [f.programme for f in initiative.funding] == ["urbact"]
    assert "flytte pendlere fra bil til gang eller cykling" in _flat(
        initiative.description["da"]
    )
    assert initiative.themes[0] == "klima-energi-og-miljoe"
    assert "beskaeftigelse-og-arbejdsmarkedsforhold" in initiative.themes
    assert URBACT_PAGE in _urls(initiative)
    weiz = portfolio.organisation("weiz")
    assert weiz is not None
    assert URBACT_PAGE in _urls(weiz)


def test_innourba(portfolio: Portfolio) -> None:
    initiative = _initiative(portfolio, "innourba")
    assert initiative.period is not None
    assert initiative.period.start is not None
    assert initiative.period.end is not None
    assert (initiative.period.start.year, initiative.period.end.year) == (2008, 2009)
    assert [p.organisation for p in initiative.participations] == ["oulu", "umea"]
    assert initiative.themes == ("erhvervs-og-byudvikling",)
    assert [(f.funder, f.programme) for f in initiative.funding] == [
        ("nordic-innovation", "nordic-innovation")
    ]
    cases = initiative.results[0].title["da"]
    assert "Kildebjerg" in cases
    assert "Anebjerg" in cases
    assert NORDIC_INNOVATION_PAGE in _urls(initiative)


def test_statuses_from_the_strategy_hold_as_of_its_time(portfolio: Portfolio) -> None:
    """The strategy (about 2010) says what ran then, not what runs today."""
    then, today = dt.date(2010, 6, 1), dt.date(2025, 1, 1)
    expected = {
        "eu-kontor-samarbejde": ("implementation", None),
        "international-borgerservice": ("implementation", None),
        "udenlandsk-arbejdskraft": ("implementation", None),
        "medarbejderudveksling-eisenach": ("pipeline", None),
        # Dated and sourced: under way then, completed since.
        "active-travel-network": ("implementation", "closed"),
        "innourba": ("closed", "closed"),
    }
    for initiative in portfolio.initiatives:
        statuses = (initiative.status_on(then), initiative.status_on(today))
        assert statuses == expected[initiative.id], initiative.id


def test_staff_exchange_with_eisenach_is_an_aim(portfolio: Portfolio) -> None:
    initiative = _initiative(portfolio, "medarbejderudveksling-eisenach")
    assert initiative.kind == "staff-exchange"
    assert initiative.partnership == "eisenach"
    assert initiative.themes == ("borgerservice",)
    assert initiative.status == "pipeline"
    assert initiative.period is None


# -- the twinning with Eisenach -------------------------------------------------------


def test_eisenach_twinning_history(portfolio: Portfolio) -> None:
    partnership = portfolio.partnership("eisenach")
    assert partnership is not None
    assert partnership.kind == "twinning"
    assert partnership.party_ids() == ("skanderborg", "eisenach")
    events = [(e.kind, str(e.date), e.party) for e in partnership.events]
    assert events == [
        ("signed", "1993", None),
        ("reviewed", "2008", "skanderborg"),
        ("re-signed", "2008-10-06", None),
        ("handed-over", "2023-01-12", "skanderborg"),
        ("noted", "2023", "eisenach"),
    ]
    for event in partnership.events:
        assert event.sources, event.kind
        assert all(source.url for source in event.sources)
    signed, _reviewed, re_signed, transferred, noted = partnership.events
    assert EISENACH_PAGE in _urls(signed)
    assert EISENACH_PAGE in _urls(re_signed)
    assert transferred.decided_by == "byraadet"
    assert transferred.transferred_to == "verein-internationale-zusammenarbeit"
    assert EISENACH_PAPER in _urls(transferred)
    assert noted.reference == "1194-BR/2023"
    assert EISENACH_PAPER in _urls(noted)


def test_eisenach_status_is_derived_per_party(portfolio: Portfolio) -> None:
    partnership = portfolio.partnership("eisenach")
    assert partnership is not None
    assert partnership.status_on(dt.date(2009, 1, 1)) == {
        "skanderborg": "active",
        "eisenach": "active",
    }
    assert partnership.status_on(dt.date(2024, 1, 1)) == {
        "skanderborg": "handed-over",
        "eisenach": "active",
    }


def test_everything_in_the_eisenach_twinning_is_in_german(portfolio: Portfolio) -> None:
    partnership = portfolio.partnership("eisenach")
    assert partnership is not None
    texts = [(path, text) for path, text in _texts(partnership) if text]
    assert texts
    for path, text in texts:
        assert text.get("de"), path
        assert text.provenance["de"].method == "human", path


# -- the illustrative follow-up --------------------------------------------------------


def test_sample_follow_up_is_illustrative_throughout(portfolio: Portfolio) -> None:
    followup = portfolio.followup(FOLLOWUP)
    assert followup is not None
    assert followup.illustrative
    assert followup.period == Period.year(2011)
    addressee = portfolio.body(followup.addressee)
    assert addressee is not None
    assert addressee.type == "committee"
    assert addressee.illustrative
    assert followup.case is not None
    assert followup.case.number
    assert followup.summary["da"].startswith("Illustrativt eksempel")
    assert followup.summary["en"].startswith("Illustrative example")
    assert followup.decisions_requested
    # Each point completes "... indstiller, at" and says it is an example.
    assert all(
        d["da"].startswith("udvalget ") and "(illustrativt eksempel)" in d["da"]
        for d in followup.decisions_requested
    )
    assert followup.decisions
    for decision in followup.decisions:
        assert decision.illustrative
        assert decision.text["da"].startswith("Illustrativt eksempel")
    for update in followup.updates:
        assert update.illustrative, update.subject
        assert update.achievements["da"].startswith("Illustrativt eksempel")
        assert update.achievements["en"].startswith("Illustrative example")


def test_sample_follow_up_covers_subjects_active_in_2011(portfolio: Portfolio) -> None:
    followup = portfolio.followup(FOLLOWUP)
    assert followup is not None
    subjects = {str(update.subject) for update in followup.updates}
    assert {
        "initiative:active-travel-network",
        "initiative:international-borgerservice",
        "partnership:eisenach",
        "theme:borgerservice",
    } <= subjects
    active_partnerships = {
        p.id for p in portfolio.partnerships_active_in(followup.period)
    }
    for update in followup.updates:
        assert portfolio.subject_exists(update.subject), update.subject
        if update.subject.kind == "initiative":
            initiative = portfolio.initiative(update.subject.id)
            assert initiative is not None
            # An initiative whose period is not given is taken as active by
            # its update; one with a period must overlap 2011.
            assert initiative.is_active_in(followup.period) or not (
                initiative.has_period
            )
        if update.subject.kind == "partnership":
            assert update.subject.id in active_partnerships
    assert followup.update_for(SubjectRef("partnership", "eisenach")) is not None


def test_sample_follow_up_is_intact_since_submission(portfolio: Portfolio) -> None:
    from munintl.followups import is_intact

    followup = portfolio.followup(FOLLOWUP)
    assert followup is not None
    assert followup.state != "draft"
    assert is_intact(followup)


# -- languages, provenance and sources ----------------------------------------


def test_every_text_is_in_danish_and_english(portfolio: Portfolio) -> None:
    for path, text in _texts(portfolio):
        if not text:
            continue
        assert text.get("da"), path
        assert text.get("en"), path


def test_every_translation_is_human_and_none_is_stale(portfolio: Portfolio) -> None:
    for path, text in _texts(portfolio):
        original = text.source_language() or "da"
        for language in text.languages:
            if language == original:
                continue
            provenance = text.provenance.get(language)
            assert provenance is not None, (path, language)
            assert provenance.method == "human", (path, language)
            assert provenance.source_language == original, (path, language)
            assert provenance.source_hash == source_hash(text[original]), (
                path,
                language,
            )
            assert not text.is_stale(language), (path, language)


def test_texts_stay_in_the_markdown_subset(portfolio: Portfolio) -> None:
    for path, text in _texts(portfolio):
        for language in text.languages:
            assert markdown_problems(text[language]) == [], (path, language)


def test_facts_from_outside_the_strategy_carry_sources(portfolio: Portfolio) -> None:
    sourced: list[Any] = [
        portfolio.municipality,
        portfolio.partnership("eisenach"),
        portfolio.initiative("active-travel-network"),
        portfolio.initiative("innourba"),
        portfolio.organisation("weiz"),
        portfolio.organisation("nordic-innovation"),
        portfolio.organisation("eisenach"),
        portfolio.organisation("verein-internationale-zusammenarbeit"),
    ]
    for entity in sourced:
        assert entity is not None
        assert entity.sources, getattr(entity, "id", entity)
        for source in entity.sources:
            assert source.title
            assert source.url
            assert source.url.startswith(("http://", "https://"))


def test_only_the_sample_follow_up_and_committee_are_illustrative(
    portfolio: Portfolio,
) -> None:
    illustrative_bodies = {b.id for b in portfolio.bodies if b.illustrative}
    assert illustrative_bodies == {"okonomiudvalget"}
    assert not any(i.illustrative for i in portfolio.initiatives)
    assert not any(p.illustrative for p in portfolio.partnerships)
    assert not any(o.illustrative for o in portfolio.organisations)
    assert all(f.illustrative for f in portfolio.followups)
