"""The built-in ``register`` report kind: one row per initiative and partnership.

The document is built by :class:`.builder.RegisterBuilder`,
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
    """Build the register report kind with the registered codelists."""
    from munintl.plugins.kinds.register.builder import RegisterBuilder

    return RegisterBuilder()


@hookimpl
def munintl_report_kinds() -> list[ReportKind]:
    """Register the register of initiatives and partnerships."""
    return [
        ReportKind(
            name="register",
            description=N_(
                "One row per initiative and partnership with its key fields,"
                " for spreadsheets"
            ),
            factory=make_builder,
        )
    ]
