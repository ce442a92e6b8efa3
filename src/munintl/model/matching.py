"""Matching keys: how one portfolio's partner is told to be another's municipality.

Two municipalities' portfolios name each other in their own words: Aarhus
records ``kiel`` as an organisation, Kiel's own portfolio has the id
``landeshauptstadt-kiel``.  :func:`organisation_keys` and
:func:`municipality_keys` reduce each side to a set of keys, and
:func:`same_municipality` compares the sets:

* a shared identifier of the same scheme decides (``wikidata: Q1748`` on
  both); a shared scheme with different codes is another municipality,
  whatever the names say.  Codes are compared as :func:`fold_code` writes
  them, so ``q1748``, `` Q1748 `` and ``Q１７４８`` (full-width digits) are
  the same code -- a slip in writing one (which ``munintl validate``
  reports) does not make a partner another municipality;
* without a scheme in common, the same id, or the same name (any
  language, an organisation's aliases and former names too, compared
  without case, accents or punctuation) does.

The keys are plain strings, so a database can store them in a column
with an index and compare them with ``=`` (the database stores' table
``match_keys``); Python and SQL then judge alike.
"""

from __future__ import annotations

import hashlib
import re
import unicodedata
from typing import TYPE_CHECKING

import attrs

if TYPE_CHECKING:
    from munintl.model.organisation import Municipality, Organisation
    from munintl.model.portfolio import Portfolio

__all__ = [
    "MAX_KEY",
    "MatchKeys",
    "fold",
    "fold_code",
    "municipality_keys",
    "organisation_keys",
    "partner_keys",
    "same_municipality",
]

_NOT_LETTERS = re.compile(r"[\W_]+")

#: The longest key kept as it is, in UTF-8 bytes; a longer one is kept as
#: its SHA-256 digest, which is equal exactly when the text is.
MAX_KEY = 200


def fold(name: str) -> str:
    """A name as compared for look-alikes: lower case, no accents, letters only."""
    decomposed = unicodedata.normalize("NFKD", name.casefold())
    plain = "".join(c for c in decomposed if not unicodedata.combining(c))
    return _NOT_LETTERS.sub("", plain)


def fold_code(code: str) -> str:
    """An identifier's code as compared: no spaces, upper case, one form of digits.

    NFKC unifies compatibility forms (full-width ``１`` is ``1``), and a
    digit of any script is its ASCII digit (Arabic-Indic ``١`` is ``1``);
    every scheme's codes are written in capitals where they have letters
    (``Q1748``, ``DK-82``, ``DK042``, ``E06000001``).
    """
    folded = "".join(unicodedata.normalize("NFKC", code).split()).upper()
    if folded.isascii():
        return folded
    return "".join(
        str(unicodedata.decimal(c)) if unicodedata.category(c) == "Nd" else c
        for c in folded
    )


def _fold_scheme(scheme: str) -> str:
    return "".join(unicodedata.normalize("NFKC", scheme).split()).casefold()


def _bounded(text: str) -> str:
    raw = text.encode("utf-8", "surrogatepass")
    if len(raw) <= MAX_KEY:
        return text
    return "sha256:" + hashlib.sha256(raw).hexdigest()


@attrs.frozen
class MatchKeys:
    """One side's keys: ``codes`` (scheme, code) and ``others`` ("id"/"name", value).

    A scheme is case-folded, a code :func:`fold_code`-d, a name
    :func:`fold`-ed.  A municipality has at most one code per scheme.
    """

    codes: frozenset[tuple[str, str]]
    others: frozenset[tuple[str, str]]


def _others(ident: str, names: set[str]) -> frozenset[tuple[str, str]]:
    found = {("id", _bounded(ident))}
    found.update(("name", _bounded(name)) for name in names if name)
    return frozenset(found)


def organisation_keys(organisation: Organisation) -> MatchKeys:
    """The keys of a partner ``organisation`` as one portfolio records it."""
    names = {
        fold(text)
        for value in (
            organisation.name,
            *(former.name for former in organisation.former_names),
        )
        for text in value.values.values()
    } | {fold(alias) for alias in organisation.aliases}
    return MatchKeys(
        codes=frozenset(
            (_bounded(_fold_scheme(scheme)), _bounded(fold_code(code)))
            for scheme, code in organisation.identifiers.items()
        ),
        others=_others(organisation.id, names),
    )


def municipality_keys(municipality: Municipality) -> MatchKeys:
    """The keys of a portfolio's own ``municipality``."""
    # One code per scheme: of two spellings of a scheme, the last one given.
    codes = {
        _fold_scheme(scheme): fold_code(code)
        for scheme, code in municipality.codes.items()
    }
    return MatchKeys(
        codes=frozenset(
            (_bounded(scheme), _bounded(code)) for scheme, code in codes.items()
        ),
        others=_others(
            municipality.id, {fold(text) for text in municipality.name.values.values()}
        ),
    )


def same_municipality(party: MatchKeys, municipality: MatchKeys) -> bool:
    """Tell whether a partner with keys ``party`` is the ``municipality``.

    No scheme both have may hold different codes, and some key must be
    the same (see the module's notes).
    """
    theirs = dict(municipality.codes)
    if any(scheme in theirs and theirs[scheme] != code for scheme, code in party.codes):
        return False
    return bool(party.codes & municipality.codes or party.others & municipality.others)


def partner_keys(portfolio: Portfolio) -> dict[str, MatchKeys]:
    """The keys of every organisation ``portfolio``'s partnerships name as a party.

    By party id, in the order the partnerships first name them; a party
    that is no organisation of the portfolio (the municipality itself, a
    body) has none.
    """
    found: dict[str, MatchKeys] = {}
    for partnership in portfolio.partnerships:
        for party in partnership.party_ids():
            organisation = portfolio.organisation(party)
            if party not in found and organisation is not None:
                found[party] = organisation_keys(organisation)
    return found
