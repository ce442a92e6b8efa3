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
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import logging
import os
from pathlib import Path
from typing import Any

log = logging.getLogger("munintl.storage")

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


def _plain(value: Any) -> bool:
    """Tell whether ``value`` reads back from JSON exactly as it is."""
    kind = type(value)
    if kind is dict:
        return all(type(k) is str and _plain(v) for k, v in value.items())
    if kind is list:
        return all(_plain(item) for item in value)
    return kind in (str, int, float, bool) or value is None


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
            folder = folder.resolve()
        except (OSError, RuntimeError):
            return
        if folder.is_relative_to(store):
            return  # never inside the portfolio
        name = hashlib.sha256(str(store).encode("utf-8")).hexdigest()[:32]
        self._path = folder / "yaml" / f"{name}.json"
        self._entries = self._read(self._path)

    @staticmethod
    def _read(path: Path) -> dict[str, Any]:
        try:
            raw = path.read_bytes()
        except OSError:
            return {}
        head, _, body = raw.partition(b"\n")
        stamp, _, checksum = head.decode("utf-8", "replace").rpartition(" ")
        if stamp != _stamp() or hashlib.sha256(body).hexdigest() != checksum:
            log.debug("%s: parse cache ignored (another version, or damaged)", path)
            return {}
        try:
            entries = json.loads(body)
        except ValueError:
            return {}
        return entries if isinstance(entries, dict) else {}

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
            replace_atomically(self._path, head + body)
        self._entries, self._changed = dict(self._used), False
