"""Errors a user of munintl can cause, and the findings validation reports.

Library code raises these; only the CLI turns them into exit codes and
``file:line:col: path: message`` lines on stderr.
"""

from __future__ import annotations

import re
import sys
from collections.abc import Callable, Iterable
from typing import Literal

import attrs

Severity = Literal["error", "warning", "info"]
SEVERITIES: tuple[Severity, ...] = ("error", "warning", "info")


class MunintlError(Exception):
    """Base class of every error munintl raises on purpose.

    Its text never holds a password: one in a URL in it is shown as ``***``
    (:func:`hide_password`), whatever the code that raised it passed.
    """

    def __str__(self) -> str:
        return hide_password(super().__str__())


#: Characters a terminal acts on instead of showing: C0 and C1 controls
#: (ESC starts the sequences that set a window's title or move the cursor),
#: DEL, and the bidirectional embeddings, overrides and isolates that
#: reorder what is shown around them (a file name "x\u202egpj.yaml" reads
#: as "xlmay.jpg"); the marks right-to-left texts carry (U+200F) pass.
_UNSHOWN = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069]")


def printable(text: str, *, lines: bool = True) -> str:
    r"""Return ``text`` safe to write on a terminal: each control as an escape.

    A file name or key from a downloaded folder is shown, never obeyed:
    ``"a\x1b]0;x\x07.yaml"`` (which would set the terminal's title) is
    written as those characters.  With ``lines=False`` line breaks are
    escaped too, for a part that must stay on its one line (a file name).

    >>> print(printable("a\x1b[31mb"))
    a\x1b[31mb
    """
    escaped = _UNSHOWN.sub(_escape, text)
    if lines:
        return escaped
    return escaped.replace("\n", "\\n").replace("\t", "\\t")


#: A URL's start up to its authority: ``postgresql://``.
_URL_START = re.compile(r"[A-Za-z][A-Za-z0-9+.-]*://")


def password_span(location: str) -> tuple[int, int] | None:
    """Where the password is in the URL ``location``: (start, end), or None.

    The password runs from the first ``:`` after the user name to the
    ``@`` that ends the user part: the last ``@`` with a ``/`` after it
    (the host is followed by ``/database``), else the last ``@`` -- so a
    password holding ``@``, ``/``, ``#`` or ``?`` that was not written
    with ``%`` is still found whole, never shown in part.

    >>> text = "postgresql://editor:p@ss/w#rd@db.example.org/portal#aarhus"
    >>> start, end = password_span(text)
    >>> text[start:end]
    'p@ss/w#rd'
    """
    start = _URL_START.match(location)
    if start is None:
        return None
    rest = location[start.end() :]
    # The last "@" with a "/" after it, else the last "@" (linear: a message
    # may quote a long text of "@"s).
    end = rest.rfind("@", 0, max(rest.rfind("/"), 0))
    if end < 0:
        end = rest.rfind("@")
    if end < 0:
        return None
    user = rest[:end]
    colon = user.find(":")
    if colon < 0 or "/" in user[:colon]:
        return None  # no password, or a path (sqlite:///C:/x.db#k@3)
    port, slash, path = user[colon + 1 :].partition("/")
    if port.isdecimal() and slash and ("#" in path or "?" in path):
        return None  # a host and port: postgresql://db:5432/portal#aarhus@3
    return start.end() + colon + 1, start.end() + end


def hide_password(text: str, *, whole: bool = False) -> str:
    """Return ``text`` with every password in a URL in it replaced by ``***``.

    ``whole`` says ``text`` is one location (it may hold spaces); else each
    URL ends at white space, as in a message.

    >>> hide_password("postgresql://editor:s3cret@db/portal#aarhus: gone")
    'postgresql://editor:***@db/portal#aarhus: gone'
    >>> hide_password("postgresql://db/portal?password=s3cret&sslmode=require")
    'postgresql://db/portal?password=***&sslmode=require'
    """
    if whole:
        span = password_span(text)
        if span is not None:
            text = f"{text[: span[0]]}***{text[span[1] :]}"
        if _URL_START.match(text):
            text = _QUERY_PASSWORD.sub(r"\1***", text)
        return text
    return _URL_IN_TEXT.sub(_hide_in_url, text)


def _hide_in_url(match: re.Match[str]) -> str:
    # A message puts ": " after a location: that colon is the message's.
    url, colon = (match[0][:-1], ":") if match[0].endswith(":") else (match[0], "")
    return hide_password(url, whole=True) + colon


