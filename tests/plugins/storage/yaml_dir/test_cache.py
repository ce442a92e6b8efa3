"""The parse cache: a second load parses only the files that changed.

Nothing it holds is trusted: a cache from another version, cut short or
edited is ignored and written anew, and the cache never lives in the store.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from click.testing import CliRunner

from munintl.cli import main
from munintl.errors import ValidationError
from munintl.plugins.storage.yaml_dir import cache, reading
from munintl.plugins.storage.yaml_dir.store import YamlDirStore
from plugins.storage.yaml_dir.helpers import INITIATIVE, write


@pytest.fixture
def folder(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """An empty cache directory of this test's own."""
    path = tmp_path / "cache"
    monkeypatch.setenv("MUNINTL_CACHE_DIR", str(path))
    return path


@pytest.fixture
def parsed(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """The texts the fast path parses, in order."""
    texts: list[str] = []
    real = reading.parse_plain

    def counting(text: str, strict: reading.Strict) -> object:
        texts.append(text)
        return real(text, strict)

    monkeypatch.setattr(reading, "parse_plain", counting)
    return texts


def cache_files(folder: Path) -> list[Path]:
    return sorted(folder.rglob("*.json"))


def test_second_load_parses_only_the_changed_file(
    root: Path, folder: Path, parsed: list[str]
) -> None:
    first = YamlDirStore(str(root)).load()
    files = len(list(root.rglob("*.yaml")))
    assert len(parsed) == files
    assert len(cache_files(folder)) == 1
    parsed.clear()
    assert YamlDirStore(str(root)).load() == first
    assert parsed == []
    text = (root / INITIATIVE).read_text(encoding="utf-8")
    write(root, INITIATIVE, text.replace("start: 2021-09", "start: 2021-10"))
    changed = YamlDirStore(str(root)).load()
    assert len(parsed) == 1
    initiative = changed.initiative("medarbejderudveksling")
    assert initiative is not None
    assert initiative.period is not None
    assert str(initiative.period.start) == "2021-10"


def test_findings_from_cached_files_keep_their_lines(root: Path, folder: Path) -> None:
    text = (root / INITIATIVE).read_text(encoding="utf-8")
    write(root, INITIATIVE, text.replace("start: 2021-09", "start: 2021-13"))
    for _ in range(2):  # parsed, then from the cache
        with pytest.raises(ValidationError) as caught:
            YamlDirStore(str(root)).load()
        [found] = caught.value.findings
        assert (found.code, found.line) == ("invalid-value", 7)


@pytest.mark.parametrize(
    "damage",
    [
        lambda raw: raw[: len(raw) // 2],  # cut short
        lambda raw: raw.replace(b"medarbejder", b"Medarbejder", 1),  # edited
        lambda raw: raw.replace(b"munintl=", b"munintl=9", 1),  # another version
        lambda raw: b"",
        lambda raw: b"\xff\xfe garbage\n{}",
    ],
)
def test_a_damaged_cache_is_ignored_and_written_anew(
    root: Path, folder: Path, parsed: list[str], damage: object
) -> None:
    expected = YamlDirStore(str(root)).load()
    [path] = cache_files(folder)
    good = path.read_bytes()
    path.write_bytes(damage(good))  # type: ignore[operator]
    parsed.clear()
    assert YamlDirStore(str(root)).load() == expected
    assert len(parsed) == len(list(root.rglob("*.yaml")))  # nothing trusted
    assert path.read_bytes() == good


def test_the_cache_is_never_inside_the_store(
    root: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("MUNINTL_CACHE_DIR", str(root / "cache"))
    YamlDirStore(str(root)).load()
    assert not (root / "cache").exists()


def test_no_cache_turns_it_off(
    root: Path, folder: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("MUNINTL_NO_CACHE", "1")
    YamlDirStore(str(root)).load()
    assert cache_files(folder) == []
    assert cache.directory() is None


def test_validate_no_cache_option(
    root: Path, folder: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("MUNINTL_NO_CACHE", "0")  # restored after the test
    result = CliRunner().invoke(main, ["validate", "--no-cache", str(root)])
    assert result.exit_code == 0, result.output
    assert cache_files(folder) == []
    monkeypatch.setenv("MUNINTL_NO_CACHE", "0")
    result = CliRunner().invoke(main, ["validate", str(root)])
    assert result.exit_code == 0, result.output
    assert len(cache_files(folder)) == 1


def test_only_plain_data_is_kept(root: Path, folder: Path) -> None:
    store = cache.ParseCache(root)
    store.put("a", {"text": "x", "n": [1, 2.5, None, True]})
    store.put("b", {1: "a number as a key"})
    store.write()
    again = cache.ParseCache(root)
    assert again.get("a") == {"text": "x", "n": [1, 2.5, None, True]}
    assert again.get("b") is None
