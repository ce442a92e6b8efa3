"""The one atomic writer: readers see the old bytes or the new, never half."""

from __future__ import annotations

import hashlib
import os
import stat
import sys
from pathlib import Path

import pytest

from munintl.storage import atomic
from munintl.storage.atomic import file_revision, fsync_directory, replace_atomically

posix_only = pytest.mark.skipif(
    sys.platform == "win32", reason="POSIX permissions and directory fsync"
)


class Crash(Exception):
    """The simulated end of the process."""


def leftovers(folder: Path, keep: str) -> list[str]:
    return sorted(p.name for p in folder.iterdir() if p.name != keep)


def test_writes_the_bytes_and_makes_the_folders(tmp_path: Path) -> None:
    path = tmp_path / "a" / "b" / "portfolio.json"
    replace_atomically(path, b'{"x": 1}\n')
    assert path.read_bytes() == b'{"x": 1}\n'
    assert leftovers(path.parent, "portfolio.json") == []


def test_replaces_an_existing_file(tmp_path: Path) -> None:
    path = tmp_path / "report.md"
    path.write_bytes(b"old and longer than the new text")
    replace_atomically(path, b"new")
    assert path.read_bytes() == b"new"
    assert leftovers(tmp_path, "report.md") == []


@posix_only
def test_keeps_the_permissions_of_the_file_it_replaces(tmp_path: Path) -> None:
    path = tmp_path / "portfolio.toml"
    path.write_bytes(b"old")
    path.chmod(0o640)
    replace_atomically(path, b"new")
    assert stat.S_IMODE(path.stat().st_mode) == 0o640


@posix_only
def test_new_file_gets_the_permissions_a_plain_write_gives(tmp_path: Path) -> None:
    umask = os.umask(0o022)
    os.umask(umask)
    plain = tmp_path / "plain.md"
    plain.write_bytes(b"x")
    path = tmp_path / "report.md"
    replace_atomically(path, b"x")
    assert stat.S_IMODE(path.stat().st_mode) == stat.S_IMODE(plain.stat().st_mode)


@pytest.mark.parametrize("error", [OSError("disk full"), Crash(), KeyboardInterrupt()])
def test_failed_rename_leaves_the_old_file_and_no_temporary(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, error: BaseException
) -> None:
    path = tmp_path / "portfolio.json"
    path.write_bytes(b"old")

    def failing(src: str, dst: str) -> None:
        raise error

    monkeypatch.setattr(os, "replace", failing)
    with pytest.raises(type(error)):
        replace_atomically(path, b"new")
    assert path.read_bytes() == b"old"
    assert leftovers(tmp_path, "portfolio.json") == []


def test_failed_write_leaves_no_file_where_there_was_none(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    def failing(descriptor: int) -> None:
        raise Crash

    monkeypatch.setattr(os, "fsync", failing)
    with pytest.raises(Crash):
        replace_atomically(tmp_path / "new.json", b"new")
    assert list(tmp_path.iterdir()) == []


def test_bytes_reach_the_disk_before_the_rename_and_the_rename_after(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    events: list[str] = []
    real_fsync, real_replace = os.fsync, os.replace

    def fsync(descriptor: int) -> None:
        kind = "folder" if stat.S_ISDIR(os.fstat(descriptor).st_mode) else "file"
        events.append(f"fsync {kind}")
        real_fsync(descriptor)

    def replace(src: str, dst: str) -> None:
        events.append("replace")
        real_replace(src, dst)

    monkeypatch.setattr(os, "fsync", fsync)
    monkeypatch.setattr(os, "replace", replace)
    replace_atomically(tmp_path / "portfolio.json", b"data")
    expected = ["fsync file", "replace"]
    if os.name != "nt":
        expected.append("fsync folder")
    assert events == expected


def test_fsync_directory_tolerates_a_folder_it_cannot_open(tmp_path: Path) -> None:
    fsync_directory(tmp_path / "missing")


@posix_only
def test_fsync_directory_syncs_and_closes_the_folder(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    synced: list[int] = []
    closed: list[int] = []
    real_close = os.close
    monkeypatch.setattr(os, "fsync", synced.append)

    def close(descriptor: int) -> None:
        closed.append(descriptor)
        real_close(descriptor)

    monkeypatch.setattr(os, "close", close)
    fsync_directory(tmp_path)
    assert len(synced) == 1
    assert closed == synced


def test_fsync_directory_does_nothing_on_windows(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    def refuse(*_args: object) -> int:
        raise AssertionError("Windows cannot open a directory")

    monkeypatch.setattr(atomic.os, "name", "nt")
    monkeypatch.setattr(os, "open", refuse)
    fsync_directory(tmp_path)


def test_file_revision_is_a_short_sha256_of_the_bytes() -> None:
    assert file_revision(b"") == "sha256:" + hashlib.sha256(b"").hexdigest()[:32]
    assert file_revision(b"") == "sha256:e3b0c44298fc1c149afbf4c8996fb924"
    assert file_revision(b"a") != file_revision(b"b")
    assert file_revision(b"same") == file_revision(b"same")
