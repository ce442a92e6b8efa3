"""Build and render reports: the API behind ``munintl.render`` and ``munintl report``.

:func:`build` asks a report kind for the format-neutral document;
:func:`render` also turns it into bytes with a report format::

    import munintl

    portfolio = munintl.load("examples/skanderborg")
    data = munintl.render(
        portfolio, kind="followup", format="docx", lang="da",
        followup="opfoelgning-2011",
    )

Settings come from the portfolio's ``munintl.toml`` (pass it as
``config``): the fallback chain per language, the default kind, each
format's ``[plugins.<format>]`` table and the ``[templates]`` a
municipality uses instead of the built-in ones.  Keyword ``settings`` and
``template`` override them for one call.

A report is made only from a portfolio that passes validation: one with
errors raises :class:`~munintl.errors.ValidationError` listing them,
unless ``allow_invalid=True``, which makes the report with a notice at
its top that says so and a table of the problems.  Validate once and pass
the ``findings`` to make several reports without validating each time::

    findings = munintl.validate(portfolio)
    for lang in ("da", "en"):
        munintl.render(portfolio, format="pdf", lang=lang, period=2011,
                       findings=findings)
"""

from __future__ import annotations

import datetime as dt
import os
from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any

import attrs

from munintl.config import Config
from munintl.errors import (
    Finding,
    MissingExtraError,
    ReportError,
    UnknownPluginError,
    ValidationError,
)
from munintl.i18n import _, ngettext, primary, translations
from munintl.model import Period
from munintl.reports.document import Block, Heading, Paragraph, Table
from munintl.reports.request import ReportRequest

if TYPE_CHECKING:
    from munintl.hooks.manager import MunintlPluginManager
    from munintl.hooks.records import ReportFormat, ReportKind
    from munintl.model import Portfolio
    from munintl.reports.document import ReportDocument

#: The report kind made when none is asked for or configured.
DEFAULT_KIND = "followup"

#: The settings field through which a format takes a template file.
TEMPLATE_FIELD = "template"


def _manager(manager: MunintlPluginManager | None) -> MunintlPluginManager:
    if manager is not None:
        return manager
    from munintl.hooks.manager import get_plugin_manager

    return get_plugin_manager()


def report_kind(name: str, manager: MunintlPluginManager | None = None) -> ReportKind:
    """Return the report kind ``name``.

    Raise :class:`~munintl.errors.UnknownPluginError` if there is none.
    """
    record: ReportKind = _manager(manager).get("report-kind", name)
    return record


def report_format(
    name: str | os.PathLike[str], manager: MunintlPluginManager | None = None
) -> ReportFormat:
    """Return the report format named ``name``, or the one for a file's suffix.

    ``"docx"``, ``".docx"`` and ``"out/report.docx"`` all give the DOCX
    format.  Raise :class:`~munintl.errors.UnknownPluginError` naming the
    installed formats when none fits.
    """
    formats = _manager(manager).report_formats()
    text = os.fspath(name)
    if text in formats:
        return formats[text]
    suffix = Path(text).suffix.lower() or (
        text.lower() if text.startswith(".") else f".{text.lower()}"
    )
    for record in formats.values():
        if suffix in record.suffixes:
            return record
    known = ", ".join(
        f"{n} ({' '.join(r.suffixes)})" for n, r in sorted(formats.items())
    )
    raise UnknownPluginError(
        f"no report format named {text!r} or writing {suffix} files; installed:"
        f" {known or 'none'}"
    )


def _period(value: Period | int | None) -> Period | None:
    if value is None or isinstance(value, Period):
        return value
    if isinstance(value, bool) or not isinstance(value, int):
        raise ReportError(f"a period is a Period or a year, not {value!r}")
    return Period.year(value)


def request_for(
    portfolio: Portfolio,
    *,
    lang: str | None = None,
    followup: str | None = None,
    period: Period | int | None = None,
    body: str | None = None,
    include_internal: bool = False,
    config: Config | None = None,
    on: dt.date | None = None,
    manager: MunintlPluginManager | None = None,
) -> ReportRequest:
    """Make the :class:`~munintl.hooks.protocols.ReportRequest` for a report.

    ``lang`` defaults to the first configured language, else the
    municipality's.  A bare language is written in one locale throughout,
    ``[report] locales`` in ``config`` or
    :data:`~munintl.config.DEFAULT_LOCALES`: English as ``en-GB`` unless
    configured (``en-US`` asks for American English).  The fallback chain
    comes from ``config`` and the codelists that label codes from
    ``manager`` (the process-wide plugin manager when None).  ``on`` is the
    day the report is made as of (default today).
    """
    config = config or Config()
    language = lang or (
        config.languages[0]
        if config.languages
        else portfolio.municipality.default_language
    )
    return ReportRequest(
        language=config.report.locale_for(language),
        followup=followup,
        period=_period(period),
        body=body,
        include_internal=include_internal,
        fallback=config.fallback_for(language),
        codelists=_manager(manager).codelists(),
        on=on or dt.date.today(),
        note_machine=config.translation.note_machine,
        labels=config.labels.get(primary(language), {}),
        catalogs=config.catalog_folders,
        label_fallback=config.report.locale_for(config.label_fallback),
    )


