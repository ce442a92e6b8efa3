"""munintl's plugin system: markers, records, protocols and the manager.

Write a plugin as a module of functions marked with :data:`hookimpl`::

    import munintl
    from munintl.plugins import Rule

    @munintl.hookimpl
    def munintl_rules():
        return [Rule(name="needs-acronym", severity="warning", check=check)]

Built-in plugins live next to this file, one module each, and are written
exactly as a third-party plugin would be.
"""

import pluggy

from munintl.plugins.manager import (
    DEFAULT_PLUGINS,
    ENTRY_POINT_GROUP,
    FAMILIES,
    PROJECT,
    MunintlPluginManager,
    PluginInfo,
    get_plugin_manager,
)
from munintl.plugins.protocols import (
    CAPABILITIES,
    Location,
    ManyStore,
    Renderer,
    ReportBuilder,
    ReportRequest,
    Store,
    TranslationEngine,
)
from munintl.plugins.records import (
    PluginRecord,
    ReportFormat,
    ReportKind,
    Rule,
    StorageBackend,
    Translator,
)

hookimpl = pluggy.HookimplMarker(PROJECT)

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
    "StorageBackend",
    "Store",
    "TranslationEngine",
    "Translator",
    "get_plugin_manager",
    "hookimpl",
]
