"""Remember what each YAML file of a store held, so that a second load skips parsing.

The cache maps the SHA-256 of a file's bytes to the plain data the fast
read path (:mod:`.reading`) made of them.  It is one file per store, in the
user's cache directory (``platformdirs``), never inside the store:

* ``MUNINTL_CACHE_DIR`` names another directory; ``MUNINTL_NO_CACHE=1``
  (``munintl validate --no-cache``) turns the cache off.
* It is written atomically (:func:`munintl.storage.atomic.replace_atomically`),
  so concurrent runs each see a whole file: theirs, another run's or none.
* Its first line names the format, the munintl and libyaml versions and the
  SHA-256 of the rest; a file that does not match in every respect -- from
  another version, cut short, edited, corrupted -- is ignored, never
  trusted, and written anew.
* Only data of plain JSON types with text keys is kept, so what comes back
  is exactly what the parser made; anything else is parsed every time.
* The checksum only catches damage, not forgery: whoever can write to the
  cache could plant entries.  So the cache folder is made private (0700),
  and a cache file is read -- or written -- only when it and the folders
  ``<cache dir>`` and ``<cache dir>/yaml`` are what this user alone made: a
  regular file or directory, not a symbolic link (the file is opened with
  ``O_NOFOLLOW``), owned by the current user, and not writable by group or
  others.  Anything else (a symlink to elsewhere, a folder shared with
  others, a file where the folder belongs) turns the cache off for the run,
  with one warning on stderr; the store's files are read as if there were
  no cache.
"""

from __future__ import annotations

import contextlib
import errno
import hashlib
import json
import logging
import os
import stat
from pathlib import Path
from typing import Any

from munintl.i18n import _

log = logging.getLogger("munintl.storage")
_warned: set[str] = set()

#: Bumped whenever what the fast read path makes of a text changes.
FORMAT = 1
_MAGIC = "munintl-yaml-parse-cache"


def directory() -> Path | None:
    """The cache directory, or None when the cache is turned off."""
    if os.environ.get("MUNINTL_NO_CACHE", "") not in ("", "0"):
        return None
    chosen = os.environ.get("MUNINTL_CACHE_DIR")
    if chosen:
        return Path(chosen)
    import platformdirs

    return Path(platformdirs.user_cache_dir("munintl", appauthor=False))


def _stamp() -> str:
    from munintl._version import version

    try:
        from yaml._yaml import get_version_string

        libyaml = str(get_version_string())
    except ImportError:  # pragma: no cover - PyYAML without libyaml
        libyaml = "none"
    return f"{_MAGIC} {FORMAT} munintl={version()} libyaml={libyaml}"


def _untrusted(info: os.stat_result, kind: int) -> str | None:
    """Why an entry with ``os.lstat``/``os.fstat`` result ``info`` is not trusted."""
    if stat.S_IFMT(info.st_mode) != kind:
        if stat.S_ISLNK(info.st_mode):
            return _("it is a symbolic link")
        return (
            _("it is not a directory")
            if kind == stat.S_IFDIR
            else _("it is not a regular file")
        )
    getuid = getattr(os, "getuid", None)
    if getuid is not None and info.st_uid != getuid():
        return _("it belongs to another user")
    if info.st_mode & (stat.S_IWGRP | stat.S_IWOTH):
        return _("others may write to it")
    return None


def _warn(path: Path, reason: str) -> None:
    """Say once per process and place that the cache there is not used."""
    if str(path) in _warned:
        return
    _warned.add(str(path))
    log.warning(
        "%s",
        _("{path}: parse cache not used ({reason}); reading the files instead").format(
            path=path, reason=reason
        ),
    )


def _private_folder(folder: Path) -> Path | None:
    """Make ``folder/yaml`` (mode 0700) if missing; return it if it is trusted."""
    inner = folder / "yaml"
    for place in (folder, inner):
        try:
            os.mkdir(place, 0o700)
        except FileExistsError:
            pass
        except FileNotFoundError:
            try:
                place.parent.mkdir(parents=True, exist_ok=True)
                os.mkdir(place, 0o700)
            except OSError as error:
                _warn(place, error.strerror or str(error))
                return None
        except OSError as error:
            _warn(place, error.strerror or str(error))
            return None
        try:
            reason = _untrusted(os.lstat(place), stat.S_IFDIR)
        except OSError as error:
            reason = error.strerror or str(error)
        if reason is not None:
            _warn(place, reason)
            return None
    return inner


