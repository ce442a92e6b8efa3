"""The import graph of ``src/munintl``: no cycle, no import that runs up a layer.

The folder tree is the architecture (``docs/explanation/design.md``); this
test keeps it so.  Every ``import`` and ``from ... import`` in the package
counts -- at module level, inside functions and under ``TYPE_CHECKING`` --
because each is a dependency someone has to understand.

Run it alone with ``python -m pytest tests/test_layers.py`` (pre-commit
does).  When it fails it names the importing file and line, and the layers
of both sides; fix the import, do not widen :data:`ALLOWED` without a reason
written beside the entry.
"""

from __future__ import annotations

import ast
from collections.abc import Iterator
from pathlib import Path

import pytest

SRC = Path(__file__).resolve().parents[1] / "src"
PACKAGE = SRC / "munintl"

#: Each part of the package and its layer, lowest first.  A module belongs to
#: the longest prefix listed.  A module may import a lower layer, and any
#: module of its own part; nothing else.
LAYERS: dict[str, int] = {
    # 0: the domain and what every layer may raise or print
    "munintl.model": 0,
    "munintl.errors": 0,
    "munintl.i18n": 0,
    "munintl._version": 0,
    "munintl._compat": 0,
    # 1: the wire shape of the model
    "munintl.wire": 1,
    # 2: the format-neutral report document and what a report is asked for
    "munintl.reports": 2,
    # 3: configuration, then the extension API
    "munintl.config": 3,
    "munintl.hooks": 4,
    # 5: what runs through the API: validation, storage, the report toolkits
    "munintl.validation": 5,
    "munintl.followups": 5,
    "munintl.translation": 5,
    "munintl.storage": 5,
    "munintl.reports.building": 5,
    "munintl.reports.rendering": 5,
    # 6: the built-in plugins
    "munintl.plugins": 6,
    # 7: public entry points that drive plugins through a manager
    "munintl.reporting": 7,
    "munintl.followround": 7,
    "munintl.sphinxext": 7,
    "munintl.scaffold": 7,
    "munintl.query": 7,
    "munintl.history": 7,
    # 8: the package's front door (munintl.load, save, validate, render)
    "munintl": 8,
    # 9: the command line and the test kit plugin authors use
    "munintl.cli": 9,
    "munintl.testing": 9,
    "munintl.__main__": 10,
}

#: Imports that cross the rules on purpose, each with its reason.
ALLOWED: dict[tuple[str, str], str] = {
    ("munintl.i18n", "munintl.errors"): (
        "a catalog a municipality or plugin adds that cannot be read is a"
        " ConfigError; both are layer 0 and errors imports nothing of munintl"
    ),
    ("munintl.storage.dispatch", "munintl.validation"): (
        "save() validates before it writes; both are layer 5"
    ),
    ("munintl.translation.exchange", "munintl.storage.atomic"): (
        "exchange files are written by the one atomic writer; both are layer 5"
    ),
    ("munintl.scaffold", "munintl.plugins.storage.yaml_dir.layout"): (
        "init writes a YAML directory store and points each file at its schema"
    ),
}

#: Within the built-in plugins, each plugin (a module or a folder) stands on
#: its own, as a third-party plugin would: no plugin imports another.
PLUGIN_FAMILIES = ("storage", "rules", "kinds", "formats", "translators", "exports")


def module_name(path: Path) -> str:
    parts = list(path.relative_to(SRC).with_suffix("").parts)
    if parts[-1] == "__init__":
        parts.pop()
    return ".".join(parts)


MODULES: dict[str, Path] = {
    module_name(path): path for path in sorted(PACKAGE.rglob("*.py"))
}


def imports(name: str) -> Iterator[tuple[str, int]]:
    """Yield each munintl module ``name`` imports, with the line."""
    path = MODULES[name]
    package = name if path.name == "__init__.py" else name.rpartition(".")[0]
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            for alias in node.names:
                if alias.name.split(".")[0] == "munintl":
                    yield alias.name, node.lineno
        elif isinstance(node, ast.ImportFrom):
            if node.level:
                base = package.split(".")
                base = base[: len(base) - node.level + 1]
                target = ".".join([*base, *([node.module] if node.module else [])])
            else:
                target = node.module or ""
            if target.split(".")[0] != "munintl":
                continue
            for alias in node.names:
                sub = f"{target}.{alias.name}"
                yield (sub if sub in MODULES else target), node.lineno


