"""Reading PO files strictly: what gettext refuses, munintl refuses, with file and line.

A msgctxt given twice (the last would silently win), a string whose closing
quote is missing or escaped (``"abc\\"``) and a quote left unescaped inside
a string (``"say "hi""``) are errors naming the file and the line.
"""

from __future__ import annotations

import hashlib
import shutil
import subprocess
from pathlib import Path

import pytest
from click.testing import CliRunner

from munintl.cli import main
from munintl.errors import ValidationError
from munintl.translation import po

HEADER = (
    'msgid ""\n'
    'msgstr ""\n'
    '"Content-Type: text/plain; charset=UTF-8\\n"\n'
    '"Language: de\\n"\n'
    '"X-Munintl-Portfolio: Lilleby\\n"\n'
    '"X-Munintl-Source-Language: da\\n"\n'
)


def entry(context: str, source: str, translation: str) -> str:
    """One entry as ``dumps`` writes it; the strings are given quoted."""
    return (
        "\n#. munintl-source-hash: sha256:0123456789abcdef\n"
        f"msgctxt {context}\nmsgid {source}\nmsgstr {translation}\n"
    )


GOOD = HEADER + entry('"themes[a].title"', '"Borgerservice"', '"Bürgerservice"')
# The entry above starts on line 8; its msgstr is on line 11.


def findings(text: str) -> list[tuple[str, int | None, str]]:
    with pytest.raises(ValidationError) as caught:
        po.loads(text.encode("utf-8"), "de.po")
    return [(f.file or "", f.line, f.message) for f in caught.value.findings]


def msgfmt_refuses(text: str, tmp_path: Path) -> None:
    """gettext itself refuses the text too (skipped without msgfmt)."""
    msgfmt = shutil.which("msgfmt")
    if msgfmt is None:
        return
    path = tmp_path / "check.po"
    path.write_text(text, encoding="utf-8")
    done = subprocess.run(
        [msgfmt, "--check", "-o", "/dev/null", str(path)],
        capture_output=True,
        check=False,
    )
    assert done.returncode != 0


def test_a_good_file_reads() -> None:
    [read] = po.loads(GOOD.encode("utf-8"), "de.po").entries
    assert (read.path, read.translation, read.line) == (
        "themes[a].title",
        "Bürgerservice",
        8,
    )


def test_escapes_read_back() -> None:
    text = HEADER + entry('"t"', '"x"', r'"say \"hi\" \\ \n"')
    [read] = po.loads(text.encode("utf-8"), "de.po").entries
    assert read.translation == 'say "hi" \\ \n'


def test_a_context_given_twice_is_an_error(tmp_path: Path) -> None:
    text = GOOD + entry('"themes[a].title"', '"Borgerservice"', '"Bürgerdienst"')
    [(file, line, message)] = findings(text)
    assert (file, line) == ("de.po", 13)
    assert "themes[a].title" in message
    assert "line 8" in message
    msgfmt_refuses(text, tmp_path)


NOT_CLOSED = "not closed"
QUOTE_INSIDE = "double quote inside a string"


@pytest.mark.parametrize(
    ("translation", "problem"),
    [
        (r'"abc\"', NOT_CLOSED),  # the closing quote is escaped
        ('"abc', NOT_CLOSED),  # no closing quote
        ('"', NOT_CLOSED),
        (r'"abc\\\"', NOT_CLOSED),
        ('"say "hi""', QUOTE_INSIDE),
        ('"a"b"', QUOTE_INSIDE),
        ('"abc" x', QUOTE_INSIDE),
    ],
)
def test_a_broken_string_is_an_error(
    translation: str, problem: str, tmp_path: Path
) -> None:
    text = HEADER + entry('"t"', '"x"', translation)
    [(file, line, message)] = findings(text)
    assert (file, line) == ("de.po", 11)
    assert problem in message
    msgfmt_refuses(text, tmp_path)


def test_an_unterminated_continuation_line_is_an_error() -> None:
    text = HEADER + entry('"t"', '"x"', '""\n"first "\n"second\\"')
    [(_file, line, message)] = findings(text)
    assert line == 13
    assert "not closed" in message


def digest(folder: Path) -> str:
    hashed = hashlib.sha256()
    for path in sorted(folder.rglob("*")):
        hashed.update(str(path.relative_to(folder)).encode())
        if path.is_file():
            hashed.update(path.read_bytes())
    return hashed.hexdigest()


def test_import_of_a_duplicate_context_fails_cleanly(
    example_path: Path, tmp_path: Path
) -> None:
    portfolio = tmp_path / "skanderborg"
    shutil.copytree(example_path, portfolio)
    exported = tmp_path / "de.po"
    runner = CliRunner()
    result = runner.invoke(
        main,
        ["translate", "export", str(portfolio), "--lang", "de", "-o", str(exported)],
    )
    assert result.exit_code == 0, result.stderr
    text = exported.read_text(encoding="utf-8")
    last = text.rindex("\n#. munintl-source-hash")
    line = text[: last + 1].count("\n") + 1
    copy = text[last:].replace('msgstr ""', 'msgstr "Zweite Fassung"')
    exported.write_text(text + copy, encoding="utf-8")
    before = digest(portfolio)
    result = runner.invoke(main, ["translate", "import", str(exported), str(portfolio)])
    assert result.exit_code == 1
    assert "Traceback" not in result.output
    assert f"{exported}:{text.count(chr(10)) + 2}" in result.stderr
    assert f"first at line {line}" in result.stderr
    assert digest(portfolio) == before
