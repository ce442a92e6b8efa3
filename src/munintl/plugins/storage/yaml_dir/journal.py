"""Replace a set of files in a directory so that a crash never leaves a mix.

A save writes every new file beside its target (``.<name>.munintl-new``),
records the plan in a journal, commits the journal with one atomic rename,
and only then renames the new files over the old ones and deletes what
goes.  :func:`recover` finishes a committed plan and undoes an uncommitted
one, so after a crash at any point the directory holds either the old files
or the new ones once recovery has run.  :func:`locked` keeps two saves (or a
save and a read) from interleaving.

A folder can come from someone else, journal and all, so recovery replays
only what this writer can prove it wrote: the journal names the directory
it belongs to (its inode, the object the lock is taken on), the SHA-256 of
every new file and of every file to delete, and the inode of every new file
once written.  A journal that does not match -- copied or downloaded with
the folder, written by an older munintl, edited, or naming a path outside
the store's own files, an absolute path, ``..`` or a link -- is refused
with :class:`~munintl.errors.StorageError` and nothing is touched.
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import os
import stat
from collections.abc import Callable, Iterator, Sequence
from pathlib import Path, PurePosixPath
from typing import Any

import attrs

from munintl.errors import StorageError
from munintl.storage.atomic import fsync_directory
from munintl.storage.lock import directory_lock

JOURNAL = ".munintl-journal.json"
_NEXT = JOURNAL + ".next"
TEMP_SUFFIX = ".munintl-new"
#: The journal format this writer makes; no other is ever followed.
VERSION = 2
#: The largest journal read, in bytes (a path and two hashes per file).
MAX_JOURNAL_SIZE = 64 * 1024 * 1024
_NOFOLLOW = getattr(os, "O_NOFOLLOW", 0)
_BINARY = getattr(os, "O_BINARY", 0)
_NONBLOCK = getattr(os, "O_NONBLOCK", 0)


@attrs.frozen
class Recovery:
    """What :func:`recover` did: finished (``committed``) or undid a save."""

    committed: bool
    written: int
    deleted: int


def temp_path(target: Path) -> Path:
    """Return the hidden file a new version of ``target`` is written to first."""
    return target.with_name(f".{target.name}{TEMP_SUFFIX}")


def _write_durably(path: Path, data: bytes) -> int:
    """Write ``data`` to a new file at ``path`` and flush it; return its inode.

    Whatever was at ``path`` (a leftover, a link planted there) is removed
    first, and the file is created afresh without following a link, so the
    bytes never land anywhere else.
    """
    path.unlink(missing_ok=True)
    flags = os.O_WRONLY | os.O_CREAT | os.O_EXCL | _NOFOLLOW | _BINARY
    descriptor = os.open(path, flags, 0o666)
    with os.fdopen(descriptor, "wb") as stream:
        stream.write(data)
        stream.flush()
        os.fsync(stream.fileno())
        return os.fstat(stream.fileno()).st_ino


def _write_journal(root: Path, journal: dict[str, Any]) -> None:
    # Written beside and renamed over the journal, so the journal on disk is
    # always whole: "prepared" or "committed", never half of either.
    _write_durably(root / _NEXT, json.dumps(journal, indent=1).encode("utf-8"))
    os.replace(root / _NEXT, root / JOURNAL)
    fsync_directory(root)


def _identity(root: Path) -> int:
    """The directory's inode: what a journal belongs to (and the lock is taken on)."""
    return os.stat(root).st_ino


def _open_regular(path: Path, *, follow: bool = False) -> tuple[int, int] | None:
    """Open a regular file to read, never a link (unless ``follow``), FIFO or device.

    Returns the descriptor and the file's size, or None for anything else.
    """
    flags = os.O_RDONLY | _BINARY | _NONBLOCK | (0 if follow else _NOFOLLOW)
    try:
        descriptor = os.open(path, flags)
    except OSError:
        return None
    info = os.fstat(descriptor)
    if not stat.S_ISREG(info.st_mode):
        os.close(descriptor)
        return None
    return descriptor, info.st_size


def _sha256(path: Path, *, follow: bool = False) -> str | None:
    """Hash a regular file without following a link; None if it is anything else."""
    opened = _open_regular(path, follow=follow)
    if opened is None:
        return None
    digest = hashlib.sha256()
    with os.fdopen(opened[0], "rb") as stream:
        for chunk in iter(lambda: stream.read(1024 * 1024), b""):
            digest.update(chunk)
    return digest.hexdigest()


