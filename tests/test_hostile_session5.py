"""Hostile input, fifth campaign: every surface tried as an attacker and as a careless user.

The standard is issue 9's: a clear message (exit 1) naming the file, line
and field where there is one, no traceback, nothing written; nothing read
from outside the data folder; what validates renders — in bounded time, so
a long value cannot stall a report.
"""

from __future__ import annotations

import io
import json
import os
import shutil
import sys
import zipfile
from collections.abc import Callable
from decimal import Decimal
from pathlib import Path

import pytest
import yaml
from click.testing import CliRunner, Result

import munintl
from munintl.cli import main
from munintl.model import MAX_ID_LENGTH
from munintl.reports.rendering.markup import typst_keeping_hyphenated

ROOT = Path(__file__).resolve().parents[1]
EXEMPELBY = ROOT / "examples" / "exempelby"

# -- long values ------------------------------------------------------------------


def test_a_long_word_in_a_pdf_cell_is_set_in_one_pass() -> None:
    # A single pattern for "a word holding a hyphen" tried every start of a
    # long word again: a 200,000-letter title held the PDF for minutes, and
    # this million-letter one would take hours.
    word = "K" * 1_000_000
    assert typst_keeping_hyphenated(word) == f'#"{word}"'
    assert typst_keeping_hyphenated(word + " 1194-BR x") == (
        f'#{{"{word} "; box("1194-BR"); " x"}}'
    )


# -- munintl.toml ---------------------------------------------------------------


def run(*args: str | Path) -> Result:
    return CliRunner().invoke(main, [str(arg) for arg in args])


def assert_refused(result: Result) -> str:
    """Exit 1 through SystemExit, no traceback; return the output."""
    assert result.exit_code == 1, result.output
    assert result.exception is None or isinstance(result.exception, SystemExit), (
        result.exception
    )
    assert "Traceback" not in result.output
    return result.output


def snapshot(folder: Path) -> dict[str, bytes]:
    return {
        str(path.relative_to(folder)): path.read_bytes()
        for path in sorted(folder.rglob("*"))
        if path.is_file()
    }


@pytest.fixture
def exempelby(tmp_path: Path) -> Path:
    target = tmp_path / "exempelby"
    shutil.copytree(EXEMPELBY, target)
    return target


@pytest.mark.parametrize(
    ("settings", "where"),
    [
        ('languages = ["../../../tmp/x", "sv"]\n', "munintl.toml:1: languages[0]:"),
        ('languages = ["' + "a" * 10_000 + '"]\n', "munintl.toml:1: languages[0]:"),
        (
            'languages = ["sv"]\n[fallback]\n"a/b" = ["sv"]\n',
            "munintl.toml:3: fallback.a/b:",
        ),
        (
            'languages = ["sv"]\n[fallback]\nsv = ["..", "en"]\n',
            "munintl.toml:3: fallback.sv[0]:",
        ),
        ('label_fallback = "/etc"\n', "munintl.toml:1: label_fallback:"),
        ('[labels."../x"]\nPartnerships = "y"\n', "munintl.toml:1: labels.../x:"),
        ('[report.locales]\nen = "en-US; x"\n', "munintl.toml:2: report.locales.en:"),
    ],
)
def test_a_setting_naming_a_language_takes_a_language_tag(
    exempelby: Path, settings: str, where: str
) -> None:
    # languages = ["../../x"] validated and then failed every report: a
    # report language becomes part of file names and locale look-ups.
    (exempelby / "munintl.toml").write_text(settings, encoding="utf-8")
    before = snapshot(exempelby)
    output = assert_refused(run("validate", exempelby))
    assert where in output
    assert "a" * 100 not in output  # a long value is quoted briefly
    assert snapshot(exempelby) == before


