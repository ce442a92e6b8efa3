"""Who acts: the municipality, its bodies and organisations (model.organisation)."""

from __future__ import annotations

import attrs
import pytest
from hypothesis import given
from hypothesis import strategies as st

from munintl.model import Body, LocalizedText, Municipality, Organisation, Period
from munintl.model.organisation import FormerName
from munintl.model.values import FieldValueError
from munintl.testing.samples import sample_portfolio

NAME = LocalizedText.of(en="Name")


def municipality(**changes: object) -> Municipality:
    fields: dict[str, object] = {
        "id": "egeby",
        "name": NAME,
        "country": "DK",
        "default_language": "da",
    }
    fields.update(changes)
    return Municipality(**fields)  # type: ignore[arg-type]


@pytest.mark.parametrize("bad", ["Bad Id", "a_b", "ÆØ", "", "-lead", "x\n"])
def test_ids_must_be_slugs(bad: str) -> None:
    with pytest.raises(FieldValueError, match="is not a valid id") as caught:
        Organisation(id=bad, name=NAME, type="school")
    assert caught.value.field == "id"
    with pytest.raises(FieldValueError):
        Body(id=bad, name=NAME, type="committee")
    with pytest.raises(FieldValueError):
        municipality(id=bad)


@given(st.from_regex(r"[a-z0-9][a-z0-9-]{0,30}", fullmatch=True))
def test_every_slug_is_an_id(slug: str) -> None:
    assert Organisation(id=slug, name=NAME, type="school").id == slug


def test_references_to_other_entities_must_be_slugs() -> None:
    with pytest.raises(FieldValueError) as caught:
        Body(id="x", name=NAME, type="committee", parent="Byrådet")
    assert caught.value.field == "parent"
    with pytest.raises(FieldValueError) as caught:
        Organisation(id="x", name=NAME, type="school", successor="New Name")
    assert caught.value.field == "successor"
    assert Body(id="x", name=NAME, type="committee", parent=None).parent is None


def test_visibility_is_public_or_internal() -> None:
    assert Organisation(id="x", name=NAME, type="school").visibility == "public"
    internal = Body(id="x", name=NAME, type="committee", visibility="internal")
    assert internal.visibility == "internal"
    with pytest.raises(ValueError, match="visibility"):
        Organisation(id="x", name=NAME, type="school", visibility="secret")  # type: ignore[arg-type]


def test_defaults_are_empty_and_public() -> None:
    organisation = Organisation(id="x", name=NAME, type="school")
    assert organisation.country is None
    assert organisation.former_names == ()
    assert organisation.aliases == ()
    assert organisation.description == LocalizedText()
    assert (organisation.illustrative, organisation.sources) == (False, ())
    body = Body(id="b", name=NAME, type="committee")
    assert (body.parent, body.period, body.links) == (None, None, ())
    town = municipality()
    assert (town.working_languages, town.codes, town.website) == ((), {}, None)


def test_lists_given_from_python_are_kept_as_tuples() -> None:
    organisation = Organisation(
        id="x",
        name=NAME,
        type="school",
        aliases=["X school", "Skolen"],  # type: ignore[arg-type]
        former_names=[FormerName(name=LocalizedText.of(en="Old"))],  # type: ignore[arg-type]
    )
    assert organisation.aliases == ("X school", "Skolen")
    assert isinstance(organisation.former_names, tuple)
    assert municipality(working_languages=["da", "en"]).working_languages == (
        "da",
        "en",
    )


def test_a_municipality_with_codes_can_still_be_hashed_and_compared() -> None:
    one = municipality(codes={"kommunekode": "999"})
    two = municipality(codes={"kommunekode": "999"})
    assert one == two
    assert hash(one) == hash(two)
    assert one != municipality(codes={"kommunekode": "000"})
    assert len({one, two}) == 1


def test_entities_are_frozen() -> None:
    body = Body(id="b", name=NAME, type="committee", period=Period.parse("2022", None))
    with pytest.raises(attrs.exceptions.FrozenInstanceError):
        body.parent = "x"  # type: ignore[misc]
    assert attrs.evolve(body, parent="byraadet").parent == "byraadet"


def test_the_sample_has_a_tree_of_bodies_and_named_partners() -> None:
    portfolio = sample_portfolio()
    parents = {b.id: b.parent for b in portfolio.bodies}
    assert parents == {
        "byraadet": None,
        "oekonomiudvalget": "byraadet",
        "internationalt-sekretariat": "oekonomiudvalget",
        "projektgruppe": "internationalt-sekretariat",
    }
    nordby = portfolio.organisation("nordby")
    assert nordby is not None
    assert nordby.former_names[0].name.get("en") == "Nordby District"
    assert nordby.aliases == ("Nordby kommune",)