def needs_recovery(root: Path) -> bool:
    """Tell whether an interrupted save left a journal in ``root``."""
    return pending(root) or os.path.lexists(root / _NEXT)


def pending(root: Path) -> bool:
    """Tell whether ``root`` holds the journal of an interrupted save."""
    return os.path.lexists(root / JOURNAL)


def replace_files(
    root: Path,
    writes: Sequence[tuple[str, bytes]],
    deletes: Sequence[str],
    *,
    owned: Callable[[str], bool],
) -> None:
    """Write ``writes`` (relative path, bytes) and delete ``deletes`` as one step.

    Call with the exclusive lock held.  ``owned`` tells which relative paths
    the caller may write or delete; nothing else is touched, and
    :func:`recover` refuses a journal naming any other.  Existing files keep
    their permissions.
    """
    for relpath in [relpath for relpath, _ in writes] + list(deletes):
        problem = _path_problem(root, relpath, owned)
        if problem is not None:
            raise StorageError(f"{root}: cannot save {relpath!r}: {problem}")
    delete_entries = []
    for relpath in deletes:
        digest = _sha256(root / relpath, follow=True)
        if digest is not None:
            delete_entries.append({"path": relpath, "sha256": digest})
    journal: dict[str, Any] = {
        "version": VERSION,
        "state": "prepared",
        "store": _identity(root),
        "write": [
            {"path": relpath, "sha256": hashlib.sha256(data).hexdigest()}
            for relpath, data in writes
        ],
        "delete": delete_entries,
    }
    try:
        _write_journal(root, journal)
        for entry, (relpath, data) in zip(journal["write"], writes, strict=True):
            target = root / relpath
            target.parent.mkdir(parents=True, exist_ok=True)
            temp = temp_path(target)
            entry["inode"] = _write_durably(temp, data)
            with contextlib.suppress(OSError):
                os.chmod(temp, stat.S_IMODE(target.stat().st_mode))
        for directory in {(root / relpath).parent for relpath, _ in writes}:
            fsync_directory(directory)
        journal["state"] = "committed"
        _write_journal(root, journal)
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


def recover(root: Path, *, owned: Callable[[str], bool]) -> Recovery | None:
    """Finish a committed save or undo an uncommitted one (exclusive lock held).

    Returns what was done, or None when there was no journal (a half-written
    one, never committed, is dropped).  Raises :class:`StorageError`, and
    changes nothing, for a journal this writer cannot prove it wrote for
    this directory (see the module's description).
    """
    path = root / JOURNAL
    if not os.path.lexists(path):
        (root / _NEXT).unlink(missing_ok=True)
        return None
    journal, problem = _read_journal(path)
    if journal is not None and problem is None:
        problem = _proof_problem(root, journal, owned)
    if journal is None or problem is not None:
        raise StorageError(
            f"{path} is damaged or was not written by a save of this store"
            f" ({problem}); nothing was changed.  If the folder was copied or"
            f" downloaded, check its files, then delete {JOURNAL} and the hidden"
            f" .*{TEMP_SUFFIX} files beside the files it names"
        )
    committed = journal["state"] == "committed"
    _finish(root, journal, commit=committed)
    (root / _NEXT).unlink(missing_ok=True)
    return Recovery(
        committed=committed,
        written=len(journal["write"]) if committed else 0,
        deleted=len(journal["delete"]) if committed else 0,
    )


def _read_journal(path: Path) -> tuple[dict[str, Any] | None, str | None]:
    opened = _open_regular(path)
    if opened is None:
        return None, "not a regular file, or unreadable"
    descriptor, size = opened
    if size > MAX_JOURNAL_SIZE:
        os.close(descriptor)
        return None, f"{size} bytes is more than any journal holds"
    with os.fdopen(descriptor, "rb") as stream:
        raw = stream.read(MAX_JOURNAL_SIZE + 1)
    try:
        journal = json.loads(raw.decode("utf-8"))
    except (UnicodeDecodeError, ValueError, RecursionError):
        return None, "not a journal: not JSON"
    if not isinstance(journal, dict):
        return None, "not a journal: not a JSON object"
    return journal, None


