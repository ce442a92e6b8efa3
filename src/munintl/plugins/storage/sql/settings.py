"""The settings of the database stores (``[plugins.sqlite]``, ``[plugins.postgresql]``).

Apart from the store, so that listing plugins does not import SQLAlchemy.
A setting may also be given in the location's query string
(``postgresql://host/db?lock_timeout=5#aarhus``); the query string wins over
``munintl.toml``.
"""

from __future__ import annotations

import re

import attrs

_ENV_NAME = re.compile(r"^[A-Za-z_][A-Za-z0-9_]*$")


def _check_env_name(_instance: object, _attribute: object, value: str | None) -> None:
    if value is not None and not _ENV_NAME.match(value):
        raise ValueError(
            f"password_env must name an environment variable (letters, digits"
            f" and '_'), not {value!r}; the password itself never goes in the file"
        )


@attrs.frozen(kw_only=True)
class SqliteSettings:
    """Settings of the ``sqlite`` store.

    ``lock_timeout`` (seconds) is how long a save waits for another
    program's save to the same database file before it gives up.
    """

    lock_timeout: float = attrs.field(default=30.0, validator=attrs.validators.ge(0))


@attrs.frozen(kw_only=True)
class PostgresqlSettings:
    """Settings of the ``postgresql`` store.

    ``password_env`` names the environment variable that holds the
    password (the password itself never goes in ``munintl.toml``; libpq's
    own ``PGPASSWORD`` and ``~/.pgpass`` work too).  ``connect_timeout``
    (seconds) is how long to wait for the server to answer;
    ``lock_timeout`` (seconds) how long a save waits for another user's
    save of the same portfolio before it gives up.
    """

    password_env: str | None = attrs.field(default=None, validator=_check_env_name)
    connect_timeout: int = attrs.field(default=10, validator=attrs.validators.ge(1))
    lock_timeout: float = attrs.field(default=30.0, validator=attrs.validators.ge(0))
