"""The report-format gallery (``docs/gallery.md``) shows every built-in format.

The images are made by ``docs/gallery/make_gallery.py`` and committed; these
tests check that none is missing and that the generator still works, for a
text format (LibreOffice and Chromium are not run here: the DOCX, XLSX and
HTML formats have tests with those readers of their own).
"""

from __future__ import annotations

import importlib.util
import re
import struct
from pathlib import Path
from types import ModuleType

import pytest

ROOT = Path(__file__).resolve().parents[1]
DOCS = ROOT / "docs"
PAGE = DOCS / "gallery.md"
GENERATOR = DOCS / "gallery" / "make_gallery.py"

PNG_SIGNATURE = b"\x89PNG\r\n\x1a\n"
FIGURE = re.compile(
    r"^```\{figure\} (?P<image>\S+)\n"
    r"(?P<options>(?::[\w-]+:[^\n]*\n)*)\n"
    r"(?P<caption>.*?)^```",
    re.MULTILINE | re.DOTALL,
)


@pytest.fixture(scope="module")
def gallery() -> ModuleType:
    """The generator script, imported from its file."""
    spec = importlib.util.spec_from_file_location("make_gallery", GENERATOR)
    assert spec is not None
    assert spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def builtin_formats() -> list[str]:
    """The report formats munintl's own plugins provide."""
    from munintl import get_plugin_manager

    manager = get_plugin_manager()
    builtin = {
        name
        for info in manager.describe()
        if info.source == "builtin"
        for name in info.provides.get("report-format", ())
    }
    return sorted(builtin & set(manager.report_formats()))


def figures() -> dict[str, tuple[dict[str, str], str]]:
    """The page's figures: image path → (options, caption)."""
    found: dict[str, tuple[dict[str, str], str]] = {}
    for match in FIGURE.finditer(PAGE.read_text(encoding="utf-8")):
        options = dict(
            re.findall(r"^:([\w-]+):\s*(.*)$", match["options"], re.MULTILINE)
        )
        found[match["image"]] = (options, " ".join(match["caption"].split()))
    return found


def png_size(data: bytes) -> tuple[int, int]:
    assert data[:8] == PNG_SIGNATURE
    width, height = struct.unpack(">II", data[16:24])
    return width, height


def test_the_builtin_formats_are_known() -> None:
    assert {"markdown", "html", "docx", "pdf", "xlsx", "csv", "json"} <= set(
        builtin_formats()
    )


@pytest.mark.parametrize("fmt", builtin_formats())
def test_every_builtin_format_has_an_image_on_the_page(
    fmt: str, gallery: ModuleType
) -> None:
    image = DOCS / "gallery" / f"{fmt}.png"
    assert image.is_file(), f"run python docs/gallery/make_gallery.py {fmt}"
    data = image.read_bytes()
    width, height = png_size(data)
    assert width >= 300
    assert height >= 200
    assert len(data) <= gallery.MAX_BYTES

    shown = figures()
    assert f"gallery/{fmt}.png" in shown, f"docs/gallery.md shows no {fmt}.png"
    options, caption = shown[f"gallery/{fmt}.png"]
    assert len(options.get("alt", "")) > 40, "describe the image in :alt:"
    assert caption.startswith(f"**{fmt}**")
    assert f"`{' '.join(gallery.command(fmt))}`" in caption


def test_the_page_shows_only_images_that_exist() -> None:
    for image in figures():
        assert (DOCS / image).is_file(), image
    assert sorted(p.stem for p in (DOCS / "gallery").glob("*.png")) == sorted(
        Path(image).stem for image in figures()
    )


def test_the_generator_knows_the_builtin_formats(gallery: ModuleType) -> None:
    assert gallery.builtin_formats() == builtin_formats()


def test_excerpt_counts_what_it_leaves_out(gallery: ModuleType) -> None:
    text = "".join(f"line {n}\n" for n in range(1, 51))
    shown, rest = gallery.excerpt(text, 40)
    assert shown.splitlines()[-1] == "line 40"
    assert rest == 10
    assert gallery.excerpt("one\ntwo\n", 40) == ("one\ntwo", 0)


def test_generator_draws_a_text_format(gallery: ModuleType, tmp_path: Path) -> None:
    pytest.importorskip("typst")
    images, work = tmp_path / "images", tmp_path / "work"
    images.mkdir()

    (png,) = gallery.make(["csv"], images, work)

    assert png == images / "csv.png"
    (output,) = (work / "csv").iterdir()
    assert output.name == "opfoelgning-2011.da.csv"
    assert "Active Travel Network" in output.read_text(encoding="utf-8-sig")
    data = png.read_bytes()
    width, height = png_size(data)
    assert width == pytest.approx(12 / 2.54 * gallery.TEXT_PPI, abs=2)
    assert height > 100
    # Text was drawn: a blank page compresses to almost nothing.
    assert 10_000 < len(data) <= gallery.MAX_BYTES


def test_the_letterhead_image_says_how_it_is_made(gallery: ModuleType) -> None:
    image = DOCS / "gallery" / f"docx-{gallery.LETTERHEAD}.png"
    assert len(image.read_bytes()) <= gallery.MAX_BYTES
    options, caption = figures()[f"gallery/docx-{gallery.LETTERHEAD}.png"]
    assert len(options.get("alt", "")) > 40
    assert "fictional" in caption
    for command in gallery.LETTERHEAD_COMMANDS:
        assert f"`{command}`" in caption
