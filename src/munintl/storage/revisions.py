"""Name a revision of a portfolio: a number, ``-N`` back, or a follow-up's id.

A location names an earlier revision with a suffix after the portfolio's
key (``sqlite:///portal.db#aarhus@3``, ``...#aarhus@-1``,
``...#aarhus@opfoelgning-2024``); :func:`resolve` turns the suffix into
the revision number, for :mod:`munintl.history` and for the database
stores, which read such a location (read-only) in every command.
"""

from __future__ import annotations

import re
from typing import Any

from munintl.errors import StorageError
from munintl.i18n import _

#: What a revision suffix may be.  At most 18 digits: every such number
#: fits a database's 64-bit integer; a longer one is no revision.
SUFFIX = r"-?[0-9]{1,18}|[a-z][a-z0-9-]*"
_SUFFIX = re.compile(SUFFIX)


def is_suffix(text: str) -> bool:
    """Tell whether ``text`` (what follows ``@``) can name a revision."""
    return _SUFFIX.fullmatch(text) is not None


def resolve(store: Any, location: str, revision: str) -> str:
    """The revision number ``revision`` (a number, ``-N`` or a follow-up id) names.

    ``store`` keeps history (``history()``, ``load()``); ``location`` is
    the portfolio's location as messages show it.  ``-N`` counts back over
    every revision, one a delete ended too.  Raises
    :class:`~munintl.errors.StorageError` for a revision that is not there
    or a follow-up that records none.
    """
    if revision.isascii() and revision.isdecimal():
        return revision
    if revision.startswith("-"):
        numbers = [entry.revision for entry in store.history()]
        back = int(revision[1:])
        if back >= len(numbers):
            raise StorageError(
                _(
                    "{location}: there is no revision {back} before the current one;"
                    " it has {count} revisions"
                ).format(location=location, back=back, count=len(numbers))
            )
        return str(numbers[-1 - back])
    portfolio = store.load()
    followup = portfolio.followup(revision)
    if followup is None:
        raise StorageError(
            _(
                "{location}: no revision and no follow-up is named {name!r};"
                " write a revision number (@3), @-1 for the one before the"
                " current one, or a follow-up's id"
            ).format(location=location, name=revision)
        )
    if followup.source_revision is None:
        raise StorageError(
            _(
                "{location}: the follow-up {name!r} records no revision it was made"
                " from (it was not submitted with munintl.history.submit_in)"
            ).format(location=location, name=revision)
        )
    return str(followup.source_revision)
