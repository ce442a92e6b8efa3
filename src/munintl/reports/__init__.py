"""Reports: the format-neutral document that report kinds build and formats render."""

from munintl.reports.document import (
    Figure,
    Heading,
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
