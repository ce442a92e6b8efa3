"""Hostile input on this session's surfaces: languages, catalogs, plugins, reviews.

Each case is something a careless user or an attacker could hand munintl:
``MUNINTL_LANG`` or ``--lang`` set to a path, ``C``, a locale name or ten
thousand letters; a broken catalog in a portfolio's ``locale`` folder; a
third-party plugin whose description is not a string or carries control
characters; a follow-up without period in odd shapes.  The standard is
issue 9's: a clear message (exit 1, or 2 for a bad option) naming the file,
line and field where there is one, no traceback, nothing written; nothing
read from outside the data folder; what validates renders.
"""

from __future__ import annotations

import hashlib
import importlib
import shutil
import struct
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from click.testing import CliRunner, Result

from munintl import i18n
from munintl.cli import COMMANDS, main
from munintl.hooks import ReportFormat, hookimpl
from munintl.hooks.manager import MunintlPluginManager
from munintl.model import Codelist, LocalizedText

# Import every command now, in English: a command's help is translated when
# its module is first imported, and these tests run commands in other
# languages (tests/cli/test_lazy_help.py compares the help with the list's).
for _module, _function, _help in COMMANDS.values():
    importlib.import_module(_module)

ROOT = Path(__file__).resolve().parents[1]
EXEMPELBY = ROOT / "examples" / "exempelby"


def run(*args: str, env: dict[str, str] | None = None) -> Result:
    return CliRunner().invoke(main, list(args), env=env)


def snapshot(folder: Path) -> dict[str, tuple[str, int]]:
    """Every file under ``folder``: its bytes' digest and modification time."""
    return {
        str(path.relative_to(folder)): (
            hashlib.sha256(path.read_bytes()).hexdigest(),
            path.stat().st_mtime_ns,
        )
        for path in sorted(folder.rglob("*"))
        if path.is_file()
    }


def assert_clean(result: Result, code: int) -> None:
    """Exit ``code`` through SystemExit: no traceback."""
    assert result.exit_code == code, result.output
    assert result.exception is None or isinstance(result.exception, SystemExit), (
        result.exception
    )
    assert "Traceback" not in result.output


@pytest.fixture
def exempelby(tmp_path: Path) -> Iterator[Path]:
    target = tmp_path / "exempelby"
    shutil.copytree(EXEMPELBY, target)
    yield target
    # The CLI forgets the locale folder as its run ends (one_run); in case not:
    i18n.remove_catalog_dir(target / "locale")


# -- the language of the run ------------------------------------------------------


@pytest.mark.parametrize(
    ("tag", "language"),
    [
        ("da_DK.UTF-8", "da"),
        ("zh-Hant-TW", "zh"),
        ("DA", "da"),
        ("de_DE@euro", "de"),
        ("kl", "kl"),
        ("C", ""),
        ("", ""),
        ("/tmp/evil", ""),
        ("../../etc", ""),
        ("a/../x", ""),
        ("a" * 10_000, ""),
        ("da\x00", ""),
        ("dа", ""),  # a Cyrillic a
    ],
)
def test_a_tag_names_a_language_or_nothing(tag: str, language: str) -> None:
    assert i18n.primary(tag) == language


@pytest.mark.parametrize(
    "value", ["", "C", "xx", "kl", "da_DK.UTF-8", "zh-Hant-TW", "/tmp/x", "a" * 10_000]
)
def test_any_munintl_lang_shows_the_portfolio(exempelby: Path, value: str) -> None:
    """A value naming no language is as if unset; one munintl lacks is English."""
    before = snapshot(exempelby)
    result = run("show", str(exempelby), env={"MUNINTL_LANG": value})
    assert_clean(result, 0)
    assert "Exempelby" in result.output
    assert snapshot(exempelby) == before


