"""The built-in ``overview`` report kind: the whole strategy in one document.

The document is built by :class:`.builder.OverviewBuilder`,
imported when a report is made, not when plugins are listed.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from munintl.hooks import hookimpl
from munintl.hooks.records import ReportKind
from munintl.i18n import N_

if TYPE_CHECKING:
    from munintl.hooks.protocols import ReportBuilder


def make_builder() -> ReportBuilder:
    """Build the overview report kind with the registered codelists."""
    from munintl.plugins.kinds.overview.builder import OverviewBuilder

    return OverviewBuilder()


@hookimpl
def munintl_report_kinds() -> list[ReportKind]:
    """Register the strategy overview report."""
    return [
        ReportKind(
            name="overview",
            description=N_(
                "The whole strategy: vision, principles, themes and goals,"
                " initiatives by theme, partnerships with their history, organisation"
            ),
            factory=make_builder,
        )
    ]
