"""The YAML directory store's journal: a save happens wholly or not at all."""

from __future__ import annotations

import hashlib
import json
import os
import shutil
from collections.abc import Callable
from pathlib import Path

import attrs
import pytest

from munintl.errors import StorageError
from munintl.model import LocalizedText, Portfolio
from munintl.plugins.storage.yaml_dir import YamlDirSettings, journal
from munintl.plugins.storage.yaml_dir.store import YamlDirStore
from munintl.testing.samples import sample_portfolio
from plugins.storage.yaml_dir.helpers import write

# -- crash safety ------------------------------------------------------------------


def changed_portfolio() -> Portfolio:
    """The sample with files to change, add and delete when saved over it."""
    portfolio = sample_portfolio()
    renamed = attrs.evolve(
        portfolio.municipality,
        name=LocalizedText(values={"da": "Ny Egeby Kommune", "en": "New Egeby"}),
    )
    return attrs.evolve(
        portfolio,
        municipality=renamed,
        organisations=portfolio.organisations[1:],
        bodies=(*portfolio.bodies, attrs.evolve(portfolio.bodies[0], id="nyt-udvalg")),
    )


class Crash(Exception):
    """The simulated end of the process."""


def count_replaces(root: Path) -> int:
    """Count the renames of saving the changed portfolio over the sample."""
    calls = 0
    real = os.replace

    def counting(src: str, dst: str) -> None:
        nonlocal calls
        calls += 1
        real(src, dst)

    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(os, "replace", counting)
        YamlDirStore(str(root)).save(changed_portfolio())
    return calls


def crashing_replace(crash_at: int) -> Callable[[str, str], None]:
    """Return an os.replace that dies on its ``crash_at``-th call, and after."""
    real = os.replace
    calls = 0

    def replace(src: str, dst: str) -> None:
        nonlocal calls
        calls += 1
        if calls >= crash_at:
            raise Crash
        real(src, dst)

    return replace


def test_interrupted_save_leaves_the_old_or_the_new_portfolio(
    saved_sample: Path, tmp_path: Path
) -> None:
    total = count_replaces(Path(shutil.copytree(saved_sample, tmp_path / "probe")))
    outcomes = []
    for crash_at in range(1, total + 1):
        location = Path(shutil.copytree(saved_sample, tmp_path / f"store-{crash_at}"))
        with pytest.MonkeyPatch.context() as patch:
            patch.setattr(os, "replace", crashing_replace(crash_at))
            with pytest.raises(Crash):
                YamlDirStore(str(location)).save(changed_portfolio())
        loaded = YamlDirStore(str(location)).load()
        assert loaded in (sample_portfolio(), changed_portfolio()), crash_at
        outcomes.append("new" if loaded == changed_portfolio() else "old")
        assert not journal.needs_recovery(location)
        assert not [p for p in location.rglob("*") if journal.TEMP_SUFFIX in p.name]
    # Before the commit the old data survives; after it, the new.
    assert outcomes == ["old", "old"] + ["new"] * (total - 2)


