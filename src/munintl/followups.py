"""Submitting a follow-up, and telling whether it is still as submitted.

Once a follow-up is submitted to its body it is frozen: rendering it again
next year must give the same document.  :func:`submit` records a
*fingerprint* of its content; :func:`is_intact` (and the
``followup-not-intact`` validation rule) compare the content with it later.

The fingerprint covers everything in the follow-up except what legitimately
changes after submission: its ``state`` (submitted, then noted or decided),
the ``submitted`` date, the ``fingerprint`` itself and the ``decisions`` the
body takes on it.

>>> from munintl.model import FollowUp, PartialDate, Period
>>> draft = FollowUp(id="followup-2024", period=Period.year(2024), addressee="council")
>>> sent = submit(draft, on=PartialDate.parse("2025-03-04"))
>>> sent.state, is_intact(sent)
('submitted', True)
"""

from __future__ import annotations

import datetime as dt

import attrs

from munintl.errors import MunintlError
from munintl.i18n import _
from munintl.model import FollowUp, PartialDate
from munintl.wire.convert import fingerprint

__all__ = ["FollowUpStateError", "content_fingerprint", "is_intact", "submit"]


class FollowUpStateError(MunintlError):
    """A follow-up is not in the state the operation needs (e.g. submitted twice)."""


def content_fingerprint(followup: FollowUp) -> str:
    """Fingerprint the content of ``followup`` that submission freezes.

    State, submission date, stored fingerprint, source revision and
    decisions are left out, so noting or deciding a submitted follow-up
    keeps it intact.
    """
    frozen = attrs.evolve(
        followup,
        state="draft",
        submitted=None,
        fingerprint=None,
        source_revision=None,
        decisions=(),
    )
    return fingerprint(frozen)


def submit(
    followup: FollowUp, on: PartialDate | dt.date, *, revision: str | None = None
) -> FollowUp:
    """Return a copy of the draft ``followup``, submitted ``on`` the given day.

    The copy has state ``submitted``, the submission date, the fingerprint
    of its content and, given a store's ``revision`` (``store.revision()``
    of the store it was loaded from), that revision as ``source_revision``:
    :func:`munintl.history.submit_in` records it for you.  Raise
    :class:`FollowUpStateError` if the follow-up is not a draft: a
    submitted follow-up is frozen, so set its state back to ``draft`` first
    if it really must change.
    """
    if followup.state != "draft":
        raise FollowUpStateError(
            _(
                "follow-up {id!r} is already {state}; only a draft can be submitted"
                " (set its state back to draft to change and resubmit it)"
            ).format(id=followup.id, state=followup.state)
        )
    day = on if isinstance(on, PartialDate) else PartialDate.from_date(on)
    return attrs.evolve(
        followup,
        state="submitted",
        submitted=day,
        fingerprint=content_fingerprint(followup),
        source_revision=revision,
    )


def is_intact(followup: FollowUp) -> bool:
    """Tell whether ``followup`` is unchanged since it was submitted.

    A draft is always intact (it is not frozen yet); a submitted, noted or
    decided follow-up is intact when it carries a fingerprint and its
    content still matches it.
    """
    if followup.state == "draft":
        return True
    return followup.fingerprint is not None and followup.fingerprint == (
        content_fingerprint(followup)
    )
