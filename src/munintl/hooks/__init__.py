"""munintl's extension API: markers, hook specifications, records, protocols, manager.

Write a plugin as a module of functions marked with
:data:`~munintl.hooks.markers.hookimpl`::

    import munintl
    from munintl.hooks import Rule

    @munintl.hookimpl
    def munintl_rules():
        return [Rule(name="needs-acronym", severity="warning", check=check)]

This package imports no built-in plugin: the built-ins live in
:mod:`munintl.plugins`, grouped by family, and use only what is here --
exactly as a third-party plugin does.
"""

from munintl.hooks.manager import (
    DEFAULT_PLUGINS,
    FAMILIES,
    MunintlPluginManager,
    PluginInfo,
    get_plugin_manager,
)
from munintl.hooks.markers import ENTRY_POINT_GROUP, PROJECT, hookimpl, hookspec
from munintl.hooks.protocols import (
    CAPABILITIES,
    Location,
    ManyStore,
    Renderer,
    ReportBuilder,
    Store,
    TranslationEngine,
)
from munintl.hooks.records import (
    PluginRecord,
    ReportFormat,
    ReportKind,
    Rule,
    RuleContext,
    StorageBackend,
    Translator,
)
from munintl.reports.request import ReportRequest

__all__ = [
    "CAPABILITIES",
    "DEFAULT_PLUGINS",
    "ENTRY_POINT_GROUP",
    "FAMILIES",
    "PROJECT",
    "Location",
    "ManyStore",
    "MunintlPluginManager",
    "PluginInfo",
    "PluginRecord",
    "Renderer",
    "ReportBuilder",
    "ReportFormat",
    "ReportKind",
    "ReportRequest",
    "Rule",
    "RuleContext",
    "StorageBackend",
    "Store",
    "TranslationEngine",
    "Translator",
    "get_plugin_manager",
    "hookimpl",
    "hookspec",
]
