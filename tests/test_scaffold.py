"""Starting a new municipality from the packaged example."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import venv
from pathlib import Path

import pytest

import munintl
from munintl import scaffold
from munintl.errors import ValidationError
from munintl.validation import errors_only

ROOT = Path(__file__).resolve().parents[1]


@pytest.fixture(scope="module")
def example() -> munintl.Portfolio:
    with scaffold.example_path("skanderborg") as path:
        return munintl.load(path)


@pytest.fixture(scope="module")
def odder(tmp_path_factory: pytest.TempPathFactory) -> Path:
    target = tmp_path_factory.mktemp("new") / "odder"
    scaffold.create(target, municipality="Odder Kommune")
    return target


def test_slugify_makes_ids_from_danish_and_german_names() -> None:
    assert scaffold.slugify("Århus Kommune") == "aarhus-kommune"
    assert scaffold.slugify("Ærø  Kommune!") == "aeroe-kommune"
    assert scaffold.slugify("Gießen") == "giessen"
    assert scaffold.slugify("Zürich") == "zurich"
    with pytest.raises(scaffold.ScaffoldError, match="--id"):
        scaffold.slugify("???")


def test_new_portfolio_validates_without_findings(odder: Path) -> None:
    assert munintl.validate(munintl.load(odder)) == []


def test_new_municipality_replaces_the_example(odder: Path) -> None:
    municipality = munintl.load(odder).municipality
    assert municipality.id == "odder-kommune"
    assert municipality.name.get("da") == "Odder Kommune"
    assert municipality.codes == {}
    assert municipality.website is None


def test_theme_structure_is_kept_and_goals_become_placeholders(
    odder: Path, example: munintl.Portfolio
) -> None:
    new = munintl.load(odder)

    def tree(portfolio: munintl.Portfolio) -> list[tuple[str, str, int]]:
        return [
            (strategy.id, theme.id, len(theme.goals))
            for strategy, theme in portfolio.all_themes()
        ]

    # The Danish example's language: its strategy and theme ids stay.
    assert tree(new) == tree(example)
    for _, theme in new.all_themes():
        assert [goal.id for goal in theme.goals] == [
            f"{theme.id}-maal-{n}" for n in range(1, len(theme.goals) + 1)
        ]
    goals = [goal for strategy in new.strategies for _, goal in strategy.all_goals()]
    assert goals
    assert all(goal.illustrative for goal in goals)
    assert all(
        goal.statement.get("da", ()).startswith("Skriv målet her") for goal in goals
    )
    titles = {theme.id: theme.title.values for _, theme in new.all_themes()}
    assert titles == {
        theme.id: {lang: theme.title.get(lang) for lang in ("da", "en")}
        for _, theme in example.all_themes()
    }


def test_examples_own_entities_are_left_out(odder: Path) -> None:
    new = munintl.load(odder)
    assert [body.id for body in new.bodies] == ["byraadet", "udvalg"]
    assert (
        new.initiatives == new.partnerships == new.followups == new.organisations == ()
    )
    assert new.strategies[0].status == "draft"
    assert "Skanderborg" not in (odder / "municipality.yaml").read_text("utf-8")
    for _, theme in new.all_themes():
        assert set(theme.responsible) <= {"udvalg"}
        assert set(theme.reports_to) <= {"byraadet"}


def test_configuration_is_kept(odder: Path) -> None:
    with scaffold.example_path("skanderborg") as path:
        assert (odder / "munintl.toml").read_text("utf-8") == (
            path / "munintl.toml"
        ).read_text("utf-8")


def test_readme_says_what_to_fill_in_first(odder: Path) -> None:
    text = (odder / "README.md").read_text("utf-8")
    assert "## Fill in first" in text
    for name in (
        "municipality.yaml",
        "byraadet.yaml",
        "udvalg.yaml",
        "illustrative: true",
    ):
        assert name in text
    assert "munintl validate ." in text


def test_every_yaml_file_points_an_editor_at_its_schema(odder: Path) -> None:
    files = sorted(odder.rglob("*.yaml"))
    assert files
    for path in files:
        first = path.read_text("utf-8").splitlines()[0]
        assert first.startswith("# yaml-language-server: $schema=")
        schema_path = (path.parent / first.split("=", 1)[1]).resolve()
        assert schema_path.is_file(), path


def test_language_option_sets_the_language_of_names_and_placeholders(
    tmp_path: Path,
) -> None:
    portfolio = scaffold.create(
        tmp_path / "weiz", municipality="Stadt Weiz", language="de", country="AT"
    )
    assert portfolio.municipality.default_language == "de"
    assert portfolio.municipality.working_languages == ("de", "en")
    goal = next(goal for _, goal in portfolio.strategies[0].all_goals())
    assert goal.statement.get("de", ()).startswith("Ziel hier eintragen")
    council = next(b for b in portfolio.bodies if b.type == "city-council")
    assert council.id == "stadtrat"
    assert council.name.get("de") == "Stadtrat"
    # The schemas an editor shows beside each key speak the files' language.
    initiative = json.loads(
        (tmp_path / "weiz" / "schemas" / "initiative.schema.json").read_text("utf-8")
    )
    assert (
        initiative["title"]
        == "munintl-Datei der Art initiative (initiatives/<id>.yaml)"
    )


def test_the_schemas_of_a_danish_portfolio_are_danish(odder: Path) -> None:
    document = json.loads((odder / "schemas" / "body.schema.json").read_text("utf-8"))
    assert document["description"].startswith(
        "Alt, der beslutter, ejer eller udfører arbejde."
    )


def test_keep_examples_keeps_them_marked_illustrative(tmp_path: Path) -> None:
    portfolio = scaffold.create(
        tmp_path / "demo", municipality="Demo", id="demo", keep_examples=True
    )
    assert portfolio.initiatives
    assert portfolio.partnerships
    assert portfolio.followups
    assert all(item.illustrative for item in portfolio.initiatives)
    parties = {party.party for p in portfolio.partnerships for party in p.parties}
    assert "demo" in parties
    assert "skanderborg" not in parties
    assert errors_only(munintl.validate(munintl.load(tmp_path / "demo"))) == []


def test_directory_in_use_is_refused_and_left_alone(tmp_path: Path) -> None:
    (tmp_path / "notes.txt").write_text("mine", encoding="utf-8")
    with pytest.raises(scaffold.ScaffoldError, match="not empty"):
        scaffold.create(tmp_path, municipality="Odder")
    assert [p.name for p in tmp_path.iterdir()] == ["notes.txt"]


def test_empty_directory_is_used(tmp_path: Path) -> None:
    scaffold.create(tmp_path, municipality="Odder")
    assert (tmp_path / "municipality.yaml").is_file()
    assert not [
        p for p in tmp_path.parent.iterdir() if p.name.startswith(f".{tmp_path.name}.")
    ]


def test_unknown_example_is_refused(tmp_path: Path) -> None:
    with pytest.raises(scaffold.ScaffoldError, match="no example called 'aarhus'"):
        scaffold.create(tmp_path / "x", municipality="X", example="aarhus")


def test_invalid_result_writes_nothing(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    generic = scaffold._generic_bodies
    # Leave out the city council the committee and the themes point at.
    monkeypatch.setattr(
        scaffold, "_generic_bodies", lambda languages: generic(languages)[1:]
    )
    with pytest.raises(ValidationError):
        scaffold.create(tmp_path / "x", municipality="X")
    assert list(tmp_path.iterdir()) == []


@pytest.mark.slow
def test_init_works_from_the_built_wheel_in_a_fresh_virtualenv(tmp_path: Path) -> None:
    """Build the wheel, install it with its dependencies into a new venv, run init."""
    subprocess.run(
        [
            sys.executable,
            "-m",
            "pip",
            "wheel",
            "--no-deps",
            "--no-build-isolation",
            "--quiet",
            "--wheel-dir",
            str(tmp_path / "dist"),
            str(ROOT),
        ],
        check=True,
    )
    (wheel,) = (tmp_path / "dist").glob("munintl-*.whl")
    environment = tmp_path / "venv"
    venv.create(environment, with_pip=True)
    bin_dir = environment / ("Scripts" if os.name == "nt" else "bin")
    subprocess.run(
        [str(bin_dir / "python"), "-m", "pip", "install", "--quiet", str(wheel)],
        check=True,
    )
    outside = tmp_path / "elsewhere"  # not the source tree: the wheel's own example
    outside.mkdir()
    env = {key: value for key, value in os.environ.items() if key != "PYTHONPATH"}
    init = subprocess.run(
        [
            str(bin_dir / "munintl"),
            "init",
            "odder",
            "--from",
            "skanderborg",
            "--municipality",
            "Odder Kommune",
        ],
        cwd=outside,
        env=env,
        capture_output=True,
        text=True,
        check=False,
    )
    assert init.returncode == 0, init.stderr
    check = subprocess.run(
        [str(bin_dir / "munintl"), "validate", "odder"],
        cwd=outside,
        env=env,
        capture_output=True,
        text=True,
        check=False,
    )
    assert check.returncode == 0, check.stderr
    assert "valid (0 errors, 0 warnings)" in check.stdout + check.stderr
    where = subprocess.run(
        [
            str(bin_dir / "python"),
            "-c",
            "import munintl.scaffold as s\n"
            "with s.example_path('skanderborg') as p: print(p)",
        ],
        cwd=outside,
        env=env,
        capture_output=True,
        text=True,
        check=True,
    )
    assert str(environment) in where.stdout


# -- a new portfolio in its own language ---------------------------------------

#: A theme of the Skanderborg example by its id in each shipped language.
CITIZEN_SERVICE = {
    "da": "borgerservice",
    "en": "citizen-service",
    "de": "buergerservice",
    "sv": "medborgarservice",
    "nb": "innbyggerservice",
    "pl": "obsluga-mieszkancow",
}
COUNTRIES = {"da": "DK", "en": "GB", "de": "DE", "sv": "SE", "nb": "NO", "pl": "PL"}


def test_every_theme_of_every_example_has_words_in_every_language() -> None:
    """A theme added to an example must get its words, or init falls back."""
    from munintl.model import is_slug
    from munintl.scaffold import words

    for name in scaffold.EXAMPLES:
        with scaffold.example_path(name) as path:
            portfolio = munintl.load(path)
        for _, theme in portfolio.all_themes():
            assert set(words.THEME_TITLES[theme.id]) == set(words.LANGUAGES), name
            label = theme.label.get("en", ())
            if theme.label.values:
                assert set(words.THEME_LABELS[str(label)]) == set(words.LANGUAGES)
    for table in (
        *words.PLACEHOLDERS.values(),
        *words.BODY_IDS.values(),
        words.STRATEGY_IDS,
        words.GOAL_WORDS,
    ):
        assert set(table) == set(words.LANGUAGES)
    for language in words.LANGUAGES:
        for titles in words.THEME_TITLES.values():
            assert is_slug(words.slug(titles[language], language))


def test_the_words_modules_examples_hold() -> None:
    import doctest

    from munintl.scaffold import renaming, words

    for module in (words, renaming):
        assert doctest.testmod(module).failed == 0


@pytest.mark.parametrize("language", ["da", "en", "de", "sv", "nb", "pl"])
def test_a_new_portfolio_has_ids_and_words_in_its_language(
    tmp_path: Path, language: str, example: munintl.Portfolio
) -> None:
    """Skanderborg's Danish ids (international-strategi) went into every new portfolio."""
    from munintl.scaffold import words

    target = tmp_path / "new"
    scaffold.create(
        target,
        municipality="Newtown",
        language=language,
        country=COUNTRIES[language],
    )
    new = munintl.load(target)
    # Valid under --strict: no finding at all, so every reference resolves
    # and every text is there in each working language.
    assert munintl.validate(new) == []
    [strategy] = new.strategies
    assert strategy.id == words.STRATEGY_IDS[language]
    themes = [theme for _, theme in new.all_themes()]
    assert CITIZEN_SERVICE[language] in {theme.id for theme in themes}
    goal_word = words.GOAL_WORDS[language]
    for theme in themes:
        title = theme.title.get(language)
        assert isinstance(title, str)
        if language != "da":  # the example's own language keeps its ids
            assert theme.id == words.slug(title, language)
        assert [goal.id for goal in theme.goals] == [
            f"{theme.id}-{goal_word}-{n}" for n in range(1, len(theme.goals) + 1)
        ]
    old_goals = {goal.id for s in example.strategies for _, goal in s.all_goals()}
    assert not old_goals & {
        goal.id for s in new.strategies for _, goal in s.all_goals()
    }
    bodies = {body.type: body.id for body in new.bodies}
    assert bodies == {
        "city-council": words.BODY_IDS["city-council"][language],
        "committee": words.BODY_IDS["committee"][language],
    }
    for theme in themes:
        assert set(theme.responsible) <= {bodies["committee"]}
        assert set(theme.reports_to) <= {bodies["city-council"]}
    readme = (target / "README.md").read_text("utf-8")
    assert f"strategies/{strategy.id}/" in readme
    assert f"`{bodies['committee']}.yaml`" in readme
    # Every report kind renders, and none says anything of Skanderborg.
    for kind in ("overview", "register", "followup"):
        text = munintl.render(
            new, kind=kind, format="markdown", lang=language, period=2025
        ).decode("utf-8")
        assert "Newtown" in text
        assert "Skanderborg" not in text
    files = "".join(p.read_text("utf-8") for p in target.rglob("*.yaml"))
    assert "Skanderborg" not in files
    if language != "da":
        assert "international-strategi" not in files


