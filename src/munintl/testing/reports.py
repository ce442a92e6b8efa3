"""The report-format contract suite and the sample documents it renders.

Every report format -- built-in or third-party -- runs the same suite.  In
the format's test module, subclass :class:`ReportFormatContract` and give
the format's name::

    from munintl.testing.reports import ReportFormatContract

    class TestOdtFormat(ReportFormatContract):
        @pytest.fixture
        def format_name(self) -> str:
            return "odt"

The format is looked up in :func:`munintl.get_plugin_manager`; a plugin
that is not installed as an entry point can override the ``report_format``
fixture to return its :class:`~munintl.hooks.records.ReportFormat`
directly.  Override :meth:`ReportFormatContract.extract_text` to turn the
format's bytes into text (with the real reader of the format) and the suite
also checks that every heading, paragraph and cell shows up with its
Danish and German letters intact; text formats (``text/*``, JSON) are
decoded as UTF-8 without it.

The sample documents are usable on their own, e.g. in benchmarks:
:func:`sample_document`, :func:`agenda_document`, :func:`empty_document`,
:func:`injection_document`.
Format-specific checks (escaping, formula neutralisation) belong in the
format's own tests; :data:`INJECTIONS` lists the strings to check.
"""

from __future__ import annotations

import atexit
import datetime as dt
import functools
import re
import shutil
import subprocess
import tempfile
from collections.abc import Mapping
from decimal import Decimal
from pathlib import Path
from typing import Any, ClassVar

import attrs
import pytest

from munintl.hooks.protocols import Renderer
from munintl.hooks.records import ReportFormat
from munintl.model.markdown import plain_text
from munintl.reports.document import (
    Block,
    Facts,
    Figure,
    Heading,
    ListBlock,
    Metadata,
    Paragraph,
    Prose,
    ReportDocument,
    Table,
    Timeline,
    TimelineBar,
    TimelineEvent,
)
from munintl.reports.rendering.markup import document_tables

#: When the sample reports were made: renderers put it in their metadata.
GENERATED_AT = dt.datetime(2025, 3, 4, 9, 30, tzinfo=dt.UTC)

#: Words with the letters a Danish or German report must keep.
LETTERS = {
    "da": ("Årsopfølgning", "Grøn omstilling", "Ærø", "Skødstrup", "Ølstykke"),
    "de": ("Übersicht", "Größe", "Grüße", "Köln", "Maßnahmen"),
}

#: Strings that would run as markup, script or formula if a format did not escape them.
INJECTIONS: tuple[str, ...] = (
    "<script>alert('x')</script>",
    '"><img src=x onerror=alert(1)>',
    '=HYPERLINK("http://evil.example","klik")',
    "+cmd|' /C calc'!A0",
    "-2+3",
    "@SUM(A1:A2)",
    "\t=1+1",
    "\r=1+1",
    "[klik](javascript:alert(1))",
    "# not a heading | not a cell",
    '#panic("typst") ] [ #{ } \\ " $x$',
    "{{ 7 * 7 }} {% raw %}",
    "</w:t><w:t>xml",
    "&amp; &lt;b&gt;",
)


def _metadata(language: str, title: str) -> Metadata:
    return Metadata(
        title=title,
        municipality="Skanderborg Kommune",
        language=language,
        kind="followup",
        body="Økonomiudvalget" if language == "da" else "Wirtschaftsausschuss",
        period="2024",
        case_reference="24/12345",
        case_number="24/12345",
        generated_at=GENERATED_AT,
    )


def _timeline(theme_a: str, theme_b: str) -> Timeline:
    d = dt.date
    return Timeline(
        start=d(2018, 1, 1),
        end=d(2025, 12, 31),
        bars=(
            TimelineBar(
                label="Venskabsby Ærø–Ølstykke",
                group=theme_a,
                start=d(2019, 3, 1),
                end=d(2023, 6, 30),
            ),
            TimelineBar(
                label="URBACT-netværk",
                group=theme_a,
                start=d(2016, 1, 1),
                approximate=True,
            ),
            TimelineBar(
                label="Skoleudveksling Köln",
                group=theme_b,
                start=d(2020, 1, 1),
                end=d(2021, 12, 31),
            ),
        ),
        events=(
            TimelineEvent(
                label="Aftale genforhandlet", group=theme_a, date=d(2022, 5, 1)
            ),
        ),
    )


