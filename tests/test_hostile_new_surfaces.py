"""Hostile input on the surfaces added late: returned forms, exchange files, queries.

Each case is a file or a value an attacker or a careless user could hand
munintl.  The standard is issue 9's: a munintl error (through the command
line: exit 1, one message naming the file, no traceback), nothing written,
no entity expanded, no file outside read, bounded time and memory.
"""

from __future__ import annotations

import datetime as dt
import io
import os
import shutil
import zipfile
from collections.abc import Callable, Mapping
from pathlib import Path

import pytest
from click.testing import CliRunner

from followround.testby import make_portfolio
from munintl.cli import main
from munintl.followround import prepare_round
from munintl.followround.collect import collect_forms
from munintl.hooks.manager import get_plugin_manager
from munintl.model import Codelist, Portfolio
from munintl.wire.untrusted import (
    UntrustedFileError,
    has_doctype,
    open_archive,
    read_bounded,
)

NOW = dt.datetime(2025, 1, 10, 9, 30, tzinfo=dt.UTC)
ROOT = Path(__file__).resolve().parents[1]
EXAMPLE = ROOT / "examples" / "skanderborg"

#: Ten levels of ten: a billion "lol"s if a parser expands entities.
LAUGHS = (
    b'<?xml version="1.0"?><!DOCTYPE lolz [<!ENTITY lol0 "lol">'
    + b"".join(
        b'<!ENTITY lol%d "%s">' % (i, b"&lol%d;" % (i - 1) * 10) for i in range(1, 10)
    )
    + b"]>"
)
#: An external entity that would read a local file.
XXE = b'<?xml version="1.0"?><!DOCTYPE x [<!ENTITY xxe SYSTEM "file:///etc/passwd">]>'


def _body(xml: bytes) -> bytes:
    """``xml`` without its XML declaration."""
    return xml.split(b"?>", 1)[1] if xml.startswith(b"<?xml") else xml


def _rezip(
    data: bytes,
    changes: Mapping[str, Callable[[bytes], bytes]] | None = None,
    add: Mapping[str, bytes] | None = None,
) -> bytes:
    source = zipfile.ZipFile(io.BytesIO(data))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target:
        for item in source.infolist():
            content = source.read(item.filename)
            if changes and item.filename in changes:
                content = changes[item.filename](content)
            target.writestr(item.filename, content)
        for name, content in (add or {}).items():
            target.writestr(name, content)
    return out.getvalue()


def _declared_bomb(data: bytes, part: str, size: int) -> bytes:
    """``data`` with ``part`` padded by ``size`` spaces: it packs to a few KB."""
    return _rezip(
        data, {part: lambda c: c.replace(b"</", b"<!--" + b" " * size + b"--></", 1)}
    )


@pytest.fixture(scope="module")
def codelists() -> Mapping[str, Codelist]:
    return get_plugin_manager().codelists()


@pytest.fixture(scope="module")
def round_(
    codelists: Mapping[str, Codelist],
) -> tuple[Portfolio, bytes, bytes]:
    """Testby with its 2024 draft, and kultur's status and narrative forms."""
    prepared = prepare_round(make_portfolio(), 2024, codelists=codelists, made=NOW)
    (status,) = (
        v for k, v in prepared.files.items() if k.endswith("kultur.status.xlsx")
    )
    (narrative,) = (
        v for k, v in prepared.files.items() if k.endswith("kultur.narrative.docx")
    )
    return prepared.portfolio, status, narrative


def _identity_edit(old: bytes, new: bytes) -> Callable[[bytes], bytes]:
    def edit(content: bytes) -> bytes:
        assert old in content, (old, content[:300])
        return content.replace(old, new)

    return edit