@pytest.mark.parametrize(
    ("settings", "where", "says"),
    [
        (
            '[templates]\nhtml = "bodies"\n',
            "munintl.toml:2: templates.html:",
            "not a file",
        ),
        (
            '[plugins.html]\ntemplate = "bodies"\n',
            "munintl.toml:2: plugins.html.template:",
            "not a file",
        ),
        (
            '[plugins.docx]\ntemplate = "/etc/passwd"\n',
            "munintl.toml:2: plugins.docx.template:",
            "absolute path",
        ),
        (
            '[templates]\nhtml = "' + "a" * 5_000 + '"\n',
            "munintl.toml:2: templates.html:",
            "cannot be looked up",
        ),
        (
            '[templates]\nmarkdown = "' + "a/" * 3_000 + 'x"\n',
            "munintl.toml:2: templates.markdown:",
            "cannot be looked up",
        ),
    ],
)
def test_a_template_path_that_cannot_render_is_refused_by_validate(
    exempelby: Path, settings: str, where: str, says: str
) -> None:
    # Each validated and then failed the report (a folder as template, the
    # DOCX reference document outside the folder), or was a traceback (a
    # name longer than the system takes).
    (exempelby / "munintl.toml").write_text(settings, encoding="utf-8")
    output = assert_refused(run("validate", exempelby))
    assert where in output
    assert says in output
    assert "a" * 100 not in output


def test_a_folder_named_munintl_toml_is_refused(exempelby: Path) -> None:
    # Was passed over: the portfolio silently had the default settings.
    (exempelby / "munintl.toml").unlink()
    (exempelby / "munintl.toml").mkdir()
    for command in ("validate", "show"):
        output = assert_refused(run(command, exempelby))
        assert "munintl.toml: the settings are read from a file" in output


def _docx_with(part: str, data: bytes, *, compress: bool = True) -> bytes:
    import docx

    buffer = io.BytesIO()
    docx.Document().save(buffer)
    out = io.BytesIO()
    with (
        zipfile.ZipFile(buffer) as source,
        zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target,
    ):
        for item in source.infolist():
            body = data if item.filename == part else source.read(item)
            target.writestr(item.filename, body)
        if part not in source.namelist():
            target.writestr(part, data)
    return out.getvalue()


LAUGHS = (
    b'<?xml version="1.0"?><!DOCTYPE w [<!ENTITY a "aaaaaaaaaa">'
    b'<!ENTITY b "&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;">]>'
    b'<w:styles xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main">'
    b"&b;</w:styles>"
)


@pytest.mark.parametrize(
    ("reference", "says"),
    [
        (lambda: _docx_with("word/styles.xml", LAUGHS), "document type"),
        (lambda: _docx_with("word/media/big.xml", b"\0" * (17 << 20)), "unpacks to"),
    ],
    ids=["entities", "zip-bomb"],
)
def test_a_hostile_reference_document_is_refused_before_it_is_unpacked(
    exempelby: Path, reference: Callable[[], bytes], says: str
) -> None:
    # The reference .docx a portfolio's munintl.toml names is untrusted
    # like a returned form: python-docx unpacked every part whole.
    (exempelby / "letterhead.docx").write_bytes(reference())
    (exempelby / "munintl.toml").write_text(
        '[plugins.docx]\ntemplate = "letterhead.docx"\n', encoding="utf-8"
    )
    output = assert_refused(
        run(
            "report",
            exempelby,
            "-k",
            "register",
            "-f",
            "docx",
            "-o",
            exempelby / "r.docx",
        )
    )
    assert "letterhead.docx" in output
    assert says in output
    assert not (exempelby / "r.docx").exists()


# -- ids and paths the system cannot take -------------------------------------------


