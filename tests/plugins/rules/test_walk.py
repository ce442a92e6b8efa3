"""The walk the rules share: every entity, reference and path, found once."""

from __future__ import annotations

import gc
import json
import weakref

import attrs
import pytest
from hypothesis import HealthCheck, assume, given, settings

import munintl
from munintl.config import Config
from munintl.hooks.records import RuleContext
from munintl.model import (
    FundingLine,
    Goal,
    LocalizedText,
    PartialDate,
    Participation,
    PartnershipEvent,
    Portfolio,
    StatusUpdate,
    Strategy,
    SubjectRef,
    Theme,
)
from munintl.model.characters import forbidden
from munintl.plugins.rules._walk import (
    LEAF_TYPES,
    Columns,
    DecodedColumns,
    Suggester,
    chain_cycles,
    index,
)
from munintl.plugins.rules.text import (
    check_forbidden_characters,
    check_number_limits,
    text_pieces,
)
from munintl.testing.strategies.portfolio import portfolios
from munintl.wire import fastjson
from munintl.wire.convert import unstructure
from plugins.rules.helpers import (
    followup,
    initiative,
    partnership,
    portfolio,
    strategy,
    text,
    theme,
)

# -- the index -------------------------------------------------------------------


def test_walk_addresses_themes_by_id_at_any_depth() -> None:
    nested = theme("museums", goals=(Goal(id="visitors", statement=text("More")),))
    walk = index(
        portfolio(strategies=(strategy("s", theme("culture", themes=(nested,))),))
    )
    assert [node.path for node in walk.nodes(Theme)] == [
        "themes[culture]",
        "themes[museums]",
    ]
    assert [node.path for node in walk.nodes(Goal)] == ["themes[museums].goals[0]"]


def test_walk_addresses_status_updates_by_subject() -> None:
    update = StatusUpdate(subject=SubjectRef("initiative", "museum-exchange"))
    walk = index(portfolio(followups=(followup(updates=(update,)),)))
    assert [node.path for node in walk.nodes(StatusUpdate)] == [
        "followups[followup-2024].updates[initiative:museum-exchange]"
    ]


def test_walk_finds_every_reference_field_generically() -> None:
    event = PartnershipEvent(
        kind="signed", date=PartialDate(year=1993), decided_by="council"
    )
    walk = index(
        portfolio(
            initiatives=(
                initiative(
                    "museum-exchange",
                    funding=(FundingLine(funder="eisenach"),),
                    participations=(Participation(organisation="eisenach"),),
                ),
            ),
            partnerships=(
                partnership(
                    "eisenach-twinning", "lilleby", "eisenach", events=(event,)
                ),
            ),
        )
    )
    assert {
        (collection, ref.path, ref.value)
        for collection, found in walk.refs.items()
        for ref in found
    } == {
        ("themes", "initiatives[museum-exchange].themes[0]", "culture"),
        ("actors", "initiatives[museum-exchange].funding[0].funder", "eisenach"),
        (
            "actors",
            "initiatives[museum-exchange].participations[0].organisation",
            "eisenach",
        ),
        ("parties", "partnerships[eisenach-twinning].parties[0].party", "lilleby"),
        ("parties", "partnerships[eisenach-twinning].parties[1].party", "eisenach"),
        ("bodies", "partnerships[eisenach-twinning].events[0].decided_by", "council"),
        ("bodies", "themes[culture].responsible[0]", "council"),
        ("bodies", "themes[education].responsible[0]", "council"),
    }


def test_walk_marks_everything_inside_an_internal_entity_as_not_public() -> None:
    hidden = theme(
        "secret", visibility="internal", goals=(Goal(id="g", statement=text("x")),)
    )
    walk = index(portfolio(strategies=(strategy("s", hidden),)))
    assert [node.public for node in walk.nodes(Goal)] == [False]
    assert [node.public for node in walk.nodes(Strategy)] == [True]


def test_walk_of_the_same_portfolio_is_built_once() -> None:
    subject = portfolio()
    assert index(subject) is index(subject)
    assert index(portfolio()) is not index(subject)


def test_walk_cache_does_not_keep_the_portfolio_alive() -> None:
    subject = portfolio()
    index(subject)
    reference = weakref.ref(subject)
    del subject
    gc.collect()
    assert reference() is None


class _Cycle:
    """An object in a reference cycle with itself."""

    def __init__(self) -> None:
        self.me = self


def test_walk_leaves_the_collector_on_and_young_cycles_collectable() -> None:
    cycle = _Cycle()
    reference = weakref.ref(cycle)
    del cycle
    assert gc.isenabled()
    index(portfolio())  # moves the young cycle to the oldest generation
    assert gc.isenabled()
    gc.collect()
    assert reference() is None


# -- suggestions and chains ------------------------------------------------------


def test_suggester_stops_suggesting_when_its_budget_is_spent() -> None:
    suggester = Suggester(["education", "culture"], budget=3)
    assert suggester.closest("educaton") == "education"
    assert suggester.closest("cultur") is None


def test_suggester_does_not_guess_at_very_short_words() -> None:
    assert Suggester([str(goal) for goal in range(1, 18)]).closest("18") is None


def test_chain_cycles_yields_each_loop_once_from_its_smallest_id() -> None:
    links = {"c": "a", "a": "b", "b": "c", "x": "a", "self": "self", "free": "end"}
    assert list(chain_cycles(links)) == [["a", "b", "c"], ["self"]]