_URL_IN_TEXT = re.compile(r"[A-Za-z][A-Za-z0-9+.-]*://\S+")
#: A password given as a parameter (libpq takes ``?password=...`` and
#: ``?sslpassword=...``).
_QUERY_PASSWORD = re.compile(r"(?i)([?&](?:ssl)?password=)[^&#\s]*")


def _escape(match: re.Match[str]) -> str:
    code = ord(match.group())
    return f"\\x{code:02x}" if code < 0x100 else f"\\u{code:04x}"


@attrs.frozen(kw_only=True)
class Finding:
    """One problem in a portfolio, with where it is and what to do about it.

    ``path`` is the field path inside the portfolio or file
    (``initiatives[active-travel-network].period.end``); ``file``, ``line``
    and ``column`` (1-based) locate it in the source where the store knows.
    """

    code: str
    message: str
    severity: Severity = "error"
    path: str = ""
    file: str | None = None
    line: int | None = None
    column: int | None = None

    def format(self, severity_word: Callable[[str], str] | None = None) -> str:
        """Render as ``file:line:col: path: message`` (parts that are known).

        A warning or info is named before the message, in English unless
        ``severity_word`` names it in the language of the run
        (:func:`munintl.i18n.severity_word`, as the CLI does).
        """
        where = ""
        if self.file is not None:
            where = printable(hide_password(self.file, whole=True), lines=False)
            if self.line is not None:
                where += f":{self.line}"
                if self.column is not None:
                    where += f":{self.column}"
            where += ": "
        path = f"{printable(self.path, lines=False)}: " if self.path else ""
        if self.severity == "error":
            prefix = ""
        elif severity_word is None:
            prefix = f"{self.severity}: "
        else:
            prefix = f"{severity_word(self.severity)}: "
        return f"{where}{path}{prefix}{printable(self.message)} [{self.code}]"

    def __str__(self) -> str:
        return self.format()


def ngettext(singular: str, plural: str, count: int) -> str:
    """Choose and translate a message with a count, in the language of the run.

    This module imports nothing of munintl (and :mod:`munintl.i18n` does
    not import it when it starts, so that ``munintl --help`` stays light):
    the words come from :mod:`munintl.i18n` once anything has imported it,
    as the library and the command line have before they raise; else
    they are the English source.
    """
    i18n = sys.modules.get("munintl.i18n")
    if i18n is None:
        return singular if count == 1 else plural
    translated: str = i18n.ngettext(singular, plural, count)
    return translated


class ValidationError(MunintlError):
    """Input that does not describe a valid portfolio; every problem at once.

    ``findings`` lists each problem with its file, line, column, field path
    and message.
    """

    def __init__(self, findings: Iterable[Finding], summary: str | None = None):
        self.findings: tuple[Finding, ...] = tuple(findings)
        count = len(self.findings)
        head = summary or ngettext(
            "{count} problem found", "{count} problems found", count
        ).format(count=count)
        super().__init__(
            "\n".join([head + ":", *(f"  {f.format()}" for f in self.findings)])
        )


class StorageError(MunintlError):
    """A store cannot be read or written (missing, locked, unknown location)."""


class ConflictError(StorageError):
    """The store changed since it was loaded; nothing was saved."""


class ConfigError(MunintlError):
    """The ``munintl.toml`` configuration is invalid."""


class PluginError(MunintlError):
    """A plugin could not be found, loaded or used."""


class UnknownPluginError(PluginError):
    """No plugin of that name (or for that location or suffix) is installed."""


class PluginConflictError(PluginError):
    """Two plugins register the same name; the message names every provider."""


class MissingExtraError(PluginError):
    """A plugin needs a library that is not installed; the message says how to get it.

    Raised, for instance, for a DOCX report on a plain install: the message
    names ``pip install "munintl[docx]"``.
    """


class PluginLoadError(PluginError):
    """An external plugin failed to import (raised only in strict mode)."""


class ReportError(MunintlError):
    """A report cannot be built as asked (unknown follow-up, body or language)."""


class TranslatorError(PluginError):
    """A translator failed for good: bad key, quota used up, a request refused.

    A machine translation run stops at this error, keeping what it saved.
    """


class TranslatorBusy(TranslatorError):
    """A translator failed for now: rate limit, server error, timeout, lost link.

    The run tries the request again after ``retry_after`` seconds (what the
    server asked for, e.g. its ``Retry-After`` header) or, when None, after a
    growing wait; it stops after a bounded number of tries.
    """

    def __init__(self, message: str, *, retry_after: float | None = None) -> None:
        super().__init__(message)
        self.retry_after = retry_after
