"""XLIFF 1.2 files for translators: written and read with the standard library.

XLIFF 1.2 (OASIS Standard, 2008), not 2.x: it is the version that the
tools agencies use all read and write (memoQ, Trados, Crowdin, Weblate,
Phrase, Virtaal, translate-toolkit), and its ``state`` attribute says
plainly whether a target is finished (``translated``, ``final``,
``signed-off``) or not (``needs-review-translation``, ...).

One ``<file>`` per export; ``original`` names the portfolio
(``munintl:<municipality id>``), ``source-language`` and
``target-language`` the languages.  Each text is a ``<trans-unit>`` whose
``id`` and ``resname`` are its portfolio path, with the source hash in a
context group (read-only for translators) and the glossary notes as
``<note>``\\ s::

    <trans-unit id="themes[borgerservice].title" resname="..." xml:space="preserve">
      <source>Borgerservice</source>
      <target state="needs-review-translation">Citizen services</target>
      <note from="glossary" annotates="source">Borgerservice → Citizen Service</note>
      <context-group purpose="information">
        <context context-type="x-munintl-source-hash">sha256:…</context>
      </context-group>
    </trans-unit>

Who translated and when is read from the last ``<phase>`` with a
``contact-name`` (and ``date``) in the file's header, where a tool wrote one.
"""

from __future__ import annotations

import datetime as dt
import io
import re
from xml.etree import ElementTree as ET

from munintl import _version
from munintl.errors import Finding, ValidationError
from munintl.i18n import _
from munintl.translation.catalog import Catalog, CatalogEntry
from munintl.wire.untrusted import has_doctype

__all__ = ["NAMESPACE", "dumps", "loads"]

#: The XLIFF 1.2 namespace.
NAMESPACE = "urn:oasis:names:tc:xliff:document:1.2"
_NS = "{" + NAMESPACE + "}"
_XML_SPACE = "{http://www.w3.org/XML/1998/namespace}space"
_HASH_CONTEXT = "x-munintl-source-hash"
_ORIGINAL_PREFIX = "munintl:"

#: Target states that mean "finished"; a target without a state is too.
FINISHED = frozenset({"translated", "final", "signed-off"})

# Characters XML 1.0 cannot hold, even escaped (texts never have them, but a
# hostile file could name them as character references).
_ESCAPES = {"&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;"}
_ESCAPE = re.compile(r'[&<>"]')


def _escape(text: str) -> str:
    escaped = _ESCAPE.sub(lambda m: _ESCAPES[m.group()], text)
    # A carriage return would be read back as a newline: keep it as a reference.
    return escaped.replace("\r", "&#13;")


def _target(entry: CatalogEntry) -> str:
    if not entry.translation:
        return ""
    if entry.final:
        attributes = ' state="translated"'
    else:
        # A stale translation matched an earlier version of the source.
        qualifier = "mt-suggestion" if entry.state == "machine" else "fuzzy-match"
        attributes = f' state="needs-review-translation" state-qualifier="{qualifier}"'
    return f"        <target{attributes}>{_escape(entry.translation)}</target>\n"


def dumps(catalog: Catalog) -> str:
    """Render ``catalog`` as the text of an XLIFF 1.2 file."""
    parts = [
        '<?xml version="1.0" encoding="UTF-8"?>\n',
        f'<xliff version="1.2" xmlns="{NAMESPACE}">\n',
        f'  <file original="{_escape(_ORIGINAL_PREFIX + catalog.portfolio)}"'
        f' source-language="{_escape(catalog.source_language)}"'
        f' target-language="{_escape(catalog.language)}"'
        ' datatype="plaintext">\n',
        "    <header>\n",
        f'      <tool tool-id="munintl" tool-name="munintl"'
        f' tool-version="{_escape(_version.version())}"/>\n',
        '      <note from="munintl">Translate the targets only; the id says where'
        " each text is used. Targets that need review are suggestions: check"
        " them, then mark them translated.</note>\n",
        "    </header>\n",
        "    <body>\n",
    ]
    for entry in catalog.entries:
        path = _escape(entry.path)
        parts.append(
            f'      <trans-unit id="{path}" resname="{path}" xml:space="preserve">\n'
            f"        <source>{_escape(entry.source)}</source>\n"
        )
        parts.append(_target(entry))
        parts.extend(
            f'        <note from="glossary" annotates="source">{_escape(note)}</note>\n'
            for note in entry.notes
        )
        parts.append(
            '        <context-group purpose="information">'
            f'<context context-type="{_HASH_CONTEXT}">{entry.source_hash}</context>'
            "</context-group>\n"
            "      </trans-unit>\n"
        )
    parts.append("    </body>\n  </file>\n</xliff>\n")
    return "".join(parts)


