"""The TOML file store: the storage contract and its errors."""

from __future__ import annotations

import tomllib
from pathlib import Path

import pytest

import munintl
from munintl.errors import StorageError, ValidationError
from munintl.hooks.manager import MunintlPluginManager
from munintl.plugins.storage.toml_file import TomlFileStore
from munintl.storage import backend_for
from munintl.testing.samples import sample_portfolio
from munintl.testing.storage import StoreContract
from munintl.wire.convert import unstructure


class TestTomlFileStoreContract(StoreContract):
    max_examples = 15

    @pytest.fixture
    def location(self, tmp_path: Path) -> str:
        return str(tmp_path / "portfolio.toml")


def _errors(path: Path) -> list:
    with pytest.raises(ValidationError) as caught:
        TomlFileStore(str(path)).load()
    return list(caught.value.findings)


def test_suffix_toml_picks_the_toml_store(plugin_manager: MunintlPluginManager) -> None:
    assert backend_for("portfolio.toml", plugin_manager).name == "toml"


def test_syntax_error_reports_its_line(tmp_path: Path) -> None:
    path = tmp_path / "p.toml"
    path.write_text('[municipality]\nid = "x"\nname = {da = "X"\n', encoding="utf-8")
    [finding] = _errors(path)
    assert (finding.code, finding.line, finding.file) == ("syntax", 3, str(path))
    assert finding.message.startswith("not valid TOML:")
    assert "(at line" not in finding.message


def test_structure_errors_carry_the_field_path(tmp_path: Path) -> None:
    path = tmp_path / "p.toml"
    TomlFileStore(str(path)).save(sample_portfolio())
    data = tomllib.loads(path.read_text(encoding="utf-8"))
    first = data["initiatives"][0]["id"]
    text = path.read_text(encoding="utf-8").replace(
        f'id = "{first}"', f'id = "{first}"\ntitel = 3', 1
    )
    path.write_text(text, encoding="utf-8")
    [finding] = _errors(path)
    assert finding.path == f"initiatives[{first}].titel"
    assert finding.code == "unknown-key"
    assert finding.file == str(path)
    lines = path.read_text(encoding="utf-8").splitlines()
    assert finding.line is not None
    assert lines[finding.line - 1] == "titel = 3"
    assert finding.column == 1


def test_load_errors_through_the_python_api_carry_line_and_column(
    tmp_path: Path,
) -> None:
    path = tmp_path / "p.toml"
    TomlFileStore(str(path)).save(sample_portfolio())
    text = path.read_text(encoding="utf-8")
    start = text.index("\nstart = ") + 1
    path.write_text(
        text[:start] + 'start = "2021-13"' + text[text.index("\n", start) :]
    )
    with pytest.raises(ValidationError) as caught:
        munintl.load(path)
    [finding] = caught.value.findings
    assert (finding.code, finding.line, finding.column) == (
        "invalid-value",
        text.count("\n", 0, start) + 1,
        1,
    )


def test_locate_gives_rule_findings_their_line(tmp_path: Path) -> None:
    store = TomlFileStore(str(tmp_path / "p.toml"))
    sample = sample_portfolio()
    store.save(sample)
    lines = (tmp_path / "p.toml").read_text(encoding="utf-8").splitlines()
    for initiative in sample.initiatives:
        for field, key in (("title.da", "da = "), ("status", "status = ")):
            finding = munintl.Finding(
                code="x", message="m", path=f"initiatives[{initiative.id}].{field}"
            )
            located = store.locate(finding)
            assert located.file == store.location
            assert located.line is not None
            assert lines[located.line - 1].startswith(key), located
    # Every finding on the same bytes is located from one scan of the text.
    assert store._locator is not None
    assert store._locator[0] is store._raw


def test_dates_written_as_toml_dates_are_read(tmp_path: Path) -> None:
    path = tmp_path / "p.toml"
    path.write_text(
        '[municipality]\nid = "x"\ncountry = "DK"\ndefault_language = "da"\n'
        '[municipality.name]\nda = "X"\n'
        '[[followups]]\nid = "f"\naddressee = "b"\ndue = 2024-03-01\n'
        "[followups.period]\nstart = 2023\nend = 2023\n",
        encoding="utf-8",
    )
    portfolio = TomlFileStore(str(path)).load()
    assert str(portfolio.followups[0].due) == "2024-03-01"


def test_saved_file_is_the_wire_shape(tmp_path: Path) -> None:
    path = tmp_path / "p.toml"
    TomlFileStore(str(path)).save(sample_portfolio())
    assert tomllib.loads(path.read_text(encoding="utf-8")) == unstructure(
        sample_portfolio()
    )


def test_null_cannot_be_written(tmp_path: Path) -> None:
    store = TomlFileStore(str(tmp_path / "p.toml"))
    with pytest.raises(StorageError, match=r"municipality\.website is empty"):
        store.encode({"municipality": {"id": "x", "website": None}})
    assert not (tmp_path / "p.toml").exists()
