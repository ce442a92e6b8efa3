"""The Skanderborg site in a real browser: screenshots, console, accessibility.

Headless Chromium loads the front page, a theme page and an initiative page
of the Danish and English builds: each must draw, log nothing to the console
and meet the checks a screen-reader user relies on (``lang`` set, headings
in order without skipping a level, every image and figure with alternative
text, every table with a header row), and axe-core finds no violation of
WCAG 2 A or AA (contrast included) where it is installed
(``npm install --prefix tests/sphinxext/axe``; ``.ci/run`` installs it).  Screenshots land in the test's
temporary folder for a person to look at.
"""

from __future__ import annotations

import itertools
import json
import os
import shutil
import struct
import subprocess
import sys
from pathlib import Path

import html5lib
import pytest

from munintl.sphinxext import site

pytest.importorskip("sphinx")

ROOT = Path(__file__).resolve().parents[2]
EXAMPLE = ROOT / "examples" / "skanderborg"
XHTML = "{http://www.w3.org/1999/xhtml}"
CHROMIUM = (
    shutil.which("chromium")
    or shutil.which("chromium-browser")
    or shutil.which("google-chrome")
)
PAGES = ("index", "themes/klima-energi-og-miljoe", "initiatives/active-travel-network")

pytestmark = pytest.mark.skipif(CHROMIUM is None, reason="Chromium is not installed")


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    base = tmp_path_factory.mktemp("browser")
    project = base / "site"
    site.init(project, str(EXAMPLE), languages=["da", "en"])
    outputs = {}
    for language in ("da", "en"):
        out = base / "out" / language
        subprocess.run(
            [
                *(sys.executable, "-m", "sphinx", "-W", "-n", "-q", "-b", "html"),
                *("-D", f"language={language}", str(project), str(out)),
            ],
            check=True,
            capture_output=True,
        )
        outputs[language] = out
    return outputs


def chromium(
    page: Path, *arguments: str, profile: Path
) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [
            str(CHROMIUM),
            "--headless",
            "--no-sandbox",
            "--disable-gpu",
            "--hide-scrollbars",
            "--enable-logging=stderr",
            "--v=0",
            f"--user-data-dir={profile}",
            *arguments,
            page.as_uri(),
        ],
        check=True,
        capture_output=True,
        text=True,
        timeout=120,
    )


@pytest.mark.parametrize("language", ["da", "en"])
@pytest.mark.parametrize("name", PAGES)
def test_page_draws_without_console_messages(
    built: dict[str, Path], language: str, name: str, tmp_path: Path
) -> None:
    page = built[language] / f"{name}.html"
    shot = tmp_path / f"{language}-{name.replace('/', '-')}.png"
    result = chromium(
        page, "--window-size=1200,1600", f"--screenshot={shot}", profile=tmp_path / "p"
    )
    console = [line for line in result.stderr.splitlines() if ":CONSOLE" in line]
    assert console == []
    data = shot.read_bytes()
    assert data[:8] == b"\x89PNG\r\n\x1a\n"
    assert struct.unpack(">II", data[16:24]) == (1200, 1600)
    assert len(data) > 30_000  # text and figures drawn, not a blank page


@pytest.mark.parametrize("language", ["da", "en"])
@pytest.mark.parametrize("name", PAGES)
def test_page_meets_the_accessibility_checks(
    built: dict[str, Path], language: str, name: str, tmp_path: Path
) -> None:
    # The DOM as the browser built it, scripts run.
    dom = chromium(
        built[language] / f"{name}.html", "--dump-dom", profile=tmp_path / "p"
    ).stdout
    tree = html5lib.parse(dom)
    assert tree.get("lang") == language
    article = next(tree.iter(f"{XHTML}article"))
    levels = [
        int(element.tag[-1])
        for element in article.iter()
        if element.tag in {f"{XHTML}h{n}" for n in range(1, 7)}
    ]
    assert levels[0] == 1
    for before, after in itertools.pairwise(levels):
        assert after <= before + 1, levels
    for image in tree.iter(f"{XHTML}img"):
        assert image.get("alt") is not None
    # The figures of the content (the theme's own icons are in its buttons).
    figures = list(article.iter("{http://www.w3.org/2000/svg}svg"))
    if name == "index":
        assert figures, "the front page lost its timeline"
    for svg in figures:
        labelled = (
            svg.get("role") == "img"
            or svg.get("aria-label")
            or svg.find("{http://www.w3.org/2000/svg}title") is not None
        )
        assert labelled
    for table in article.iter(f"{XHTML}table"):
        assert list(table.iter(f"{XHTML}th")), "a table without a header row"


AXE = Path(__file__).resolve().parent / "axe"
NODE = shutil.which("node")


@pytest.mark.skipif(
    NODE is None or not (AXE / "node_modules" / "axe-core").is_dir(),
    reason="axe-core is not installed: npm install --prefix tests/sphinxext/axe"
    " (.ci/run does)",
)
def test_axe_core_finds_no_wcag_a_or_aa_violations(built: dict[str, Path]) -> None:
    pages = [built[language] / f"{name}.html" for language in built for name in PAGES]
    result = subprocess.run(
        [str(NODE), str(AXE / "axe.js"), *(page.as_uri() for page in pages)],
        capture_output=True,
        text=True,
        timeout=300,
        check=True,
        env={**os.environ, "CHROMIUM": str(CHROMIUM)},
    )
    violations = json.loads(result.stdout)
    assert set(violations) == {page.as_uri() for page in pages}
    assert {uri: found for uri, found in violations.items() if found} == {}


@pytest.mark.skipif(
    NODE is None or not (AXE / "node_modules" / "axe-core").is_dir(),
    reason="axe-core is not installed: npm install --prefix tests/sphinxext/axe",
)
def test_axe_core_check_can_fail(tmp_path: Path) -> None:
    page = tmp_path / "bad.html"
    page.write_text(
        '<!doctype html><html><head><title>x</title></head><body><img src="a.png">'
        "</body></html>",
        encoding="utf-8",
    )
    result = subprocess.run(
        [str(NODE), str(AXE / "axe.js"), page.as_uri()],
        capture_output=True,
        text=True,
        timeout=120,
        check=True,
        env={**os.environ, "CHROMIUM": str(CHROMIUM)},
    )
    found = {v["id"] for v in json.loads(result.stdout)[page.as_uri()]}
    assert {"image-alt", "html-has-lang"} <= found
