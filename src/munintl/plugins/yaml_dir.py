"""The built-in storage plugin: a directory of YAML files people edit by hand.

A directory location (``examples/skanderborg``) is opened as a
:class:`~munintl.yamlstore.YamlDirStore`; the layout of its files is
described in :mod:`munintl.yamllayout`.  This module only registers the
backend: the store, ruamel.yaml and the converter are imported when a store
is opened, not when plugins are listed.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

import attrs

from munintl.plugins import hookimpl
from munintl.plugins.records import StorageBackend

if TYPE_CHECKING:
    from munintl.yamlstore import YamlDirStore


@attrs.frozen(kw_only=True)
class YamlDirSettings:
    """Settings of the ``yaml`` store (``[plugins.yaml]`` in ``munintl.toml``).

    ``width`` and ``indent`` shape the files a save writes (a changed file a
    person wrote with longer lines keeps them); ``max_file_size`` (bytes) is
    the largest file read; ``lock_timeout`` (seconds) is how long to wait
    for another program's save to finish.
    """

    width: int = attrs.field(default=88, validator=attrs.validators.ge(40))
    indent: int = attrs.field(
        default=2, validator=[attrs.validators.ge(2), attrs.validators.le(8)]
    )
    max_file_size: int = attrs.field(
        default=2 * 1024 * 1024, validator=attrs.validators.gt(0)
    )
    lock_timeout: float = attrs.field(default=10.0, validator=attrs.validators.ge(0))


def open_yaml_dir(
    location: str, settings: YamlDirSettings | None = None
) -> YamlDirStore:
    """Open the YAML directory store at ``location`` (the backend's factory)."""
    from munintl.yamlstore import YamlDirStore

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
            description="a directory of YAML files, one per entity, edited by hand",
        )
    ]
