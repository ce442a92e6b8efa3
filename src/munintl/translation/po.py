"""Gettext PO files for translators: written and read without a library.

Each text is one entry: ``msgctxt`` is its portfolio path, ``msgid`` the
source text, ``msgstr`` the translation.  Extracted comments (``#.``, which
translation tools show but do not let a translator edit) carry the source
hash and the glossary notes; a suggestion (a stale or an unreviewed machine
translation) is marked ``#, fuzzy``.  The header names the portfolio, the
source and the target language::

    #. munintl-source-hash: sha256:4d5a9a3abef8a96c
    #. glossary: Borgerservice → Citizen Service
    #, fuzzy
    msgctxt "themes[borgerservice].title"
    msgid "Borgerservice"
    msgstr "Citizen services"

Files written here pass ``msgfmt --check`` and are read by polib, Babel
and translate-toolkit with ``msgctxt`` intact.  Reading accepts what
Poedit, Weblate, Lokalize and Virtaal write back: rewrapped strings, new
translator comments, reordered header fields, obsolete (``#~``) entries,
which are ignored.
"""

from __future__ import annotations

import datetime as dt
import re

from munintl import _version
from munintl.errors import Finding, ValidationError
from munintl.i18n import _
from munintl.translation.catalog import Catalog, CatalogEntry

__all__ = ["HASH_COMMENT", "dumps", "loads"]

#: The extracted comment that carries an entry's source hash.
HASH_COMMENT = "munintl-source-hash: "
_GLOSSARY_COMMENT = "glossary: "
_PORTFOLIO = "X-Munintl-Portfolio"
_SOURCE = "X-Munintl-Source-Language"

_ESCAPES = {"\\": "\\\\", '"': '\\"', "\n": "\\n", "\t": "\\t", "\r": "\\r"}
_ESCAPE = re.compile(r'[\\"\n\t\r]')
_UNESCAPES = {
    "\\": "\\",
    '"': '"',
    "n": "\n",
    "t": "\t",
    "r": "\r",
    "a": "\a",
    "b": "\b",
    "f": "\f",
    "v": "\v",
}
_UNESCAPE = re.compile(r"\\(.)")
#: A whole string: quotes around characters other than quote and backslash,
#: or escapes.
_STRING = re.compile(r'"((?:[^"\\]|\\.)*)"')


_AFTER_NEWLINE = re.compile(r"(?<=\n)")


def _quote(text: str) -> str:
    return '"' + _ESCAPE.sub(lambda m: _ESCAPES[m.group()], text) + '"'


def _field(keyword: str, text: str) -> str:
    """``msgid "..."``, split after each newline as gettext tools do."""
    if "\n" not in text.rstrip("\n"):
        return f"{keyword} {_quote(text)}\n"
    # Split at line feeds only, as gettext does: str.splitlines would also
    # split at a carriage return or a Unicode line separator (U+2028),
    # which a PO string holds as it is.
    lines = [line for line in _AFTER_NEWLINE.split(text) if line]
    return f'{keyword} ""\n' + "".join(_quote(line) + "\n" for line in lines)


def _same_ends(source: str, translation: str) -> str:
    """Give ``translation`` the newlines that begin and end ``source``.

    gettext checks that ``msgid`` and ``msgstr`` agree there (``msgfmt
    --check``, and translation tools with it); a newline at either end means
    nothing in a text's Markdown, so only the exported suggestion changes.
    """
    if not translation:
        return translation
    core = translation.strip("\n")
    start = "\n" if source.startswith("\n") else ""
    end = "\n" if source.endswith("\n") and source != "\n" else ""
    return start + core + end if core else translation


def _comment(text: str) -> str:
    # A comment is one line: a newline in a glossary note would end it.
    return " ".join(text.split())


