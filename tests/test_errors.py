"""Findings format as file:line:col: path: message, and errors carry them all."""

from __future__ import annotations

from munintl.errors import Finding, MunintlError, ValidationError


def test_finding_formats_every_known_part() -> None:
    finding = Finding(
        code="unknown-key",
        message="unknown key 'perod'; did you mean 'period'?",
        path="initiatives[x].perod",
        file="store/initiatives/x.yaml",
        line=4,
        column=1,
    )
    assert finding.format() == (
        "store/initiatives/x.yaml:4:1: initiatives[x].perod:"
        " unknown key 'perod'; did you mean 'period'? [unknown-key]"
    )


def test_finding_without_location_or_path() -> None:
    assert Finding(code="c", message="m").format() == "m [c]"


def test_warning_is_labelled() -> None:
    finding = Finding(code="c", message="m", severity="warning", file="f", line=2)
    assert finding.format() == "f:2: warning: m [c]"


def test_validation_error_lists_every_finding() -> None:
    error = ValidationError(
        [Finding(code="a", message="one"), Finding(code="b", message="two")]
    )
    assert isinstance(error, MunintlError)
    assert len(error.findings) == 2
    assert str(error).splitlines() == ["2 problems found:", "  one [a]", "  two [b]"]
