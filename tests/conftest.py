"""Shared test setup: no installed third-party plugin leaks into the suite."""

from __future__ import annotations

import importlib
import os
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import TYPE_CHECKING

import pytest
from hypothesis import settings as hypothesis_settings

if TYPE_CHECKING:
    from munintl.hooks.manager import MunintlPluginManager
    from munintl.model import Portfolio

# Set before anything builds a plugin manager: a developer's installed
# munintl plugins must not change what the tests see.
os.environ["MUNINTL_LOAD_PLUGINS"] = ""
os.environ.pop("MUNINTL_DISABLE_PLUGINS", None)
os.environ["MUNINTL_LANG"] = "en"

pytest_plugins = ["munintl.testing.plugins"]

# Under CI the property tests run a fixed sequence of examples, the same on
# every run of the same code, so a result can always be reproduced (CI=true
# python -m pytest); elsewhere every run draws anew, and what fails is kept in
# .hypothesis/ and tried first next time.  `nox -s fuzz` explores further.
hypothesis_settings.register_profile("ci", derandomize=True)
if os.environ.get("CI"):
    hypothesis_settings.load_profile("ci")

ROOT = Path(__file__).resolve().parents[1]
EXAMPLE = ROOT / "examples" / "skanderborg"


@pytest.fixture(autouse=True, scope="session")
def _parse_cache_of_the_suite(
    tmp_path_factory: pytest.TempPathFactory,
) -> Iterator[None]:
    """Keep the YAML store's parse cache out of the developer's own cache."""
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("MUNINTL_CACHE_DIR", str(tmp_path_factory.mktemp("cache")))
        patch.delenv("MUNINTL_NO_CACHE", raising=False)
        yield


@pytest.fixture
def example_path() -> Path:
    """The Skanderborg example directory in the source tree."""
    return EXAMPLE


@pytest.fixture
def lilleby() -> Portfolio:
    """Lilleby, the report tests' municipality (``tests/reports/lilleby.py``)."""
    from reports.lilleby import make_lilleby

    return make_lilleby()


@pytest.fixture
def formats(
    plugin_manager: MunintlPluginManager, register_plugin: Callable[..., str]
) -> MunintlPluginManager:
    """The plugin manager with at least the json and markdown formats."""
    for name in ("json", "markdown"):
        if name not in plugin_manager.report_formats():
            register_plugin(importlib.import_module(f"munintl.plugins.formats.{name}"))
    return plugin_manager


@pytest.fixture(autouse=True)
def _fresh_global_manager() -> None:
    """Each test builds the process-wide manager anew if it needs it."""
    from munintl.hooks.manager import get_plugin_manager

    get_plugin_manager.cache_clear()


@pytest.fixture(autouse=True)
def _language_of_the_run_reset() -> Iterator[None]:
    """Each test starts in the environment's language, with munintl's catalogs.

    A test that sets the language or adds a catalog folder itself (not
    through the command line, which undoes both as it ends) made the next
    tests read their messages in that language or with that folder's words.
    """
    from munintl import i18n

    with i18n.one_run():
        yield