def test_an_id_too_long_for_a_file_name_is_refused_where_it_is_written(
    tmp_path: Path,
) -> None:
    # A 300-letter id validated in a JSON store, and converting it to a YAML
    # directory failed with "File name too long", leaving a half-made folder.
    source = tmp_path / "p.json"
    assert run("convert", EXEMPELBY, source).exit_code == 0
    data = json.loads(source.read_text(encoding="utf-8"))
    old = data["initiatives"][0]["id"]
    text = json.dumps(data).replace(f'"{old}"', f'"{"k" * 300}"')
    text = text.replace(f"initiative:{old}", f"initiative:{'k' * 300}")
    source.write_text(text, encoding="utf-8")
    output = assert_refused(run("validate", source))
    assert (
        "initiatives[0].id: this id has 300 characters; an id has at most 100" in output
    )
    assert "k" * 100 not in output.split("].subject: ")[-1]  # quoted briefly
    assert_refused(run("convert", source, tmp_path / "out"))
    assert not (tmp_path / "out").exists()


def test_init_cuts_an_id_made_from_a_long_name(tmp_path: Path) -> None:
    result = run("init", tmp_path / "new", "--municipality", "Odder " * 1_000)
    assert result.exit_code == 0, result.output
    assert "(id odder-odder" in result.output
    written = yaml.safe_load(
        (tmp_path / "new" / "municipality.yaml").read_text(encoding="utf-8")
    )
    assert written["id"] == "-".join(["odder"] * 16)  # cut at a word's end
    assert len(written["id"]) <= MAX_ID_LENGTH
    assert run("validate", tmp_path / "new").exit_code == 0


@pytest.mark.parametrize(
    "args",
    [
        ("convert", str(EXEMPELBY), "x" * 300),
        ("init", "/proc/munintl-x", "--municipality", "Odder"),
        ("validate", "y" * 300 + ".json"),
        ("report", str(EXEMPELBY), "-k", "register", "-f", "csv", "-o", "z" * 300),
    ],
    ids=["convert", "init", "validate", "report"],
)
def test_a_path_the_system_refuses_is_a_message(args: tuple[str, ...]) -> None:
    # A name longer than the file system takes, a folder under /proc:
    # tracebacks from whichever call met them first.
    output = assert_refused(run(*args))
    assert "munintl: " in output
    assert "x" * 200 not in output


# -- what reaches the terminal ------------------------------------------------------


def test_a_file_name_with_terminal_controls_is_shown_not_obeyed(
    exempelby: Path,
) -> None:
    # ESC ] 0 ; … BEL sets the terminal's title; ESC [ 2 J clears the
    # screen; a carriage return overwrites the line.  A downloaded folder's
    # file names and keys reached stderr as they were.
    initiatives = exempelby / "initiatives"
    shutil.copy(
        initiatives / "kustenergi.yaml", initiatives / "a\x1b]0;owned\x07b.yaml"
    )
    shutil.copy(
        initiatives / "kustenergi.yaml", initiatives / "c\rexempelby: valid.yaml"
    )
    with (initiatives / "kustenergi.yaml").open("a", encoding="utf-8") as file:
        file.write('"\\e[2Jx\\u202e": 1\n')
    output = assert_refused(run("validate", exempelby))
    for control in ("\x1b", "\x07", "\r", "\u202e"):
        assert control not in output
    assert "a\\x1b]0;owned\\x07b.yaml" in output
    assert "c\\x0dexempelby: valid.yaml" in output


def test_the_progress_bar_still_draws_on_the_terminal() -> None:
    from munintl.cli import PrintableStream, printable_stderr, terminal

    original = sys.stderr
    with printable_stderr():
        assert isinstance(sys.stderr, PrintableStream)
        assert terminal() is original
    assert sys.stderr is original


# -- languages on the command line and in exchange files -------------------------------