def sample_document(language: str = "da") -> ReportDocument:
    """Build a report with every block type, typed cells and the language's letters.

    ``language`` is ``"da"`` or ``"de"``.
    """
    a, b, c, e, f = LETTERS[language]
    table = Table(
        title=f"Status på {b}" if language == "da" else f"Stand der {e}",
        columns=("Initiativ", "Beløb (DKK)", "Andel", "Startdato", "Deltagere", "Note"),
        rows=(
            (
                Prose(f"**{c}** og {e}"),
                Decimal("125000.50"),
                0.25,
                dt.date(2024, 3, 5),
                12,
                None,
            ),
            (
                Prose(f"[{f}](https://example.org/{f})"),
                Decimal("-3000"),
                -0.5,
                dt.date(2023, 11, 30),
                -4,
                Prose(f"*{b}*"),
            ),
            (f"{a}: tomme felter", None, None, None, None, ""),
        ),
    )
    timeline = _timeline(b, e)
    figure = Figure(
        title="Tidslinje" if language == "da" else "Zeitleiste",
        alt=f"Initiativer fordelt på tema: {b} og {e}",
        data=Table(
            title=f"Data: {b}",
            columns=("Initiativ", "Tema", "Start", "Slut"),
            rows=tuple(
                (bar.label, bar.group, bar.start, bar.end) for bar in timeline.bars
            ),
        ),
        timeline=timeline,
    )
    blocks: tuple[Block, ...] = (
        Heading(text=a, level=1),
        Paragraph(
            text=f"Rapport om *{b}* og **{c}** ([læs mere](https://skanderborg.dk))."
            f"\n\nAndet afsnit om {e}."
        ),
        Heading(text=f"{b} – {f}", level=2),
        Paragraph(text=f"Vi vil:\n\n- styrke {c}\n- besøge {e}", style="normal"),
        Paragraph(text=f"Bemærk: {f} er ny.", style="note"),
        Paragraph(text=f"Eksempel på {b} (ikke faktuelt).", style="illustrative"),
        Paragraph(text=f"Text in English about {c}.", style="fallback"),
        ListBlock(items=(f"Første punkt {a}", f"*Andet* punkt {e}")),
        ListBlock(items=(f"Trin {b}", f"Trin {f}"), ordered=True),
        Heading(text="Tabel", level=3),
        table,
        Heading(text="Figur", level=3),
        figure,
    )
    return ReportDocument(metadata=_metadata(language, f"{a} 2024"), blocks=blocks)


def agenda_document(language: str = "da") -> ReportDocument:
    """Build :func:`sample_document` as a committee paper: header block and annex.

    A :class:`~munintl.reports.document.Facts` header block follows the
    title, and an annex heading that starts a new page ends the document.
    """
    _a, b, c, e, f = LETTERS[language]
    document = sample_document(language)
    header = Facts(
        title="Dagsordenpunkt" if language == "da" else "Tagesordnungspunkt",
        items=(
            ("Kommune", "Skanderborg Kommune"),
            ("Udvalg" if language == "da" else "Ausschuss", f"{e} og {f}"),
            ("Mødedato" if language == "da" else "Sitzungsdatum", "5. marts 2024"),
        ),
    )
    blocks = (
        document.blocks[0],
        header,
        *document.blocks[1:],
        Heading(text=f"Bilag 1: {c}", level=1, new_page=True),
        Paragraph(text=f"Bilaget om {b}."),
    )
    return attrs.evolve(document, blocks=blocks)


def empty_document(language: str = "da") -> ReportDocument:
    """Build a report with metadata and no blocks at all."""
    return ReportDocument(metadata=_metadata(language, "Tom rapport"), blocks=())


