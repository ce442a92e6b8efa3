"""What the single-file stores (JSON, TOML) share: one file, one portfolio.

The file holds the portfolio's wire shape (:func:`munintl.serialize.unstructure`)
as one document.  :class:`SingleFileStore` reads it, structures it and maps
every problem to the portfolio path convention that findings use
(``initiatives[<id>].period.end``, ``themes[<id>].goals[0]``,
``followups[<id>].updates[initiative:<id>]``); a subclass only says how its
format turns bytes into plain data and back.

Saving replaces the file atomically: the new bytes go to a temporary file in
the same directory, are flushed to disk, and :func:`os.replace` swaps it in,
so a reader sees the old file or the new one, never half of one.  The
revision is a hash of the file's bytes.
"""

from __future__ import annotations

import abc
import contextlib
import hashlib
import os
import re
import tempfile
from collections.abc import Iterator, Mapping, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any, ClassVar

import attrs

from munintl.errors import ConflictError, Finding, StorageError, ValidationError
from munintl.model import is_slug

if TYPE_CHECKING:
    from munintl.model import Portfolio

PathStep = str | int

#: The portfolio's collections of entities, addressed by id.
COLLECTIONS = (
    "bodies",
    "organisations",
    "strategies",
    "initiatives",
    "partnerships",
    "followups",
)

_SUBJECT = re.compile(r"^(theme|goal|initiative|partnership):[a-z0-9][a-z0-9-]*$")
_STEP = re.compile(r"\[([^\]]*)\]|\.?([^.\[\]]+)")


def _slug_id(item: object) -> str | None:
    if isinstance(item, Mapping):
        value = item.get("id")
        if isinstance(value, str) and is_slug(value) and "\n" not in value:
            return value
    return None


def _subject(item: object) -> str | None:
    if isinstance(item, Mapping):
        value = item.get("subject")
        if isinstance(value, str) and _SUBJECT.match(value) and "\n" not in value:
            return value
    return None


def portfolio_path(data: object, path: Sequence[PathStep]) -> str:
    """Name the value at ``path`` in a portfolio's wire data as findings do.

    ``path`` is a list of keys and list positions from the root of the
    data, e.g. ``("initiatives", 3, "period", "end")``; the result addresses
    entities by id where the item has a valid one
    (``initiatives[active-travel-network].period.end``), themes by id at any
    depth, and status updates by subject.  Positions stay numbers where no
    id can be read.
    """
    out = ""
    node: Any = data
    parent: PathStep | None = None
    for depth, step in enumerate(path):
        item: Any = None
        if isinstance(step, int):
            if isinstance(node, list) and 0 <= step < len(node):
                item = node[step]
            key: str | None = None
            if depth == 1 and parent in COLLECTIONS:
                key = _slug_id(item)
            elif parent == "themes" and out.startswith(("strategies[", "themes[")):
                key = _slug_id(item)
                if key is not None:
                    out = f"themes[{key}]"
                    node, parent = item, step
                    continue
            elif parent == "updates" and out.startswith("followups["):
                key = _subject(item)
            out += f"[{key if key is not None else step}]"
        else:
            if isinstance(node, Mapping):
                item = node.get(step)
            out += f".{step}" if out else step
        node, parent = item, step
    return out


def raw_path(data: object, path: str) -> tuple[PathStep, ...]:
    """Find the longest prefix of a finding's ``path`` in a portfolio's wire data.

    The inverse of :func:`portfolio_path`, as far as the data allows: a path
    naming an entity, theme or update that is not there resolves to the
    deepest part that is.
    """
    steps: list[PathStep] = []
    node: Any = data
    parent: str | None = None
    for match in _STEP.finditer(path):
        index, name = match.group(1), match.group(2)
        if name is not None:
            if name == "themes" and not steps and index is None:
                parent = "themes"
                continue
            if not isinstance(node, Mapping) or name not in node:
                break
            steps.append(name)
            node, parent = node[name], name
            continue
        if parent == "themes" and not steps:
            found = _find_theme(data, index)
            if found is None:
                break
            steps, node = list(found[0]), found[1]
            parent = None
            continue
        if not isinstance(node, list):
            break
        position = _position(node, index, parent, len(steps))
        if position is None:
            break
        steps.append(position)
        node, parent = node[position], None
    return tuple(steps)


