"""Read a database location: the URL, the portfolio's key and the settings.

``sqlite:///portal.db#aarhus`` is the SQLite file ``portal.db`` (relative
to the current directory; ``sqlite:////srv/portal.db`` is absolute) and the
portfolio ``aarhus`` in it.  ``postgresql://editor@db.example.org:5432/strategies#aarhus``
is the same in a PostgreSQL database (``?portfolio=aarhus`` is another way
to write ``#aarhus``).  The query string sets the store's
settings (``?lock_timeout=5``); for PostgreSQL, any other parameter is
handed to libpq (``?sslmode=require``).  A password in the URL works but is
better kept out of it: name the environment variable that holds it with
``password_env``, or use libpq's ``PGPASSWORD`` or ``~/.pgpass``.
"""

from __future__ import annotations

import os
import re
from pathlib import Path
from typing import TYPE_CHECKING, Any, Literal
from urllib.parse import unquote

import attrs

from munintl.errors import hide_password, password_span, printable
from munintl.i18n import _, clipped
from munintl.model.values import MAX_ID_LENGTH
from munintl.plugins.storage.sql.errors import DatabaseLocationError
from munintl.plugins.storage.sql.settings import PostgresqlSettings, SqliteSettings
from munintl.storage.revisions import is_suffix

if TYPE_CHECKING:
    from sqlalchemy.engine import URL

Dialect = Literal["sqlite", "postgresql"]

#: A key is written like an id (and as long at most): no line break, no
#: slash, nothing a message or a file name would have to escape.
_KEY = re.compile(r"[a-z0-9][a-z0-9-]{0,%d}" % (MAX_ID_LENGTH - 1))  # noqa: UP031
#: The most characters of a location a message quotes.
_MOST_SHOWN = 300

_SCHEMES: dict[str, Dialect] = {
    "sqlite": "sqlite",
    "postgresql": "postgresql",
    "postgres": "postgresql",
}
_DRIVERS: dict[Dialect, tuple[str, ...]] = {
    "sqlite": ("", "pysqlite"),
    "postgresql": ("", "psycopg"),
}


@attrs.frozen(kw_only=True)
class Target:
    """A database location, read: what to connect to and which portfolio.

    ``display`` is the location with any password masked, for messages;
    ``database`` the same without the key.  ``secret`` is the password, so
    that messages from the driver can be scrubbed of it.
    """

    dialect: Dialect
    url: URL = attrs.field(repr=False)
    key: str | None
    display: str
    database: str
    path: Path | None = None
    settings: SqliteSettings | PostgresqlSettings
    secret: str | None = attrs.field(default=None, repr=False)
    #: An earlier revision the location names (``#aarhus@3``): read only.
    revision: str | None = None

    def scrub(self, text: str) -> str:
        """Return ``text`` with the password masked and on one line."""
        if self.secret:
            text = text.replace(self.secret, "***")
        return " ".join(text.split())

    def at(self, key: str) -> str:
        """The display location of the portfolio ``key`` in this database."""
        return f"{self.database}#{key}"


