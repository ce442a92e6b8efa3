"""Findings format as file:line:col: path: message, and errors carry them all."""

from __future__ import annotations

import pytest

from munintl.errors import (
    Finding,
    MunintlError,
    StorageError,
    ValidationError,
    hide_password,
)


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


# -- passwords in URLs are never shown ----------------------------------------


@pytest.mark.parametrize(
    ("location", "shown"),
    [
        (
            "postgresql://ed:s3cret@db/portal#aarhus",
            "postgresql://ed:***@db/portal#aarhus",
        ),
        # written without %: every piece of the password is still hidden
        ("postgresql://ed:p@ss@db/portal", "postgresql://ed:***@db/portal"),
        ("postgresql://ed:se/cret@db/portal#k@3", "postgresql://ed:***@db/portal#k@3"),
        ("postgresql://ed:se#cr@t@db/portal#k", "postgresql://ed:***@db/portal#k"),
        ("postgresql://ed:a:b?c@db:5433/portal", "postgresql://ed:***@db:5433/portal"),
        ("postgresql://me@corp:pw@db/portal", "postgresql://me@corp:***@db/portal"),
        ("postgresql://:pw@db/portal", "postgresql://:***@db/portal"),
        ("postgresql://ed:pw@db#k", "postgresql://ed:***@db#k"),
        (
            "postgresql://db/x?password=s3&sslmode=require",
            "postgresql://db/x?password=***&sslmode=require",
        ),
        (
            "postgresql://db/x?user=ed&sslpassword=s3#k",
            "postgresql://db/x?user=ed&sslpassword=***#k",
        ),
        # no password: left as it is
        ("postgresql://ed@db/portal#aarhus@3", "postgresql://ed@db/portal#aarhus@3"),
        (
            "postgresql://db:5432/portal#aarhus@3",
            "postgresql://db:5432/portal#aarhus@3",
        ),
        (
            "sqlite:///C:/munintl/portal.db#aarhus@-1",
            "sqlite:///C:/munintl/portal.db#aarhus@-1",
        ),
        ("examples/skanderborg", "examples/skanderborg"),
    ],
)
def test_a_password_in_a_location_is_hidden_whole(location: str, shown: str) -> None:
    assert hide_password(location, whole=True) == shown
    assert hide_password(f"x {location}: y") == f"x {shown}: y"


def test_no_munintl_error_or_finding_shows_a_password() -> None:
    location = "postgresql://ed:Zq9-secret@db/portal"
    message = f"{location}: gone; as in {location}#aarhus"
    assert "Zq9" not in str(StorageError(message))
    assert str(StorageError(message)).count("ed:***@db/portal") == 2
    finding = Finding(code="x", message="bad", file=f"{location}#aarhus")
    assert "Zq9" not in finding.format()
    assert "Zq9" not in str(ValidationError([finding]))


def test_hiding_passwords_reads_a_long_text_once() -> None:
    # A message may quote data: a text of 200,000 "@" is read in one pass
    # (each "@" was looked past again: the time grew with its square).
    text = "x://" + "@" * 200_000 + " and postgresql://ed:s3@db/x"
    assert str(StorageError(text)).endswith("postgresql://ed:***@db/x")
