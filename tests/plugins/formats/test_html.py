from __future__ import annotations

import shutil
import struct
import subprocess
from pathlib import Path
from typing import Any

import pytest

from munintl.errors import ConfigError
from munintl.hooks.records import ReportFormat
from munintl.plugins.formats.html import HtmlSettings, make_renderer
from munintl.reports.rendering.markup import label
from munintl.testing.reports import (
    ReportFormatContract,
    injection_document,
    sample_document,
)

html5lib = pytest.importorskip("html5lib")

NS = "{http://www.w3.org/1999/xhtml}"
SVG = "{http://www.w3.org/2000/svg}"


def _parse(data: bytes) -> Any:
    parser = html5lib.HTMLParser(strict=False)
    root = parser.parse(data, transport_encoding="utf-8")
    assert not [e for e in parser.errors if e[1] != "unexpected-doctype"], parser.errors
    return root


def _text(element: Any) -> str:
    return " ".join("".join(element.itertext()).split())


class TestHtmlFormat(ReportFormatContract):
    @pytest.fixture
    def format_name(self) -> str:
        return "html"

    def extract_text(self, data: bytes, report_format: ReportFormat) -> str | None:
        return _text(_parse(data))


def test_html_is_a_valid_page_in_the_report_language() -> None:
    document = sample_document("da")
    root = _parse(make_renderer(None).render(document))
    assert root.get("lang") == "da"
    assert root.find(f"{NS}head/{NS}meta").get("charset") == "utf-8"
    assert root.find(f"{NS}head/{NS}title").text == document.metadata.title
    metas = {m.get("name"): m.get("content") for m in root.iter(f"{NS}meta")}
    assert metas["author"] == "Skanderborg Kommune"
    assert metas["dcterms.created"] == "2025-03-04T09:30:00+00:00"
    style = root.find(f"{NS}head/{NS}style").text
    assert "@media print" in style
    # Self-contained: nothing is fetched from elsewhere.
    assert not list(root.iter(f"{NS}link"))
    assert not list(root.iter(f"{NS}script"))
    assert not list(root.iter(f"{NS}img"))


def test_html_headings_are_in_document_order() -> None:
    root = _parse(make_renderer(None).render(sample_document("da")))
    headings = [
        (e.tag[len(NS) :], _text(e))
        for e in root.iter()
        if e.tag in {f"{NS}h{n}" for n in range(1, 7)}
    ]
    assert headings == [
        ("h1", "Årsopfølgning"),
        ("h2", "Grøn omstilling – Ølstykke"),
        ("h3", "Tabel"),
        ("h3", "Figur"),
    ]


def test_html_tables_have_captions_and_column_headers() -> None:
    root = _parse(make_renderer(None).render(sample_document("da")))
    tables = list(root.iter(f"{NS}table"))
    assert len(tables) == 2
    for table in tables:
        assert _text(table.find(f"{NS}caption"))
        headers = table.findall(f"{NS}thead/{NS}tr/{NS}th")
        assert headers
        assert all(th.get("scope") == "col" for th in headers)
    cells = tables[0].findall(f"{NS}tbody/{NS}tr")[0].findall(f"{NS}td")
    assert cells[1].get("class") == "num"
    assert _text(cells[1]) == "125.000,50"
    assert cells[0].find(f"{NS}strong").text == "Ærø"


def test_html_figure_has_inline_svg_with_alt_text_and_its_data() -> None:
    root = _parse(make_renderer(None).render(sample_document("da")))
    (figure,) = root.iter(f"{NS}figure")
    svg = figure.find(f"{SVG}svg")
    assert svg.get("role") == "img"
    assert (
        svg.find(f"{SVG}desc").text
        == "Initiativer fordelt på tema: Grøn omstilling og Skødstrup"
    )
    assert _text(figure.find(f"{NS}figcaption")) == "Tidslinje"
    assert _text(figure.find(f"{NS}table/{NS}caption")) == "Data: Grøn omstilling"
    ids = [e.get("id") for e in root.iter() if e.get("id")]
    assert len(ids) == len(set(ids))


def test_html_marks_notes_and_illustrative_text_visibly() -> None:
    root = _parse(make_renderer(None).render(sample_document("da")))
    marked = {e.get("class"): _text(e) for e in root.iter(f"{NS}div")}
    for style, start in [
        ("illustrative", "Eksempel"),
        ("note", "Bemærk"),
        ("fallback", "Text in English"),
    ]:
        assert marked[f"marked {style}"].startswith(f"{label('da', style)}: {start}")


def test_html_escapes_every_injected_text() -> None:
    root = _parse(make_renderer(None).render(injection_document()))
    assert not list(root.iter(f"{NS}script"))
    assert not list(root.iter(f"{NS}img"))
    for element in root.iter():
        assert not any(name.startswith("on") for name in element.attrib), element.tag
        assert not element.get("href", "").lower().startswith("javascript")
    assert "<script>alert('x')</script>" in _text(root.find(f"{NS}body"))


def test_html_template_replaces_blocks(tmp_path: Path) -> None:
    template = tmp_path / "kommune.html"
    template.write_text(
        '{% extends "report.html.j2" %}\n'
        "{% block header %}"
        '<header class="letterhead">{{ metadata.municipality }}</header>'
        "{% endblock %}\n"
        "{% block heading %}{% set h = heading_level(block.level) %}"
        '<h{{ h }} class="k">{{ block.text }}</h{{ h }}>{% endblock %}\n',
        encoding="utf-8",
    )
    document = injection_document()
    root = _parse(make_renderer(HtmlSettings(template=str(template))).render(document))
    (header,) = root.iter(f"{NS}header")
    assert header.text == document.metadata.municipality  # still escaped
    assert all(h.get("class") == "k" for h in root.iter(f"{NS}h2"))
    assert not list(root.iter(f"{NS}script"))


def test_html_template_errors_name_the_file(tmp_path: Path) -> None:
    template = tmp_path / "bad.html"
    template.write_text("{{ nothing_here }}", encoding="utf-8")
    with pytest.raises(ConfigError, match="nothing_here"):
        make_renderer(HtmlSettings(template=str(template))).render(
            sample_document("da")
        )


def _chromium() -> str | None:
    return (
        shutil.which("chromium")
        or shutil.which("chromium-browser")
        or shutil.which("google-chrome")
    )


@pytest.mark.skipif(_chromium() is None, reason="Chromium is not installed")
def test_html_renders_in_headless_chromium(tmp_path: Path) -> None:
    page = tmp_path / "report.html"
    page.write_bytes(make_renderer(None).render(sample_document("da")))
    shot = tmp_path / "shot.png"
    subprocess.run(
        [
            str(_chromium()),
            "--headless",
            "--no-sandbox",
            "--disable-gpu",
            "--hide-scrollbars",
            f"--user-data-dir={tmp_path / 'profile'}",
            "--window-size=1000,1400",
            f"--screenshot={shot}",
            page.as_uri(),
        ],
        check=True,
        capture_output=True,
        timeout=120,
    )
    data = shot.read_bytes()
    assert data[:8] == b"\x89PNG\r\n\x1a\n"
    assert struct.unpack(">II", data[16:24]) == (1000, 1400)
    # A page that drew text and the figure compresses far worse than a blank one.
    assert len(data) > 20_000