@pytest.mark.parametrize(
    "args",
    [
        ("translate", "export", "{p}", "--lang", "../x", "-o", "{t}/x.po"),
        ("translate", "status", "{p}", "--lang", "a" * 10_000),
        ("translate", "review", "{p}", "--lang", "../x", "--all"),
        ("translate", "machine", "{p}", "--lang", "de/x"),
        ("site", "init", "{t}/site", "--portfolio", "{p}", "--lang", "sv,../../x"),
    ],
    ids=["export", "status", "review", "machine", "site"],
)
def test_a_language_option_takes_a_language_tag(
    exempelby: Path, tmp_path: Path, args: tuple[str, ...]
) -> None:
    # translate export --lang ../x wrote a file no import would take; site
    # build --lang ../../x built outside _build after Sphinx's crash report.
    before = snapshot(exempelby)
    filled = [arg.format(p=exempelby, t=tmp_path) for arg in args]
    result = run(*filled)
    assert result.exit_code == 2, result.output
    assert "is not a language tag" in result.output
    assert "a" * 100 not in result.output
    assert snapshot(exempelby) == before
    assert not (tmp_path / "x.po").exists()


@pytest.mark.parametrize("suffix", [".po", ".xlf"])
def test_an_exchange_file_naming_no_language_is_refused_once(
    exempelby: Path, tmp_path: Path, suffix: str
) -> None:
    # Language: ../../etc in a PO header failed every entry on its own,
    # without the file's name.
    exported = tmp_path / f"de{suffix}"
    assert (
        run("translate", "export", exempelby, "--lang", "de", "-o", exported).exit_code
        == 0
    )
    text = exported.read_text(encoding="utf-8")
    text = text.replace("Language: de", "Language: ../../etc").replace(
        'target-language="de"', 'target-language="../../etc"'
    )
    exported.write_text(text, encoding="utf-8")
    before = snapshot(exempelby)
    output = assert_refused(run("translate", "import", exported, exempelby))
    assert (
        f"de{suffix}: this file's target language '../../etc' is not a language tag"
        in output
    )
    assert output.count("not a language tag") == 1
    assert snapshot(exempelby) == before


# -- what a folder holds that is no file ----------------------------------------------


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="no named pipes here")
@pytest.mark.parametrize("command", ["validate", "show"])
def test_a_pipe_in_a_collection_is_named_not_read(
    exempelby: Path, command: str
) -> None:
    # A named pipe initiatives/pipe.yaml in a downloaded folder: the read
    # waited for a writer for ever.
    os.mkfifo(exempelby / "initiatives" / "pipe.yaml")
    output = assert_refused(run(command, exempelby))
    assert (
        "initiatives/pipe.yaml: initiatives[pipe]: this is not a regular file" in output
    )


def test_a_glossary_that_is_a_folder_is_named(exempelby: Path, tmp_path: Path) -> None:
    (exempelby / "terms").mkdir()
    with (exempelby / "munintl.toml").open("a", encoding="utf-8") as file:
        file.write('\n[translation]\nglossary = "terms"\n')
    output = assert_refused(
        run("translate", "export", exempelby, "--lang", "de", "-o", tmp_path / "x.po")
    )
    assert "translation.glossary: 'terms' is not a file" in output
    assert not (tmp_path / "x.po").exists()


# -- years and days at the ends of the range ------------------------------------------


@pytest.mark.parametrize("year", ["99999", "0", "-1"])
@pytest.mark.parametrize("command", ["status", "prepare", "remind"])
def test_a_follow_up_year_outside_the_calendar_is_a_usage_error(
    exempelby: Path, tmp_path: Path, command: str, year: str
) -> None:
    # followup status --year 99999 was a traceback (a date in year 99999).
    args = ["followup", command, str(exempelby), "--year", year]
    if command != "status":
        args += ["-o", str(tmp_path / "out")]
    result = run(*args)
    assert result.exit_code == 2, result.output
    assert "is not in the range 1<=x<=9999" in result.output
    assert not (tmp_path / "out").exists()


@pytest.mark.parametrize("fmt", ["docx", "xlsx"])
@pytest.mark.parametrize("day", ["9999-12-31", "0001-01-01"])
def test_an_office_report_as_of_any_day_is_written(
    tmp_path: Path, fmt: str, day: str
) -> None:
    # A zip entry carries times of 1980-2107 only: --on 9999-12-31 (or a
    # follow-up submitted then) crashed every DOCX and XLSX report.
    output = tmp_path / f"r.{fmt}"
    result = run(
        "report", EXEMPELBY, "-k", "register", "-f", fmt, "-o", output, "--on", day
    )
    assert result.exit_code == 0, result.output
    with zipfile.ZipFile(output) as archive:
        years = {info.date_time[0] for info in archive.infolist()}
    assert years <= set(range(1980, 2108))


