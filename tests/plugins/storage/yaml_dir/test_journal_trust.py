"""A journal is followed only when this store's writer provably left it here.

A folder can arrive with a ``.munintl-journal.json`` and hidden
``.*.munintl-new`` files in it.  Reading such a store -- ``validate``,
``show``, ``report``, ``munintl.load`` -- must change nothing: it stops
with a message naming the journal.  A journal the writer did leave (a save
killed half-way, in this very directory) is still finished or undone, and
the user is told.
"""

from __future__ import annotations

import hashlib
import json
import logging
import os
import shutil
import signal
import stat
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path

import attrs
import pytest

import munintl
from munintl.errors import StorageError
from munintl.model import LocalizedText, Portfolio
from munintl.plugins.storage.yaml_dir import journal
from munintl.plugins.storage.yaml_dir.store import YamlDirStore
from munintl.testing.samples import sample_portfolio
from plugins.storage.yaml_dir.helpers import INITIATIVE, write

needs_posix = pytest.mark.skipif(
    sys.platform == "win32", reason="symlinks and FIFOs need POSIX"
)
OTHER = "initiatives/international-sommerskole.yaml"


def snapshot(*roots: Path) -> dict[str, tuple[str, bytes, int]]:
    """Every entry under ``roots``, hidden ones too: kind, bytes, mtime."""
    entries = {}
    for root in roots:
        for path in sorted(root.rglob("*")):
            info = path.lstat()
            if stat.S_ISLNK(info.st_mode):
                entries[str(path)] = ("link", os.readlink(path).encode(), 0)
            elif stat.S_ISREG(info.st_mode):
                entries[str(path)] = ("file", path.read_bytes(), info.st_mtime_ns)
            else:
                entries[str(path)] = ("other", b"", 0)
    return entries