def injection_document() -> ReportDocument:
    """Build a report with :data:`INJECTIONS` in every text field, cell and label."""
    joined = " ".join(INJECTIONS)
    timeline = Timeline(
        start=dt.date(2020, 1, 1),
        end=dt.date(2024, 12, 31),
        bars=tuple(
            TimelineBar(label=text, group=text, start=dt.date(2021, 1, 1))
            for text in INJECTIONS
        ),
        events=(
            TimelineEvent(label=joined, group=INJECTIONS[0], date=dt.date(2022, 1, 1)),
        ),
    )
    table = Table(
        title=INJECTIONS[0],
        columns=INJECTIONS[:4],
        rows=tuple((text, text, -1, text) for text in INJECTIONS),
    )
    blocks: list[Block] = [Heading(text=text, level=2) for text in INJECTIONS]
    blocks.append(
        Facts(title=INJECTIONS[0], items=tuple((text, text) for text in INJECTIONS))
    )
    blocks.append(Heading(text=INJECTIONS[1], level=1, new_page=True))
    blocks += [
        Paragraph(text=text, style=style)
        for text in INJECTIONS
        for style in ("normal", "note")
    ]
    blocks += [
        Paragraph(text=joined, style="illustrative"),
        ListBlock(items=INJECTIONS),
        ListBlock(items=INJECTIONS, ordered=True),
        table,
        Figure(title=INJECTIONS[1], alt=joined, data=table, timeline=timeline),
    ]
    metadata = Metadata(
        title=joined,
        municipality=INJECTIONS[0],
        language="da",
        kind="followup",
        body=INJECTIONS[1],
        period=INJECTIONS[2],
        case_reference=INJECTIONS[3],
        case_number=INJECTIONS[4],
        generated_at=GENERATED_AT,
    )
    return ReportDocument(metadata=metadata, blocks=tuple(blocks))


def heading_words(document: ReportDocument) -> list[str]:
    """Return the words of every heading in ``document``."""
    return [
        word
        for block in document.blocks
        if isinstance(block, Heading)
        for word in re.findall(r"\w+", block.text)
    ]


def cell_words(document: ReportDocument) -> list[str]:
    """Return the words of every text cell and column name in ``document``'s tables.

    Link targets of prose cells are left out: formats may show a link's
    label only.
    """
    words: list[str] = []
    for table in document_tables(document):
        for row in (table.columns, *table.rows):
            for cell in row:
                if isinstance(cell, Prose):
                    words += re.findall(r"\w+", plain_text(cell.text))
                elif isinstance(cell, str):
                    words += re.findall(r"\w+", cell)
    return words


@functools.cache
def _office_profile() -> Path:
    # One LibreOffice profile per test process: creating one takes seconds.
    profile = Path(tempfile.mkdtemp(prefix="munintl-office-"))
    atexit.register(shutil.rmtree, profile, ignore_errors=True)
    return profile


def libreoffice_convert(
    files: Mapping[str, bytes], target: str, directory: Path
) -> dict[str, list[Path]]:
    """Convert files with headless LibreOffice in one call; skip the test without it.

    ``files`` maps file names (``report.docx``) to their bytes; ``target``
    is a LibreOffice filter such as ``pdf`` or ``txt:Text (encoded):UTF8``.
    Returns each input name's output files (a spreadsheet exported to CSV
    gives one file per sheet, ``name-Sheet.csv``), so no name should start
    with another name and a dash.
    """
    soffice = shutil.which("soffice") or shutil.which("libreoffice")
    if soffice is None:
        pytest.skip("LibreOffice (soffice) is not installed")
    source, out = directory / "in", directory / "out"
    source.mkdir(parents=True, exist_ok=True)
    for name, data in files.items():
        (source / name).write_bytes(data)
    subprocess.run(  # noqa: S603 - soffice from PATH, on files this function wrote
        [
            soffice,
            f"-env:UserInstallation={_office_profile().as_uri()}",
            "--headless",
            "--norestore",
            "--convert-to",
            target,
            "--outdir",
            str(out),
            *(str(source / name) for name in files),
        ],
        check=True,
        capture_output=True,
        timeout=300,
    )
    outputs = sorted(out.iterdir())
    return {
        name: [
            path
            for path in outputs
            if path.stem == Path(name).stem
            or path.stem.startswith(Path(name).stem + "-")
        ]
        for name in files
    }


_MEDIA_TYPE = re.compile(r"^[a-z]+/[a-z0-9.+-]+$")


