"""One language per run: munintl's own words never leak from another language.

For each shipped language L, a copy of the Skanderborg example has every text
it can in L (a marker text), and everything munintl writes in a run in L is
collected: every report kind in Markdown, HTML, CSV, DOCX, XLSX and PDF (the
text inside the files, sheet names and document properties), every page of
the Sphinx site, ``show``, ``validate`` and ``diff`` of copies with problems,
``report --allow-invalid``, ``translate status``, ``plugins`` (and
``--describe``) and the ``--help`` of every command.
No English phrase of the catalogs whose L translation differs may appear
there (L other than English), and no codelist label of another shipped
language where L has its own.
"""

from __future__ import annotations

import ast
import html
import importlib.util
import re
import shutil
import subprocess
import zipfile
from collections.abc import Iterator
from pathlib import Path

import attrs
import click
import html5lib
import pytest
from babel.messages.catalog import Catalog
from babel.messages.pofile import read_po
from click.testing import CliRunner

from munintl import i18n, storage
from munintl.cli import main
from munintl.model import CodeRef
from munintl.plugins import codelists
from munintl.translation.texts import apply_translations, texts

ROOT = Path(__file__).resolve().parents[1]
LOCALE = ROOT / "src" / "munintl" / "locale"
EXAMPLE = ROOT / "examples" / "skanderborg"
TRANSLATED = tuple(language for language in i18n.LANGUAGES if language != "en")
#: Words too technical to be a language's own.
TECHNICAL = {"PDF", "ID", "URL", "HTML", "JSON", "YAML", "DOCX", "XLSX", "PO"}
PLACEHOLDER = re.compile(r"\{[^{}]*\}|%\([^)]*\)[sd]|%[sd]")
WORD = re.compile(r"[^\W\d_]+")


def read_catalog(language: str) -> Catalog:
    path = LOCALE / language / "LC_MESSAGES" / "munintl.po"
    with path.open("rb") as handle:
        return read_po(handle, locale=language)


def _strings(value: str | tuple[str, ...] | list[str] | None) -> tuple[str, ...]:
    if value is None:
        return ()
    if isinstance(value, str):
        return (value,)
    return tuple(value)


def _phrases(message: str) -> Iterator[str]:
    """The literal parts of ``message`` between its placeholders, trimmed."""
    for part in PLACEHOLDER.split(message):
        trimmed = part.strip(" \t\n.,:;!?()[]'\"*-_`…")
        if trimmed:
            yield trimmed


def _telling(phrase: str, translated: str, *, whole: bool = True) -> bool:
    """Whether ``phrase`` in a run in another language would be a leak.

    A single word counts only as a whole message of seven letters or more
    ("Commands", "warning"), not as a part of one between placeholders.
    """
    words = WORD.findall(phrase)
    if sum(len(word) for word in words) <= 4 or set(words) <= TECHNICAL:
        return False
    if len(words) < 2 and (len(phrase) < 7 or not whole):
        return False
    # the same word or phrase in both languages is no leak
    return re.search(rf"(?<!\w){re.escape(phrase)}(?!\w)", translated) is None


def english_phrases(language: str) -> set[str]:
    """English phrases of the catalog whose ``language`` translation differs."""
    catalog = read_catalog(language)
    everything = " ".join(
        text for message in catalog if message.id for text in _strings(message.string)
    )
    found: set[str] = set()
    for message in catalog:
        ids, strings = _strings(message.id), _strings(message.string)
        if not message.id or not any(strings) or set(ids) <= set(strings):
            continue
        translated = " ".join(strings)
        for english in ids:
            parts = list(_phrases(english))
            whole = len(parts) == 1 and PLACEHOLDER.search(english) is None
            found.update(
                phrase
                for phrase in parts
                if _telling(phrase, translated, whole=whole)
                and _telling(phrase, everything)
            )
    return found


def codelist_labels() -> set[str]:
    """The English label of every code of the built-in codelists."""
    return {
        row[2]
        for value in vars(codelists).values()
        if isinstance(value, tuple)
        for row in value
        if isinstance(row, tuple) and len(row) == 4
    }


def foreign_labels(language: str) -> dict[str, str]:
    """Other shipped languages' codelist labels, by label, naming their language."""
    own = read_catalog(language)
    everything = " ".join(
        text for message in own if message.id for text in _strings(message.string)
    )
    labels = codelist_labels()
    found: dict[str, str] = {}
    for other in TRANSLATED:
        if other == language:
            continue
        for message in read_catalog(other):
            if message.id not in labels or not isinstance(message.string, str):
                continue
            mine = own.get(message.id)
            label = message.string
            if mine is None or not mine.string or label == mine.string:
                continue
            if label == message.id or not _telling(label, everything):
                continue
            found[label] = other
    return found


