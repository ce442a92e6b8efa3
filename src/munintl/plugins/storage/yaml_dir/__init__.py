"""The built-in storage plugin: a directory of YAML files people edit by hand.

A directory location (``examples/skanderborg``) is opened as a
:class:`~munintl.plugins.storage.yaml_dir.store.YamlDirStore`; the layout
of its files is described in :mod:`munintl.plugins.storage.yaml_dir.layout`.
This module only registers the backend: the store, ruamel.yaml and the
converter are imported when a store is opened, not when plugins are listed.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from munintl.hooks import hookimpl
from munintl.hooks.records import StorageBackend
from munintl.i18n import N_
from munintl.plugins.storage.yaml_dir.settings import YamlDirSettings

if TYPE_CHECKING:
    from munintl.plugins.storage.yaml_dir.store import YamlDirStore


def open_yaml_dir(
    location: str, settings: YamlDirSettings | None = None
) -> YamlDirStore:
    """Open the YAML directory store at ``location`` (the backend's factory)."""
    from munintl.plugins.storage.yaml_dir.store import YamlDirStore

    return YamlDirStore(location, settings)


@hookimpl
def munintl_storage_backends() -> list[StorageBackend]:
    """Register the YAML directory store, the default for a directory."""
    return [
        StorageBackend(
            name="yaml",
            directory=True,
            suffixes=(),
            factory=open_yaml_dir,
            settings=YamlDirSettings,
            description=N_("a directory of YAML files, one per entity, edited by hand"),
        )
    ]