def _position(items: list[Any], key: str, parent: str | None, depth: int) -> int | None:
    if key.isdigit():
        position = int(key)
        return position if position < len(items) else None
    for position, item in enumerate(items):
        if parent == "updates" and _subject(item) == key:
            return position
        if depth == 1 and _slug_id(item) == key:
            return position
    return None


def _find_theme(data: object, theme_id: str) -> tuple[tuple[PathStep, ...], Any] | None:
    if not isinstance(data, Mapping) or not isinstance(data.get("strategies"), list):
        return None
    stack: list[tuple[tuple[PathStep, ...], Any]] = [
        (("strategies", index), strategy)
        for index, strategy in enumerate(data["strategies"])
    ]
    while stack:
        where, node = stack.pop()
        themes = node.get("themes") if isinstance(node, Mapping) else None
        if not isinstance(themes, list):
            continue
        for index, theme in enumerate(themes):
            if _slug_id(theme) == theme_id:
                return (*where, "themes", index), theme
            stack.append(((*where, "themes", index), theme))
    return None


def _fsync_directory(folder: Path) -> None:
    # Make the rename itself durable.  Windows cannot open a directory for
    # this, and its os.replace is durable enough there.
    if os.name == "nt":
        return
    descriptor = os.open(folder, os.O_RDONLY)
    try:
        os.fsync(descriptor)
    finally:
        os.close(descriptor)


def replace_atomically(path: Path, data: bytes) -> None:
    """Write ``data`` to ``path`` so that readers see the old or the new file.

    The bytes go to a temporary file beside ``path``, are flushed to disk and
    then renamed over it with :func:`os.replace`.  An interrupted write leaves
    at most a stray ``.<name>.*.tmp`` file and the old file untouched.
    """
    folder = path.parent
    folder.mkdir(parents=True, exist_ok=True)
    descriptor, temporary = tempfile.mkstemp(
        prefix=f".{path.name}.", suffix=".tmp", dir=folder
    )
    try:
        with os.fdopen(descriptor, "wb") as handle:
            handle.write(data)
            handle.flush()
            os.fsync(handle.fileno())
        if path.exists():
            with contextlib.suppress(OSError):
                os.chmod(temporary, path.stat().st_mode & 0o777)
        os.replace(temporary, path)
    except BaseException:
        with contextlib.suppress(OSError):
            os.unlink(temporary)
        raise
    _fsync_directory(folder)