@attrs.frozen
class Run:
    """Everything munintl wrote in one language, by what made it."""

    language: str
    outputs: dict[str, str]


def _invoke(runner: CliRunner, language: str, *args: str) -> str:
    result = runner.invoke(
        main, ["--lang", language, *args], env={"COLUMNS": "400", "NO_COLOR": "1"}
    )
    assert result.exception is None or isinstance(result.exception, SystemExit), (
        args,
        result.output,
    )
    return result.output


def _html_text(document: str) -> str:
    tree = html5lib.parse(document, namespaceHTMLElements=False)
    for hidden in tree.iter():
        if hidden.tag in ("script", "style"):
            hidden.text = ""
    return "".join(tree.itertext())


#: Where an Office file keeps text a reader sees: the body, headers,
#: footers, notes, shared strings, sheets and the document's properties.
_OFFICE_PARTS = re.compile(
    r"(?:word/(?:document|header\d*|footer\d*|footnotes|endnotes)"
    r"|xl/(?:sharedStrings|workbook|worksheets/sheet\d+)|docProps/core)\.xml"
)
#: Where a line ends in a reader's view: a paragraph, a table cell, a cell.
_OFFICE_BREAK = re.compile(r"</w:p>|</w:tc>|</si>|</c>|</dc:\w+>|</cp:\w+>")
_SHEET_NAME = re.compile(r'<sheet [^>]*name="([^"]*)"')


def _office_text(path: Path) -> str:
    """The text of a DOCX or XLSX file, a line per paragraph or cell."""
    lines: list[str] = []
    with zipfile.ZipFile(path) as archive:
        for name in sorted(archive.namelist()):
            if not _OFFICE_PARTS.fullmatch(name):
                continue
            part = archive.read(name).decode("utf-8")
            lines += (html.unescape(found) for found in _SHEET_NAME.findall(part))
            part = _OFFICE_BREAK.sub("\n", part)
            part = part.replace("<w:noBreakHyphen/>", "-").replace("<w:tab/>", " ")
            lines.append(html.unescape(re.sub(r"<[^>]*>", "", part)))
    return "\n".join(lines)


def _pdf_text(path: Path) -> str:
    result = subprocess.run(
        ["pdftotext", "-enc", "UTF-8", str(path), "-"],
        capture_output=True,
        check=True,
        text=True,
    )
    return result.stdout


def _formats() -> tuple[str, ...]:
    """The report formats whose text this machine can read back."""
    formats = ["markdown", "html", "csv", "docx", "xlsx"]
    if shutil.which("pdftotext"):
        formats.append("pdf")
    return tuple(formats)


def _written_text(format_name: str, target: Path) -> str:
    if format_name == "html":
        return _html_text(target.read_text(encoding="utf-8"))
    if format_name in ("docx", "xlsx"):
        return _office_text(target)
    if format_name == "pdf":
        return _pdf_text(target)
    return target.read_text(encoding="utf-8-sig")


def _site_pages(portfolio: Path, project: Path, language: str) -> dict[str, str]:
    """The text of every page of the Sphinx site built in ``language``."""
    if importlib.util.find_spec("sphinx") is None:
        return {}
    from munintl.sphinxext import site

    site.init(project, str(portfolio), languages=[language])
    (out,) = site.build(project, languages=[language])
    return {
        f"site {page.relative_to(out)}": _html_text(page.read_text(encoding="utf-8"))
        for page in sorted(out.rglob("*.html"))
    }


def _helps(
    runner: CliRunner, language: str, command: click.Command, path: tuple[str, ...]
) -> Iterator[tuple[str, str]]:
    yield " ".join((*path, "--help")), _invoke(runner, language, *path, "--help")
    if isinstance(command, click.Group):
        context = click.Context(command)
        for name in command.list_commands(context):
            child = command.get_command(context, name)
            assert child is not None
            yield from _helps(runner, language, child, (*path, name))


