"""The bad-input corpus: every case gets a clear message with its line, exit 1,
no traceback, and nothing written.

Each case starts from a small valid YAML store and adds or replaces one file.
Line numbers are those of the file as the case writes it.
"""

from __future__ import annotations

import textwrap
from pathlib import Path

import attrs
import pytest
from click.testing import CliRunner

from munintl.cli import main

BASE: dict[str, str] = {
    "municipality.yaml": """\
        id: lilleby
        name:
          da: Lilleby Kommune
          en: Lilleby Municipality
        country: DK
        default_language: da
        working_languages: [da, en]
        """,
    "bodies/byraadet.yaml": """\
        name:
          da: Byrådet
          en: City council
        type: city-council
        """,
    "organisations/partnerby.yaml": """\
        name:
          da: Partnerby
          en: Partner town
        type: municipality
        country: DE
        """,
    "strategies/strategi/strategy.yaml": """\
        title:
          da: International strategi
          en: International strategy
        themes: [klima]
        """,
    "strategies/strategi/themes/klima.yaml": """\
        title:
          da: Klima
          en: Climate
        responsible: [byraadet]
        goals:
        - id: foerende-klimakommune
          statement:
            da: Førende klimakommune
            en: Leading climate municipality
        """,
    "initiatives/klimaprojekt.yaml": """\
        title:
          da: Klimaprojekt
          en: Climate project
        kind: eu-project
        status: implementation
        period:
          start: 2010
          end: 2012
        themes: [klima]
        participations:
        - organisation: partnerby
          role: partner
        """,
}


@attrs.frozen
class Case:
    name: str
    file: str
    content: str | bytes | None  # None: delete the file
    line: int | None
    message: str
    code: str = "invalid-value"


def case(
    name: str,
    file: str,
    content: str | bytes | None,
    line: int | None,
    message: str,
    code: str = "invalid-value",
) -> Case:
    if isinstance(content, str):
        content = textwrap.dedent(content)
    return Case(name, file, content, line, message, code)


INITIATIVE = "initiatives/nyt.yaml"

