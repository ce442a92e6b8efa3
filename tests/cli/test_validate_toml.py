"""Findings on a TOML file name its line and column, whatever the layout."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from click.testing import CliRunner, Result

from munintl.cli import main

# A valid portfolio written by hand in the layouts TOML allows: dotted and
# quoted keys, inline tables, arrays of tables in arrays of tables, and
# strings holding "[[", "#" and "=".
PORTFOLIO = """\
# Lilleby: a hand-written portfolio in every layout TOML allows.
# [[initiatives]] in a comment is not a header; nor is key = "value".

[municipality]
id = "lilleby"
country = "DK"
default_language = "da"
name.da = "Lilleby Kommune # not a comment"
name."en" = { text = "Lilleby = Littletown", method = "human", source_language = "da" }

[[bodies]]
id = "byraadet"
type = "city-council"
"name" = { da = "Byrådet [[bodies]]" }

[[bodies]]
id = 'udvalg'
type = "committee"
parent = "byraadet"
name = { da = \"\"\"
Udvalget for
[[organisations]]
internationalt samarbejde = # \\"\\"\\"\"\"\"\" }

[[organisations]]
id = "weiz"
type = "municipality"
country = "AT"
name.da = 'Weiz "By"'

[[organisations]]
id = "oulu"
type = "municipality"
country = "FI"

[organisations.name]
da = "Oulu"

[[initiatives]]
id = "venskab"
kind = "network"
status = "implementation"
title.da = "Venskabsby"
participations = [
    { organisation = "weiz", role = "partner" },  # [[x]] = 1
    { organisation = "oulu", role = "partner" },
]

[initiatives.period]
start = "2019"

[[initiatives.results]]
title.da = "Første resultat"

[[initiatives.results]]
title.da = "Andet resultat"

[[initiatives]]
id = "skoler"
kind = "project"
status = "implementation"

[initiatives.title]
da = '''
Skoler
i [[Europa]]'''

[initiatives.period]
start = "2020-05"
end = "2022"
"""

_FINDING = re.compile(r"^(?P<file>\S+?):(?P<line>\d+):(?P<column>\d+): (?P<path>\S+): ")


def _write(
    folder: Path, old: str | tuple[str, ...] = "", new: str | tuple[str, ...] = ""
) -> Path:
    """Write the portfolio to ``folder``/p.toml with ``old`` replaced by ``new``.

    ``old`` and ``new`` may be tuples: each pair is replaced.
    """
    text = PORTFOLIO
    pairs = zip(old, new, strict=True) if isinstance(old, tuple) else [(old, new)]
    for before, after in pairs:
        assert before in text
        text = text.replace(before, after, 1)
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / "p.toml"
    path.write_text(text, encoding="utf-8")
    return path


#: The warnings the portfolio above gives: its multi-line strings put line
#: breaks in a name and a title, each found at the line its string starts on.
LINE_BREAKS = {
    "bodies[udvalg].name.da": (20, 10),
    "initiatives[skoler].title.da": (64, 1),
}


def _run(*args: str | Path) -> Result:
    return CliRunner().invoke(main, [*map(str, args)])


def _located(output: str) -> dict[str, tuple[int, int]]:
    """Each finding's path and where the output says it is."""
    found = {}
    for line in output.splitlines():
        match = _FINDING.match(line.strip())
        if match is not None:
            assert match["file"].endswith("p.toml"), line
            found[match["path"]] = (int(match["line"]), int(match["column"]))
    return found


def test_the_hand_written_portfolio_is_valid(tmp_path: Path) -> None:
    result = _run("validate", _write(tmp_path))
    assert result.exit_code == 0, result.output
    assert "0 errors, 2 warnings" in result.output
    assert _located(result.output) == LINE_BREAKS
    assert result.output.count("[line-break]") == 2


# Load errors: the file does not hold a portfolio.
LOAD_ERRORS = [
    pytest.param(
        'end = "2022"\n',
        'end = "2022"\nmiddle = "2021"\n',
        "initiatives[skoler].period.middle",
        (71, 1),
        "middle = ",
        id="unknown key after a multi-line literal string",
    ),
    pytest.param(
        'end = "2022"\n',
        'end = "2022"\n"a.b" = 1\n',
        "initiatives[skoler].period.a.b",
        (71, 1),
        '"a.b" = 1',
        id="unknown key quoted with a dot inside",
    ),
    pytest.param(
        'country = "FI"',
        "country = 3",
        "organisations[oulu].country",
        (34, 1),
        "country = 3",
        id="wrong type",
    ),
    pytest.param(
        'start = "2020-05"',
        'start = "2020-13"',
        "initiatives[skoler].period.start",
        (69, 1),
        'start = "2020-13"',
        id="bad date",
    ),
    pytest.param(
        'id = "oulu"\n',
        "",
        "organisations[1].id",
        (31, 1),
        "[[organisations]]",
        id="missing field at its array-of-tables header",
    ),
    pytest.param(
        'title.da = "Andet resultat"\n',
        'title.da = "Andet resultat"\nscore = 1\n',
        "initiatives[venskab].results[1].score",
        (57, 1),
        "score = 1",
        id="array of tables in an array of tables",
    ),
    pytest.param(
        'name.da = "Lilleby Kommune # not a comment"',
        "name.da = 3",
        "municipality.name.da",
        (8, 6),
        "da = 3",
        id="dotted key",
    ),
    pytest.param(
        '"name" = { da = "Byrådet [[bodies]]" }',
        '"name" = { da = "Byrådet [[bodies]]", xx = "?" }',
        "bodies[byraadet].name.xx",
        (14, 39),
        'xx = "?"',
        id="quoted key and an inline table",
    ),
    pytest.param(
        'name."en" = { text = "Lilleby = Littletown", method',
        'name."en" = { text = "Lilleby = Littletown", mthod',
        "municipality.name.en.mthod",
        (9, 46),
        "mthod",
        id="dotted key with a quoted part and an inline table",
    ),
]


#: A rule's finding (old, new, path, where, text), which every command that
#: validates locates alike.
DANGLING = (
    '{ organisation = "oulu", role',
    '{ organisation = "ouluu", role',
    "initiatives[venskab].participations[1].organisation",
    (46, 7),
    'organisation = "ouluu"',
)


@pytest.mark.parametrize(
    ("old", "new", "path", "where", "text"),
    [
        *LOAD_ERRORS,
        pytest.param(
            *DANGLING, id="reference to nothing, in an inline table in an array"
        ),
        pytest.param(
            'id = "weiz"\ntype = "municipality"',
            'id = "weiz"\ntype = "municipalty"',
            "organisations[weiz].type",
            (27, 1),
            'type = "municipalty"',
            id="code not in a codelist, after a multi-line string",
        ),
        pytest.param(
            'parent = "byraadet"',
            'parent = "byraadt"',
            "bodies[udvalg].parent",
            (19, 1),
            'parent = "byraadt"',
            id="reference to nothing, quoted id",
        ),
        pytest.param(
            'id = "skoler"',
            'id = "venskab"',
            "initiatives[venskab].id",
            # Both have the id; the finding names the first.
            (40, 1),
            'id = "venskab"',
            id="duplicate id",
        ),
        pytest.param(
            ('id = "skoler"', 'start = "2020-05"'),
            ('id = "venskab"', 'start = "2023"'),
            "initiatives[venskab].period.end",
            # The second one: the first has no end.
            (70, 1),
            'end = "2022"',
            id="a finding on the second of two with the same id",
        ),
        pytest.param(
            'start = "2020-05"\nend = "2022"',
            'start = "2023"\nend = "2022"',
            "initiatives[skoler].period.end",
            (70, 1),
            'end = "2022"',
            id="a rule on a date",
        ),
        pytest.param(
            '[initiatives.period]\nstart = "2020-05"\nend = "2022"\n',
            "",
            "initiatives[skoler].period",
            # Not there: the nearest enclosing table's header.
            (58, 1),
            "[[initiatives]]",
            id="a rule on a missing table",
        ),
    ],
)
def test_findings_name_the_line_and_column(
    tmp_path: Path,
    old: str | tuple[str, ...],
    new: str | tuple[str, ...],
    path: str,
    where: tuple[int, int],
    text: str,
) -> None:
    file = _write(tmp_path, old, new)
    result = _run("validate", file)
    located = _located(result.output)
    assert located.get(path) == where, result.output
    line = file.read_text(encoding="utf-8").splitlines()[where[0] - 1]
    assert line[where[1] - 1 :].startswith(text)


def test_report_allow_invalid_names_the_line(tmp_path: Path) -> None:
    old, new, path, where, _text = DANGLING
    file = _write(tmp_path, old, new)
    out = tmp_path / "r.html"
    result = _run("report", file, "--kind", "overview", "--allow-invalid", "-o", out)
    assert result.exit_code == 0, result.output
    located = _located(result.output)
    assert located.pop(path) == where
    assert located == LINE_BREAKS


def test_diff_names_the_line_of_a_file_that_cannot_be_read(tmp_path: Path) -> None:
    good = _write(tmp_path)
    bad = _write(tmp_path / "bad", 'country = "FI"\n', 'country = "FI"\nmotto = "x"\n')
    result = _run("diff", good, bad)
    assert result.exit_code == 1
    assert _located(result.output) == {"organisations[oulu].motto": (35, 1)}


def test_syntax_errors_keep_tomllibs_line_and_column(tmp_path: Path) -> None:
    file = _write(tmp_path, 'kind = "project"', 'kind = "project')
    result = _run("validate", file)
    assert result.exit_code == 1
    assert re.search(r"p\.toml:60:\d+: not valid TOML", result.output), result.output
