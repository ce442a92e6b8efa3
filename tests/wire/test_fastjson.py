"""The fast JSON decoder yields exactly what cattrs yields, or declines."""

from __future__ import annotations

import copy
import gc
import json
import re
import sys
from pathlib import Path
from typing import Any

import attrs
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import munintl
from munintl.model import LocalizedText, Portfolio, Provenance
from munintl.testing.samples import sample_portfolio
from munintl.testing.strategies import portfolios
from munintl.wire import fastjson
from munintl.wire.convert import structure, unstructure

pytest.importorskip("msgspec")

ROOT = Path(__file__).resolve().parents[2]


def _cattrs(raw: bytes) -> Portfolio | None:
    try:
        return structure(json.loads(raw), Portfolio)
    except munintl.ValidationError:
        return None


def _bytes(data: Any) -> bytes:
    return json.dumps(data, ensure_ascii=False).encode("utf-8")


def test_the_decoder_compiles_for_the_current_model() -> None:
    assert fastjson.available()
    assert fastjson._plan() is not None


def test_example_decodes_to_the_objects_cattrs_makes(example_path: Path) -> None:
    raw = _bytes(unstructure(munintl.load(example_path)))
    fast = fastjson.decode(raw)
    assert fast is not None
    assert fast == _cattrs(raw)


def test_sample_decodes_to_the_objects_cattrs_makes() -> None:
    raw = _bytes(unstructure(sample_portfolio()))
    assert fastjson.decode(raw) == sample_portfolio() == _cattrs(raw)


def test_benchmark_data_decodes_to_the_objects_cattrs_makes() -> None:
    sys.path.insert(0, str(ROOT / "bench"))
    try:
        import generate
    finally:
        sys.path.remove(str(ROOT / "bench"))
    raw = generate.dumps(generate.portfolio(300, seed=3))
    fast = fastjson.decode(raw)
    assert fast is not None
    assert fast == _cattrs(raw)


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(portfolios())
def test_any_portfolio_decodes_to_what_cattrs_makes(portfolio: Portfolio) -> None:
    raw = _bytes(unstructure(portfolio))
    assert fastjson.decode(raw) == portfolio == _cattrs(raw)


# -- invalid or unusual input ------------------------------------------------------

_JUNK = st.one_of(
    st.none(),
    st.booleans(),
    st.integers(min_value=-3, max_value=10_000),
    st.floats(allow_nan=False, allow_infinity=False),
    st.sampled_from(
        [
            "",
            "x",
            "NaN",
            "Infinity",
            " 12 ",
            "1_000",
            "2011",
            "~1960s",
            "2011-02-30",
            "sdg:11",
            "initiative:x",
            "Not A Slug",
            "abc\n",
            "da",
            "public",
            "internal",
            "submitted",
        ]
    ),
    st.lists(st.sampled_from(["a", "b-1", "X"]), max_size=2),
    st.dictionaries(
        st.sampled_from(["da", "en", "EN", "text", "id"]),
        st.text(max_size=3),
        max_size=2,
    ),
)


def _places(data: Any, path: tuple[Any, ...] = ()) -> list[tuple[Any, ...]]:
    places = [path]
    if isinstance(data, dict):
        for key, value in data.items():
            places.extend(_places(value, (*path, key)))
    elif isinstance(data, list):
        for index, value in enumerate(data):
            places.extend(_places(value, (*path, index)))
    return places


def _mutate(data: Any, path: tuple[Any, ...], action: str, junk: Any) -> Any:
    data = copy.deepcopy(data)
    if not path:
        return junk
    parent = data
    for step in path[:-1]:
        parent = parent[step]
    last = path[-1]
    if action == "replace":
        parent[last] = junk
    elif action == "delete":
        del parent[last]
    elif isinstance(parent[last], dict):
        parent[last]["unexpected"] = junk
    elif isinstance(parent[last], list):
        parent[last].append(junk)
    else:
        parent[last] = [parent[last]]
    return data


_SAMPLE = unstructure(sample_portfolio())
_PLACES = _places(_SAMPLE)


@settings(max_examples=400, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    st.lists(
        st.tuples(
            st.sampled_from(_PLACES),
            st.sampled_from(["replace", "delete", "extend"]),
            _JUNK,
        ),
        min_size=1,
        max_size=3,
    )
)
def test_mutated_input_is_declined_or_decoded_as_cattrs_does(
    mutations: list[tuple[tuple[Any, ...], str, Any]],
) -> None:
    data: Any = _SAMPLE
    for path, action, junk in mutations:
        try:
            data = _mutate(data, path, action, junk)
        except (KeyError, IndexError, TypeError):
            continue  # an earlier mutation removed the place
    raw = _bytes(data)
    fast = fastjson.decode(raw)
    if fast is not None:
        assert fast == _cattrs(raw)


