"""The JSON file store: the storage contract, errors with lines, atomic saves."""

from __future__ import annotations

import json
import os
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import munintl
from munintl.errors import ValidationError
from munintl.hooks.manager import MunintlPluginManager
from munintl.plugins.storage.json_file import JsonFileSettings, JsonFileStore
from munintl.storage import backend_for
from munintl.testing.samples import sample_portfolio
from munintl.testing.storage import StoreContract
from munintl.testing.strategies import portfolios
from munintl.wire.convert import unstructure


class TestJsonFileStoreContract(StoreContract):
    @pytest.fixture
    def location(self, tmp_path: Path) -> str:
        return str(tmp_path / "portfolio.json")


class TestJsonFileStoreWithoutFastDecoder(StoreContract):
    max_examples = 10

    @pytest.fixture
    def location(self, tmp_path: Path) -> str:
        return str(tmp_path / "portfolio.json")

    def make_store(self, location: str) -> JsonFileStore:
        return JsonFileStore(location, JsonFileSettings(fast=False, indent=None))


def _write(tmp_path: Path, data: object, indent: int | None = 2) -> Path:
    path = tmp_path / "portfolio.json"
    path.write_text(
        json.dumps(data, indent=indent, ensure_ascii=False), encoding="utf-8"
    )
    return path


def _sample_data() -> dict:
    return unstructure(sample_portfolio())


def _errors(path: Path) -> list:
    with pytest.raises(ValidationError) as caught:
        JsonFileStore(str(path)).load()
    return list(caught.value.findings)


def test_suffix_json_picks_the_json_store(plugin_manager: MunintlPluginManager) -> None:
    assert backend_for("x/portfolio.JSON", plugin_manager).name == "json"


def test_syntax_error_reports_line_and_column(tmp_path: Path) -> None:
    path = tmp_path / "portfolio.json"
    path.write_text(
        '{\n  "municipality": {\n    "id": "x",,\n  }\n}\n', encoding="utf-8"
    )
    [finding] = _errors(path)
    assert (finding.code, finding.line, finding.column) == ("syntax", 3, 15)
    assert finding.file == str(path)
    assert "not valid JSON" in finding.message


def test_text_that_is_not_utf8_is_a_syntax_error(tmp_path: Path) -> None:
    path = tmp_path / "portfolio.json"
    path.write_bytes(b'{"municipality": "\xff"}')
    [finding] = _errors(path)
    assert finding.code == "syntax"
    assert "UTF-8" in finding.message


def test_byte_order_mark_is_tolerated(tmp_path: Path) -> None:
    path = tmp_path / "portfolio.json"
    path.write_bytes(b"\xef\xbb\xbf" + json.dumps(_sample_data()).encode())
    assert JsonFileStore(str(path)).load() == sample_portfolio()


def test_wrong_value_is_reported_with_id_path_and_line(tmp_path: Path) -> None:
    data = _sample_data()
    initiative = data["initiatives"][0]
    initiative["period"] = {"start": 2010, "end": "sometime"}
    path = _write(tmp_path, data)
    [finding] = _errors(path)
    assert finding.path == f"initiatives[{initiative['id']}].period.end"
    assert finding.code == "invalid-value"
    text = path.read_text(encoding="utf-8").splitlines()
    assert finding.line is not None
    assert '"end": "sometime"' in text[finding.line - 1]


def test_every_problem_is_reported_at_once(tmp_path: Path) -> None:
    data = _sample_data()
    data["initiatives"][0]["titel"] = {"da": "x"}
    data["bodies"][0]["type"] = 7
    data["municipality"].pop("country")
    findings = _errors(_write(tmp_path, data))
    paths = {f.path: f for f in findings}
    first = data["initiatives"][0]["id"]
    assert f"initiatives[{first}].titel" in paths
    assert "did you mean 'title'" in paths[f"initiatives[{first}].titel"].message
    assert f"bodies[{data['bodies'][0]['id']}].type" in paths
    assert "municipality.country" in paths
    assert all(f.line is not None for f in findings)


def test_theme_problems_are_addressed_by_theme_id(tmp_path: Path) -> None:
    data = _sample_data()
    strategy = data["strategies"][0]
    theme = strategy["themes"][0]
    theme["goals"] = [{"id": "g-1", "statement": "not a text"}]
    findings = _errors(_write(tmp_path, data))
    assert [f.path for f in findings] == [f"themes[{theme['id']}].goals[0].statement"]


def test_update_problems_are_addressed_by_subject(tmp_path: Path) -> None:
    data = _sample_data()
    followup = next(f for f in data["followups"] if f.get("updates"))
    update = followup["updates"][0]
    update["progress"] = ["on-track"]
    findings = _errors(_write(tmp_path, data))
    assert [f.path for f in findings] == [
        f"followups[{followup['id']}].updates[{update['subject']}].progress"
    ]


