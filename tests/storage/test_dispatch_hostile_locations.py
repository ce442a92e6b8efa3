"""A location the file system refuses is a StorageError, whichever call meets it."""

from __future__ import annotations

from pathlib import Path

import pytest

import munintl
from munintl.errors import StorageError

EXEMPELBY = Path(__file__).resolve().parents[2] / "examples" / "exempelby"


@pytest.fixture(scope="module")
def portfolio() -> munintl.Portfolio:
    return munintl.load(EXEMPELBY)


@pytest.mark.parametrize(
    ("location", "says"),
    [
        ("x" * 5_000, "the system refused"),
        ("x" * 5_000 + ".json", "the system refused"),
        ("ex\x00.json", "holds no NUL character"),
    ],
    ids=["long-folder", "long-file", "nul"],
)
def test_load_and_save_raise_a_storage_error_for_a_refused_location(
    portfolio: munintl.Portfolio, location: str, says: str
) -> None:
    # Were OSError (File name too long) and ValueError (embedded null byte).
    with pytest.raises(StorageError, match=says) as raised:
        munintl.load(location)
    assert len(str(raised.value)) < 300
    with pytest.raises(StorageError, match=says):
        munintl.save(portfolio, location)


def test_save_of_something_else_than_a_portfolio_is_a_type_error(
    tmp_path: Path,
) -> None:
    # Every rule "crashed" on the string, one finding each.
    with pytest.raises(TypeError, match="takes a Portfolio, not str"):
        munintl.save("portfolio", tmp_path / "p.json")  # type: ignore[arg-type]
    assert not (tmp_path / "p.json").exists()