def validation_errors(
    portfolio: Portfolio,
    findings: Sequence[Finding] | None = None,
    *,
    config: Config | None = None,
    manager: MunintlPluginManager | None = None,
) -> list[Finding]:
    """Return the errors among ``findings``, or among a fresh validation if None."""
    if findings is None:
        from munintl.validation import validate

        findings = validate(portfolio, config=config, manager=_manager(manager))
    return [finding for finding in findings if finding.severity == "error"]


def invalid_data_blocks(language: str, errors: Sequence[Finding]) -> list[Block]:
    """Return the notice and table that mark a report made from invalid data.

    The notice is a ``note`` paragraph in the report's language; the table
    lists every error with its file and line where known, so spreadsheet
    formats (which show only tables) carry it too, as their first sheet or
    table.
    """
    words = translations(language.replace("_", "-").split("-")[0].lower())
    count = len(errors)
    notice = words.ngettext(
        "This report was made from data that did not pass validation: {count}"
        " error, listed below. Facts in it may be wrong; correct the data"
        " before the report is sent.",
        "This report was made from data that did not pass validation: {count}"
        " errors, listed below. Facts in it may be wrong; correct the data"
        " before the report is sent.",
        count,
    ).format(count=count)
    rows = []
    for finding in errors:
        where = finding.file or ""
        if finding.file and finding.line is not None:
            where += f":{finding.line}"
        rows.append((where, finding.path, f"{finding.message} [{finding.code}]"))
    return [
        Paragraph(text=notice, style="note"),
        Table(
            title=words.gettext("Problems found by validation"),
            columns=(
                words.gettext("File"),
                words.gettext("Field"),
                words.gettext("Problem"),
            ),
            rows=tuple(rows),
        ),
    ]


def _mark_invalid(
    document: ReportDocument, errors: Sequence[Finding]
) -> ReportDocument:
    blocks = list(document.blocks)
    at = 1 if blocks and isinstance(blocks[0], Heading) else 0
    blocks[at:at] = invalid_data_blocks(document.metadata.language, errors)
    return attrs.evolve(document, blocks=tuple(blocks))


def build(
    portfolio: Portfolio,
    *,
    kind: str | None = None,
    lang: str | None = None,
    followup: str | None = None,
    period: Period | int | None = None,
    body: str | None = None,
    include_internal: bool = False,
    config: Config | None = None,
    generated_at: dt.datetime | None = None,
    allow_invalid: bool = False,
    findings: Sequence[Finding] | None = None,
    on: dt.date | None = None,
    manager: MunintlPluginManager | None = None,
) -> ReportDocument:
    """Build the format-neutral document of a report.

    ``kind`` is a registered report kind (``followup``, ``overview``,
    ``register``; default: ``[report] kind`` in the config, else
    ``followup``).  A follow-up report takes ``followup`` (an id) *or*
    ``period`` (a :class:`~munintl.model.Period` or a year) with an optional
    ``body``.  ``generated_at`` dates a draft; a submitted follow-up is
    always dated by its submission, so it builds the same document every
    time.  Internal items stay out unless ``include_internal``.

    ``on`` is the day the report is made as of (default today): an overview
    or register reads statuses on it (or at the end of ``period`` if that
    came first) and says so, and a draft is dated by it, so the same data
    and ``on`` give the same document.  A submitted follow-up is dated by
    its submission and reads its own period, whatever ``on`` is; a
    follow-up that covers no fixed period reads the subjects it names as
    of its own date (:attr:`~munintl.model.FollowUp.as_of`), or as of
    ``on`` while it is a draft without one.

    The portfolio is validated first (or ``findings`` are taken as its
    validation, when given).  With errors, no report is made unless
    ``allow_invalid``: then the report opens with a notice that its data
    did not pass validation and a table of the errors.

    Raise :class:`~munintl.errors.ValidationError` listing the errors of a
    portfolio that is not valid, :class:`~munintl.errors.ReportError` for a
    request the kind cannot meet and
    :class:`~munintl.errors.UnknownPluginError` for an unknown kind.
    """
    config = config or Config()
    record = report_kind(kind or config.report.kind or DEFAULT_KIND, manager)
    errors = validation_errors(portfolio, findings, config=config, manager=manager)
    if errors and not allow_invalid:
        raise ValidationError(
            errors,
            summary=ngettext(
                "the portfolio has {count} error, so no report was made; correct"
                " it, or pass allow_invalid=True for a report marked as made from"
                " invalid data",
                "the portfolio has {count} errors, so no report was made; correct"
                " them, or pass allow_invalid=True for a report marked as made"
                " from invalid data",
                len(errors),
            ).format(count=len(errors)),
        )
    request = request_for(
        portfolio,
        lang=lang,
        followup=followup,
        period=period,
        body=body,
        include_internal=include_internal,
        config=config,
        on=on,
        manager=manager,
    )
    document = record.factory().build(portfolio, request)
    if errors:
        document = _mark_invalid(document, errors)
    if generated_at is not None:
        named = portfolio.followup(followup) if followup else None
        if named is None or not named.is_frozen:
            document = attrs.evolve(
                document,
                metadata=attrs.evolve(document.metadata, generated_at=generated_at),
            )
    return document


