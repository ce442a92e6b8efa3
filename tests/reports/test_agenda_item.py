"""The follow-up as a committee agenda item, read back from every format.

Each format is read by its real reader -- Markdown as text, HTML with
html5lib, PDF with ``pdftotext``, DOCX converted by LibreOffice and read
with ``pdftotext`` -- in Danish, English and German, in both states: the
proposal before the meeting and the record (minutes) after it.
"""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

import attrs
import pytest

import munintl
from munintl.model import Portfolio
from munintl.reporting import build
from munintl.reports.document import Facts, Heading, ReportDocument
from munintl.testing.reports import libreoffice_convert
from reports.lilleby import make_lilleby
from reports.rendered import plain

LANGUAGES = ("da", "en", "de")
STATES = ("proposal", "record")

#: The agenda item's sections, in order, and the decision's heading.
SECTIONS = {
    "da": ("Indstilling", "Baggrund", "Sagsfremstilling", "Økonomi", "Bilag"),
    "en": (
        "Recommendation",
        "Background",
        "Case description",
        "Financial implications",
        "Annexes",
    ),
    "de": (
        "Beschlussvorschlag",
        "Hintergrund",
        "Sachverhalt",
        "Finanzielle Auswirkungen",
        "Anlagen",
    ),
}
DECISION = {"da": "Beslutning", "en": "Decision", "de": "Beschluss"}
PAGE_ONE = {"da": "Side 1 af", "en": "Page 1 of", "de": "Seite 1 von"}
CASE_NUMBER = {"da": "Sagsnummer", "en": "Case number", "de": "Aktenzeichen"}
HEADER_TITLE = {
    ("da", "proposal"): "Dagsordenspunkt",
    ("da", "record"): "Referat",
    ("en", "proposal"): "Agenda item",
    ("en", "record"): "Minutes",
    ("de", "proposal"): "Tagesordnungspunkt",
    ("de", "record"): "Niederschrift",
}


def _portfolio(state: str) -> Portfolio:
    """Lilleby with its culture follow-up before or after the meeting."""
    lilleby = make_lilleby()
    followup = lilleby.followups[0]
    if state == "proposal":
        followup = attrs.evolve(followup, state="submitted", decisions=())
    else:
        followup = attrs.evolve(followup, state="noted")
    return attrs.evolve(lilleby, followups=(followup, *lilleby.followups[1:]))


def _document(state: str, lang: str) -> ReportDocument:
    return build(_portfolio(state), followup="kultur-2023", lang=lang)


def _render(state: str, lang: str, fmt: str) -> bytes:
    return munintl.render(
        _portfolio(state), format=fmt, lang=lang, followup="kultur-2023"
    )


def _pdftotext(data: bytes) -> str:
    if shutil.which("pdftotext") is None:
        pytest.skip("poppler-utils (pdftotext) is not installed")
    return subprocess.run(
        ["pdftotext", "-enc", "UTF-8", "-", "-"],
        input=data,
        capture_output=True,
        check=True,
    ).stdout.decode()


def _html_text(data: bytes) -> str:
    import html5lib

    tree = html5lib.parse(data, namespaceHTMLElements=False)
    body = tree.find("body")
    assert body is not None
    return "".join(body.itertext())


def _decision_line(document: ReportDocument) -> str:
    """The decision's body, date and outcome as a reader sees them."""
    blocks = list(document.blocks)
    at = next(
        i
        for i, b in enumerate(blocks)
        if isinstance(b, Heading) and b.level == 2 and b.text in DECISION.values()
    )
    return plain(getattr(blocks[at + 1], "text", ""))


