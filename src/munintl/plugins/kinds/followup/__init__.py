"""The built-in ``followup`` report kind: the yearly follow-up to a political body.

The document is built by :class:`.builder.FollowUpBuilder`,
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
    """Build the follow-up report kind with the registered codelists."""
    from munintl.plugins.kinds.followup.builder import FollowUpBuilder

    return FollowUpBuilder()


@hookimpl
def munintl_report_kinds() -> list[ReportKind]:
    """Register the yearly follow-up report."""
    return [
        ReportKind(
            name="followup",
            description=N_(
                "The follow-up to a political body: for a follow-up record, or a"
                " draft for a period and body"
            ),
            factory=make_builder,
        )
    ]
