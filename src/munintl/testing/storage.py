"""The storage contract: tests every storage backend must pass.

A backend's test module subclasses :class:`StoreContract` and provides a
``location`` fixture -- a fresh, empty place to store a portfolio -- and,
unless :func:`munintl.storage.open_store` finds the backend for it, a
``make_store`` method::

    import pytest
    from munintl.testing.storage import StoreContract
    from munintl_sqlite import SqliteStore

    class TestSqliteStore(StoreContract):
        @pytest.fixture
        def location(self, tmp_path):
            return f"sqlite:///{tmp_path / 'portfolio.db'}"

        def make_store(self, location):
            return SqliteStore(location)

Every test here then runs against the backend: round trips of a rich sample
and of random portfolios, revisions and conflicts, refusing data it could
not read back, and the :class:`~munintl.plugins.Store` protocol itself.
"""

from __future__ import annotations

import os
from pathlib import Path
from typing import ClassVar

import attrs
import pytest
from hypothesis import HealthCheck, given, settings

from munintl.errors import ConflictError, Finding, StorageError, ValidationError
from munintl.hooks import CAPABILITIES, Store
from munintl.model import LocalizedText, Portfolio
from munintl.testing.samples import sample_portfolio

__all__ = ["StoreContract"]


def _files(location: str) -> dict[str, bytes] | None:
    """Return every file under a file or directory location, or None for others."""
    path = Path(location)
    if path.is_file():
        return {path.name: path.read_bytes()}
    if not path.is_dir():
        return None
    return {
        p.relative_to(path).as_posix(): p.read_bytes()
        for p in sorted(path.rglob("*"))
        if p.is_file()
    }


def _smaller(portfolio: Portfolio) -> Portfolio:
    """Drop one entity of every collection that has one, and every follow-up."""
    return attrs.evolve(
        portfolio,
        bodies=portfolio.bodies,
        organisations=portfolio.organisations[1:],
        initiatives=portfolio.initiatives[:1],
        partnerships=(),
        followups=(),
    )