def sha(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


@pytest.fixture
def outside(tmp_path: Path) -> Path:
    """A folder beside the store with a file that must survive."""
    folder = tmp_path / "outside"
    write(folder, "precious.yaml", "name: do not touch\n")
    return folder


def ship(root: Path, plan: dict[str, object], temps: dict[str, bytes]) -> None:
    """Put a journal and hidden new files into ``root``, as a download would."""
    for relpath, data in temps.items():
        journal.temp_path(root / relpath).write_bytes(data)
    write(root, journal.JOURNAL, json.dumps(plan))


def v1(state: str, writes: list[str], deletes: list[str]) -> dict[str, object]:
    return {"version": 1, "state": state, "write": writes, "delete": deletes}


def v2(
    root: Path, writes: list[dict[str, object]], deletes: list[dict[str, object]]
) -> dict[str, object]:
    """A journal in the writer's format, for ``root``."""
    return {
        "version": 2,
        "state": "committed",
        "store": os.stat(root).st_ino,
        "write": writes,
        "delete": deletes,
    }


EVIL = b"name:\n  da: Overtaget\n"


def hostile_journals(root: Path, outside: Path) -> dict[str, dict[str, object]]:
    """Journals an attacker could ship, by the name of what they try."""
    data = (root / INITIATIVE).read_bytes()
    ino = os.stat(root).st_ino
    return {
        "v1-delete": v1("committed", [], [INITIATIVE, OTHER]),
        "v1-swap": v1("committed", [INITIATIVE], []),
        "v1-undo": v1("prepared", [INITIATIVE], []),
        "v2-other-directory": {
            **v2(root, [{"path": INITIATIVE, "sha256": sha(EVIL), "inode": 1}], []),
            "store": ino + 1,
        },
        "v2-temp-not-written-here": v2(
            root, [{"path": INITIATIVE, "sha256": sha(EVIL), "inode": 1}], []
        ),
        "v2-temp-changed": v2(
            root, [{"path": INITIATIVE, "sha256": sha(b"other"), "inode": 1}], []
        ),
        "v2-delete-edited-file": v2(
            root, [], [{"path": INITIATIVE, "sha256": sha(data + b"#")}]
        ),
        "v2-dotdot": v2(
            root, [], [{"path": "../outside/precious.yaml", "sha256": sha(b"")}]
        ),
        "v2-absolute": v2(
            root, [], [{"path": str(outside / "precious.yaml"), "sha256": sha(b"")}]
        ),
        "v2-not-the-stores": v2(
            root, [], [{"path": "munintl.toml", "sha256": sha(b"")}]
        ),
        "v2-no-hashes": {**v2(root, [], []), "delete": [INITIATIVE]},
        "garbage": {"state": "committed"},
    }


CASES = [
    "v1-delete",
    "v1-swap",
    "v1-undo",
    "v2-other-directory",
    "v2-temp-not-written-here",
    "v2-temp-changed",
    "v2-delete-edited-file",
    "v2-dotdot",
    "v2-absolute",
    "v2-not-the-stores",
    "v2-no-hashes",
    "garbage",
]


@pytest.mark.parametrize("case", CASES)
def test_shipped_journal_is_refused_and_nothing_changes(
    root: Path, outside: Path, case: str
) -> None:
    ship(root, hostile_journals(root, outside)[case], {INITIATIVE: EVIL})
    before = snapshot(root, outside)
    for operation in (
        lambda: YamlDirStore(str(root)).load(),
        lambda: YamlDirStore(str(root)).revision(),
        lambda: munintl.load(root),
        lambda: YamlDirStore(str(root)).save(sample_portfolio()),
    ):
        with pytest.raises(StorageError, match="was not written by a save of this"):
            operation()
        assert snapshot(root, outside) == before


@needs_posix
def test_journal_through_a_linked_folder_is_refused(root: Path, outside: Path) -> None:
    (root / "organisations").rename(root / "organisations-real")
    (root / "organisations").symlink_to(outside, target_is_directory=True)
    plan = v2(root, [], [{"path": "organisations/precious.yaml", "sha256": sha(b"")}])
    ship(root, plan, {})
    before = snapshot(root, outside)
    with pytest.raises(StorageError, match="goes through the link"):
        YamlDirStore(str(root)).load()
    assert snapshot(root, outside) == before


@needs_posix
@pytest.mark.parametrize("kind", ["link", "fifo", "directory", "huge"])
def test_journal_that_is_no_plain_file_is_refused(
    root: Path, outside: Path, kind: str
) -> None:
    path = root / journal.JOURNAL
    if kind == "link":
        path.symlink_to(outside / "precious.yaml")
    elif kind == "fifo":
        os.mkfifo(path)  # reading it must not block
    elif kind == "directory":
        path.mkdir()
    else:
        with path.open("wb") as stream:
            stream.truncate(journal.MAX_JOURNAL_SIZE + 1)
    before = snapshot(root, outside)
    with pytest.raises(StorageError, match="damaged"):
        YamlDirStore(str(root)).load()
    assert snapshot(root, outside) == before


@needs_posix
def test_new_file_planted_as_a_link_is_not_followed(root: Path, outside: Path) -> None:
    data = (root / INITIATIVE).read_bytes()
    plan = v2(root, [{"path": INITIATIVE, "sha256": sha(data), "inode": 0}], [])
    journal.temp_path(root / INITIATIVE).symlink_to(outside / "precious.yaml")
    plan["write"][0]["inode"] = os.lstat(journal.temp_path(root / INITIATIVE)).st_ino  # type: ignore[index]
    write(root, journal.JOURNAL, json.dumps(plan))
    before = snapshot(root, outside)
    with pytest.raises(StorageError, match="is not the one the save wrote"):
        YamlDirStore(str(root)).load()
    assert snapshot(root, outside) == before


@needs_posix
def test_save_writes_through_no_planted_link(root: Path, outside: Path) -> None:
    precious = outside / "precious.yaml"
    journal.temp_path(root / "municipality.yaml").symlink_to(precious)
    (root / (journal.JOURNAL + ".next")).symlink_to(outside / "journal-target")
    store = YamlDirStore(str(root))
    changed = sample_portfolio()
    changed = attrs.evolve(
        changed,
        municipality=attrs.evolve(
            changed.municipality, name=LocalizedText(values={"da": "Ny Egeby"})
        ),
    )
    store.save(changed)
    assert precious.read_text(encoding="utf-8") == "name: do not touch\n"
    assert not (outside / "journal-target").exists()
    assert YamlDirStore(str(root)).load() == changed
    assert not journal.needs_recovery(root)


# -- the writer's own journal is still followed ---------------------------------


class Crash(Exception):
    """The simulated end of the process."""


def crash_after_commit(root: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Save a change and die after the commit, before any file is renamed."""

    def killed(*_args: object, **_kwargs: object) -> None:
        raise Crash

    store = YamlDirStore(str(root))
    portfolio = store.load()
    renamed = attrs.evolve(
        portfolio,
        municipality=attrs.evolve(
            portfolio.municipality,
            name=LocalizedText(values={"da": "Ny Egeby", "en": "New Egeby"}),
        ),
        organisations=portfolio.organisations[1:],
    )
    with monkeypatch.context() as patch:
        patch.setattr(journal, "_finish", killed)
        with pytest.raises(Crash):
            store.save(renamed)
    assert journal.pending(root)


def test_load_finishes_the_stores_own_interrupted_save_and_says_so(
    root: Path, monkeypatch: pytest.MonkeyPatch, caplog: pytest.LogCaptureFixture
) -> None:
    crash_after_commit(root, monkeypatch)
    with caplog.at_level(logging.WARNING, logger="munintl.storage"):
        loaded = YamlDirStore(str(root)).load()
    assert loaded.municipality.name.values["da"] == "Ny Egeby"
    assert [r.getMessage() for r in caplog.records] == [
        f"{root}: finished a save that was interrupted (files written: 1, deleted: 1)"
    ]
    assert not journal.needs_recovery(root)


def test_copy_of_a_store_with_a_pending_save_is_refused(
    root: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    crash_after_commit(root, monkeypatch)
    copy = Path(shutil.copytree(root, tmp_path / "copy", symlinks=True))
    before = snapshot(copy)
    with pytest.raises(StorageError, match="belongs to another directory"):
        YamlDirStore(str(copy)).load()
    assert snapshot(copy) == before


def test_tampered_new_file_stops_the_recovery(
    root: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    crash_after_commit(root, monkeypatch)
    temp = journal.temp_path(root / "municipality.yaml")
    temp.write_bytes(temp.read_bytes() + b"# edited\n")
    before = snapshot(root)
    with pytest.raises(StorageError, match=r"municipality\.yaml is not the one"):
        YamlDirStore(str(root)).load()
    assert snapshot(root) == before


# -- through the command line -------------------------------------------------------


def munintl_cli(*args: str | Path) -> subprocess.CompletedProcess[str]:
    environment = {**os.environ, "MUNINTL_LOAD_PLUGINS": "", "MUNINTL_LANG": "en"}
    return subprocess.run(
        [sys.executable, "-m", "munintl", *map(str, args)],
        capture_output=True,
        text=True,
        env=environment,
        check=False,
        timeout=120,
    )


@pytest.mark.parametrize(
    "command",
    [
        ["validate"],
        ["show"],
        ["report", "--kind", "register", "-f", "markdown"],
    ],
)
def test_read_only_commands_change_nothing_in_a_shipped_folder(
    root: Path, outside: Path, command: list[str]
) -> None:
    plans = hostile_journals(root, outside)
    ship(root, plans["v1-delete"], {INITIATIVE: EVIL})
    before = snapshot(root, outside)
    result = munintl_cli(command[0], root, *command[1:])
    assert result.returncode == 1, result.stderr
    assert "Traceback" not in result.stderr
    assert f"{root / journal.JOURNAL} is damaged or was not written" in result.stderr
    assert snapshot(root, outside) == before


def test_command_line_says_when_it_finishes_an_interrupted_save(
    root: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    crash_after_commit(root, monkeypatch)
    result = munintl_cli("show", root)
    assert result.returncode == 0, result.stderr
    assert "finished a save that was interrupted" in result.stderr
    assert not journal.needs_recovery(root)


# -- killed at every step ----------------------------------------------------------

#: The calls through which a save changes the disk; the process is killed
#: (SIGKILL, nothing cleaned up) just before one of them.
STEPS = ("replace", "unlink", "rmdir", "mkdir", "fsync", "open")


def killed_save(root: Path, portfolio: Portfolio, kill_at: int) -> bool:
    """Save in a forked child killed before its ``kill_at``-th step; say if it was."""
    pid = os.fork()
    if pid == 0:  # the child never returns to the test runner
        try:
            calls = 0

            def step(real: Callable[..., object]) -> Callable[..., object]:
                def counted(*args: object, **kwargs: object) -> object:
                    nonlocal calls
                    calls += 1
                    if calls == kill_at:
                        os.kill(os.getpid(), signal.SIGKILL)
                    return real(*args, **kwargs)

                return counted

            for name in STEPS:
                setattr(os, name, step(getattr(os, name)))
            YamlDirStore(str(root)).save(portfolio)
        finally:
            os._exit(0)
    _, status = os.waitpid(pid, 0)
    return os.WIFSIGNALED(status)


@pytest.mark.skipif(not hasattr(os, "fork"), reason="needs fork and SIGKILL")
def test_save_killed_at_any_step_is_recovered_without_doubt(tmp_path: Path) -> None:
    sample = sample_portfolio()
    # Small, so that trying every step stays quick: a file to change, one
    # to add, one to delete.
    old = attrs.evolve(
        sample,
        bodies=sample.bodies[:1],
        organisations=sample.organisations[:2],
        strategies=(),
        initiatives=(),
        partnerships=(),
        followups=(),
    )
    new = attrs.evolve(
        old,
        municipality=attrs.evolve(
            old.municipality, name=LocalizedText(values={"da": "Ny Egeby"})
        ),
        organisations=old.organisations[1:],
        bodies=(*old.bodies, attrs.evolve(old.bodies[0], id="nyt-udvalg")),
    )
    start = tmp_path / "start"
    YamlDirStore(str(start)).save(old)
    outcomes = []
    for kill_at in range(1, 500):
        root = Path(shutil.copytree(start, tmp_path / f"store-{kill_at}"))
        if not killed_save(root, new, kill_at):
            break  # the save ran to its end: every step has been tried
        loaded = YamlDirStore(str(root)).load()  # no StorageError: proven
        assert loaded in (old, new), kill_at
        outcomes.append("new" if loaded == new else "old")
        assert not journal.pending(root)
        assert not [p for p in root.rglob("*") if journal.TEMP_SUFFIX in p.name]
        # At most a half-written first journal, never read, is left for the
        # next save to remove: a load writes nothing it need not.
        assert {p.name for p in root.glob(".munintl-*")} <= {journal.JOURNAL + ".next"}
    assert YamlDirStore(str(root)).load() == new
    assert not journal.needs_recovery(root)
    # Old until the commit, new from it on; never a mix, never refused.
    assert outcomes == sorted(outcomes, key=("old", "new").index)
    assert "old" in outcomes
    assert "new" in outcomes
