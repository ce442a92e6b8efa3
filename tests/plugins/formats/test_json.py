from __future__ import annotations

import json

import pytest

from munintl.plugins.formats.json import JsonSettings, make_renderer
from munintl.testing.reports import (
    ReportFormatContract,
    injection_document,
    sample_document,
)


class TestJsonFormat(ReportFormatContract):
    @pytest.fixture
    def format_name(self) -> str:
        return "json"


def test_json_holds_metadata_and_every_block_in_order() -> None:
    document = sample_document("da")
    data = json.loads(make_renderer(None).render(document))
    assert data["format"] == "munintl-report"
    assert data["version"] == 2
    assert data["metadata"]["title"] == document.metadata.title
    assert data["metadata"]["generated_at"] == "2025-03-04T09:30:00+00:00"
    assert [block["kind"] for block in data["blocks"]] == [
        block.kind for block in document.blocks
    ]
    assert all(next(iter(block)) == "kind" for block in data["blocks"])


def test_json_keeps_cell_types_as_json_allows() -> None:
    data = json.loads(make_renderer(None).render(sample_document("da")))
    table = next(block for block in data["blocks"] if block["kind"] == "table")
    first, second, _ = table["rows"]
    assert first[1] == 125000.5
    assert second[1] == -3000
    assert isinstance(second[1], int)
    assert first[3] == "2024-03-05"
    assert first[5] is None
    figure = next(block for block in data["blocks"] if block["kind"] == "figure")
    assert figure["timeline"]["bars"][1]["end"] is None
    assert figure["data"]["rows"][0][2] == "2019-03-01"


def test_json_keeps_text_as_given() -> None:
    document = injection_document()
    text = make_renderer(None).render(document).decode("utf-8")
    assert json.loads(text)["metadata"]["title"] == document.metadata.title
    assert "Ærø" not in text or "\\u" not in text


def test_json_indent_setting() -> None:
    compact = make_renderer(JsonSettings(indent=None)).render(sample_document("da"))
    assert compact.count(b"\n") == 1
    assert json.loads(compact) == json.loads(
        make_renderer(None).render(sample_document("da"))
    )