def part(name: str) -> str:
    """The longest prefix of ``name`` listed in :data:`LAYERS`."""
    best = ""
    for prefix in LAYERS:
        if (name == prefix or name.startswith(prefix + ".")) and len(prefix) > len(
            best
        ):
            best = prefix
    return best


def plugin_of(name: str) -> str | None:
    """The built-in plugin a module belongs to: ``munintl.plugins.formats.docx``."""
    parts = name.split(".")
    if parts[:2] != ["munintl", "plugins"] or len(parts) < 3:
        return None
    if parts[2] in PLUGIN_FAMILIES:
        return ".".join(parts[:4]) if len(parts) >= 4 else ".".join(parts[:3])
    return ".".join(parts[:3])


EDGES: list[tuple[str, str, int]] = sorted(
    {(name, target, line) for name in MODULES for target, line in imports(name)}
)


def test_every_module_has_a_layer() -> None:
    assert [name for name in MODULES if not part(name)] == []


def test_no_import_runs_up_a_layer() -> None:
    wrong = []
    for source, target, line in EDGES:
        here, there = part(source), part(target)
        if here == there or (source, target) in ALLOWED:
            continue
        if LAYERS[there] >= LAYERS[here]:
            wrong.append(
                f"{MODULES[source].relative_to(SRC.parent)}:{line}: {source}"
                f" (layer {LAYERS[here]}) imports {target} (layer {LAYERS[there]})"
            )
    assert wrong == []


def test_model_imports_nothing_else_of_munintl() -> None:
    outside = [
        (source, target)
        for source, target, _line in EDGES
        if source.startswith("munintl.model") and not target.startswith("munintl.model")
    ]
    assert outside == []


def test_report_toolkits_import_no_plugin() -> None:
    toolkit = ("munintl.reports", "munintl.hooks", "munintl.storage", "munintl.wire")
    wrong = [
        (source, target)
        for source, target, _line in EDGES
        if source.startswith(toolkit) and target.startswith("munintl.plugins")
    ]
    assert wrong == []


def test_no_plugin_imports_another() -> None:
    wrong = []
    for source, target, line in EDGES:
        mine, theirs = plugin_of(source), plugin_of(target)
        shared = theirs is not None and theirs.rpartition(".")[2].startswith("_")
        if shared and mine and mine.startswith(theirs.rpartition(".")[0] + "."):
            continue  # a family's private helper module, such as rules/_walk.py
        if mine and theirs and mine != theirs and theirs != "munintl.plugins":
            wrong.append(f"{source}:{line} imports {target}")
    assert wrong == []


def test_no_import_cycle() -> None:
    graph: dict[str, set[str]] = {name: set() for name in MODULES}
    for source, target, _line in EDGES:
        if target in graph and target != source:
            graph[source].add(target)
    cycles = [sorted(c) for c in strongly_connected(graph) if len(c) > 1]
    assert cycles == []


def strongly_connected(graph: dict[str, set[str]]) -> list[list[str]]:
    """Tarjan's algorithm, iteratively (the graph is a few hundred modules)."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on_stack: set[str] = set()
    out: list[list[str]] = []
    counter = 0
    for root in graph:
        if root in index:
            continue
        work = [(root, iter(sorted(graph[root])))]
        index[root] = low[root] = counter
        counter += 1
        stack.append(root)
        on_stack.add(root)
        while work:
            node, children = work[-1]
            for child in children:
                if child not in index:
                    index[child] = low[child] = counter
                    counter += 1
                    stack.append(child)
                    on_stack.add(child)
                    work.append((child, iter(sorted(graph[child]))))
                    break
                if child in on_stack:
                    low[node] = min(low[node], index[child])
            else:
                work.pop()
                if work:
                    parent = work[-1][0]
                    low[parent] = min(low[parent], low[node])
                if low[node] == index[node]:
                    component = []
                    while True:
                        member = stack.pop()
                        on_stack.discard(member)
                        component.append(member)
                        if member == node:
                            break
                    out.append(component)
    return out


@pytest.mark.parametrize(
    ("graph", "expected"),
    [
        ({"a": {"b"}, "b": {"a"}}, [["a", "b"]]),
        ({"a": {"b"}, "b": set()}, []),
        ({"a": {"b"}, "b": {"c"}, "c": {"a"}, "d": {"a"}}, [["a", "b", "c"]]),
    ],
)
def test_cycle_finder_finds_cycles(
    graph: dict[str, set[str]], expected: list[list[str]]
) -> None:
    found = [sorted(c) for c in strongly_connected(graph) if len(c) > 1]
    assert found == expected