class StoreContract:
    """Tests every storage backend passes; subclass it in a test module.

    Provide the ``location`` fixture (a fresh, empty location for one test)
    and override :meth:`make_store` if :func:`munintl.storage.open_store`
    cannot open the location.  ``max_examples`` bounds the random
    portfolios the round-trip property tries; set ``same_bytes_on_resave``
    to False for a store kept in one file that changes on every write
    even when the data does not (an SQLite file counts its writes).
    """

    max_examples: ClassVar[int] = 25
    same_bytes_on_resave: ClassVar[bool] = True

    @pytest.fixture
    def location(self) -> str:
        """Return a fresh, empty location; every subclass overrides this."""
        pytest.fail(f"{type(self).__name__} must define a 'location' fixture")

    def make_store(self, location: str) -> Store:
        """Open the store under test at ``location``."""
        from munintl.storage import open_store

        return open_store(location)

    # -- the protocol ------------------------------------------------------------

    def test_store_satisfies_the_protocol(self, location: str) -> None:
        store = self.make_store(location)
        assert isinstance(store, Store)
        assert store.location == os.fspath(location)

    def test_capabilities_are_known_flags(self, location: str) -> None:
        capabilities = self.make_store(location).capabilities
        assert isinstance(capabilities, frozenset)
        assert capabilities <= CAPABILITIES

    def test_empty_location_holds_no_portfolio(self, location: str) -> None:
        store = self.make_store(location)
        assert not store.exists()
        assert store.revision() is None
        with pytest.raises(StorageError):
            store.load()

    # -- round trips ---------------------------------------------------------------

    def test_saved_sample_loads_equal(self, location: str) -> None:
        store = self.make_store(location)
        sample = sample_portfolio()
        store.save(sample)
        assert store.exists()
        assert store.load() == sample

    def test_another_store_object_loads_what_one_saved(self, location: str) -> None:
        sample = sample_portfolio()
        self.make_store(location).save(sample)
        assert self.make_store(location).load() == sample

    def test_saving_a_smaller_portfolio_forgets_what_is_gone(
        self, location: str
    ) -> None:
        store = self.make_store(location)
        store.save(sample_portfolio())
        smaller = _smaller(sample_portfolio())
        store.save(smaller)
        assert self.make_store(location).load() == smaller

    def test_any_portfolio_survives_a_round_trip(self, location: str) -> None:
        # Imported here so that the class can be defined (and subclassed)
        # without building the strategies.
        from munintl.testing.strategies import portfolios

        @settings(
            max_examples=self.max_examples,
            deadline=None,
            suppress_health_check=[HealthCheck.too_slow],
        )
        @given(portfolios())
        def round_trip(portfolio: Portfolio) -> None:
            # One location for every example: each save replaces the last.
            self.make_store(location).save(portfolio)
            assert self.make_store(location).load() == portfolio

        round_trip()

    # -- revisions -----------------------------------------------------------------

    def test_save_returns_the_current_revision(self, location: str) -> None:
        store = self.make_store(location)
        revision = store.save(sample_portfolio())
        if "revisions" in store.capabilities:
            assert revision is not None
        assert revision == store.revision()

    def test_saving_the_same_portfolio_again_changes_nothing(
        self, location: str
    ) -> None:
        store = self.make_store(location)
        first = store.save(sample_portfolio())
        files = _files(location)
        second = self.make_store(location).save(sample_portfolio())
        assert second == first
        if self.same_bytes_on_resave:
            assert _files(location) == files

    def test_revision_changes_with_the_data(self, location: str) -> None:
        store = self.make_store(location)
        if "revisions" not in store.capabilities:
            pytest.skip("the store does not keep revisions")
        first = store.save(sample_portfolio())
        second = store.save(_smaller(sample_portfolio()))
        assert first != second

    def test_stale_expected_revision_raises_conflict_and_keeps_data(
        self, location: str
    ) -> None:
        store = self.make_store(location)
        if "revisions" not in store.capabilities:
            pytest.skip("the store does not keep revisions")
        stale = store.save(sample_portfolio())
        smaller = _smaller(sample_portfolio())
        current = self.make_store(location).save(smaller)
        with pytest.raises(ConflictError):
            store.save(sample_portfolio(), expected_revision=stale)
        assert store.revision() == current
        assert self.make_store(location).load() == smaller

    def test_current_expected_revision_lets_the_save_through(
        self, location: str
    ) -> None:
        store = self.make_store(location)
        if "revisions" not in store.capabilities:
            pytest.skip("the store does not keep revisions")
        current = store.save(sample_portfolio())
        smaller = _smaller(sample_portfolio())
        store.save(smaller, expected_revision=current)
        assert self.make_store(location).load() == smaller

    # -- bad input -------------------------------------------------------------------

    def test_unstorable_portfolio_is_refused_and_nothing_changes(
        self, location: str
    ) -> None:
        store = self.make_store(location)
        sample = sample_portfolio()
        store.save(sample)
        files = _files(location)
        # "Danish" is no language tag: a load would refuse it, so a save must.
        name = LocalizedText(values={"Danish": "Egeby"})
        bad = attrs.evolve(
            sample, municipality=attrs.evolve(sample.municipality, name=name)
        )
        with pytest.raises(ValidationError):
            store.save(bad)
        assert _files(location) == files
        assert self.make_store(location).load() == sample

    # -- locations ---------------------------------------------------------------

    def test_locate_keeps_what_a_finding_says(self, location: str) -> None:
        store = self.make_store(location)
        sample = sample_portfolio()
        store.save(sample)
        store.load()
        initiative = sample.initiatives[0].id
        finding = Finding(
            code="test", message="checked", path=f"initiatives[{initiative}].title"
        )
        located = store.locate(finding)
        assert (located.code, located.message, located.path) == (
            "test",
            "checked",
            finding.path,
        )
        if "locations" in store.capabilities:
            assert located.file is not None
            assert located.line is not None

    def test_locate_returns_unknown_paths_unchanged(self, location: str) -> None:
        store = self.make_store(location)
        store.save(sample_portfolio())
        store.load()
        finding = Finding(code="test", message="m", path="no such thing")
        assert store.locate(finding) == finding
