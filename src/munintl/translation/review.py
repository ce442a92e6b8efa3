"""Marking machine translations as reviewed by a person.

A machine translation is ``machine`` in :func:`munintl.translation.status`
until a person has read it; :func:`review` marks it ``reviewed`` (with who
and when), after which reports no longer note it as unreviewed.  A stale
machine translation cannot be reviewed: it translates a text that has
changed since.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable

import attrs

from munintl.errors import Finding
from munintl.i18n import _
from munintl.model import PartialDate, Portfolio
from munintl.translation.texts import apply_translations, by_path

__all__ = ["ReviewResult", "review"]


@attrs.frozen
class ReviewResult:
    """The portfolio with the reviews set, the paths reviewed, and what was not."""

    portfolio: Portfolio
    reviewed: tuple[str, ...]
    problems: tuple[Finding, ...]


def _problem(path: str, message: str) -> Finding:
    return Finding(code="review", message=message, severity="warning", path=path)


def review(
    portfolio: Portfolio,
    language: str,
    paths: Iterable[str] | None = None,
    *,
    reviewer: str | None = None,
    today: dt.date | None = None,
) -> ReviewResult:
    """Mark the machine translations into ``language`` at ``paths`` as reviewed.

    ``paths`` None means every machine translation into ``language`` not yet
    reviewed.  A path that names no text, no machine translation or a stale
    one is not reviewed and is listed in ``problems``.
    """
    entries = by_path(portfolio)
    wanted = (
        [
            path
            for path, entry in entries.items()
            if entry.state(language) == "machine" and not entry.frozen
        ]
        if paths is None
        else list(dict.fromkeys(paths))
    )
    date = PartialDate.from_date(today or dt.date.today())
    updates = {}
    problems = []
    for path in wanted:
        entry = entries.get(path)
        state = entry.state(language) if entry is not None else None
        if entry is None:
            problems.append(_problem(path, _("the portfolio has no text here")))
        elif entry.frozen:
            problems.append(
                _problem(
                    path,
                    _(
                        "the text belongs to a submitted follow-up, which must stay"
                        " as the body received it"
                    ),
                )
            )
        elif state == "stale":
            problems.append(
                _problem(
                    path,
                    _(
                        "the machine translation is stale (its source text has"
                        " changed); translate it again before reviewing it"
                    ),
                )
            )
        elif state != "machine":
            problems.append(
                _problem(
                    path,
                    _(
                        "the {language} text is not an unreviewed machine translation"
                    ).format(language=language),
                )
            )
        else:
            provenance = entry.text.provenance[language]
            reviewed = attrs.evolve(
                provenance,
                review="reviewed",
                translator=reviewer or provenance.translator,
                date=date,
            )
            updates[(path, language)] = (entry.text.values[language], reviewed)
    return ReviewResult(
        portfolio=apply_translations(portfolio, updates),
        reviewed=tuple(path for path, _language in updates),
        problems=tuple(problems),
    )
