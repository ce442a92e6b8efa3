"""The parse cache: a second load parses only the files that changed.

Nothing it holds is trusted: a cache from another version, cut short or
edited is ignored and written anew, and the cache never lives in the store.
"""

from __future__ import annotations

import logging
import os
import stat
import threading
from pathlib import Path

import pytest
from click.testing import CliRunner

from munintl.cli import main
from munintl.errors import ValidationError
from munintl.plugins.storage.yaml_dir import cache, reading
from munintl.plugins.storage.yaml_dir.store import YamlDirStore
from munintl.storage import atomic
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


# -- who may write the cache: only this user, never through a link -----------

ROOT = hasattr(os, "geteuid") and os.geteuid() == 0


def load_parses_everything(root: Path, parsed: list[str]) -> None:
    """Load the store and check that every file was parsed (nothing trusted)."""
    parsed.clear()
    YamlDirStore(str(root)).load()
    assert len(parsed) == len(list(root.rglob("*.yaml")))


def warnings_of(caplog: pytest.LogCaptureFixture) -> list[str]:
    return [r.getMessage() for r in caplog.records if r.levelno == logging.WARNING]


def test_the_cache_folder_is_private(root: Path, folder: Path) -> None:
    YamlDirStore(str(root)).load()
    assert stat.S_IMODE(folder.stat().st_mode) == 0o700
    assert stat.S_IMODE((folder / "yaml").stat().st_mode) == 0o700
    [path] = cache_files(folder)
    assert stat.S_IMODE(path.stat().st_mode) == 0o600


def test_a_cache_file_of_another_user_is_ignored_and_kept(
    root: Path,
    folder: Path,
    parsed: list[str],
    monkeypatch: pytest.MonkeyPatch,
    caplog: pytest.LogCaptureFixture,
) -> None:
    YamlDirStore(str(root)).load()
    [path] = cache_files(folder)
    planted = path.read_bytes()
    real = os.fstat

    def foreign(descriptor: int) -> os.stat_result:
        info = list(real(descriptor))
        info[stat.ST_UID] = os.getuid() + 4242
        return os.stat_result(info)

    monkeypatch.setattr(os, "fstat", foreign)
    load_parses_everything(root, parsed)
    load_parses_everything(root, parsed)
    assert path.read_bytes() == planted  # not written over either
    [warning] = warnings_of(caplog)  # once
    assert str(path) in warning
    assert "another user" in warning


def test_a_cache_folder_of_another_user_is_not_used(
    root: Path, folder: Path, parsed: list[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    YamlDirStore(str(root)).load()
    [path] = cache_files(folder)
    before = path.stat().st_mtime_ns
    monkeypatch.setattr(os, "getuid", lambda: os.geteuid() + 4242)
    load_parses_everything(root, parsed)
    assert path.stat().st_mtime_ns == before


@pytest.mark.parametrize("which", ["file", "folder", "cache dir"])
def test_what_others_may_write_is_not_trusted(
    root: Path,
    folder: Path,
    parsed: list[str],
    which: str,
    caplog: pytest.LogCaptureFixture,
) -> None:
    YamlDirStore(str(root)).load()
    [path] = cache_files(folder)
    place = {"file": path, "folder": path.parent, "cache dir": folder}[which]
    place.chmod(0o777 if place.is_dir() else 0o666)
    good = path.read_bytes()
    load_parses_everything(root, parsed)
    assert path.read_bytes() == good
    assert "others may write" in " ".join(warnings_of(caplog))


def test_a_planted_symlink_is_not_followed(
    root: Path, folder: Path, parsed: list[str], tmp_path: Path
) -> None:
    YamlDirStore(str(root)).load()
    [path] = cache_files(folder)
    elsewhere = tmp_path / "elsewhere.json"
    elsewhere.write_bytes(path.read_bytes())  # a valid cache, but not ours
    path.unlink()
    path.symlink_to(elsewhere)
    before = elsewhere.read_bytes()
    load_parses_everything(root, parsed)
    assert path.is_symlink()
    assert elsewhere.read_bytes() == before


@pytest.mark.parametrize("linked", ["cache dir", "folder"])
def test_a_cache_folder_that_links_elsewhere_is_not_used(
    root: Path,
    tmp_path: Path,
    parsed: list[str],
    linked: str,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir(mode=0o700)
    folder = tmp_path / "cache"
    if linked == "cache dir":
        folder.symlink_to(elsewhere)
    else:
        folder.mkdir(mode=0o700)
        (folder / "yaml").symlink_to(elsewhere)
    monkeypatch.setenv("MUNINTL_CACHE_DIR", str(folder))
    load_parses_everything(root, parsed)
    load_parses_everything(root, parsed)
    assert list(elsewhere.iterdir()) == []


def test_a_file_where_the_cache_dir_belongs(
    root: Path, tmp_path: Path, parsed: list[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    folder = tmp_path / "cache"
    folder.write_bytes(b"not a folder")
    monkeypatch.setenv("MUNINTL_CACHE_DIR", str(folder))
    result = CliRunner().invoke(main, ["validate", str(root)])
    assert result.exit_code == 0, result.output
    assert "Traceback" not in result.output
    assert folder.read_bytes() == b"not a folder"
    load_parses_everything(root, parsed)


def test_a_cache_that_cannot_be_written_costs_only_speed(
    root: Path, folder: Path, parsed: list[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    def refuse(path: Path, data: bytes, mode: int | None = None) -> None:
        raise PermissionError(13, "Permission denied", str(path))

    monkeypatch.setattr(atomic, "replace_atomically", refuse)
    expected = YamlDirStore(str(root)).load()
    assert cache_files(folder) == []
    assert YamlDirStore(str(root)).load() == expected


@pytest.mark.skipif(ROOT, reason="root may write to any folder; chmod cannot stop it")
def test_a_read_only_cache_folder(root: Path, folder: Path, parsed: list[str]) -> None:
    YamlDirStore(str(root)).load()
    [path] = cache_files(folder)
    path.unlink()
    (folder / "yaml").chmod(0o500)
    try:
        load_parses_everything(root, parsed)
        assert cache_files(folder) == []
    finally:
        (folder / "yaml").chmod(0o700)


def test_concurrent_writers_leave_a_whole_cache(
    root: Path, folder: Path, parsed: list[str]
) -> None:
    def fill(name: str) -> None:
        for round_ in range(20):
            store = cache.ParseCache(root)
            store.put(f"{name}{round_}", {"by": name, "round": round_})
            store.write()

    threads = [threading.Thread(target=fill, args=(name,)) for name in "ab"]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    [path] = cache_files(folder)
    assert list(path.parent.iterdir()) == [path]  # no temporary file left
    last = cache.ParseCache(root)
    assert last.get("a19") == {"by": "a", "round": 19} or last.get("b19") == {
        "by": "b",
        "round": 19,
    }