def format_settings(
    record: ReportFormat,
    config: Config | None = None,
    settings: Mapping[str, Any] | None = None,
    template: str | os.PathLike[str] | None = None,
) -> Any:
    """Return the settings object for a format, or None if it takes none.

    Start from ``[plugins.<format>]``, take ``[templates] <format>`` as its
    ``template`` unless the table sets one, then apply ``settings`` and
    ``template``.  Paths from a ``munintl.toml`` are relative to it and must
    stay inside its folder (:meth:`~munintl.config.Config.resolve_path`);
    ``settings`` and ``template`` come from the caller and may name any
    file.  Raise :class:`~munintl.errors.ValidationError` for settings the
    format does not accept or a path that leaves the folder, and
    :class:`~munintl.errors.ReportError` for a template given to a format
    that takes none.
    """
    config = config or Config()
    fields = (
        {field.name for field in attrs.fields(record.settings)}
        if record.settings is not None and attrs.has(record.settings)
        else set()
    )
    paths = {TEMPLATE_FIELD} & fields
    table = config.plugin_table(record.name, record.settings, files=paths)
    if paths and TEMPLATE_FIELD not in table and record.name in config.templates:
        table[TEMPLATE_FIELD] = config.resolve_path(
            ("templates", record.name), config.templates[record.name], file=True
        )
    table.update(settings or {})
    if template is not None:
        if TEMPLATE_FIELD not in fields:
            raise ReportError(
                _("the {name} format takes no template").format(name=record.name)
            )
        table[TEMPLATE_FIELD] = os.fspath(template)
    if record.settings is None:
        if table:
            raise ReportError(
                f"the {record.name} format takes no settings, but was given: "
                + ", ".join(sorted(table))
            )
        return None
    return config.plugin_settings(record.name, record.settings, table=table)


def render_document(
    document: ReportDocument,
    *,
    format: str,
    config: Config | None = None,
    settings: Mapping[str, Any] | None = None,
    template: str | os.PathLike[str] | None = None,
    manager: MunintlPluginManager | None = None,
) -> bytes:
    """Render a built document with the report format ``format``.

    Raise :class:`~munintl.errors.MissingExtraError`, saying what to
    install, when the format needs a library that is not installed.
    """
    record = report_format(format, manager)
    return _render_with(record, document, config, settings, template)


def _render_with(
    record: ReportFormat,
    document: ReportDocument,
    config: Config | None,
    settings: Mapping[str, Any] | None,
    template: str | os.PathLike[str] | None,
) -> bytes:
    record.check_installed()
    try:
        renderer = record.factory(format_settings(record, config, settings, template))
        return renderer.render(document)
    except ModuleNotFoundError as error:
        # A module the record did not declare, or one found but broken.
        name = (error.name or "").split(".")[0]
        if name and name in record.requires:
            raise MissingExtraError(
                record.missing_message() or f"{error}: {record.install or ''}"
            ) from error
        raise


def render(
    portfolio: Portfolio,
    *,
    kind: str | None = None,
    format: str,
    lang: str | None = None,
    followup: str | None = None,
    period: Period | int | None = None,
    body: str | None = None,
    include_internal: bool = False,
    config: Config | None = None,
    settings: Mapping[str, Any] | None = None,
    template: str | os.PathLike[str] | None = None,
    generated_at: dt.datetime | None = None,
    allow_invalid: bool = False,
    findings: Sequence[Finding] | None = None,
    on: dt.date | None = None,
    manager: MunintlPluginManager | None = None,
) -> bytes:
    """Render a report to bytes: :func:`build`, then the format ``format``.

    ``format`` is a format name (``docx``, ``pdf``, ``html``, ``markdown``,
    ``xlsx``, ``csv``, ``json``) or a file suffix or name (``.docx``,
    ``report.docx``).  ``settings`` override the format's
    ``[plugins.<format>]`` table and ``template`` its template file (a
    Jinja2 template for HTML and Markdown, a reference document for DOCX).
    See :func:`build` for the rest.  Raise
    :class:`~munintl.errors.MissingExtraError`, naming the extra to install
    (``pip install "munintl[docx]"``), before anything is built when the
    format needs a library that is not installed.
    """
    record = report_format(format, manager)
    record.check_installed()
    document = build(
        portfolio,
        kind=kind,
        lang=lang,
        followup=followup,
        period=period,
        body=body,
        include_internal=include_internal,
        config=config,
        generated_at=generated_at,
        allow_invalid=allow_invalid,
        findings=findings,
        on=on,
        manager=manager,
    )
    return _render_with(record, document, config, settings, template)
