"""The plugin manager: built-ins, entry points, records by family.

:func:`get_plugin_manager` builds the manager on first use (never at import
time) and caches it.  Built-in plugins are the modules in
:data:`DEFAULT_PLUGINS`; external ones come from the ``munintl`` entry-point
group.  Two environment variables control what loads:

``MUNINTL_LOAD_PLUGINS``
    Comma-separated allow-list of external plugins (entry-point or
    distribution names).  Unset: all.  Empty: none.
``MUNINTL_DISABLE_PLUGINS``
    Comma-separated block-list; built-ins included (by module path, such as
    ``munintl.plugins.storage.yaml_dir``, or its last part, ``yaml_dir``).

A plugin that fails to import is reported in one line and skipped; so is a
hook that raises or returns anything but a list of valid records (only that
hook's contribution is left out, and ``munintl plugins`` shows the error).
``MUNINTL_STRICT_PLUGINS=1`` makes either an error instead: at start-up for
an import, in the command that needs the hook for a hook.
"""

from __future__ import annotations

import contextlib
import functools
import importlib
import importlib.metadata
import logging
import os
import re
from collections.abc import Callable, Iterable, Mapping
from typing import TYPE_CHECKING, Any, Literal, TypeVar, cast

import attrs
import pluggy

from munintl._version import version as munintl_version
from munintl.errors import (
    Finding,
    PluginConflictError,
    PluginError,
    PluginLoadError,
    UnknownPluginError,
    ValidationError,
)
from munintl.hooks import specs as hookspecs
from munintl.hooks.markers import ENTRY_POINT_GROUP, PROJECT
from munintl.hooks.records import NAME as RECORD_NAME
from munintl.hooks.records import (
    NeedsModules,
    PluginRecord,
    ReportFormat,
    ReportKind,
    Rule,
    StorageBackend,
    Translator,
    description_problem,
)
from munintl.i18n import _, current_language
from munintl.model import Codelist

if TYPE_CHECKING:
    from munintl.config import Config

log = logging.getLogger("munintl.plugins")

#: The built-in plugins, registered in this order before any external one.
DEFAULT_PLUGINS: tuple[str, ...] = (
    "munintl.plugins.storage.yaml_dir",
    "munintl.plugins.storage.json_file",
    "munintl.plugins.storage.toml_file",
    "munintl.plugins.storage.sql",
    "munintl.plugins.codelists",
    "munintl.plugins.rules.references",
    "munintl.plugins.rules.dates",
    "munintl.plugins.rules.partnerships",
    "munintl.plugins.rules.sources",
    "munintl.plugins.rules.text",
    "munintl.plugins.rules.lines",
    "munintl.plugins.kinds.followup",
    "munintl.plugins.kinds.overview",
    "munintl.plugins.kinds.register",
    "munintl.plugins.formats.markdown",
    "munintl.plugins.formats.html",
    "munintl.plugins.formats.docx",
    "munintl.plugins.formats.pdf",
    "munintl.plugins.formats.xlsx",
    "munintl.plugins.formats.csv",
    "munintl.plugins.formats.json",
    "munintl.plugins.translators.deepl",
    "munintl.plugins.translators.libretranslate",
)

Family = Literal[
    "storage", "report-format", "translator", "rule", "codelist", "report-kind"
]

#: Each family: its hook and the record type its hook returns.  The one list
#: of plugin families; everything that goes over the families reads it.
FAMILIES: dict[str, tuple[str, type]] = {
    "storage": ("munintl_storage_backends", StorageBackend),
    "report-format": ("munintl_report_formats", ReportFormat),
    "translator": ("munintl_translators", Translator),
    "rule": ("munintl_rules", Rule),
    "codelist": ("munintl_codelists", Codelist),
    "report-kind": ("munintl_report_kinds", ReportKind),
}

#: The families whose records are named plugins with settings (all but codelists).
RECORD_FAMILIES: tuple[str, ...] = tuple(
    family for family, (_hook, record) in FAMILIES.items() if record is not Codelist
)

R = TypeVar("R")

