"""The one file lock every file store takes to check a revision and replace files.

A save that checks ``expected_revision`` and then replaces a file must hold
a lock from the check to the rename, or two programs saving at the same
instant both pass the check and one update is lost.  :func:`directory_lock`
locks a directory: the YAML store's own folder, or the folder a JSON or
TOML file lies in.

On POSIX the lock is ``flock`` on the directory itself, so no lock file
is left behind; on Windows it is ``msvcrt.locking`` on a ``.munintl-lock``
file in the directory.  Either way the operating system
drops the lock when the process ends, so a killed save leaves no stale
lock.  Readers take the lock shared and writers exclusive; Windows has
only exclusive locks, so there readers wait for each other too.
"""

from __future__ import annotations

import contextlib
import os
import sys
import time
from collections.abc import Iterator
from pathlib import Path

from munintl.errors import StorageError
from munintl.i18n import _

#: The file locked on Windows, which cannot lock a directory.
LOCK_FILE = ".munintl-lock"
#: Seconds between two attempts to take a lock someone else holds.
POLL_INTERVAL = 0.05


def _wait(directory: Path, deadline: float) -> None:
    if time.monotonic() >= deadline:
        raise StorageError(
            _(
                "{directory} is being saved by another program; try again when it"
                " has finished"
            ).format(directory=directory)
        )
    time.sleep(POLL_INTERVAL)


@contextlib.contextmanager
def directory_lock(
    directory: Path, *, exclusive: bool, timeout: float = 10.0
) -> Iterator[float]:
    """Hold ``directory``'s lock: shared to read, exclusive to write.

    Waits up to ``timeout`` seconds, then raises
    :class:`~munintl.errors.StorageError`.  Yields the time the lock was
    taken (``time.time()``): a file a writer left that is older than that
    was not written by anyone holding the lock now.
    """
    deadline = time.monotonic() + timeout
    if sys.platform == "win32":
        import msvcrt

        try:
            handle = os.open(directory / LOCK_FILE, os.O_RDWR | os.O_CREAT)
        except OSError:
            if exclusive:
                raise
            yield time.time()  # nobody can save to a folder we cannot write to
            return
        try:
            while True:
                try:
                    msvcrt.locking(handle, msvcrt.LK_NBLCK, 1)
                    break
                except OSError:
                    _wait(directory, deadline)
            try:
                yield time.time()
            finally:
                os.lseek(handle, 0, os.SEEK_SET)
                msvcrt.locking(handle, msvcrt.LK_UNLCK, 1)
        finally:
            os.close(handle)
    else:
        import fcntl

        # flock on the directory itself: no lock file to leave behind.
        handle = os.open(directory, os.O_RDONLY)
        try:
            mode = fcntl.LOCK_EX if exclusive else fcntl.LOCK_SH
            while True:
                try:
                    fcntl.flock(handle, mode | fcntl.LOCK_NB)
                    break
                except BlockingIOError:
                    _wait(directory, deadline)
            yield time.time()
        finally:
            os.close(handle)
