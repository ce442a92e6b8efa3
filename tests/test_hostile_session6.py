"""Hostile input, sixth campaign: the leftovers of the fifth, then a sweep.

The standard is issue 9's: a clear message naming the file, line and field,
exit 1 for what is refused, no traceback, nothing written; nothing read from
outside the data folder; what validates renders.
"""

from __future__ import annotations

import csv
import importlib.util
import io
import itertools
import json
import shutil
import subprocess
import sys
import typing
import unicodedata
from pathlib import Path

import attrs
import pytest

import munintl
from munintl.errors import StorageError
from munintl.model import LocalizedText, PartialDate, Period, Portfolio, Source
from munintl.model.values import breaks_line
from munintl.plugins.formats.pdf import typst_source
from munintl.plugins.rules.lines import one_line_fields
from munintl.reporting import build, render_document
from test_hostile_session5 import run, snapshot  # the fifth campaign's helpers

ROOT = Path(__file__).resolve().parents[1]


@pytest.fixture
def exempelby(tmp_path: Path) -> Path:
    """A copy of the Exempelby example to spoil."""
    return Path(shutil.copytree(ROOT / "examples" / "exempelby", tmp_path / "ex"))


def replace_in(path: Path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert old in text, old
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


# -- 1. line breaks in texts shown on one line ------------------------------------


@pytest.mark.parametrize(
    ("file", "old", "new", "where"),
    [
        (
            "initiatives/kustenergi.yaml",
            "  sv: Kustenergi\n",
            '  sv: "Kust\\nenergi"\n',
            "initiatives/kustenergi.yaml:3:7: initiatives[kustenergi].title.sv:",
        ),
        (
            "initiatives/kustenergi.yaml",
            "kind: eu-project\n",
            'acronym: "KE\\r\\nX"\nkind: eu-project\n',
            "initiatives/kustenergi.yaml:5:10: initiatives[kustenergi].acronym:",
        ),
        (
            "organisations/fjordvik.yaml",
            "  en: Fjordvik Municipality\n",
            "  en: |\n    Fjordvik\n    Municipality\n",
            "organisations/fjordvik.yaml:4:7: organisations[fjordvik].name.en:",
        ),
        (
            "organisations/fjordvik.yaml",
            "  - title: FICTIONAL",
            '  - title: "A\\u2028B"\n  - title: FICTIONAL',
            "organisations/fjordvik.yaml:13:12: organisations[fjordvik].sources[0].title:",
        ),
        (
            "partnerships/vanort-fjordvik.yaml",
            "areas:\n",
            'topics:\n  - sv: skola\n  - sv: "ungdom\\u2029idrott"\nareas:\n',
            "partnerships/vanort-fjordvik.yaml:11:9: partnerships[vanort-fjordvik].topics[1].sv:",
        ),
    ],
    ids=["title-lf", "acronym-crlf", "name-block", "source-title-ls", "topic-ps"],
)
def test_a_line_break_in_a_one_line_text_is_a_warning_at_its_line(
    exempelby: Path, file: str, old: str, new: str, where: str
) -> None:
    # Accepted without a word before: reports then showed "Kust energi".
    # A warning, not a refusal, so data written before still loads.
    replace_in(exempelby / file, old, new)
    before = snapshot(exempelby)
    result = run("validate", exempelby)
    assert result.exit_code == 0, result.output
    assert where in result.output
    assert "[line-break]" in result.output
    assert run("validate", "--strict", exempelby).exit_code == 1
    assert snapshot(exempelby) == before


def test_a_line_break_is_found_in_json_and_toml_at_its_line(
    exempelby: Path, tmp_path: Path
) -> None:
    replace_in(
        exempelby / "initiatives" / "kustenergi.yaml",
        "  sv: Kustenergi\n",
        '  sv: "Kust\\nenergi"\n',
    )
    for suffix in (".json", ".toml"):
        target = tmp_path / f"store{suffix}"
        assert run("convert", exempelby, target).exit_code == 0
        output = run("validate", target).output
        lines = target.read_text(encoding="utf-8").splitlines()
        line = next(n for n, text in enumerate(lines, 1) if "Kust" in text)
        if lines[line - 2].endswith('"""'):  # TOML: the multi-line string's key
            line -= 1
        assert f"store{suffix}:{line}:" in output, output
        assert "initiatives[kustenergi].title.sv: warning:" in output


@pytest.mark.parametrize(
    "text", ["Titel\n", "Titel\r\n", "  Titel  \n\n", "Titel", "", "Titel\tmed tab"]
)
def test_a_break_at_the_end_is_left_alone(text: str) -> None:
    # A YAML block scalar (``title: |``) ends with one: it shows as nothing.
    assert not breaks_line(text)


@pytest.mark.parametrize("text", ["a\nb", "a\rb", "a\u2028b", "a\u2029b", "a\n\nb"])
def test_a_break_inside_is_found(text: str) -> None:
    assert breaks_line(text)


def _model_classes() -> list[type]:
    seen: list[type] = []
    work: list[type] = [Portfolio]
    while work:
        cls = work.pop()
        if cls in seen:
            continue
        seen.append(cls)
        for hint in typing.get_type_hints(cls).values():
            for arg in (hint, *typing.get_args(hint)):
                for inner in (arg, *typing.get_args(arg)):
                    if isinstance(inner, type) and attrs.has(inner):
                        work.append(inner)
    return seen


#: Fields named like a title that may run to several lines: a goal's
#: statement is a sentence or two; everything else named so is a heading.
ONE_LINE_NAMES = ("title", "name", "acronym", "label", "unit", "phase", "topics")


def test_every_title_name_and_label_of_the_model_is_marked_one_line() -> None:
    # The cause of the class, not one example: a field added later under one
    # of these names is checked by the rule without touching it.
    unmarked = [
        f"{cls.__name__}.{field.name}"
        for cls in _model_classes()
        for field in attrs.fields(cls)
        if field.name in ONE_LINE_NAMES
        and field.name not in one_line_fields(cls)
        and cls.__module__.startswith("munintl.model")
        and cls.__name__ not in {"Codelist", "CodeItem"}
    ]
    assert unmarked == []


def test_a_portfolio_with_line_breaks_in_titles_renders_them_on_one_line(
    exempelby: Path,
) -> None:
    replace_in(
        exempelby / "initiatives" / "kustenergi.yaml",
        "  en: Coastal energy\n",
        '  en: "Coastal\\nenergy"\n',
    )
    portfolio = munintl.load(exempelby)
    assert {f.code for f in munintl.validate(portfolio)} == {"line-break"}
    document = build(portfolio, kind="followup", followup="uppfoljning-2024", lang="en")
    markdown = render_document(document, format="markdown").decode("utf-8")
    assert "Coastal energy" in markdown
    assert "Coastal\nenergy" not in markdown  # a table row would break
    # CSV is data: it keeps the text as written, quoted, the row whole.
    table = render_document(document, format="csv").decode("utf-8")
    rows = [row for row in csv.reader(io.StringIO(table)) if row]
    assert ["Coastal\nenergy (illustrative)", "Initiative"] in [r[:2] for r in rows]


# -- 2. a follow-up's own dates out of order --------------------------------------


@pytest.fixture(scope="module")
def skanderborg() -> Portfolio:
    return munintl.load(ROOT / "examples" / "skanderborg")


def _dated(
    portfolio: Portfolio,
    submitted: str | None,
    meeting: str | None,
    decided: str = "2012-03",
    period: str = "2011",
) -> Portfolio:
    followup = portfolio.followups[0]
    case = attrs.evolve(
        followup.case, meeting=PartialDate.parse(meeting) if meeting else None
    )
    decisions = tuple(
        attrs.evolve(decision, date=PartialDate.parse(decided))
        for decision in followup.decisions
    )
    changed = attrs.evolve(
        followup,
        submitted=PartialDate.parse(submitted) if submitted else None,
        case=case,
        decisions=decisions,
        period=Period(start=PartialDate.parse(period), end=PartialDate.parse(period)),
    )
    return attrs.evolve(portfolio, followups=(changed, *portfolio.followups[1:]))


def _order_findings(portfolio: Portfolio) -> list[tuple[str, str]]:
    return [
        (f.path.rsplit(".", 1)[-1], f.message)
        for f in munintl.validate(portfolio)
        if f.code == "followup-dates-out-of-order"
    ]


@pytest.mark.parametrize(
    ("submitted", "meeting", "decided", "says"),
    [
        ("2012-04-02", "2012-03-27", "2012-04-02", ["after the meeting"]),
        ("2013", "2012-03", "2013", ["after the meeting"]),
        ("2011-02-01", "2012-03-27", "2012-03-27", ["more than a year before"]),
        (
            "2009",
            "2012-03",
            "2012-03",
            ["more than a year before", "before the period"],
        ),
        ("2012-02", None, "2012-01-15", ["before follow-up"]),
        (None, "2010-12-01", "2012-03", ["before the period"]),
    ],
    ids=[
        "after",
        "after-year",
        "year-before",
        "years-before",
        "decided-early",
        "meeting-early",
    ],
)
def test_a_follow_up_dated_out_of_order_is_a_warning(
    skanderborg: Portfolio,
    submitted: str | None,
    meeting: str | None,
    decided: str,
    says: list[str],
) -> None:
    # Accepted silently before: a submission in 2009 for a meeting in 2012.
    found = _order_findings(_dated(skanderborg, submitted, meeting, decided))
    assert len(found) == len(says), found
    for (_field, message), words in zip(found, says, strict=True):
        assert words in message


@pytest.mark.parametrize(
    ("submitted", "meeting", "decided"),
    [
        ("2012-02", "2012-03", "2012-03"),  # the example as it is
        ("2012", "2012-03-27", "2012-03-27"),  # a year holds the meeting day
        ("2012-03-27", "2012-03-27", "2012-03-27"),  # sent and met the same day
        ("2011-03-28", "2012-03-27", "2012-03-27"),  # a year before, to the day
        ("2011-12-20", "2012-01-10", "2012"),  # sent before the period ended
        (None, None, "2010"),  # nothing to compare with
    ],
)
def test_a_follow_up_dated_in_order_is_not_flagged(
    skanderborg: Portfolio, submitted: str | None, meeting: str | None, decided: str
) -> None:
    assert _order_findings(_dated(skanderborg, submitted, meeting, decided)) == []


def test_a_submission_after_the_meeting_is_named_at_its_line(tmp_path: Path) -> None:
    folder = Path(shutil.copytree(ROOT / "examples" / "skanderborg", tmp_path / "sk"))
    (path,) = folder.glob("followups/*/followup.yaml")
    replace_in(path, "submitted: 2012-02\n", "submitted: 2012-04\n")
    before = snapshot(folder)
    result = run("validate", folder)
    assert result.exit_code == 0, result.output
    line = path.read_text(encoding="utf-8").splitlines().index("submitted: 2012-04")
    assert (
        f"followup.yaml:{line + 1}:12: followups[opfoelgning-2011].submitted: warning:"
        " follow-up 'opfoelgning-2011' was submitted on 2012-04, after the meeting"
    ) in result.output
    assert "[followup-dates-out-of-order]" in result.output
    assert snapshot(folder) == before


# -- 3. links in a data folder that reach nothing ------------------------------------

needs_links = pytest.mark.skipif(
    sys.platform == "win32", reason="symlinks need privileges on Windows"
)


@needs_links
@pytest.mark.parametrize(
    ("make", "named", "severity"),
    [
        (
            {"initiatives/a.yaml": "b.yaml", "initiatives/b.yaml": "a.yaml"},
            ["initiatives/a.yaml", "initiatives/b.yaml"],
            "error",
        ),
        ({"initiatives/self.yaml": "self.yaml"}, ["initiatives/self.yaml"], "error"),
        (
            {"initiatives/gone.yaml": "/nowhere/x.yaml"},
            ["initiatives/gone.yaml"],
            "error",
        ),
        ({"initiatives/loop": "loop"}, ["initiatives/loop"], "error"),
        (
            {"followups/uppfoljning-2024/updates/u.yaml": "u.yaml"},
            ["followups/uppfoljning-2024/updates/u.yaml"],
            "error",
        ),
        ({"notes.yaml": "notes.yaml"}, ["notes.yaml"], "warning"),
        ({"x": "x"}, ["x"], "warning"),
    ],
    ids=[
        "pair",
        "self",
        "missing-target",
        "folder-loop",
        "update",
        "top-file",
        "top-other",
    ],
)
def test_a_link_that_reaches_nothing_is_named_not_the_store(
    exempelby: Path, make: dict[str, str], named: list[str], severity: str
) -> None:
    # A loop was "cannot read <store>: Too many levels of symbolic links",
    # naming the store folder, not the link; a missing target in a
    # collection was read as a file that "cannot be read".
    for link, target in make.items():
        (exempelby / link).symlink_to(target)
    before = snapshot(exempelby)
    result = run("validate", exempelby)
    assert "Traceback" not in result.output
    assert "Too many levels" not in result.output
    for link in named:
        line = next(line for line in result.output.splitlines() if f"{link}:" in line)
        assert "[broken-link]" in line
        assert ("warning:" in line) == (severity == "warning")
    assert result.exit_code == (1 if severity == "error" else 0), result.output
    assert snapshot(exempelby) == before


@needs_links
@pytest.mark.parametrize("target", ["municipality.yaml", "/nowhere/m.yaml"])
def test_a_municipality_file_that_leads_nowhere_is_named(
    exempelby: Path, target: str
) -> None:
    # Was "no portfolio is stored here", or for a missing target
    # "not valid (0 errors, 0 warnings)" from show and "valid" from validate.
    (exempelby / "municipality.yaml").unlink()
    (exempelby / "municipality.yaml").symlink_to(target)
    for command in ("validate", "show"):
        result = run(command, exempelby)
        assert result.exit_code == 1, result.output
        assert (
            "municipality.yaml: municipality: this is a symbolic link that reaches"
            " no file"
        ) in result.output
        assert "(0 errors" not in result.output


@needs_links
@pytest.mark.parametrize("collection", ["bodies", "initiatives"])
def test_a_collection_folder_that_leads_nowhere_is_named(
    exempelby: Path, collection: str
) -> None:
    shutil.rmtree(exempelby / collection)
    (exempelby / collection).symlink_to(collection)
    result = run("validate", exempelby)
    assert result.exit_code == 1
    assert f"{collection}: this is a symbolic link that reaches no file" in (
        result.output
    )


@needs_links
@pytest.mark.parametrize("target", ["munintl.toml", "/nowhere/munintl.toml"])
def test_settings_that_lead_nowhere_are_refused_not_passed_over(
    exempelby: Path, target: str
) -> None:
    # The settings were silently the defaults: a report in the wrong
    # languages, with the built-in templates.
    (exempelby / "munintl.toml").unlink()
    (exempelby / "munintl.toml").symlink_to(target)
    for args in (
        ("validate",),
        ("report", "-k", "overview", "-f", "markdown", "-o", "-"),
    ):
        result = run(*args, exempelby)
        assert result.exit_code == 1, result.output
        assert "munintl.toml: this symbolic link leads to no file" in result.output


# -- what validates renders: text a PDF drawing cannot keep ---------------------


def letters(text: str) -> str:
    """The text without marks and format characters: what any reader keeps."""
    return "".join(
        c
        for c in unicodedata.normalize("NFD", text)
        if unicodedata.category(c) not in {"Mn", "Me", "Cf"}
    )


@pytest.mark.skipif(
    importlib.util.find_spec("typst") is None, reason="the PDF format needs typst"
)
@pytest.mark.parametrize(
    "title",
    [
        "Z\u0335\u0321a\u0336lgo",  # marks stacked on a letter
        "e\u0301\u0301",
        "\u05e9\u05b8\u05c1\u05dc\u05d5\u05b9\u05dd",  # Hebrew with its vowel points
        "Kust\ufe0f",  # a variation selector
        "x\u200dy",  # a joiner between letters
    ],
    ids=["zalgo", "two-acutes", "niqqud", "variation-selector", "joiner"],
)
def test_a_title_a_timeline_drawing_cannot_keep_still_gives_a_pdf(
    exempelby: Path, title: str, caplog: pytest.LogCaptureFixture
) -> None:
    # typst's SVG reader loses the code points of such clusters and a PDF/UA
    # file may lose none: every PDF with a timeline failed ("the PDF
    # contains text with missing codepoints") for a portfolio that validates.
    portfolio = munintl.load(exempelby)
    renamed = LocalizedText(values={"sv": title, "en": title})
    portfolio = attrs.evolve(
        portfolio,
        initiatives=tuple(
            attrs.evolve(initiative, title=renamed)
            for initiative in portfolio.initiatives
        ),
    )
    assert not [f for f in munintl.validate(portfolio) if f.severity == "error"]
    for kind, extra in (
        ("overview", {}),
        ("followup", {"followup": "uppfoljning-2024"}),
    ):
        document = build(portfolio, kind=kind, lang="en", **extra)
        with caplog.at_level("WARNING", logger="munintl.reports"):
            pdf = render_document(document, format="pdf")
        assert pdf.startswith(b"%PDF")
        assert "without its timeline drawings" in caplog.text
        caplog.clear()
        if shutil.which("pdftotext"):
            text = subprocess.run(
                ["pdftotext", "-", "-"], input=pdf, capture_output=True, check=True
            ).stdout.decode("utf-8")
            assert letters(title) in letters(text)


def test_a_pdf_whose_drawings_typst_can_keep_still_has_them(
    exempelby: Path, caplog: pytest.LogCaptureFixture
) -> None:
    pytest.importorskip("typst")
    document = build(munintl.load(exempelby), kind="overview", lang="en")
    assert typst_source(document)[1], "the overview has a timeline drawing"
    assert not typst_source(document, drawings=False)[1]
    with caplog.at_level("WARNING", logger="munintl.reports"):
        assert render_document(document, format="pdf").startswith(b"%PDF")
    assert "without its timeline drawings" not in caplog.text


# -- an empty location or file name is not the current folder -----------------------


@pytest.mark.parametrize(
    "args",
    [
        ("convert", "{ex}", ""),
        ("convert", "{ex}", "  "),
        ("validate", ""),
        ("show", ""),
        ("report", "", "-k", "overview", "-f", "markdown", "-o", "-"),
        ("report", "{ex}", "-k", "overview", "-f", "markdown", "-o", ""),
        ("schema", "-o", ""),
        ("init", "", "--municipality", "x"),
        ("site", "init", ""),
        ("translate", "export", "{ex}", "-o", ""),
        ("history", ""),
        ("diff", "", "{ex}"),
        ("portfolios", ""),
        ("query", "", "initiatives"),
        ("followup", "status", ""),
    ],
)
def test_an_empty_name_is_refused_not_taken_for_the_current_folder(
    exempelby: Path,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    args: tuple[str, ...],
) -> None:
    # `munintl convert SRC ""` wrote a whole store into the current folder
    # (`convert SRC "$DST"` with DST unset), `validate ""` checked it, and
    # `report -o ""` wrote there too.
    work = tmp_path / "work"
    work.mkdir()
    monkeypatch.chdir(work)
    result = run(*(arg.format(ex=exempelby) for arg in args))
    assert result.exit_code in (1, 2), result.output
    assert "empty" in result.output
    assert "Traceback" not in result.output
    assert list(work.iterdir()) == []


@pytest.mark.parametrize("location", ["", " ", "\t"])
def test_the_api_refuses_an_empty_location(exempelby: Path, location: str) -> None:
    with pytest.raises(StorageError, match="empty location"):
        munintl.load(location)
    with pytest.raises(StorageError, match="empty location"):
        munintl.save(munintl.load(exempelby), location)


# -- a file in another encoding is named at the line and column it goes wrong --------


@pytest.mark.parametrize(
    ("name", "encoding", "says"),
    [
        ("store.json", "latin-1", "byte 0xe4"),
        ("store.toml", "cp1252", "byte 0xe4"),
        ("store.json", "utf-16", "UTF-16"),
        ("store.toml", "utf-16-le", "UTF-16"),
    ],
)
def test_a_store_file_not_in_utf8_is_named_at_its_line_and_column(
    exempelby: Path, tmp_path: Path, name: str, encoding: str, says: str
) -> None:
    # JSON and TOML said "not UTF-8 text (byte 493)", a count nobody can find.
    good = tmp_path / name
    assert run("convert", exempelby, good).exit_code == 0
    text = good.read_text(encoding="utf-8")
    bad = tmp_path / f"bad-{name}"
    bad.write_bytes(text.encode(encoding, errors="replace"))
    result = run("validate", bad)
    assert result.exit_code == 1
    assert says in result.output
    if encoding.startswith("utf-16"):
        assert f"bad-{name}:1:1:" in result.output
    else:
        lines = text.splitlines()
        line = next(n for n, t in enumerate(lines, 1) if not t.isascii())
        column = next(i for i, c in enumerate(lines[line - 1], 1) if not c.isascii())
        assert f"bad-{name}:{line}:{column}:" in result.output, result.output


@pytest.mark.parametrize(
    ("file", "where"),
    [
        ("munintl.toml", "munintl.toml:2:4:"),
        ("initiatives/kustenergi.yaml", "kustenergi.yaml:2:4:"),
    ],
)
def test_a_data_file_in_latin1_is_named_at_its_column(
    exempelby: Path, file: str, where: str
) -> None:
    path = exempelby / file
    head = b'languages = ["sv"]\n' if file.endswith(".toml") else b"title:\n"
    path.write_bytes(head + b"# K\xf8ge\n" + path.read_bytes().split(b"\n", 1)[1])
    result = run("validate", exempelby)
    assert result.exit_code == 1
    assert where in result.output, result.output
    assert "0xf8" in result.output


# -- a data folder does not reach outside through a linked folder or settings file ----


@needs_links
@pytest.mark.parametrize(
    "folder", ["initiatives", "followups/uppfoljning-2024/updates", "bodies"]
)
def test_a_folder_linked_out_of_the_store_is_named_once_not_listed(
    exempelby: Path, tmp_path: Path, folder: str
) -> None:
    # A folder linked to /etc gave one finding per file in /etc ("updates/xdg:
    # this link leads outside the store", 141 of them): a listing of a folder
    # outside the data folder, printed.
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    for name in ("secret-plans.yaml", "passwords.txt", "x.yaml"):
        (elsewhere / name).write_text("a: 1\n", encoding="utf-8")
    shutil.rmtree(exempelby / folder)
    (exempelby / folder).symlink_to(elsewhere)
    result = run("validate", exempelby)
    assert result.exit_code == 1
    assert result.output.count("[outside-store]") == 1, result.output
    assert f"{folder}: this link leads outside the store" in result.output
    for name in ("secret-plans", "passwords", "x.yaml"):
        assert name not in result.output


@needs_links
@pytest.mark.parametrize("settings", ["munintl.toml", "pyproject.toml"])
def test_settings_linked_from_outside_the_folder_are_refused(
    exempelby: Path, tmp_path: Path, settings: str
) -> None:
    # Were read: /etc/passwd as TOML, or another folder's settings (with
    # template paths relative to a folder the data does not own).
    (exempelby / "munintl.toml").unlink()
    outside = tmp_path / "outside.toml"
    outside.write_text('languages = ["sv"]\n', encoding="utf-8")
    (exempelby / settings).symlink_to(outside)
    result = run("validate", exempelby)
    assert result.exit_code == 1
    assert f"{settings}: this symbolic link leads outside" in result.output


@needs_links
def test_settings_linked_from_inside_the_folder_are_read(exempelby: Path) -> None:
    (exempelby / "settings").mkdir()
    (exempelby / "munintl.toml").rename(exempelby / "settings" / "munintl.toml")
    (exempelby / "munintl.toml").symlink_to(Path("settings") / "munintl.toml")
    result = run("validate", exempelby)
    assert result.exit_code == 0, result.output


# -- Markdown nested deeper than any reader walks ------------------------------------


@pytest.mark.parametrize(
    "text",
    ["**" * 5000 + "x" + "**" * 5000, "*a " * 3000 + "x" + " a*" * 3000],
    ids=["strong", "emphasis"],
)
def test_markdown_nested_thousands_deep_is_plain_text_and_a_finding(
    text: str,
) -> None:
    # "**" five thousand times round a word validated (a Markdown warning)
    # and then every report failed with RecursionError.
    from munintl.model.markdown import DEEP, markdown_problems, parse_markdown

    (block,) = parse_markdown(text)
    assert [[run.kind for run in item] for item in block.items] == [["text"]]
    assert block.items[0][0].text == text  # kept as written, marks and all
    assert DEEP in markdown_problems(text)


def test_markdown_nested_twenty_deep_is_still_read() -> None:
    from munintl.model.markdown import DEEP, markdown_problems, parse_markdown

    text = "*a " * 20 + "x" + " a*" * 20
    assert DEEP not in markdown_problems(text)
    (block,) = parse_markdown(text)
    assert block.items[0][0].kind == "emphasis"


def test_a_summary_nested_thousands_deep_renders_in_every_format(
    exempelby: Path,
) -> None:
    deep = "**" * 5000 + "Kustenergi" + "**" * 5000
    portfolio = munintl.load(exempelby)
    portfolio = attrs.evolve(
        portfolio,
        initiatives=tuple(
            attrs.evolve(i, summary=LocalizedText(values={"sv": deep, "en": deep}))
            for i in portfolio.initiatives
        ),
    )
    codes = {f.code for f in munintl.validate(portfolio) if f.severity == "error"}
    assert codes == set()
    document = build(portfolio, kind="followup", followup="uppfoljning-2024", lang="en")
    for name in ("markdown", "html", "json"):
        assert b"Kustenergi" in render_document(document, format=name), name


# -- nothing lost on a round trip ---------------------------------------------------

#: Texts that look like something else to one of the formats.
TRICKY = [
    "yes", "no", "null", "~", "1e3", "0x10", "2024-01-01", ".inf", "NO", "- x",
    "? x", ": x", "#x", "'q'", '"dq"', "a: b", "[x]", "{x}", "!x", "&a", "*a",
    "%x", "@x", "|", ">", "x\r\ny", "x\ry", "trail  ", "  lead", "\nlead",
    "tab\tx", '"""', "'''", "a\"\"\"b'''c", "\\", "\\n", "x\u2028y", "\u00a0",
    "\ufeffbom", "0", "00", "+1", "1_000", "True", "on", "=cmd", "<!-- -->",
]  # fmt: skip


def test_texts_that_look_like_syntax_survive_every_store_and_convert(
    exempelby: Path, tmp_path: Path
) -> None:
    # A text holding "\r\n" could not be converted to TOML: tomli_w writes it
    # in a multi-line string as a bare line break, read back as "\n", and
    # the store's read-back check refused the save.
    portfolio = munintl.load(exempelby)
    first = attrs.evolve(
        portfolio.initiatives[0],
        sources=tuple(
            Source(title=f"s{n}", note=text) for n, text in enumerate(TRICKY)
        ),
        summary=LocalizedText(values={"sv": "\n\n".join(TRICKY), "en": "x\r\ny"}),
    )
    portfolio = attrs.evolve(portfolio, initiatives=(first, *portfolio.initiatives[1:]))
    munintl.save(portfolio, tmp_path / "start")
    chain = ["start", "a.toml", "b.json", "c", "d.toml", "e"]
    for source, target in itertools.pairwise(chain):
        result = run("convert", tmp_path / source, tmp_path / target)
        assert result.exit_code == 0, (target, result.output)
        assert munintl.load(tmp_path / target) == portfolio, target


@pytest.mark.parametrize("name", ["Odder\nKommune", "Odder\r\nKommune", "Odder\u2028K"])
def test_init_refuses_a_municipality_name_of_two_lines(
    tmp_path: Path, name: str
) -> None:
    # Made a portfolio whose every report heading broke the name, with a
    # line-break warning from the start.
    result = run("init", tmp_path / "new", "--municipality", name)
    assert result.exit_code == 1, result.output
    assert "holds a line break" in result.output
    assert not (tmp_path / "new").exists()


@pytest.mark.parametrize(
    "text",
    [
        "x\u2028y",
        "x\u2029y",
        "first\nx\u2028y\nlast",
        "x\ry",
        "x\r\ny",
    ],
)
def test_a_po_file_holding_unicode_line_separators_reads_back(
    exempelby: Path, tmp_path: Path, text: str
) -> None:
    # The PO writer and reader split lines with str.splitlines, which also
    # breaks at U+2028, U+2029 and a lone "\r": munintl could not read its
    # own export ("the string is not closed"), though msgfmt could.
    import polib

    portfolio = munintl.load(exempelby)
    first = attrs.evolve(
        portfolio.initiatives[0], summary=LocalizedText(values={"sv": text})
    )
    munintl.save(
        attrs.evolve(portfolio, initiatives=(first, *portfolio.initiatives[1:])),
        tmp_path / "p",
    )
    exported = tmp_path / "de.po"
    assert (
        run(
            "translate", "export", tmp_path / "p", "--lang", "de", "-o", exported
        ).exit_code
        == 0
    )
    catalog = polib.pofile(str(exported))
    for entry in catalog:
        entry.msgstr = entry.msgid + " (de)"
    catalog.save(str(exported))
    result = run("translate", "import", exported, tmp_path / "p")
    assert result.exit_code == 0, result.output
    read = munintl.load(tmp_path / "p").initiatives[0].summary.values["de"]
    assert read == text + " (de)"


def test_a_setting_after_a_unicode_line_separator_is_named_at_its_line(
    exempelby: Path,
) -> None:
    # The settings' lines were counted with str.splitlines, which also
    # breaks at U+2028 in a comment: the finding named the line after.
    (exempelby / "munintl.toml").write_text(
        '# a note \u2028 in a comment\nlanguages = ["sv", "en"]\n[templates]\n'
        'html = "/etc/passwd"\n',
        encoding="utf-8",
    )
    result = run("validate", exempelby)
    assert result.exit_code == 1
    assert "munintl.toml:4: templates.html:" in result.output, result.output


# -- whole numbers with more digits than a report can show ---------------------------


@pytest.mark.parametrize(
    ("file", "old", "new", "field"),
    [
        (
            "initiatives/kustenergi.yaml",
            "  - organisation: lakeside\n",
            "  - count: 1000000000000000000000000000000\n",
            "initiatives[kustenergi].participations[1].count:",
        ),
        (
            "initiatives/elevutbyte-fjordvik.yaml",
            "  every: 2\n",
            "  every: 10000000000000000\n",
            "initiatives[elevutbyte-fjordvik].recurrence.every:",
        ),
    ],
    ids=["count", "every"],
)
def test_a_count_longer_than_reports_show_is_refused_at_its_line(
    exempelby: Path, file: str, old: str, new: str, field: str
) -> None:
    # count: 10**30 validated, then the register's XLSX stopped with a
    # decimal.InvalidOperation traceback.
    replace_in(exempelby / file, old, new)
    result = run("validate", exempelby)
    assert result.exit_code == 1, result.output
    assert field in result.output
    assert (
        "at most 15 may come before the decimal point" in result.output
        or "every may be at most 1000 years" in result.output
    )


def test_a_count_of_fifteen_digits_renders_in_a_spreadsheet(
    exempelby: Path, tmp_path: Path
) -> None:
    pytest.importorskip("openpyxl")
    replace_in(
        exempelby / "initiatives" / "kustenergi.yaml",
        "  - organisation: lakeside\n",
        "  - count: 999999999999999\n",
    )
    result = run("report", exempelby, "-k", "register", "-o", tmp_path / "r.xlsx")
    assert result.exit_code == 0, result.output


def test_seats_longer_than_reports_show_are_refused() -> None:
    from munintl.model.organisation import Member
    from munintl.model.values import FieldValueError

    with pytest.raises(FieldValueError, match="too many digits"):
        Member(member="x", seats=10**20)


# -- an address reports cannot link to -----------------------------------------------


@pytest.mark.parametrize(
    "url",
    [
        "javascript:alert(1)",
        "file:///etc/passwd",
        "data:text/html,<script>",
        "https://exa mple.org",
        'https://x.org/a" onclick="alert(1)',
        "https://x.org/\nmore",
        "",
        "http://[::1",
    ],
)
def test_an_address_reports_cannot_link_is_a_warning_at_its_line(
    exempelby: Path, url: str
) -> None:
    # Accepted silently and shown as text in every report (the renderers
    # refuse to link it), so nobody knew the link was dead.
    replace_in(
        exempelby / "organisations" / "fjordvik.yaml",
        "type: municipality\n",
        f"type: municipality\nwebsite: {json.dumps(url)}\n",
    )
    result = run("validate", exempelby)
    assert result.exit_code == 0, result.output
    assert (
        "organisations/fjordvik.yaml:6:10: organisations[fjordvik].website: warning:"
        " reports cannot link to"
    ) in result.output, result.output
    assert "[url-not-linked]" in result.output


@pytest.mark.parametrize(
    "url",
    ["https://x.org/a?b=c#d", "mailto:a@b.dk", "#part", "HTTPS://X.ORG", "/local"],
)
def test_an_address_reports_link_is_not_flagged(exempelby: Path, url: str) -> None:
    replace_in(
        exempelby / "organisations" / "fjordvik.yaml",
        "type: municipality\n",
        f"type: municipality\nwebsite: {json.dumps(url)}\n",
    )
    assert "url-not-linked" not in run("validate", exempelby).output


def test_every_address_field_of_the_model_is_marked() -> None:
    from munintl.plugins.rules.sources import url_fields

    unmarked = [
        f"{cls.__name__}.{field.name}"
        for cls in _model_classes()
        for field in attrs.fields(cls)
        if field.name in {"url", "website"}
        and field.name not in url_fields(cls)
        and cls.__module__.startswith("munintl.model")
        and cls.__name__ != "Inline"
    ]
    assert unmarked == []


@pytest.mark.parametrize(
    "args",
    [
        ("report", "{ex}", "-k", "overview", "-f", "markdown", "-o", "-", "-l", ""),
        ("report", "{ex}", "-k", "overview", "-f", "markdown", "-o", "-", "-l", " "),
        ("followup", "status", "{ex}", "--year", "2024", "--lang", ""),
    ],
)
def test_a_blank_report_language_is_refused_not_taken_for_the_default(
    exempelby: Path, args: tuple[str, ...]
) -> None:
    # `report -l ""` wrote the report in the default language without a word.
    result = run(*(arg.format(ex=exempelby) for arg in args))
    assert result.exit_code == 1, result.output
    assert "is not a language munintl can write reports in" in result.output
