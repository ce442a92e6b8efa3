"""Helpers for report builders: texts, labels, dates, money, timelines.

A report kind turns model objects into the blocks of a
:class:`~munintl.reports.document.ReportDocument`, all in one language.
This module gathers what the built-in kinds use, for a kind of your own:

* :class:`Localizer` translates (``munintl.reports.building.localize``):
  content in the report language, else along the fallback chain, recording
  every text shown in another language so the report can say so
  (:meth:`Localizer.fallback_blocks`); labels through the library's
  gettext catalogs (``Localizer._``; mark label strings for extraction with
  :func:`N_` where they are defined away from the call); code labels from
  the registered codelists; dates and amounts through Babel, amounts per
  currency, never summed across currencies;
* texts in the Markdown subset become paragraphs and lists
  (``munintl.reports.building.blocks``);
* visibility and what a report covers (``munintl.reports.building.scope``),
  names, titles, partners and funding as text
  (``munintl.reports.building.describe``) and the pieces the kinds share
  (``munintl.reports.building.sections``);
* the timeline helpers turn initiatives and partnerships into the bars and
  events of a :class:`~munintl.reports.document.Timeline` figure
  (``munintl.reports.building.timeline``).
"""

from munintl.errors import ReportError
from munintl.reports.building.base import Assembly, BaseReportBuilder
from munintl.reports.building.blocks import (
    ParagraphStyle,
    fact,
    labelled,
    strong,
    text_blocks,
)
from munintl.reports.building.describe import (
    amounts_of,
    body_name,
    body_names,
    event_date,
    event_what,
    funding_lines,
    initiative_period,
    initiative_title,
    marked,
    municipality_name,
    partners,
    partnership_end,
    partnership_since,
    partnership_status,
    party_name,
    recurrence_text,
    subject_title,
    theme_title,
)
from munintl.reports.building.localize import (
    BUILTIN_LABELS,
    N_,
    FallbackUse,
    Localizer,
    Resolved,
    localizer_for,
)
from munintl.reports.building.scope import (
    initiatives_in,
    is_visible,
    partnerships_in,
    report_day,
    report_time,
    status_day,
    strategy_for,
)
from munintl.reports.building.sections import (
    ITEMS_MARKED,
    about_municipality,
    body_changes_table,
    day_as_datetime,
    description_blocks,
    funding_table,
    generated_now,
    partnership_facts,
    title_notes,
)
from munintl.reports.building.timeline import (
    TimelineItem,
    TimelinePoint,
    timeline_figure,
    timeline_section,
)

__all__ = [
    "BUILTIN_LABELS",
    "ITEMS_MARKED",
    "N_",
    "Assembly",
    "BaseReportBuilder",
    "FallbackUse",
    "Localizer",
    "ParagraphStyle",
    "ReportError",
    "Resolved",
    "TimelineItem",
    "TimelinePoint",
    "about_municipality",
    "amounts_of",
    "body_changes_table",
    "body_name",
    "body_names",
    "day_as_datetime",
    "description_blocks",
    "event_date",
    "event_what",
    "fact",
    "funding_lines",
    "funding_table",
    "generated_now",
    "initiative_period",
    "initiative_title",
    "initiatives_in",
    "is_visible",
    "labelled",
    "localizer_for",
    "marked",
    "municipality_name",
    "partners",
    "partnership_end",
    "partnership_facts",
    "partnership_since",
    "partnership_status",
    "partnerships_in",
    "party_name",
    "recurrence_text",
    "report_day",
    "report_time",
    "status_day",
    "strategy_for",
    "strong",
    "subject_title",
    "text_blocks",
    "theme_title",
    "timeline_figure",
    "timeline_section",
    "title_notes",
]
