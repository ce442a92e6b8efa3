"""Files from outside the portfolio: read within bounds, checked before parsing.

A returned form, a translation agency's PO or XLIFF file and a glossary
come from other people.  Before a parser sees such a file, munintl

* reads it only if it is a regular file (not a directory, a pipe or a
  device, which could block or never end) of at most a set size
  (:func:`read_bounded`);
* opens an OOXML (ZIP) archive only if its central directory promises no
  more than a set size unpacked, no encrypted or exotic members and not too
  many of them -- a ZIP member never unpacks to more than the size its
  central directory states, so the check bounds the work
  (:func:`open_archive`);
* refuses XML with a document type declaration (:func:`refuse_doctype`):
  entities, internal or external, are how hostile XML attacks a reader
  (billion laughs, reading local files), and neither OOXML parts nor
  XLIFF files ever have one.  The check reads only the prolog, in any
  encoding the XML names.
"""

from __future__ import annotations

import io
import os
import stat
import zipfile
from pathlib import Path
from typing import IO
from xml.parsers import expat

from munintl.errors import MunintlError
from munintl.i18n import _

__all__ = [
    "MAX_ARCHIVE_BYTES",
    "MAX_ARCHIVE_MEMBERS",
    "MAX_PART_BYTES",
    "NotAnArchiveError",
    "UntrustedFileError",
    "has_doctype",
    "open_archive",
    "read_bounded",
    "refuse_archive_doctypes",
    "refuse_doctype",
]

#: What an OOXML form may unpack to, in all (its central directory says).
MAX_ARCHIVE_BYTES = 64 * 1024 * 1024
#: What one XML part of an OOXML form may unpack to (a form's are far smaller).
MAX_PART_BYTES = 16 * 1024 * 1024
#: How many members an OOXML form may have.
MAX_ARCHIVE_MEMBERS = 2_000
_MB = 1024 * 1024
_XML_PARTS = (".xml", ".rels", ".vml")


class UntrustedFileError(MunintlError):
    """A file from outside cannot be read safely: too big, not a file, hostile."""


class NotAnArchiveError(UntrustedFileError):
    """The bytes are not a ZIP archive, or a damaged one."""


def _megabytes(size: int) -> str:
    return f"{size / _MB:.0f} MB" if size >= _MB else f"{size} bytes"


def _cannot_read(path: Path, error: OSError) -> UntrustedFileError:
    return UntrustedFileError(
        _("{path}: cannot read the file ({reason})").format(
            path=path, reason=error.strerror or error
        )
    )


def read_bounded(path: Path, limit: int) -> bytes:
    """The bytes of the regular file at ``path``, if it has at most ``limit``.

    A symbolic link is followed (the user named it); a directory, a pipe, a
    socket or a device is refused before anything is read from it, so the
    read can neither block nor run without end.  Raise
    :class:`UntrustedFileError` naming the file.
    """
    try:
        descriptor = os.open(path, os.O_RDONLY | getattr(os, "O_NONBLOCK", 0))
    except OSError as error:
        raise _cannot_read(path, error) from None
    try:
        mode = os.fstat(descriptor).st_mode
        if not stat.S_ISREG(mode):
            kind = _("a directory") if stat.S_ISDIR(mode) else _("not a regular file")
            raise UntrustedFileError(
                _("{path}: is {kind}; name a file").format(path=path, kind=kind)
            )
        chunks = []
        left = limit + 1
        while left > 0 and (chunk := os.read(descriptor, min(left, 1 << 20))):
            chunks.append(chunk)
            left -= len(chunk)
    except OSError as error:
        raise _cannot_read(path, error) from None
    finally:
        os.close(descriptor)
    data = b"".join(chunks)
    if len(data) > limit:
        raise UntrustedFileError(
            _(
                "{path}: the file is larger than {limit}, more than munintl reads"
                " from such a file"
            ).format(path=path, limit=_megabytes(limit))
        )
    return data


