"""The built-in JSON file store: a whole portfolio in one ``.json`` file.

JSON is the format for exchange with other systems and for scale: the file
holds the portfolio's wire shape (the same shape the JSON Schema from
``munintl schema`` describes), and loading it takes a fast decoder when
``msgspec`` is installed (the ``fast`` extra).  Syntax errors are reported
with their line and column, other problems with their field path and line.
"""

from __future__ import annotations

import json
from typing import TYPE_CHECKING, Any

import attrs

from munintl.errors import StorageError
from munintl.hooks import hookimpl
from munintl.hooks.records import StorageBackend
from munintl.i18n import N_, _
from munintl.storage import jsonpos
from munintl.storage.filestore import (
    BOM,
    Locator,
    SingleFileStore,
    Syntax,
    SyntaxProblem,
)
from munintl.storage.jsonpos import DuplicateKey, json_locator
from munintl.wire.limits import not_utf8, unreadable

if TYPE_CHECKING:
    from munintl.model import Portfolio


def _check_indent(_instance: object, _attribute: object, value: int | None) -> None:
    if value is not None and not 0 <= value <= 8:
        raise ValueError(f"indent must be between 0 and 8 (or left out), not {value}")


@attrs.frozen(kw_only=True)
class JsonFileSettings:
    """Settings of the ``json`` store (``[plugins.json]`` in ``munintl.toml``).

    ``indent`` is the indentation of a saved file (``0`` puts every key on
    its own line without indenting; leave it out to write everything on one
    line, the smallest file).  ``fast`` uses the msgspec decoder when it is
    installed; the result is the same either way.
    """

    indent: int | None = attrs.field(default=2, validator=_check_indent)
    fast: bool = True


class JsonFileStore(SingleFileStore):
    """A portfolio in one JSON file (UTF-8, a byte-order mark is tolerated)."""

    format_name = "JSON"

    def __init__(self, location: str, settings: JsonFileSettings | None = None) -> None:
        super().__init__(location)
        self.settings = settings or JsonFileSettings()

    def decode(self, raw: bytes) -> Any:
        """Parse JSON, reporting the line and column of a syntax error.

        An object that names a key twice is a syntax error here: JSON
        parsers disagree on which value counts, so the file says nothing
        certain.
        """
        try:
            text = raw.removeprefix(BOM).decode("utf-8")
            return jsonpos.loads(text)
        except UnicodeDecodeError as error:
            raise SyntaxProblem(Syntax(*not_utf8(raw, error))) from None
        except DuplicateKey as error:
            raise SyntaxProblem(
                Syntax(
                    _(
                        "duplicate key {key!r} (first on line {first}); keep one"
                        " of them"
                    ).format(key=error.key, first=error.first_line),
                    error.line,
                    error.column,
                )
            ) from None
        except json.JSONDecodeError as error:
            raise SyntaxProblem(
                Syntax(f"not valid JSON: {error.msg}", error.lineno, error.colno)
            ) from None
        except (RecursionError, ValueError) as error:
            # Nesting deeper than the stack, or a number longer than Python reads.
            raise SyntaxProblem(Syntax(*unreadable(text, error))) from None

    def encode(self, data: Any) -> bytes:
        """Write JSON as UTF-8, keys in model order, ending with a newline.

        With msgspec installed, indented files are written by its encoder,
        which gives the same bytes as :func:`json.dumps` many times faster
        (the standard library indents in pure Python).  Raises
        :class:`~munintl.errors.StorageError` for text that UTF-8 cannot
        hold (a lone surrogate).
        """
        indent = self.settings.indent
        if indent and self.settings.fast:
            fast = _msgspec_indented(data, indent)
            if fast is not None:
                return fast
        if indent is None and self.settings.fast:
            from munintl.wire import fastjson

            try:
                return fastjson.dumps(data) + b"\n"
            except UnicodeEncodeError:
                pass  # explained below
        separators = (",", ":") if indent is None else (",", ": ")
        text = json.dumps(
            data, ensure_ascii=False, indent=indent, separators=separators
        )
        try:
            return (text + "\n").encode("utf-8")
        except UnicodeEncodeError as error:
            raise StorageError(
                f"{self.location}: a text holds {text[error.start]!r}, which UTF-8"
                " cannot store; nothing was saved"
            ) from None

    def structure(self, raw: bytes) -> Portfolio:
        """Decode with msgspec where installed; cattrs reports any problem."""
        if self.settings.fast:
            from munintl.wire import fastjson

            if fastjson.available():
                portfolio = fastjson.decode(raw.removeprefix(BOM))
                if portfolio is not None:
                    return portfolio
        return super().structure(raw)

    def read_back(self, data: bytes) -> Portfolio:
        """Structure bytes :meth:`encode` just made (no key can be given twice)."""
        if self.settings.fast:
            from munintl.wire import fastjson

            if fastjson.available():
                portfolio = fastjson.decode(data, keys_unique=True)
                if portfolio is not None:
                    return portfolio
        return super().structure(data)

    def reads_back_as(self, data: bytes, portfolio: Portfolio) -> bool:
        """Prove with the fast decoder's comparers that ``data`` reads back as is."""
        if not self.settings.fast:
            return False
        from munintl.wire import fastjson

        return fastjson.available() and fastjson.encoded_reads_back(data, portfolio)

    def locator(self, text: str) -> Locator:
        """Note where each entity of the JSON text starts (:func:`json_locator`)."""
        return json_locator(text)


def _msgspec_indented(data: Any, indent: int) -> bytes | None:
    """Encode like ``json.dumps(data, ensure_ascii=False, indent=indent)`` with msgspec.

    Returns None when msgspec is missing or cannot encode the data (a lone
    surrogate in a text, say); the standard library then decides.
    """
    try:
        import msgspec
    except ImportError:
        return None
    try:
        compact = msgspec.json.encode(data)
    except (TypeError, ValueError, OverflowError, UnicodeEncodeError):
        return None
    return msgspec.json.format(compact, indent=indent) + b"\n"


def open_json_file(
    location: str, settings: JsonFileSettings | None = None
) -> JsonFileStore:
    """Open the JSON file store at ``location`` (the backend's factory)."""
    return JsonFileStore(location, settings)


@hookimpl
def munintl_storage_backends() -> list[StorageBackend]:
    """Register the JSON file store for ``.json`` locations."""
    return [
        StorageBackend(
            name="json",
            suffixes=(".json",),
            factory=open_json_file,
            settings=JsonFileSettings,
            description=N_(
                "one JSON file holding the whole portfolio (exchange, scale)"
            ),
        )
    ]
