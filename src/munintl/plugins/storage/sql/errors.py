"""What can go wrong with a database location, each with its own class.

All are :class:`~munintl.errors.StorageError`\\ s, so a caller that handles
storage errors handles these; the CLI prints their message and exits 1.
No message ever holds a password: locations are shown with it masked.
"""

from __future__ import annotations

from munintl.errors import ConflictError, StorageError


class DatabaseLocationError(StorageError):
    """A database location that cannot be read: a malformed URL or key."""


class DatabaseConnectionError(StorageError):
    """The database cannot be reached, or refused the login."""


class DatabaseSchemaError(StorageError):
    """The database is not munintl's, or was made by a newer munintl."""


class UnknownPortfolioError(StorageError):
    """No portfolio is stored under the key the location names."""


class SimultaneousFirstSaveError(ConflictError):
    """Two programs saved a new portfolio under one key at the same moment.

    Neither could lock a row that did not exist yet; the database kept the
    first, and refused the second (nothing of it was saved).
    """