CASES = [
    # -- YAML syntax -------------------------------------------------------------
    case(
        "unclosed-bracket",
        INITIATIVE,
        "title:\n  da: Nyt\nkind: project\nthemes: [klima\n",
        5,
        "not valid YAML",
    ),
    case(
        "bad-indentation",
        INITIATIVE,
        "title:\n  da: Nyt\n kind: project\n",
        3,
        "not valid YAML",
    ),
    case("tab-indentation", INITIATIVE, "title:\n\tda: Nyt\n", 2, "not valid YAML"),
    case(
        "duplicate-key",
        INITIATIVE,
        "title:\n  da: Nyt\nkind: project\nkind: event\n",
        4,
        "duplicate key",
    ),
    case("empty-file", INITIATIVE, "", None, "empty"),
    case("only-a-comment", INITIATIVE, "# nothing here yet\n", None, "empty"),
    case("top-level-list", INITIATIVE, "- title: Nyt\n", 1, "mapping"),
    case(
        "huge-file",
        INITIATIVE,
        "title:\n  da: " + "x" * 3_000_000 + "\n",
        None,
        "too large",
    ),
    case(
        "anchor-and-alias",
        INITIATIVE,
        "title: &t\n  da: Nyt\nsummary: *t\nkind: project\n",
        1,
        "anchor",
    ),
    case(
        "alias-bomb",
        INITIATIVE,
        'a: &a ["x","x","x","x","x","x","x","x","x"]\n'
        "b: &b [*a,*a,*a,*a,*a,*a,*a,*a,*a]\n"
        "c: &c [*b,*b,*b,*b,*b,*b,*b,*b,*b]\n"
        "d: &d [*c,*c,*c,*c,*c,*c,*c,*c,*c]\n"
        "e: &e [*d,*d,*d,*d,*d,*d,*d,*d,*d]\n"
        "f: &f [*e,*e,*e,*e,*e,*e,*e,*e,*e]\n",
        1,
        "anchor",
    ),
    case(
        "not-utf8",
        INITIATIVE,
        b"title:\n  da: K\xf8benhavn\nkind: project\n",
        None,
        "UTF-8",
    ),
    # -- keys and types --------------------------------------------------------------
    case(
        "misspelt-key",
        INITIATIVE,
        "title:\n  da: Nyt\nkind: project\nperod:\n  start: 2011\n",
        4,
        "unknown key 'perod'; did you mean 'period'?",
        "unknown-key",
    ),
    case(
        "unknown-key",
        INITIATIVE,
        "title:\n  da: Nyt\nkind: project\nbudget_owner: someone\n",
        4,
        "unknown key 'budget_owner'",
        "unknown-key",
    ),
    case(
        "missing-required-field",
        INITIATIVE,
        "title:\n  da: Nyt\nstatus: implementation\n",
        1,
        "required",
        "missing-field",
    ),
    case(
        "string-where-list-expected",
        INITIATIVE,
        "title:\n  da: Nyt\nkind: project\nthemes: klima\n",
        4,
        "expected a list, found the text 'klima'",
    ),
    case(
        "number-as-text",
        INITIATIVE,
        "title:\n  da: Nyt\nkind: project\nacronym: 42\n",
        4,
        "expected text, found the number 42",
    ),
    case(
        "text-as-count",
        INITIATIVE,
        'title:\n  da: Nyt\nkind: project\nparticipations:\n- count: "9"\n',
        5,
        "expected a whole number",
    ),
    case(
        "float-as-count",
        INITIATIVE,
        "title:\n  da: Nyt\nkind: project\nparticipations:\n- count: 9.5\n",
        5,
        "expected a whole number",
    ),
    case(
        "yes-is-not-a-boolean",
        INITIATIVE,
        "title:\n  da: Nyt\nkind: project\nillustrative: yes\n",
        4,
        "expected true or false, found the text 'yes'",
    ),
    case(
        "on-is-not-a-boolean",
        INITIATIVE,
        "title:\n  da: Nyt\nkind: project\nillustrative: on\n",
        4,
        "expected true or false, found the text 'on'",
    ),
    case(
        "title-as-plain-string",
        INITIATIVE,
        "title: Nyt projekt\nkind: project\n",
        1,
        "texts by language",
    ),
    case(
        "visibility-not-allowed",
        INITIATIVE,
        "title:\n  da: Nyt\nkind: project\nvisibility: secret\n",
        4,
        "'secret' is not allowed here",
    ),
    case(
        "partner-neither-named-nor-counted",
        INITIATIVE,
        "title:\n  da: Nyt\nkind: project\nparticipations:\n- role: partner\n",
        5,
        "either an organisation or",
    ),
    # -- dates ---------------------------------------------------------------------------
    case(
        "impossible-day",
        INITIATIVE,
        "title:\n  da: Nyt\nkind: project\nperiod:\n  start: 2011-02-30\n",
        5,
        "has no day 30",
    ),
    case(
        "impossible-month",
        INITIATIVE,
        "title:\n  da: Nyt\nkind: project\nperiod:\n  end: 2011-13\n",
        5,
        "month 13 does not exist",
    ),
    case(
        "not-a-date",
        INITIATIVE,
        "title:\n  da: Nyt\nkind: project\nperiod:\n  start: next spring\n",
        5,
        "is not a date",
    ),
    case(
        "end-before-start",
        INITIATIVE,
        "title:\n  da: Nyt\n  en: New\nkind: project\nperiod:\n  start: 2012\n  end: 2010\n",
        7,
        "before",
        "end-before-start",
    ),
    # -- ids and references --------------------------------------------------------------
    case(
        "dangling-theme",
        INITIATIVE,
        "title:\n  da: Nyt\n  en: New\nkind: project\nthemes:\n- klimaa\n",
        6,
        "klimaa",
        "dangling-reference",
    ),
    case(
        "dangling-partner",
        INITIATIVE,
        "title:\n  da: Nyt\n  en: New\nkind: project\nparticipations:\n- organisation: partnerbyen\n",
        6,
        "partnerbyen",
        "dangling-reference",
    ),
    case(
        "uppercase-file-name",
        "initiatives/NytProjekt.yaml",
        "title:\n  da: Nyt\nkind: project\n",
        None,
        "NytProjekt",
    ),
    case(
        "path-traversal-in-theme-list",
        "strategies/strategi/strategy.yaml",
        "title:\n  da: International strategi\n  en: International strategy\n"
        "themes: [klima, ../../../etc/passwd]\n",
        4,
        "expected a theme id",
    ),
    case(
        "duplicate-goal-id",
        "strategies/strategi/themes/klima.yaml",
        "title:\n  da: Klima\n  en: Climate\nresponsible: [byraadet]\ngoals:\n"
        "- id: maal\n  statement:\n    da: Et\n    en: One\n"
        "- id: maal\n  statement:\n    da: To\n    en: Two\n",
        10,
        "maal",
        "duplicate-id",
    ),
    case(
        "unlisted-theme-file",
        "strategies/strategi/themes/glemt.yaml",
        "title:\n  da: Glemt\n",
        None,
        "not listed",
    ),
    case(
        "yml-suffix",
        "initiatives/nyt.yml",
        "title:\n  da: Nyt\nkind: project\n",
        None,
        ".yaml",
    ),
    # -- languages, currencies, codes ------------------------------------------------------------
    case(
        "unknown-language",
        INITIATIVE,
        "title:\n  da: Nyt\n  dk: Nyt\n  en: New\nkind: project\n",
        3,
        "'da'",
        "unknown-language",
    ),
    case(
        "malformed-language-tag",
        INITIATIVE,
        "title:\n  Danish: Nyt\nkind: project\n",
        2,
        "is not a language tag",
    ),
    case(
        "unknown-currency",
        INITIATIVE,
        "title:\n  da: Nyt\n  en: New\nkind: project\nfunding:\n- amount:\n    amount: 1000\n    currency: XYZ\n",
        8,
        "XYZ",
        "unknown-currency",
    ),
    case(
        "lower-case-currency",
        INITIATIVE,
        "title:\n  da: Nyt\nkind: project\nfunding:\n- amount:\n    amount: 1000\n    currency: dkk\n",
        7,
        "ISO 4217",
    ),
    case(
        "unknown-closed-code",
        INITIATIVE,
        "title:\n  da: Nyt\n  en: New\nkind: project\nstatus: ongoing\n",
        5,
        "ongoing",
        "unknown-code",
    ),
]


