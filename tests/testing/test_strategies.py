"""The Hypothesis strategies keep their promises: valid, resolvable, tricky data."""

from __future__ import annotations

import importlib
import pkgutil
import unicodedata
from types import ModuleType

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import munintl.testing.strategies as package
from munintl.config import Config
from munintl.followups import is_intact
from munintl.hooks.manager import MunintlPluginManager
from munintl.model import (
    Body,
    FollowUp,
    Initiative,
    LocalizedText,
    Partnership,
    Portfolio,
    is_slug,
)
from munintl.testing.strategies import (
    BIG,
    References,
    bodies,
    followups,
    initiatives,
    localized_texts,
    partnerships,
    portfolios,
    slugs,
    texts,
)
from munintl.validation import RuleContext, errors_only, run_rules

MODULES = [
    importlib.import_module(f"{package.__name__}.{info.name}")
    for info in pkgutil.iter_modules(package.__path__)
    if not info.name.startswith("_")
]


# -- the package -----------------------------------------------------------------


def test_package_exports_every_public_strategy_of_its_modules() -> None:
    exported = {name for module in MODULES for name in module.__all__}
    assert set(package.__all__) == exported | {"BIG"}
    for module in MODULES:
        for name in module.__all__:
            assert getattr(package, name) is getattr(module, name), name


def test_every_module_is_named_after_the_model_module_it_generates() -> None:
    model = {
        info.name
        for info in pkgutil.iter_modules(
            importlib.import_module("munintl.model").__path__
        )
    }
    assert {m.__name__.rpartition(".")[2] for m in MODULES} - model == {"references"}


@pytest.mark.parametrize(
    "module", [package, *MODULES], ids=lambda module: module.__name__
)
def test_each_module_lists_its_public_names_sorted(module: ModuleType) -> None:
    names = list(module.__all__)
    assert names == sorted(
        names, key=lambda n: (not n.isupper(), not n[0].isupper(), n)
    )


# -- values ------------------------------------------------------------------------


@given(slugs())
def test_slugs_are_valid_ids(slug: str) -> None:
    assert is_slug(slug)


@given(texts())
def test_texts_have_no_control_characters_but_newlines(text: str) -> None:
    assert all(
        ch == "\n" or unicodedata.category(ch) not in ("Cc", "Cs", "Co", "Cn")
        for ch in text
    )
    assert "\ufeff" not in text


@given(localized_texts())
def test_localized_texts_have_a_language_and_provenance_only_for_their_languages(
    text: LocalizedText,
) -> None:
    assert text.values
    assert set(text.provenance) <= set(text.values)


# -- references ------------------------------------------------------------------

REFS = References(
    bodies=("council",),
    organisations=("eisenach",),
    parties=("lilleby", "eisenach"),
    strategies=(),
    themes=("culture",),
    goals=(),
    initiatives=(),
    partnerships=(),
)


@given(bodies(refs=REFS))
def test_references_limit_what_an_entity_refers_to(body: Body) -> None:
    assert body.parent in (None, "council")


@settings(BIG)
@given(initiatives(refs=REFS))
def test_initiatives_refer_only_to_the_ids_given(initiative: Initiative) -> None:
    assert set(initiative.themes) <= {"culture"}
    assert initiative.goals == ()
    assert set(initiative.responsible) <= {"council"}
    assert initiative.partnership is None
    for participation in initiative.participations:
        assert participation.organisation in (None, "lilleby", "eisenach")
        assert set(participation.includes) <= {"lilleby", "eisenach"}
    for line in initiative.funding:
        assert line.funder in (None, "eisenach")


@settings(BIG)
@given(partnerships(refs=REFS))
def test_partnerships_have_the_municipality_and_events_in_order(
    partnership: Partnership,
) -> None:
    parties = [party.party for party in partnership.parties]
    assert parties[0] == "lilleby"
    assert len(parties) == len(set(parties)) >= 2
    keys = [event.sort_key() for event in partnership.events]
    assert keys == sorted(keys)


@settings(BIG)
@given(followups())
def test_followups_have_one_update_per_subject_and_submitted_ones_are_intact(
    followup: FollowUp,
) -> None:
    subjects = [update.subject for update in followup.updates]
    assert len(subjects) == len(set(subjects))
    assert is_intact(followup)


# -- whole portfolios ----------------------------------------------------------------

MANAGER = MunintlPluginManager(strict=True, allow=(), disable=())
MANAGER.load_builtins(["munintl.plugins.codelists", "munintl.plugins.rules.references"])


@settings(BIG, max_examples=10)
@given(portfolios())
def test_portfolios_have_no_dangling_reference_duplicate_id_or_cycle(
    portfolio: Portfolio,
) -> None:
    rules = [
        MANAGER.rules()[code]
        for code in ("dangling-reference", "duplicate-id", "reference-cycle")
    ]
    context = RuleContext(codelists=MANAGER.codelists(), config=Config())
    assert errors_only(run_rules(portfolio, rules, context)) == []


@settings(BIG, max_examples=10)
@given(st.data())
def test_portfolios_respect_their_size(data: st.DataObject) -> None:
    size = data.draw(st.integers(0, 3))
    portfolio = data.draw(portfolios(max_size=size))
    for collection in (
        portfolio.bodies,
        portfolio.organisations,
        portfolio.initiatives,
        portfolio.partnerships,
    ):
        assert len(collection) <= size
