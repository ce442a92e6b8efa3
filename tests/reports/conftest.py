"""Fixtures for the report tests: the Lilleby portfolio and formats to render with."""

from __future__ import annotations

import importlib
from collections.abc import Callable

import pytest

from munintl.hooks.manager import MunintlPluginManager
from munintl.model import Portfolio
from reports.lilleby import make_lilleby


@pytest.fixture
def lilleby() -> Portfolio:
    """The Lilleby portfolio."""
    return make_lilleby()


@pytest.fixture
def formats(
    plugin_manager: MunintlPluginManager, register_plugin: Callable[..., str]
) -> MunintlPluginManager:
    """The plugin manager with at least the json and markdown formats."""
    for name in ("json", "markdown"):
        if name not in plugin_manager.report_formats():
            register_plugin(importlib.import_module(f"munintl.plugins.report_{name}"))
    return plugin_manager