def _is_hash(value: Any) -> bool:
    return (
        isinstance(value, str)
        and len(value) == 64
        and all(c in "0123456789abcdef" for c in value)
    )


def _entries(journal: dict[str, Any], key: str) -> list[dict[str, Any]] | None:
    entries = journal.get(key)
    if not isinstance(entries, list) or not all(
        isinstance(entry, dict)
        and isinstance(entry.get("path"), str)
        and _is_hash(entry.get("sha256"))
        for entry in entries
    ):
        return None
    return entries


def _path_problem(root: Path, relpath: str, owned: Callable[[str], bool]) -> str | None:
    """Say why ``relpath`` may not be written or deleted; None if it may."""
    pure = PurePosixPath(relpath)
    if (
        not relpath
        or "\\" in relpath
        or "\0" in relpath
        or pure.is_absolute()
        or any(part in ("", ".", "..") for part in relpath.split("/"))
    ):
        return f"{relpath!r} is not a plain relative path"
    if not owned(relpath):
        return f"{relpath!r} is not one of the store's files"
    current = root
    for part in pure.parts[:-1]:
        current = current / part
        if current.is_symlink():
            return f"{relpath!r} goes through the link {current}"
        if not current.is_dir():
            break
    return None


def _proof_problem(
    root: Path, journal: dict[str, Any], owned: Callable[[str], bool]
) -> str | None:
    """Say why ``journal`` is not a journal this writer wrote here; None if it is."""
    if journal.get("version") != VERSION:
        return f"journal version {journal.get('version')!r}, not {VERSION}"
    state = journal.get("state")
    if state not in ("prepared", "committed"):
        return f"unknown state {state!r}"
    if journal.get("store") != _identity(root):
        return "it belongs to another directory"
    writes, deletes = _entries(journal, "write"), _entries(journal, "delete")
    if writes is None or deletes is None:
        return "its list of files is not what a save writes"
    for entry in writes + deletes:
        problem = _path_problem(root, entry["path"], owned)
        if problem is not None:
            return problem
    return None if state == "prepared" else _files_problem(root, writes, deletes)


def _files_problem(
    root: Path, writes: list[dict[str, Any]], deletes: list[dict[str, Any]]
) -> str | None:
    """Say why the files of a committed journal are not the save's; None if they are."""
    for entry in writes:
        temp = temp_path(root / entry["path"])
        if not os.path.lexists(temp):
            continue  # already renamed into place
        inode = entry.get("inode")
        if (
            not isinstance(inode, int)
            or os.lstat(temp).st_ino != inode
            or _sha256(temp) != entry["sha256"]
        ):
            return f"the new version of {entry['path']} is not the one the save wrote"
    real_root = root.resolve()
    for entry in deletes:
        target = root / entry["path"]
        if not os.path.lexists(target):
            continue  # already deleted
        if not target.resolve().is_relative_to(real_root):
            return f"{entry['path']} leads out of the store"
        if _sha256(target, follow=True) != entry["sha256"]:
            return f"{entry['path']} is not the file the save meant to delete"
    return None


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
    for entry in journal["write"]:
        target = root / entry["path"]
        temp = temp_path(target)
        touched.add(target.parent)
        if not commit:
            temp.unlink(missing_ok=True)
        elif os.path.lexists(temp):
            os.replace(temp, target)
    if commit:
        for entry in journal["delete"]:
            (root / entry["path"]).unlink(missing_ok=True)
            touched.add((root / entry["path"]).parent)
    for directory in sorted(touched, key=lambda p: -len(p.parts)):
        if directory.exists():
            fsync_directory(directory)
        _prune(root, directory)
    (root / JOURNAL).unlink(missing_ok=True)
    fsync_directory(root)


@contextlib.contextmanager
def locked(root: Path, *, exclusive: bool, timeout: float = 10.0) -> Iterator[None]:
    """Hold ``root``'s lock: shared to read, exclusive to write.

    The one lock of every file store (:func:`munintl.storage.lock.directory_lock`):
    waits up to ``timeout`` seconds, then raises :class:`StorageError`.  The
    operating system releases the lock when the process ends, so a crash
    leaves no stale lock behind.
    """
    with directory_lock(root, exclusive=exclusive, timeout=timeout):
        yield