def test_munintl_lang_never_reads_a_catalog_outside(
    tmp_path: Path, exempelby: Path
) -> None:
    """MUNINTL_LANG=/some/folder once read /some/folder/LC_MESSAGES/munintl.po."""
    evil = tmp_path / "evil" / "LC_MESSAGES"
    evil.mkdir(parents=True)
    (evil / "munintl.po").write_text(
        'msgid ""\nmsgstr ""\n"Content-Type: text/plain; charset=UTF-8\\n"\n\n'
        'msgid "Initiatives by status"\nmsgstr "PWNED"\n',
        encoding="utf-8",
    )
    result = run("show", str(exempelby), env={"MUNINTL_LANG": str(tmp_path / "evil")})
    assert_clean(result, 0)
    assert "PWNED" not in result.output


@pytest.mark.parametrize(
    ("value", "shown"),
    [
        ("/etc", "'/etc'"),
        ("../x", "'../x'"),
        ("a" * 10_000, "'" + "a" * 39 + "…'"),
    ],
)
def test_lang_that_names_no_language_is_refused(
    exempelby: Path, value: str, shown: str
) -> None:
    before = snapshot(exempelby)
    result = run("--lang", value, "show", str(exempelby))
    assert_clean(result, 2)
    assert f"Invalid value for '--lang': {shown} is not a language" in result.output
    assert len(result.output) < 600
    assert snapshot(exempelby) == before


@pytest.mark.parametrize("value", ["C", "POSIX", "C.UTF-8"])
def test_lang_c_is_english(exempelby: Path, value: str) -> None:
    result = run("--lang", value, "show", str(exempelby))
    assert_clean(result, 0)
    assert "Initiatives by status" in result.output


@pytest.mark.parametrize(
    ("value", "heading"),
    [("da_DK.UTF-8", "Hvem beslutter om partnerskaber"), ("xx", "Who decides")],
)
def test_lang_takes_a_locale_name_or_falls_back_to_english(
    exempelby: Path, value: str, heading: str
) -> None:
    result = run("--lang", value, "show", str(exempelby))
    assert_clean(result, 0)
    assert heading in result.output


# -- a portfolio's own catalogs -----------------------------------------------------


def _mo(header: bytes) -> bytes:
    """A compiled catalog holding only ``header`` (the entry of the empty msgid)."""
    start = 7 * 4
    data = start + 16
    return (
        struct.pack("<Iiiiiii", 0x950412DE, 0, 1, start, start + 8, 0, 0)
        + struct.pack("<ii", 0, data)
        + struct.pack("<ii", len(header), data + 1)
        + b"\0"
        + header
        + b"\0"
    )


_HEADER = b"Content-Type: text/plain; charset=UTF-8\nPlural-Forms: nplurals=2; plural="


@pytest.mark.parametrize(
    ("name", "data", "words"),
    [
        ("munintl.po", b"garbage line\n", "not a readable PO catalog"),
        ("munintl.mo", b"garbage", "not a readable compiled catalog"),
        ("munintl.mo", b"\xde\x12\x04\x95" + b"\0" * 12, "not a readable compiled"),
        (
            "munintl.mo",
            _mo(_HEADER + b"__import__('os').system('id');\n"),
            "invalid token in plural form",
        ),
        (
            "munintl.mo",
            _mo(_HEADER + b"(" * 2000 + b"n" + b")" * 2000 + b";\n"),
            "plural form expression is too long",
        ),
    ],
)
@pytest.mark.parametrize("command", ["show", "validate", "report"])
def test_a_broken_catalog_in_the_data_folder_is_named(
    exempelby: Path, name: str, data: bytes, words: str, command: str
) -> None:
    """A catalog is read as the portfolio is opened, not at the next message."""
    folder = exempelby / "locale" / "sv" / "LC_MESSAGES"
    folder.mkdir(parents=True)
    (folder / name).write_bytes(data)
    before = snapshot(exempelby)
    extra = ["--followup", "granskning-fjordvik-2024", "-o", "-"]
    args = [command, str(exempelby), *(extra if command == "report" else [])]
    result = run(*args)
    assert_clean(result, 1)
    assert f"{folder / name}: " in result.output
    assert words in result.output
    assert snapshot(exempelby) == before
    # The folder was not added: the next run in this process is not broken.
    assert folder.parent.parent not in i18n._extra_dirs
    assert run("--lang", "sv", "--help").exit_code == 0


