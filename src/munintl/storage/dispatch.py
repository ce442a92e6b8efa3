"""Open stores by location and move whole portfolios in and out.

A location is a string: a directory (the YAML directory store), a file whose
suffix picks the format (``.json``, ``.toml``), or a URI whose scheme picks
the backend (``sqlite:///path.db``, ``postgresql://...``).
"""

from __future__ import annotations

import os
import re
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import TYPE_CHECKING

from munintl.errors import (
    StorageError,
    UnknownPluginError,
    ValidationError,
    hide_password,
    printable,
)
from munintl.i18n import _, clipped
from munintl.model import Portfolio
from munintl.validation import errors_only, validate

if TYPE_CHECKING:
    from munintl.config import Config
    from munintl.hooks.manager import MunintlPluginManager
    from munintl.hooks.protocols import Store
    from munintl.hooks.records import StorageBackend

_SCHEME = re.compile(r"^([a-zA-Z][a-zA-Z0-9+.-]*)://")  # the scheme, to pick a backend


def shown(location: str | os.PathLike[str]) -> str:
    """``location`` as messages may show it: a password in a URL masked.

    >>> shown("postgresql://editor:secret@db.example.org/portal#aarhus")
    'postgresql://editor:***@db.example.org/portal#aarhus'
    """
    return hide_password(os.fspath(location), whole=True)


#: A URL written almost right: ``postgresql:/db``, ``postgresql//db``,
#: `` sqlite:///x.db`` (a space before it), ``sqlite:x.db``.
_ALMOST_URL = re.compile(r"^\s*([A-Za-z][A-Za-z0-9.-]*)(?:\+[A-Za-z0-9_]*)?(?::|//)")


def mistyped_url(location: str, schemes: Iterable[str]) -> str | None:
    """Say what is wrong with ``location`` if it is a URL of ``schemes`` mistyped.

    Read as a path, ``postgresql:/editor:secret@db/portal`` would be made a
    folder of that name, password and all; so it is refused, and the
    message shows only the scheme.  None when ``location`` is no such slip.
    """
    if _SCHEME.match(location):
        return None
    almost = _ALMOST_URL.match(location)
    if almost is None or almost[1].lower() not in set(schemes):
        return None
    return _(
        "{scheme}...: this looks like a database URL, but is not one: a URL"
        " starts with {scheme}:// (a colon and two slashes, nothing before"
        " it); nothing was read or written"
    ).format(scheme=almost[1].lower())


def empty_location() -> str:
    """Say, in the run's language, that an empty location names no store."""
    return _(
        "an empty location names no store; give a folder, a .json or .toml file"
        " or a database URL (the current folder is '.')"
    )


def backend_for(
    location: str | os.PathLike[str], manager: MunintlPluginManager
) -> StorageBackend:
    """Choose the storage backend for ``location``: scheme, suffix, directory.

    An empty location is refused: it is not the current folder (an unset
    shell variable would otherwise read or write a store there).
    """
    text = os.fspath(location)
    if not text.strip():
        raise StorageError(empty_location())
    backends = manager.storage_backends()
    slip = mistyped_url(text, (s for b in backends.values() for s in b.schemes))
    if slip is not None:
        raise UnknownPluginError(slip)
    scheme = _SCHEME.match(text)
    if scheme and len(scheme.group(1)) > 1:  # "C://" is a Windows drive, not a scheme
        name = scheme.group(1).lower().split("+")[0]
        for backend in backends.values():
            if name in backend.schemes:
                return backend
        raise UnknownPluginError(
            f"no storage backend handles {name}:// locations; installed schemes: "
            + (
                ", ".join(sorted({s for b in backends.values() for s in b.schemes}))
                or "none"
            )
        )
    suffix = Path(text).suffix.lower()
    if suffix and not Path(text).is_dir():
        for backend in backends.values():
            if suffix in backend.suffixes:
                return backend
        known = sorted({s for b in backends.values() for s in b.suffixes})
        raise UnknownPluginError(
            f"no storage backend reads {suffix} files"
            + (f"; known suffixes: {', '.join(known)}" if known else "")
            + "; a directory is read as a YAML store"
        )
    for backend in backends.values():
        if backend.directory:
            return backend
    raise UnknownPluginError(_("no storage backend handles directories"))