# -- numbers a float would round ----------------------------------------------------


@pytest.mark.parametrize(
    ("written", "exact"),
    [
        ("12345678901234.567", "12345678901234.567"),
        ("999999999999999.99", "999999999999999.99"),
        ("123456789.123456", "123456789.123456"),
        ("1_2345678901234.567e0", "12345678901234.567"),  # the strict reader's path
        ("0.1", "0.1"),
    ],
)
def test_an_amount_is_read_as_written_not_as_a_float_rounds_it(
    exempelby: Path, tmp_path: Path, written: str, exact: str
) -> None:
    # 12345678901234.567 was read as ...234.566 and saved so; 999999999999999.99
    # (15 digits before the point, within the limit) read as 1e15 and was
    # refused as too long.
    path = exempelby / "initiatives" / "kustenergi.yaml"
    path.write_text(
        path.read_text(encoding="utf-8").replace(
            "amount: 1250000", f"amount: {written}"
        ),
        encoding="utf-8",
    )
    portfolio = munintl.load(exempelby)
    (initiative,) = (i for i in portfolio.initiatives if i.id == "kustenergi")
    assert initiative.funding[0].amount is not None
    assert initiative.funding[0].amount.amount == Decimal(exact)
    assert run("validate", exempelby).exit_code == 0
    munintl.save(portfolio, tmp_path / "p.json")
    assert munintl.load(tmp_path / "p.json") == portfolio


def test_an_amount_with_more_decimals_than_allowed_is_refused_not_rounded(
    exempelby: Path,
) -> None:
    # Read as a float, 0.1000000000000000055511151231257827 became 0.1 and
    # passed; read as written, it has too many decimals and says so.
    path = exempelby / "initiatives" / "kustenergi.yaml"
    written = "0.1000000000000000055511151231257827"
    path.write_text(
        path.read_text(encoding="utf-8").replace(
            "amount: 1250000", f"amount: {written}"
        ),
        encoding="utf-8",
    )
    output = assert_refused(run("validate", exempelby))
    assert (
        "kustenergi.yaml:24:15: initiatives[kustenergi].funding[0].amount.amount:"
        in output
    )
    assert "too many decimals" in output


@pytest.mark.parametrize("suffix", [".json", ".toml"])
def test_an_amount_in_a_file_store_is_read_as_written(
    tmp_path: Path, suffix: str
) -> None:
    # The JSON and TOML readers rounded it through a float as the YAML one did.
    source = tmp_path / f"p{suffix}"
    assert run("convert", EXEMPELBY, source).exit_code == 0
    text = source.read_text(encoding="utf-8")
    written = '"amount": 1250000' if suffix == ".json" else "amount = 1250000"
    assert written in text
    source.write_text(
        text.replace(written, written.replace("1250000", "12345678901234.567")),
        encoding="utf-8",
    )
    (initiative,) = (
        i for i in munintl.load(source).initiatives if i.id == "kustenergi"
    )
    assert initiative.funding[0].amount is not None
    assert initiative.funding[0].amount.amount == Decimal("12345678901234.567")