#: name -> (which form, how to spoil it, what the refusal says)
FORM_CASES: dict[str, tuple[str, Callable[[bytes], bytes], str]] = {
    "not a zip": ("status", lambda d: b"hello", "damaged or of another kind"),
    "empty file": ("status", lambda d: b"", "damaged or of another kind"),
    "truncated zip": ("status", lambda d: d[: len(d) // 2], "damaged or of another"),
    "billion laughs in the workbook": (
        "status",
        lambda d: _rezip(d, {"xl/workbook.xml": lambda c: LAUGHS + _body(c)}),
        "declares a document type",
    ),
    "external entity in a sheet": (
        "status",
        lambda d: _rezip(
            d,
            {
                "xl/worksheets/sheet1.xml": lambda c: (
                    XXE + _body(c).replace(b"<sheetData>", b"<sheetData>&xxe;", 1)
                )
            },
        ),
        "declares a document type",
    ),
    "billion laughs in the identity sheet": (
        "status",
        lambda d: _rezip(d, {"xl/worksheets/sheet2.xml": lambda c: LAUGHS + _body(c)}),
        "declares a document type",
    ),
    "entities in UTF-16": (
        "status",
        lambda d: _rezip(
            d,
            {
                "xl/workbook.xml": lambda c: (
                    (LAUGHS.replace(b"?>", b' encoding="UTF-16"?>', 1) + _body(c))
                    .decode("utf-8")
                    .encode("utf-16")
                )
            },
        ),
        "declares a document type",
    ),
    "billion laughs in the custom properties": (
        "narrative",
        lambda d: _rezip(d, {"docProps/custom.xml": lambda c: LAUGHS + _body(c)}),
        "declares a document type",
    ),
    "external entity in the document": (
        "narrative",
        lambda d: _rezip(d, {"word/document.xml": lambda c: XXE + _body(c)}),
        "declares a document type",
    ),
    "custom properties cut short": (
        "narrative",
        lambda d: _rezip(d, {"docProps/custom.xml": lambda c: c[:50]}),
        "cannot be read as a DOCX document",
    ),
    "document part cut short": (
        "narrative",
        lambda d: _rezip(d, {"word/document.xml": lambda c: c[:100]}),
        "cannot be read as a DOCX document",
    ),
    "sheet cut short": (
        "status",
        lambda d: _rezip(d, {"xl/worksheets/sheet1.xml": lambda c: c[:100]}),
        "cannot be read as an XLSX workbook",
    ),
    "no content types": (
        "status",
        lambda d: _rezip(
            d, {"[Content_Types].xml": lambda c: b"<Types/>"}
        ),  # a workbook part no one declares
        "cannot be read as an XLSX workbook",
    ),
    "zip bomb (70 MB of zeros in a few KB)": (
        "status",
        lambda d: _rezip(d, add={"xl/media/zeros.bin": bytes(70 * 1024 * 1024)}),
        "more than 64 MB",
    ),
    "one part of 20 MB": (
        "narrative",
        lambda d: _declared_bomb(d, "word/document.xml", 20 * 1024 * 1024),
        "more than 16 MB",
    ),
    "a million-row sheet": (
        "status",
        lambda d: _rezip(
            d,
            {
                "xl/worksheets/sheet1.xml": lambda c: c.replace(
                    b"</sheetData>",
                    b"".join(
                        b'<row r="%d"><c r="A%d" t="inlineStr"><is><t>x</t></is></c></row>'
                        % (i, i)
                        for i in range(1_000_000, 1_000_050)
                    )
                    + b"</sheetData>",
                )
            },
        ),
        "goes on below row",
    ),
    "identity nested 100,000 deep": (
        "narrative",
        lambda d: _rezip(
            d,
            {
                "docProps/custom.xml": lambda c: (
                    c.split(b"<vt:lpwstr>")[0]
                    + b"<vt:lpwstr>"
                    + b"[" * 100_000
                    + b"</vt:lpwstr></property></Properties>"
                )
            },
        ),
        "hidden identity is damaged",
    ),
    "identity claims another department's subject": (
        "narrative",
        lambda d: _rezip(
            d,
            {
                "docProps/custom.xml": _identity_edit(
                    b'"followup/summary"', b'"theme:klima/summary"'
                )
            },
        ),
        "does not answer for",
    ),
    "identity claims a department that prepares nothing": (
        "narrative",
        lambda d: _rezip(
            d,
            {
                "docProps/custom.xml": _identity_edit(
                    b'"department":"kultur"',
                    b'"department":"borgmester"',
                )
            },
        ),
        "does not prepare",
    ),
    "identity in a language the portfolio lacks": (
        "narrative",
        lambda d: _rezip(
            d,
            {
                "docProps/custom.xml": _identity_edit(
                    b'"language":"da"',
                    b'"language":"xx"',
                )
            },
        ),
        "not a language of the portfolio",
    ),
    "an encrypted part": (
        "status",
        lambda d: _encrypt_flag(d, "xl/styles.xml"),
        "is encrypted",
    ),
    "a part named ../evil": (
        "status",
        lambda d: _rezip(d, add={"../evil.xml": b"<x/>"}),
        "leaves the archive",
    ),
}


def _encrypt_flag(data: bytes, name: str) -> bytes:
    """``data`` with the encryption bit set on ``name`` in the central directory."""
    archive = zipfile.ZipFile(io.BytesIO(data))
    info = archive.getinfo(name)
    out = bytearray(data)
    # The central directory entry: signature PK\1\2, flags at offset 8.
    position = data.rfind(b"PK\x01\x02", 0, data.rfind(name.encode()))
    out[position + 8] |= 0x1
    assert info.flag_bits & 0x1 == 0
    return bytes(out)


@pytest.mark.parametrize("case", sorted(FORM_CASES))
def test_a_hostile_form_is_refused_whole(
    case: str,
    round_: tuple[Portfolio, bytes, bytes],
    codelists: Mapping[str, Codelist],
) -> None:
    portfolio, status, narrative = round_
    kind, spoil, said = FORM_CASES[case]
    data = spoil(status if kind == "status" else narrative)
    result = collect_forms(portfolio, [("form", data)], codelists=codelists, now=NOW)
    assert not result.taken
    assert result.portfolio is portfolio
    (refused,) = result.refused
    message = "\n".join(p.format() for p in refused.problems)
    assert message.startswith("form: ")
    assert said in message


def test_a_macro_workbook_is_read_without_its_macros(
    round_: tuple[Portfolio, bytes, bytes], codelists: Mapping[str, Codelist]
) -> None:
    """An .xlsm renamed .xlsx: values are read as text, the macro never loaded."""
    portfolio, status, _narrative = round_
    data = _rezip(status, add={"xl/vbaProject.bin": b"\xd0\xcf\x11\xe0" + b"\0" * 512})
    result = collect_forms(portfolio, [("form", data)], codelists=codelists, now=NOW)
    assert [t.form for t in result.taken] == ["form"]
    assert not result.refused


def test_the_archive_check_reads_only_the_central_directory() -> None:
    bomb = io.BytesIO()
    with zipfile.ZipFile(bomb, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("a.bin", bytes(2 * 1024 * 1024))
    with pytest.raises(UntrustedFileError, match="more than 1 MB"):
        open_archive(bomb.getvalue(), limit=1024 * 1024)


@pytest.mark.parametrize(
    ("xml", "found"),
    [
        (b"<a/>", False),
        (b'<?xml version="1.0"?><!-- x --><a>&amp;</a>', False),
        (XXE + b"<a>&xxe;</a>", True),
        (LAUGHS + b"<a/>", True),
        (b"<!DOCTYPE a SYSTEM 'http://example.org/a.dtd'><a/>", True),
        (b"<!-- " + b"x" * 100_000 + b" --><!DOCTYPE a><a/>", True),
        ((b'<?xml version="1.0" encoding="UTF-16"?>' + XXE[21:] + b"<a/>"), True),
        (b"not xml at all", False),
    ],
)
def test_a_document_type_is_found_in_the_prolog(xml: bytes, found: bool) -> None:
    if b"UTF-16" in xml:
        xml = xml.decode("utf-8").encode("utf-16")
    assert has_doctype(io.BytesIO(xml)) is found


@pytest.fixture
def store(tmp_path: Path) -> Path:
    target = tmp_path / "skanderborg"
    shutil.copytree(EXAMPLE, target)
    return target


def _tree(path: Path) -> dict[str, bytes]:
    return {
        str(p.relative_to(path)): p.read_bytes() for p in path.rglob("*") if p.is_file()
    }


def _form_path(tmp_path: Path, kind: str) -> Path:
    """A form path that is not a form: a directory, a pipe, an endless device."""
    if kind == "directory":
        path = tmp_path / "forms.xlsx"
        path.mkdir()
    elif kind == "fifo":
        path = tmp_path / "pipe.xlsx"
        os.mkfifo(path)
    elif kind == "symlink to /dev/zero":
        path = tmp_path / "zero.xlsx"
        path.symlink_to("/dev/zero")
    elif kind == "dangling symlink":
        path = tmp_path / "gone.xlsx"
        path.symlink_to(tmp_path / "nowhere")
    elif kind == "missing":
        path = tmp_path / "missing.xlsx"
    else:  # a file larger than any form
        path = tmp_path / "huge.xlsx"
        with path.open("wb") as stream:
            stream.truncate(65 * 1024 * 1024)
    return path


@pytest.mark.parametrize(
    ("kind", "said"),
    [
        ("directory", "is a directory"),
        ("fifo", "not a regular file"),
        ("symlink to /dev/zero", "not a regular file"),
        ("dangling symlink", "cannot read the file"),
        ("missing", "cannot read the file"),
        ("huge file", "larger than 64 MB"),
    ],
)
def test_collect_refuses_what_is_not_a_form_file(
    kind: str, said: str, store: Path, tmp_path: Path
) -> None:
    form = _form_path(tmp_path, kind)
    before = _tree(store)
    result = CliRunner().invoke(
        main, ["followup", "collect", str(store), str(form), "--year", "2012"]
    )
    assert result.exit_code == 1, result.output
    assert "Traceback" not in result.output
    assert str(form) in result.stderr
    assert said in result.stderr
    assert _tree(store) == before


def test_read_bounded_names_the_limit(tmp_path: Path) -> None:
    path = tmp_path / "x.po"
    path.write_bytes(b"x" * 101)
    assert read_bounded(path, 101) == b"x" * 101
    with pytest.raises(UntrustedFileError, match="larger than 100 bytes"):
        read_bounded(path, 100)


# -- Exchange files and the glossary -------------------------------------------

XLIFF_HEAD = (
    '<xliff version="1.2" xmlns="urn:oasis:names:tc:xliff:document:1.2">'
    '<file original="munintl:skanderborg" source-language="da"'
    ' target-language="en" datatype="plaintext"><body>'
)


@pytest.mark.parametrize(
    "text",
    [
        "<?xml version='1.0'?>"
        + LAUGHS.decode()[21:]
        + XLIFF_HEAD
        + "<trans-unit id='x'><source>&lol9;</source></trans-unit></body></file></xliff>",
        "<?xml version='1.0'?>"
        + XXE.decode()[21:]
        + XLIFF_HEAD
        + "<trans-unit id='x'><source>&xxe;</source>",
        "<!-- " + "x" * 10_000 + " -->" + XXE.decode()[21:] + XLIFF_HEAD,
    ],
    ids=["billion laughs", "external entity", "declaration after a long comment"],
)
@pytest.mark.parametrize("encoding", ["utf-8", "utf-16"])
def test_an_xliff_with_a_document_type_is_refused_in_any_encoding(
    text: str, encoding: str, tmp_path: Path
) -> None:
    from munintl.errors import ValidationError
    from munintl.translation.exchange import read_catalog

    if encoding != "utf-8":
        text = text.replace("<?xml version='1.0'?>", "")
        text = f"<?xml version='1.0' encoding='{encoding.upper()}'?>" + text
    path = tmp_path / "hostile.xlf"
    path.write_bytes(text.encode(encoding))
    with pytest.raises(ValidationError, match="declares a document type") as caught:
        read_catalog(path)
    assert caught.value.findings[0].file == str(path)


@pytest.mark.parametrize(
    ("kind", "said"),
    [
        ("directory", "is a directory"),
        ("fifo", "not a regular file"),
        ("symlink to /dev/zero", "not a regular file"),
        ("huge file", "larger than 64 MB"),
    ],
)
@pytest.mark.parametrize("suffix", [".po", ".xlf"])
def test_an_exchange_file_that_is_no_file_is_refused(
    kind: str, said: str, suffix: str, tmp_path: Path
) -> None:
    from munintl.errors import MunintlError
    from munintl.translation.exchange import format_for, read_catalog

    path = _form_path(tmp_path, kind)
    with pytest.raises(MunintlError, match=said) as caught:
        read_catalog(path, format_for(path.with_suffix(suffix)))
    assert str(path) in str(caught.value)


@pytest.mark.parametrize(
    ("kind", "said"),
    [
        ("directory", "is a directory"),
        ("fifo", "not a regular file"),
        ("huge file", "larger than 4 MB"),
    ],
)
def test_a_glossary_that_is_no_file_is_refused(
    kind: str, said: str, tmp_path: Path
) -> None:
    from munintl.errors import ValidationError
    from munintl.translation.glossary import load_glossary

    path = _form_path(tmp_path, kind)
    with pytest.raises(ValidationError, match=said) as caught:
        load_glossary(path)
    assert caught.value.findings[0].file == str(path)


# -- Revision suffixes ---------------------------------------------------------


@pytest.mark.parametrize(
    ("suffix", "said"),
    [
        ("@" + "9" * 23, "is not a portfolio key"),
        ("@-" + "9" * 5000, "is not a portfolio key"),
        ("@" + "9" * 5000, "is not a portfolio key"),
        ("@999999999999999999", "there is no revision"),
        ("@-999999999999999999", "there is no revision"),
        ("@x", "no revision and no follow-up"),
    ],
    ids=["23 digits", "-5000 digits", "5000 digits", "18 digits", "-18 digits", "@x"],
)
def test_a_revision_suffix_out_of_range_is_a_message(
    suffix: str, said: str, tmp_path: Path
) -> None:
    database = f"sqlite:///{tmp_path / 'p.db'}#testby"
    import munintl

    munintl.save(make_portfolio(), database)
    before = (tmp_path / "p.db").read_bytes()
    result = CliRunner().invoke(main, ["diff", database + suffix, database])
    assert result.exit_code == 1, result.output
    assert result.exception is None or isinstance(result.exception, SystemExit)
    assert said in result.stderr
    assert (tmp_path / "p.db").read_bytes() == before