def test_keyboard_interrupt_while_writing_leaves_the_old_portfolio(
    root: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    real = journal._write_durably
    calls = 0

    def interrupted(path: Path, data: bytes) -> None:
        nonlocal calls
        calls += 1
        if calls == 3:
            raise KeyboardInterrupt
        real(path, data)

    monkeypatch.setattr(journal, "_write_durably", interrupted)
    with pytest.raises(KeyboardInterrupt):
        YamlDirStore(str(root)).save(changed_portfolio())
    monkeypatch.undo()
    assert YamlDirStore(str(root)).load() == sample_portfolio()


def test_next_load_undoes_a_save_killed_before_its_commit(
    root: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    real_write = journal._write_journal
    real_finish = journal._finish
    journals = 0

    def commit_kills(root_: Path, data: dict[str, object]) -> None:
        nonlocal journals
        journals += 1
        if journals == 2:
            raise Crash
        real_write(root_, data)

    def killed_finish(root_: Path, plan: dict[str, object], *, commit: bool) -> None:
        # A killed process cleans nothing up.
        if commit:
            real_finish(root_, plan, commit=commit)

    monkeypatch.setattr(journal, "_write_journal", commit_kills)
    monkeypatch.setattr(journal, "_finish", killed_finish)
    with pytest.raises(Crash):
        YamlDirStore(str(root)).save(changed_portfolio())
    monkeypatch.undo()
    assert journal.needs_recovery(root)
    assert [p for p in root.rglob("*") if journal.TEMP_SUFFIX in p.name]
    assert YamlDirStore(str(root)).load() == sample_portfolio()
    assert not [p for p in root.rglob("*") if journal.TEMP_SUFFIX in p.name]
    assert not journal.needs_recovery(root)


def test_next_load_finishes_a_save_killed_after_its_commit(
    root: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    def killed(*_args: object, **_kwargs: object) -> None:
        raise Crash

    monkeypatch.setattr(journal, "_finish", killed)
    with pytest.raises(Crash):
        YamlDirStore(str(root)).save(changed_portfolio())
    monkeypatch.undo()
    assert journal.needs_recovery(root)
    store = YamlDirStore(str(root))
    assert store.revision() is not None  # reading the revision recovers too
    assert not journal.needs_recovery(root)
    assert store.load() == changed_portfolio()


def test_damaged_journal_is_reported_not_followed(root: Path) -> None:
    write(
        root, journal.JOURNAL, '{"state": "committed", "write": [], "delete": ["../x"]}'
    )
    with pytest.raises(StorageError, match="damaged"):
        YamlDirStore(str(root)).load()
    write(root, journal.JOURNAL, "{not json")
    with pytest.raises(StorageError, match="damaged"):
        YamlDirStore(str(root)).load()


# -- the lock ----------------------------------------------------------------------


def test_save_gives_up_while_another_save_holds_the_lock(root: Path) -> None:
    store = YamlDirStore(str(root), YamlDirSettings(lock_timeout=0))
    with (
        journal.locked(root, exclusive=True),
        pytest.raises(StorageError, match="another"),
    ):
        store.save(changed_portfolio())
    assert YamlDirStore(str(root)).load() == sample_portfolio()


def test_reads_share_the_lock(root: Path) -> None:
    store = YamlDirStore(str(root), YamlDirSettings(lock_timeout=0))
    with journal.locked(root, exclusive=False):
        assert store.load() == sample_portfolio()


# -- the journal on its own ---------------------------------------------------------


def everything(_relpath: str) -> bool:
    return True


def files(root: Path) -> dict[str, bytes]:
    return {
        p.relative_to(root).as_posix(): p.read_bytes()
        for p in sorted(root.rglob("*"))
        if p.is_file()
    }


def test_temp_path_is_a_hidden_file_beside_its_target() -> None:
    target = Path("store/initiatives/a.yaml")
    assert journal.temp_path(target) == Path(
        f"store/initiatives/.a.yaml{journal.TEMP_SUFFIX}"
    )


def test_replace_files_writes_and_deletes_and_leaves_nothing_else(
    tmp_path: Path,
) -> None:
    write(tmp_path, "a.yaml", "old a\n")
    write(tmp_path, "gone/b.yaml", "old b\n")
    write(tmp_path, "kept/README.md", "notes\n")
    write(tmp_path, "kept/c.yaml", "old c\n")
    journal.replace_files(
        tmp_path,
        [("a.yaml", b"new a\n"), ("new/deeper/d.yaml", b"d\n")],
        ["gone/b.yaml", "kept/c.yaml"],
        owned=everything,
    )
    assert files(tmp_path) == {
        "a.yaml": b"new a\n",
        "kept/README.md": b"notes\n",
        "new/deeper/d.yaml": b"d\n",
    }
    # A folder the save emptied goes; one holding anything else stays.
    assert not (tmp_path / "gone").exists()
    assert not journal.needs_recovery(tmp_path)


@pytest.mark.skipif(os.name == "nt", reason="POSIX permissions")
def test_replace_files_keeps_the_permissions_of_a_replaced_file(
    tmp_path: Path,
) -> None:
    write(tmp_path, "a.yaml", "old\n")
    (tmp_path / "a.yaml").chmod(0o640)
    journal.replace_files(tmp_path, [("a.yaml", b"new\n")], [], owned=everything)
    assert (tmp_path / "a.yaml").stat().st_mode & 0o777 == 0o640


def prepare(root: Path, state: str) -> None:
    """Leave what a save killed after writing its new files leaves."""
    write(root, "a.yaml", "old\n")
    write(root, "b.yaml", "to delete\n")
    new = journal.temp_path(root / "a.yaml")
    new.write_bytes(b"new\n")
    # What the writer records: this directory, and each file's hash and inode.
    plan = {
        "version": journal.VERSION,
        "state": state,
        "store": os.stat(root).st_ino,
        "write": [
            {"path": "a.yaml", "sha256": sha256(b"new\n"), "inode": new.stat().st_ino}
        ],
        "delete": [{"path": "b.yaml", "sha256": sha256(b"to delete\n")}],
    }
    write(root, journal.JOURNAL, json.dumps(plan))


def sha256(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def test_recover_undoes_a_prepared_save(tmp_path: Path) -> None:
    prepare(tmp_path, "prepared")
    assert journal.needs_recovery(tmp_path)
    journal.recover(tmp_path, owned=everything)
    assert files(tmp_path) == {"a.yaml": b"old\n", "b.yaml": b"to delete\n"}


def test_recover_finishes_a_committed_save(tmp_path: Path) -> None:
    prepare(tmp_path, "committed")
    journal.recover(tmp_path, owned=everything)
    assert files(tmp_path) == {"a.yaml": b"new\n"}
    assert not journal.needs_recovery(tmp_path)


def test_recover_drops_a_journal_that_was_never_committed(tmp_path: Path) -> None:
    write(tmp_path, "a.yaml", "old\n")
    write(tmp_path, journal.JOURNAL + ".next", '{"state": "prepa')
    assert journal.needs_recovery(tmp_path)
    journal.recover(tmp_path, owned=everything)
    assert files(tmp_path) == {"a.yaml": b"old\n"}


def test_recover_refuses_a_journal_naming_files_the_store_does_not_own(
    tmp_path: Path,
) -> None:
    prepare(tmp_path, "committed")
    write(tmp_path, "README.md", "keep me\n")
    plan = {"version": 1, "state": "committed", "write": [], "delete": ["README.md"]}
    write(tmp_path, journal.JOURNAL, json.dumps(plan))
    with pytest.raises(StorageError, match="damaged"):
        journal.recover(tmp_path, owned=lambda relpath: relpath.endswith(".yaml"))
    assert (tmp_path / "README.md").read_text(encoding="utf-8") == "keep me\n"


def test_an_exclusive_lock_keeps_out_a_second_one(tmp_path: Path) -> None:
    with journal.locked(tmp_path, exclusive=True):
        with (
            pytest.raises(StorageError, match="being saved by another program"),
            journal.locked(tmp_path, exclusive=True, timeout=0),
        ):
            pass
        with (
            pytest.raises(StorageError),
            journal.locked(tmp_path, exclusive=False, timeout=0),
        ):
            pass
    with journal.locked(tmp_path, exclusive=True, timeout=0):
        pass
