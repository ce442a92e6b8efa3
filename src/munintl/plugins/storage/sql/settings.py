"""The settings of the database stores (``[plugins.sqlite]``, ``[plugins.postgresql]``).

Apart from the store, so that listing plugins does not import SQLAlchemy.
A setting may also be given in an environment variable
(``MUNINTL_POSTGRESQL_LOCK_TIMEOUT=5``) and in the location's query string
(``postgresql://host/db?lock_timeout=5#aarhus``); the query string wins over
the environment, which wins over ``munintl.toml``.
"""

from __future__ import annotations

import math
import re
from typing import Any

import attrs

from munintl.i18n import _

_ENV_NAME = re.compile(r"^[A-Za-z_][A-Za-z0-9_]*$")

#: The longest wait a setting takes, in seconds: a day.  PostgreSQL counts
#: its lock_timeout in milliseconds in a 32-bit number (at most 24.8 days);
#: no save should wait longer than a day for another.
MOST_SECONDS = 86_400


def _check_seconds(
    _instance: object, attribute: attrs.Attribute[Any], value: float
) -> None:
    least = 1 if attribute.name == "connect_timeout" else 0
    if not (isinstance(value, int | float) and math.isfinite(value)) or not (
        least <= value <= MOST_SECONDS
    ):
        raise ValueError(
            _(
                "{name} is a number of seconds from {least} to {most}, not {value}"
            ).format(name=attribute.name, least=least, most=MOST_SECONDS, value=value)
        )


def _check_env_name(_instance: object, _attribute: object, value: str | None) -> None:
    if value is not None and not _ENV_NAME.match(value):
        raise ValueError(
            _(
                "password_env must name an environment variable (letters, digits"
                " and '_'), not {value!r}; the password itself never goes in the file"
            ).format(value=value)
        )


@attrs.frozen(kw_only=True)
class SqliteSettings:
    """Settings of the ``sqlite`` store.

    ``lock_timeout`` (seconds, 0 to a day) is how long a save waits for
    another program's save to the same database file before it gives up.
    """

    lock_timeout: float = attrs.field(default=30.0, validator=_check_seconds)


@attrs.frozen(kw_only=True)
class PostgresqlSettings:
    """Settings of the ``postgresql`` store.

    ``password_env`` names the environment variable that holds the
    password (the password itself never goes in ``munintl.toml``; libpq's
    own ``PGPASSWORD`` and ``~/.pgpass`` work too).  ``connect_timeout``
    (seconds, 1 to a day) is how long to wait for the server to answer;
    ``lock_timeout`` (seconds, 0 to a day) how long a save waits for
    another user's save of the same portfolio before it gives up.
    """

    password_env: str | None = attrs.field(default=None, validator=_check_env_name)
    connect_timeout: int = attrs.field(default=10, validator=_check_seconds)
    lock_timeout: float = attrs.field(default=30.0, validator=_check_seconds)
