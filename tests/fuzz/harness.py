"""Hostile input for every store and the configuration, and what must hold.

A *case* is one file of a portfolio replaced by other bytes: a file of the
Skanderborg example as a YAML directory store, the example as one JSON or
TOML file, or the example's ``munintl.toml``.  :func:`check` runs
``munintl validate``, ``show`` and, when validation passes, ``report`` on
it, in this process, and asserts:

* no traceback: each command exits 0 or 1, and a failure is a message
  that names the file (the store, or the file in it, or ``munintl.toml``);
* nothing written: every file in the portfolio's folder keeps its bytes,
  mode and modification time, and no file appears or goes;
* what validates, renders: when ``validate`` exits 0, ``report`` of the
  drawn kind in every installed format exits 0 (for a mutated
  ``munintl.toml`` it may exit 1, with a message naming the file).

The cases come from Hypothesis (:func:`cases`): raw bytes, byte-level
mutations of the original file, and structured mutations (a text
replaced by other text, a value replaced by another of any type, a key
removed, an unknown key added, deep nesting), serialised back in the
file's format.  ``tests/fuzz/
corpus/`` keeps cases worth replaying: hand-made seeds and every case the
fuzzer found failing, replayed by the test suite.
"""

from __future__ import annotations

import atexit
import functools
import hashlib
import io
import json
import os
import shutil
import stat
import tempfile
import tomllib
from collections.abc import Callable
from pathlib import Path
from typing import Any

import attrs
from click.testing import CliRunner
from hypothesis import strategies as st

HERE = Path(__file__).resolve().parent
CORPUS = HERE / "corpus"
EXAMPLE = HERE.parents[1] / "examples" / "skanderborg"
#: The report formats checked when validation passes (every installed one).
KINDS = (
    ("overview",),
    ("register",),
    ("followup", "--year", "2011"),
)

#: The files a case may replace, by target.
YAML_FILES = (
    "municipality.yaml",
    "initiatives/innourba.yaml",
    "partnerships/eisenach.yaml",
    "strategies/international-strategi/strategy.yaml",
    "strategies/international-strategi/themes/borgerservice.yaml",
    "followups/opfoelgning-2011/followup.yaml",
)
TARGETS = ("yaml", "json", "toml", "config")


@attrs.frozen
class Case:
    """One file of the example, replaced by ``data``."""

    target: str  # "yaml", "json", "toml" or "config"
    relpath: str  # the file in the portfolio's folder
    data: bytes
    kind: tuple[str, ...] = KINDS[0]

    def corpus_name(self) -> str:
        """The case's file name in ``corpus/<target>/``."""
        digest = hashlib.sha256(self.data).hexdigest()[:12]
        return f"{self.relpath.replace('/', '__')}.{digest}"


def load_corpus() -> list[Case]:
    """Every case kept in ``corpus/``."""
    cases = []
    for path in sorted(CORPUS.glob("*/*")):
        relpath = path.name.rpartition(".")[0].replace("__", "/")
        cases.append(Case(path.parent.name, relpath, path.read_bytes()))
    return cases


def keep(case: Case) -> Path:
    """Write ``case`` into the corpus; return its path."""
    path = CORPUS / case.target / case.corpus_name()
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(case.data)
    return path


# -- the example in each store -------------------------------------------------------


@functools.cache
def baseline(target: str) -> Path:
    """A folder holding the example as ``target`` stores it (made once)."""
    import munintl

    folder = Path(tempfile.mkdtemp(prefix=f"munintl-fuzz-{target}-"))
    atexit.register(shutil.rmtree, folder, ignore_errors=True)
    portfolio = munintl.load(str(EXAMPLE))
    if target in ("yaml", "config"):
        shutil.copytree(EXAMPLE, folder / "store")
    else:
        (folder / "store").mkdir()
        munintl.save(portfolio, str(folder / "store" / f"portfolio.{target}"))
    return folder / "store"


def original(target: str, relpath: str) -> bytes:
    """The bytes of ``relpath`` in the baseline of ``target``."""
    return (baseline(target) / relpath).read_bytes()


def relpaths(target: str) -> tuple[str, ...]:
    """The files a case of ``target`` may replace."""
    if target == "yaml":
        return YAML_FILES
    if target == "config":
        return ("munintl.toml",)
    return (f"portfolio.{target}",)


# -- mutations ---------------------------------------------------------------------------

