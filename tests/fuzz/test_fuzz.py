"""Replay the fuzzing corpus, and fuzz each store and the configuration briefly.

``nox -s fuzz`` runs the same checks for longer (``tests/fuzz/run.py``);
what it finds failing is kept in ``tests/fuzz/corpus/`` and replayed here.
"""

from __future__ import annotations

import pytest
from hypothesis import HealthCheck, Phase, given, settings

from fuzz.harness import TARGETS, Case, cases, check, load_corpus

CORPUS = load_corpus()


def test_the_corpus_holds_a_case_for_every_target() -> None:
    assert {case.target for case in CORPUS} == set(TARGETS)


@pytest.mark.parametrize(
    "case", CORPUS, ids=lambda case: f"{case.target}/{case.corpus_name()}"
)
def test_a_kept_case_holds(case: Case) -> None:
    check(case)


@pytest.mark.parametrize("target", TARGETS)
def test_a_few_new_cases_hold(target: str) -> None:
    @settings(
        max_examples=1,
        phases=[Phase.generate],
        deadline=None,
        database=None,
        suppress_health_check=list(HealthCheck),
    )
    @given(cases(target))
    def hold(case: Case) -> None:
        check(case)

    hold()