#: What an entry point's name may be: it is how ``MUNINTL_DISABLE_PLUGINS``
#: and ``MUNINTL_LOAD_PLUGINS`` (comma-separated) name the plugin.
PLUGIN_NAME = re.compile(r"^[A-Za-z0-9][A-Za-z0-9_.-]*\Z")


def _shown(value: object) -> str:
    """Show a value a plugin returned, briefly, for a one-line message."""
    try:
        text = repr(value)
    except Exception:  # noqa: BLE001 - a broken __repr__ is the plugin's problem
        return "(which cannot be shown)"
    text = " ".join(text.split())
    return text if len(text) <= 40 else text[:37] + "..."


def _moved_to(name: str) -> str | None:
    """Where a built-in plugin module named ``name`` before 0.2 lives now."""
    from munintl._compat import MOVED

    full = name if name.startswith("munintl.") else f"munintl.plugins.{name}"
    return MOVED.get(full)


def _env_list(name: str) -> list[str] | None:
    value = os.environ.get(name)
    if value is None:
        return None
    return [part.strip() for part in value.split(",") if part.strip()]


@attrs.frozen(kw_only=True)
class PluginInfo:
    """What ``munintl plugins`` shows about one plugin."""

    name: str
    source: Literal["builtin", "entry point", "registered"]
    package: str | None = None
    version: str | None = None
    status: Literal["active", "disabled", "failed", "needs extra"] = "active"
    error: str | None = None
    provides: dict[str, tuple[str, ...]] = attrs.field(factory=dict, hash=False)
    #: family → name → what the plugin says it is, in the language of the run
    #: (only the names that have a description).
    descriptions: dict[str, dict[str, str]] = attrs.field(factory=dict, hash=False)

    def one_line(self) -> str:
        """The one-line report of a failed plugin."""
        origin = f" from {self.package} {self.version}" if self.package else ""
        return (
            f'munintl: plugin "{self.name}"{origin} failed to load: {self.error}'
            f" (MUNINTL_DISABLE_PLUGINS={self.name} to silence)"
        )