def file_revision(data: bytes) -> str:
    """Return the revision of a file's bytes: ``sha256:`` and 32 hex digits."""
    return "sha256:" + hashlib.sha256(data).hexdigest()[:32]


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
    and :meth:`position` (line and column of a path).
    """

    #: The format's name in messages ("JSON", "TOML").
    format_name: ClassVar[str] = ""
    capabilities: frozenset[str] = frozenset({"revisions", "transactions"})

    def __init__(self, location: str | os.PathLike[str]) -> None:
        self.location = os.fspath(location)
        self.path = Path(self.location)
        self._raw: bytes | None = None
        self._data: Any = None

    # -- what a format provides --------------------------------------------------

    @abc.abstractmethod
    def decode(self, raw: bytes) -> Any:
        """Parse the file's bytes into plain data; raise :class:`SyntaxProblem`."""

    @abc.abstractmethod
    def encode(self, data: Any) -> bytes:
        """Serialise plain data (the portfolio's wire shape) into the file's bytes."""

    def position(self, raw: bytes, path: Sequence[PathStep]) -> tuple[int, int] | None:
        """Return the line and column of the value at ``path``, where known."""
        return None

    def structure(self, raw: bytes) -> Portfolio:
        """Turn the file's bytes into a portfolio, every problem reported at once."""
        from munintl.model import Portfolio
        from munintl.serialize import converter, problems

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
            raise StorageError(f"{self.location}: cannot read: {error}") from None

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
        from munintl.serialize import unstructure

        data = self.encode(unstructure(portfolio))
        self._check_round_trip(data, portfolio)
        if expected_revision is not None:
            current = self.revision()
            if current != expected_revision:
                raise ConflictError(
                    f"{self.location} changed since it was loaded (revision"
                    f" {current}, expected {expected_revision}); nothing was saved"
                )
        try:
            replace_atomically(self.path, data)
        except OSError as error:
            raise StorageError(f"{self.location}: cannot write: {error}") from None
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
        steps = raw_path(data, finding.path)
        if not steps:
            return finding
        located = attrs.evolve(finding, file=self.location)
        where = self.position(raw, steps)
        if where is None:
            return located
        return attrs.evolve(located, line=where[0], column=where[1])

    # -- helpers ---------------------------------------------------------------------

    def _check_round_trip(self, data: bytes, portfolio: Portfolio) -> None:
        # A portfolio built in Python may hold what no file can (a language
        # tag that is none, say): refuse it before the old file is touched.
        try:
            again = self.structure(data)
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
            raise StorageError(f"{self.location}: no such file") from None
        except OSError as error:
            raise StorageError(f"{self.location}: cannot read: {error}") from None

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


def walk_json(text: str) -> Iterator[tuple[tuple[PathStep, ...], int]]:
    """Yield ``(path, offset)`` for every value in a JSON text, in document order.

    ``offset`` is where the value starts or, for an object member, where its
    key starts.  The text must be valid JSON.
    """
    from json.decoder import scanstring  # type: ignore[attr-defined]

    # Each entry: the container's path, whether it is an object, next index.
    stack: list[tuple[tuple[PathStep, ...], bool, list[int]]] = []
    key: tuple[str, int] | None = None
    position = 0
    while True:
        match = _JSON_TOKEN.match(text, position)
        if match is None:
            return
        kind = match.lastgroup
        start = match.start(kind or 0)
        position = match.end()
        in_object = bool(stack) and stack[-1][1]
        if kind == "close":
            stack.pop()
            if not stack:
                return
            continue
        if kind == "string" and in_object and key is None:
            name, position = scanstring(text, position)
            key = (name, start)
            continue
        if not stack:
            here: tuple[PathStep, ...] = ()
        elif in_object:
            assert key is not None
            here, start, key = (*stack[-1][0], key[0]), key[1], None
        else:
            counter = stack[-1][2]
            here = (*stack[-1][0], counter[0])
            counter[0] += 1
        yield here, start
        if kind == "open":
            stack.append((here, match.group(kind) == "{", [0]))
        elif kind == "string":
            _value, position = scanstring(text, position)


_JSON_TOKEN = re.compile(
    r'[\s,:]*(?:(?P<string>")|(?P<open>[\[{])|(?P<close>[\]}])'
    r"|(?P<scalar>-?[0-9][^\s,\]}]*|true|false|null))"
)


def json_position(text: str, path: Sequence[PathStep]) -> tuple[int, int] | None:
    """Return the 1-based line and column of ``path`` in a JSON text.

    Where the path does not exist (a missing key), the position of the
    deepest part that does is returned.
    """
    target = tuple(path)
    best: tuple[tuple[PathStep, ...], int] | None = None
    for here, offset in walk_json(text):
        if here == target[: len(here)]:
            best = (here, offset)
            if here == target:
                break
        elif best is not None and here[: len(best[0])] != best[0]:
            break
    if best is None:
        return None
    offset = best[1]
    line = text.count("\n", 0, offset) + 1
    return line, offset - (text.rfind("\n", 0, offset) + 1) + 1