def _check(text: str, state: str, lang: str, *, paged: bool) -> None:
    """Check the agenda item's facts in ``text``, as a reader of a format sees it."""
    document = _document(state, lang)
    seen = plain(text)
    header = document.blocks[1]
    assert isinstance(header, Facts)
    assert header.title == HEADER_TITLE[lang, state]
    assert header.title.casefold() in seen.casefold()
    for name, value in header.items:
        assert plain(name) in seen, name
        assert plain(value) in seen, value
    # The sections in order.
    places = [seen.index(name) for name in SECTIONS[lang]]
    assert places == sorted(places)
    # The detail per theme and subject is an annex.
    annex = {"da": "Bilag 1:", "en": "Annex 1:", "de": "Anlage 1:"}[lang]
    assert seen.count(annex) >= 2  # in the list of annexes and as a heading
    if state == "record":
        line = _decision_line(document)
        assert line.endswith(
            ("Taget til efterretning", "Noted", "Zur Kenntnis genommen")
        )
        assert line in seen
    else:
        assert DECISION[lang] not in [
            b.text for b in document.blocks if isinstance(b, Heading)
        ]
        assert "5. marts 2024: Taget til efterretning" not in seen
        assert "5 March 2024: Noted" not in seen
    if paged:
        assert PAGE_ONE[lang] in seen
        assert f"{CASE_NUMBER[lang]}: 23/1234" in seen
        pages = text.split("\f")
        # The heading is the last line that starts so (the list of annexes
        # comes first).
        start = max(i for i, page in enumerate(pages) if f"\n{annex}" in f"\n{page}")
        # The annex starts a page: nothing of the body before its heading
        # (but the running header, which names the case).
        before = (
            pages[start].rsplit(f"\n{annex}", 1)[0]
            if f"\n{annex}" in pages[start]
            else ""
        )
        assert not [
            line for line in before.splitlines() if line and "23/1234" not in line
        ]
        assert start > 0


@pytest.mark.parametrize("state", STATES)
@pytest.mark.parametrize("lang", LANGUAGES)
def test_markdown_is_an_agenda_item(lang: str, state: str) -> None:
    _check(_render(state, lang, "markdown").decode(), state, lang, paged=False)


@pytest.mark.parametrize("state", STATES)
@pytest.mark.parametrize("lang", LANGUAGES)
def test_html_is_an_agenda_item(lang: str, state: str) -> None:
    data = _render(state, lang, "html")
    _check(_html_text(data), state, lang, paged=False)
    # The footer names the municipality and the case.
    assert f"{CASE_NUMBER[lang]}: 23/1234" in plain(_html_text(data))


@pytest.mark.parametrize("state", STATES)
@pytest.mark.parametrize("lang", LANGUAGES)
def test_pdf_is_an_agenda_item(lang: str, state: str) -> None:
    _check(_pdftotext(_render(state, lang, "pdf")), state, lang, paged=True)


def test_docx_is_an_agenda_item(tmp_path: Path) -> None:
    files = {
        f"{state}-{lang}.docx": _render(state, lang, "docx")
        for lang in LANGUAGES
        for state in STATES
    }
    converted = libreoffice_convert(files, "pdf", tmp_path)
    for lang in LANGUAGES:
        for state in STATES:
            (pdf,) = converted[f"{state}-{lang}.docx"]
            _check(_pdftotext(pdf.read_bytes()), state, lang, paged=True)


def test_xlsx_has_the_header_block_first() -> None:
    """After the note that Lilleby's data are samples, the header block."""
    import io

    from openpyxl import load_workbook

    data = _render("record", "da", "xlsx")
    workbook = load_workbook(io.BytesIO(data), read_only=True)
    note, first = workbook.worksheets[:2]
    assert note.title == "Illustrativ"
    assert first.title == "Referat"
    rows = [tuple(row) for row in first.iter_rows(values_only=True)]
    assert rows[0] == ("Felt", "Værdi")
    assert ("Sagsnummer", "23/1234") in rows