def _fail(file: str, message: str, line: int | None = None) -> ValidationError:
    return ValidationError(
        [Finding(code="xliff-syntax", message=message, file=file, line=line)]
    )


def _text(element: ET.Element | None) -> str:
    """The text of ``element``, inline markup (``<g>``, ``<mrk>``) kept as text only."""
    return "" if element is None else "".join(element.itertext())


def _lines(data: bytes) -> dict[str, int]:
    """The line each trans-unit id starts on, for messages."""
    found: dict[str, int] = {}
    line, counted = 1, 0
    for match in re.finditer(rb"<trans-unit\b[^>]*?\bid=\"([^\"]*)\"", data):
        # Counted from the last unit on: the whole file is read once.
        line += data.count(b"\n", counted, match.start())
        counted = match.start()
        found.setdefault(match.group(1).decode("utf-8", "replace"), line)
    return found


def _phase(header: ET.Element | None) -> tuple[str | None, dt.date | None]:
    translator: str | None = None
    date: dt.date | None = None
    if header is None:
        return None, None
    for phase in header.iter(_NS + "phase"):
        name = phase.get("contact-name")
        if name:
            translator = name
            match = re.match(r"(\d{4})-(\d{2})-(\d{2})", phase.get("date", ""))
            date = None
            if match:
                try:
                    date = dt.date(*map(int, match.groups()))
                except ValueError:
                    date = None
    return translator, date


def loads(data: bytes, file: str) -> Catalog:
    """Read an XLIFF 1.2 file written by :func:`dumps` and edited by a translator.

    Raise :class:`~munintl.errors.ValidationError` naming the file (and line)
    of what cannot be read: not XML, a document type declaration (refused:
    entities are how hostile XML attacks a reader), not XLIFF 1.2, not one
    ``<file>`` exported by munintl, a unit without its source hash.
    """
    # The prolog is read in whatever encoding the file names (UTF-16 too), so
    # no declaration hides from the check.
    if has_doctype(io.BytesIO(data)):
        raise _fail(file, _("the file declares a document type; XLIFF files do not"))
    try:
        root = ET.fromstring(data)  # noqa: S314 - no DTD, so no entities
    except ET.ParseError as error:
        line = error.position[0] if error.position else None
        raise _fail(
            file, _("not well-formed XML: {reason}").format(reason=error), line
        ) from None
    if root.tag != _NS + "xliff" or root.get("version") != "1.2":
        raise _fail(file, _("this is not an XLIFF 1.2 file"))
    files = root.findall(_NS + "file")
    if len(files) != 1 or not (files[0].get("original") or "").startswith(
        _ORIGINAL_PREFIX
    ):
        raise _fail(
            file,
            _("this is not an XLIFF file munintl exported (one <file> from munintl)"),
        )
    (element,) = files
    lines = _lines(data)
    problems: list[Finding] = []
    entries: list[CatalogEntry] = []
    for unit in element.iter(_NS + "trans-unit"):
        path = unit.get("id", "")
        where = lines.get(path)
        hashes = [
            context.text or ""
            for context in unit.iter(_NS + "context")
            if context.get("context-type") == _HASH_CONTEXT
        ]
        if not hashes:
            problems.append(
                Finding(
                    code="xliff-syntax",
                    message=_("the unit has lost its source hash context"),
                    file=file,
                    line=where,
                    path=path,
                )
            )
            continue
        target = unit.find(_NS + "target")
        state = target.get("state") if target is not None else None
        entries.append(
            CatalogEntry(
                path=path,
                source=_text(unit.find(_NS + "source")),
                source_hash=hashes[0].strip(),
                translation=_text(target),
                final=state is None or state in FINISHED,
                notes=tuple(
                    _text(note)
                    for note in unit.iter(_NS + "note")
                    if note.get("from") == "glossary"
                ),
                line=where,
            )
        )
    if problems:
        raise ValidationError(problems)
    translator, date = _phase(element.find(_NS + "header"))
    return Catalog(
        portfolio=(element.get("original") or "").removeprefix(_ORIGINAL_PREFIX),
        source_language=element.get("source-language", ""),
        language=element.get("target-language", ""),
        entries=tuple(entries),
        translator=translator,
        date=date,
    )
