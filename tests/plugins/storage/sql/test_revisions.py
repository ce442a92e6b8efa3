"""Revisions as users and racing programs meet them (issue 12, items 3 and 4).

An expected revision the portfolio never had is said as such; ``@-N``
counts back over a revision a delete ended too; a first save that fails
never removes a database file another program saved into meanwhile; two
first saves of one key that expect no revision both succeed, as they do
one after the other.
"""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any

import attrs
import pytest

from munintl.errors import ConflictError
from munintl.history import load_at
from munintl.model import Portfolio
from munintl.plugins.storage.sql.store import DatabaseStore
from munintl.storage import open_store
from munintl.testing.samples import sample_portfolio


def _store(location: str) -> DatabaseStore:
    store = open_store(location)
    assert isinstance(store, DatabaseStore)
    return store


def _changed(portfolio: Portfolio, status: str) -> Portfolio:
    first, *others = portfolio.initiatives
    if first.status == status:
        status = "pipeline" if status != "pipeline" else "closed"
    return attrs.evolve(
        portfolio, initiatives=(attrs.evolve(first, status=status), *others)
    )


@pytest.mark.parametrize("expected", ["9", "abc", "", "\u0661", "1" * 30])
def test_an_expected_revision_never_had_is_said_so(
    database: str, expected: str
) -> None:
    store = _store(f"{database}#aarhus")
    store.save(sample_portfolio())
    with pytest.raises(ConflictError, match="has had no such revision") as raised:
        store.save(_changed(sample_portfolio(), "closed"), expected_revision=expected)
    assert "the current one is 1" in str(raised.value)
    assert "changed after" not in str(raised.value)
    assert [info.revision for info in store.history()] == ["1"]


def test_a_revision_is_named_by_ascii_digits_only(sqlite_database: str) -> None:
    store = _store(f"{sqlite_database}#aarhus")
    store.save(sample_portfolio())
    assert store.load_revision("1") == sample_portfolio()
    with pytest.raises(Exception, match="there is no revision"):
        store.load_revision("\u0661")


def test_counting_back_counts_a_deleted_revision(database: str) -> None:
    location = f"{database}#aarhus"
    store = _store(location)
    first = sample_portfolio()
    second = _changed(first, "closed")
    store.save(first)  # 1
    store.save(second)  # 2, then deleted
    store.delete("aarhus")
    store.save(first)  # 3
    assert [(i.revision, i.deleted) for i in store.history()] == [
        ("1", False),
        ("2", True),
        ("3", False),
    ]
    assert load_at(f"{location}@-1") == second
    assert load_at(f"{location}@-2") == first
    with pytest.raises(Exception, match="it has 3 revisions"):
        load_at(f"{location}@-3")


def test_a_failed_first_save_leaves_another_programs_file(tmp_path: Path) -> None:
    path = tmp_path / "portal.db"
    mine = _store(f"sqlite:///{path}#aarhus")
    theirs = _store(f"sqlite:///{path}#odense")
    ready = mine._ready

    def meanwhile(*, create: bool) -> bool:
        # The other program saves into the new file after this save saw
        # that there was none.
        theirs.save(sample_portfolio())
        return ready(create=create)

    mine._ready = meanwhile  # type: ignore[method-assign]
    with pytest.raises(ConflictError):
        mine.save(sample_portfolio(), expected_revision="3")
    assert path.exists()
    assert _store(f"sqlite:///{path}").keys() == ["odense"]


