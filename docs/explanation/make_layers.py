"""Draw the picture of munintl's layers (``docs/explanation/layers.svg``).

Run ``python docs/explanation/make_layers.py`` from anywhere after changing
``LAYERS`` in ``tests/test_layers.py``, the list the import-graph test
enforces; the picture is drawn from that list, so it shows what the tests
check.  ``tests/test_docs.py`` fails while the committed SVG is out of date.

Each layer is a band, the lowest at the bottom; each part of the package in
it is a box labelled with its path under ``src/munintl`` (a folder ends in
``/``).  Private modules (``_version.py``, ``_compat.py``) are left out.
The SVG has a title and a description that lists every layer in words, for
screen readers; it uses no font or script from outside, so the docs build
offline.
"""

from __future__ import annotations

import ast
import sys
from html import escape
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parents[1]
PACKAGE = ROOT / "src" / "munintl"
LAYERS_TEST = ROOT / "tests" / "test_layers.py"
OUTPUT = HERE / "layers.svg"

#: What each layer holds, as the picture says it.
CAPTIONS: dict[int, str] = {
    0: "the domain, and what every layer may raise or print",
    1: "the wire shape of the model: converter, schemas, field paths",
    2: "the format-neutral report document and what a report is asked for",
    3: "configuration (munintl.toml)",
    4: "the extension API: hooks, records, protocols, the plugin manager",
    5: "what runs through the API, and the toolkits plugins use",
    6: "the built-in plugins, by family; no plugin imports another",
    7: "public entry points that drive plugins through a manager",
    8: "the front door: munintl.load, save, validate, render",
    9: "the command line, and the test kit for plugin authors",
    10: "python -m munintl",
}

WIDTH = 860
GUTTER = 46  # the arrow on the left
BADGE = 26
LEFT = GUTTER + BADGE + 14
ROW = 66
BOX_HEIGHT = 26
BOX_GAP = 8
CHAR = 7.9  # width of a character of the 13 px monospace font, generously
PAD = 10
TOP = 54
BOTTOM = 16


def read_layers(path: Path = LAYERS_TEST) -> dict[str, int]:
    """Return ``LAYERS`` from the import-graph test, without importing it."""
    for node in ast.parse(path.read_text(encoding="utf-8")).body:
        if (
            isinstance(node, ast.AnnAssign)
            and isinstance(node.target, ast.Name)
            and node.target.id == "LAYERS"
            and node.value is not None
        ):
            layers: dict[str, int] = ast.literal_eval(node.value)
            return layers
    raise ValueError(f"{path}: no LAYERS = {{...}} assignment")


#: Parts drawn as one box per member, to show how they are grouped.
EXPANDED = ("munintl.plugins",)


def members(directory: Path) -> list[str]:
    """The modules and subpackages of a package directory, as paths."""
    found = [
        f"{child.name}/" if child.is_dir() else child.name
        for child in sorted(directory.iterdir())
        if (child.is_dir() and (child / "__init__.py").exists())
        or (child.suffix == ".py" and child.name != "__init__.py")
    ]
    return [name for name in found if not name.startswith("_")]


def labels(part: str, layers: dict[str, int]) -> list[str]:
    """The boxes of a part, as paths under ``src/munintl``: ``reports/building/``.

    A package some of whose subpackages are parts of their own shows the
    modules that remain: ``reports/ (document, request)``.
    """
    if part == "munintl":
        return ["__init__.py"]
    relative = part.removeprefix("munintl.").replace(".", "/")
    directory = PACKAGE / relative
    if not directory.is_dir():
        return [f"{relative}.py"]
    if part in EXPANDED:
        return [f"{relative}/{name}" for name in members(directory)]
    claimed = {
        other.removeprefix(part + ".").partition(".")[0]
        for other in layers
        if other.startswith(part + ".")
    }
    if not claimed:
        return [f"{relative}/"]
    rest = [
        name.removesuffix("/").removesuffix(".py")
        for name in members(directory)
        if name.removesuffix("/").removesuffix(".py") not in claimed
    ]
    return [f"{relative}/ ({', '.join(rest)})"]


def is_private(part: str) -> bool:
    last = part.rpartition(".")[2]
    return last.startswith("_") and not last.startswith("__")


def box_width(text: str) -> int:
    return round(len(text) * CHAR) + 2 * PAD


def rows_of(labels: list[str]) -> list[list[str]]:
    """Wrap a layer's boxes onto as many lines as the width needs."""
    lines: list[list[str]] = [[]]
    used = 0
    for text in labels:
        width = box_width(text) + BOX_GAP
        if lines[-1] and LEFT + used + width > WIDTH - 12:
            lines.append([])
            used = 0
        lines[-1].append(text)
        used += width
    return lines


