"""The base of single-file stores: what a format plugin gets by subclassing it.

A store here says only how JSON text becomes data and back, and where a
path is in it, as a third-party format would; the rest (structuring with
every problem at once, findings in portfolio paths, revisions, conflicts,
refusing what would not read back, locating rule findings) is the base's.
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from pathlib import Path
from typing import Any

import attrs
import pytest

from munintl.errors import ConflictError, Finding, StorageError, ValidationError
from munintl.model import LocalizedText
from munintl.storage.atomic import file_revision
from munintl.storage.filestore import SingleFileStore, Syntax, SyntaxProblem
from munintl.storage.jsonpos import json_position
from munintl.testing.samples import sample_portfolio
from munintl.testing.storage import StoreContract
from munintl.wire.convert import unstructure
from munintl.wire.paths import PathStep


class TinyJsonStore(SingleFileStore):
    """The least a single-file format has to say, with positions."""

    format_name = "tiny JSON"

    def decode(self, raw: bytes) -> Any:
        try:
            return json.loads(raw)
        except json.JSONDecodeError as error:
            raise SyntaxProblem(Syntax(error.msg, error.lineno, error.colno)) from None

    def encode(self, data: Any) -> bytes:
        return json.dumps(data, indent=1, ensure_ascii=False).encode("utf-8")

    def position(self, raw: bytes, path: Sequence[PathStep]) -> tuple[int, int] | None:
        return json_position(raw.decode("utf-8"), path)


class BlindJsonStore(TinyJsonStore):
    """A format that cannot tell where a value is: the base's default."""

    def position(self, raw: bytes, path: Sequence[PathStep]) -> tuple[int, int] | None:
        return SingleFileStore.position(self, raw, path)


class TestTinyJsonStoreContract(StoreContract):
    """A store built on the base passes the contract every backend runs."""

    max_examples = 10

    @pytest.fixture
    def location(self, tmp_path: Path) -> str:
        return str(tmp_path / "portfolio.tiny")

    def make_store(self, location: str) -> TinyJsonStore:
        return TinyJsonStore(location)


def write(path: Path, data: Any) -> None:
    path.write_text(json.dumps(data, indent=1), encoding="utf-8")


def findings(store: SingleFileStore) -> list[Finding]:
    with pytest.raises(ValidationError) as caught:
        store.load()
    return list(caught.value.findings)


def test_syntax_error_is_one_finding_with_file_line_and_column(tmp_path: Path) -> None:
    path = tmp_path / "p.tiny"
    path.write_text('{\n "municipality": {,\n}', encoding="utf-8")
    [found] = findings(TinyJsonStore(path))
    assert (found.code, found.file, found.line, found.column) == (
        "syntax",
        str(path),
        2,
        19,
    )


def test_every_structural_problem_is_reported_with_portfolio_path_and_line(
    tmp_path: Path,
) -> None:
    data = unstructure(sample_portfolio())
    data["initiatives"][1]["colour"] = "red"
    data["bodies"][0]["type"] = 3
    path = tmp_path / "p.tiny"
    write(path, data)
    found = {f.path: f for f in findings(TinyJsonStore(path))}
    initiative = data["initiatives"][1]["id"]
    body = data["bodies"][0]["id"]
    assert set(found) == {f"initiatives[{initiative}].colour", f"bodies[{body}].type"}
    assert {f.code for f in found.values()} == {"unknown-key", "invalid-value"}
    text = path.read_text(encoding="utf-8").splitlines()
    colour = found[f"initiatives[{initiative}].colour"]
    assert colour.file == str(path)
    assert colour.line is not None
    assert colour.column is not None
    assert text[colour.line - 1][colour.column - 1 :].startswith('"colour"')