@pytest.mark.parametrize("shape", ["link-out", "folder-link-out", "fifo", "huge"])
@pytest.mark.parametrize("command", ["show", "validate", "report"])
def test_a_catalog_is_read_only_from_inside_the_data_folder(
    exempelby: Path, tmp_path: Path, shape: str, command: str
) -> None:
    """A data folder may not make munintl read a file outside it, or a pipe."""
    import os

    outside = tmp_path / "outside" / "sv" / "LC_MESSAGES"
    outside.mkdir(parents=True)
    secret = outside / "munintl.po"
    secret.write_text('msgid "Usage:"\nmsgstr "SECRET"\n', encoding="utf-8")
    folder = exempelby / "locale" / "sv" / "LC_MESSAGES"
    named = folder / "munintl.po"
    if shape == "folder-link-out":
        (exempelby / "locale").symlink_to(tmp_path / "outside")
        named = exempelby / "locale"
    else:
        folder.mkdir(parents=True)
        if shape == "link-out":
            named.symlink_to(secret)
        elif shape == "fifo":
            os.mkfifo(named)
        else:
            with named.open("wb") as handle:
                handle.truncate((16 << 20) + 1)
    before = snapshot(exempelby)
    extra = ["--followup", "granskning-fjordvik-2024", "-o", "-"]
    args = [command, str(exempelby), *(extra if command == "report" else [])]
    result = run(*args)
    assert_clean(result, 1)
    assert f"{named}: a catalog is read only as a file of at most 16 MB" in (
        result.output
    )
    assert "SECRET" not in result.output
    assert snapshot(exempelby) == before


# -- a third-party plugin's description -------------------------------------------


class _Unused:
    """A renderer these tests list but never call."""

    def render(self, document: object) -> bytes:
        raise AssertionError("not rendered in these tests")


def _odd_format(description: object) -> object:
    """A plugin whose one report format has ``description``."""

    class Odd:
        @hookimpl
        def munintl_report_formats(self) -> list[ReportFormat]:
            return [
                ReportFormat(
                    name="odd",
                    description=description,  # type: ignore[arg-type]
                    factory=lambda settings: _Unused(),
                    suffixes=(".odd",),
                    media_type="text/plain",
                )
            ]

    return Odd()


class _Evolved:
    """A plugin that skips the record's validator with attrs.evolve's help."""

    @hookimpl
    def munintl_report_formats(self) -> list[ReportFormat]:
        record = ReportFormat(
            name="odd",
            factory=lambda settings: _Unused(),
            suffixes=(".odd",),
            media_type="text/plain",
        )
        object.__setattr__(record, "description", "two\nlines\x1b[2J")
        return [record]


_DESCRIPTIONS = {
    "a number": (42, "its description is int, not a text"),
    "bytes": (b"A format", "its description is bytes, not a text"),
    "a mapping": ({"en": "A format"}, "its description is dict, not a text"),
    "None": (None, "its description is NoneType, not a text"),
    "a megabyte": ("x" * 1_000_000, "its description is 1000000 characters long"),
    "an escape sequence": ("A format\x1b[2J", "holds U+001B at character 9"),
    "a line break": ("A format\nfor x", "holds U+000A at character 9"),
    "a tab": ("A\tformat", "holds U+0009 at character 2"),
    "a NUL": ("A\x00", "holds U+0000 at character 2"),
    "a noncharacter": ("A\ufffe", "holds U+FFFE at character 2"),
}


