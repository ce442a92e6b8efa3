"""Choosing a backend for a location, and the load/save API around stores."""

from __future__ import annotations

from pathlib import Path

import pytest

import munintl
from munintl.errors import StorageError, UnknownPluginError, ValidationError
from munintl.storage import backend_for, open_store
from munintl.testing.samples import sample_portfolio

ROOT = Path(__file__).resolve().parents[2]


@pytest.mark.parametrize(
    ("location", "backend"),
    [
        ("examples/skanderborg", "yaml"),
        ("new-folder-without-suffix", "yaml"),
        ("portfolio.json", "json"),
        ("PORTFOLIO.JSON", "json"),
        ("portfolio.toml", "toml"),
    ],
)
def test_backend_is_chosen_by_suffix_or_directory(location: str, backend: str) -> None:
    assert backend_for(location, munintl.get_plugin_manager()).name == backend


def test_unknown_suffix_lists_known_ones() -> None:
    with pytest.raises(
        UnknownPluginError, match=r"no storage backend reads \.xml files"
    ):
        backend_for("portfolio.xml", munintl.get_plugin_manager())


def test_unknown_scheme_is_an_error() -> None:
    with pytest.raises(UnknownPluginError, match="mongodb://"):
        backend_for("mongodb://localhost/x", munintl.get_plugin_manager())


def test_windows_drive_is_not_a_scheme() -> None:
    assert (
        backend_for("C://data/portfolio.json", munintl.get_plugin_manager()).name
        == "json"
    )


def test_load_of_empty_location_is_a_storage_error(tmp_path: Path) -> None:
    with pytest.raises(StorageError, match="no portfolio is stored here"):
        munintl.load(tmp_path)


def test_save_then_load_is_equal(tmp_path: Path) -> None:
    portfolio = sample_portfolio()
    revision = munintl.save(portfolio, tmp_path / "store")
    assert revision
    assert munintl.load(tmp_path / "store") == portfolio


def test_save_with_stale_revision_changes_nothing(tmp_path: Path) -> None:
    portfolio = sample_portfolio()
    target = tmp_path / "store"
    first = munintl.save(portfolio, target)
    store = open_store(target)
    assert store.revision() == first
    from munintl.errors import ConflictError

    with pytest.raises(ConflictError):
        munintl.save(portfolio, target, expected_revision="sha256:stale")
    assert store.revision() == first


def test_save_refuses_invalid_portfolio(tmp_path: Path) -> None:
    import attrs

    portfolio = sample_portfolio()
    broken = attrs.evolve(
        portfolio,
        initiatives=[
            attrs.evolve(portfolio.initiatives[0], themes=("no-such-theme",)),
            *portfolio.initiatives[1:],
        ],
    )
    with pytest.raises(ValidationError, match="nothing was saved"):
        munintl.save(broken, tmp_path / "store")
    assert not (tmp_path / "store").exists()


def test_example_loads_through_the_public_api() -> None:
    portfolio = munintl.load(ROOT / "examples" / "skanderborg")
    assert portfolio.municipality.id == "skanderborg"
    assert not [f for f in munintl.validate(portfolio) if f.severity == "error"]
