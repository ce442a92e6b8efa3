"""Hostile input, sixth campaign: the leftovers of the fifth, then a sweep.

The standard is issue 9's: a clear message naming the file, line and field,
exit 1 for what is refused, no traceback, nothing written; nothing read from
outside the data folder; what validates renders.
"""

from __future__ import annotations

import csv
import io
import shutil
import typing
from pathlib import Path

import attrs
import pytest

import munintl
from munintl.model import Portfolio
from munintl.plugins.rules.lines import breaks_line, one_line_fields
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
