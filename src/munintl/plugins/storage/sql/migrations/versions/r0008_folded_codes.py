"""Match keys hold identifiers' codes folded (:func:`munintl.model.matching.fold_code`).

A partner recorded with ``wikidata: q1707`` (or `` Q1707 ``, or full-width
digits) was another municipality than one whose code is ``Q1707``: a
shared scheme with different codes.  Codes are now compared without
spaces, in capitals, a digit of any script as its ASCII digit.  The
tables keep their shape; the upgrade refills every portfolio's derived
rows from its document (:func:`munintl.plugins.storage.sql.migrate.refill`),
which writes the codes of ``match_keys`` folded.

Revision ID: 0008
Revises: 0007
"""

from __future__ import annotations

revision = "0008"
down_revision = "0007"
branch_labels = None
depends_on = None


def upgrade() -> None:
    """Nothing to change in the tables: the refill after it folds the codes."""


def downgrade() -> None:
    """Nothing to change back (for development)."""