def _plain(value: Any) -> bool:
    """Tell whether ``value`` reads back from JSON exactly as it is."""
    kind = type(value)
    if kind is dict:
        return all(type(k) is str and _plain(v) for k, v in value.items())
    if kind is list:
        return all(_plain(item) for item in value)
    return kind in (str, int, float, bool) or value is None


def _entries(path: Path, raw: bytes) -> dict[str, Any]:
    """The entries of a cache file's bytes; none if it is not exactly right."""
    head, _sep, body = raw.partition(b"\n")
    stamp, _gap, checksum = head.decode("utf-8", "replace").rpartition(" ")
    if stamp != _stamp() or hashlib.sha256(body).hexdigest() != checksum:
        log.debug("%s: parse cache ignored (another version, or damaged)", path)
        return {}
    try:
        entries = json.loads(body)
    except ValueError:
        return {}
    return entries if isinstance(entries, dict) else {}


class ParseCache:
    """The parse cache of the store at ``root``; a no-op when turned off."""

    def __init__(self, root: Path) -> None:
        self._path: Path | None = None
        self._entries: dict[str, Any] = {}
        self._used: dict[str, Any] = {}
        self._changed = False
        folder = directory()
        if folder is None:
            return
        try:
            store = root.resolve()
            resolved = folder.resolve()
        except (OSError, RuntimeError):
            return
        if resolved.is_relative_to(store):
            return  # never inside the portfolio
        inner = _private_folder(folder.absolute())
        if inner is None:
            return
        name = hashlib.sha256(str(store).encode("utf-8")).hexdigest()[:32]
        path = inner / f"{name}.json"
        trusted, self._entries = self._read(path)
        if trusted:
            self._path = path

    @staticmethod
    def _read(path: Path) -> tuple[bool, dict[str, Any]]:
        """Whether the file at ``path`` may be used, and the entries it holds."""
        flags = (
            os.O_RDONLY | getattr(os, "O_NOFOLLOW", 0) | getattr(os, "O_NONBLOCK", 0)
        )
        try:
            descriptor = os.open(path, flags | getattr(os, "O_BINARY", 0))
        except FileNotFoundError:
            return True, {}
        except OSError as error:
            symlink = error.errno == errno.ELOOP
            _warn(path, _("it is a symbolic link") if symlink else str(error.strerror))
            return False, {}
        with os.fdopen(descriptor, "rb") as handle:
            try:
                reason = _untrusted(os.fstat(handle.fileno()), stat.S_IFREG)
                raw = handle.read() if reason is None else b""
            except OSError as error:
                reason = error.strerror or str(error)
        if reason is not None:
            _warn(path, reason)
            return False, {}
        return True, _entries(path, raw)

    def get(self, digest: str) -> dict[str, Any] | None:
        """The data of the file whose bytes have SHA-256 ``digest``, if known."""
        value = self._entries.get(digest)
        if type(value) is not dict:
            return None
        self._used[digest] = value
        return value

    def put(self, digest: str, value: Any) -> None:
        """Remember ``value`` (a mapping) for the bytes with SHA-256 ``digest``."""
        if self._path is not None and type(value) is dict and _plain(value):
            self._used[digest] = value
            self._changed = True

    def write(self) -> None:
        """Keep the entries used since opening; a failure only costs speed."""
        if self._path is None:
            return
        if not self._changed and len(self._used) == len(self._entries):
            return
        body = json.dumps(self._used, ensure_ascii=False).encode("utf-8")
        head = f"{_stamp()} {hashlib.sha256(body).hexdigest()}\n".encode()
        from munintl.storage.atomic import replace_atomically

        with contextlib.suppress(OSError):
            replace_atomically(self._path, head + body, mode=0o600)
        self._entries, self._changed = dict(self._used), False
