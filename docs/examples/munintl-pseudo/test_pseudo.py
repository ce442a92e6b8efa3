"""The pseudo-translator runs munintl's translator contract."""

from __future__ import annotations

import pytest
from munintl_pseudo import PseudoEngine

from munintl.testing.translators import TranslatorContract


class TestPseudo(TranslatorContract):
    @pytest.fixture
    def engine(self) -> PseudoEngine:  # type: ignore[override]
        return PseudoEngine()