def snapshot(root: Path) -> dict[str, bytes]:
    return {
        str(p.relative_to(root)): p.read_bytes()
        for p in sorted(root.rglob("*"))
        if p.is_file()
    }


@pytest.fixture
def store(tmp_path: Path) -> Path:
    root = tmp_path / "lilleby"
    for relative, content in BASE.items():
        path = root / relative
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(textwrap.dedent(content), encoding="utf-8")
    return root


def test_base_store_is_valid(store: Path) -> None:
    result = CliRunner().invoke(main, ["validate", str(store)])
    assert result.exit_code == 0, result.output


def test_corpus_has_at_least_thirty_cases() -> None:
    assert len(CASES) >= 30
    assert len({c.name for c in CASES}) == len(CASES)


@pytest.mark.parametrize("bad", CASES, ids=[c.name for c in CASES])
def test_bad_input_is_reported_with_its_line_and_changes_nothing(
    store: Path, bad: Case
) -> None:
    target = store / bad.file
    target.parent.mkdir(parents=True, exist_ok=True)
    if bad.content is None:
        target.unlink()
    elif isinstance(bad.content, bytes):
        target.write_bytes(bad.content)
    else:
        target.write_text(bad.content, encoding="utf-8")
    before = snapshot(store)

    result = CliRunner().invoke(main, ["validate", str(store)])

    assert result.exit_code == 1, result.output
    assert result.exception is None or isinstance(result.exception, SystemExit)
    assert "Traceback" not in result.output
    lines = [
        line
        for line in result.output.splitlines()
        if bad.message in line and (bad.code in line or bad.code == "invalid-value")
    ]
    assert lines, f"no line mentions {bad.message!r}:\n{result.output}"
    relevant = [line for line in lines if line.startswith(str(target))]
    assert relevant, f"no line names {target}:\n{result.output}"
    if bad.line is not None:
        assert any(
            line.startswith(f"{target}:{bad.line}:")
            or line.startswith(f"{target}:{bad.line}: ")
            for line in relevant
        ), result.output
    assert snapshot(store) == before


def test_norway_country_code_stays_a_string(store: Path) -> None:
    (store / "organisations" / "oslo.yaml").write_text(
        "name:\n  da: Oslo\n  en: Oslo\ntype: municipality\ncountry: NO\n",
        encoding="utf-8",
    )
    import munintl

    portfolio = munintl.load(store)
    oslo = portfolio.organisation("oslo")
    assert oslo is not None
    assert oslo.country == "NO"