def dumps(catalog: Catalog) -> str:
    """Render ``catalog`` as the text of a PO file."""
    now = dt.datetime.now(dt.UTC).strftime("%Y-%m-%d %H:%M+0000")
    header = (
        f"Project-Id-Version: {catalog.portfolio}\n"
        f"POT-Creation-Date: {now}\n"
        f"PO-Revision-Date: {now}\n"
        f"Last-Translator: {catalog.translator or ''}\n"
        "Language-Team: \n"
        f"Language: {catalog.language}\n"
        "MIME-Version: 1.0\n"
        "Content-Type: text/plain; charset=UTF-8\n"
        "Content-Transfer-Encoding: 8bit\n"
        f"X-Generator: munintl {_version.version()}\n"
        f"{_PORTFOLIO}: {catalog.portfolio}\n"
        f"{_SOURCE}: {catalog.source_language}\n"
    )
    parts = [
        f"# Texts of the portfolio {catalog.portfolio}, from"
        f" {catalog.source_language} into {catalog.language}.\n"
        "# Translate msgstr only; msgctxt says where each text is used.\n"
        "# Entries marked fuzzy are suggestions: check them, then unmark them.\n",
        'msgid ""\n',
        _field("msgstr", header),
    ]
    for entry in catalog.entries:
        lines = ["\n", f"#. {HASH_COMMENT}{entry.source_hash}\n"]
        lines.extend(
            f"#. {_GLOSSARY_COMMENT}{_comment(note)}\n" for note in entry.notes
        )
        if entry.translation and not entry.final:
            lines.append("#, fuzzy\n")
        lines.append(_field("msgctxt", entry.path))
        lines.append(_field("msgid", entry.source))
        lines.append(_field("msgstr", _same_ends(entry.source, entry.translation)))
        parts.append("".join(lines))
    return "".join(parts)


class _Entry:
    __slots__ = ("comments", "fields", "flags", "line", "obsolete")

    def __init__(self, line: int) -> None:
        self.line = line
        self.comments: list[str] = []
        self.flags: set[str] = set()
        self.fields: dict[str, list[str]] = {}
        self.obsolete = False


class _Reader:
    """Parse the text of a PO file into raw entries, with their line numbers."""

    def __init__(self, text: str, file: str) -> None:
        self.text = text
        self.file = file
        self.problems: list[Finding] = []
        self.found: list[_Entry] = []
        self.entry: _Entry | None = None
        self.current: list[str] | None = None

    def fail(self, line: int, message: str) -> None:
        self.problems.append(
            Finding(code="po-syntax", message=message, file=self.file, line=line)
        )

    def unquote(self, number: int, value: str) -> str:
        value = value.strip()
        if not value.startswith('"'):
            self.fail(number, _("expected a string in double quotes"))
            return ""
        match = _STRING.match(value)
        if match is None:  # no closing quote, or only an escaped one ("abc\")
            self.fail(
                number,
                _(
                    "the string is not closed: it needs a closing double quote"
                    " (a backslash before a quote escapes it)"
                ),
            )
            return ""
        if match.end() != len(value):  # "say "hi"": the string ends too early
            self.fail(number, _('a double quote inside a string must be written \\"'))
            return ""
        inner = match.group(1)

        def unescape(match: re.Match[str]) -> str:
            found = _UNESCAPES.get(match.group(1))
            if found is None:
                self.fail(
                    number,
                    _("unknown escape '\\{char}' in a string").format(
                        char=match.group(1)
                    ),
                )
                return ""
            return found

        return _UNESCAPE.sub(unescape, inner)

    def _start(self, number: int) -> _Entry:
        self.entry = _Entry(number)
        self.found.append(self.entry)
        return self.entry

    def _comment(self, number: int, line: str) -> None:
        entry = self.entry
        if entry is None or entry.fields:
            entry = self._start(number)
        if line.startswith("#~"):
            entry.obsolete = True
        elif line.startswith("#."):
            entry.comments.append(line[2:].strip())
        elif line.startswith("#,"):
            entry.flags.update(
                flag.strip() for flag in line[2:].split(",") if flag.strip()
            )
        self.current = None

    def _keyword(self, number: int, line: str) -> None:
        keyword, _space, value = line.partition(" ")
        if keyword not in ("msgctxt", "msgid", "msgid_plural", "msgstr") and not (
            keyword.startswith("msgstr[")
        ):
            self.fail(number, _("unknown keyword '{word}'").format(word=keyword))
            self.current = None
            return
        entry = self.entry
        if (
            entry is None
            or (keyword in ("msgctxt", "msgid") and "msgstr" in entry.fields)
            or (keyword == "msgctxt" and "msgid" in entry.fields)
        ):
            entry = self._start(number)
        if keyword in entry.fields:
            self.fail(
                number, _("'{word}' appears twice in one entry").format(word=keyword)
            )
        self.current = entry.fields.setdefault(keyword, [])
        self.current.append(self.unquote(number, value))

    def entries(self) -> list[_Entry]:
        """Read every entry; problems are collected in :attr:`problems`."""
        # Lines end at line feeds only (a "\r" before one is stripped): a
        # string may hold U+2028 or U+0085, which str.splitlines breaks at.
        for number, raw in enumerate(self.text.split("\n"), start=1):
            line = raw.strip()
            if not line:
                self.entry, self.current = None, None
            elif line.startswith("#"):
                self._comment(number, line)
            elif line.startswith('"'):
                if self.current is None:
                    self.fail(number, _("a string that continues nothing"))
                else:
                    self.current.append(self.unquote(number, line))
            else:
                self._keyword(number, line)
        return self.found