def parse_location(
    location: str, settings: SqliteSettings | PostgresqlSettings
) -> Target:
    """Read ``location`` with ``settings`` from ``munintl.toml`` as the defaults.

    Raises :class:`~munintl.plugins.storage.sql.errors.DatabaseLocationError`
    for a malformed URL, an unknown setting, a key that is not an id, or a
    ``password_env`` naming a variable that is not set.
    """
    from sqlalchemy.engine import make_url
    from sqlalchemy.exc import ArgumentError

    _refuse_unescaped_password(location)
    text, _sep, fragment = location.partition("#")
    text, key = _portfolio_parameter(text, unquote(fragment) or None)
    # Messages quote the location, cut to a few lines when it is longer.
    shown = clipped(_mask(text), _MOST_SHOWN)
    revision = None
    if key is not None and "@" in key and is_suffix(key.rpartition("@")[2]):
        key, _at, revision = key.rpartition("@")
    if key is not None and not _KEY.fullmatch(key):
        raise DatabaseLocationError(
            _(
                "{location}: {key} after '#' is not a portfolio key; a key is"
                " lower-case letters, digits and '-', like a municipality's id"
                " (at most {most} characters)"
            ).format(
                location=shown,
                key=clipped(printable(repr(key)), 60),
                most=MAX_ID_LENGTH,
            )
        )
    try:
        url = make_url(text)
        scheme, _plus, driver = url.drivername.partition("+")
        _port = url.port  # a port that is not a number raises here
    except (ArgumentError, ValueError) as error:
        raise DatabaseLocationError(
            _("{location}: not a database URL ({reason})").format(
                location=shown, reason=clipped(str(error), 120)
            )
        ) from None
    dialect = _SCHEMES.get(scheme.lower())
    if dialect is None or driver not in _DRIVERS[dialect]:
        raise DatabaseLocationError(
            _(
                "{location}: munintl's database stores take sqlite:// and"
                " postgresql:// locations, not {scheme}://"
            ).format(location=shown, scheme=clipped(url.drivername, 40))
        )
    settings = _settings_from_environment(shown, dialect, settings)
    settings, query = _settings_from_query(shown, url.query, settings)
    display = f"{shown}#{key}" if key else shown
    if dialect == "sqlite":
        target = _sqlite_target(url, key, display, shown, query, settings)
    else:
        target = _postgresql_target(url, key, display, shown, query, settings)
    return target if revision is None else attrs.evolve(target, revision=revision)


def _portfolio_parameter(text: str, key: str | None) -> tuple[str, str | None]:
    """Take ``?portfolio=KEY`` out of the URL ``text``: the same as ``#KEY``.

    Returns the URL without it and the key; naming two portfolios (the
    parameter twice, or it and a different ``#KEY``) is refused.
    """
    base, question, query = text.partition("?")
    if not question:
        return text, key
    kept: list[str] = []
    named: list[str] = []
    for part in query.split("&"):
        name, _equals, value = part.partition("=")
        if unquote(name) == "portfolio":
            named.append(unquote(value))
        elif part:
            kept.append(part)
    if not named:
        return text, key
    given = {*named, *([key] if key is not None else [])}
    if len(given) > 1:
        raise DatabaseLocationError(
            _(
                "{location}: the location names more than one portfolio ({keys});"
                " name one, after '#' or as ?portfolio=KEY"
            ).format(
                location=_mask(base),
                keys=", ".join(clipped(printable(repr(k)), 40) for k in sorted(given)),
            )
        )
    return base + ("?" + "&".join(kept) if kept else ""), named[0] or None


def _mask(text: str) -> str:
    """``text`` with the password between ``user:`` and ``@`` replaced by ***."""
    return hide_password(text, whole=True)


#: What a password in a URL must write with ``%``: it would end the user
#: part (``@``), the host (``/``), the address (``#``), or is no escape.
_UNESCAPED = re.compile(r"[@/#]|%(?![0-9A-Fa-f]{2})")


def _refuse_unescaped_password(location: str) -> None:
    """Refuse a password that the URL's own characters would cut in pieces.

    Read as written, ``postgresql://editor:p@ss@db/portal`` would send the
    wrong password and name ``ss@db`` as the host, and a message would show
    a piece of the password; so it is refused, without showing either.
    """
    span = password_span(location)
    if span is None or not _UNESCAPED.search(location[span[0] : span[1]]):
        return
    scheme = location.partition("://")[0]
    raise DatabaseLocationError(
        _(
            "{scheme}://...: the password in the URL holds @, /, # or a % that"
            " does not start an escape; write them as %40, %2F, %23 and %25,"
            " or keep the password out of the URL (password_env or PGPASSWORD)"
        ).format(scheme=scheme)
    )


def _settings_from_environment(
    shown: str, dialect: Dialect, settings: SqliteSettings | PostgresqlSettings
) -> Any:
    """``settings`` with what ``MUNINTL_<STORE>_<SETTING>`` variables set.

    ``MUNINTL_SQLITE_LOCK_TIMEOUT=5``, ``MUNINTL_POSTGRESQL_PASSWORD_ENV=...``:
    over ``munintl.toml``, under the location's query string.
    """
    for field in attrs.fields(type(settings)):
        variable = f"MUNINTL_{dialect.upper()}_{field.name.upper()}"
        value = os.environ.get(variable, "")
        if value:
            settings, _rest = _settings_from_query(
                shown, {field.name: value}, settings, label=variable
            )
    return settings


