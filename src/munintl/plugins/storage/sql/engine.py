"""Connections to a munintl database, and driver errors as munintl errors.

Engines are shared by every store on the same database in a process (a
few at a time; the least recently used is closed).  A SQLite engine opens
a connection per operation, so nothing holds the file between calls; a
PostgreSQL engine keeps a small pool, checked before each use, since a
login costs tens of milliseconds.  A forked child starts with no engines
and never touches its parent's connections.

Transactions are explicit.  SQLite's Python driver would begin them on its
own, and late; here a read begins with ``BEGIN`` and a write with ``BEGIN
IMMEDIATE``, which takes the database's write lock at once, so two writers
queue instead of failing halfway.  PostgreSQL writes lock the portfolio's
row (``SELECT ... FOR UPDATE``) and wait for it at most ``lock_timeout``.
"""

from __future__ import annotations

import importlib.util
import json
import os
from collections import OrderedDict
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import TYPE_CHECKING, Any, NoReturn

from munintl.errors import StorageError
from munintl.i18n import _, clipped
from munintl.plugins.storage.sql.errors import (
    DatabaseConnectionError,
    DatabaseSchemaError,
    SimultaneousFirstSaveError,
)
from munintl.plugins.storage.sql.settings import PostgresqlSettings

if TYPE_CHECKING:
    import threading

    from sqlalchemy.engine import Connection, Engine

    from munintl.plugins.storage.sql.location import Target


class Encoded:
    """A JSON document already encoded: stored as it is, not encoded again.

    It holds the text rather than being one (a ``str`` subclass would copy
    the whole document when made, and again when turned back into ``str``:
    hundreds of megabytes for a national portfolio).
    """

    __slots__ = ("text",)

    def __init__(self, text: str) -> None:
        self.text = text


def _serialize(value: Any) -> str:
    if isinstance(value, Encoded):
        return value.text
    return json.dumps(value, ensure_ascii=False, separators=(",", ":"))


#: Engines by database URL and settings, least recently used first.
_ENGINES: OrderedDict[tuple[str, object], Engine] = OrderedDict()
_MOST_ENGINES = 8


def _forget_engines() -> None:
    # In a forked child: drop the parent's engines without closing its
    # connections, which the parent still uses.
    for engine in _ENGINES.values():
        engine.dispose(close=False)
    _ENGINES.clear()
    CURRENT.clear()


os.register_at_fork(after_in_child=_forget_engines)


#: The engines known to be on a database whose schema is current.
CURRENT: set[Engine] = set()


def engine_for(target: Target) -> Engine:
    """The engine for ``target``, shared with other stores on the same database."""
    address = target.url.render_as_string(hide_password=False)
    if target.dialect == "sqlite" and target.path is not None:
        # A relative file is relative to the directory of the moment: the
        # same URL after a chdir is another database.
        address = str(Path(os.path.abspath(target.path)))
    key = (address, target.settings)
    engine = _ENGINES.get(key)
    if engine is None:
        engine = _ENGINES[key] = make_engine(target)
        while len(_ENGINES) > _MOST_ENGINES:
            old = _ENGINES.popitem(last=False)[1]
            CURRENT.discard(old)
            old.dispose()
    _ENGINES.move_to_end(key)
    return engine


def make_engine(target: Target) -> Engine:
    """Create the engine for ``target`` (no connection is made yet)."""
    from sqlalchemy import create_engine, event
    from sqlalchemy.pool import NullPool

    settings = target.settings
    if target.dialect == "sqlite":
        engine = create_engine(
            target.url,
            poolclass=NullPool,
            json_serializer=_serialize,
            connect_args={"timeout": settings.lock_timeout},
        )

        @event.listens_for(engine, "connect")
        def _connect(dbapi_connection: Any, _record: Any) -> None:
            # Let SQLAlchemy's "begin" event, below, start every transaction.
            dbapi_connection.isolation_level = None
            cursor = dbapi_connection.cursor()
            cursor.execute("PRAGMA foreign_keys = ON")
            # A database file may come from anyone: its views and triggers
            # may not call functions with side effects.
            cursor.execute("PRAGMA trusted_schema = OFF")
            cursor.close()

        @event.listens_for(engine, "begin")
        def _begin(connection: Connection) -> None:
            write = connection.get_execution_options().get("munintl_write", False)
            connection.exec_driver_sql("BEGIN IMMEDIATE" if write else "BEGIN")

        return engine
    assert isinstance(settings, PostgresqlSettings)
    if importlib.util.find_spec("psycopg") is None:
        raise DatabaseConnectionError(
            _("{location}: cannot connect to the database: {reason}").format(
                location=target.database,
                reason='psycopg is not installed: pip install "munintl[postgres]"',
            )
        )
    return create_engine(
        target.url,
        pool_size=2,
        max_overflow=8,
        pool_pre_ping=True,
        json_serializer=_serialize,
        connect_args={
            "connect_timeout": settings.connect_timeout,
            "application_name": "munintl",
        },
    )


