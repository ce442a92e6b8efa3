"""Earlier revisions of a portfolio: name them, list them, compare them.

A store with the ``history`` capability (the database stores) keeps every
saved revision.  A location names one of them with a suffix after the
portfolio's key:

* ``sqlite:///portal.db#aarhus@3`` -- revision 3;
* ``sqlite:///portal.db#aarhus@-1`` -- the revision before the current
  one (``@-2`` the one before that, ...);
* ``sqlite:///portal.db#aarhus@followup-2024`` -- the revision the
  follow-up ``followup-2024`` was made from, as :func:`submit_in`
  recorded it when the follow-up was submitted.

The suffix goes after the key (a key never holds ``@``), so it never
mixes with a user name in the URL; for a database's only portfolio, write
its key.  Without a suffix a location names the current revision, and any
location -- a YAML directory, a JSON file -- can be compared with any
other (:func:`diff`).
"""

from __future__ import annotations

import datetime as dt
import os
import re
from typing import TYPE_CHECKING, Any

import attrs

from munintl.errors import StorageError
from munintl.followups import submit
from munintl.i18n import _
from munintl.storage import shown
from munintl.storage.dispatch import nothing_stored
from munintl.storage.revisions import SUFFIX, resolve
from munintl.wire.diff import Change, diff_data, summarise

if TYPE_CHECKING:
    from munintl.hooks.manager import MunintlPluginManager
    from munintl.hooks.protocols import Store
    from munintl.model import PartialDate, Portfolio

__all__ = [
    "Change",
    "HistoryEntry",
    "diff",
    "history",
    "load_at",
    "split_revision",
    "submit_in",
]

_SUFFIX = re.compile(rf"^(?P<base>[^#]*#[^#@]+)@(?P<revision>{SUFFIX})$")


#: A database location ending in what looks like a revision but no key.
_KEYLESS = re.compile(rf"^[a-z+]+://[^#]*/[^/#@]+@({SUFFIX})$")


def split_revision(location: str | os.PathLike[str]) -> tuple[str, str | None]:
    """Split ``LOCATION#KEY@REVISION`` into the location and the revision.

    >>> split_revision("sqlite:///portal.db#aarhus@3")
    ('sqlite:///portal.db#aarhus', '3')
    >>> split_revision("postgresql://editor@db.example.org/portal#aarhus")
    ('postgresql://editor@db.example.org/portal#aarhus', None)
    """
    text = os.fspath(location)
    match = _SUFFIX.match(text) if "://" in text else None
    if match is None:
        return text, None
    return match["base"], match["revision"]


@attrs.frozen(kw_only=True)
class HistoryEntry:
    """One revision in :func:`history`: when, by whom, and what it changed.

    ``changes`` counts what changed from the revision before, per part of
    the portfolio (``{"initiatives": {"added": 1}}``); the first revision
    counts everything as added.
    """

    revision: str
    saved_at: dt.datetime
    saved_by: str | None
    current: bool
    deleted: bool
    changes: dict[str, dict[str, int]]

    def summary(self) -> str:
        """The changes in words: ``initiatives: 1 added, 2 changed; themes: ...``."""
        words = {"added": _("added"), "removed": _("removed"), "changed": _("changed")}
        parts = []
        for part in sorted(self.changes):
            counts = self.changes[part]
            said = ", ".join(
                f"{counts[kind]} {words[kind]}" for kind in words if kind in counts
            )
            parts.append(f"{part}: {said}")
        return "; ".join(parts) or _("no change")


def _open(location: str, manager: MunintlPluginManager | None) -> Store:
    from munintl.storage import open_store

    return open_store(location, manager=manager)


def _with_history(store: Store, location: str) -> Any:
    if "history" not in store.capabilities or not hasattr(store, "load_revision"):
        raise StorageError(
            _(
                "{location}: this store keeps no earlier revisions; only a"
                " database store (sqlite://, postgresql://) does"
            ).format(location=shown(location))
        )
    return store


def load_at(
    location: str | os.PathLike[str], *, manager: MunintlPluginManager | None = None
) -> Portfolio:
    """Load the portfolio at ``location``, at the revision its suffix names.

    Raises :class:`~munintl.errors.StorageError` for a revision that is not
    there, a follow-up that records none, or a suffix on a store that
    keeps no history.
    """
    base, revision = split_revision(location)
    store = _open(base, manager)
    if revision is None:
        try:
            return store.load()
        except StorageError as error:
            # sqlite:///p.db@3 is the file "p.db@3", which is not there.
            if not _KEYLESS.match(base):
                raise
            raise StorageError(
                _(
                    "{error}; a revision is written after the portfolio's key, as"
                    " in sqlite:///portal.db#aarhus@3"
                ).format(error=error)
            ) from None
    keeper = _with_history(store, base)
    found: Portfolio = keeper.load_revision(_resolve(keeper, base, revision))
    return found


def _resolve(store: Any, location: str, revision: str) -> str:
    """The revision number ``revision`` (a number, ``-N`` or a follow-up id) names."""
    return resolve(store, shown(location), revision)


def history(
    location: str | os.PathLike[str], *, manager: MunintlPluginManager | None = None
) -> list[HistoryEntry]:
    """Every revision of the portfolio at ``location``, oldest first, with changes."""
    from munintl.wire.convert import unstructure

    base, _revision = split_revision(location)
    store = _with_history(_open(base, manager), base)
    revisions = store.history()
    if not revisions:
        raise nothing_stored(store, base)
    entries = []
    before: Any = {}
    for info in revisions:
        data = unstructure(store.load_revision(info.revision))
        entries.append(
            HistoryEntry(
                revision=info.revision,
                saved_at=info.saved_at,
                saved_by=info.saved_by,
                current=info.current,
                deleted=info.deleted,
                changes=summarise(diff_data(before, data)),
            )
        )
        before = data
    return entries


def diff(
    old: str | os.PathLike[str],
    new: str | os.PathLike[str],
    *,
    manager: MunintlPluginManager | None = None,
) -> list[Change]:
    """Every change from the portfolio at ``old`` to the one at ``new``.

    Either may carry a revision suffix; the two may be in different stores.
    """
    from munintl.wire.convert import unstructure

    return diff_data(
        unstructure(load_at(old, manager=manager)),
        unstructure(load_at(new, manager=manager)),
    )


def submit_in(
    location: str | os.PathLike[str],
    followup_id: str,
    on: PartialDate | dt.date,
    *,
    manager: MunintlPluginManager | None = None,
) -> str | None:
    """Submit the follow-up ``followup_id`` of the portfolio at ``location``.

    The follow-up records the store's revision it was made from (see
    :func:`munintl.followups.submit`); the portfolio is saved only if no
    one saved it since it was read (else
    :class:`~munintl.errors.ConflictError`).  Returns the new revision.
    """
    store = _open(os.fspath(location), manager)
    revision = store.revision()
    portfolio = store.load()
    if "revisions" in store.capabilities and hasattr(store, "loaded_revision"):
        revision = store.loaded_revision
    followup = portfolio.followup(followup_id)
    if followup is None:
        raise StorageError(
            _("{location}: there is no follow-up {name!r}").format(
                location=shown(location), name=followup_id
            )
        )
    sent = submit(followup, on, revision=revision)
    changed = attrs.evolve(
        portfolio,
        followups=tuple(
            sent if f.id == followup_id else f for f in portfolio.followups
        ),
    )
    return store.save(changed, expected_revision=revision)
