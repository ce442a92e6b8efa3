"""The TOML file store: the storage contract and its errors."""

from __future__ import annotations

import tomllib
from pathlib import Path

import pytest

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