class ReportFormatContract:
    """Tests every report format passes; subclass it and define ``format_name``.

    Set ``shows_headings = False`` for formats that write only the tables
    (CSV, XLSX), and ``shows_header_block = False`` for one that leaves out a
    committee paper's header block (CSV).
    """

    shows_headings: ClassVar[bool] = True
    shows_header_block: ClassVar[bool] = True

    @pytest.fixture
    def format_name(self) -> str:
        """Name the format under test: override this fixture."""
        pytest.fail(
            "define a format_name fixture in your ReportFormatContract subclass"
        )

    @pytest.fixture
    def report_format(self, format_name: str) -> ReportFormat:
        """Return the format's registration record from the plugin manager."""
        import munintl

        return munintl.get_plugin_manager().report_formats()[format_name]

    @pytest.fixture
    def settings(self, report_format: ReportFormat) -> Any:
        """Return the settings the renderer is built with: the defaults."""
        return report_format.settings() if report_format.settings else None

    @pytest.fixture
    def renderer(self, report_format: ReportFormat, settings: Any) -> Renderer:
        """Build a renderer with the format's factory."""
        return report_format.factory(settings)

    def extract_text(self, data: bytes, report_format: ReportFormat) -> str | None:
        """Return the text a reader of the format sees, or None if unknown.

        Text formats are decoded as UTF-8; override this for binary formats
        with the format's real reader.
        """
        media = report_format.media_type
        if media.startswith("text/") or media.endswith(("/json", "+json", "+xml")):
            return data.decode("utf-8")
        return None

    # -- the record ---------------------------------------------------------

    def test_record_is_well_formed(
        self, report_format: ReportFormat, format_name: str
    ) -> None:
        assert report_format.name == format_name
        assert report_format.suffixes, "a format needs at least one suffix"
        for suffix in report_format.suffixes:
            assert re.fullmatch(r"\.[a-z0-9]+", suffix), suffix
        assert _MEDIA_TYPE.match(report_format.media_type), report_format.media_type
        assert report_format.description

    def test_factory_accepts_none_as_default_settings(
        self, report_format: ReportFormat
    ) -> None:
        assert isinstance(report_format.factory(None), Renderer)

    def test_renderer_is_a_renderer(self, renderer: Renderer) -> None:
        assert isinstance(renderer, Renderer)

    # -- rendering ----------------------------------------------------------

    @pytest.mark.parametrize("language", ["da", "de"])
    def test_renders_every_block_type_to_bytes(
        self, renderer: Renderer, language: str
    ) -> None:
        for document in (sample_document(language), agenda_document(language)):
            data = renderer.render(document)
            assert isinstance(data, bytes)
            assert data

    def test_renders_an_empty_document(self, renderer: Renderer) -> None:
        assert isinstance(renderer.render(empty_document()), bytes)

    def test_renders_injection_strings(self, renderer: Renderer) -> None:
        data = renderer.render(injection_document())
        assert isinstance(data, bytes)
        assert data

    def test_same_document_gives_same_bytes(
        self, report_format: ReportFormat, settings: Any
    ) -> None:
        document = sample_document("da")
        first = report_format.factory(settings).render(document)
        second = report_format.factory(settings).render(sample_document("da"))
        assert first == second

    def test_output_depends_on_the_document(self, renderer: Renderer) -> None:
        assert renderer.render(sample_document("da")) != renderer.render(
            sample_document("de")
        )

    @pytest.mark.parametrize("language", ["da", "de"])
    def test_text_keeps_headings(
        self, renderer: Renderer, report_format: ReportFormat, language: str
    ) -> None:
        if not self.shows_headings:
            pytest.skip("this format writes tables only")
        document = sample_document(language)
        text = self._text(renderer, report_format, document)
        missing = [word for word in heading_words(document) if word not in text]
        assert not missing, f"missing from the {report_format.name} text: {missing}"

    @pytest.mark.parametrize("language", ["da", "de"])
    def test_text_keeps_table_cells_and_letters(
        self, renderer: Renderer, report_format: ReportFormat, language: str
    ) -> None:
        document = sample_document(language)
        text = self._text(renderer, report_format, document)
        missing = [word for word in cell_words(document) if word not in text]
        assert not missing, f"missing from the {report_format.name} text: {missing}"
        for word in LETTERS[language]:
            assert word in text, word

    @pytest.mark.parametrize("language", ["da", "de"])
    def test_text_keeps_the_header_block(
        self, renderer: Renderer, report_format: ReportFormat, language: str
    ) -> None:
        if not self.shows_header_block:
            pytest.skip("this format writes the data tables only")
        document = agenda_document(language)
        text = self._text(renderer, report_format, document)
        words = [
            word
            for block in document.blocks
            if isinstance(block, Facts)
            for pair in block.items
            for word in re.findall(r"\w+", " ".join(pair))
        ]
        assert words
        missing = [word for word in words if word not in text]
        assert not missing, f"missing from the {report_format.name} text: {missing}"

    def _text(
        self, renderer: Renderer, report_format: ReportFormat, document: ReportDocument
    ) -> str:
        text = self.extract_text(renderer.render(document), report_format)
        if text is None:
            pytest.skip("no text reader for this format; override extract_text")
        return text
