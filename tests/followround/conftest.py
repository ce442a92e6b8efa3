"""Fixtures for the follow-up round: Testby and the built-in codelists."""

from __future__ import annotations

from collections.abc import Mapping

import pytest

from followround.testby import make_portfolio
from munintl.hooks.manager import get_plugin_manager
from munintl.model import Codelist, Portfolio


@pytest.fixture
def portfolio() -> Portfolio:
    """Testby before the 2024 round."""
    return make_portfolio()


@pytest.fixture
def codelists() -> Mapping[str, Codelist]:
    """The built-in codelists (statuses and progress statuses to choose from)."""
    return get_plugin_manager().codelists()
