"""Fill forms in LibreOffice itself, headless, with a Basic macro.

LibreOffice runs a macro from its user profile (``macro:///Standard.
Module1.Fill``); the helper writes the macro into a throwaway profile,
runs it and waits for it to end.  The macros edit the forms through
LibreOffice's own API -- cells, table cells, bold runs, paragraph and
line breaks -- and save them with LibreOffice's XLSX and DOCX filters.
"""

from __future__ import annotations

import functools
import shutil
import subprocess
import tempfile
from pathlib import Path
from xml.sax.saxutils import escape

import pytest

_MODULE = (
    '<?xml version="1.0" encoding="UTF-8"?>\n'
    '<!DOCTYPE script:module PUBLIC "-//OpenOffice.org//DTD OfficeDocument 1.0//EN"'
    ' "module.dtd">\n'
    '<script:module xmlns:script="http://openoffice.org/2000/script"'
    ' script:name="Module1" script:language="StarBasic">{body}</script:module>'
)


def literal(text: str) -> str:
    """A Basic string literal."""
    return '"' + text.replace('"', '""') + '"'


def _soffice() -> str:
    found = shutil.which("soffice") or shutil.which("libreoffice")
    if found is None:
        pytest.skip("LibreOffice (soffice) is not installed")
    return found


@functools.cache
def _profile() -> Path:
    """A LibreOffice profile, made once per test run by starting LibreOffice."""
    profile = Path(tempfile.mkdtemp(prefix="munintl-basic-"))
    scratch = profile / "scratch"
    scratch.mkdir()
    (scratch / "start.txt").write_text("start\n", encoding="utf-8")
    subprocess.run(
        [
            _soffice(),
            f"-env:UserInstallation={profile.as_uri()}",
            "--headless",
            "--norestore",
            "--convert-to",
            "pdf",
            "--outdir",
            str(scratch),
            str(scratch / "start.txt"),
        ],
        check=True,
        capture_output=True,
        timeout=300,
    )
    return profile


def run_macro(body: str) -> None:
    """Run the Basic ``body`` (which must define ``Sub Fill``) in LibreOffice."""
    soffice = _soffice()
    profile = _profile()
    module = profile / "user" / "basic" / "Standard" / "Module1.xba"
    module.write_text(_MODULE.format(body=escape(body)), encoding="utf-8")
    subprocess.run(
        [
            soffice,
            f"-env:UserInstallation={profile.as_uri()}",
            "--headless",
            "--norestore",
            "macro:///Standard.Module1.Fill",
        ],
        check=True,
        capture_output=True,
        timeout=300,
    )


def open_hidden(variable: str, path: Path) -> str:
    """Basic lines that open ``path`` hidden as ``variable``."""
    return (
        "  Dim hidden(0) As New com.sun.star.beans.PropertyValue\n"
        '  hidden(0).Name = "Hidden" : hidden(0).Value = True\n'
        f"  {variable} = StarDesktop.loadComponentFromURL("
        f'{literal(path.as_uri())}, "_blank", 0, hidden())\n'
    )
