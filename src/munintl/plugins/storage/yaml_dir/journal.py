"""Replace a set of files in a directory so that a crash never leaves a mix.

A save writes every new file beside its target (``.<name>.munintl-new``),
records the plan in a journal, commits the journal with one atomic rename,
and only then renames the new files over the old ones and deletes what
goes.  :func:`recover` finishes a committed plan and undoes an uncommitted
one, so after a crash at any point the directory holds either the old files
or the new ones once recovery has run.  :func:`locked` keeps two saves (or a
save and a read) from interleaving.
"""

from __future__ import annotations

import contextlib
import json
import os
import stat
import sys
import time
from collections.abc import Callable, Iterator, Sequence
from pathlib import Path
from typing import Any

from munintl.errors import StorageError
from munintl.storage.atomic import fsync_directory

JOURNAL = ".munintl-journal.json"
_NEXT = JOURNAL + ".next"
_LOCK_FILE = ".munintl-lock"
TEMP_SUFFIX = ".munintl-new"


def temp_path(target: Path) -> Path:
    """Return the hidden file a new version of ``target`` is written to first."""
    return target.with_name(f".{target.name}{TEMP_SUFFIX}")


def _write_durably(path: Path, data: bytes) -> None:
    with path.open("wb") as stream:
        stream.write(data)
        stream.flush()
        os.fsync(stream.fileno())


def _write_journal(root: Path, journal: dict[str, Any]) -> None:
    # Written beside and renamed over the journal, so the journal on disk is
    # always whole: "prepared" or "committed", never half of either.
    _write_durably(root / _NEXT, json.dumps(journal, indent=1).encode("utf-8"))
    os.replace(root / _NEXT, root / JOURNAL)
    fsync_directory(root)


def needs_recovery(root: Path) -> bool:
    """Tell whether an interrupted save left a journal in ``root``."""
    return (root / JOURNAL).exists() or (root / _NEXT).exists()


def replace_files(
    root: Path,
    writes: Sequence[tuple[str, bytes]],
    deletes: Sequence[str],
    *,
    owned: Callable[[str], bool],
) -> None:
    """Write ``writes`` (relative path, bytes) and delete ``deletes`` as one step.

    Call with the exclusive lock held.  ``owned`` tells which relative paths
    the caller may write or delete; :func:`recover` refuses a journal naming
    any other.  Existing files keep their permissions.
    """
    journal = {
        "version": 1,
        "state": "prepared",
        "write": [relpath for relpath, _ in writes],
        "delete": list(deletes),
    }
    _write_journal(root, journal)
    try:
        for relpath, data in writes:
            target = root / relpath
            target.parent.mkdir(parents=True, exist_ok=True)
            temp = temp_path(target)
            _write_durably(temp, data)
            with contextlib.suppress(OSError):
                os.chmod(temp, stat.S_IMODE(target.stat().st_mode))
        for directory in {(root / relpath).parent for relpath, _ in writes}:
            fsync_directory(directory)
        _write_journal(root, {**journal, "state": "committed"})
    except BaseException:
        # Undo now if we can; otherwise the next recover() will.
        with contextlib.suppress(Exception):
            recover(root, owned=owned)
        raise
    try:
        _finish(root, journal, commit=True)
    except BaseException:
        with contextlib.suppress(Exception):
            recover(root, owned=owned)
        raise


def recover(root: Path, *, owned: Callable[[str], bool]) -> None:
    """Finish a committed save or undo an uncommitted one (lock held).

    Raises :class:`StorageError` for a journal that is damaged or names
    files the store does not own -- it is never followed blindly.
    """
    path = root / JOURNAL
    if path.exists():
        try:
            journal = json.loads(path.read_text(encoding="utf-8"))
            valid = journal.get("state") in ("prepared", "committed") and all(
                isinstance(relpath, str) and owned(relpath)
                for relpath in journal["write"] + journal["delete"]
            )
        except (ValueError, KeyError, TypeError, AttributeError):
            valid = False
        if not valid:
            raise StorageError(
                f"{path} is damaged; restore the store from a backup, or delete"
                " the journal and check the files by hand"
            )
        _finish(root, journal, commit=journal["state"] == "committed")
    (root / _NEXT).unlink(missing_ok=True)


def _prune(root: Path, directory: Path) -> None:
    # Directories a save created or emptied go; ones holding anything else
    # (a README beside a strategy) stay.
    while directory != root and directory.is_dir():
        with contextlib.suppress(OSError):
            directory.rmdir()
        if directory.exists():
            return
        directory = directory.parent


def _finish(root: Path, journal: dict[str, Any], *, commit: bool) -> None:
    touched: set[Path] = set()
    for relpath in journal["write"]:
        target = root / relpath
        temp = temp_path(target)
        touched.add(target.parent)
        if not commit:
            temp.unlink(missing_ok=True)
        elif temp.exists():
            os.replace(temp, target)
    if commit:
        for relpath in journal["delete"]:
            (root / relpath).unlink(missing_ok=True)
            touched.add((root / relpath).parent)
    for directory in sorted(touched, key=lambda p: -len(p.parts)):
        if directory.exists():
            fsync_directory(directory)
        _prune(root, directory)
    (root / JOURNAL).unlink(missing_ok=True)
    fsync_directory(root)


def _wait(root: Path, deadline: float) -> None:
    if time.monotonic() >= deadline:
        raise StorageError(
            f"{root} is being saved by another program; try again when it has finished"
        )
    time.sleep(0.05)


@contextlib.contextmanager
def locked(root: Path, *, exclusive: bool, timeout: float = 10.0) -> Iterator[None]:
    """Hold ``root``'s lock: shared to read, exclusive to write.

    Waits up to ``timeout`` seconds, then raises :class:`StorageError`.  The
    operating system releases the lock when the process ends, so a crash
    leaves no stale lock behind.
    """
    deadline = time.monotonic() + timeout
    if sys.platform == "win32":
        import msvcrt

        try:
            handle = os.open(root / _LOCK_FILE, os.O_RDWR | os.O_CREAT)
        except OSError:
            if exclusive:
                raise
            yield  # nobody can save to a store we cannot write to
            return
        try:
            while True:
                try:
                    msvcrt.locking(handle, msvcrt.LK_NBLCK, 1)
                    break
                except OSError:
                    _wait(root, deadline)
            try:
                yield
            finally:
                os.lseek(handle, 0, os.SEEK_SET)
                msvcrt.locking(handle, msvcrt.LK_UNLCK, 1)
        finally:
            os.close(handle)
    else:
        import fcntl

        # flock on the directory itself: no lock file to leave behind.
        handle = os.open(root, os.O_RDONLY)
        try:
            mode = fcntl.LOCK_EX if exclusive else fcntl.LOCK_SH
            while True:
                try:
                    fcntl.flock(handle, mode | fcntl.LOCK_NB)
                    break
                except BlockingIOError:
                    _wait(root, deadline)
            yield
        finally:
            os.close(handle)