# -- the columns -------------------------------------------------------------------


def _same_values(columned: list[object], walked: list[object]) -> bool:
    # The same values, the same number of times, in any order (by identity:
    # equal values in two places are two values).
    return sorted(map(id, columned)) == sorted(map(id, walked))


@settings(max_examples=20, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(portfolios())
def test_columns_hold_what_the_walk_finds(portfolio: Portfolio) -> None:
    """Every rule's quick test sees exactly the values its thorough check walks."""
    walk = index(portfolio)
    columns = walk.columns
    assert set(columns.objects) == set(walk.objects)
    for cls, nodes in walk.objects.items():
        assert _same_values(columns.objects[cls], [node.obj for node in nodes])
    for cls in LEAF_TYPES:
        found = [item.value for item in walk.values(cls)]
        assert _same_values(columns.leaf(cls), found)
    for scheme, codes in walk.codes.items():
        assert sorted(columns.codes.get(scheme, [])) == sorted(c.value for c in codes)
    for collection, refs in walk.refs.items():
        assert sorted(columns.refs.get(collection, [])) == sorted(r.value for r in refs)
    texts = [item.value for item in walk.values(LocalizedText)]
    assert sorted(columns.strings) == sorted(
        text for value in texts for text in value.values.values()
    )


def _decoded(portfolio: Portfolio) -> Portfolio | None:
    """``portfolio`` written to JSON and read back by the fast decoder."""
    raw = json.dumps(unstructure(portfolio), ensure_ascii=False).encode("utf-8")
    return fastjson.decode(raw)


@pytest.mark.skipif(not fastjson.available(), reason="msgspec is not installed")
@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(portfolios())
def test_columns_from_decoding_hold_what_gathering_from_scratch_finds(
    portfolio: Portfolio,
) -> None:
    """What the decoder hands over equals what the columns work out themselves."""
    decoded = _decoded(portfolio)
    assume(decoded is not None)
    assert decoded is not None
    fast = Columns.of(decoded)
    assert isinstance(fast, DecodedColumns)
    slow = Columns(decoded)
    assert set(fast.objects) == set(slow.objects)
    for cls, objects in slow.objects.items():
        assert _same_values(fast.objects[cls], objects)
    for cls in LEAF_TYPES:
        assert _same_values(fast.leaf(cls), slow.leaf(cls))
    assert fast.leaves.keys() == slow.leaves.keys()
    for found, expected in ((fast.codes, slow.codes), (fast.refs, slow.refs)):
        assert found.keys() == expected.keys()
        for key, values in expected.items():
            assert set(found[key]) == set(values)  # the rules ask them as sets
    # Texts: the same maps, empty texts (shared defaults) aside.
    assert _same_values(
        [values for values in fast.value_maps if values],
        [values for values in slow.value_maps if values],
    )
    assert sorted(fast.strings) == sorted(slow.strings)
    assert _same_values(fast.with_provenance, slow.with_provenance)
    assert fast.languages == slow.languages
    # Characters the decoder found nowhere in the file are in no text.
    assert not fast.absent_characters.intersection("".join(slow.strings))
    # What the decoder proved: no text holds a forbidden character.
    assert fast.characters_checked
    assert not slow.characters_checked
    assert not any(map(forbidden, text_pieces(decoded)))
    # A copy is not the decoded object: its columns are gathered from scratch,
    # and the rules that skip a decoded portfolio find nothing in it either.
    copy = attrs.evolve(decoded)
    assert type(Columns.of(copy)) is Columns
    context = RuleContext(codelists={}, config=Config())
    assert not list(check_forbidden_characters(copy, context))
    assert not list(check_number_limits(copy, context))


@pytest.mark.skipif(not fastjson.available(), reason="msgspec is not installed")
@pytest.mark.parametrize(
    ("summary", "found"),
    [
        ("Se `kode` her", True),  # code, with no escape anywhere in the file
        ("a = b, <b>fed</b>", True),  # an HTML tag
        ("a = b ~ c", False),  # look-alikes inside the subset
        ("Første afsnit\n\n# Overskrift", True),  # a heading: the file escapes
    ],
)
def test_markdown_is_found_in_a_decoded_portfolio_as_in_one_built_in_python(
    summary: str, found: bool
) -> None:
    built = portfolio(initiatives=(initiative("museum", summary=text(summary)),))
    decoded = _decoded(built)
    assert decoded is not None
    assert fastjson.decoded(decoded) is not None
    in_decoded = _markdown_findings(decoded)
    assert in_decoded == _markdown_findings(attrs.evolve(decoded))
    assert bool(in_decoded) is found


@pytest.mark.skipif(not fastjson.available(), reason="msgspec is not installed")
def test_an_escaped_character_is_not_taken_for_absent() -> None:
    built = portfolio(initiatives=(initiative("museum", summary=text("x")),))
    raw = json.dumps(unstructure(built), ensure_ascii=False)
    raw = raw.replace('"x"', '"\\u0023 Overskrift"')  # JSON for "# Overskrift"
    decoded = fastjson.decode(raw.encode("utf-8"))
    assert decoded is not None
    assert Columns.of(decoded).absent_characters == frozenset()
    assert _markdown_findings(decoded)


def _markdown_findings(portfolio: Portfolio) -> list[munintl.Finding]:
    found = munintl.validate(portfolio)
    return [finding for finding in found if finding.code == "markdown-subset"]
