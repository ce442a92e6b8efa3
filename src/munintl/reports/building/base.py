"""The base of the built-in report builders.

A report kind's factory returns a builder
(:class:`~munintl.hooks.protocols.ReportBuilder`): an object whose ``build``
turns a portfolio and a :class:`~munintl.reports.request.ReportRequest`
into a :class:`~munintl.reports.document.ReportDocument`.  The built-in
builders share this base: for each request it makes one *assembly*, the
object that puts together one document in one language.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, ClassVar, Protocol

import attrs

from munintl._compat import renamed

if TYPE_CHECKING:
    from munintl.model import Codelist, Portfolio
    from munintl.reports.document import ReportDocument
    from munintl.reports.request import ReportRequest


class Assembly(Protocol):
    """One document being put together for one request."""

    def document(self) -> ReportDocument:
        """Assemble the document."""
        ...


class BaseAssembly:
    """The start of every built-in assembly: portfolio, request, localizer.

    The localizer speaks the request's language with its codelists.
    Subclasses add what their kind needs and implement ``document``.
    """

    def __init__(
        self,
        portfolio: Portfolio,
        request: ReportRequest,
        codelists: Mapping[str, Codelist],
    ) -> None:
        from munintl.reports.building.localize import localizer_for

        self.portfolio = portfolio
        self.request = request
        self.loc = localizer_for(portfolio, request, codelists)


class AssemblyType(Protocol):
    """What makes an assembly: usually the assembly's class."""

    def __call__(
        self,
        portfolio: Portfolio,
        request: ReportRequest,
        codelists: Mapping[str, Codelist],
        /,
    ) -> Assembly:
        """Start the assembly of one document."""
        ...


class BaseReportBuilder:
    """Base of the built-in report builders.

    Codes are labelled with ``codelists`` when given, else with the
    request's (which :func:`munintl.reporting.build` fills from the
    plugin manager it was given).  Subclasses name the class that puts their
    document together in :attr:`assembly_type` (or override :meth:`assembly`).
    """

    #: Makes the assembly of one document: ``(portfolio, request, codelists)``.
    assembly_type: ClassVar[AssemblyType | None] = None

    def __init__(self, codelists: Mapping[str, Codelist] | None = None) -> None:
        self.codelists = codelists

    def assembly(
        self,
        portfolio: Portfolio,
        request: ReportRequest,
        codelists: Mapping[str, Codelist],
    ) -> Assembly:
        """Return the object that assembles this kind's document for ``request``."""
        if self.assembly_type is None:
            raise TypeError(f"{type(self).__name__} does not name its assembly")
        return self.assembly_type(portfolio, request, codelists)

    def build(self, portfolio: Portfolio, request: ReportRequest) -> ReportDocument:
        """Build the document for ``request``."""
        codelists = self.codelists if self.codelists is not None else request.codelists
        assembly = self.assembly(portfolio, request, codelists)
        document = assembly.document()
        loc: Any = getattr(assembly, "loc", None)
        if loc is not None and hasattr(loc, "mark_languages"):
            # Names and titles shown in a fallback language, marked as such.
            document = loc.mark_languages(document)
        fell_back = loc is not None and getattr(loc, "words_fell_back", False)
        if fell_back and document.metadata.words_language is None:
            # munintl's words are in the label fallback: the renderers' too.
            metadata = attrs.evolve(
                document.metadata, words_language=loc.catalog_language
            )
            document = attrs.evolve(document, metadata=metadata)
        return document


__getattr__ = renamed(
    __name__,
    {"KindReport": "BaseReportBuilder", "DocumentBuilder": "Assembly"},
    globals(),
)
