"""The shape every built-in report kind shares.

A kind is a :class:`~munintl.plugins.protocols.ReportBuilder`: it keeps the
codelists it labels codes with and, for each request, makes one builder
object that assembles one document.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Protocol

from munintl.reports.localize import registered_codelists

if TYPE_CHECKING:
    from munintl.model import Codelist, Portfolio
    from munintl.plugins.protocols import ReportRequest
    from munintl.reports.document import ReportDocument


class DocumentBuilder(Protocol):
    """One document being built for one request."""

    def document(self) -> ReportDocument:
        """Assemble the document."""
        ...


class KindReport:
    """Base of the built-in report kinds.

    ``codelists`` default to the registered ones.  Subclasses say which
    builder assembles their document in :meth:`builder`.
    """

    def __init__(self, codelists: Mapping[str, Codelist] | None = None) -> None:
        self.codelists = codelists

    def builder(
        self,
        portfolio: Portfolio,
        request: ReportRequest,
        codelists: Mapping[str, Codelist],
    ) -> DocumentBuilder:
        """Return the object that builds this kind's document for ``request``."""
        raise TypeError(f"{type(self).__name__} does not name its builder")

    def build(self, portfolio: Portfolio, request: ReportRequest) -> ReportDocument:
        """Build the document for ``request``."""
        codelists = registered_codelists(self.codelists)
        return self.builder(portfolio, request, codelists).document()