_TEXT = st.text(
    st.characters(codec="utf-8") | st.sampled_from("\ufffe\uffff\u202e\x7f\x85"),
    max_size=20,
)
_SCALARS = (
    st.none()
    | st.booleans()
    | st.integers()
    | st.integers(min_value=10**20, max_value=10**30)
    | st.floats()
    | _TEXT
    | st.sampled_from(
        ["", "2011", "2011-02-30", "0001-01-01", "1e999", "NaN", "x" * 300]
    )
)
_VALUES = st.recursive(
    _SCALARS,
    lambda inner: (
        st.lists(inner, max_size=3) | st.dictionaries(_TEXT, inner, max_size=3)
    ),
    max_leaves=8,
)


def _parse(target: str, data: bytes) -> Any:
    if target == "yaml":
        from ruamel.yaml import YAML

        return YAML(typ="safe", pure=True).load(data)
    if target == "json":
        return json.loads(data)
    return tomllib.loads(data.decode("utf-8"))


def _dump(target: str, value: Any) -> bytes:
    if target == "yaml":
        from ruamel.yaml import YAML

        out = io.StringIO()
        YAML(typ="safe", pure=True).dump(value, out)
        return out.getvalue().encode("utf-8", "surrogatepass")
    if target == "json":
        return json.dumps(value, ensure_ascii=False, indent=1).encode(
            "utf-8", "surrogatepass"
        )
    import tomli_w

    return tomli_w.dumps(value).encode("utf-8", "surrogatepass")


def _places(value: Any, path: tuple[Any, ...] = ()) -> list[tuple[Any, ...]]:
    """Every path to a value inside ``value`` (itself included)."""
    found = [path]
    if isinstance(value, dict):
        for key, item in value.items():
            found += _places(item, (*path, key))
    elif isinstance(value, list):
        for index, item in enumerate(value):
            found += _places(item, (*path, index))
    return found


def _at(tree: Any, path: tuple[Any, ...]) -> Any:
    for step in path:
        tree = tree[step]
    return tree


def _replace(tree: Any, path: tuple[Any, ...], new: Callable[[Any], Any]) -> Any:
    if not path:
        return new(tree)
    head, *rest = path
    copy: Any = dict(tree) if isinstance(tree, dict) else list(tree)
    copy[head] = _replace(tree[head], tuple(rest), new)
    return copy


@st.composite
def structured(draw: st.DrawFn, target: str, relpath: str) -> bytes:
    """The file parsed, one to three of its values changed, written back."""
    tree = _parse("toml" if target == "config" else target, original(target, relpath))
    for _ in range(draw(st.integers(1, 3))):
        places = _places(tree)
        texts = [place for place in places if isinstance(_at(tree, place), str)]
        how = draw(st.sampled_from(["text", "value", "remove", "add", "nest"]))
        path = draw(st.sampled_from(texts if how == "text" and texts else places))
        if how == "text":
            # The shape stays: most such files still validate, so reports
            # get odd text (scripts, controls, noncharacters, long words).
            text = draw(_TEXT | st.text(min_size=50, max_size=400))
            tree = _replace(tree, path, lambda _v, text=text: text)
        elif how == "remove" and path:
            parent = _replace(tree, path[:-1], lambda v: v)
            tree = _replace(
                parent,
                path[:-1],
                lambda v, last=path[-1]: (
                    {k: x for k, x in v.items() if k != last}
                    if isinstance(v, dict)
                    else [x for i, x in enumerate(v) if i != last]
                ),
            )
        elif how == "add":
            key, value = draw(_TEXT), draw(_VALUES)
            tree = _replace(
                tree,
                path,
                lambda v, key=key, value=value: (
                    {**v, key: value} if isinstance(v, dict) else value
                ),
            )
        elif how == "nest":
            depth = draw(st.sampled_from([2, 50, 700]))
            tree = _replace(tree, path, lambda v, depth=depth: _nested(v, depth))
        else:
            value = draw(_VALUES)
            tree = _replace(tree, path, lambda _v, value=value: value)
    try:
        return _dump("toml" if target == "config" else target, tree)
    except Exception:  # noqa: BLE001 - a tree the format cannot hold
        return original(target, relpath)


def _nested(value: Any, depth: int) -> Any:
    for _ in range(depth):
        value = {"x": value}
    return value