class MunintlPluginManager(pluggy.PluginManager):
    """A pluggy manager that knows munintl's plugin families.

    Build one with :func:`get_plugin_manager`, or for tests with
    ``MunintlPluginManager()`` followed by :meth:`load_builtins`.
    """

    def __init__(
        self,
        *,
        strict: bool | None = None,
        allow: Iterable[str] | None = None,
        disable: Iterable[str] | None = None,
    ) -> None:
        super().__init__(PROJECT)
        self.add_hookspecs(hookspecs)
        env_strict = os.environ.get("MUNINTL_STRICT_PLUGINS", "") not in ("", "0")
        self.strict = env_strict if strict is None else strict
        allowed = _env_list("MUNINTL_LOAD_PLUGINS") if allow is None else list(allow)
        self.allow: set[str] | None = None if allowed is None else set(allowed)
        disabled = (
            _env_list("MUNINTL_DISABLE_PLUGINS") if disable is None else list(disable)
        )
        self.disabled: set[str] = set(disabled or ())
        self.infos: dict[str, PluginInfo] = {}
        self._records: dict[str, dict[str, Any]] = {}
        self._collected: dict[str, list[tuple[str, Any]]] = {}
        # What each plugin's failed hooks raised: {plugin: {hook: message}}.
        self._hook_errors: dict[str, dict[str, str]] = {}
        self._warned: set[tuple[str, str, str]] = set()

    # -- loading -------------------------------------------------------------

    def _is_disabled(self, *names: str | None) -> bool:
        for name in names:
            if not name:
                continue
            if name in self.disabled or name.rsplit(".", 1)[-1] in self.disabled:
                return True
            # Built-ins are also disabled by the module names they had before 0.2.
            if any(
                _moved_to(old) == name for old in self.disabled if old not in self.infos
            ):
                return True
        return False

    def load_builtins(self, modules: Iterable[str] = DEFAULT_PLUGINS) -> None:
        """Register the built-in plugin modules that are not disabled."""
        version = munintl_version()
        for module_name in modules:
            if self._is_disabled(module_name):
                self.infos[module_name] = PluginInfo(
                    name=module_name,
                    source="builtin",
                    package="munintl",
                    version=version,
                    status="disabled",
                )
                continue
            module = importlib.import_module(module_name)
            self.register(module, name=module_name)
            self.infos[module_name] = PluginInfo(
                name=module_name, source="builtin", package="munintl", version=version
            )

    def load_entrypoints(self, group: str = ENTRY_POINT_GROUP) -> None:
        """Register external plugins from the ``munintl`` entry-point group.

        A plugin that fails to import is logged in one line and skipped, or
        raised as :class:`~munintl.errors.PluginLoadError` in strict mode.
        """
        for entry_point in importlib.metadata.entry_points(group=group):
            dist = entry_point.dist
            package = dist.metadata["Name"] if dist is not None else None
            version = dist.version if dist is not None else None
            info = PluginInfo(
                name=entry_point.name,
                source="entry point",
                package=package,
                version=version,
            )
            if self._is_disabled(entry_point.name, package) or (
                self.allow is not None
                and entry_point.name not in self.allow
                and package not in self.allow
            ):
                self.infos[entry_point.name] = attrs.evolve(info, status="disabled")
                continue
            if not PLUGIN_NAME.match(entry_point.name):
                self._load_failed(
                    info,
                    f"the plugin name {entry_point.name!r} is not valid: use"
                    " letters, digits, '-', '_' or '.', starting with a letter or"
                    " digit",
                )
                continue
            if entry_point.name in self.infos:
                raise PluginConflictError(
                    f"two plugins are named {entry_point.name!r}:"
                    f" {self._provider(entry_point.name)} and {package} {version};"
                    f" disable one with MUNINTL_DISABLE_PLUGINS={entry_point.name}"
                )
            try:
                plugin = entry_point.load()
                self.register(plugin, name=entry_point.name)
            except (Exception, SystemExit) as error:  # noqa: BLE001 - reported, or raised when strict
                self._load_failed(info, f"{type(error).__name__}: {error}", error)
                continue
            self.infos[entry_point.name] = info

    def _load_failed(
        self, info: PluginInfo, error: str, cause: BaseException | None = None
    ) -> None:
        """Record that the plugin of ``info`` failed to load; raise if strict."""
        failed = attrs.evolve(info, status="failed", error=error)
        self.infos[info.name] = failed
        if self.strict:
            raise PluginLoadError(failed.one_line()) from cause
        log.warning(failed.one_line())

    def _forget_records(self) -> None:
        self._records.clear()
        self._collected.clear()
        self._hook_errors.clear()

    def register(self, plugin: object, name: str | None = None) -> str | None:
        """Register a plugin object; clears the cached records."""
        self._forget_records()
        registered = super().register(plugin, name=name)
        if registered is not None and registered not in self.infos:
            self.infos[registered] = PluginInfo(name=registered, source="registered")
        return registered

    def unregister(self, plugin: object = None, name: str | None = None) -> Any:
        """Unregister a plugin object or name; clears the cached records."""
        self._forget_records()
        removed = super().unregister(plugin=plugin, name=name)
        for key, info in list(self.infos.items()):
            if info.source == "registered" and self.get_plugin(key) is None:
                del self.infos[key]
        return removed

    # -- records -------------------------------------------------------------

    def _provider(self, plugin_name: str) -> str:
        info = self.infos.get(plugin_name)
        if info is None or info.package is None:
            return f"plugin {plugin_name!r}"
        return f"plugin {plugin_name!r} ({info.package} {info.version})"

    def _collect(self, family: str, *, lenient: bool = False) -> list[tuple[str, Any]]:
        """Call every plugin's hook of ``family`` once; return ``(plugin, record)``.

        A plugin whose hook raises, returns something that is not a list of
        records, or a record of the wrong type or with an invalid name adds
        nothing to the family: it is reported in one line naming the plugin
        and the hook, and shown as failed by ``munintl plugins``.  In strict
        mode (``MUNINTL_STRICT_PLUGINS=1``) that is a
        :class:`~munintl.errors.PluginError` instead, unless ``lenient``
        (listing plugins must still work).
        """
        if family not in self._collected:
            hook_name, record_type = FAMILIES[family]
            hook = getattr(self.hook, hook_name)
            collected: list[tuple[str, Any]] = []
            for impl in hook.get_hookimpls():  # registration order
                try:
                    records = self._call(impl.function, hook_name, record_type)
                except PluginError as error:
                    self._hook_errors.setdefault(impl.plugin_name, {})[hook_name] = str(
                        error
                    )
                    continue
                collected.extend((impl.plugin_name, record) for record in records)
            self._collected[family] = collected
        hook_name = FAMILIES[family][0]
        for plugin_name, errors in self._hook_errors.items():
            if hook_name in errors:
                self._hook_failed(plugin_name, hook_name, errors[hook_name], lenient)
        return self._collected[family]

    @staticmethod
    def _call(
        function: Callable[[], Any], hook_name: str, record_type: type
    ) -> list[Any]:
        """Call a registration hook and check what it returns.

        Raise :class:`~munintl.errors.PluginError` saying what went wrong
        (the caller adds which plugin).
        """
        try:
            results = function()
            records = [] if results is None else list(results)
        except TypeError as error:
            if "not iterable" in str(error):
                raise PluginError(
                    f"{hook_name} returned {type(results).__name__}"
                    f" {_shown(results)}, not a list of {record_type.__name__} records"
                ) from error
            raise PluginError(f"{hook_name} raised TypeError: {error}") from error
        except (Exception, SystemExit) as error:  # a plugin must not end munintl
            raise PluginError(
                f"{hook_name} raised {type(error).__name__}: {error}"
            ) from error
        for record in records:
            if not isinstance(record, record_type):
                raise PluginError(
                    f"{hook_name} returned {type(record).__name__} {_shown(record)};"
                    f" expected {record_type.__name__} records"
                )
            field = "scheme" if isinstance(record, Codelist) else "name"
            name = getattr(record, field, None)
            if not isinstance(name, str) or not RECORD_NAME.match(name):
                raise PluginError(
                    f"{hook_name} returned a {record_type.__name__} with the"
                    f" invalid name {name!r}: use lower-case letters, digits, '-',"
                    " '_' or '.'"
                )
            # Checked again here: attrs.evolve or a subclass can skip the
            # record's own validator.  A codelist's titles are its description.
            said = (
                tuple(record.title.values.values())
                if isinstance(record, Codelist)
                else (getattr(record, "description", ""),)
            )
            problem = next(
                (found for text in said if (found := description_problem(text))),
                None,
            )
            if problem is not None:
                raise PluginError(
                    _("{hook} returned {kind} {name!r}: {problem}").format(
                        hook=hook_name,
                        kind=record_type.__name__,
                        name=name,
                        problem=problem,
                    )
                )
        return records

    def _hook_failed(
        self, plugin_name: str, hook_name: str, message: str, lenient: bool
    ) -> None:
        """Report a failed hook once; raise in strict mode unless ``lenient``."""
        line = (
            f"{self._provider(plugin_name)} failed: {message}; what it registers"
            f" there is left out (MUNINTL_DISABLE_PLUGINS={plugin_name} to silence)"
        )
        if self.strict and not lenient:
            raise PluginError(line)
        key = (plugin_name, hook_name, message)
        if key not in self._warned:
            self._warned.add(key)
            log.warning("munintl: %s", line)

    def records(self, family: str) -> dict[str, Any]:
        """Every record of ``family`` by name; duplicate names are an error."""
        if family in self._records:
            return self._records[family]
        if family == "codelist":
            result: dict[str, Any] = self._merge_codelists(self._collect(family))
        else:
            providers: dict[str, list[str]] = {}
            result = {}
            for plugin_name, record in self._collect(family):
                providers.setdefault(record.name, []).append(plugin_name)
                result.setdefault(record.name, record)
            clashes = {name: who for name, who in providers.items() if len(who) > 1}
            if clashes:
                name, who = next(iter(clashes.items()))
                raise PluginConflictError(
                    f"{family} {name!r} is registered by "
                    + " and ".join(self._provider(p) for p in who)
                    + "; disable all but one with MUNINTL_DISABLE_PLUGINS="
                    + ",".join(who[1:])
                )
        self._records[family] = result
        return result

    def _merge_codelists(
        self, found: list[tuple[str, Codelist]]
    ) -> dict[str, Codelist]:
        merged: dict[str, Codelist] = {}
        owner: dict[str, str] = {}
        for plugin_name, codelist in found:
            existing = merged.get(codelist.scheme)
            if existing is None:
                merged[codelist.scheme] = codelist
                owner[codelist.scheme] = plugin_name
                continue
            if not existing.open:
                raise PluginConflictError(
                    f"codelist {codelist.scheme!r} is closed but"
                    f" {self._provider(plugin_name)} adds to it (it is defined by"
                    f" {self._provider(owner[codelist.scheme])})"
                )
            known = set(existing.codes())
            extra = tuple(item for item in codelist.items if item.code not in known)
            merged[codelist.scheme] = attrs.evolve(
                existing, items=existing.items + extra
            )
        return merged

    def storage_backends(self) -> dict[str, StorageBackend]:
        """Storage backends by name."""
        return cast(dict[str, StorageBackend], self.records("storage"))

    def report_formats(self) -> dict[str, ReportFormat]:
        """Report formats by name."""
        return cast(dict[str, ReportFormat], self.records("report-format"))

    def translators(self) -> dict[str, Translator]:
        """Translators by name."""
        return cast(dict[str, Translator], self.records("translator"))

    def rules(self) -> dict[str, Rule]:
        """Validation rules by code."""
        return cast(dict[str, Rule], self.records("rule"))

    def codelists(self) -> dict[str, Codelist]:
        """Codelists by scheme, open lists extended by every plugin."""
        return cast(dict[str, Codelist], self.records("codelist"))

    def report_kinds(self) -> dict[str, ReportKind]:
        """Report kinds by name."""
        return cast(dict[str, ReportKind], self.records("report-kind"))

    def get(self, family: str, name: str) -> Any:
        """The record ``name`` of ``family``, or :class:`UnknownPluginError`."""
        records = self.records(family)
        if name in records:
            return records[name]
        failed = [info.name for info in self.failures()]
        hint = f"; plugins that failed to load: {', '.join(failed)}" if failed else ""
        raise UnknownPluginError(
            f"no {family} named {name!r}; installed: "
            + (", ".join(sorted(records)) or "none")
            + hint
        )

    def all_records(self) -> Mapping[str, PluginRecord | Codelist]:
        """Every record of every family, keyed ``family:name`` (for listings)."""
        out: dict[str, PluginRecord | Codelist] = {}
        for family in FAMILIES:
            for name, record in self.records(family).items():
                out[f"{family}:{name}"] = record
        return out

    def _needs_extras(self) -> dict[str, list[str]]:
        """Say, by plugin, what its formats and translators need and lack."""
        needs: dict[str, list[str]] = {}
        impls = [
            *self.hook.munintl_report_formats.get_hookimpls(),
            *self.hook.munintl_translators.get_hookimpls(),
        ]
        for impl in impls:
            records: Any = ()
            # A hook that fails is listed by describe itself, as failed.
            with contextlib.suppress(Exception):
                records = impl.function() or ()
            for record in records:
                if isinstance(record, NeedsModules):
                    message = record.missing_message()
                    if message is not None:
                        needs.setdefault(impl.plugin_name, []).append(message)
        return needs

    @staticmethod
    def _with_needs(info: PluginInfo, needs: Mapping[str, list[str]]) -> PluginInfo:
        """``info``, as "needs extra" with what to install, if its formats need one."""
        if info.status != "active" or info.name not in needs:
            return info
        return attrs.evolve(
            info, status="needs extra", error="; ".join(needs[info.name])
        )

    def describe(self) -> list[PluginInfo]:
        """Every plugin with what it provides, for ``munintl plugins``.

        Never raises for a plugin whose hook fails, not even in strict mode:
        that plugin is listed as failed, with the hook and the error.
        """
        provides: dict[str, dict[str, list[str]]] = {}
        descriptions: dict[str, dict[str, dict[str, str]]] = {}
        for family in FAMILIES:
            for plugin_name, record in self._collect(family, lenient=True):
                if isinstance(record, Codelist):
                    name = record.scheme
                    # A list's own title in the language, else its English
                    # title through the catalogs (which hold the built-ins').
                    english = record.title.get("en")
                    title = record.title.get(current_language()) or (
                        _(english) if english else None
                    )
                    if title:
                        descriptions.setdefault(plugin_name, {}).setdefault(family, {})[
                            name
                        ] = title
                else:
                    name = record.name
                    if record.description:
                        descriptions.setdefault(plugin_name, {}).setdefault(family, {})[
                            name
                        ] = record.description_here
                provides.setdefault(plugin_name, {}).setdefault(family, []).append(name)
        needs = self._needs_extras()
        return [
            attrs.evolve(
                self._with_needs(self._with_hook_errors(info), needs),
                provides={
                    family: tuple(names)
                    for family, names in provides.get(name, {}).items()
                },
                descriptions=descriptions.get(name, {}),
            )
            for name, info in self.infos.items()
        ]

    def _with_hook_errors(self, info: PluginInfo) -> PluginInfo:
        """``info``, marked failed with the errors of its hooks that failed."""
        errors = self._hook_errors.get(info.name)
        if not errors:
            return info
        return attrs.evolve(info, status="failed", error="; ".join(errors.values()))

    def check_config(self, config: Config) -> None:
        """Check every ``[plugins.<name>]`` table of ``config`` against the plugins.

        Raise :class:`~munintl.errors.ValidationError` naming each table no
        plugin answers to, each setting its plugin does not accept and each
        ``[templates]`` entry no report format can use.
        """
        known: dict[str, type | None] = {}
        for family in RECORD_FAMILIES:
            for record_name, record in self.records(family).items():
                known.setdefault(record_name, record.settings)
        findings: list[Finding] = []
        for name in config.plugins:
            if name not in known:
                findings.append(config.unknown_plugin(name, known))
                continue
            settings = known[name]
            # A report format's template is a file, checked here as the
            # format would when it renders (what validates, renders).
            template = (
                {"template"}
                if name in self.records("report-format")
                and settings is not None
                and attrs.has(settings)
                and "template" in attrs.fields_dict(settings)
                else set()
            )
            try:
                table = config.plugin_table(name, settings, files=template)
                config.plugin_settings(name, settings, table=table)
            except ValidationError as error:
                findings.extend(error.findings)
        formats = self.records("report-format")
        findings += config.template_problems(
            {name: record.settings for name, record in formats.items()}
        )
        findings += _template_setting_problems(config, formats)
        if findings:
            raise ValidationError(findings)

    def failures(self) -> list[PluginInfo]:
        """The plugins that failed to load, or whose hooks failed when called."""
        infos = (self._with_hook_errors(info) for info in self.infos.values())
        return [info for info in infos if info.status == "failed"]


@functools.cache
def get_plugin_manager() -> MunintlPluginManager:
    """Return the process-wide plugin manager, built on first use."""
    manager = MunintlPluginManager()
    manager.load_builtins()
    manager.load_entrypoints()
    return manager


def _template_setting_problems(
    config: Config, formats: Mapping[str, Any]
) -> list[Finding]:
    """Check each ``[templates]`` file as its format's settings would take it.

    ``[templates] docx = "letter.txt"`` is the DOCX format's ``template``
    setting given another way: its settings class says what it must be, and
    the finding names the ``[templates]`` line.
    """
    found: list[Finding] = []
    for name, value in config.templates.items():
        record = formats.get(name)
        settings = getattr(record, "settings", None)
        if (
            name in config.plugins
            or settings is None
            or not attrs.has(settings)
            or "template" not in attrs.fields_dict(settings)
        ):
            continue
        try:
            resolved = config.resolve_path(("templates", name), value, file=True)
            config.plugin_settings(name, settings, table={"template": resolved})
        except ValidationError as error:
            found += [
                config.finding_at(("templates", name), item) for item in error.findings
            ]
    return found
