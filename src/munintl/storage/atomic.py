"""Write files so that a reader sees the old or the new bytes, never half of them.

Every file munintl writes on its own account -- a single-file store, a
report, a YAML store's journal and files -- goes through
:func:`replace_atomically` or :func:`fsync_directory`: the bytes go to a
temporary file in the same directory, are flushed to disk, and
:func:`os.replace` swaps it in; the directory is then synced so the rename
itself survives a power cut.
"""

from __future__ import annotations

import contextlib
import hashlib
import os
import re
import tempfile
from pathlib import Path


def fsync_directory(folder: Path) -> None:
    """Make renames in ``folder`` durable (a no-op on Windows)."""
    # Make the rename itself durable.  Windows cannot open a directory for
    # this, and its os.replace is durable enough there.
    if os.name == "nt":
        return
    try:
        descriptor = os.open(folder, os.O_RDONLY)
    except OSError:  # some file systems cannot open a directory; nothing to sync
        return
    try:
        os.fsync(descriptor)
    finally:
        os.close(descriptor)


def _umask() -> int:
    """The process's umask (read by setting it, so set it straight back)."""
    current = os.umask(0o022)
    os.umask(current)
    return current


def replace_atomically(path: Path, data: bytes, mode: int | None = None) -> None:
    """Write ``data`` to ``path`` so that readers see the old or the new file.

    The bytes go to a temporary file beside ``path``, are flushed to disk and
    then renamed over it with :func:`os.replace`.  An interrupted write leaves
    at most a stray ``.<name>.*.tmp`` file and the old file untouched.
    ``mode`` fixes the new file's permissions (e.g. ``0o600`` for a private
    file); by default they are what a plain write would give.
    """
    folder = path.parent
    folder.mkdir(parents=True, exist_ok=True)
    descriptor, temporary = tempfile.mkstemp(
        prefix=f".{path.name}.", suffix=".tmp", dir=folder
    )
    try:
        with os.fdopen(descriptor, "wb") as handle:
            handle.write(data)
            handle.flush()
            os.fsync(handle.fileno())
        # mkstemp makes the file 0600; give it what a plain write would: the
        # old file's mode, or for a new file 0666 less the process's umask.
        if mode is None:
            mode = path.stat().st_mode & 0o777 if path.exists() else 0o666 & ~_umask()
        with contextlib.suppress(OSError):
            os.chmod(temporary, mode)
        os.replace(temporary, path)
    except BaseException:
        with contextlib.suppress(OSError):
            os.unlink(temporary)
        raise
    fsync_directory(folder)


def temporary_pattern(path: Path) -> re.Pattern[str]:
    """Match the names :func:`replace_atomically` gives temporary files for ``path``.

    They are ``.<name>.`` with :func:`tempfile.mkstemp`'s eight random
    characters and ``.tmp``; a store that holds its lock may delete the
    ones a killed save left (:mod:`munintl.storage.filestore`).
    """
    return re.compile(rf"\.{re.escape(path.name)}\.[a-z0-9_]{{8}}\.tmp")


def file_revision(data: bytes) -> str:
    """Return the revision of a file's bytes: ``sha256:`` and 32 hex digits."""
    return "sha256:" + hashlib.sha256(data).hexdigest()[:32]