def test_a_failed_first_save_into_a_new_file_leaves_none(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    with pytest.raises(ConflictError):
        _store("sqlite:///portal.db#aarhus").save(
            sample_portfolio(), expected_revision="3"
        )
    assert os.listdir(tmp_path) == []


def test_two_first_saves_that_expect_nothing_both_succeed(
    postgresql_database: str,
) -> None:
    location = f"{postgresql_database}#aarhus"
    mine, theirs = _store(location), _store(location)
    current = mine._current
    calls: list[int] = []

    def meanwhile(connection: Any, key: str, *, lock: bool = False) -> Any:
        found = current(connection, key, lock=lock)
        if not calls:
            # The other program inserts the row after this one found none.
            calls.append(1)
            theirs.save(_changed(sample_portfolio(), "closed"))
        return found

    mine._current = meanwhile  # type: ignore[method-assign]
    assert mine.save(sample_portfolio()) == "2"
    assert mine.load() == sample_portfolio()
    assert [info.revision for info in mine.history()] == ["1", "2"]


def test_a_location_naming_a_revision_is_read_everywhere_and_written_nowhere(
    database: str, tmp_path: Path
) -> None:
    from click.testing import CliRunner

    from munintl.cli import main
    from munintl.errors import StorageError
    from munintl.query import InitiativeQuery, find

    location = f"{database}#aarhus"
    first = sample_portfolio()
    second = _changed(first, "closed")
    _store(location).save(first)
    _store(location).save(second)
    assert _store(f"{location}@1").load() == first
    assert _store(f"{location}@-1").load() == first
    assert _store(f"{location}@2").load() == second
    assert _store(f"{location}@1").revision() == "1"
    with pytest.raises(StorageError, match="names an earlier revision"):
        _store(f"{location}@1").save(second)
    with pytest.raises(StorageError, match="names an earlier revision"):
        find(f"{location}@1", InitiativeQuery())
    with pytest.raises(StorageError, match="there is no revision 7"):
        _store(f"{location}@7").load()
    runner = CliRunner()
    # Restoring revision 1: read it, save it as the next revision.
    restored = runner.invoke(main, ["convert", "--force", f"{location}@1", location])
    assert restored.exit_code == 0, restored.output
    assert _store(location).load() == first
    assert [i.revision for i in _store(location).history()] == ["1", "2", "3"]
    old = runner.invoke(main, ["convert", f"{location}@2", str(tmp_path / "2.json")])
    assert old.exit_code == 0, old.output
    assert open_store(str(tmp_path / "2.json")).load() == second
    refused = runner.invoke(
        main, ["convert", "--force", str(tmp_path / "2.json"), f"{location}@1"]
    )
    assert refused.exit_code == 1
    assert "names an earlier revision" in refused.output
    assert _store(location).load() == first


def test_a_deleted_portfolios_revisions_are_read_by_location(
    sqlite_database: str,
) -> None:
    location = f"{sqlite_database}#aarhus"
    _store(location).save(sample_portfolio())
    _store(location).delete("aarhus")
    assert not _store(location).exists()
    assert _store(f"{location}@1").exists()
    assert _store(f"{location}@1").load() == sample_portfolio()


def test_a_translation_import_never_saves_over_another_save(
    database: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, example_path: Path
) -> None:
    # A command that reads, changes and saves a shared portfolio saves only
    # over the revision it read: another user's save meanwhile is kept.
    import polib
    from click.testing import CliRunner

    import munintl
    from munintl.cli import main
    from munintl.translation import exchange

    exempelby = example_path.parent / "exempelby"
    location = f"{database}#exempelby"
    _store(location).save(munintl.load(exempelby))
    runner = CliRunner()
    po = tmp_path / "de.po"
    exported = runner.invoke(
        main, ["translate", "export", "--lang", "de", "-o", str(po), location]
    )
    assert exported.exit_code == 0, exported.output
    catalog = polib.pofile(str(po))
    catalog[0].msgstr = "Ein Text"
    catalog.save(str(po))
    theirs = _changed(munintl.load(exempelby), "closed")
    real = exchange.import_catalog

    def meanwhile(*args: Any, **kwargs: Any) -> Any:
        _store(location).save(theirs)  # another user saves, revision 2
        return real(*args, **kwargs)

    monkeypatch.setattr(exchange, "import_catalog", meanwhile)
    result = runner.invoke(
        main, ["translate", "import", "--lang", "de", str(po), location]
    )
    assert result.exit_code == 1, result.output
    assert "changed after revision 1" in result.output
    assert _store(location).load() == theirs
    assert [i.revision for i in _store(location).history()] == ["1", "2"]