@pytest.mark.parametrize(
    ("where", "value"),
    [
        (("initiatives", 0, "id"), "Bad Id"),
        (("initiatives", 0, "themes"), ["UPPER"]),
        (("municipality", "name"), {"Danish": "x"}),
        (("initiatives", 0, "period"), {"start": "2011-13"}),
        (("municipality", "country"), None),
    ],
)
def test_invalid_input_is_declined(where: tuple[Any, ...], value: Any) -> None:
    data = copy.deepcopy(_SAMPLE)
    parent = data
    for step in where[:-1]:
        parent = parent[step]
    parent[where[-1]] = value
    raw = _bytes(data)
    assert _cattrs(raw) is None
    assert fastjson.decode(raw) is None


def _amounts(data: Any) -> list[dict[str, Any]]:
    found = []
    if isinstance(data, dict):
        if "amount" in data and "currency" in data:
            found.append(data)
        for value in data.values():
            found.extend(_amounts(value))
    elif isinstance(data, list):
        for value in data:
            found.extend(_amounts(value))
    return found


def test_unusual_but_valid_input_is_left_to_cattrs() -> None:
    # An amount written as a JSON number with a fraction: the fast path takes
    # amounts as whole numbers or text only, so cattrs decides.
    data = copy.deepcopy(_SAMPLE)
    _amounts(data)[0]["amount"] = 1500.25
    raw = _bytes(data)
    assert fastjson.decode(raw) is None
    assert _cattrs(raw) is not None


def test_id_with_a_line_break_is_declined() -> None:
    data = copy.deepcopy(_SAMPLE)
    data["municipality"]["id"] += "\n"
    assert fastjson.decode(_bytes(data)) is None


def test_collector_is_paused_only_while_decoding() -> None:
    raw = _bytes(_SAMPLE)
    assert gc.isenabled()
    fastjson.decode(raw)
    assert gc.isenabled()
    gc.disable()
    try:
        fastjson.decode(raw)
        assert not gc.isenabled()
    finally:
        gc.enable()


def test_unsorted_collections_come_out_sorted_like_cattrs_sorts_them() -> None:
    data = copy.deepcopy(_SAMPLE)
    data["initiatives"].reverse()
    for followup in data["followups"]:
        followup.get("updates", []).reverse()
    raw = _bytes(data)
    assert fastjson.decode(raw) == _cattrs(raw) == sample_portfolio()


def test_texts_share_one_empty_provenance_map_that_a_changed_text_leaves_alone() -> (
    None
):
    decoded = fastjson.decode(_bytes(_SAMPLE))
    assert decoded is not None
    plain = [text for text in _texts(decoded) if text.values and not text.provenance]
    assert len(plain) > 1
    assert len({id(text.provenance) for text in plain}) == 1  # built once
    first = plain[0]
    language = next(iter(first.values))
    changed = attrs.evolve(
        first,
        provenance={language: Provenance(method="original")},
    )
    assert changed.provenance is not first.provenance
    assert all(text.provenance == {} for text in plain)
    assert decoded == _cattrs(_bytes(_SAMPLE))


def _texts(portfolio: Portfolio) -> list[LocalizedText]:
    found: list[LocalizedText] = []

    def walk(value: Any) -> None:
        if isinstance(value, LocalizedText):
            found.append(value)
        elif attrs.has(type(value)):
            for field in attrs.fields(type(value)):
                walk(getattr(value, field.name))
        elif isinstance(value, tuple):
            for item in value:
                walk(item)

    walk(portfolio)
    return found


# -- a key given twice -------------------------------------------------------------

#: Ways of giving a key twice in the sample's JSON: (text found, text put instead).
_TWICE = [
    # a struct field, both times valid
    ('"country": "DK"', '"country": "SE", "country": "DK"'),
    # a field the wire struct fills with its default when left out
    ('"illustrative": true', '"illustrative": false, "illustrative": true'),
    # a language of a text: the dropped value holds a colon
    ('"da": "Egeby Kommune"', '"da": "Egeby: by", "da": "Egeby Kommune"'),
    # a whole member, same value
    ('"codes": {"kommunekode": "999"}', '"codes": {}, "codes": {"kommunekode": "999"}'),
    # a key of a dictionary field
    ('"kommunekode": "999"', '"kommunekode": "999", "kommunekode": "999"'),
]


@pytest.mark.parametrize(("found", "instead"), _TWICE)
def test_a_key_given_twice_is_declined(found: str, instead: str) -> None:
    text = _bytes(unstructure(sample_portfolio())).decode("utf-8")
    assert found in text
    raw = text.replace(found, instead, 1).encode("utf-8")
    # msgspec alone would keep the last value and succeed.
    assert fastjson._plan().decode(raw) is not None
    assert fastjson.decode(raw) is None


def test_unique_keys_names_the_repeated_key() -> None:
    with pytest.raises(fastjson.RepeatedKey, match="'a'"):
        json.loads(
            '{"a": 1, "b": 2, "a": 3, "b": 4}', object_pairs_hook=fastjson.unique_keys
        )


