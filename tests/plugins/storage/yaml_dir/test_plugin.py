"""The YAML directory store's plugin: registration and factory."""

from __future__ import annotations

from pathlib import Path

from munintl.hooks import Store
from munintl.hooks.manager import MunintlPluginManager
from munintl.plugins.storage.yaml_dir import YamlDirSettings, open_yaml_dir


def test_backend_is_registered_for_directories_with_its_settings(
    tmp_path: Path,
) -> None:
    manager = MunintlPluginManager(strict=True, allow=(), disable=())
    manager.load_builtins()
    backend = manager.storage_backends()["yaml"]
    assert backend.directory
    assert backend.settings is YamlDirSettings
    store = backend.factory(str(tmp_path), YamlDirSettings(width=100))
    assert isinstance(store, Store)
    assert store.capabilities == {"revisions", "locations"}


def test_factory_works_without_settings(tmp_path: Path) -> None:
    assert open_yaml_dir(str(tmp_path), None).settings == YamlDirSettings()