def _header(text: str) -> dict[str, str]:
    fields = {}
    for line in text.split("\n"):
        key, sep, value = line.partition(":")
        if sep:
            fields[key.strip().lower()] = value.strip()
    return fields


def _translator(value: str | None) -> str | None:
    if not value or value.startswith("FULL NAME"):
        return None
    return value


def _date(value: str | None) -> dt.date | None:
    match = re.match(r"(\d{4})-(\d{2})-(\d{2})", value or "")
    if match is None:
        return None
    try:
        return dt.date(*map(int, match.groups()))
    except ValueError:
        return None


def loads(data: bytes, file: str) -> Catalog:
    """Read a PO file written by :func:`dumps` and edited by a translator.

    Raise :class:`~munintl.errors.ValidationError` naming the file and line of
    every problem: not UTF-8, a syntax error (among them a string whose
    closing quote is missing or escaped, and a quote left unescaped inside a
    string), plural entries, a msgctxt given twice, no munintl header.
    """
    try:
        text = data.decode("utf-8").removeprefix("\ufeff")
    except UnicodeDecodeError as error:
        line = data[: error.start].count(b"\n") + 1
        raise ValidationError(
            [
                Finding(
                    code="po-syntax",
                    message=_("the file is not UTF-8 text; save it as UTF-8"),
                    file=file,
                    line=line,
                )
            ]
        ) from None
    reader = _Reader(text, file)
    raw = reader.entries()
    header: dict[str, str] = {}
    entries: list[CatalogEntry] = []
    first_at: dict[str, int] = {}
    for item in raw:
        if item.obsolete or not item.fields:
            continue
        if "msgid_plural" in item.fields:
            reader.fail(item.line, _("plural entries are not munintl's"))
            continue
        if "msgid" not in item.fields or "msgstr" not in item.fields:
            reader.fail(item.line, _("an entry needs both msgid and msgstr"))
            continue
        msgid = "".join(item.fields["msgid"])
        msgstr = "".join(item.fields["msgstr"])
        context = item.fields.get("msgctxt")
        if context is None:
            if msgid == "" and not header:
                header = _header(msgstr)
            else:
                reader.fail(item.line, _("an entry without msgctxt is not munintl's"))
            continue
        hashes = [
            c[len(HASH_COMMENT) :] for c in item.comments if c.startswith(HASH_COMMENT)
        ]
        if not hashes:
            reader.fail(
                item.line,
                _("the entry has lost its '#. {comment}' line").format(
                    comment=HASH_COMMENT.strip()
                ),
            )
            continue
        path = "".join(context)
        if path in first_at:  # else the last of the two would silently win
            reader.fail(
                item.line,
                _(
                    "msgctxt '{path}' appears twice (first at line {line});"
                    " keep one of the two entries"
                ).format(path=path, line=first_at[path]),
            )
            continue
        first_at[path] = item.line
        entries.append(
            CatalogEntry(
                path=path,
                source=msgid,
                source_hash=hashes[0].strip(),
                translation=msgstr,
                final="fuzzy" not in item.flags,
                notes=tuple(
                    c[len(_GLOSSARY_COMMENT) :]
                    for c in item.comments
                    if c.startswith(_GLOSSARY_COMMENT)
                ),
                line=item.line,
            )
        )
    portfolio = header.get(_PORTFOLIO.lower())
    if not reader.problems and (portfolio is None or _SOURCE.lower() not in header):
        reader.fail(
            1,
            _(
                "the header has no {field} line: this is not a file munintl exported"
            ).format(field=_PORTFOLIO),
        )
    if reader.problems:
        raise ValidationError(reader.problems)
    revised = header.get("po-revision-date")
    return Catalog(
        portfolio=portfolio or "",
        source_language=header[_SOURCE.lower()],
        language=header.get("language", ""),
        entries=tuple(entries),
        translator=_translator(header.get("last-translator")),
        # A revision date the translator's tool left as exported says nothing.
        date=_date(revised) if revised != header.get("pot-creation-date") else None,
    )