@pytest.mark.parametrize(
    ("found", "instead"),
    [
        # a default given explicitly: the wire, encoded again, leaves it out
        ('"type": "city-council"', '"type": "city-council", "visibility": "public"'),
        # a colon written as an escape
        ('"da": "Egeby Kommune"', '"da": "Egeby\\u003a Kommune"'),
    ],
)
def test_input_the_quick_count_cannot_judge_still_decodes(
    found: str, instead: str
) -> None:
    text = _bytes(unstructure(sample_portfolio())).decode("utf-8")
    raw = text.replace(found, instead, 1).encode("utf-8")
    expected = _cattrs(raw)
    if expected is None:
        pytest.fail("the changed sample should be valid")
    assert fastjson.decode(raw) == expected


# -- what decoding proves and gathers ----------------------------------------------


def test_decoding_hands_over_its_facts_for_that_portfolio_only() -> None:
    raw = _bytes(unstructure(sample_portfolio()))
    fast = fastjson.decode(raw)
    assert fast is not None
    facts = fastjson.decoded(fast)
    assert facts is not None
    assert facts.objects[type(fast.municipality)] == [fast.municipality]
    assert facts.languages == {language for text in facts.maps for language in text} | {
        language for text in facts.provenanced for language in text.values
    }
    # Not for an equal portfolio, a copy, or one cattrs made from the bytes.
    assert fastjson.decoded(sample_portfolio()) is None
    assert fastjson.decoded(copy.copy(fast)) is None
    assert fastjson.decoded(attrs.evolve(fast)) is None
    assert fastjson.decoded(_cattrs(raw)) is None  # type: ignore[arg-type]
    # A second decoding gathers anew, and what the first gathered stays.
    again = fastjson.decode(raw)
    assert again is not None
    assert fastjson.decoded(again) is not facts
    assert fastjson.decoded(fast) is facts


def test_declined_input_leaves_no_facts_and_the_next_decoding_is_clean() -> None:
    data = unstructure(sample_portfolio())
    data["municipality"]["name"] = {"da": "Lille\x07by"}
    assert fastjson.decode(_bytes(data)) is None
    fast = fastjson.decode(_bytes(unstructure(sample_portfolio())))
    assert fast is not None
    facts = fastjson.decoded(fast)
    assert facts is not None
    assert all("Lille\x07by" not in text.values() for text in facts.maps)


def test_facts_go_with_their_portfolio() -> None:
    fast = fastjson.decode(_bytes(unstructure(sample_portfolio())))
    assert fast is not None
    held = len(fastjson._facts)
    del fast
    gc.collect()
    assert len(fastjson._facts) == held - 1


# -- the quick scans, held to plain definitions ------------------------------------

_SLUG = re.compile(r"[a-z0-9][a-z0-9-]*")


@settings(max_examples=500, deadline=None)
@given(st.lists(st.text(alphabet="ab0-\n\u00e9_A", max_size=4), max_size=6))
def test_ids_are_judged_in_bulk_as_one_by_one(ids: list[str]) -> None:
    checker = fastjson.Ids()
    checker.found.extend(ids)
    assert checker.valid() == all(_SLUG.fullmatch(id_) for id_ in ids)
    assert checker.found == []


#: Pieces of JSON bytes near every forbidden character, raw or escaped.
_PIECES = (
    b"a",
    b'"',
    b"\\",
    b"u",
    b"b",
    b"f",
    b"n",
    b"007f",
    b"0085",
    b"001b",
    b"00e9",
    b"fdd0",
    b"FFFE",
    b"d83f",
    b"\\udffe",
    b"dfff",
    b"\x7f",
    b"\xc2",
    b"\x85",
    b"\xa9",
    b"\xef",
    b"\xb7",
    b"\x90",
    b"\xbf",
    b"\xbe",
    b"\xf0",
    b"\x9f",
    b"\xf4",
    b"\x8f",
)


def _forbidden_by_definition(raw: bytes) -> bool:
    """Whether ``raw`` holds a forbidden character, one regular expression each."""
    raw_forms = (
        rb"\x7f",
        rb"\xc2[\x80-\x9f]",
        rb"\xef(?:\xb7[\x90-\xaf]|\xbf[\xbe\xbf])",
        rb"[\xf0-\xf4][\x8f\x9f\xaf\xbf]\xbf[\xbe\xbf]",
    )
    if any(re.search(form, raw) for form in raw_forms):
        return True
    escaped = re.compile(
        rb"(?<!\\)(?:\\\\)*\\(?:[bf]|u(?:00[01]|007[fF]|00[89]|[fF][dD][dDeE]"
        rb"|[fF]{3}[eEfF]|[dD][89abAB][37bfBF][fF]\\u[dD][fF]{2}[eEfF]))"
    )
    return escaped.search(raw) is not None


@settings(max_examples=2000, deadline=None)
@given(st.lists(st.sampled_from(_PIECES), max_size=12).map(b"".join))
def test_the_scan_for_forbidden_characters_is_exact(raw: bytes) -> None:
    assert fastjson._may_hold_forbidden(raw) == _forbidden_by_definition(raw)
