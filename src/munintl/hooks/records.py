"""Registration records: what each registration hook returns.

Records are frozen and carry *factories*, not instances, so listing plugins
imports nothing heavy: a format plugin imports python-docx inside its
factory, not at module level.
"""

from __future__ import annotations

import importlib.util
import re
from collections.abc import Callable, Iterable, Mapping
from typing import TYPE_CHECKING, Any

import attrs

from munintl.errors import Finding, MissingExtraError, Severity
from munintl.i18n import _

if TYPE_CHECKING:
    from munintl.config import Config
    from munintl.hooks.protocols import (
        Renderer,
        ReportBuilder,
        Store,
        TranslationEngine,
    )
    from munintl.model import Codelist, Portfolio

NAME = re.compile(r"^[a-z0-9][a-z0-9_.-]*$")
#: The longest description a record may give: it is one line of a listing.
MAX_DESCRIPTION = 500
#: What a one-line description may not hold: tabs, line breaks, the other
#: control characters (a terminal obeys ESC), lone surrogates, noncharacters.
_NOT_IN_A_LINE = re.compile(
    "[\x00-\x1f\x7f-\x9f\ud800-\udfff\ufdd0-\ufdef\ufffe\uffff]"
)


def _check_name(_instance: object, _attribute: object, value: str) -> None:
    if not NAME.match(value):
        raise ValueError(
            f"plugin record name {value!r} must be lower-case letters, digits,"
            " '-', '_' or '.'"
        )


def description_problem(value: object) -> str | None:
    """Say what is wrong with a record's ``description``; None if nothing.

    A description is a text of one line, at most :data:`MAX_DESCRIPTION`
    characters, shown in listings (``munintl plugins --describe``,
    ``report --list-formats``) and in JSON: a plugin's other value, a
    megabyte of text or an escape sequence for the terminal is refused.
    """
    if not isinstance(value, str):
        return _("its description is {kind}, not a text").format(
            kind=type(value).__name__
        )
    if len(value) > MAX_DESCRIPTION:
        return _(
            "its description is {length} characters long; at most {limit} fit"
            " on a line of a listing"
        ).format(length=len(value), limit=MAX_DESCRIPTION)
    found = _NOT_IN_A_LINE.search(value)
    if found is not None:
        return _(
            "its description holds U+{point:04X} at character {position}; write"
            " it on one line, without tabs or control characters"
        ).format(point=ord(found.group()), position=found.start() + 1)
    return None


def _check_description(_instance: object, _attribute: object, value: object) -> None:
    problem = description_problem(value)
    if problem is not None:
        raise ValueError(problem)


def _schemes(values: Iterable[str]) -> tuple[str, ...]:
    # A named converter: mypy cannot bind the type variable of ``tuple`` here.
    return tuple(values)


def _names(values: Iterable[str]) -> tuple[str, ...]:
    return tuple(values)


def _suffixes(values: Iterable[str]) -> tuple[str, ...]:
    return tuple(v if v.startswith(".") else f".{v}" for v in values)


@attrs.frozen(kw_only=True)
class PluginRecord:
    """Fields every registration record has.

    ``settings`` is an attrs class; when given, the ``[plugins.<name>]`` table
    of ``munintl.toml`` is structured into it (unknown keys are errors) and
    handed to the factory.
    """

    name: str = attrs.field(validator=_check_name)
    description: str = attrs.field(default="", validator=_check_description)
    settings: type | None = None

    @property
    def description_here(self) -> str:
        """The description in the language of the run.

        A plugin writes ``description`` in English, marked for extraction
        (``N_("...")``); it is looked up in munintl's catalogs and in the
        catalogs a plugin registers (``munintl.locales``), and stays as
        written where none translates it.
        """
        return _(self.description) if self.description else ""


@attrs.frozen(kw_only=True)
class StorageBackend(PluginRecord):
    """A place portfolios are kept: a YAML directory, a JSON file, a database.

    ``factory(location, settings)`` returns a :class:`~munintl.hooks.protocols.Store`.
    A location is chosen by URI scheme (``sqlite:///x.db`` → ``schemes=("sqlite",)``),
    by file suffix (``suffixes=(".json",)``), or, for ``directory=True``
    backends, by being a directory.
    """

    factory: Callable[[str, Any], Store]
    schemes: tuple[str, ...] = attrs.field(factory=tuple, converter=_schemes)
    suffixes: tuple[str, ...] = attrs.field(factory=tuple, converter=_suffixes)
    directory: bool = False