@pytest.mark.parametrize("case", _DESCRIPTIONS)
@pytest.mark.parametrize(
    "args",
    [
        ["plugins"],
        ["plugins", "--describe"],
        ["plugins", "--json"],
        ["--lang", "da", "plugins", "--describe"],
        ["report", "--list-formats"],
    ],
)
def test_a_broken_description_marks_the_plugin_failed(
    register_plugin: Callable[..., str],
    plugin_manager: MunintlPluginManager,
    case: str,
    args: list[str],
) -> None:
    """Not a traceback, not a megabyte on the screen, no escape for the terminal."""
    description, words = _DESCRIPTIONS[case]
    register_plugin(_odd_format(description), name="odd-plugin")
    result = run(*args)
    assert_clean(result, 1)  # the test manager is strict: a failed plugin fails
    if "da" in args:
        # In the language of the run (the check's words, not the whole line).
        assert "dens beskrivelse " in result.output
    else:
        assert words in result.output
    assert "odd-plugin" in result.output
    assert "\x1b" not in result.output
    assert "\x00" not in result.output
    assert len(result.output) < 20_000


def test_a_description_set_past_the_validator_is_refused_too(
    register_plugin: Callable[..., str], plugin_manager: MunintlPluginManager
) -> None:
    register_plugin(_Evolved(), name="odd-plugin")
    result = run("plugins", "--describe")
    assert_clean(result, 1)
    assert (
        "munintl_report_formats returned ReportFormat 'odd': its description holds"
        " U+000A at character 4" in result.output
    )
    assert "\x1b" not in result.output


def test_a_lenient_run_lists_the_broken_plugin_as_failed_and_goes_on(
    register_plugin: Callable[..., str], plugin_manager: MunintlPluginManager
) -> None:
    plugin_manager.strict = False
    register_plugin(_odd_format("A format\x1b]0;pwn\x07"), name="odd-plugin")
    result = run("plugins")
    assert_clean(result, 0)  # lenient: a warning, and the plugin listed as failed
    rows = [row.split("\t") for row in result.stdout.splitlines()]
    [odd] = [row for row in rows if row[0] == "odd-plugin"]
    assert odd[3].startswith("failed: munintl_report_formats raised ValueError:")
    assert "holds U+001B at character 9" in odd[3]
    assert "\x1b" not in result.output
    described = run("plugins", "--describe")
    assert not [line for line in described.stdout.splitlines() if "\todd\t" in line]


def test_a_good_description_is_shown_whole_on_its_line(
    register_plugin: Callable[..., str], plugin_manager: MunintlPluginManager
) -> None:
    text = "Ein Format für Kommunen – 姉妹都市 🇩🇰 " + "x" * 400
    register_plugin(_odd_format(text), name="odd-plugin")
    result = run("plugins", "--describe")
    assert_clean(result, 0)
    assert ["report-format", "odd", text, "odd-plugin"] in [
        line.split("\t") for line in result.stdout.splitlines()
    ]


# -- follow-ups without a period ----------------------------------------------------

REVIEW = "granskning-fjordvik-2024"
REVIEW_FILE = f"followups/{REVIEW}/followup.yaml"
FORMATS = ("markdown", "html", "json", "csv", "docx", "xlsx", "pdf")


def _review(folder: Path, extra: str = "", *, drop_updates: bool = False) -> Path:
    """Exempelby's review with ``extra`` lines added; the file's path."""
    path = folder / REVIEW_FILE
    path.write_text(path.read_text(encoding="utf-8") + extra, encoding="utf-8")
    if drop_updates:
        shutil.rmtree(path.parent / "updates")
    return path


def _line_of(path: Path, text: str) -> int:
    lines = path.read_text(encoding="utf-8").splitlines()
    return next(n for n, line in enumerate(lines, 1) if line.startswith(text))