def test_items_without_a_readable_id_are_addressed_by_position(tmp_path: Path) -> None:
    data = _sample_data()
    data["initiatives"][1]["id"] = "Not A Slug"
    findings = _errors(_write(tmp_path, data))
    assert [f.path for f in findings] == ["initiatives[1].id"]


def test_locate_gives_rule_findings_their_line(tmp_path: Path) -> None:
    store = JsonFileStore(str(tmp_path / "p.json"))
    sample = sample_portfolio()
    store.save(sample)
    initiative = sample.initiatives[0]
    located = store.locate(
        munintl.Finding(
            code="x", message="m", path=f"initiatives[{initiative.id}].title"
        )
    )
    lines = (tmp_path / "p.json").read_text(encoding="utf-8").splitlines()
    assert located.file == store.location
    assert located.line is not None
    assert '"title"' in lines[located.line - 1]


def test_saved_file_is_indented_utf8_with_final_newline(tmp_path: Path) -> None:
    path = tmp_path / "p.json"
    JsonFileStore(str(path)).save(sample_portfolio())
    raw = path.read_bytes()
    assert raw.endswith(b"}\n")
    assert b'\n  "municipality": {' in raw
    assert json.loads(raw) == _sample_data()


def test_interrupted_save_leaves_the_old_file(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = tmp_path / "p.json"
    store = JsonFileStore(str(path))
    store.save(sample_portfolio())
    before = path.read_bytes()

    def crash(*_args: object) -> None:
        raise OSError("disk full")

    monkeypatch.setattr(os, "replace", crash)
    smaller = munintl.Portfolio(municipality=sample_portfolio().municipality)
    with pytest.raises(munintl.StorageError, match="disk full"):
        store.save(smaller)
    assert path.read_bytes() == before
    assert sorted(p.name for p in tmp_path.iterdir()) == ["p.json"]


def test_indent_setting_is_checked() -> None:
    with pytest.raises(ValueError, match="indent"):
        JsonFileSettings(indent=12)


def test_settings_come_from_munintl_toml(tmp_path: Path) -> None:
    (tmp_path / "munintl.toml").write_text(
        "[plugins.json]\nindent = 0\n", encoding="utf-8"
    )
    munintl.save(sample_portfolio(), tmp_path / "p.json")
    assert (
        (tmp_path / "p.json")
        .read_text(encoding="utf-8")
        .startswith('{\n"municipality"')
    )


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(portfolios(), st.sampled_from([1, 2, 4]))
def test_fast_encoder_writes_the_bytes_json_dumps_writes(
    portfolio: munintl.Portfolio, indent: int
) -> None:
    pytest.importorskip("msgspec")
    data = unstructure(portfolio)
    standard = JsonFileStore("x.json", JsonFileSettings(indent=indent, fast=False))
    fast = JsonFileStore("x.json", JsonFileSettings(indent=indent))
    assert fast.encode(data) == standard.encode(data)


def test_fast_encoder_matches_on_the_example_and_odd_text(example_path: Path) -> None:
    pytest.importorskip("msgspec")
    standard = JsonFileStore("x.json", JsonFileSettings(fast=False))
    fast = JsonFileStore("x.json")
    data = unstructure(munintl.load(example_path))
    assert fast.encode(data) == standard.encode(data)
    odd = {"t": 'tab\there \x1f \x7f \u2028 "q" \\ / é ø 😀', "n": 10**30, "e": [{}]}
    assert fast.encode(odd) == standard.encode(odd)
    for store in (fast, standard):
        with pytest.raises(munintl.StorageError, match="UTF-8"):
            store.encode({"t": "\ud800"})


@pytest.mark.parametrize("fast", [True, False])
def test_a_key_given_twice_is_a_syntax_error_at_the_second(
    tmp_path: Path, fast: bool
) -> None:
    text = json.dumps(_sample_data(), indent=2, ensure_ascii=False)
    lines = text.splitlines()
    first = next(n for n, line in enumerate(lines) if '"country": "DK"' in line)
    lines.insert(first + 1, lines[first].replace('"DK"', '"SE"'))
    path = tmp_path / "portfolio.json"
    path.write_text("\n".join(lines), encoding="utf-8")
    with pytest.raises(ValidationError) as caught:
        JsonFileStore(str(path), JsonFileSettings(fast=fast)).load()
    [finding] = caught.value.findings
    assert (finding.file, finding.line, finding.code) == (
        str(path),
        first + 2,
        "syntax",
    )
    assert finding.column == lines[first].index('"country"') + 1
    assert finding.message == (
        f"duplicate key 'country' (first on line {first + 1}); keep one of them"
    )