@attrs.frozen(kw_only=True)
class NeedsModules(PluginRecord):
    """A record whose plugin imports modules a plain install may lack.

    ``requires`` names the top-level modules the plugin's factory imports
    (``("docx", "typst")``), and ``install`` says how to get them (``pip
    install "munintl[docx]"``).  They are looked for without being imported,
    so listing plugins stays cheap: ``munintl plugins`` lists the plugin as
    needing an extra, and asking for it raises
    :class:`~munintl.errors.MissingExtraError` with ``install`` in its
    message instead of an ``ImportError``.
    """

    requires: tuple[str, ...] = attrs.field(factory=tuple, converter=_names)
    install: str | None = None

    def missing(self) -> tuple[str, ...]:
        """The modules of ``requires`` that are not installed (none imported)."""
        return tuple(name for name in self.requires if not _installed(name))

    def missing_message(self) -> str | None:
        """Say what is missing and how to install it; None if nothing is."""
        missing = self.missing()
        if not missing:
            return None
        from munintl.i18n import _

        how = self.install or _("install them")
        if isinstance(self, Translator):
            text = _(
                "the {name} translator needs the Python modules {modules}, which"
                " are not installed: {install}"
            )
        else:
            text = _(
                "the {format} format needs the Python modules {modules}, which are"
                " not installed: {install}"
            )
        return text.format(
            name=self.name, format=self.name, modules=", ".join(missing), install=how
        )

    def check_installed(self) -> None:
        """Raise :class:`~munintl.errors.MissingExtraError` if a module is missing."""
        message = self.missing_message()
        if message is not None:
            raise MissingExtraError(message)


@attrs.frozen(kw_only=True)
class ReportFormat(NeedsModules):
    """An output format for reports.

    ``factory(settings)`` returns a :class:`~munintl.hooks.protocols.Renderer`.
    ``suffixes`` let ``-o report.docx`` choose the format; ``requires`` and
    ``install`` are as in :class:`NeedsModules`.
    """

    factory: Callable[[Any], Renderer]
    suffixes: tuple[str, ...] = attrs.field(converter=_suffixes)
    media_type: str


def _installed(module: str) -> bool:
    """Tell whether ``module`` can be imported, without importing it."""
    try:
        return importlib.util.find_spec(module) is not None
    except (ImportError, ValueError):  # a parent package is missing or broken
        return False


@attrs.frozen(kw_only=True)
class Translator(NeedsModules):
    """A translator (a translation memory or a machine translation service).

    ``factory(settings)`` returns a
    :class:`~munintl.hooks.protocols.TranslationEngine`.

    ``languages`` limits the target languages it handles (None: any);
    ``requires`` and ``install`` are as in :class:`NeedsModules`.
    """

    factory: Callable[[Any], TranslationEngine]
    languages: frozenset[str] | None = None
    machine: bool = True


@attrs.frozen(kw_only=True)
class ReportKind(PluginRecord):
    """A kind of report.

    ``factory()`` returns a :class:`~munintl.hooks.protocols.ReportBuilder`.
    """

    factory: Callable[[], ReportBuilder]
    needs: tuple[str, ...] = attrs.field(factory=tuple, converter=tuple)


RuleCheck = Callable[["Portfolio", "RuleContext"], Iterable[Finding]]


@attrs.frozen(kw_only=True)
class Rule(PluginRecord):
    """A semantic validation rule.

    ``name`` is the rule's code (``dangling-reference``); ``check(portfolio,
    context)`` yields :class:`~munintl.errors.Finding`\\ s.  Findings the rule
    yields without a code or severity get the rule's.
    """

    check: RuleCheck
    severity: Severity = "error"

    @property
    def code(self) -> str:
        """The code findings of this rule carry (the rule's name)."""
        return self.name


@attrs.frozen(kw_only=True)
class RuleContext:
    """What a rule may consult besides the portfolio.

    ``codelists`` are every registered codelist by scheme; ``config`` the
    ``munintl.toml`` settings (or defaults).
    """

    codelists: Mapping[str, Codelist]
    config: Config
    rule: Rule | None = None

    @property
    def settings(self) -> Any:
        """The running rule's ``[plugins.<code>]`` settings (None without a class)."""
        assert self.rule is not None
        return self.config.plugin_settings(self.rule.name, self.rule.settings)

    def finding(
        self, message: str, path: str = "", *, severity: Severity | None = None
    ) -> Finding:
        """Make a finding carrying the running rule's code and severity."""
        assert self.rule is not None
        return Finding(
            code=self.rule.code,
            message=message,
            path=path,
            severity=severity or self.rule.severity,
        )
