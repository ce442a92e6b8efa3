"""Every file store refuses to save what would not read back unchanged.

Before a store writes, it decodes what it is about to write and compares
the result with the portfolio it was given.  These tests give the stores a
converter that loses data -- its unstructure drops the initiatives'
participations, valid data that reads back as a different portfolio --
and check that the save is refused and the old files are left as they
were: with the quick proof (:func:`munintl.wire.fastjson.encoded_reads_back`,
which walks the decoded data beside the model), with it on a decoded
portfolio whose items it vouches for (a changed converter voids that), and
with the full check alone (decode, build, compare), as where the quick
proof declines.
(The database stores are checked the same way in
``tests/plugins/storage/sql/test_store.py``.)
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

import attrs
import pytest

from munintl.errors import MunintlError
from munintl.model import Initiative, LocalizedText, Portfolio
from munintl.plugins.storage.json_file import JsonFileSettings, JsonFileStore
from munintl.storage import open_store
from munintl.testing.samples import sample_portfolio
from munintl.wire import convert, fastjson


def losing_participations(
    real: Callable[[object], Any],
) -> Callable[[object], Any]:
    """An unstructure that drops every initiative's participations."""

    def lossy(obj: object) -> Any:
        data = real(obj)
        if isinstance(obj, Initiative):
            data.pop("participations", None)
        elif isinstance(obj, Portfolio):
            for initiative in data.get("initiatives", []):
                initiative.pop("participations", None)
        return data

    return lossy


def _snapshot(root: Path) -> dict[str, bytes]:
    if root.is_file():
        return {root.name: root.read_bytes()}
    return {
        str(path.relative_to(root)): path.read_bytes()
        for path in sorted(root.rglob("*"))
        if path.is_file() and not path.name.startswith(".")
    }


STORES: dict[str, Callable[[Path], Any]] = {
    "json": lambda path: JsonFileStore(str(path / "p.json")),
    "json, compact": lambda path: JsonFileStore(
        str(path / "p.json"), JsonFileSettings(indent=None)
    ),
    "json, without the fast decoder": lambda path: JsonFileStore(
        str(path / "p.json"), JsonFileSettings(fast=False)
    ),
    "toml": lambda path: open_store(str(path / "p.toml")),
    "yaml": lambda path: open_store(str(path / "portfolio")),
}


def test_the_sample_has_participations_to_lose() -> None:
    assert sample_portfolio().initiatives[0].participations


def without_quick_proof(monkeypatch: pytest.MonkeyPatch) -> None:
    """Make every store take the full check, as where msgspec is missing."""
    for name in ("reads_back_as", "encoded_reads_back"):
        monkeypatch.setattr(fastjson, name, lambda raw, portfolio: False)


def _decoded_sample() -> Portfolio:
    """The sample as the fast decoder makes it: every item vouched for."""
    portfolio = fastjson.decode(fastjson.dumps(convert.unstructure(sample_portfolio())))
    assert portfolio is not None
    return portfolio


CHECKS = {
    "quick proof": sample_portfolio,
    "quick proof, items vouched for": _decoded_sample,
    "full check": sample_portfolio,
}


@pytest.mark.parametrize("check", sorted(CHECKS))
@pytest.mark.parametrize("kind", sorted(STORES))
def test_a_converter_that_loses_data_saves_nothing(
    kind: str, check: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    if check == "full check":
        without_quick_proof(monkeypatch)
    elif not fastjson.available():
        pytest.skip("the quick proof needs msgspec (the fast extra)")
    store = STORES[kind](tmp_path)
    portfolio = CHECKS[check]()
    store.save(portfolio)
    before = _snapshot(tmp_path)
    # A changed initiative, so that every store has to write it again.
    first = portfolio.initiatives[0]
    renamed = attrs.evolve(first, title=LocalizedText.of(da="Nyt navn"))
    changed = attrs.evolve(portfolio, initiatives=(renamed, *portfolio.initiatives[1:]))
    real = convert.unstructure
    monkeypatch.setattr(convert, "unstructure", losing_participations(real))
    with pytest.raises(MunintlError, match="would not read back"):
        store.save(changed)
    assert _snapshot(tmp_path) == before
    monkeypatch.setattr(convert, "unstructure", real)
    assert store.load().initiatives[0] == first
    store.save(changed)
    assert store.load() == changed
