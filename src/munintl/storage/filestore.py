"""What the single-file stores (JSON, TOML) share: one file, one portfolio.

The file holds the portfolio's wire shape (:func:`munintl.wire.convert.unstructure`)
as one document.  :class:`SingleFileStore` reads it, structures it and maps
every problem to the portfolio path convention that findings use
(``initiatives[<id>].period.end``, ``themes[<id>].goals[0]``,
``followups[<id>].updates[initiative:<id>]``); a subclass only says how its
format turns bytes into plain data and back.

Saving replaces the file atomically: the new bytes go to a temporary file in
the same directory, are flushed to disk, and :func:`os.replace` swaps it in,
so a reader sees the old file or the new one, never half of one.  The
revision is a hash of the file's bytes.  A save holds the folder's lock
(:mod:`munintl.storage.lock`) from checking ``expected_revision`` to the
rename, so no update is lost to another program saving at the same time,
and removes the temporary copies earlier saves were killed before renaming.
Loading takes no lock and changes nothing.
"""

from __future__ import annotations

import abc
import logging
import os
import stat
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any, ClassVar

import attrs

from munintl.errors import ConflictError, Finding, StorageError, ValidationError
from munintl.i18n import _
from munintl.storage.atomic import (
    file_revision,
    replace_atomically,
    temporary_pattern,
)
from munintl.storage.lock import directory_lock
from munintl.wire.paths import IdCache, PathStep, portfolio_path, raw_path

if TYPE_CHECKING:
    from munintl.model import Portfolio

log = logging.getLogger("munintl.storage")

#: The byte-order mark a UTF-8 file may start with; the file stores skip it.
BOM = b"\xef\xbb\xbf"

#: Finds the line and column of a field path in one text (see
#: :meth:`SingleFileStore.locator`); None where not even its first step is.
Locator = Callable[[Sequence[PathStep]], tuple[int, int] | None]


@attrs.frozen
class Syntax:
    """Where a file stops being valid JSON or TOML, and why."""

    message: str
    line: int | None = None
    column: int | None = None


class SyntaxProblem(Exception):
    """Raised by :meth:`SingleFileStore.decode` for bytes that do not parse."""

    def __init__(self, syntax: Syntax) -> None:
        super().__init__(syntax.message)
        self.syntax = syntax


