"""The storage contract, run against the built-in YAML directory store."""

from __future__ import annotations

from pathlib import Path

import pytest

from munintl.hooks import Store
from munintl.plugins.storage.yaml_dir.store import YamlDirStore
from munintl.testing.storage import StoreContract


class TestYamlDirStoreContract(StoreContract):
    @pytest.fixture
    def location(self, tmp_path: Path) -> str:
        return str(tmp_path / "store")

    def make_store(self, location: str) -> Store:
        return YamlDirStore(location)


class TestYamlDirStoreThroughOpenStore(StoreContract):
    """The same contract through the public dispatch: a directory is a YAML store."""

    max_examples = 5

    @pytest.fixture
    def location(self, tmp_path: Path) -> str:
        (tmp_path / "store").mkdir()
        return str(tmp_path / "store")
