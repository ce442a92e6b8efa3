"""The wheel, the README's commands and the CI script agree with each other."""

from __future__ import annotations

import gettext
import importlib.util
import io
import re
import shutil
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest
from click.testing import CliRunner

ROOT = Path(__file__).resolve().parents[1]
README = ROOT / "README.md"
CI_SCRIPT = ROOT / ".ci" / "run"


def readme_commands() -> list[str]:
    """The commands of the README's first two code blocks, in order."""
    blocks = re.findall(
        r"^```console\n(.*?)^```", README.read_text("utf-8"), re.M | re.S
    )
    return [block.strip() for block in blocks[:2]]


@pytest.fixture(scope="module")
def wheel(tmp_path_factory: pytest.TempPathFactory) -> zipfile.ZipFile:
    """Build the wheel from this checkout, as ``pip wheel .`` does."""
    if importlib.util.find_spec("hatchling") is None:
        pytest.skip("hatchling is not installed (it is in the 'test' dependency group)")
    out = tmp_path_factory.mktemp("wheel")
    result = subprocess.run(
        [
            sys.executable,
            "-m",
            "pip",
            "wheel",
            "--no-deps",
            "--no-build-isolation",
            "--quiet",
            "--wheel-dir",
            str(out),
            str(ROOT),
        ],
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    (path,) = out.glob("munintl-*.whl")
    return zipfile.ZipFile(path)


@pytest.mark.parametrize(
    "member",
    [
        "munintl/py.typed",
        "munintl/locale/da/LC_MESSAGES/munintl.mo",
        "munintl/locale/de/LC_MESSAGES/munintl.mo",
        "munintl/locale/en/LC_MESSAGES/munintl.mo",
        "munintl/examples/skanderborg/municipality.yaml",
        "munintl/examples/skanderborg/munintl.toml",
    ],
)
def test_wheel_contains(wheel: zipfile.ZipFile, member: str) -> None:
    assert member in wheel.namelist()


def test_wheel_metadata_has_the_version_from_pyproject(
    wheel: zipfile.ZipFile,
) -> None:
    import tomllib

    project = tomllib.loads((ROOT / "pyproject.toml").read_text("utf-8"))["project"]
    (metadata,) = [n for n in wheel.namelist() if n.endswith(".dist-info/METADATA")]
    headers = wheel.read(metadata).decode("utf-8").split("\n\n", 1)[0]
    assert f"\nVersion: {project['version']}\n" in headers
    assert "Provides-Extra: testing" in headers


def test_wheel_passes_twine_check(wheel: zipfile.ZipFile) -> None:
    pytest.importorskip("twine", reason="twine is in the 'release' dependency group")
    assert wheel.filename is not None
    result = subprocess.run(
        [sys.executable, "-m", "twine", "check", "--strict", wheel.filename],
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 0, result.stdout + result.stderr


def test_wheel_catalog_is_danish(wheel: zipfile.ZipFile) -> None:
    data = wheel.read("munintl/locale/da/LC_MESSAGES/munintl.mo")
    catalog = gettext.GNUTranslations(io.BytesIO(data))
    assert catalog.gettext("Check the portfolio at PATH and list every problem.") == (
        "Kontrollér porteføljen i PATH og vis alle problemer."
    )


def test_wheel_has_the_whole_example(wheel: zipfile.ZipFile) -> None:
    example = ROOT / "examples" / "skanderborg"
    expected = {
        "munintl/examples/skanderborg/" + path.relative_to(example).as_posix()
        for path in example.rglob("*")
        if path.is_file()
    }
    assert expected <= set(wheel.namelist())


def test_wheel_has_no_tests_docs_or_caches(wheel: zipfile.ZipFile) -> None:
    unexpected = [
        name
        for name in wheel.namelist()
        if name.startswith(("tests/", "docs/"))
        or "__pycache__" in name
        or name.endswith((".pyc", ".po~"))
    ]
    assert unexpected == []


def test_readme_starts_with_two_commands() -> None:
    install, tests = readme_commands()
    assert install.startswith('pip install ".[all]"')
    assert "munintl validate examples/skanderborg" in install
    assert "munintl report examples/skanderborg --followup" in install
    assert tests.endswith("python -m pytest")


def test_ci_runs_the_readme_test_command_exactly() -> None:
    _install, tests = readme_commands()
    lines = [line.strip() for line in CI_SCRIPT.read_text("utf-8").splitlines()]
    assert tests in lines


def test_ci_runs_the_readme_main_job() -> None:
    install, _tests = readme_commands()
    main_job = install.split("&&", 1)[1].strip()
    assert main_job in CI_SCRIPT.read_text("utf-8")


def test_ci_script_is_strict_bash() -> None:
    text = CI_SCRIPT.read_text("utf-8")
    assert text.startswith("#!/usr/bin/env bash\n")
    assert "set -euo pipefail" in text
    assert "sphinx -W" in text
    bash = shutil.which("bash")
    if bash is None:
        pytest.skip("bash is not installed")
    result = subprocess.run(
        [bash, "-n", str(CI_SCRIPT)], capture_output=True, check=False
    )
    assert result.returncode == 0, result.stderr


def test_readme_main_job_succeeds(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, plugin_manager: object
) -> None:
    import shlex

    from munintl.cli import main

    install, _tests = readme_commands()
    steps = [shlex.split(step) for step in install.split("&&")[1:]]
    assert all(step[0] == "munintl" for step in steps)
    (tmp_path / "examples").symlink_to(ROOT / "examples", target_is_directory=True)
    monkeypatch.chdir(tmp_path)
    for step in steps:
        result = CliRunner().invoke(main, step[1:])
        assert result.exit_code == 0, result.output
    outputs = [Path(step[step.index("-o") + 1]) for step in steps if "-o" in step]
    assert outputs
    for output in outputs:
        assert output.stat().st_size > 1000


def test_pre_commit_runs_ruff_and_the_import_graph_check() -> None:
    from ruamel.yaml import YAML

    path = ROOT / ".pre-commit-config.yaml"
    config = YAML(typ="safe").load(path.read_text("utf-8"))
    hooks = {hook["id"]: hook for repo in config["repos"] for hook in repo["hooks"]}
    assert hooks["ruff-check"]["entry"].startswith("ruff check")
    assert hooks["ruff-format"]["entry"].startswith("ruff format")
    graph = hooks["import-graph"]["entry"].split()
    assert graph[:3] == ["python", "-m", "pytest"]
    assert graph[-1] == "tests/test_layers.py"
    assert (ROOT / graph[-1]).is_file()
    if importlib.util.find_spec("pre_commit") is None:
        pytest.skip("pre-commit is not installed (it is in the 'dev' dependency group)")
    result = subprocess.run(
        [sys.executable, "-m", "pre_commit", "validate-config", str(path)],
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 0, result.stdout + result.stderr


def test_changelog_lists_every_moved_module() -> None:
    from munintl._compat import MOVED

    text = (ROOT / "CHANGELOG.md").read_text("utf-8")
    missing = [
        f"{old} -> {new}"
        for old, new in sorted(MOVED.items())
        if f"| `{old}` | `{new}` |" not in text
    ]
    assert missing == []


def test_changelog_has_an_unreleased_section() -> None:
    text = (ROOT / "CHANGELOG.md").read_text("utf-8")
    assert text.startswith("# Changelog\n")
    assert "\n## Unreleased\n" in text