@pytest.mark.parametrize("state", STATES)
def test_json_carries_the_header_block_and_sections(state: str) -> None:
    import json

    data = json.loads(_render(state, "de", "json"))
    blocks = data["blocks"]
    header = blocks[1]
    assert header["kind"] == "facts"
    assert header["title"] == HEADER_TITLE["de", state]
    assert ["Aktenzeichen", "23/1234"] in header["items"]
    headings = [b["text"] for b in blocks if b["kind"] == "heading"]
    places = [headings.index(name) for name in SECTIONS["de"]]
    assert places == sorted(places)
    assert (DECISION["de"] in headings) == (state == "record")
    annexes = [b for b in blocks if b["kind"] == "heading" and b["new_page"]]
    assert [b["text"].split(":")[0] for b in annexes] == ["Anlage 1", "Anlage 2"]
    assert data["metadata"]["case_number"] == "23/1234"


#: What the header of a correction says, per language: the label, the
#: follow-up corrected with its submission date, and the reason's label.
CORRECTS = {
    "da": (
        "Berigtiger",
        "Opfølgning 2023 (kultur-2023), forelagt 15. februar 2024",
        "Begrundelse for berigtigelsen",
    ),
    "en": (
        "Corrects",
        "Follow-up 2023 (kultur-2023), submitted 15 February 2024",
        "Reason for correction",
    ),
    "de": (
        "Berichtigt",
        # The follow-up has no German title: its Danish one is shown.
        "Opfølgning 2023 (kultur-2023), vorgelegt am 15. Februar 2024",
        "Grund der Berichtigung",
    ),
}
NOTE = {
    "da": "Beløbet til festivalen var forkert.",
    "en": "The festival's amount was wrong.",
    "de": "Der Betrag für das Festival war falsch.",
}


def _corrected() -> tuple[Portfolio, str]:
    """Lilleby with its submitted culture follow-up and a correction of it."""
    from munintl.followround import correct_followup
    from munintl.model import LocalizedText

    note = LocalizedText.of(
        da="Beløbet til *festivalen* var\nforkert.",
        en="The festival's amount was wrong.",
        de="Der Betrag für das Festival war falsch.",
    )
    corrected, revision = correct_followup(
        _portfolio("proposal"), "kultur-2023", note=note
    )
    return corrected, revision.id


def _check_correction(text: str, lang: str) -> None:
    label, corrects, reason = CORRECTS[lang]
    # "label: value" in Markdown and HTML; in a paged format the header is
    # two columns, which pdftotext may read column by column.
    seen = plain(text)
    for name, value in ((label, corrects), (reason, NOTE[lang])):
        assert name in seen, (name, seen)
        assert value in seen, (value, seen)
        assert seen.index(name) < seen.index(value)


@pytest.mark.parametrize("lang", LANGUAGES)
def test_a_correction_says_what_it_corrects_and_why(lang: str) -> None:
    corrected, revision = _corrected()
    header = build(corrected, followup=revision, lang=lang).blocks[1]
    assert isinstance(header, Facts)
    label, corrects, reason = CORRECTS[lang]
    items = dict(header.items)
    assert items[label] == corrects
    assert items[reason] == NOTE[lang]
    # The frozen original says nothing of a correction.
    original = build(corrected, followup="kultur-2023", lang=lang).blocks[1]
    assert isinstance(original, Facts)
    assert label not in dict(original.items)
    markdown = munintl.render(
        corrected, format="markdown", lang=lang, followup=revision
    )
    _check_correction(markdown.decode(), lang)
    html = munintl.render(corrected, format="html", lang=lang, followup=revision)
    _check_correction(_html_text(html), lang)
    pdf = munintl.render(corrected, format="pdf", lang=lang, followup=revision)
    _check_correction(_pdftotext(pdf), lang)


def test_a_correction_says_so_in_docx(tmp_path: Path) -> None:
    corrected, revision = _corrected()
    files = {
        f"corrected-{lang}.docx": munintl.render(
            corrected, format="docx", lang=lang, followup=revision
        )
        for lang in LANGUAGES
    }
    converted = libreoffice_convert(files, "pdf", tmp_path)
    for lang in LANGUAGES:
        (pdf,) = converted[f"corrected-{lang}.docx"]
        _check_correction(_pdftotext(pdf.read_bytes()), lang)
