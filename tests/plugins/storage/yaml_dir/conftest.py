"""Fixtures for the YAML directory store tests: a store holding the sample."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from munintl.plugins.storage.yaml_dir.store import YamlDirStore
from munintl.testing.samples import sample_portfolio


@pytest.fixture(scope="session")
def saved_sample(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("sample") / "store"
    YamlDirStore(str(path)).save(sample_portfolio())
    return path


@pytest.fixture
def root(saved_sample: Path, tmp_path: Path) -> Path:
    """A store holding the sample portfolio, as a save writes it."""
    return Path(shutil.copytree(saved_sample, tmp_path / "store"))
