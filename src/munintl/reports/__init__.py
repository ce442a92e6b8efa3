"""Reports: the format-neutral document that report kinds build and formats render."""

from munintl.reports.document import (
    Figure,
    Heading,
    LanguageRun,
    ListBlock,
    Metadata,
    Paragraph,
    ReportDocument,
    Table,
    Timeline,
    TimelineBar,
    TimelineCount,
    TimelineEvent,
)

__all__ = [
    "Figure",
    "Heading",
    "LanguageRun",
    "ListBlock",
    "Metadata",
    "Paragraph",
    "ReportDocument",
    "Table",
    "Timeline",
    "TimelineBar",
    "TimelineCount",
    "TimelineEvent",
]