def open_archive(
    data: bytes,
    *,
    limit: int = MAX_ARCHIVE_BYTES,
    part_limit: int = MAX_PART_BYTES,
    members: int = MAX_ARCHIVE_MEMBERS,
) -> zipfile.ZipFile:
    """Open the ZIP archive ``data`` if its members are safe to unpack.

    Refused, with :class:`UntrustedFileError` saying why: not a ZIP archive,
    more than ``members`` members, more than ``limit`` bytes unpacked in
    all, an XML part of more than ``part_limit`` bytes, an encrypted
    member, a compression other than stored or deflated, a member whose
    name climbs out (``../``) or is absolute.
    """
    try:
        archive = zipfile.ZipFile(io.BytesIO(data))
    except (zipfile.BadZipFile, zipfile.LargeZipFile, OSError, ValueError, EOFError):
        raise NotAnArchiveError(_("not a ZIP archive (or a damaged one)")) from None
    items = archive.infolist()
    if len(items) > members:
        raise UntrustedFileError(
            _("the archive has {count} parts, more than {limit}").format(
                count=len(items), limit=members
            )
        )
    total = 0
    for item in items:
        total += item.file_size
        problem = None
        if item.flag_bits & 0x1:
            problem = _("the part {name!r} is encrypted")
        elif item.compress_type not in (zipfile.ZIP_STORED, zipfile.ZIP_DEFLATED):
            problem = _("the part {name!r} is packed in a way OOXML does not use")
        elif item.filename.startswith(("/", "\\")) or ".." in item.filename.replace(
            "\\", "/"
        ).split("/"):
            problem = _("the part name {name!r} leaves the archive")
        elif item.file_size > part_limit and item.filename.endswith(_XML_PARTS):
            problem = _(
                "the part {name!r} unpacks to {size}, more than {limit} (a form's"
                " parts are far smaller)"
            )
        if problem is not None:
            raise UntrustedFileError(
                problem.format(
                    name=item.filename,
                    size=_megabytes(item.file_size),
                    limit=_megabytes(part_limit),
                )
            )
    if total > limit:
        raise UntrustedFileError(
            _(
                "the archive unpacks to {size}, more than {limit} (a form is far"
                " smaller: is it a ZIP bomb?)"
            ).format(size=_megabytes(total), limit=_megabytes(limit))
        )
    return archive


class _Prolog(Exception):
    """Raised from the parser's handlers to stop at the end of the prolog."""

    def __init__(self, doctype: bool) -> None:
        super().__init__()
        self.doctype = doctype


def _doctype(*_args: object) -> None:
    raise _Prolog(doctype=True)


def _element(*_args: object) -> None:
    raise _Prolog(doctype=False)


def has_doctype(stream: IO[bytes]) -> bool:
    """Tell whether the XML read from ``stream`` declares a document type.

    Only the prolog is read (up to the root element's start tag), in chunks;
    malformed XML before the root element counts as no declaration -- the
    parser that reads the document says what is wrong with it.
    """
    parser = expat.ParserCreate()
    parser.StartDoctypeDeclHandler = _doctype
    parser.EntityDeclHandler = _doctype
    parser.StartElementHandler = _element
    try:
        while chunk := stream.read(64 * 1024):
            parser.Parse(chunk, False)
        parser.Parse(b"", True)
    except _Prolog as stop:
        return stop.doctype
    except expat.ExpatError:
        return False
    return False


def refuse_doctype(data: bytes, what: str) -> None:
    """Raise :class:`UntrustedFileError` if the XML ``data`` declares a document type.

    ``what`` names the file (or the part of an archive) in the message.
    """
    if has_doctype(io.BytesIO(data)):
        raise UntrustedFileError(
            _(
                "{what}: the XML declares a document type (entities); files"
                " munintl reads never do, so it is refused"
            ).format(what=what)
        )


def refuse_archive_doctypes(archive: zipfile.ZipFile) -> None:
    """Refuse an OOXML archive any of whose XML parts declares a document type."""
    for item in archive.infolist():
        if not item.filename.endswith(_XML_PARTS):
            continue
        try:
            with archive.open(item) as stream:
                found = has_doctype(stream)
        except Exception:  # noqa: BLE001 - zipfile, zlib and expat raise their own
            raise UntrustedFileError(
                _("the part {name!r} is damaged").format(name=item.filename)
            ) from None
        if found:
            raise UntrustedFileError(
                _(
                    "the part {name!r} declares a document type (entities); OOXML"
                    " never does, so the file is refused"
                ).format(name=item.filename)
            )
