"""The data-format reference's ``# file:`` examples form one store that validates.

Each YAML example of ``docs/reference/data-format.rst`` whose first line is
``# file: <path>`` is written into the small store of the bad-input corpus
(Lilleby Kommune, with the city council ``byraadet``, the partner town
``partnerby`` and the theme ``klima``, as the page says); the store must
load, validate without errors,
match the JSON Schema of its file type and come back equal from every
file store.
"""

from __future__ import annotations

import json
import textwrap
from pathlib import Path

import pytest

import munintl
from cli.test_bad_input import BASE
from munintl.errors import Finding
from test_docs import DOCS, rst_blocks

PAGE = DOCS / "reference" / "data-format.rst"


def examples() -> dict[str, str]:
    """The page's ``# file:`` examples by the path they name."""
    found: dict[str, str] = {}
    for block in rst_blocks(PAGE):
        first, _, rest = block.body.partition("\n")
        if block.language == "yaml" and first.startswith("# file: "):
            found[first.removeprefix("# file: ").strip()] = rest + "\n"
    return found


@pytest.fixture(scope="module")
def store(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = tmp_path_factory.mktemp("docs") / "lilleby"
    files = {k: textwrap.dedent(v) for k, v in BASE.items()} | examples()
    for relative, content in files.items():
        path = root / relative
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(content, encoding="utf-8")
    return root


def test_the_page_has_store_examples() -> None:
    assert len(examples()) >= 2


def test_the_store_examples_validate(store: Path) -> None:
    portfolio = munintl.load(store)
    errors: list[Finding] = [
        f for f in munintl.validate(portfolio) if f.severity == "error"
    ]
    assert errors == []


def test_the_store_examples_match_their_json_schema(store: Path) -> None:
    import jsonschema

    from munintl.hooks.manager import get_plugin_manager
    from munintl.wire.convert import unstructure
    from munintl.wire.schema import portfolio_schema

    portfolio = munintl.load(store)
    schema = portfolio_schema(get_plugin_manager().codelists())
    data = json.loads(json.dumps(unstructure(portfolio)))
    jsonschema.validate(data, schema)


@pytest.mark.parametrize("suffix", [".json", ".toml", ".db"])
def test_the_store_examples_survive_every_file_store(
    store: Path, tmp_path: Path, suffix: str
) -> None:
    portfolio = munintl.load(store)
    target = tmp_path / f"copy{suffix}"
    location = f"sqlite:///{target}" if suffix == ".db" else str(target)
    munintl.save(portfolio, location)
    assert munintl.load(location) == portfolio


def test_each_store_example_matches_the_schema_of_its_file_type() -> None:
    import jsonschema

    from munintl.hooks.manager import get_plugin_manager
    from munintl.plugins.storage.yaml_dir import yamlio
    from munintl.plugins.storage.yaml_dir.layout import classify
    from munintl.wire import schema

    codelists = get_plugin_manager().codelists()
    kinds = {
        "bodies": "body",
        "organisations": "organisation",
        "initiatives": "initiative",
        "partnerships": "partnership",
    }
    yaml = yamlio.new_yaml()
    for relative, content in examples().items():
        file = classify(relative)
        assert file is not None, relative
        document = schema.schema(kinds.get(file.kind, file.kind), codelists)
        data = yamlio.to_plain(yamlio.parse(yaml, content))
        jsonschema.validate(data, document)


def test_the_file_schemas_refuse_no_seats_and_a_recurrence_of_zero_years() -> None:
    import jsonschema

    from munintl.hooks.manager import get_plugin_manager
    from munintl.wire import schema

    codelists = get_plugin_manager().codelists()
    body = {"name": {"da": "Styregruppe"}, "type": "project-group"}
    body_schema = schema.schema("body", codelists)
    jsonschema.validate({**body, "members": [{"member": "x", "seats": 1}]}, body_schema)
    with pytest.raises(jsonschema.ValidationError):
        jsonschema.validate(
            {**body, "members": [{"member": "x", "seats": 0}]}, body_schema
        )
    initiative = {"title": {"da": "Udveksling"}, "kind": "staff-exchange"}
    initiative_schema = schema.schema("initiative", codelists)
    with pytest.raises(jsonschema.ValidationError):
        jsonschema.validate(
            {**initiative, "recurrence": {"every": 0}}, initiative_schema
        )