@pytest.mark.skipif(sys.platform == "win32", reason="needs a pseudo-terminal")
def test_a_table_on_a_terminal_shows_what_a_database_holds_not_obeys_it(
    tmp_path: Path,
) -> None:
    # A shared database's history names who saved each revision, as that
    # user's MUNINTL_AUTHOR said: "ev\x1b]0;X\x07il" set the title of the
    # terminal of whoever ran munintl history.
    import pty
    import subprocess

    database = f"sqlite:///{tmp_path / 'shared.db'}"
    environment = {**os.environ, "MUNINTL_AUTHOR": "ev\x1b]0;X\x07il"}
    subprocess.run(
        [sys.executable, "-m", "munintl", "convert", str(EXEMPELBY), database],
        env=environment,
        check=True,
        capture_output=True,
    )
    leader, follower = pty.openpty()
    with subprocess.Popen(
        [sys.executable, "-m", "munintl", "history", database],
        stdout=follower,
        stderr=subprocess.DEVNULL,
    ) as process:
        os.close(follower)
        shown = b""
        while True:
            try:
                chunk = os.read(leader, 4096)
            except OSError:  # the terminal closed with the process
                break
            if not chunk:
                break
            shown += chunk
        process.wait()
    os.close(leader)
    assert process.returncode == 0
    assert b"ev\\x1b]0;X\\x07il" in shown
    assert b"\x1b" not in shown
    assert b"\x07" not in shown


# -- a failed save leaves nothing behind ------------------------------------------------


def test_a_failed_save_into_a_new_sqlite_file_leaves_no_file(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # A full disk during the first save left an empty database file where
    # there was none ("nothing changed" was not true).
    from munintl.errors import StorageError
    from munintl.plugins.storage.sql import store

    def full(*_args: object, **_kwargs: object) -> int:
        raise StorageError("database or disk is full")

    monkeypatch.setattr(store.DatabaseStore, "_write", full)
    database = tmp_path / "new.db"
    output = assert_refused(run("convert", EXEMPELBY, f"sqlite:///{database}"))
    assert "database or disk is full" in output
    assert list(tmp_path.iterdir()) == []


@pytest.mark.parametrize(
    ("name", "fmt"), [("x.po", "xliff"), ("x.xlf", "po"), ("x.pot", "xliff")]
)
def test_an_exchange_file_named_for_another_format_is_refused(
    tmp_path: Path, name: str, fmt: str
) -> None:
    # translate export --format xliff -o x.po wrote XLIFF under a PO name,
    # which import then read as a broken PO file.
    target = tmp_path / name
    result = run(
        "translate", "export", EXEMPELBY, "--lang", "de", "--format", fmt, "-o", target
    )
    output = assert_refused(result)
    assert f"but the format is {fmt}" in output
    assert not target.exists()


def test_convert_to_a_dash_is_refused_not_made_a_folder(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # "-" is standard output elsewhere; convert made a YAML folder named "-".
    monkeypatch.chdir(tmp_path)
    result = run("convert", EXEMPELBY, "-")
    assert result.exit_code == 2, result.output
    assert "not written to standard output" in result.output
    assert list(tmp_path.iterdir()) == []


@pytest.mark.parametrize(
    ("settings", "where"),
    [
        (
            '[plugins.docx]\ntemplate = "municipality.yaml"\n',
            "munintl.toml:2: plugins.docx.template:",
        ),
        (
            '[templates]\ndocx = "municipality.yaml"\n',
            "munintl.toml:2: templates.docx:",
        ),
    ],
)
def test_a_reference_document_that_is_no_docx_is_refused_by_validate(
    exempelby: Path, settings: str, where: str
) -> None:
    # Validated, then failed every DOCX report without naming munintl.toml.
    (exempelby / "munintl.toml").write_text(settings, encoding="utf-8")
    output = assert_refused(run("validate", exempelby))
    assert where in output
    assert "'municipality.yaml' is not a Word document (.docx)" in output


def test_a_paper_typst_does_not_know_is_refused_by_validate(exempelby: Path) -> None:
    # Validated, then every PDF failed with typst's list of 150 paper names.
    with (exempelby / "munintl.toml").open("a", encoding="utf-8") as file:
        file.write('\n[plugins.pdf]\npaper = "x\\"); #import \\"/etc/passwd"\n')
    output = assert_refused(run("validate", exempelby))
    assert "plugins.pdf.paper:" in output
    assert "is not a paper size typst knows" in output
    assert len(output) < 600