def test_period_of_neither_start_nor_end_is_refused_at_its_line(
    exempelby: Path, tmp_path: Path
) -> None:
    """``period: {}`` validated, and the report said 'Period:' and nothing."""
    path = _review(exempelby, "period: {}\n")
    line = _line_of(path, "period:")
    before = snapshot(exempelby)
    result = run("validate", str(exempelby))
    assert_clean(result, 1)
    assert (
        f"{path}:{line}:1: followups[{REVIEW}].period: the period of follow-up"
        f" '{REVIEW}' gives neither a start nor an end" in result.output
    )
    assert "[period-empty]" in result.output
    for name in FORMATS:
        out = tmp_path / f"review.{name}"
        result = run(
            "report", str(exempelby), "--followup", REVIEW, "-f", name, "-o", str(out)
        )
        assert_clean(result, 1)
        assert f"{path}:{line}:1: " in result.output
        assert not out.exists()
    assert snapshot(exempelby) == before


@pytest.mark.parametrize("store", ["json", "toml", "sqlite"])
def test_period_of_neither_start_nor_end_is_refused_in_every_store(
    tmp_path: Path, store: str
) -> None:
    import attrs

    import munintl
    from munintl.model import Period

    portfolio = munintl.load(str(EXEMPELBY))
    followups = [
        attrs.evolve(f, period=Period()) if f.id == REVIEW else f
        for f in portfolio.followups
    ]
    location = (
        f"sqlite:///{tmp_path / 'p.db'}"
        if store == "sqlite"
        else str(tmp_path / f"p.{store}")
    )
    munintl.save(attrs.evolve(portfolio, followups=followups), location, check=False)
    before = snapshot(tmp_path)
    result = run("validate", location)
    assert_clean(result, 1)
    assert f"followups[{REVIEW}].period: the period of follow-up" in result.output
    if store == "json":
        assert f"{tmp_path / 'p.json'}:" in result.output  # at its line
    result = run("followup", "status", location, "--followup", REVIEW)
    assert_clean(result, 1)
    assert f"the period of follow-up '{REVIEW}' has no start" in result.output
    assert snapshot(tmp_path) == before


@pytest.mark.parametrize(
    ("period", "command"),
    [
        ("period: {}\n", "status"),
        ("period: {}\n", "remind"),
        ("period: {}\n", "prepare"),
        ("period:\n  end: 2024\n", "status"),
        ("period:\n  end: 2024\n", "remind"),
    ],
)
def test_the_round_refuses_a_period_without_start(
    exempelby: Path, tmp_path: Path, period: str, command: str
) -> None:
    """Its round was the year 1: 'there is no body' or forms for year 1."""
    path = exempelby / "followups" / "uppfoljning-2024" / "followup.yaml"
    text = path.read_text(encoding="utf-8")
    start = text.index("period:")
    end = text.index("\n", text.index("end:", start)) + 1
    path.write_text(text[:start] + period + text[end:], encoding="utf-8")
    before = snapshot(exempelby)
    args = {
        "status": ["--followup", "uppfoljning-2024"],
        "remind": ["--followup", "uppfoljning-2024", "-o", str(tmp_path / "r")],
        "prepare": ["--year", "2024", "-o", str(tmp_path / "forms")],
    }[command]
    result = run("followup", command, str(exempelby), *args)
    assert_clean(result, 1)
    if command == "prepare":
        # It drafts a follow-up for 2024 beside the broken one: refused on saving.
        assert f"{path}:{_line_of(path, 'period:')}:1: " in result.output
        assert "[period-empty]" in result.output
    else:
        assert "the period of follow-up 'uppfoljning-2024' has no start" in (
            result.output
        )
    assert snapshot(exempelby) == before
    assert not (tmp_path / "forms").exists()


@pytest.mark.parametrize(
    "extra",
    ["period: null\n", "period: ~\n", ""],
)
def test_a_review_naming_nothing_is_refused_at_its_file(
    exempelby: Path, extra: str
) -> None:
    path = exempelby / REVIEW_FILE
    text = path.read_text(encoding="utf-8")
    path.write_text(text.split("decisions:")[0] + extra, encoding="utf-8")
    shutil.rmtree(path.parent / "updates")
    before = snapshot(exempelby)
    for args in (["validate"], ["report", "--followup", REVIEW, "-o", "-"]):
        result = run(args[0], str(exempelby), *args[1:])
        assert_clean(result, 1)
        assert f"{path}:" in result.output
        assert f"followups[{REVIEW}].period: follow-up '{REVIEW}' covers no fixed" in (
            result.output
        )
    assert snapshot(exempelby) == before


