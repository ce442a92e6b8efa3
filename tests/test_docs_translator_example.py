"""The translator reference's worked example plugin passes the translator contract."""

from __future__ import annotations

import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

from munintl.testing.translators import TranslatorContract

EXAMPLE = Path(__file__).resolve().parents[1] / "docs" / "examples" / "munintl-pseudo"


@pytest.fixture(scope="module", autouse=True)
def _example_on_path() -> Iterator[None]:
    sys.path.insert(0, str(EXAMPLE))
    yield
    sys.path.remove(str(EXAMPLE))


class TestPseudoExample(TranslatorContract):
    @pytest.fixture
    def engine(self) -> object:  # type: ignore[override]
        from munintl_pseudo import PseudoEngine

        return PseudoEngine()


def test_pseudo_registers_through_the_hook(plugin_manager: object) -> None:
    import munintl_pseudo

    plugin_manager.register(munintl_pseudo, name="pseudo")  # type: ignore[attr-defined]
    record = plugin_manager.translators()["pseudo"]  # type: ignore[attr-defined]
    engine = record.factory(None)
    assert engine.translate(["<p>hej</p>"], source="da", target="de") == [
        "<p>[héj ~~]</p>"
    ]