def render(layers: dict[str, int]) -> str:
    """Return the SVG document for ``layers`` (part name -> layer)."""
    by_layer: dict[int, list[str]] = {}
    for part, layer in layers.items():
        if not is_private(part):
            by_layer.setdefault(layer, []).extend(labels(part, layers))
    missing = sorted(set(by_layer) - set(CAPTIONS))
    if missing:
        raise KeyError(f"add a caption for layer(s) {missing} to CAPTIONS")

    bands: list[str] = []
    described: list[str] = []
    y = TOP
    for number in sorted(by_layer, reverse=True):
        lines = rows_of(by_layer[number])
        height = ROW + (len(lines) - 1) * (BOX_HEIGHT + BOX_GAP)
        fill = "#eef4fb" if number % 2 else "#f7f7f7"
        if number == 6:
            fill = "#fdf3e1"
        bands.append(
            f'  <g class="layer" id="layer-{number}">\n'
            f'    <rect x="{GUTTER}" y="{y}" width="{WIDTH - GUTTER - 8}"'
            f' height="{height - 6}" rx="6" fill="{fill}" stroke="#c9d2dc"/>\n'
            f'    <circle cx="{GUTTER + 8 + BADGE // 2}" cy="{y + 18}"'
            f' r="{BADGE // 2}" fill="#34495e"/>\n'
            f'    <text x="{GUTTER + 8 + BADGE // 2}" y="{y + 23}"'
            f' class="badge">{number}</text>\n'
            f'    <text x="{LEFT}" y="{y + 16}" class="caption">'
            f"{escape(CAPTIONS[number])}</text>\n"
        )
        box_y = y + 24
        for line in lines:
            x = LEFT
            for text in line:
                width = box_width(text)
                bands.append(
                    f'    <rect x="{x}" y="{box_y}" width="{width}"'
                    f' height="{BOX_HEIGHT}" rx="4" class="box"/>\n'
                    f'    <text x="{x + PAD}" y="{box_y + 18}" class="part">'
                    f"{escape(text)}</text>\n"
                )
                x += width + BOX_GAP
            box_y += BOX_HEIGHT + BOX_GAP
        bands.append("  </g>\n")
        described.append(
            f"Layer {number}, {CAPTIONS[number]}: {', '.join(by_layer[number])}."
        )
        y += height
    height = y + BOTTOM
    arrow_x = GUTTER // 2
    description = " ".join(
        [
            "The parts of src/munintl in layers, the highest first. A module"
            " imports only from lower layers and from its own part.",
            *described,
        ]
    )
    return (
        f'<svg xmlns="http://www.w3.org/2000/svg" width="{WIDTH}"'
        f' height="{height}" viewBox="0 0 {WIDTH} {height}" role="img"'
        ' aria-labelledby="layers-title layers-desc">\n'
        '  <title id="layers-title">The layers of munintl</title>\n'
        f'  <desc id="layers-desc">{escape(description)}</desc>\n'
        "  <style>\n"
        "    text { font-family: 'DejaVu Sans', Verdana, Arial, sans-serif;"
        " fill: #1f2d3a; }\n"
        "    .title { font-size: 16px; font-weight: bold; }\n"
        "    .caption { font-size: 12px; fill: #4a5a6a; }\n"
        "    .badge { font-size: 13px; font-weight: bold; fill: #ffffff;"
        " text-anchor: middle; }\n"
        "    .part { font-family: 'DejaVu Sans Mono', Menlo, Consolas,"
        " monospace; font-size: 13px; }\n"
        "    .box { fill: #ffffff; stroke: #34495e; stroke-width: 1; }\n"
        "    .arrow { font-size: 12px; fill: #4a5a6a; }\n"
        "  </style>\n"
        '  <rect width="100%" height="100%" fill="#ffffff"/>\n'
        f'  <text x="{GUTTER}" y="30" class="title">src/munintl, in layers:'
        " imports point down only</text>\n"
        "  <defs>\n"
        '    <marker id="head" viewBox="0 0 10 10" refX="5" refY="5"'
        ' markerWidth="7" markerHeight="7" orient="auto-start-reverse">\n'
        '      <path d="M 0 0 L 10 5 L 0 10 z" fill="#4a5a6a"/>\n'
        "    </marker>\n"
        "  </defs>\n"
        f'  <line x1="{arrow_x}" y1="{TOP + 8}" x2="{arrow_x}"'
        f' y2="{height - BOTTOM - 14}" stroke="#4a5a6a" stroke-width="2"'
        ' marker-end="url(#head)"/>\n'
        f'  <text class="arrow" transform="translate({arrow_x - 6},'
        f' {(TOP + height) // 2}) rotate(-90)" text-anchor="middle">imports'
        "</text>\n" + "".join(bands) + "</svg>\n"
    )


def main(argv: list[str] | None = None) -> int:
    """Write the picture; ``--check`` only says whether it is up to date."""
    args = sys.argv[1:] if argv is None else argv
    svg = render(read_layers())
    if args == ["--check"]:
        current = OUTPUT.read_text(encoding="utf-8") if OUTPUT.exists() else ""
        if current != svg:
            print(f"{OUTPUT} is out of date: run python {Path(__file__).name}")
            return 1
        return 0
    OUTPUT.write_text(svg, encoding="utf-8", newline="\n")
    print(OUTPUT)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
