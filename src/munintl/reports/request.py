"""What a report is asked for: the one object a report kind's builder receives."""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from pathlib import Path
from typing import TYPE_CHECKING

import attrs

if TYPE_CHECKING:
    from munintl.model import Codelist, Period


@attrs.frozen(kw_only=True)
class ReportRequest:
    """What a report is asked for: language, and a follow-up or a period and body.

    ``fallback`` is the chain of languages tried when a text is missing in
    ``language``.  ``codelists`` are the vocabularies codes are labelled
    with, by scheme: :func:`munintl.reporting.build` fills them from
    the plugin manager it is given, so a report made with an application's
    own manager uses that manager's codelists.  Left empty, codes are shown
    as they are.  ``on`` is the day the report is made as of: statuses of
    an overview or register are read on it (or at the end of ``period`` if
    that came first) and a draft is dated by it; None means today.  A
    submitted follow-up is dated by its own submission.  ``note_machine``
    makes the report say which texts are machine translations no person has
    reviewed yet.  ``labels`` are the portfolio's own words for labels in
    ``language`` (``[labels.<lang>]``), ``catalogs`` folders with catalogs
    for languages munintl does not ship, and ``label_fallback`` the one
    language (and locale) all labels, code names and dates are written in
    when ``language`` has no catalog.
    """

    language: str
    followup: str | None = None
    period: Period | None = None
    body: str | None = None
    include_internal: bool = False
    fallback: tuple[str, ...] = ()
    codelists: Mapping[str, Codelist] = attrs.field(factory=dict, eq=False, repr=False)
    on: dt.date | None = None
    note_machine: bool = True
    labels: Mapping[str, str] = attrs.field(factory=dict, eq=False, repr=False)
    catalogs: tuple[Path, ...] = ()
    label_fallback: str = "en-GB"
