"""Config findings point at the key's own line, however the key is written."""

from __future__ import annotations

from pathlib import Path

import pytest

from munintl.config import load_config
from munintl.errors import ValidationError

# Each file sets report.kind (or report.templates) wrongly on the line marked.
CASES = {
    "bare key": ("[report]\n\n# a comment\nkind = 5  # <-\n", "munintl.toml"),
    "quoted key": ('[report]\n"kind" = 5  # <-\n', "munintl.toml"),
    "single-quoted key": ("[report]\n'kind' = 5  # <-\n", "munintl.toml"),
    "dotted key at the top": (
        'languages = ["da"]\nreport.kind = 5  # <-\n',
        "munintl.toml",
    ),
    "dotted key with spaces": (
        'languages = ["da"]\nreport . kind = 5  # <-\n',
        "munintl.toml",
    ),
    "dotted key in the table": (
        "[report]\nkind = 'overview'\ntemplates.html = 4  # <-\n",
        "munintl.toml",
    ),
    "spaced header": ("[ report . templates ]  # <-\nhtml = 4\n", "munintl.toml"),
    "pyproject": (
        '[project]\nname = "x"\n\n[tool.munintl.report]\n"kind" = 5  # <-\n',
        "pyproject.toml",
    ),
}


@pytest.mark.parametrize("case", CASES)
def test_a_config_finding_is_on_the_key_line(tmp_path: Path, case: str) -> None:
    text, name = CASES[case]
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    expected = next(
        number
        for number, line in enumerate(text.splitlines(), start=1)
        if line.endswith("# <-")
    )
    with pytest.raises(ValidationError) as raised:
        load_config(tmp_path)
    lines = {finding.line for finding in raised.value.findings}
    assert lines == {expected}, raised.value.findings
    assert {finding.file for finding in raised.value.findings} == {str(path)}