def _submitted_at(location: str) -> None:
    result = run(
        "followup", "submit", location, "--followup", REVIEW,
        "--case", "KS 2024/17", "--meeting", "2024-06-20", "--on", "2024-05-14",
    )  # fmt: skip
    assert_clean(result, 0)


def _submitted(folder: Path) -> None:
    _submitted_at(str(folder))


def test_deciding_on_a_review_to_an_audit_office_asks_who_decided(
    exempelby: Path,
) -> None:
    """The decision was the addressee's: 'there is no body revisorerna' at a
    line the file does not have."""
    _submitted(exempelby)
    before = snapshot(exempelby)
    decide = ["followup", "decide", str(exempelby), "--followup", REVIEW]
    result = run(*decide, "--outcome", "noted", "--on", "2024-06-20")
    assert_clean(result, 1)
    assert result.output.startswith(
        f"munintl: the follow-up '{REVIEW}' goes to 'revisorerna', which is not a"
        " body of the municipality; name the body that decided with --by (one of:"
    )
    assert "kommunstyrelsen" in result.output
    result = run(*decide, "--outcome", "noted", "--by", "nope")
    assert_clean(result, 1)
    assert "there is no body 'nope' to record the decision of" in result.output
    assert snapshot(exempelby) == before
    result = run(
        *decide, "--outcome", "noted", "--on", "2024-06-20", "--by", "kommunstyrelsen"
    )
    assert_clean(result, 0)
    assert run("validate", str(exempelby)).exit_code == 0
    import munintl

    review = munintl.load(str(exempelby)).followup(REVIEW)
    assert review is not None
    assert review.state == "noted"
    assert review.decisions[-1].body == "kommunstyrelsen"


@pytest.mark.parametrize(
    ("subject", "covers"),
    [
        ("initiative:kustenergi", "Kustenergi"),
        ("goal:eu-medel", "EU-medel"),
        ("theme:hallbar-kust", "Hållbar kust"),
    ],
)
def test_a_review_deciding_on_any_kind_of_subject_renders_everywhere(
    exempelby: Path, tmp_path: Path, subject: str, covers: str
) -> None:
    path = exempelby / REVIEW_FILE
    path.write_text(
        path.read_text(encoding="utf-8").replace(
            "partnership:vanort-fjordvik", subject
        ),
        encoding="utf-8",
    )
    shutil.rmtree(path.parent / "updates")
    assert_clean(run("validate", str(exempelby)), 0)
    for name in FORMATS:
        out = tmp_path / f"review.{name}"
        result = run(
            "report", str(exempelby), "--followup", REVIEW, "-f", name, "-o", str(out)
        )
        assert_clean(result, 0)
        assert out.stat().st_size > 0
    markdown = (tmp_path / "review.markdown").read_text(encoding="utf-8")
    assert "**Period:** ingen fast period" in markdown
    [line] = [line for line in markdown.splitlines() if "**Omfattar:**" in line]
    assert covers in line


# -- history and diff of a review ---------------------------------------------------


def test_diff_of_a_revision_without_key_says_where_the_revision_goes(
    tmp_path: Path,
) -> None:
    """``sqlite:///p.db@1`` is the file "p.db@1": 'no portfolio is stored here'."""
    import munintl

    database = f"sqlite:///{tmp_path / 'p.db'}"
    munintl.save(munintl.load(str(EXEMPELBY)), database)
    before = snapshot(tmp_path)
    result = run("diff", f"{database}@1", database)
    assert_clean(result, 1)
    assert result.output == (
        f"munintl: {database}@1: no portfolio is stored here; a revision is"
        " written after the portfolio's key, as in sqlite:///portal.db#aarhus@3\n"
    )
    assert snapshot(tmp_path) == before
    assert not (tmp_path / "p.db@1").exists()


