"""The database store: many portfolios in SQLite or PostgreSQL, with history.

A :class:`DatabaseStore` is opened on one location (see
:mod:`munintl.plugins.storage.sql.location`).  With a key
(``sqlite:///portal.db#aarhus``) it loads, saves and reports the revision of
that portfolio; without one it addresses the database's only portfolio,
and a first save stores the portfolio under its municipality's id.
:meth:`~DatabaseStore.keys` and :meth:`~DatabaseStore.delete` work on the
whole database, :meth:`~DatabaseStore.history` and
:meth:`~DatabaseStore.load_revision` on the addressed portfolio's revisions.

Every save is one transaction: it checks the revision the caller expects
under the database's write lock (SQLite) or the portfolio's row lock
(PostgreSQL), moves the current revision into the history table, writes the
new document and fills the derived tables.  A save killed at any point
leaves the previous revision as it was.  In PostgreSQL the portfolio is
encoded (and checked to read back) while a second thread sends its
derived rows, so the server stores them while the client encodes; what
the check refuses, or a portfolio that turns out unchanged, is rolled
back with them.  Revisions count up per portfolio
(``"1"``, ``"2"``, ...) and never repeat, even after a delete.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import os
from typing import TYPE_CHECKING, Any

import attrs

from munintl.errors import (
    ConflictError,
    Finding,
    StorageError,
    ValidationError,
    printable,
)
from munintl.i18n import _, clipped
from munintl.plugins.storage.sql import schema
from munintl.plugins.storage.sql.derive import (
    delete_derived,
    derived_rows,
    insert_derived,
)
from munintl.plugins.storage.sql.document import read_document
from munintl.plugins.storage.sql.engine import (
    CURRENT,
    Encoded,
    engine_for,
    in_background,
    transaction,
    unreadable_value,
)
from munintl.plugins.storage.sql.errors import (
    DatabaseLocationError,
    SimultaneousFirstSaveError,
    UnknownPortfolioError,
)
from munintl.plugins.storage.sql.location import parse_location
from munintl.plugins.storage.sql.migrate import HEAD, schema_revision, upgrade
from munintl.storage.revisions import resolve

if TYPE_CHECKING:
    import threading
    from pathlib import Path

    import sqlalchemy as sa
    from sqlalchemy.engine import Connection

    from munintl.hooks.queries import Hit, PairLink, Query
    from munintl.model import Portfolio
    from munintl.plugins.storage.sql.settings import PostgresqlSettings, SqliteSettings


@attrs.frozen(kw_only=True)
class RevisionInfo:
    """One revision of a portfolio, as :meth:`DatabaseStore.history` lists it.

    ``replaced_at`` is when a later save (or, with ``deleted``, a delete)
    replaced it; None for the current revision.  ``saved_by`` is who saved
    it, where that was recorded (see :func:`author`).
    """

    key: str
    revision: str
    saved_at: dt.datetime
    digest: str
    replaced_at: dt.datetime | None = None
    deleted: bool = False
    saved_by: str | None = None

    @property
    def current(self) -> bool:
        """Tell whether this is the portfolio's current revision."""
        return self.replaced_at is None


@attrs.frozen(kw_only=True)
class PortfolioInfo:
    """One portfolio in a database, as :meth:`DatabaseStore.portfolios` lists it."""

    key: str
    municipality: str
    name: str | None
    revision: str
    saved_at: dt.datetime
    saved_by: str | None = None


#: The environment variable that names who saves, in the history.
AUTHOR_ENV = "MUNINTL_AUTHOR"


def author(dialect: str) -> Any:
    """Who is saving, for the history: ``$MUNINTL_AUTHOR``, else the login.

    The login is PostgreSQL's ``current_user`` (who the server let in),
    given as the SQL expression the server fills in where it is stored,
    or, for SQLite, the operating system's user; None when neither is known.
    """
    import getpass

    import sqlalchemy as sa

    named = os.environ.get(AUTHOR_ENV, "").strip()
    if named:
        return named[:200]
    if dialect == "postgresql":
        return sa.func.current_user()
    try:
        return getpass.getuser()[:200]
    except (OSError, KeyError):  # no login name: a container without a user
        return None


