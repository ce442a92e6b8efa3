"""Build report documents and read rendered reports back as plain text.

The as-of tests check each fact twice: in the built
:class:`~munintl.reports.document.ReportDocument` and in what a reader
sees -- the Markdown text and the text ``pdftotext`` reads from the PDF.
"""

from __future__ import annotations

import re
import shutil
import subprocess
from typing import Any

import pytest

import munintl
from munintl.hooks.manager import get_plugin_manager
from munintl.model import Portfolio
from munintl.plugins.kinds.followup.builder import FollowUpBuilder
from munintl.plugins.kinds.overview.builder import OverviewBuilder
from munintl.plugins.kinds.register.builder import RegisterBuilder
from munintl.reports.document import (
    Figure,
    Heading,
    ListBlock,
    Paragraph,
    ReportDocument,
    Table,
)
from munintl.reports.request import ReportRequest

BUILDERS = {
    "followup": FollowUpBuilder,
    "overview": OverviewBuilder,
    "register": RegisterBuilder,
}

# A Markdown renderer may escape punctuation (``2011\.``); a reader does not
# see the backslash.
_ESCAPE = re.compile(r"\\([!-/:-@\[-`{-~])")


def build(
    portfolio: Portfolio, kind: str = "followup", **request: Any
) -> ReportDocument:
    """Build the ``kind`` document for ``request`` (English by default)."""
    request.setdefault("language", "en")
    return BUILDERS[kind]().build(
        portfolio,
        ReportRequest(**request, codelists=get_plugin_manager().codelists()),
    )


def texts(document: ReportDocument) -> list[str]:
    """Every text of the document, in order: headings, paragraphs, items, cells."""
    out: list[str] = []
    for block in document.blocks:
        if isinstance(block, Heading | Paragraph):
            out.append(block.text)
        elif isinstance(block, ListBlock):
            out.extend(block.items)
        elif isinstance(block, Table):
            out.append(block.title)
            out.extend(str(c) for row in block.rows for c in row if c is not None)
        elif isinstance(block, Figure):
            out += [block.title, block.alt]
            out.extend(str(c) for row in block.data.rows for c in row)
    return out


def tables(document: ReportDocument) -> dict[str, Table]:
    """The document's tables (and figure data tables) by title."""
    found: dict[str, Table] = {}
    for block in document.blocks:
        if isinstance(block, Table):
            found[block.title] = block
        elif isinstance(block, Figure):
            found[block.data.title] = block.data
    return found


def plain(text: str) -> str:
    """``text`` as a reader sees it: one space for each run of whitespace.

    Markdown escapes and the asterisks of emphasis are dropped.
    """
    return " ".join(_ESCAPE.sub(r"\1", text.replace("**", "")).split())


def markdown(portfolio: Portfolio, **options: Any) -> str:
    """Render to Markdown and return the text as a reader sees it."""
    options.setdefault("lang", "en")
    return plain(munintl.render(portfolio, format="markdown", **options).decode())


def pdf(portfolio: Portfolio, **options: Any) -> str:
    """Render to PDF and return the text ``pdftotext`` reads, whitespace joined."""
    if shutil.which("pdftotext") is None:
        pytest.skip("poppler-utils (pdftotext) is not installed")
    options.setdefault("lang", "en")
    data = munintl.render(portfolio, format="pdf", **options)
    result = subprocess.run(
        ["pdftotext", "-enc", "UTF-8", "-", "-"],
        input=data,
        capture_output=True,
        check=True,
    )
    # A word split at a line's end by hyphenation reads whole again.
    return plain(re.sub(r"-\n(?=\w)", "", result.stdout.decode()))


def pdf_lines(portfolio: Portfolio, **options: Any) -> list[str]:
    """Render to PDF and return the lines ``pdftotext -layout`` reads.

    Layout mode keeps a table row on one line, whatever order the cells'
    text was drawn in.
    """
    if shutil.which("pdftotext") is None:
        pytest.skip("poppler-utils (pdftotext) is not installed")
    options.setdefault("lang", "en")
    data = munintl.render(portfolio, format="pdf", **options)
    result = subprocess.run(
        ["pdftotext", "-layout", "-enc", "UTF-8", "-", "-"],
        input=data,
        capture_output=True,
        check=True,
    )
    return [" ".join(line.split()) for line in result.stdout.decode().splitlines()]