def open_store(
    location: str | os.PathLike[str],
    *,
    config: Config | None = None,
    manager: MunintlPluginManager | None = None,
) -> Store:
    """Return a store for ``location``, configured from its ``munintl.toml``.

    A directory or file location reads the ``munintl.toml`` in or beside it.
    A URI location (a database) has no folder of its own: its settings come
    from the ``munintl.toml`` (or ``pyproject.toml``) in the current
    directory, unless ``config`` is given and comes from a file or sets the
    backend's ``[plugins.<name>]`` table; the backend may take more from the
    URI itself and from environment variables.
    """
    from munintl.config import load_config
    from munintl.hooks.manager import get_plugin_manager

    manager = manager or get_plugin_manager()
    text = os.fspath(location)
    if "\x00" in text:
        raise StorageError(
            _("{location}: a location holds no NUL character").format(
                location=printable(text)
            )
        )
    with _system_refusal(text):
        return _open_store(
            text, config=config, manager=manager, load_config=load_config
        )


def _open_store(
    text: str,
    *,
    config: Config | None,
    manager: MunintlPluginManager,
    load_config: Callable[[str | Path | None], Config],
) -> Store:
    from munintl.config import is_uri

    backend = backend_for(text, manager)
    if is_uri(text):
        if config is None or (
            config.path is None and backend.name not in config.plugins
        ):
            config = load_config(Path.cwd())
    elif config is None:
        config = load_config(text)
    settings = config.plugin_settings(backend.name, backend.settings)
    return backend.factory(text, settings)


@contextmanager
def _system_refusal(location: str) -> Iterator[None]:
    """Turn the file system's refusal of ``location`` into a StorageError.

    A name longer than the system takes, a folder under ``/proc``, a parent
    that is a file: the caller reads the location and the system's reason.
    """
    try:
        yield
    except OSError as error:
        raise StorageError(
            _("{path}: the system refused: {reason}").format(
                path=clipped(printable(shown(location)), 120),
                reason=error.strerror or error,
            )
        ) from error


def load(
    location: str | os.PathLike[str],
    *,
    manager: MunintlPluginManager | None = None,
) -> Portfolio:
    """Load the portfolio at ``location``.

    Raises :class:`~munintl.errors.ValidationError` listing every structural
    problem with its file, line and field, and
    :class:`~munintl.errors.StorageError` if nothing is stored there.
    Semantic checks are separate: see :func:`munintl.validate`.
    """
    store = open_store(location, manager=manager)
    with _system_refusal(os.fspath(location)):
        if not store.exists():
            raise nothing_stored(store, location)
        return store.load()


def nothing_stored(store: Store, location: str | os.PathLike[str]) -> StorageError:
    """The error for ``location``, where ``store`` holds no portfolio.

    A store of many portfolios (a database) that holds others raises its
    own, naming the keys it holds and, for a deleted portfolio, its last
    revision; any other gets "no portfolio is stored here".
    """
    if "many" in store.capabilities and getattr(store, "keys", list)():
        store.load()  # raises what is missing, and what is there instead
    return StorageError(
        _("{location}: no portfolio is stored here").format(location=shown(location))
    )


def save(
    portfolio: Portfolio,
    location: str | os.PathLike[str],
    *,
    expected_revision: str | None = None,
    check: bool = True,
    manager: MunintlPluginManager | None = None,
) -> str | None:
    """Save ``portfolio`` to ``location``; return the store's new revision.

    With ``check`` (the default) the portfolio is validated first and
    nothing is written if any rule reports an error.
    """
    if not isinstance(portfolio, Portfolio):
        # Else the rules "crash" one by one on a string or None.
        raise TypeError(f"save() takes a Portfolio, not {type(portfolio).__name__}")
    store = open_store(location, manager=manager)
    if check:
        problems = errors_only(validate(portfolio, manager=manager))
        if problems:
            raise ValidationError(
                problems, summary=_("the portfolio is not valid; nothing was saved")
            )
    with _system_refusal(os.fspath(location)):
        return store.save(portfolio, expected_revision=expected_revision)
