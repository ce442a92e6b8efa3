"""JSON Schemas from the model, checked with jsonschema against real files."""

from __future__ import annotations

import copy
import json
from pathlib import Path
from typing import Any

import jsonschema
import pytest
from hypothesis import HealthCheck, given, settings

import munintl
from munintl.model import Portfolio
from munintl.plugins.storage.yaml_dir import yamlio
from munintl.plugins.storage.yaml_dir.layout import classify
from munintl.testing.samples import sample_portfolio
from munintl.testing.strategies import portfolios
from munintl.translation.glossary import GLOSSARY_NAME
from munintl.wire import schema
from munintl.wire.convert import unstructure

#: The built-in codelists, which fill in the codes of code fields.
CODELISTS = munintl.get_plugin_manager().codelists()

_KINDS = {
    "bodies": "body",
    "organisations": "organisation",
    "initiatives": "initiative",
    "partnerships": "partnership",
}


def _validator(name: str) -> jsonschema.Draft7Validator:
    document = schema.schema(name, CODELISTS)
    jsonschema.Draft7Validator.check_schema(document)
    return jsonschema.Draft7Validator(document)


def _example_files(root: Path) -> list[tuple[str, str, Any]]:
    yaml = yamlio.new_yaml()
    files = []
    for path in sorted(root.rglob("*.yaml")):
        relative = path.relative_to(root).as_posix()
        if relative == GLOSSARY_NAME:  # the translators' terminology, not store data
            continue
        file = classify(relative)
        assert file is not None, relative
        tree = yamlio.parse(yaml, path.read_text(encoding="utf-8"))
        files.append(
            (relative, _KINDS.get(file.kind, file.kind), yamlio.to_plain(tree))
        )
    return files


@pytest.mark.parametrize("name", schema.SCHEMA_NAMES)
def test_every_schema_is_a_valid_draft_7_schema(name: str) -> None:
    _validator(name)


def test_every_file_of_the_example_validates(example_path: Path) -> None:
    files = _example_files(example_path)
    assert {kind for _, kind, _ in files} == set(schema.FILE_TYPES)
    for relative, kind, data in files:
        errors = [e.message for e in _validator(kind).iter_errors(data)]
        assert errors == [], relative


def test_the_example_as_json_validates_against_the_portfolio_schema(
    example_path: Path,
) -> None:
    data = json.loads(json.dumps(unstructure(munintl.load(example_path))))
    assert list(_validator("portfolio").iter_errors(data)) == []


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(portfolios())
def test_any_portfolio_validates_against_the_portfolio_schema(
    portfolio: Portfolio,
) -> None:
    data = json.loads(json.dumps(unstructure(portfolio)))
    errors = [
        f"{e.json_path}: {e.message}" for e in _validator("portfolio").iter_errors(data)
    ]
    assert errors == []


def _paths(errors: list[jsonschema.ValidationError]) -> set[str]:
    """Where the errors are, including the branches of anyOf that failed."""
    found = set()
    for error in errors:
        found.add(error.json_path)
        found |= _paths(list(error.context or ()))
    return found


def _initiative(example_path: Path) -> dict[str, Any]:
    files = _example_files(example_path)
    return copy.deepcopy(next(data for _, kind, data in files if kind == "initiative"))


@pytest.mark.parametrize(
    ("change", "where"),
    [
        (lambda d: d.update(titel={"da": "x"}), "$"),
        (lambda d: d.pop("title"), "$"),
        (lambda d: d.update(kind=5), "$.kind"),
        (lambda d: d.update(status="no-such-status"), "$.status"),
        (lambda d: d.update(status=3), "$.status"),
        (lambda d: d.update(period={"start": "sometime"}), "$.period.start"),
        (lambda d: d.update(period={"start": 2011, "finish": 2012}), "$.period"),
        (lambda d: d.update(themes="klima"), "$.themes"),
        (lambda d: d.update(themes=["Klima Og Energi"]), "$.themes[0]"),
        (lambda d: d.update(title={"Danish": "x"}), "$.title"),
        (lambda d: d.update(title={"da": {"method": "human"}}), "$.title.da"),
        (lambda d: d.update(visibility="secret"), "$.visibility"),
        (
            lambda d: d.update(funding=[{"amount": {"amount": 5, "currency": "kr"}}]),
            "$.funding[0].amount.currency",
        ),
        (lambda d: d.update(id="innourba"), "$"),
        (lambda d: d.update(classifications=["sdg11"]), "$.classifications[0]"),
    ],
)
def test_broken_initiative_files_do_not_validate(
    example_path: Path, change: Any, where: str
) -> None:
    data = _initiative(example_path)
    assert list(_validator("initiative").iter_errors(data)) == []
    change(data)
    errors = list(_validator("initiative").iter_errors(data))
    assert errors
    assert where in _paths(errors)


def test_broken_update_and_theme_files_do_not_validate() -> None:
    update = {"status": "implementation", "progress": "on-track", "subject": "theme:x"}
    assert list(_validator("update").iter_errors(update))
    theme = {"title": {"da": "Klima"}, "themes": [{"title": {"da": "nested"}}]}
    assert list(_validator("theme").iter_errors(theme))
    assert (
        list(
            _validator("theme").iter_errors(
                {"title": {"da": "Klima"}, "themes": ["ok"]}
            )
        )
        == []
    )


