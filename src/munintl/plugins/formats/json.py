"""The JSON report format: the report document itself, for other programs.

The output is one object::

    {"format": "munintl-report", "version": 2,
     "metadata": {"title": "...", "language": "da",
                  "generated_at": "2025-03-01T09:00:00+00:00", ...},
     "blocks": [{"kind": "heading", "text": "...", "level": 1}, ...]}

Blocks keep every field of :mod:`munintl.reports.document`, ``kind`` first
(``heading``, ``paragraph``, ``list``, ``table``, ``figure``, and ``facts``
for a committee paper's header block, its ``items`` as ``[label, value]``
pairs).
Paragraphs and list items stay in the Markdown subset; a text cell is plain
text, and a prose cell is ``{"kind": "prose", "text": "..."}`` with its
text in the Markdown subset (version 1 wrote every text cell as Markdown).
Dates are ISO 8601 strings; numbers are JSON numbers (a Decimal is written
as an integer when whole, else as a float, which keeps up to 15
significant digits).  Keys keep the document's order, so the same document
gives the same bytes.
"""

from __future__ import annotations

import datetime as dt
import json
from decimal import Decimal
from typing import TYPE_CHECKING, Any

import attrs

from munintl.hooks import hookimpl
from munintl.hooks.records import ReportFormat
from munintl.i18n import N_
from munintl.reports.document import Prose

if TYPE_CHECKING:
    from munintl.reports.document import Block, ReportDocument

FORMAT = "munintl-report"
VERSION = 2


@attrs.frozen(kw_only=True)
class JsonSettings:
    """``[plugins.json]``: ``indent`` (None writes one line)."""

    indent: int | None = 2


def _value(value: Any) -> Any:
    if isinstance(value, dt.date | dt.datetime):
        return value.isoformat()
    if isinstance(value, Decimal):
        return int(value) if value == value.to_integral_value() else float(value)
    return value


def _data(value: Any) -> Any:
    """Turn a document value into JSON data, fields in their order."""
    if isinstance(value, Prose):
        return {"kind": value.kind, "text": value.text}
    if attrs.has(type(value)):
        return {
            field.name: _data(getattr(value, field.name))
            for field in attrs.fields(type(value))
        }
    if isinstance(value, tuple | list):
        return [_data(item) for item in value]
    return _value(value)


def _block(block: Block) -> dict[str, Any]:
    data = _data(block)
    return {"kind": data.pop("kind"), **data}


def document_data(document: ReportDocument) -> dict[str, Any]:
    """Return ``document`` as the JSON-ready object this format writes."""
    return {
        "format": FORMAT,
        "version": VERSION,
        "metadata": _data(document.metadata),
        "blocks": [_block(block) for block in document.blocks],
    }


@attrs.frozen
class JsonRenderer:
    """Render a report document as UTF-8 JSON."""

    settings: JsonSettings = attrs.field(factory=JsonSettings)

    def render(self, document: ReportDocument) -> bytes:
        """Return ``document`` as JSON bytes ending in a newline."""
        text = json.dumps(
            document_data(document),
            ensure_ascii=False,
            indent=self.settings.indent,
            allow_nan=False,
        )
        return (text + "\n").encode("utf-8")


def make_renderer(settings: JsonSettings | None) -> JsonRenderer:
    """Build the JSON renderer (``settings`` None: the defaults)."""
    return JsonRenderer(settings or JsonSettings())


@hookimpl
def munintl_report_formats() -> list[ReportFormat]:
    """Register the ``json`` report format."""
    return [
        ReportFormat(
            name="json",
            description=N_("The report document as JSON, for other programs"),
            suffixes=(".json",),
            media_type="application/json",
            factory=make_renderer,
            settings=JsonSettings,
        )
    ]
