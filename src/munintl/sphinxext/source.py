"""The portfolio a Sphinx build shows: loaded once, validated, its files known.

A build names its portfolio with ``munintl_portfolio`` (a path relative to
the ``conf.py``, or any store location).  :func:`open_source` loads it,
runs every validation rule and keeps the result for the rest of the build;
a portfolio with errors fails the build with the same
``file:line:col: path: message`` lines as ``munintl validate``.  The source
also says which file each entity comes from, so a page can declare what it
depends on and an incremental build re-reads only the pages an edit
touches.
"""

from __future__ import annotations

import os
from collections.abc import Iterator, Mapping, Sequence
from pathlib import Path
from typing import TYPE_CHECKING

import attrs

from munintl.errors import Finding, MunintlError
from munintl.i18n import _, ngettext

if TYPE_CHECKING:
    from munintl.config import Config
    from munintl.hooks.manager import MunintlPluginManager
    from munintl.hooks.protocols import Store
    from munintl.model import Codelist, Portfolio
    from munintl.reports.building import Localizer


class SiteError(MunintlError):
    """The portfolio of a Sphinx build cannot be shown (missing or invalid)."""


@attrs.frozen(kw_only=True, eq=False)
class Source:
    """A loaded, valid portfolio and what the build needs to show it."""

    location: str
    portfolio: Portfolio
    store: Store
    config: Config
    codelists: Mapping[str, Codelist]
    signature: tuple[tuple[str, int, int], ...]

    def file_of(self, path: str) -> str | None:
        """The file holding the entity at a portfolio path (``initiatives[x]``)."""
        located = self.store.locate(Finding(code="locate", message="", path=path))
        return located.file

    def localizer(self, language: str) -> Localizer:
        """A localizer for ``language`` with the portfolio's fallback chain."""
        from munintl.reports.building import Localizer

        return Localizer(
            language,
            self.config.fallback_for(language),
            codelists=self.codelists,
            default_language=self.portfolio.municipality.default_language,
        )


def _files(location: str) -> Iterator[Path]:
    path = Path(location)
    if path.is_dir():
        for root, dirs, names in os.walk(path):
            dirs[:] = sorted(d for d in dirs if not d.startswith((".", "_")))
            for name in sorted(names):
                if name.endswith((".yaml", ".yml", ".toml", ".json")):
                    yield Path(root) / name
    elif path.exists():
        yield path
        config = path.with_name("munintl.toml")
        if config.is_file():
            yield config


def signature(location: str) -> tuple[tuple[str, int, int], ...]:
    """What changes when any file of the portfolio changes: names, sizes, times."""
    out = []
    for file in _files(location):
        stat = file.stat()
        out.append((str(file), stat.st_size, stat.st_mtime_ns))
    return tuple(out)


_CACHE: dict[str, Source] = {}


def open_source(
    location: str, *, manager: MunintlPluginManager | None = None
) -> Source:
    """Load and validate the portfolio at ``location``, once per change.

    Raise :class:`SiteError` listing every problem when it cannot be
    loaded or does not validate; warnings do not stop a build.
    """
    from munintl.config import load_config
    from munintl.errors import ValidationError
    from munintl.hooks.manager import get_plugin_manager
    from munintl.storage import open_store
    from munintl.validation import errors_only, validate

    current = signature(location)
    cached = _CACHE.get(location)
    if cached is not None and cached.signature == current:
        return cached
    manager = manager or get_plugin_manager()
    try:
        config = load_config(location)
        store = open_store(location, config=config, manager=manager)
        if not store.exists():
            raise SiteError(
                _("{location}: no portfolio is stored here").format(location=location)
            )
        portfolio = store.load()
        errors = errors_only(validate(portfolio, config=config, manager=manager))
    except ValidationError as error:
        raise SiteError(_problems(location, error.findings)) from None
    if errors:
        raise SiteError(_problems(location, [store.locate(f) for f in errors]))
    source = Source(
        location=location,
        portfolio=portfolio,
        store=store,
        config=config,
        codelists=manager.codelists(),
        signature=current,
    )
    _CACHE[location] = source
    return source


def portfolio_location(confdir: str | os.PathLike[str], text: str) -> str:
    """The portfolio ``munintl_portfolio = text`` names, relative to ``confdir``.

    A store location (``scheme://``) or an absolute path is taken as given.
    """
    if "://" in text or Path(text).is_absolute():
        return text
    return str((Path(confdir) / text).resolve())


def _problems(location: str, findings: Sequence[Finding]) -> str:
    lines = "\n".join(f.format() for f in findings)
    count = len(findings)
    head = _(
        "the portfolio at {location} is not valid ({errors}); fix it and build"
        " again (munintl validate {location}):"
    ).format(
        location=location,
        errors=ngettext("{n} error", "{n} errors", count).format(n=count),
    )
    return f"{head}\n{lines}"
