"""Fixtures for the report tests: the formats to render with."""

from __future__ import annotations

import importlib
from collections.abc import Callable

import pytest

from munintl.hooks.manager import MunintlPluginManager


@pytest.fixture
def formats(
    plugin_manager: MunintlPluginManager, register_plugin: Callable[..., str]
) -> MunintlPluginManager:
    """The plugin manager with at least the json and markdown formats."""
    for name in ("json", "markdown"):
        if name not in plugin_manager.report_formats():
            register_plugin(importlib.import_module(f"munintl.plugins.formats.{name}"))
    return plugin_manager