def _utc(value: dt.datetime) -> dt.datetime:
    # SQLite keeps no time zone; every time munintl writes is in UTC.
    return value if value.tzinfo else value.replace(tzinfo=dt.UTC)


def _when(value: dt.datetime) -> str:
    return _utc(value).strftime("%Y-%m-%d %H:%M:%S UTC")


class _Unchanged(Exception):
    """Raised inside a save's transaction to roll it back: nothing changed."""

    def __init__(self, revision: int) -> None:
        super().__init__(revision)
        self.revision = revision


def _unchanged(current: Any, digest: str) -> bool:
    """Tell whether the current revision (a row, or None) has this digest."""
    return current is not None and current.digest == digest


#: The files SQLite keeps beside a database while it writes.
_SIDE_FILES = ("-journal", "-wal", "-shm")


class DatabaseStore:
    """Portfolios in a SQLite or PostgreSQL database (see the module's notes)."""

    capabilities: frozenset[str] = frozenset(
        {"revisions", "many", "transactions", "queries", "history"}
    )

    def __init__(
        self, location: str, settings: SqliteSettings | PostgresqlSettings
    ) -> None:
        self.location = location
        self.target = parse_location(location, settings)
        self.engine = engine_for(self.target)
        #: The revision the last :meth:`load` or :meth:`save` saw.
        self.loaded_revision: str | None = None
        self._schema_ready = False

    def __repr__(self) -> str:
        return f"DatabaseStore({self.target.display!r})"

    # -- the Store protocol ------------------------------------------------------

    def exists(self) -> bool:
        """Tell whether the location holds a portfolio.

        For a location that names an earlier revision (``#aarhus@3``):
        whether the portfolio has any revision (:meth:`load` says which
        is not there).
        """
        if not self._ready(create=False):
            return False
        if self.target.revision is not None:
            return bool(self.history())
        with self._read() as connection:
            if self.target.key is None:
                return bool(self._keys(connection, limit=1))
            return self._current(connection, self.target.key) is not None

    def revision(self) -> str | None:
        """Return the addressed portfolio's current revision (None if there is none).

        For a location that names an earlier revision, that revision.
        """
        if not self._ready(create=False):
            return None
        if self.target.revision is not None:
            return self._named_revision()
        with self._read() as connection:
            key = self._key_for_reading(connection)
            row = None if key is None else self._current(connection, key)
        return None if row is None else str(row.revision)

    def load(self) -> Portfolio:
        """Read the addressed portfolio's current revision, or the one it names.

        A location may name an earlier revision (``#aarhus@3``, ``@-1``,
        ``@FOLLOWUP-ID``: :mod:`munintl.storage.revisions`); it is read
        as it was, and such a location is never saved to.
        """
        if self.target.revision is not None:
            return self.load_revision(self._named_revision())
        return self.load_portfolio(None)

    def _named_revision(self) -> str:
        """The number of the revision the location names after ``@``."""
        assert self.target.revision is not None
        return resolve(_Current(self), self.target.display, self.target.revision)

    def _refuse_a_revision(self) -> None:
        """Refuse to write to, or query, a location that names an earlier revision."""
        if self.target.revision is not None:
            raise StorageError(
                _(
                    "{location}@{revision} names an earlier revision, which is"
                    " kept as it was: read it (show, convert, diff), or write to"
                    " {location}, the current one"
                ).format(location=self.target.display, revision=self.target.revision)
            )

    def load_portfolio(self, key: str | None) -> Portfolio:
        """Read portfolio ``key``'s current revision (None: the addressed one)."""
        addressed = key is None or key == self.target.key
        with self._read(missing=True) as connection:
            if key is None:
                key = self._key_for_reading(connection, required=True)
            assert key is not None
            row = self._document(connection, schema.portfolios, key)
            if row is None:
                raise self._unknown(connection, key)
        portfolio = self._structure(row[1], self.target.at(key))
        if addressed:
            self.loaded_revision = str(row[0])
        return portfolio

    def save(
        self, portfolio: Portfolio, *, expected_revision: str | None = None
    ) -> str:
        """Store ``portfolio`` as the addressed portfolio's next revision.

        Returns the new revision, or the current one when nothing changed.
        Raises :class:`~munintl.errors.ConflictError` when
        ``expected_revision`` is given and another revision was saved since,
        :class:`~munintl.errors.ValidationError` for a portfolio that would
        not read back, and :class:`~munintl.errors.StorageError` when the
        location does not say which portfolio to replace.
        """
        self._refuse_a_revision()
        # PostgreSQL: encoded in _write, while the server stores the rows.
        encoded = (
            None if self.target.dialect == "postgresql" else self._encode(portfolio)
        )
        path = self.target.path
        made = path is not None and not path.exists()
        try:
            self._ready(create=True)
            try:
                revision = self._save_once(portfolio, encoded, expected_revision)
            except SimultaneousFirstSaveError:
                if expected_revision is not None:
                    raise
                # A save that expects no revision replaces whatever is
                # there, as it would have a moment later: now there is a
                # row to lock, and the second try saves over the other.
                revision = self._save_once(portfolio, encoded, None)
        except BaseException:
            if made and path is not None:
                self._discard_new_file(path)
            raise
        self.loaded_revision = str(revision)
        return str(revision)

    def _save_once(
        self,
        portfolio: Portfolio,
        encoded: tuple[str, str] | None,
        expected_revision: str | None,
    ) -> int:
        """Run one save's transaction; return the revision saved (or kept).

        ``encoded`` is the document and its digest, or None to encode the
        portfolio while the derived rows are sent (see :meth:`_write`).
        """
        now = dt.datetime.now(dt.UTC)
        try:
            with transaction(self.engine, self.target, write=True) as connection:
                key = self._key_for_saving(connection, portfolio)
                current = self._current(connection, key, lock=True)
                self._check_expected(connection, key, current, expected_revision)
                if encoded is not None and _unchanged(current, encoded[1]):
                    return int(current.revision)
                return self._write(connection, key, portfolio, encoded, current, now)
        except _Unchanged as unchanged:  # rolled back: nothing to write
            return unchanged.revision

    def _discard_new_file(self, path: Path) -> None:
        """Remove the database file a failed first save made, if it holds nothing.

        A save that failed (a full disk, say) leaves no database file behind
        where there was none: nothing changed.  But another program may
        have saved into the same new file meanwhile: the file is removed
        only when, under its write lock, it holds no portfolio and no
        revision -- and a file that cannot be read so is left alone.
        """
        import sqlalchemy as sa

        self._schema_ready = False
        try:
            with transaction(self.engine, self.target, write=True) as connection:
                tables = set(sa.inspect(connection).get_table_names())
                if (
                    tables
                    - {t.name for t in schema.metadata.sorted_tables}
                    - {schema.VERSION_TABLE}
                ):
                    return  # another program's tables
                for table in (schema.portfolios, schema.revisions):
                    if (
                        table.name in tables
                        and connection.execute(
                            sa.select(sa.literal(1)).select_from(table).limit(1)
                        ).first()
                    ):
                        return  # someone else's save
        except Exception:  # noqa: BLE001 - when in doubt, keep the file
            return
        for leftover in (
            path,
            *(path.with_name(path.name + end) for end in _SIDE_FILES),
        ):
            leftover.unlink(missing_ok=True)

    def locate(self, finding: Finding) -> Finding:
        """Return ``finding`` as it is: a database has no lines to point at."""
        return finding

    # -- the ManyStore protocol ----------------------------------------------------

    def keys(self) -> list[str]:
        """The keys of every portfolio in the database, sorted."""
        if not self._ready(create=False):
            return []
        with self._read() as connection:
            return self._keys(connection)

    def portfolios(self) -> list[PortfolioInfo]:
        """Every portfolio in the database, by key: who, which revision, when."""
        import sqlalchemy as sa

        if not self._ready(create=False):
            return []
        table = schema.portfolios
        with self._read() as connection:
            rows = connection.execute(
                sa.select(
                    table.c.key,
                    table.c.municipality,
                    table.c.name,
                    table.c.revision,
                    table.c.saved_at,
                    table.c.saved_by,
                ).order_by(table.c.key)
            ).all()
        return [
            PortfolioInfo(
                key=str(row.key),
                municipality=str(row.municipality),
                name=row.name,
                revision=str(row.revision),
                saved_at=_utc(row.saved_at),
                saved_by=row.saved_by,
            )
            for row in rows
        ]

    def delete(self, key: str) -> None:
        """Remove the portfolio ``key``; its revisions stay in the history.

        Raises :class:`~munintl.plugins.storage.sql.errors.UnknownPortfolioError`
        when there is none.
        """
        import sqlalchemy as sa

        if not self._ready(create=False):
            raise UnknownPortfolioError(
                _("{location}: no portfolio is stored here").format(
                    location=self.target.database
                )
            )
        now = dt.datetime.now(dt.UTC)
        with transaction(self.engine, self.target, write=True) as connection:
            if self._current(connection, key, lock=True) is None:
                raise self._unknown(connection, key)
            connection.execute(self._archive(key, now, deleted=True))
            delete_derived(connection, self.target.dialect, key)
            connection.execute(
                sa.delete(schema.portfolios).where(schema.portfolios.c.key == key)
            )

    # -- queries ---------------------------------------------------------------------

    def query(self, query: Query) -> list[Hit]:
        """Answer ``query`` with SQL (see :mod:`munintl.hooks.queries`).

        With a key in the location, only that portfolio is searched;
        without one, every portfolio in the database.
        """
        from munintl.plugins.storage.sql.query import run_query

        self._refuse_a_revision()
        if not self._ready(create=False):
            return []
        with self._read() as connection:
            return run_query(connection, query, self.target.key)

    def addressed(self) -> str | None:
        """The key the location names, if it names one."""
        return self.target.key

    def place(self, key: str) -> str:
        """The location of portfolio ``key`` in this database, password masked."""
        return self.target.at(key)

    def links(self) -> list[PairLink]:
        """Every partnership between the database's portfolios, found with SQL.

        All portfolios, whatever key the location names (see
        :class:`~munintl.hooks.queries.PairStore`).
        """
        from munintl.plugins.storage.sql.query import run_links

        self._refuse_a_revision()
        if not self._ready(create=False):
            return []
        with self._read() as connection:
            return run_links(connection)

    # -- history ---------------------------------------------------------------------

    def history(self) -> list[RevisionInfo]:
        """Every revision of the addressed portfolio, oldest first.

        A deleted portfolio's revisions are listed too, the last one marked
        ``deleted``; name it with a key to see them.
        """
        import sqlalchemy as sa

        old = schema.revisions
        with self._read(missing=True) as connection:
            key = self._key_for_reading(connection, required=False)
            if key is None:
                key = self.target.key
            if key is None:
                return []
            rows = connection.execute(
                sa.select(
                    old.c.revision,
                    old.c.saved_at,
                    old.c.digest,
                    old.c.replaced_at,
                    old.c.deleted,
                    old.c.saved_by,
                )
                .where(old.c.key == key)
                .order_by(old.c.revision)
            ).all()
            current = self._current(connection, key)
        found = [
            RevisionInfo(
                key=key,
                revision=str(row.revision),
                saved_at=_utc(row.saved_at),
                digest=row.digest,
                replaced_at=_utc(row.replaced_at),
                deleted=bool(row.deleted),
                saved_by=row.saved_by,
            )
            for row in rows
        ]
        if current is not None:
            found.append(
                RevisionInfo(
                    key=key,
                    revision=str(current.revision),
                    saved_at=_utc(current.saved_at),
                    digest=current.digest,
                    saved_by=current.saved_by,
                )
            )
        return found

    def load_revision(self, revision: str) -> Portfolio:
        """Read one revision of the addressed portfolio, current or earlier.

        Raises :class:`~munintl.errors.StorageError` when there is no such
        revision.
        """
        with self._read(missing=True) as connection:
            key = self._key_for_reading(connection, required=False) or self.target.key
            if key is None:
                raise StorageError(
                    _("{location}: no portfolio is stored here").format(
                        location=self.target.database
                    )
                )
            ascii_number = revision.isascii() and revision.isdecimal()
            number = int(revision) if ascii_number and len(revision) < 19 else -1
            found = None
            for table in (schema.portfolios, schema.revisions):
                found = self._document(connection, table, key, number)
                if found is not None:
                    break
            if found is None:
                raise StorageError(
                    _(
                        "{location}: there is no revision {revision}; `munintl"
                        " history` lists the revisions"
                    ).format(location=self.target.at(key), revision=revision)
                )
        return self._structure(found[1], f"{self.target.at(key)}@{revision}")

    def _document(
        self,
        connection: Connection,
        table: sa.Table,
        key: str,
        revision: int | None = None,
    ) -> tuple[int, str | bytes] | None:
        """The revision and the document of ``key``'s row in ``table``, or None.

        With ``revision``, of that revision's row only.  PostgreSQL sends the
        document as UTF-8 bytes, in binary: the decoder reads bytes, so no
        text of hundreds of megabytes is made of them only to be encoded
        again (a tenth of the load of a national portfolio).
        """
        import sqlalchemy as sa

        if self.target.dialect == "postgresql":
            where = "key = %s" if revision is None else "key = %s AND revision = %s"
            driver: Any = connection.connection.driver_connection
            with driver.cursor(binary=True) as cursor:
                statement = (
                    "SELECT revision, convert_to(document::text, 'UTF8')"  # noqa: S608 - munintl's own table
                    f" FROM {table.name} WHERE {where}"
                )
                cursor.execute(
                    statement, (key,) if revision is None else (key, revision)
                )
                found = cursor.fetchone()
            return None if found is None else (found[0], found[1])
        query = sa.select(table.c.revision, sa.cast(table.c.document, sa.Text)).where(
            table.c.key == key
        )
        if revision is not None:
            query = query.where(table.c.revision == revision)
        row = connection.execute(query).first()
        return None if row is None else (row[0], row[1])

    # -- helpers: schema and transactions ----------------------------------------------

    def _ready(self, *, create: bool) -> bool:
        """Make sure the schema is current; False if the database is still empty.

        A read never creates anything: a missing SQLite file or an empty
        database reads as holding no portfolio.
        """
        if self._schema_ready or self.engine in CURRENT:
            return True
        path = self.target.path
        if path is not None and path.is_dir():
            raise DatabaseLocationError(
                _(
                    "{location}: {path} is a folder; name a database file, as in"
                    " sqlite:///{example}"
                ).format(
                    location=self.target.database,
                    path=path,
                    example=(path / "portal.db").as_posix(),
                )
            )
        if path is not None and not create and not path.exists():
            return False
        if path is not None and create and not path.parent.is_dir():
            # As the file stores do: a new database may go in a new folder.
            try:
                path.parent.mkdir(parents=True, exist_ok=True)
            except OSError as error:
                raise StorageError(
                    _("{path}: the system refused: {reason}").format(
                        path=path.parent, reason=error.strerror or error
                    )
                ) from None
        with transaction(self.engine, self.target) as connection:
            found = schema_revision(connection, self.target)
        if found is None and not create:
            return False
        if found != HEAD:
            with transaction(self.engine, self.target, write=True) as connection:
                upgrade(connection, self.target)
        self._schema_ready = True
        if self.target.dialect == "postgresql":
            # A server database is not deleted under a running program the
            # way a file may be: once current, it stays so for the process.
            CURRENT.add(self.engine)
        return True

    def _read(self, *, missing: bool = False) -> Any:
        """A read transaction; with ``missing``, an empty database is an error."""
        if missing and not self._ready(create=False):
            raise StorageError(
                _("{location}: no portfolio is stored here").format(
                    location=self.target.display
                )
            )
        return transaction(self.engine, self.target)

    # -- helpers: keys -------------------------------------------------------------

    def _keys(self, connection: Connection, limit: int | None = None) -> list[str]:
        import sqlalchemy as sa

        query = sa.select(schema.portfolios.c.key).order_by(schema.portfolios.c.key)
        if limit is not None:
            query = query.limit(limit)
        return [str(key) for key in connection.execute(query).scalars()]

    def _key_for_reading(
        self, connection: Connection, *, required: bool = False
    ) -> str | None:
        """The addressed key; without one in the location, the only portfolio's."""
        if self.target.key is not None:
            return self.target.key
        keys = self._keys(connection, limit=None)
        if len(keys) == 1:
            return keys[0]
        if not keys:
            if required:
                raise StorageError(
                    _("{location}: no portfolio is stored here").format(
                        location=self.target.database
                    )
                )
            return None
        raise StorageError(
            _(
                "{location} holds {count} portfolios ({keys}); add the one you"
                " mean after '#', as in {example}"
            ).format(
                location=self.target.database,
                count=len(keys),
                keys=", ".join(keys),
                example=self.target.at(keys[0]),
            )
        )

    def _key_for_saving(self, connection: Connection, portfolio: Portfolio) -> str:
        """The key a save writes: the location's, else the municipality's id.

        Without a key in the location, a save replaces the database's only
        portfolio when it is the same municipality's; it never replaces
        another municipality's portfolio.
        """
        if self.target.key is not None:
            return self.target.key
        own = portfolio.municipality.id
        keys = self._keys(connection)
        if not keys or keys == [own]:
            return own
        raise StorageError(
            _(
                "{location} holds {keys}; say which portfolio to write after '#',"
                " as in {example}; nothing was saved"
            ).format(
                location=self.target.database,
                keys=", ".join(keys),
                example=self.target.at(own),
            )
        )

    def _unknown(self, connection: Connection, key: str) -> StorageError:
        import sqlalchemy as sa

        keys = self._keys(connection)
        held = (
            _("it holds {keys}").format(keys=", ".join(keys))
            if keys
            else _("it holds no portfolio")
        )
        old = schema.revisions
        last = connection.execute(
            sa.select(sa.func.max(old.c.revision)).where(old.c.key == key)
        ).scalar()
        if last is not None:
            # A deleted portfolio: its revisions are still there to read.
            held = _(
                "it was deleted; its last revision is {place}@{last} (munintl"
                " history {place}); {held}"
            ).format(place=self.target.at(key), last=last, held=held)
        return UnknownPortfolioError(
            _("{location}: no portfolio is stored under {key!r}; {held}").format(
                location=self.target.database, key=key, held=held
            )
        )

    # -- helpers: revisions ------------------------------------------------------------

    def _current(self, connection: Connection, key: str, *, lock: bool = False) -> Any:
        import sqlalchemy as sa

        table = schema.portfolios
        query = sa.select(
            table.c.revision, table.c.saved_at, table.c.digest, table.c.saved_by
        ).where(table.c.key == key)
        if lock and self.target.dialect == "postgresql":
            query = query.with_for_update()
        row = connection.execute(query).first()
        if row is not None and not isinstance(row.revision, int):
            # SQLite keeps whatever another program wrote in the column.
            raise unreadable_value(
                self.target, ValueError(f"revision {row.revision!r}")
            )
        return row

    def _check_expected(
        self,
        connection: Connection,
        key: str,
        current: Any,
        expected: str | None,
    ) -> None:
        """Raise :class:`~munintl.errors.ConflictError` unless ``expected`` is current.

        The message says which revision changed the portfolio, and when.
        """
        if expected is None:
            return
        if current is not None and str(current.revision) == expected:
            return
        location = self.target.at(key)
        if current is None:
            raise ConflictError(
                _(
                    "{location}: revision {expected} was expected, but no portfolio"
                    " is stored there now (deleted since?); nothing was saved"
                ).format(location=location, expected=expected)
            )
        if not (expected.isascii() and expected.isdecimal()) or int(expected) > int(
            current.revision
        ):
            # Not a revision this portfolio has had: there is no "after" it.
            raise ConflictError(
                _(
                    "{location}: revision {expected} was expected, but the"
                    " portfolio has had no such revision: the current one is"
                    " {current}, saved at {when}; nothing was saved; load it"
                    " again and redo your change"
                ).format(
                    location=location,
                    expected=clipped(printable(expected), 30),
                    current=current.revision,
                    when=_when(current.saved_at),
                )
            )
        number, when = self._first_change(connection, key, expected, current)
        raise ConflictError(
            _(
                "{location} changed after revision {expected}: revision {number}"
                " was saved at {when} (the current revision is {current});"
                " nothing was saved; load it again and redo your change"
            ).format(
                location=location,
                expected=expected,
                number=number,
                when=_when(when),
                current=current.revision,
            )
        )

    def _first_change(
        self, connection: Connection, key: str, expected: str, current: Any
    ) -> tuple[int, dt.datetime]:
        """The first revision saved after ``expected``, and when it was saved."""
        import sqlalchemy as sa

        if not expected.isdecimal() or int(expected) + 1 >= current.revision:
            return int(current.revision), current.saved_at
        old = schema.revisions
        row = connection.execute(
            sa.select(old.c.revision, old.c.saved_at)
            .where(old.c.key == key, old.c.revision > int(expected))
            .order_by(old.c.revision)
            .limit(1)
        ).first()
        if row is None:
            return int(current.revision), current.saved_at
        return int(row.revision), row.saved_at

    def _archive(self, key: str, now: dt.datetime, *, deleted: bool) -> Any:
        """The statement that copies ``key``'s current revision into the history."""
        import sqlalchemy as sa

        now_ = schema.portfolios
        return sa.insert(schema.revisions).from_select(
            [
                "key",
                "revision",
                "saved_at",
                "replaced_at",
                "deleted",
                "digest",
                "document",
                "saved_by",
            ],
            sa.select(
                now_.c.key,
                now_.c.revision,
                now_.c.saved_at,
                sa.literal(now, sa.DateTime(timezone=True)),
                sa.literal(deleted, sa.Boolean),
                now_.c.digest,
                now_.c.document,
                now_.c.saved_by,
            ).where(now_.c.key == key),
        )

    def _write(  # noqa: PLR0917 - one call site, every argument a part of the write
        self,
        connection: Connection,
        key: str,
        portfolio: Portfolio,
        encoded: tuple[str, str] | None,
        current: Any,
        now: dt.datetime,
    ) -> int:
        """Write a new revision of ``key`` and its derived rows; return its number.

        ``encoded`` is the portfolio's document and digest (see
        :meth:`_encode`), or None to encode it here while a second thread
        sends the derived rows: the server then stores them as this one
        encodes, where each used to wait for the other.  Until the
        transaction commits nothing of it is seen, so a portfolio the
        encoding refuses, or one that turns out unchanged
        (:class:`_Unchanged`), leaves the database as it was.  A new
        portfolio's row is written first, its document last, since the
        derived rows refer to it.
        """
        dialect = self.target.dialect
        if current is None:
            revision = self._insert_head(connection, key, portfolio, now, encoded)
        else:
            revision = int(current.revision) + 1

        def rows(stop: threading.Event | None) -> None:
            if current is not None:
                delete_derived(connection, dialect, key)
            found = derived_rows(key, portfolio, dates_as_text=dialect == "sqlite")
            insert_derived(connection, dialect, found, stop=stop)

        if encoded is not None:
            rows(None)
            if current is None:
                return revision
        else:
            with in_background(rows) as stop:
                encoded = self._encode(portfolio)
                if _unchanged(current, encoded[1]):
                    stop.set()
                    raise _Unchanged(int(current.revision))
        self._write_document(
            connection, key, portfolio, encoded, revision, now, replace=current
        )
        return revision

    def _head(
        self, portfolio: Portfolio, now: dt.datetime, encoded: tuple[str, str] | None
    ) -> dict[str, Any]:
        """The values of a portfolio's row but its key and revision."""
        municipality = portfolio.municipality
        values = {
            "saved_at": now,
            "saved_by": author(self.target.dialect),
            "municipality": municipality.id,
            "country": municipality.country,
            "name": municipality.name.get(
                municipality.default_language, fallback=municipality.name.languages
            ),
        }
        if encoded is not None:
            values["document"] = Encoded(encoded[0])
            values["digest"] = encoded[1]
        return values

    def _insert_head(
        self,
        connection: Connection,
        key: str,
        portfolio: Portfolio,
        now: dt.datetime,
        encoded: tuple[str, str] | None,
    ) -> int:
        """Insert a new portfolio's row and return its revision.

        Revisions go on from the last one in the history (a key deleted and
        saved again).  Without ``encoded`` the document is JSON ``null``
        and the digest empty until :meth:`_write_document` fills them, in
        the same transaction.
        """
        import sqlalchemy as sa

        old = schema.revisions
        last = (
            sa.select(sa.func.coalesce(sa.func.max(old.c.revision), 0) + 1)
            .where(old.c.key == key)
            .scalar_subquery()
        )
        values = self._head(portfolio, now, encoded)
        if encoded is None:
            values |= {"document": Encoded("null"), "digest": ""}
        table = schema.portfolios
        return int(
            connection.execute(
                sa.insert(table)
                .values(key=key, revision=last, **values)
                .returning(table.c.revision)
            ).scalar_one()
        )

    def _write_document(  # noqa: PLR0917 - one call site, every argument a part of the write
        self,
        connection: Connection,
        key: str,
        portfolio: Portfolio,
        encoded: tuple[str, str],
        revision: int,
        now: dt.datetime,
        *,
        replace: Any,
    ) -> None:
        """Store the document of ``revision``.

        With ``replace`` (the current revision's row), that revision goes
        into the history first -- in PostgreSQL in the same statement, whose
        parts all see the row as it was.  Else the row :meth:`_insert_head`
        made gets its document and digest.
        """
        import sqlalchemy as sa

        table = schema.portfolios
        if replace is None:
            values: dict[str, Any] = {
                "document": Encoded(encoded[0]),
                "digest": encoded[1],
            }
        else:
            values = self._head(portfolio, now, encoded) | {"revision": revision}
        statement = sa.update(table).where(table.c.key == key).values(**values)
        if replace is not None:
            archive = self._archive(key, now, deleted=False)
            if self.target.dialect == "postgresql":
                statement = statement.add_cte(archive.cte("archived"))
            else:
                connection.execute(archive)
        connection.execute(statement)

    # -- helpers: documents ---------------------------------------------------------

    def _encode(self, portfolio: Portfolio) -> tuple[str, str]:
        """Return the portfolio's JSON document and its digest.

        Refuses a portfolio that would not read back unchanged, before
        anything is written.
        """
        from munintl.wire import fastjson
        from munintl.wire.convert import unstructure

        try:
            raw = fastjson.dumps(unstructure(portfolio))
        except UnicodeEncodeError as error:
            raise StorageError(
                _(
                    "{location}: a text holds {char!r}, which UTF-8 cannot store;"
                    " nothing was saved"
                ).format(location=self.target.display, char=error.object[error.start])
            ) from None
        if fastjson.encoded_reads_back(raw, portfolio):
            # Proven without building a second portfolio; else the full check.
            return raw.decode("utf-8"), "sha256:" + hashlib.sha256(raw).hexdigest()
        try:
            again = self._structure(raw, self.target.display, keys_unique=True)
        except ValidationError as error:
            raise ValidationError(
                error.findings,
                summary=_(
                    "the portfolio cannot be saved: it would not read back;"
                    " nothing was saved"
                ),
            ) from None
        if again != portfolio:
            raise StorageError(
                _(
                    "{location}: the portfolio would not read back unchanged;"
                    " nothing was saved"
                ).format(location=self.target.display)
            )
        return raw.decode("utf-8"), "sha256:" + hashlib.sha256(raw).hexdigest()

    @staticmethod
    def _structure(
        text: str | bytes, where: str, *, keys_unique: bool = False
    ) -> Portfolio:
        """Turn a stored document into a portfolio, every problem reported at once.

        ``keys_unique``: ``text`` was just encoded from dictionaries (see
        :func:`munintl.wire.fastjson.decode`).
        """
        return read_document(text, where, keys_unique=keys_unique)


@attrs.frozen
class _Current:
    """A store's current revision and history, to resolve a revision's name."""

    store: DatabaseStore

    def history(self) -> list[RevisionInfo]:
        return self.store.history()

    def load(self) -> Portfolio:
        return self.store.load_portfolio(None)
