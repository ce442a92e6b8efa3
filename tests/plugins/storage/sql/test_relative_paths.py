"""A relative ``sqlite:///x.db`` means the file in the directory of the moment."""

from __future__ import annotations

from pathlib import Path

import pytest

import munintl
from munintl.testing.samples import sample_portfolio


def test_the_same_relative_url_after_a_chdir_is_another_database(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    first, second = tmp_path / "first", tmp_path / "second"
    first.mkdir()
    second.mkdir()
    portfolio = sample_portfolio()
    monkeypatch.chdir(first)
    munintl.save(portfolio, "sqlite:///x.db")
    monkeypatch.chdir(second)
    munintl.save(portfolio, "sqlite:///x.db")
    assert (first / "x.db").is_file()
    assert (second / "x.db").is_file()
    assert munintl.load("sqlite:///x.db") == munintl.load(f"sqlite:///{first}/x.db")


def test_a_store_keeps_its_file_after_a_chdir(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from munintl.errors import ConflictError
    from munintl.storage import open_store

    first, second = tmp_path / "first", tmp_path / "second"
    first.mkdir()
    second.mkdir()
    monkeypatch.chdir(first)
    store = open_store("sqlite:///x.db#aarhus")
    monkeypatch.chdir(second)
    (second / "x.db").write_text("another program's file", encoding="utf-8")
    with pytest.raises(ConflictError):
        store.save(sample_portfolio(), expected_revision="4")
    assert (second / "x.db").read_text(encoding="utf-8") == "another program's file"
    assert not (first / "x.db").exists()
    assert store.save(sample_portfolio()) == "1"
    assert (first / "x.db").is_file()
    assert store.exists()
