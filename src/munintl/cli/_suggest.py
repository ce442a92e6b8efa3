"""Did-you-mean hints for a mistyped name: a command, report kind, format or suffix.

One helper for the whole command line, matching names the way the
converter matches misspelt keys (:mod:`difflib`, the same cutoff), but
ignoring case and a suffix's dot, so ``HTML`` finds ``html`` and ``.jsn``
finds ``.json`` while ``.xml`` finds nothing.
"""

from __future__ import annotations

import difflib
from collections.abc import Iterable

from munintl.i18n import _

#: How alike two names must be to be suggested (``difflib``'s ratio).
CUTOFF = 0.6


def _fold(name: str) -> str:
    # A suffix's dot is in every choice and would make short suffixes look
    # alike (".xml" and ".toml"); case says nothing either.
    return name.casefold().lstrip(".")


def closest(word: str, choices: Iterable[str]) -> str | None:
    """Return the choice most like ``word``, or None when none is close."""
    by_folded: dict[str, str] = {}
    for choice in sorted(set(choices)):
        by_folded.setdefault(_fold(choice), choice)
    matches = difflib.get_close_matches(
        _fold(word), list(by_folded), n=1, cutoff=CUTOFF
    )
    return by_folded[matches[0]] if matches else None


def did_you_mean(
    word: str, choices: Iterable[str], installed: str | None = None
) -> str:
    """Return a hint for the choice closest to ``word``, to follow a message.

    Without ``installed`` the hint is ``; did you mean 'x'?`` or ``""``;
    with it, the hint also lists what is installed::

        _("no report kind named '{name}'{hint}").format(
            name=word, hint=did_you_mean(word, kinds, ", ".join(kinds))
        )
    """
    match = closest(word, choices)
    if installed is None:
        if match is None:
            return ""
        return _("; did you mean '{match}'?").format(match=match)
    if match is None:
        return _("; installed: {installed}").format(installed=installed)
    return _("; did you mean '{match}'? Installed: {installed}").format(
        match=match, installed=installed
    )