class SingleFileStore(abc.ABC):
    """A portfolio kept as one document in one file.

    Subclasses set :attr:`format_name` and implement :meth:`decode` and
    :meth:`encode`; they may override :meth:`structure` (a faster decoder)
    and :meth:`locator` (line and column of a path).
    """

    #: The format's name in messages ("JSON", "TOML").
    format_name: ClassVar[str] = ""
    #: Seconds a save waits for another program's save to the same folder.
    lock_timeout: float = 10.0
    capabilities: frozenset[str] = frozenset({"revisions", "transactions"})

    def __init__(self, location: str | os.PathLike[str]) -> None:
        self.location = os.fspath(location)
        self.path = Path(self.location)
        self._raw: bytes | None = None
        self._data: Any = None
        # The bytes last located in, and what locator() made of their text.
        self._locator: tuple[bytes, Locator | None] | None = None
        # Where the ids are in _data, for locating many findings.
        self._ids: tuple[Any, IdCache] | None = None

    # -- what a format provides --------------------------------------------------

    @abc.abstractmethod
    def decode(self, raw: bytes) -> Any:
        """Parse the file's bytes into plain data; raise :class:`SyntaxProblem`."""

    @abc.abstractmethod
    def encode(self, data: Any) -> bytes:
        """Serialise plain data (the portfolio's wire shape) into the file's bytes."""

    def locator(self, text: str) -> Locator | None:
        """Return what finds the line and column of a path in ``text``.

        Called once per content of the file, before the first path is
        located in it; None (the default) where the format keeps no
        positions.
        """
        return None

    def position(self, raw: bytes, path: Sequence[PathStep]) -> tuple[int, int] | None:
        """Return the line and column of the value at ``path``, where known.

        The text of ``raw`` goes to :meth:`locator` once; every path located
        in the same bytes after that is a lookup in what it made.
        """
        cached = self._locator
        if cached is None or (cached[0] is not raw and cached[0] != raw):
            try:
                text = raw.removeprefix(BOM).decode("utf-8")
            except UnicodeDecodeError:
                return None
            cached = self._locator = (raw, self.locator(text))
        return None if cached[1] is None else cached[1](path)

    def structure(self, raw: bytes) -> Portfolio:
        """Turn the file's bytes into a portfolio, every problem reported at once."""
        from munintl.model import Portfolio
        from munintl.wire.convert import converter, problems

        data = self._parse(raw)
        try:
            portfolio: Portfolio = converter.structure(data, Portfolio)
        except Exception as error:  # noqa: BLE001 - every problem becomes a finding
            findings = [
                self._finding(code, message, raw, data, path)
                for path, code, message in problems(error)
            ]
            raise ValidationError(findings) from None
        return portfolio

    def read_back(self, data: bytes) -> Portfolio:
        """Structure bytes :meth:`encode` just made, to check a save before it writes.

        :meth:`structure` by default; a format may skip checks that bytes
        of its own encoder cannot fail.
        """
        return self.structure(data)

    def reads_back_as(self, data: bytes, portfolio: Portfolio) -> bool:
        """Tell whether bytes :meth:`encode` made surely read back as ``portfolio``.

        A quicker proof than :meth:`read_back` and comparing, where a format
        has one; False ("not proven") by default, and the save then reads
        back and compares.
        """
        return False

    # -- the Store protocol ----------------------------------------------------

    def exists(self) -> bool:
        """Tell whether the file exists."""
        return self.path.is_file()

    def revision(self) -> str | None:
        """Return a hash of the file's bytes (None if there is no file)."""
        try:
            return file_revision(self.path.read_bytes())
        except FileNotFoundError:
            return None
        except OSError as error:
            raise StorageError(
                _("{location}: cannot read: {error}").format(
                    location=self.location, error=error
                )
            ) from None

    def load(self) -> Portfolio:
        """Read and structure the portfolio in the file."""
        raw = self._read()
        self._raw, self._data = raw, None
        return self.structure(raw)

    def save(
        self, portfolio: Portfolio, *, expected_revision: str | None = None
    ) -> str:
        """Replace the file with ``portfolio``; return the new revision.

        Raises :class:`~munintl.errors.ConflictError` when
        ``expected_revision`` is given and the file has changed since.
        """
        from munintl.wire.convert import unstructure

        data = self.encode(unstructure(portfolio))
        self._check_round_trip(data, portfolio)
        folder = self.path.parent
        try:
            folder.mkdir(parents=True, exist_ok=True)
            # The lock spans the check and the rename: of two saves with the
            # same expected revision, exactly one succeeds.
            with directory_lock(
                folder, exclusive=True, timeout=self.lock_timeout
            ) as since:
                self._remove_stale_temporaries(since)
                if expected_revision is not None:
                    current = self.revision()
                    if current != expected_revision:
                        raise ConflictError(
                            _(
                                "{location} changed since it was loaded (revision"
                                " {current}, expected {expected}); nothing was saved"
                            ).format(
                                location=self.location,
                                current=current,
                                expected=expected_revision,
                            )
                        )
                replace_atomically(self.path, data)
        except OSError as error:
            raise StorageError(
                _("{location}: cannot write: {error}").format(
                    location=self.location, error=error
                )
            ) from None
        self._raw, self._data = data, None
        return file_revision(data)

    def locate(self, finding: Finding) -> Finding:
        """Fill in the file and, where it can be found, the line of ``finding``.

        A finding whose path names nothing in the file is returned as it is.
        """
        if finding.file is not None or not finding.path:
            return finding
        try:
            raw = self._raw if self._raw is not None else self._read()
            data = self._data if self._data is not None else self.decode(raw)
        except (StorageError, SyntaxProblem):
            return finding
        self._raw, self._data = raw, data
        if self._ids is None or self._ids[0] is not data:
            self._ids = (data, IdCache())
        steps = raw_path(data, finding.path, self._ids[1])
        if not steps:
            return finding
        located = attrs.evolve(finding, file=self.location)
        where = self.position(raw, steps)
        if where is None:
            return located
        return attrs.evolve(located, line=where[0], column=where[1])

    # -- helpers ---------------------------------------------------------------------

    def _remove_stale_temporaries(self, since: float) -> list[Path]:
        """Delete the temporary copies killed saves of this file left behind.

        Call with the exclusive lock held, taken at ``since``: only regular
        files named as :func:`~munintl.storage.atomic.replace_atomically`
        names this file's temporaries, and last written before the lock was
        taken, go -- never one a save holding the lock is writing.
        """
        pattern = temporary_pattern(self.path)
        removed: list[Path] = []
        try:
            entries = list(os.scandir(self.path.parent))
        except OSError:
            return removed
        for entry in entries:
            if not pattern.fullmatch(entry.name):
                continue
            try:
                info = entry.stat(follow_symlinks=False)
                if stat.S_ISREG(info.st_mode) and info.st_mtime < since:
                    os.unlink(entry.path)
                    removed.append(Path(entry.path))
            except OSError:
                continue
        if removed:
            log.info(
                "%s: removed %d temporary copies left by interrupted saves",
                self.location,
                len(removed),
            )
        return removed

    def _check_round_trip(self, data: bytes, portfolio: Portfolio) -> None:
        # A portfolio built in Python may hold what no file can (a language
        # tag that is none, say): refuse it before the old file is touched.
        if self.reads_back_as(data, portfolio):
            return
        try:
            again = self.read_back(data)
        except ValidationError as error:
            raise ValidationError(
                [
                    attrs.evolve(f, file=None, line=None, column=None)
                    for f in error.findings
                ],
                summary=f"the portfolio cannot be saved as {self.format_name}:"
                " it would not read back; nothing was saved",
            ) from None
        if again != portfolio:
            raise StorageError(
                f"{self.location}: the portfolio would not read back unchanged"
                f" from {self.format_name}; nothing was saved"
            )

    def _read(self) -> bytes:
        try:
            return self.path.read_bytes()
        except FileNotFoundError:
            raise StorageError(
                _("{location}: no such file").format(location=self.location)
            ) from None
        except OSError as error:
            raise StorageError(
                _("{location}: cannot read: {error}").format(
                    location=self.location, error=error
                )
            ) from None

    def _parse(self, raw: bytes) -> Any:
        try:
            data = self.decode(raw)
        except SyntaxProblem as problem:
            raise ValidationError(
                [
                    Finding(
                        code="syntax",
                        message=problem.syntax.message,
                        file=self.location,
                        line=problem.syntax.line,
                        column=problem.syntax.column,
                    )
                ]
            ) from None
        return data

    def _finding(
        self,
        code: str,
        message: str,
        raw: bytes,
        data: Any,
        path: Sequence[PathStep],
    ) -> Finding:
        where = self.position(raw, path)
        return Finding(
            code=code,
            message=message,
            path=portfolio_path(data, path),
            file=self.location,
            line=where[0] if where else None,
            column=where[1] if where else None,
        )
