"""pytest fixtures for plugin authors: a fresh manager, temporary registration.

Opt in from a ``conftest.py``::

    pytest_plugins = ["munintl.testing.plugins"]

``plugin_manager`` is a new :class:`~munintl.plugins.MunintlPluginManager`
with the built-ins registered and no entry points loaded; for the duration of
the test it is what :func:`munintl.get_plugin_manager` returns, so the CLI and
the API use it too.  ``register_plugin(obj)`` registers a plugin object for
one test and removes it afterwards.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator

import pytest

from munintl.hooks import manager as manager_module
from munintl.hooks.manager import MunintlPluginManager


@pytest.fixture
def plugin_manager(monkeypatch: pytest.MonkeyPatch) -> MunintlPluginManager:
    """A fresh plugin manager with the built-ins only, used by the API and CLI."""
    fresh = MunintlPluginManager(strict=True, allow=(), disable=())
    fresh.load_builtins()
    monkeypatch.setattr(manager_module, "get_plugin_manager", lambda: fresh)
    return fresh


@pytest.fixture
def register_plugin(
    plugin_manager: MunintlPluginManager,
) -> Iterator[Callable[..., str]]:
    """Register plugin objects for one test: ``register_plugin(obj, name=None)``."""
    registered: list[str] = []

    def register(plugin: object, name: str | None = None) -> str:
        plugin_name = plugin_manager.register(plugin, name=name)
        assert plugin_name is not None, f"{plugin!r} is already registered"
        registered.append(plugin_name)
        return plugin_name

    yield register
    for plugin_name in reversed(registered):
        plugin_manager.unregister(name=plugin_name)
