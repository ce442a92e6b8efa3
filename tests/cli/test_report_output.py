"""``munintl report -o``: streams, symbolic links, read-only files, suffixes, umask."""

from __future__ import annotations

import os
import stat
import subprocess
import sys
import threading
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from click.testing import CliRunner, Result

from munintl.cli import main
from munintl.hooks.manager import MunintlPluginManager

ROOT = Path(__file__).resolve().parents[2]
EXAMPLE = ROOT / "examples" / "skanderborg"
OVERVIEW = ("report", str(EXAMPLE), "--kind", "overview", "--lang", "en")

Run = Callable[..., Result]


@pytest.fixture
def run(plugin_manager: MunintlPluginManager) -> Run:
    """Run ``munintl`` with the built-in plugins only."""
    runner = CliRunner()

    def invoke(*args: str | Path) -> Result:
        return runner.invoke(main, [str(a) for a in args], catch_exceptions=False)

    return invoke


@pytest.fixture
def umask() -> Iterator[Callable[[int], None]]:
    """Set the process's umask for one test and put the old one back."""
    old = os.umask(0o022)
    os.umask(old)
    yield lambda mask: os.umask(mask) and None
    os.umask(old)


def markdown(run: Run, *args: str | Path) -> Result:
    return run(*OVERVIEW, "-f", "markdown", *args)


def test_dev_stdout_is_written_as_a_stream_not_replaced() -> None:
    before = os.stat("/dev/stdout", follow_symlinks=False)
    result = subprocess.run(
        [sys.executable, "-m", "munintl", *OVERVIEW, "-f", "md", "-o", "/dev/stdout"],
        capture_output=True,
        check=False,
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.startswith(b"#")
    assert b"/dev/stdout" not in result.stdout  # no "written" line in the report
    after = os.stat("/dev/stdout", follow_symlinks=False)
    assert (after.st_mode, after.st_ino) == (before.st_mode, before.st_ino)


def test_a_character_device_stays_one(run: Run) -> None:
    result = markdown(run, "-o", "/dev/null")
    assert result.exit_code == 0, result.output
    assert result.stdout == ""
    assert stat.S_ISCHR(os.stat("/dev/null").st_mode)


def test_a_fifo_is_written_as_a_stream(run: Run, tmp_path: Path) -> None:
    fifo = tmp_path / "pipe"
    os.mkfifo(fifo)
    received: list[bytes] = []
    reader = threading.Thread(target=lambda: received.append(fifo.read_bytes()))
    reader.start()
    try:
        result = markdown(run, "-o", fifo)
    finally:
        if reader.is_alive() and not received:
            with fifo.open("wb"):  # unblock the reader if the write never came
                pass
        reader.join()
    assert result.exit_code == 0, result.output
    assert received[0].startswith(b"#")
    assert stat.S_ISFIFO(os.stat(fifo).st_mode)


def test_dash_writes_standard_output(run: Run, tmp_path: Path) -> None:
    result = markdown(run, "-o", "-")
    assert result.exit_code == 0, result.output
    assert result.stdout.startswith("#")


def test_a_symbolic_link_is_refused_and_left_alone(run: Run, tmp_path: Path) -> None:
    real = tmp_path / "real.md"
    real.write_text("old", encoding="utf-8")
    link = tmp_path / "link.md"
    link.symlink_to(real)
    result = markdown(run, "-o", link)
    assert result.exit_code == 1
    assert str(link) in result.stderr
    assert str(real) in result.stderr
    assert "symbolic link" in result.stderr
    assert link.is_symlink()
    assert real.read_text(encoding="utf-8") == "old"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["link.md", "real.md"]


def test_force_writes_through_a_symbolic_link(run: Run, tmp_path: Path) -> None:
    real = tmp_path / "real.md"
    real.write_text("old", encoding="utf-8")
    link = tmp_path / "link.md"
    link.symlink_to(real)
    result = markdown(run, "--force", "-o", link)
    assert result.exit_code == 0, result.output
    assert link.is_symlink()
    assert os.readlink(link) == str(real)
    assert real.read_text(encoding="utf-8").startswith("#")


def test_a_read_only_file_is_refused(run: Run, tmp_path: Path) -> None:
    target = tmp_path / "r.md"
    target.write_text("old", encoding="utf-8")
    target.chmod(0o444)
    result = markdown(run, "-o", target)
    assert result.exit_code == 1
    assert "read-only" in result.stderr
    assert str(target) in result.stderr
    assert target.read_text(encoding="utf-8") == "old"
    assert stat.S_IMODE(target.stat().st_mode) == 0o444


def test_force_replaces_a_read_only_file(run: Run, tmp_path: Path) -> None:
    target = tmp_path / "r.md"
    target.write_text("old", encoding="utf-8")
    target.chmod(0o444)
    result = markdown(run, "--force", "-o", target)
    assert result.exit_code == 0, result.output
    assert target.read_text(encoding="utf-8").startswith("#")
    assert stat.S_IMODE(target.stat().st_mode) == 0o444


def test_a_suffix_of_another_format_is_a_usage_error(
    run: Run, tmp_path: Path, plugin_manager: MunintlPluginManager
) -> None:
    if "docx" not in plugin_manager.report_formats():
        pytest.skip("the docx format is not installed")
    target = tmp_path / "r.docx"
    result = markdown(run, "-o", target)
    assert result.exit_code == 2
    assert ".docx" in result.stderr
    assert "markdown" in result.stderr
    assert not target.exists()


@pytest.mark.parametrize("name", ["report", "report.v2", "report.md"])
def test_no_suffix_or_an_unknown_one_is_taken_as_given(
    run: Run, tmp_path: Path, name: str
) -> None:
    target = tmp_path / name
    result = markdown(run, "-o", target)
    assert result.exit_code == 0, result.output
    assert target.read_text(encoding="utf-8").startswith("#")


def test_new_files_honour_the_umask(
    run: Run, tmp_path: Path, umask: Callable[[int], None]
) -> None:
    umask(0o027)
    target = tmp_path / "r.md"
    result = markdown(run, "-o", target)
    assert result.exit_code == 0, result.output
    assert stat.S_IMODE(target.stat().st_mode) == 0o640


@pytest.mark.skipif(not Path("/dev/stdout").exists(), reason="no /dev/stdout here")
@pytest.mark.parametrize("mode", ["wb", "ab"])
def test_dev_stdout_sent_to_a_file_writes_the_file(tmp_path: Path, mode: str) -> None:
    """``-o /dev/stdout > report.md`` (or ``>>``): /dev/stdout leads to a file."""
    out = tmp_path / "report.md"
    out.write_bytes(b"before\n")
    with out.open(mode) as handle:
        result = subprocess.run(
            [
                sys.executable,
                "-m",
                "munintl",
                *OVERVIEW,
                "-f",
                "md",
                "-o",
                "/dev/stdout",
            ],
            stdout=handle,
            stderr=subprocess.PIPE,
            check=False,
        )
    assert result.returncode == 0, result.stderr
    text = out.read_bytes()
    assert text.startswith(b"#" if mode == "wb" else b"before\n#")
    assert not out.is_symlink()
