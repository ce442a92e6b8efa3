from __future__ import annotations

from pathlib import Path

import pytest

from munintl.errors import ConfigError
from munintl.plugins.formats.markdown import MarkdownSettings, make_renderer
from munintl.reports.rendering.markup import label
from munintl.testing.reports import (
    INJECTIONS,
    ReportFormatContract,
    injection_document,
    sample_document,
)


class TestMarkdownFormat(ReportFormatContract):
    @pytest.fixture
    def format_name(self) -> str:
        return "markdown"


def _render(settings: MarkdownSettings | None = None, language: str = "da") -> str:
    return make_renderer(settings).render(sample_document(language)).decode("utf-8")


def test_markdown_headings_lists_and_marked_paragraphs() -> None:
    text = _render()
    assert text.startswith("# Årsopfølgning\n\n")
    assert "\n## Grøn omstilling – Ølstykke\n" in text
    assert "\n### Tabel\n" in text
    assert (
        "Rapport om *Grøn omstilling* og **Ærø** ([læs mere](https://skanderborg.dk))."
        in text
    )
    assert "\n- styrke Ærø\n- besøge Skødstrup\n" in text
    assert "\n1. Trin Grøn omstilling\n2. Trin Ølstykke\n" in text
    marked = f"> **{label('da', 'illustrative')}:**\n>\n> Eksempel på Grøn omstilling"
    assert marked in text
    assert text.endswith("\n")
    assert not text.endswith("\n\n")
    assert "\n\n\n" not in text


def test_markdown_tables_are_gfm_with_numbers_right_aligned() -> None:
    text = _render()
    assert (
        "| Initiativ | Beløb (DKK) | Andel | Startdato | Deltagere | Note |\n" in text
    )
    assert "|---|---:|---:|---|---:|---|\n" in text
    assert (
        "| **Ærø** og Skødstrup | 125.000,50 | 0,25 | 5. mar. 2024 | 12 |  |\n" in text
    )


def test_markdown_figure_is_title_alt_text_and_data() -> None:
    text = _render()
    assert (
        "**Tidslinje**\n\n*Initiativer fordelt på tema: Grøn omstilling og Skødstrup*"
        in text
    )
    assert (
        "| Venskabsby Ærø–Ølstykke | Grøn omstilling | 1. mar. 2019 | 30. jun. 2023 |"
        in text
    )


def test_markdown_renders_no_injected_html_in_a_markdown_reader() -> None:
    markdown_it = pytest.importorskip("markdown_it")
    html5lib = pytest.importorskip("html5lib")
    source = make_renderer(None).render(injection_document()).decode("utf-8")
    html = markdown_it.MarkdownIt("commonmark").enable("table").render(source)
    root = html5lib.parseFragment(html, namespaceHTMLElements=False)
    tags = {element.tag for element in root.iter() if element is not root}
    assert tags <= {
        "h1",
        "h2",
        "p",
        "em",
        "strong",
        "a",
        "ul",
        "ol",
        "li",
        "blockquote",
        "table",
        "thead",
        "tbody",
        "tr",
        "th",
        "td",
        "br",
    }
    assert 'href="javascript' not in html
    for element in root.iter():
        assert not any(name.startswith("on") for name in element.attrib)
    # Every injected heading stays one heading with its text.
    headings = ["".join(h.itertext()) for h in root.iter("h2")]
    assert headings[0] == INJECTIONS[0]
    assert len(headings) == len(INJECTIONS)


def test_markdown_template_extends_the_built_in_one(tmp_path: Path) -> None:
    template = tmp_path / "kommune.md"
    template.write_text(
        '{% extends "report.md.j2" %}\n'
        "{% block header %}![Skanderborg Kommune](logo.png)\n\n{% endblock %}\n"
        "{% block footer %}\n*{{ metadata.municipality | text }}*{% endblock %}\n",
        encoding="utf-8",
    )
    text = _render(MarkdownSettings(template=str(template)))
    assert text.startswith("![Skanderborg Kommune](logo.png)\n\n# Årsopfølgning\n")
    assert text.endswith("*Skanderborg Kommune*\n")


def test_markdown_template_must_exist(tmp_path: Path) -> None:
    with pytest.raises(ConfigError, match="does not exist"):
        _render(MarkdownSettings(template=str(tmp_path / "none.md")))
