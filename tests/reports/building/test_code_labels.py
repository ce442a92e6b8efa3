"""A code reads the same everywhere: its codelist's label (building.localize).

The codelists are the source of truth for a code's label in Danish, German
and English.  Reports, the Sphinx directives and ``munintl show`` label a
code with :meth:`Localizer.code`; without a registered codelist (a
partnership's derived status, a follow-up's state) it falls back to the
catalog's translation of the built-in English label, and that must give
the same word as the codelist ("Afsluttet", not "Ophørt", for an ended
partnership).
"""

from __future__ import annotations

from pathlib import Path

import attrs
import pytest

import munintl
from munintl.cli.show import summarise
from munintl.hooks.manager import get_plugin_manager
from munintl.model import Codelist
from munintl.plugins.codelists import builtin_codelists
from munintl.reports.building.localize import BUILTIN_LABELS, Localizer

LANGUAGES = ("da", "de", "en")
CODELISTS = {codelist.scheme: codelist for codelist in builtin_codelists()}
EXAMPLE = Path(__file__).resolve().parents[3] / "examples" / "skanderborg"


def _labels(scheme: str, language: str) -> dict[str, str]:
    """Each code of the built-in codelist ``scheme`` with its label in ``language``."""
    return {item.code: item.label.values[language] for item in CODELISTS[scheme].items}


def _differences(
    localizer: Localizer, schemes: list[str], language: str
) -> list[tuple[str, str, str, str]]:
    return [
        (scheme, code, label, shown)
        for scheme in schemes
        for code, label in _labels(scheme, language).items()
        if (shown := localizer.code(scheme, code)) != label
    ]


@pytest.mark.parametrize("language", LANGUAGES)
def test_every_code_is_labelled_as_its_codelist_says(language: str) -> None:
    registered = get_plugin_manager().codelists()
    localizer = Localizer(language, codelists=registered)
    assert _differences(localizer, list(CODELISTS), language) == []


def test_the_built_in_labels_cover_their_codelists() -> None:
    for scheme, labels in BUILTIN_LABELS.items():
        assert set(labels) == set(_labels(scheme, "en")), scheme
        assert labels == _labels(scheme, "en"), scheme


@pytest.mark.parametrize("language", LANGUAGES)
def test_without_a_codelist_a_code_reads_as_its_codelist_says(language: str) -> None:
    # The catalog translates the English label: it must give the codelist's
    # word in the language, whatever else the same English word means.
    localizer = Localizer(language, codelists={})
    assert _differences(localizer, list(BUILTIN_LABELS), language) == []


@pytest.mark.parametrize("language", LANGUAGES)
@pytest.mark.parametrize("with_codelists", [True, False])
def test_show_labels_states_and_statuses_as_the_codelists(
    language: str, with_codelists: bool
) -> None:
    portfolio = munintl.load(EXAMPLE)
    codelists: dict[str, Codelist] = (
        dict(get_plugin_manager().codelists()) if with_codelists else {}
    )
    states = _labels("follow-up-state", language)
    followup = portfolio.followups[0]
    for state, label in states.items():
        changed = attrs.evolve(
            portfolio, followups=(attrs.evolve(followup, state=state),)
        )
        summary = summarise(changed, language=language, codelists=codelists)
        assert summary["followups"][0]["state"] == label
    statuses = set(_labels("partnership-status", language).values())
    shown = {
        label
        for partnership in summarise(portfolio, language=language, codelists=codelists)[
            "partnerships"
        ]
        for label in partnership["status"].values()
        if label
    }
    assert shown
    assert shown <= statuses
