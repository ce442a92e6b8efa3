"""The hooks a munintl plugin implements.

Every hook here is a *registration* hook: it takes no arguments and returns
an iterable of records (:mod:`munintl.hooks.records`).  munintl calls each
hook once per plugin manager and caches the result, so a hook should do no
work beyond building its records -- import heavy libraries inside the
factories, not at module level.

A plugin is a module (or any object) with functions decorated with
:data:`munintl.hookimpl`, registered through the ``munintl`` entry-point
group::

    # pyproject.toml of munintl-example
    [project.entry-points.munintl]
    example = "munintl_example.plugin"
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import TYPE_CHECKING

from munintl.hooks.markers import hookspec

if TYPE_CHECKING:
    from munintl.hooks.records import (
        ReportFormat,
        ReportKind,
        Rule,
        StorageBackend,
        Translator,
    )
    from munintl.model import Codelist


@hookspec
def munintl_storage_backends() -> Iterable[StorageBackend]:  # type: ignore[empty-body]
    """Register places portfolios can be stored.

    Return :class:`~munintl.hooks.records.StorageBackend` records.  A
    location string is matched against each backend's ``schemes``
    (``sqlite:///x.db``), then ``suffixes`` (``x.json``), then, for a
    directory, the backend with ``directory=True``.  The factory takes the
    location and the backend's settings and returns a
    :class:`~munintl.hooks.protocols.Store`; run
    :class:`munintl.testing.storage.StoreContract` against it.

    Example::

        @munintl.hookimpl
        def munintl_storage_backends():
            return [StorageBackend(name="memory", schemes=("memory",),
                                   factory=MemoryStore)]
    """


@hookspec
def munintl_report_formats() -> Iterable[ReportFormat]:  # type: ignore[empty-body]
    """Register output formats for reports (Markdown, HTML, DOCX, PDF, ...).

    Return :class:`~munintl.hooks.records.ReportFormat` records.  The
    factory takes the format's settings and returns a
    :class:`~munintl.hooks.protocols.Renderer`, which turns a
    :class:`~munintl.reports.document.ReportDocument` into bytes without
    looking at the model.  ``suffixes`` let ``-o report.docx`` pick the format.
    """


@hookspec
def munintl_translators() -> Iterable[Translator]:  # type: ignore[empty-body]
    """Register translators (translation memories, machine translation services).

    Return :class:`~munintl.hooks.records.Translator` records.  The factory
    takes the translator's settings -- an API key is read from the
    environment variable the settings name, never from ``munintl.toml`` --
    and returns a :class:`~munintl.hooks.protocols.TranslationEngine` that
    translates batches of texts.
    """


@hookspec
def munintl_rules() -> Iterable[Rule]:  # type: ignore[empty-body]
    """Register semantic validation rules.

    Return :class:`~munintl.hooks.records.Rule` records, each with a code
    (its ``name``), a severity and a ``check(portfolio, context)`` that yields
    :class:`~munintl.errors.Finding`\\ s.  Rules run after a portfolio is
    structured, so they see model objects; ``context`` gives the codelists
    and configuration.  A municipality adds its own house rules this way.
    """


@hookspec
def munintl_codelists() -> Iterable[Codelist]:  # type: ignore[empty-body]
    """Register vocabularies: new codelists, or more codes for open ones.

    Return :class:`~munintl.model.Codelist` objects.  A codelist whose
    ``scheme`` is already registered and open is extended with the new
    codes; a closed codelist cannot be extended.
    """


@hookspec
def munintl_report_kinds() -> Iterable[ReportKind]:  # type: ignore[empty-body]
    """Register kinds of report (yearly follow-up, strategy overview, register).

    Return :class:`~munintl.hooks.records.ReportKind` records.  The factory
    returns a :class:`~munintl.hooks.protocols.ReportBuilder` that builds a
    format-neutral :class:`~munintl.reports.document.ReportDocument` from a
    portfolio and a :class:`~munintl.hooks.protocols.ReportRequest`.
    """
