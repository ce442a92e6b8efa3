"""munintl's version: written once in pyproject.toml, read from the metadata."""

from __future__ import annotations

import importlib.metadata
import os
import subprocess
import sys
import tomllib
from collections.abc import Iterator
from pathlib import Path

import pytest

import munintl
from munintl import _version

ROOT = Path(__file__).resolve().parents[1]


def pyproject_version() -> str:
    project = tomllib.loads((ROOT / "pyproject.toml").read_text("utf-8"))["project"]
    assert "version" not in project.get("dynamic", [])
    version: str = project["version"]
    return version


@pytest.fixture
def fresh_version() -> Iterator[None]:
    """Forget the version read so far, before and after the test."""
    _version.version.cache_clear()
    munintl.__dict__.pop("__version__", None)
    yield
    _version.version.cache_clear()
    munintl.__dict__.pop("__version__", None)


def test_version_is_the_one_in_pyproject() -> None:
    assert munintl.__version__ == pyproject_version()
    assert munintl.__version__ == importlib.metadata.version("munintl")


def test_version_without_metadata_is_unknown(
    fresh_version: None, monkeypatch: pytest.MonkeyPatch
) -> None:
    def not_installed(name: str) -> str:
        raise importlib.metadata.PackageNotFoundError(name)

    monkeypatch.setattr(importlib.metadata, "version", not_installed)
    assert munintl.__version__ == "0+unknown"
    assert _version.__version__ == "0+unknown"


def test_old_import_of_version_still_works() -> None:
    from munintl._version import __version__

    assert __version__ == munintl.__version__


def test_version_is_in_dir_and_all() -> None:
    assert "__version__" in dir(munintl)
    assert "__version__" in munintl.__all__


def test_unknown_attribute_of_version_module_is_an_attribute_error() -> None:
    with pytest.raises(AttributeError, match="no attribute 'version_info'"):
        _version.version_info  # noqa: B018 - the lookup is the test


def run_python(*args: str, **env: str) -> str:
    result = subprocess.run(
        [sys.executable, *args],
        capture_output=True,
        text=True,
        encoding="utf-8",
        env={**os.environ, **env},
        check=True,
    )
    return result.stdout


def test_import_munintl_reads_no_metadata() -> None:
    # importlib.metadata costs milliseconds at every start-up.
    output = run_python(
        "-c", "import sys, munintl; print('importlib.metadata' in sys.modules)"
    )
    assert output.strip() == "False"


def test_source_tree_never_installed_reports_unknown() -> None:
    # -S: no site-packages, so no munintl metadata; the source is on the path.
    code = (
        "import sys; sys.path.insert(0, sys.argv[1]); import munintl;"
        " print(munintl.__version__)"
    )
    output = run_python("-S", "-c", code, str(ROOT / "src"))
    assert output.strip() == "0+unknown"


def test_command_line_reports_the_same_version() -> None:
    output = run_python("-m", "munintl", "--version")
    assert output == f"munintl, version {pyproject_version()}\n"


def test_builtin_plugins_report_the_same_version(plugin_manager: object) -> None:
    from munintl.hooks.manager import MunintlPluginManager

    assert isinstance(plugin_manager, MunintlPluginManager)
    versions = {
        info.version for info in plugin_manager.describe() if info.source == "builtin"
    }
    assert versions == {munintl.__version__}