@st.composite
def mutated(draw: st.DrawFn, target: str, relpath: str) -> bytes:
    """The file's bytes with one to four slices deleted, replaced or repeated."""
    data = bytearray(original(target, relpath))
    for _ in range(draw(st.integers(1, 4))):
        start = draw(st.integers(0, len(data)))
        end = draw(st.integers(start, min(len(data), start + 40)))
        how = draw(st.sampled_from(["delete", "replace", "repeat", "insert"]))
        if how == "delete":
            del data[start:end]
        elif how == "repeat":
            data[start:start] = data[start:end]
        else:
            new = draw(
                st.binary(max_size=12)
                | st.sampled_from(
                    [
                        b"\x00",
                        b"\xff",
                        b"\\ud800",
                        b"&a",
                        b"*a",
                        b"!!python/name:os.system",
                        b'"',
                        b"[",
                        b"{",
                        b"9" * 5000,
                        b"\t",
                        b"\r",
                        b"<<: *a",
                        b"\xef\xbb\xbf",
                    ]
                )
            )
            if how == "replace":
                data[start:end] = new
            else:
                data[start:start] = new
    return bytes(data)


@st.composite
def cases(draw: st.DrawFn, target: str) -> Case:
    """A case for ``target``: raw bytes, a byte mutation or a structured one."""
    relpath = draw(st.sampled_from(relpaths(target)))
    data = draw(
        st.binary(max_size=200) | mutated(target, relpath) | structured(target, relpath)
    )
    return Case(target, relpath, data, draw(st.sampled_from(KINDS)))


# -- the check ---------------------------------------------------------------------------


def _snapshot(folder: Path) -> dict[str, tuple[str, int, int]]:
    found = {}
    for current, directories, files in os.walk(folder):
        for name in [*directories, *files]:
            path = Path(current, name)
            info = path.lstat()
            digest = (
                hashlib.sha256(path.read_bytes()).hexdigest()
                if stat.S_ISREG(info.st_mode)
                else ""
            )
            found[str(path.relative_to(folder))] = (
                digest,
                info.st_mode,
                info.st_mtime_ns,
            )
    return found


def _run(arguments: list[str]) -> Any:
    from munintl.cli import main

    result = CliRunner().invoke(main, arguments, catch_exceptions=True)
    if result.exception is not None and not isinstance(result.exception, SystemExit):
        raise AssertionError(
            f"munintl {' '.join(arguments)} raised {result.exception!r}"
        ) from result.exception
    output = result.output + result.stderr
    assert "Traceback" not in output, output
    assert result.exit_code in (0, 1), (result.exit_code, output)
    return result


def check(case: Case) -> None:
    """Run the commands on ``case`` and assert what must hold (see the module)."""
    with tempfile.TemporaryDirectory(prefix="munintl-case-") as temporary:
        folder = Path(temporary) / "store"
        shutil.copytree(baseline(case.target), folder)
        (folder / case.relpath).write_bytes(case.data)
        location = str(
            folder if case.target in ("yaml", "config") else folder / case.relpath
        )
        before = _snapshot(folder)
        validated = _run(["validate", location])
        if validated.exit_code == 1:
            assert str(folder) in validated.stderr, validated.stderr
        shown = _run(["show", location])
        if shown.exit_code == 1:
            assert str(folder) in shown.stderr, shown.stderr
        assert _snapshot(folder) == before, "a read-only command changed the folder"
        if validated.exit_code != 0:
            return
        out = Path(temporary) / "out"
        out.mkdir()
        formats: list[str] = []
        for name in _formats():
            formats += ["-f", name]
        reported = _run(
            [
                "report",
                location,
                "-k",
                *case.kind,
                "--on",
                "2012-01-01",
                "-l",
                "da",
                "-o",
                str(out),
                *formats,
            ]
        )
        if case.target == "config" and reported.exit_code == 1:
            assert "munintl.toml" in reported.stderr or str(folder) in reported.stderr
        else:
            assert reported.exit_code == 0, reported.stderr
        assert _snapshot(folder) == before, "report changed the portfolio's folder"


@functools.cache
def _formats() -> tuple[str, ...]:
    import importlib.util

    from munintl.hooks.manager import get_plugin_manager

    needs = {"docx": ("docx", "typst"), "pdf": ("typst",), "xlsx": ("openpyxl",)}
    return tuple(
        name
        for name in sorted(get_plugin_manager().report_formats())
        if all(importlib.util.find_spec(module) for module in needs.get(name, ()))
    )