def test_a_language_without_prepared_words_gets_neutral_english_ids(
    tmp_path: Path,
) -> None:
    portfolio = scaffold.create(
        tmp_path / "nuuk", municipality="Nuuk", language="kl", country="GL"
    )
    assert portfolio.strategies[0].id == "international-strategy"
    ids = {theme.id for _, theme in portfolio.all_themes()}
    assert "citizen-service" in ids
    assert {body.id for body in portfolio.bodies} == {"city-council", "committee"}
    assert errors_only(munintl.validate(portfolio)) == []


@pytest.mark.parametrize("source", ["skanderborg", "exempelby"])
def test_kept_examples_follow_the_renamed_ids_and_stay_illustrative(
    tmp_path: Path, source: str
) -> None:
    """Every reference is renamed with its target; no sample passes as fact."""
    target = tmp_path / "demo"
    scaffold.create(
        target,
        municipality="Demo",
        id="demo",
        example=source,
        language="en",
        country="GB",
        keep_examples=True,
    )
    new = munintl.load(target)
    assert errors_only(munintl.validate(new)) == []  # no dangling reference
    theme_ids = {theme.id for _, theme in new.all_themes()}
    goal_ids = {goal.id for s in new.strategies for _, goal in s.all_goals()}
    assert new.strategies[0].id == "international-strategy"
    for initiative in new.initiatives:
        assert set(initiative.themes) <= theme_ids
        assert set(initiative.goals) <= goal_ids
    for partnership in new.partnerships:
        assert set(partnership.areas) <= theme_ids
    assert new.followups
    for followup in new.followups:
        assert followup.illustrative
        assert all(update.illustrative for update in followup.updates)
        assert all(decision.illustrative for decision in followup.decisions)
        if followup.strategy is not None:
            assert followup.strategy == "international-strategy"
        for subject in followup.subjects:
            if subject.kind == "theme":
                assert subject.id in theme_ids
            if subject.kind == "goal":
                assert subject.id in goal_ids
        text = munintl.render(
            new, kind="followup", followup=followup.id, format="markdown"
        ).decode("utf-8")
        assert text


def test_the_country_follows_the_language_never_the_examples_by_default(
    tmp_path: Path,
) -> None:
    """A Polish-language municipality made without --country was Danish."""
    polish = scaffold.create(tmp_path / "pl", municipality="Gmina", language="pl")
    assert polish.municipality.country == "PL"
    danish = scaffold.create(tmp_path / "da", municipality="Odder Kommune")
    assert danish.municipality.country == "DK"
    # English and German are written in several countries: it must be said.
    with pytest.raises(scaffold.CountryNeeded, match="--country"):
        scaffold.create(tmp_path / "en", municipality="Newtown", language="en")
    assert not (tmp_path / "en").exists()
