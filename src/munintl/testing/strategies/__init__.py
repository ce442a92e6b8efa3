"""Hypothesis strategies for every class of the munintl model.

Each strategy builds objects that are valid by construction: ids are slugs,
dates are real partial dates of every precision, amounts are finite
:class:`~decimal.Decimal` values, and every :class:`~munintl.model.LocalizedText`
carries text that a YAML, JSON or TOML store can write and read back (no
lone surrogates, no control characters other than ``\\n``) while stressing
what such stores get wrong: non-ASCII letters, leading and trailing spaces,
``NO``, ``yes``, ``~``, ``null``, ``1e3``, ``": "``, ``#`` and newlines.

:func:`portfolios` builds whole portfolios whose references resolve: ids are
unique in each collection, theme and goal ids unique across strategies,
every reference names an existing entity, chains (parents, successors,
``supersedes``) do not loop, periods do not end before they start,
partnership events are in date order, a follow-up has one update per
subject and a submitted follow-up the fingerprint of its content.  Codes
come from the built-in codelists.  Portfolios stay small, so a storage
contract suite can save and load many of them quickly::

    from hypothesis import given
    from munintl.testing.strategies import portfolios

    @given(portfolios())
    def test_round_trip(portfolio):
        ...

Entity strategies take a :class:`References` saying which ids a reference
may name; without one they draw any slug (the references may dangle, which
is fine for the converter, not for validation).

The strategies are grouped by what they generate, one module per module of
:mod:`munintl.model`: :mod:`~munintl.testing.strategies.text`,
:mod:`~munintl.testing.strategies.dates`,
:mod:`~munintl.testing.strategies.values` (ids, money, codes),
:mod:`~munintl.testing.strategies.organisation`,
:mod:`~munintl.testing.strategies.strategy` (themes, goals),
:mod:`~munintl.testing.strategies.initiative`,
:mod:`~munintl.testing.strategies.partnership`,
:mod:`~munintl.testing.strategies.followup` and
:mod:`~munintl.testing.strategies.portfolio`, with
:mod:`~munintl.testing.strategies.references` for :class:`References`.
Import them from here.
"""

from __future__ import annotations

from munintl.testing.strategies import _base, dates, text, values
from munintl.testing.strategies.dates import (
    event_dates,
    partial_dates,
    periods,
    recurrences,
)
from munintl.testing.strategies.followup import (
    case_references,
    decisions,
    followups,
    status_updates,
    subject_refs,
)
from munintl.testing.strategies.initiative import (
    funding_lines,
    initiatives,
    participations,
    results,
)
from munintl.testing.strategies.organisation import (
    bodies,
    figures,
    former_names,
    members,
    municipalities,
    organisations,
)
from munintl.testing.strategies.partnership import (
    date_claims,
    parties,
    partnership_events,
    partnerships,
)
from munintl.testing.strategies.portfolio import (
    portfolios,
)
from munintl.testing.strategies.references import (
    References,
)
from munintl.testing.strategies.strategy import (
    adoptions,
    decision_rights,
    follow_up_rules,
    goals,
    indicators,
    measurements,
    strategies,
    strategy_documents,
    themes,
)
from munintl.testing.strategies.text import (
    language_tags,
    localized_texts,
    provenances,
    texts,
)
from munintl.testing.strategies.values import (
    code_items,
    code_refs,
    codelists,
    links,
    money,
    slugs,
    sources,
)

# Bound here rather than imported by name, so that the API reference (autodoc
# reads the "#:" comments of this module) describes them.

#: Settings for properties over big generated objects (portfolios, strategies,
#: follow-ups): few examples, no deadline, and no "too slow" health check, which
#: a busy CI machine would otherwise trip.  Use it as a parent:
#: ``@settings(BIG, max_examples=10)``.
BIG = _base.BIG

#: Codes of the built-in codelists, by scheme.
CODES = values.CODES

#: The first and last days a partial date can mean, and the decades at both
#: ends: every period may start or end at the edge of the calendar.
EDGE_DATES = dates.EDGE_DATES

#: Language tags a text may have; ``no`` (Norwegian) is a YAML 1.1 boolean.
LANGUAGES = text.LANGUAGES

#: Valid ids that YAML, file systems and spreadsheets like to misread:
#: YAML 1.1 booleans and nulls, numbers and timestamps, Windows device names.
TRICKY_IDS = values.TRICKY_IDS

#: Texts that stress YAML and other stores: type-looking scalars, indicators,
#: significant spaces, line breaks, non-ASCII letters, Markdown and HTML.
TRICKY_TEXTS = text.TRICKY_TEXTS

__all__ = [
    "BIG",
    "CODES",
    "EDGE_DATES",
    "LANGUAGES",
    "TRICKY_IDS",
    "TRICKY_TEXTS",
    "References",
    "adoptions",
    "bodies",
    "case_references",
    "code_items",
    "code_refs",
    "codelists",
    "date_claims",
    "decision_rights",
    "decisions",
    "event_dates",
    "figures",
    "follow_up_rules",
    "followups",
    "former_names",
    "funding_lines",
    "goals",
    "indicators",
    "initiatives",
    "language_tags",
    "links",
    "localized_texts",
    "measurements",
    "members",
    "money",
    "municipalities",
    "organisations",
    "partial_dates",
    "participations",
    "parties",
    "partnership_events",
    "partnerships",
    "periods",
    "portfolios",
    "provenances",
    "recurrences",
    "results",
    "slugs",
    "sources",
    "status_updates",
    "strategies",
    "strategy_documents",
    "subject_refs",
    "texts",
    "themes",
]