def _portfolio_in(language: str, folder: Path) -> Path:
    """A copy of the example whose every text that may change is in ``language``."""
    location = folder / "portfolio"
    shutil.copytree(EXAMPLE, location)
    # a submitted follow-up keeps its texts as the body received them: the
    # follow-up report is made as a draft from the initiatives instead
    portfolio = attrs.evolve(storage.load(location), followups=())
    updates = {
        (entry.path, language): (f"«{language}» {number}", None)
        for number, entry in enumerate(texts(portfolio))
        if not entry.frozen
    }
    portfolio = apply_translations(portfolio, updates)
    municipality = portfolio.municipality
    portfolio = attrs.evolve(
        portfolio,
        municipality=attrs.evolve(
            municipality,
            working_languages=(*municipality.working_languages, language),
        ),
    )
    storage.save(portfolio, location)
    broken = folder / "broken"
    initiative = portfolio.initiatives[0]
    storage.save(
        attrs.evolve(
            portfolio,
            initiatives=(
                attrs.evolve(
                    initiative,
                    themes=("no-such-theme",),
                    classifications=(CodeRef(scheme="sdg", code="99"),),
                ),
                *portfolio.initiatives[1:],
            ),
        ),
        broken,
        check=False,
    )
    # a copy that cannot be read: a key misspelt, a field missing, a bad date
    unreadable = folder / "unreadable"
    shutil.copytree(location, unreadable)
    first = sorted((unreadable / "initiatives").glob("*.yaml"))[0]
    lines = first.read_text(encoding="utf-8").splitlines(keepends=True)
    at = next(n for n, line in enumerate(lines) if line.startswith("title:"))
    lines[at] = "titel:" + lines[at][len("title:") :]
    # and a date with a month that does not exist
    written = re.sub(r"(period: \{start: )(\d{4})", r"\g<1>\g<2>-13", "".join(lines))
    assert "-13" in written
    first.write_text(written, encoding="utf-8")
    return location


@pytest.fixture(scope="module", params=i18n.LANGUAGES)
def run(
    request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory
) -> Run:
    language: str = request.param
    folder = tmp_path_factory.mktemp(f"one-language-{language}")
    location = _portfolio_in(language, folder)
    runner = CliRunner()
    outputs: dict[str, str] = {}
    try:
        for kind in ("followup", "overview", "register"):
            chosen = ["--year", "2011"] if kind == "followup" else []
            for format_name in _formats():
                target = folder / f"{kind}.{format_name}"
                _invoke(
                    runner,
                    language,
                    "report",
                    str(location),
                    "-k",
                    kind,
                    *chosen,
                    "--lang",
                    language,
                    "-f",
                    format_name,
                    "-o",
                    str(target),
                )
                outputs[f"report {kind} {format_name}"] = _written_text(
                    format_name, target
                )
        outputs["show"] = _invoke(runner, language, "show", str(location))
        outputs["validate"] = _invoke(
            runner, language, "validate", str(folder / "broken")
        )
        outputs["validate unreadable"] = _invoke(
            runner, language, "validate", str(folder / "unreadable")
        )
        outputs["diff unreadable"] = _invoke(
            runner, language, "diff", str(location), str(folder / "unreadable")
        )
        outputs["report invalid"] = _invoke(
            runner,
            language,
            "report",
            str(folder / "broken"),
            "-k",
            "overview",
            "--allow-invalid",
            "--lang",
            language,
            "-f",
            "markdown",
            "-o",
            "-",
        )
        outputs["report unknown follow-up"] = _invoke(
            runner,
            language,
            "report",
            str(location),
            "-k",
            "followup",
            "--followup",
            "no-such-followup",
            "-f",
            "markdown",
            "-o",
            "-",
        )
        outputs["init into the portfolio"] = _invoke(
            runner, language, "init", str(location), "--municipality", "x"
        )
        outputs["translate status"] = _invoke(
            runner, language, "translate", "status", str(location)
        )
        outputs["plugins"] = _invoke(runner, language, "plugins")
        outputs["plugins --describe"] = _invoke(
            runner, language, "plugins", "--describe"
        )
        outputs.update(_helps(runner, language, main, ()))
        outputs.update(_site_pages(location, folder / "site", language))
    finally:
        i18n.set_language(None)
    return Run(language, outputs)


def _pattern(phrases: set[str]) -> re.Pattern[str]:
    """Match any of ``phrases`` as a whole, not inside a name or an option.

    A single lowercase word is a leak only as a label (followed by ": "): on
    its own it may be an identifier (``codelist``, ``--include-internal``).
    """
    alternatives = []
    for phrase in sorted(phrases, key=len, reverse=True):
        escaped = re.escape(phrase)
        if " " not in phrase and phrase[:1].islower():
            escaped += "(?=: )"
        alternatives.append(escaped)
    return re.compile(
        r"(?<![\w\-./\[|])(" + "|".join(alternatives) + r")(?![\w\-/|]|\.\w)"
    )


def _leaks(run: Run, phrases: set[str]) -> list[str]:
    pattern = _pattern(phrases)
    found: list[str] = []
    for where, text in run.outputs.items():
        for line in text.splitlines():
            for match in pattern.finditer(line):
                found.append(f"{where}: {match.group(1)!r} in {line.strip()[:160]!r}")
    return found


