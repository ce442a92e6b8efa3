"""The typed interfaces plugin factories return: the real API of each family.

A third-party plugin implements one of these protocols and returns an
instance of it from the factory on its registration record.  They are
:class:`typing.Protocol`\\ s: no base class to inherit, only methods to
provide.  ``munintl.testing`` holds a contract test suite per family.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import TYPE_CHECKING, Protocol, runtime_checkable

import attrs

from munintl.reports.request import ReportRequest

__all__ = [
    "CAPABILITIES",
    "Location",
    "ManyStore",
    "Renderer",
    "ReportBuilder",
    "ReportRequest",
    "Store",
    "TranslationEngine",
]

if TYPE_CHECKING:
    from munintl.errors import Finding
    from munintl.model import Portfolio
    from munintl.reports.document import ReportDocument

#: Capability flags a store may declare.
#: ``revisions``: ``save`` honours ``expected_revision``;
#: ``many``: the store holds several portfolios (see :class:`ManyStore`);
#: ``transactions``: a save is all or nothing;
#: ``locations``: ``locate`` maps field paths to file, line and column;
#: ``queries``: the store answers queries itself
#: (:class:`munintl.hooks.queries.QueryStore`);
#: ``history``: earlier revisions can be listed and loaded
#: (``history()`` and ``load_revision(revision)``).
CAPABILITIES = frozenset(
    {"revisions", "many", "transactions", "locations", "queries", "history"}
)


@attrs.frozen(kw_only=True)
class Location:
    """Where a value sits in a store's files: 1-based line and column."""

    file: str
    line: int | None = None
    column: int | None = None


@runtime_checkable
class Store(Protocol):
    """A storage backend's handle on one location.

    ``load`` raises :class:`~munintl.errors.ValidationError` for bad input,
    naming file, line and field, and :class:`~munintl.errors.StorageError`
    when the location cannot be read.  ``save`` validates everything before
    it writes anything, raises :class:`~munintl.errors.ConflictError` when
    ``expected_revision`` is given and no longer current, and returns the new
    revision.  A save that is interrupted leaves the old data, the new data,
    or a state the next ``load`` repairs.
    """

    location: str
    capabilities: frozenset[str]

    def load(self) -> Portfolio:
        """Read the whole portfolio."""
        ...

    def save(
        self, portfolio: Portfolio, *, expected_revision: str | None = None
    ) -> str | None:
        """Write the whole portfolio; return the new revision."""
        ...

    def revision(self) -> str | None:
        """A token that changes whenever the stored data changes (None if empty)."""
        ...

    def exists(self) -> bool:
        """Tell whether the location holds a portfolio."""
        ...

    def locate(self, finding: Finding) -> Finding:
        """Return ``finding`` with file, line and column filled in where known."""
        ...


@runtime_checkable
class ManyStore(Store, Protocol):
    """A store that holds many portfolios, keyed by municipality id."""

    def keys(self) -> list[str]:
        """The municipality ids of the stored portfolios."""
        ...

    def delete(self, key: str) -> None:
        """Remove one portfolio."""
        ...


@runtime_checkable
class Renderer(Protocol):
    """A report format: turns a report document into bytes."""

    def render(self, document: ReportDocument) -> bytes:
        """Render ``document``; never queries the model."""
        ...


@runtime_checkable
class TranslationEngine(Protocol):
    """A translator: texts in one language to texts in another, in batches.

    Each text is a fragment of HTML made from the Markdown subset of texts:
    ``<p>``, ``<em>``, ``<strong>``, ``<a href="...">``, ``<ul>``, ``<ol>``
    and ``<li>``.  Translate the words and keep every tag and attribute, as
    DeepL's ``tag_handling=html`` and LibreTranslate's ``format=html`` do;
    munintl writes the result back as Markdown.

    ``max_texts`` and ``max_characters`` bound one call of :meth:`translate`
    (one request to a service): munintl never passes more.  On failure raise
    :class:`~munintl.errors.TranslatorBusy` for what may pass (HTTP 429 with
    its ``Retry-After``, a 5xx, a timeout, a dropped connection) -- munintl
    waits and tries again, a bounded number of times -- and
    :class:`~munintl.errors.TranslatorError` for what will not (a bad key, a
    used-up quota, a refused language).  Run
    :class:`munintl.testing.translators.TranslatorContract` against it.
    """

    max_texts: int
    max_characters: int

    def translate(
        self,
        texts: Sequence[str],
        *,
        source: str,
        target: str,
        glossary: Mapping[str, str] | None = None,
    ) -> list[str]:
        """Translate every text; the result has one entry per input, in order.

        ``source`` and ``target`` are BCP 47 language tags (``da``, ``en``);
        ``glossary`` maps source terms to the target terms to use, for an
        engine that can apply a glossary (others ignore it).
        """
        ...


@runtime_checkable
class ReportBuilder(Protocol):
    """A report kind's builder: makes a format-neutral document from a portfolio.

    ``request.codelists`` holds the codelists of the plugin manager the
    report is made with; label codes with those, never with another
    manager's.
    """

    def build(self, portfolio: Portfolio, request: ReportRequest) -> ReportDocument:
        """Build the document for ``request``."""
        ...