def test_a_review_submitted_and_corrected_in_a_database_diffs_by_its_id(
    tmp_path: Path,
) -> None:
    import munintl

    database = f"sqlite:///{tmp_path / 'p.db'}"
    munintl.save(munintl.load(str(EXEMPELBY)), database)
    _submitted_at(database)
    result = run("followup", "correct", database, "--followup", REVIEW, "--note", "x")
    assert_clean(result, 0)
    assert result.output.strip() == f"{REVIEW}-r2"
    keyed = f"{database}#exempelby"
    result = run("diff", f"{keyed}@{REVIEW}", keyed)
    assert_clean(result, 0)
    changed = {line.split()[0] for line in result.output.splitlines()[1:]}
    assert f"followups[{REVIEW}-r2]" in changed
    assert f"followups[{REVIEW}].state" in changed
    # The draft correction was made from no revision yet (it named the
    # corrected one's, revision 1).
    result = run("diff", f"{keyed}@{REVIEW}-r2", keyed)
    assert_clean(result, 1)
    assert f"the follow-up '{REVIEW}-r2' records no revision it was made from" in (
        result.output
    )
    history = run("history", keyed)
    assert_clean(history, 0)
    assert len(history.output.splitlines()) == 4  # header, saved, submitted, corrected
    report = run(
        "report", keyed, "--followup", f"{REVIEW}-r2", "-f", "markdown", "-o", "-"
    )
    assert_clean(report, 0)
    assert "ingen fast period" in report.output
    assert f"Rättar:** Granskning av vänortssamarbetet med Fjordvik ({REVIEW})" in (
        report.output
    )


# -- a report's or a form's language ----------------------------------------------

LONG = "a" * 10_000
CLIPPED = "'" + "a" * 39 + "…'"


@pytest.mark.parametrize(
    "args",
    [
        ["report", "{p}", "--followup", REVIEW, "-f", "markdown", "-o", "-", "-l"],
        ["followup", "status", "{p}", "--year", "2024", "--lang"],
        ["show", "{p}", "--lang"],
    ],
    ids=["report", "followup status", "show"],
)
@pytest.mark.parametrize("value", ["xx", "../x", "C", LONG])
def test_a_language_naming_nothing_is_quoted_briefly(
    exempelby: Path, args: list[str], value: str
) -> None:
    before = snapshot(exempelby)
    result = run(*(str(exempelby) if a == "{p}" else a for a in args), value)
    assert_clean(result, 2 if args[0] == "show" else 1)
    shown = CLIPPED if value == LONG else repr(value)
    assert f"{shown} is not a language munintl can write" in result.output
    assert len(result.output) < 600
    assert snapshot(exempelby) == before


def test_the_report_language_error_is_in_the_language_of_the_run(
    exempelby: Path,
) -> None:
    result = run(
        "--lang", "de", "report", str(exempelby), "--followup", REVIEW,
        "-l", "xx", "-f", "markdown", "-o", "-",
    )  # fmt: skip
    assert_clean(result, 1)
    assert "'xx' ist keine Sprache, in der munintl Berichte schreiben kann" in (
        result.output
    )


class _OddCodelist:
    """A plugin whose codelist's title (its description) holds an escape."""

    @hookimpl
    def munintl_codelists(self) -> list[Codelist]:
        return [
            Codelist(
                scheme="odd-list",
                title=LocalizedText.of(en="Odd\x1b]0;pwn\x07", da="Ulige"),
            )
        ]


def test_a_codelist_title_with_an_escape_marks_the_plugin_failed(
    register_plugin: Callable[..., str], plugin_manager: MunintlPluginManager
) -> None:
    register_plugin(_OddCodelist(), name="odd-plugin")
    result = run("plugins", "--describe")
    # A failed codelist hook is a warning even here (as before this check).
    assert_clean(result, 0)
    assert (
        "munintl_codelists returned Codelist 'odd-list': its description holds"
        " U+001B at character 4" in result.output
    )
    assert "\x1b" not in result.output