def test_closed_codelists_are_enforced_and_open_ones_suggested() -> None:
    properties = schema.file_schema("initiative", CODELISTS)["properties"]
    # A closed list, for a status that may be left out.
    assert "implementation" in properties["status"]["anyOf"][0]["enum"]
    assert "project" in properties["kind"]["examples"]  # open list
    assert "enum" not in properties["kind"]


def test_dates_accept_every_partial_date_form() -> None:
    validator = _validator("portfolio")
    data = unstructure(sample_portfolio())
    for value in (2011, "2011-03", "2008-10-06", "1960s", "~1993"):
        data["initiatives"][0]["period"] = {"start": value}
        assert list(validator.iter_errors(data)) == [], value
    for value in ("2011/03", "March 2011", 0, 20111):
        data["initiatives"][0]["period"] = {"start": value}
        assert list(validator.iter_errors(data)), value


def test_file_schemas_leave_out_what_the_file_name_holds() -> None:
    assert "id" not in schema.file_schema("initiative", CODELISTS)["properties"]
    assert "subject" not in schema.file_schema("update", CODELISTS)["properties"]
    assert "updates" not in schema.file_schema("followup", CODELISTS)["properties"]
    assert "id" in schema.file_schema("municipality", CODELISTS)["required"]


def test_schemas_tell_editors_how_to_use_them() -> None:
    document = schema.file_schema("theme", CODELISTS)
    assert "yaml-language-server: $schema=" in document["description"]
    assert schema.modeline("../schemas/theme.schema.json") == (
        "# yaml-language-server: $schema=../schemas/theme.schema.json"
    )


def test_unknown_file_type_is_a_key_error() -> None:
    with pytest.raises(KeyError):
        schema.file_schema("nonsense", CODELISTS)


def test_a_followup_file_may_leave_out_its_period() -> None:
    # An ad-hoc review covers no fixed period; an addressee is still needed.
    review = {"kind": "partnership-review", "addressee": "revisionen"}
    assert list(_validator("followup").iter_errors(review)) == []
    assert "period" not in schema.file_schema("followup", CODELISTS)["required"]
    assert list(_validator("followup").iter_errors({"kind": "partnership-review"}))


# -- titles and descriptions in munintl's languages ---------------------------

LANGUAGES = ("da", "de", "sv", "nb", "pl")
_WORDS = ("title", "description")


def _pairs(english: Any, other: Any, path: str = "") -> list[tuple[str, str, str]]:
    """Walk two schemas side by side: every (path, English, other) text.

    Everything but titles and descriptions must be the same.
    """
    if isinstance(english, dict):
        assert isinstance(other, dict), path
        assert list(english) == list(other), path
        out = []
        for key, value in english.items():
            where = f"{path}/{key}"
            if key in _WORDS and isinstance(value, str):
                out.append((where, value, other[key]))
            else:
                out += _pairs(value, other[key], where)
        return out
    if isinstance(english, list):
        assert isinstance(other, list), path
        assert len(english) == len(other), path
        return [
            pair
            for index, (a, b) in enumerate(zip(english, other, strict=True))
            for pair in _pairs(a, b, f"{path}/{index}")
        ]
    assert english == other, path
    return []


@pytest.mark.parametrize("language", LANGUAGES)
@pytest.mark.parametrize("name", schema.SCHEMA_NAMES)
def test_every_title_and_description_is_translated_and_nothing_else_changes(
    name: str, language: str
) -> None:
    english = schema.schema(name, CODELISTS)
    translated = schema.schema(name, CODELISTS, language=language)
    jsonschema.Draft7Validator.check_schema(translated)
    pairs = _pairs(english, translated)
    assert pairs
    untranslated = [(where, text) for where, text, other in pairs if text == other]
    assert untranslated == []


def test_every_class_and_reference_a_schema_reaches_has_a_description() -> None:
    """A new model class or reference needs a description in the catalogs."""
    import attrs

    from munintl import model

    reached = {"Portfolio"}
    for name in schema.SCHEMA_NAMES:
        reached |= set(schema.schema(name, CODELISTS).get("definitions", {}))
    reached -= {"TranslatedText"}  # described where texts are
    assert reached - set(schema.DESCRIPTIONS) == set()
    targets = {
        field.metadata["ref"]
        for item in vars(model).values()
        if isinstance(item, type) and attrs.has(item)
        for field in attrs.fields(item)
        if "ref" in field.metadata
    }
    assert targets - set(schema.REFERENCES) == set()


def test_without_a_language_the_schema_is_english_whatever_munintl_speaks() -> None:
    from munintl.i18n import set_language

    english = schema.portfolio_schema(CODELISTS)
    set_language("da")
    try:
        assert schema.portfolio_schema(CODELISTS) == english
    finally:
        set_language(None)
    assert english["title"] == "munintl portfolio"


def test_a_danish_schema_still_checks_the_example(example_path: Path) -> None:
    data = json.loads(json.dumps(unstructure(munintl.load(example_path))))
    validator = jsonschema.Draft7Validator(
        schema.portfolio_schema(CODELISTS, language="da")
    )
    assert list(validator.iter_errors(data)) == []
    data["municipality"]["name"] = ["not", "texts"]
    assert list(validator.iter_errors(data))