def _settings_from_query(
    shown: str,
    query: Any,
    settings: SqliteSettings | PostgresqlSettings,
    *,
    label: str | None = None,
) -> tuple[Any, dict[str, str]]:
    """Split the query string into settings (over ``settings``) and the rest.

    ``label`` names where a single setting came from (an environment
    variable), for messages.
    """
    fields = {field.name: field for field in attrs.fields(type(settings))}
    changes: dict[str, Any] = {}
    rest: dict[str, str] = {}
    for name, value in query.items():
        if not isinstance(value, str):
            raise DatabaseLocationError(
                _("{location}: {name} is given more than once").format(
                    location=shown, name=clipped(name, 40)
                )
            )
        field = fields.get(name)
        if field is None:
            rest[name] = value
            continue
        numbers: dict[object, type] = {float: float, int: int, "float": float}
        numbers["int"] = int
        kind = numbers.get(field.type)
        try:
            changes[name] = kind(value) if kind else value
        except ValueError:
            raise DatabaseLocationError(
                _("{location}: {name}={value} is not a number").format(
                    location=shown,
                    name=label or clipped(name, 40),
                    value=clipped(value, 40),
                )
            ) from None
    try:
        return attrs.evolve(settings, **changes), rest
    except ValueError as error:
        where = f" ({label})" if label else ""
        raise DatabaseLocationError(f"{shown}: {error}{where}") from None


def _sqlite_target(  # noqa: PLR0917 - the parts parse_location has read
    url: URL,
    key: str | None,
    display: str,
    shown: str,
    query: dict[str, str],
    settings: Any,
) -> Target:
    if query:
        raise DatabaseLocationError(
            _(
                "{location}: unknown setting {names}; the sqlite store takes {known}"
            ).format(
                location=shown,
                names=clipped(", ".join(sorted(query)), 120),
                known=", ".join(f.name for f in attrs.fields(SqliteSettings)),
            )
        )
    database = url.database or ""
    if not database or database == ":memory:" or url.host:
        raise DatabaseLocationError(
            _(
                "{location}: name the database file, as in sqlite:///portal.db"
                " (relative) or sqlite:////srv/munintl/portal.db (absolute)"
            ).format(location=shown)
        )
    # A relative file is relative to the directory of the moment the
    # location is read: a store opened on it keeps that file after a chdir.
    path = Path(os.path.abspath(database))
    return Target(
        dialect="sqlite",
        url=url.set(drivername="sqlite+pysqlite", query={}, database=str(path)),
        key=key,
        display=display,
        database=shown,
        path=path,
        settings=settings,
    )


def _postgresql_target(  # noqa: PLR0917 - the parts parse_location has read
    url: URL,
    key: str | None,
    display: str,
    database: str,
    query: dict[str, str],
    settings: Any,
) -> Target:
    assert isinstance(settings, PostgresqlSettings)
    if not url.database:
        raise DatabaseLocationError(
            _(
                "{location}: name the database, as in"
                " postgresql://user@host/database#key"
            ).format(location=database)
        )
    password = url.password
    if password is None and isinstance(query.get("password"), str):
        password = query.pop("password")  # libpq's own way to give it
    if password is None and settings.password_env:
        password = os.environ.get(settings.password_env)
        if password is None:
            raise DatabaseLocationError(
                _(
                    "{location}: the environment variable {name} (password_env)"
                    " is not set; set it to the database password"
                ).format(location=database, name=settings.password_env)
            )
    secret = str(password) if password is not None else None
    url = url.set(drivername="postgresql+psycopg", password=password, query=query)
    return Target(
        dialect="postgresql",
        url=url,
        key=key,
        display=display,
        database=database,
        settings=settings,
        secret=secret,
    )