# -- identifiers in odd forms -----------------------------------------------------

PARTNER = "organisations/fjordvik.yaml"


@pytest.mark.parametrize(
    ("identifiers", "line", "column", "words"),
    [
        ("'': Q1", 11, 7, "identifiers[]: '' is not the name of a scheme"),
        ("'wiki data': Q1", 11, 16, "'wiki data' is not the name of a scheme"),
        (
            "wikidata: Q1\n  Wikidata: Q2",
            12,
            13,
            "'Wikidata' and 'wikidata' are one scheme (compared without case)"
            " given twice; keep one",
        ),
        (
            "wikidata: Q" + "1" * 100_000,
            11,
            13,
            "'Q" + "1" * 38 + "…' is not a wikidata code",
        ),
        ("wikidata: q1707", 11, 13, "'q1707' is not a wikidata code"),
        ("wikidata: Q１７０７", 11, 13, "'Q１７０７' is not a wikidata code"),
        ("wikidata: 1707", 11, 13, "expected text, found the number 1707"),
    ],
    ids=["empty", "space", "twice", "huge", "lower", "full-width", "number"],
)
def test_an_odd_identifier_is_refused_at_its_line(
    exempelby: Path, identifiers: str, line: int, column: int, words: str
) -> None:
    path = exempelby / PARTNER
    text = path.read_text(encoding="utf-8")
    path.write_text(
        text.replace("lau: FICTIONAL-NO-0001", identifiers), encoding="utf-8"
    )
    before = snapshot(exempelby)
    result = run("validate", str(exempelby))
    assert_clean(result, 1)
    assert f"{path}:{line}:{column}: organisations[fjordvik].identifiers" in (
        result.output
    )
    assert words in result.output
    assert len(result.output) < 2_000
    assert snapshot(exempelby) == before


@pytest.mark.parametrize("second", ["{p}", "{p}/", "{p}/../exempelby"])
def test_check_pair_of_one_portfolio_named_twice_is_refused(
    exempelby: Path, second: str
) -> None:
    """It said '0 difference(s) between 1 portfolios' and exit 0."""
    result = run("check-pair", str(exempelby), second.format(p=exempelby))
    assert_clean(result, 1)
    assert result.output == (
        f"munintl: {exempelby} is one portfolio: give at least two portfolios to"
        " compare, or one database location\n"
    )


@pytest.mark.parametrize(
    ("rows", "words"),
    [
        ([], "munintl_schema_version holds 0 schema revisions, not one: the"
         " database is damaged"),
        (["0001", "0002"], "holds 2 schema revisions, not one"),
        (["9" * 5000], "the database's schema is revision " + "9" * 39 + "…, which"),
    ],
    ids=["none", "two", "a long one"],
)  # fmt: skip
def test_a_damaged_schema_version_is_named_not_called_newer(
    tmp_path: Path, rows: list[str], words: str
) -> None:
    """No row read 'revision none ... a newer munintl made it'."""
    import sqlite3

    import munintl
    from munintl.plugins.storage.sql.engine import CURRENT

    database = tmp_path / "p.db"
    munintl.save(munintl.load(str(EXEMPELBY)), f"sqlite:///{database}")
    with sqlite3.connect(database) as connection:
        connection.execute("DELETE FROM munintl_schema_version")
        connection.executemany(
            "INSERT INTO munintl_schema_version VALUES (?)", [(r,) for r in rows]
        )
    connection.close()
    CURRENT.clear()
    before = snapshot(tmp_path)
    for args in (["check-pair"], ["show"], ["validate"]):
        result = run(*args, f"sqlite:///{database}")
        assert_clean(result, 1)
        assert words in result.output
        assert len(result.output) < 600
    assert snapshot(tmp_path) == before
