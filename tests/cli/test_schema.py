"""``munintl schema``."""

from __future__ import annotations

import json
from pathlib import Path

import jsonschema
from click.testing import CliRunner

from munintl.cli import main
from munintl.wire.schema import SCHEMA_NAMES


def test_prints_the_portfolio_schema_by_default() -> None:
    result = CliRunner().invoke(main, ["schema"])
    assert result.exit_code == 0, result.output
    document = json.loads(result.output)
    jsonschema.Draft7Validator.check_schema(document)
    assert document["title"] == "munintl portfolio"


def test_prints_one_file_type() -> None:
    result = CliRunner().invoke(main, ["schema", "--file-type", "initiative"])
    assert result.exit_code == 0, result.output
    assert "initiative file" in json.loads(result.output)["title"]


def test_unknown_file_type_is_a_usage_error() -> None:
    assert CliRunner().invoke(main, ["schema", "--file-type", "memo"]).exit_code == 2


def test_writes_every_schema_into_a_directory(tmp_path: Path) -> None:
    result = CliRunner().invoke(main, ["schema", "--all", "-o", str(tmp_path / "s")])
    assert result.exit_code == 0, result.output
    names = sorted(p.name for p in (tmp_path / "s").iterdir())
    assert names == sorted(f"{name}.schema.json" for name in SCHEMA_NAMES)
    assert "# yaml-language-server: $schema=" in result.output


def test_all_needs_a_directory() -> None:
    assert CliRunner().invoke(main, ["schema", "--all"]).exit_code == 2


def test_writes_one_schema_to_a_file(tmp_path: Path) -> None:
    target = tmp_path / "theme.json"
    result = CliRunner().invoke(
        main, ["schema", "--file-type", "theme", "-o", str(target)]
    )
    assert result.exit_code == 0, result.output
    assert json.loads(target.read_text("utf-8"))["title"].startswith(
        "munintl theme file"
    )


def _title(*args: str, env: dict[str, str] | None = None) -> str:
    result = CliRunner().invoke(main, [*args], env=env)
    assert result.exit_code == 0, result.output
    return str(json.loads(result.output)["title"])


def test_lang_gives_the_titles_and_descriptions_in_that_language() -> None:
    assert _title("schema", "--lang", "da") == "munintl-portefølje"
    assert _title("schema", "--lang", "de-AT") == "munintl-Portfolio"


def test_the_language_chosen_for_munintl_is_the_schemas_too() -> None:
    assert _title("--lang", "pl", "schema") == "portfel munintl"
    assert _title("schema", env={"MUNINTL_LANG": "sv"}) == "munintl-portfölj"
    # --lang of the command comes first.
    assert _title("schema", "--lang", "nb", env={"MUNINTL_LANG": "sv"}) == (
        "munintl-portefølje"
    )


def test_the_locale_alone_leaves_the_schema_english() -> None:
    """A schema kept in a repository is the same on every machine."""
    env = {"MUNINTL_LANG": "", "LANGUAGE": "de", "LC_ALL": "de_DE.UTF-8"}
    assert _title("schema", env=env) == "munintl portfolio"


def test_a_language_munintl_has_no_catalog_for_gives_english() -> None:
    assert _title("schema", "--lang", "kl") == "munintl portfolio"


def test_a_lang_that_is_no_language_tag_is_a_usage_error() -> None:
    result = CliRunner().invoke(main, ["schema", "--lang", "not a tag"])
    assert result.exit_code == 2
    assert "--lang" in result.output


def test_a_file_that_cannot_be_written_is_one_line_and_exit_1(tmp_path: Path) -> None:
    blocker = tmp_path / "not-a-folder"
    blocker.write_text("kept", encoding="utf-8")
    for args in (
        ["schema", "-o", str(blocker / "portfolio.schema.json")],
        ["schema", "--all", "-o", str(blocker / "schemas")],
        ["schema", "--all", "-o", str(blocker)],
    ):
        result = CliRunner().invoke(main, args)
        assert result.exit_code == 1, result.output
        assert result.exception is None or isinstance(result.exception, SystemExit)
        assert "munintl: cannot write " in result.output
        assert "Traceback" not in result.output
    assert blocker.read_text("utf-8") == "kept"


def test_writing_all_replaces_what_is_there(tmp_path: Path) -> None:
    folder = tmp_path / "schemas"
    folder.mkdir()
    (folder / "body.schema.json").write_text("old", encoding="utf-8")
    result = CliRunner().invoke(
        main, ["schema", "--all", "-o", str(folder), "--lang", "de"]
    )
    assert result.exit_code == 0, result.output
    assert f"wrote {len(SCHEMA_NAMES)} schemas" in result.output
    body = json.loads((folder / "body.schema.json").read_text("utf-8"))
    assert body["title"] == "munintl-Datei der Art body (bodies/<id>.yaml)"