def test_the_runs_say_something(run: Run) -> None:
    """The detector below has real output to look at, in the run's language."""
    assert len(run.outputs) > 30
    for where, text in run.outputs.items():
        assert text.strip(), where
    marker = f"«{run.language}»"
    if importlib.util.find_spec("sphinx") is not None:
        assert marker in run.outputs["site index.html"]
    for kind in ("overview", "register"):
        for format_name in _formats():
            assert marker in run.outputs[f"report {kind} {format_name}"], format_name
    assert "no-such-theme" in run.outputs["validate"]
    assert "'titel'" in run.outputs["validate unreadable"]
    assert "period.start: " in run.outputs["validate unreadable"]
    assert "'titel'" in run.outputs["diff unreadable"]
    assert "no-such-theme" in run.outputs["report invalid"]
    assert "'no-such-followup'" in run.outputs["report unknown follow-up"]
    assert str(Path("portfolio")) in run.outputs["init into the portfolio"]


def test_no_english_word_of_munintl_in_another_language(run: Run) -> None:
    if run.language == "en":
        pytest.skip("English is the catalogs' source")
    phrases = english_phrases(run.language)
    assert len(phrases) > 200
    assert _leaks(run, phrases) == []


def test_no_codelist_label_of_another_language(run: Run) -> None:
    labels = foreign_labels(run.language)
    assert len(labels) > 20
    assert _leaks(run, set(labels)) == []


#: Exceptions whose message is for a programmer, not for a user of munintl.
PROGRAMMERS = {
    "AssertionError",
    "AttributeError",
    "ClassValidationError",
    "IterableValidationError",
    "KeyError",
    "NotImplementedError",
    "RuntimeError",
    "TemplateNotFound",
    "TypeError",
    "Unsupported",
    "ValueError",
}

#: Errors raised with an English message outside the catalogs, known when this
#: test was written: (module, the message's start, ``{}`` for a value).  Each
#: is a leak in a run in another language (some only reach a programmer or a
#: Sphinx build); a new one fails the test below.  Remove an entry when its
#: message goes through ``_()``.
UNTRANSLATED: set[tuple[str, str]] = {
    ("hooks/manager.py", "two plugins are named {}: {} an"),
    ("hooks/manager.py", "{} raised TypeError: {}"),
    ("hooks/manager.py", "{} raised {}: {}"),
    ("hooks/manager.py", "{} returned {} {}; expected {} "),
    ("hooks/manager.py", "{} returned a {} with the inval"),
    ("hooks/manager.py", "codelist {} is closed but {} ad"),
    ("hooks/manager.py", "{} returned {} {}, not a list o"),
    ("i18n.py", "{}: not a readable PO catalog: "),
    ("i18n.py", "{}: not a readable compiled cat"),
    ("plugins/formats/pdf.py", "typst could not write the PDF: "),
    ("plugins/storage/json_file.py", "{}: a text holds {}, which UTF-"),
    ("plugins/storage/toml_file.py", "{}: {} is empty (null), which T"),
    ("plugins/storage/yaml_dir/journal.py", "{} is damaged or was not writte"),
    ("plugins/storage/yaml_dir/journal.py", "{}: cannot save {}: {}"),
    ("reporting.py", "no report format named {} or wr"),
    ("reporting.py", "a period is a Period or a year,"),
    ("reports/rendering/templating.py", "the number would be too large ("),
    ("reports/rendering/templating.py", "template {}:{}: {}"),
    ("reports/rendering/templating.py", "template {}: extends or include"),
    ("reports/rendering/templating.py", "the result would be too large ("),
    ("storage/filestore.py", "{}: the portfolio would not rea"),
}


def _literal(node: ast.expr) -> str | None:
    """The text of a string or f-string literal, ``{}`` for each value in it."""
    if isinstance(node, ast.Constant) and isinstance(node.value, str):
        return node.value
    if isinstance(node, ast.JoinedStr):
        return "".join(
            part.value if isinstance(part, ast.Constant) else "{}"
            for part in node.values
        )
    return None


def test_no_new_error_message_outside_the_catalogs() -> None:
    """An error a user sees is raised with ``_()``, not an English literal."""
    found: set[tuple[str, str]] = set()
    package = ROOT / "src" / "munintl"
    for path in sorted(package.rglob("*.py")):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if not isinstance(node, ast.Raise) or not isinstance(node.exc, ast.Call):
                continue
            call = node.exc
            name = getattr(call.func, "id", getattr(call.func, "attr", ""))
            # FieldValueError(field, template, ...) names its field first
            args = call.args[1:] if name == "FieldValueError" else call.args
            message = _literal(args[0]) if args else None
            if name in PROGRAMMERS or message is None:
                continue
            if not WORD.search(PLACEHOLDER.sub("", message)):
                continue  # placeholders only: words said elsewhere
            module = path.relative_to(package).as_posix()
            found.add((module, message[:31]))
    assert found - UNTRANSLATED == set()