def test_a_format_without_positions_still_names_file_and_path(tmp_path: Path) -> None:
    data = unstructure(sample_portfolio())
    data["municipality"]["colour"] = "red"
    path = tmp_path / "p.tiny"
    write(path, data)
    [found] = findings(BlindJsonStore(path))
    assert (found.path, found.file, found.line) == (
        "municipality.colour",
        str(path),
        None,
    )


def test_revision_is_the_hash_of_the_files_bytes(tmp_path: Path) -> None:
    store = TinyJsonStore(tmp_path / "p.tiny")
    assert store.revision() is None
    revision = store.save(sample_portfolio())
    assert revision == file_revision((tmp_path / "p.tiny").read_bytes())
    assert store.revision() == revision


def test_save_over_a_changed_file_raises_conflict_and_writes_nothing(
    tmp_path: Path,
) -> None:
    store = TinyJsonStore(tmp_path / "p.tiny")
    revision = store.save(sample_portfolio())
    (tmp_path / "p.tiny").write_text("{}", encoding="utf-8")
    with pytest.raises(ConflictError, match="changed since it was loaded"):
        store.save(sample_portfolio(), expected_revision=revision)
    assert (tmp_path / "p.tiny").read_text(encoding="utf-8") == "{}"


def test_save_refuses_a_portfolio_that_would_not_read_back(tmp_path: Path) -> None:
    path = tmp_path / "p.tiny"
    store = TinyJsonStore(path)
    store.save(sample_portfolio())
    before = path.read_bytes()
    portfolio = sample_portfolio()
    bad = LocalizedText(values={"da": "ok", "Danish": "not a language tag"})
    broken = attrs.evolve(
        portfolio, municipality=attrs.evolve(portfolio.municipality, name=bad)
    )
    with pytest.raises(ValidationError, match="would not read back") as caught:
        store.save(broken)
    assert [f.path for f in caught.value.findings] == ["municipality.name.Danish"]
    assert caught.value.findings[0].file is None
    assert path.read_bytes() == before


def test_load_of_a_missing_file_is_a_storage_error(tmp_path: Path) -> None:
    with pytest.raises(StorageError, match="no such file"):
        TinyJsonStore(tmp_path / "none.tiny").load()


def test_save_where_no_file_can_be_is_a_storage_error(tmp_path: Path) -> None:
    (tmp_path / "file").write_text("x", encoding="utf-8")
    with pytest.raises(StorageError, match="cannot write"):
        TinyJsonStore(tmp_path / "file" / "p.tiny").save(sample_portfolio())


def test_locate_gives_a_rule_finding_the_file_and_line(tmp_path: Path) -> None:
    store = TinyJsonStore(tmp_path / "p.tiny")
    store.save(sample_portfolio())
    initiative = sample_portfolio().initiatives[0].id
    finding = Finding(code="r", message="m", path=f"initiatives[{initiative}].title")
    located = TinyJsonStore(tmp_path / "p.tiny").locate(finding)
    assert located.file == str(tmp_path / "p.tiny")
    assert located.line is not None
    lines = (tmp_path / "p.tiny").read_text(encoding="utf-8").splitlines()
    assert lines[located.line - 1].strip().startswith('"title"')


@pytest.mark.parametrize(
    "finding",
    [
        Finding(code="r", message="m", path=""),
        Finding(code="r", message="m", path="widgets[x]"),
        Finding(code="r", message="m", path="municipality.name", file="elsewhere"),
    ],
)
def test_locate_leaves_findings_it_cannot_place_alone(
    tmp_path: Path, finding: Finding
) -> None:
    store = TinyJsonStore(tmp_path / "p.tiny")
    store.save(sample_portfolio())
    assert store.locate(finding) == finding


def test_locate_in_a_file_that_does_not_parse_leaves_the_finding_alone(
    tmp_path: Path,
) -> None:
    (tmp_path / "p.tiny").write_text("{not json", encoding="utf-8")
    finding = Finding(code="r", message="m", path="municipality.name")
    assert TinyJsonStore(tmp_path / "p.tiny").locate(finding) == finding
