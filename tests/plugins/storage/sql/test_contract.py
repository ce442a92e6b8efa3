"""The storage contract, run against SQLite and PostgreSQL."""

from __future__ import annotations

import pytest

from munintl.testing.storage import StoreContract


class TestSqliteStoreContract(StoreContract):
    @pytest.fixture
    def location(self, sqlite_database: str) -> str:
        return f"{sqlite_database}#contract"


class TestPostgresqlStoreContract(StoreContract):
    @pytest.fixture
    def location(self, postgresql_database: str) -> str:
        return f"{postgresql_database}#contract"
