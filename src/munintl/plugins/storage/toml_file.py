"""The built-in TOML file store: a whole portfolio in one ``.toml`` file.

TOML suits small portfolios kept next to other configuration.  It has no
``null``, so the file holds the portfolio's wire shape with empty values
left out (as every munintl store writes it).  Syntax errors are reported
with the line and column ``tomllib`` gives, other problems with their
field path and the line and column :mod:`munintl.storage.tomlpos` finds.
"""

from __future__ import annotations

import re
import tomllib
from collections.abc import Mapping
from typing import Any

import attrs

from munintl.errors import StorageError
from munintl.hooks import hookimpl
from munintl.hooks.records import StorageBackend
from munintl.i18n import N_
from munintl.storage.filestore import (
    BOM,
    Locator,
    SingleFileStore,
    Syntax,
    SyntaxProblem,
)
from munintl.storage.tomlpos import toml_index
from munintl.wire.limits import exact_float, not_utf8, unreadable

_AT = re.compile(r"\(at line (\d+), column (\d+)\)")


@attrs.frozen(kw_only=True)
class TomlFileSettings:
    """Settings of the ``toml`` store (``[plugins.toml]`` in ``munintl.toml``).

    ``multiline_strings`` writes texts that contain line breaks as TOML's
    multi-line strings, easier to read and edit (not in a file where a text
    holds a carriage return: TOML's multi-line strings cannot keep it).
    """

    multiline_strings: bool = True


def _find_null(data: Any, path: str = "", seen: set[str] | None = None) -> str | None:
    """Find the first null value's path; note in ``seen`` a text holding ``\r``."""
    if data is None:
        return path or "the portfolio"
    if isinstance(data, str):
        if seen is not None and "\r" in data:
            seen.add("\r")
    elif isinstance(data, Mapping):
        for key, value in data.items():
            found = _find_null(value, f"{path}.{key}" if path else str(key), seen)
            if found is not None:
                return found
    elif isinstance(data, list):
        for index, value in enumerate(data):
            found = _find_null(value, f"{path}[{index}]", seen)
            if found is not None:
                return found
    return None


class TomlFileStore(SingleFileStore):
    """A portfolio in one TOML file (UTF-8)."""

    format_name = "TOML"

    def __init__(self, location: str, settings: TomlFileSettings | None = None) -> None:
        super().__init__(location)
        self.settings = settings or TomlFileSettings()

    def decode(self, raw: bytes) -> Any:
        """Parse TOML, reporting the line and column of a syntax error."""
        try:
            text = raw.removeprefix(BOM).decode("utf-8")
            return tomllib.loads(text, parse_float=exact_float)
        except UnicodeDecodeError as error:
            raise SyntaxProblem(Syntax(*not_utf8(raw, error))) from None
        except tomllib.TOMLDecodeError as error:
            message = str(error)
            at = _AT.search(message)
            reason = _AT.sub("", message).strip()
            raise SyntaxProblem(
                Syntax(
                    f"not valid TOML: {reason}",
                    int(at.group(1)) if at else None,
                    int(at.group(2)) if at else None,
                )
            ) from None
        except (RecursionError, ValueError) as error:
            # Nesting deeper than the stack, or a number longer than Python reads.
            raise SyntaxProblem(Syntax(*unreadable(text, error, toml=True))) from None

    def locator(self, text: str) -> Locator:
        """Scan the TOML text once for where each path is (:func:`toml_index`)."""
        return toml_index(text).position

    def encode(self, data: Any) -> bytes:
        """Write TOML as UTF-8; raise :class:`StorageError` for a null value."""
        import tomli_w

        seen: set[str] = set()
        null = _find_null(data, seen=seen)
        if null is not None:
            raise StorageError(
                f"{self.location}: {null} is empty (null), which TOML cannot hold;"
                " nothing was saved"
            )
        # tomli_w writes "\r\n" in a multi-line string as a bare line break,
        # which reads back as "\n": such a file is written without them.
        multiline = self.settings.multiline_strings and "\r" not in seen
        text = tomli_w.dumps(data, multiline_strings=multiline)
        return text.encode("utf-8")


def open_toml_file(
    location: str, settings: TomlFileSettings | None = None
) -> TomlFileStore:
    """Open the TOML file store at ``location`` (the backend's factory)."""
    return TomlFileStore(location, settings)


@hookimpl
def munintl_storage_backends() -> list[StorageBackend]:
    """Register the TOML file store for ``.toml`` locations."""
    return [
        StorageBackend(
            name="toml",
            suffixes=(".toml",),
            factory=open_toml_file,
            settings=TomlFileSettings,
            description=N_("one TOML file holding the whole portfolio"),
        )
    ]