@contextmanager
def transaction(
    engine: Engine, target: Target, *, write: bool = False
) -> Iterator[Connection]:
    """Connect and run one transaction: committed on success, else rolled back.

    ``write`` takes SQLite's write lock at the start and sets PostgreSQL's
    ``lock_timeout``.  Driver errors become :class:`~munintl.errors.StorageError`
    with the password scrubbed from their text.
    """
    from sqlalchemy.exc import DBAPIError, SQLAlchemyError

    try:
        connection = engine.connect()
    except DBAPIError as error:
        raise _connection_error(target, error) from None
    except SQLAlchemyError as error:
        raise _connection_error(target, error) from None
    except (OSError, ValueError) as error:
        # What the driver lets through on its way to the server: a host name
        # too long for DNS (UnicodeError), a socket the system refused.
        raise _connection_error(target, error) from None
    try:
        if write:
            connection = connection.execution_options(munintl_write=True)
        with connection.begin():
            if write and target.dialect == "postgresql":
                milliseconds = int(target.settings.lock_timeout * 1000)
                connection.exec_driver_sql(f"SET LOCAL lock_timeout = {milliseconds}")
            yield connection
    except DBAPIError as error:
        _raise_database_error(target, error)
    except (ValueError, OverflowError, TypeError) as error:
        # A value SQLAlchemy cannot turn into Python: a time that is no
        # time (SQLite keeps what it is given).  munintl writes none of
        # these; another program changed the row.  Raised anywhere else,
        # it is munintl's own mistake, and says so as it is.
        if not _raised_in_sqlalchemy(error):
            raise
        raise unreadable_value(target, error) from None
    except engine.dialect.loaded_dbapi.Error as error:
        # Raised by the driver itself (the derived rows are sent with it).
        _raise_database_error(
            target,
            DBAPIError.instance(None, None, error, engine.dialect.loaded_dbapi.Error),
        )
    finally:
        connection.close()


@contextmanager
def in_background(work: Callable[[threading.Event], None]) -> Iterator[threading.Event]:
    """Run ``work(stop)`` in a second thread while the ``with`` block runs.

    The block may set ``stop`` to ask ``work`` to end early; the thread is
    waited for before the block's end goes on (whatever ends it: a
    connection ``work`` uses is never touched by two threads at once), and
    an error of ``work`` is raised then, unless the block raised one of its
    own or ``stop`` was set.  For a save that encodes a portfolio while the
    database server stores its derived rows: the driver lets go of the
    interpreter while it waits for the server.
    """
    import threading

    stop = threading.Event()
    failed: list[BaseException] = []

    def run() -> None:
        try:
            work(stop)
        except BaseException as error:  # noqa: BLE001 - handed to the waiting thread
            failed.append(error)

    thread = threading.Thread(target=run, name="munintl-save", daemon=True)
    thread.start()
    try:
        yield stop
    except BaseException:
        stop.set()
        _wait(thread)
        raise
    _wait(thread)
    if failed and not stop.is_set():
        raise failed[0]


def _wait(thread: threading.Thread) -> None:
    """Wait for ``thread``, even through an interrupt (raised after)."""
    interrupted: BaseException | None = None
    while thread.is_alive():
        try:
            thread.join()
        except BaseException as error:  # noqa: BLE001 - raised once the thread ended
            interrupted = error
    if interrupted is not None:
        raise interrupted


def _reason(target: Target, error: Exception) -> str:
    original = getattr(error, "orig", None) or error
    return clipped(target.scrub(str(original)), 400)


def _connection_error(target: Target, error: Exception) -> StorageError:
    return DatabaseConnectionError(
        _("{location}: cannot connect to the database: {reason}").format(
            location=target.database, reason=_reason(target, error)
        )
    )


def _raised_in_sqlalchemy(error: BaseException) -> bool:
    """Tell whether ``error`` was raised by SQLAlchemy's own code (its last frame)."""
    trace = error.__traceback__
    while trace is not None and trace.tb_next is not None:
        trace = trace.tb_next
    return trace is not None and "sqlalchemy" in trace.tb_frame.f_code.co_filename


def unreadable_value(target: Target, error: Exception) -> StorageError:
    """The error for a value in the database munintl did not write and cannot read."""
    return DatabaseSchemaError(
        _(
            "{location}: the database holds a value munintl cannot read"
            " ({reason}); another program changed it, or it is damaged;"
            " nothing was changed"
        ).format(location=target.database, reason=_reason(target, error))
    )


def _raise_database_error(target: Target, error: Exception) -> NoReturn:
    from sqlalchemy.exc import IntegrityError

    if isinstance(error, IntegrityError):
        # Two first saves of one key: the row neither could lock yet.
        raise SimultaneousFirstSaveError(
            _(
                "{location}: another program saved the same portfolio at the same"
                " moment; nothing was saved, load it again and redo the change"
            ).format(location=target.display)
        ) from None
    original = getattr(error, "orig", None)
    code = getattr(original, "sqlstate", None)
    text = str(original or error)
    if code == "55P03" or "database is locked" in text:
        raise StorageError(
            _(
                "{location}: another save held the database for more than"
                " {seconds:g} s (lock_timeout); nothing was saved, try again"
            ).format(location=target.database, seconds=target.settings.lock_timeout)
        ) from None
    if (code is not None and code.startswith("08")) or "connection" in text.lower():
        raise _connection_error(target, error) from None
    if "Could not decode to UTF-8" in text:
        raise unreadable_value(target, error) from None
    if code in {"42P01", "42703"} or text.startswith(
        ("no such table", "no such column")
    ):
        raise DatabaseSchemaError(
            _(
                "{location}: a table or column munintl made is missing ({reason}):"
                " another program changed the database, or it is damaged;"
                " nothing was changed"
            ).format(location=target.database, reason=_reason(target, error))
        ) from None
    if target.dialect == "sqlite" and (
        "file is not a database" in text or "disk image is malformed" in text
    ):
        raise DatabaseSchemaError(
            _(
                "{location}: not a SQLite database munintl can read ({reason}):"
                " another kind of file, or a damaged database; nothing was changed"
            ).format(location=target.database, reason=_reason(target, error))
        ) from None
    raise StorageError(
        _("{location}: the database refused the operation: {reason}").format(
            location=target.database, reason=_reason(target, error)
        )
    ) from None
