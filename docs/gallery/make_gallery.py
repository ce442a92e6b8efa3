"""Make the images of the report-format gallery (``docs/gallery.md``).

Run ``python docs/gallery/make_gallery.py [FORMAT ...]`` from anywhere (by
default every built-in format).  For each format it runs ::

    munintl report examples/skanderborg --followup opfoelgning-2011 \\
        --lang da -f FORMAT -o DIR/

in a scratch directory and writes ``docs/gallery/FORMAT.png``:

* ``pdf``: the first page, by ``pdftoppm`` at 60 dpi;
* ``docx`` and ``xlsx``: converted to PDF by LibreOffice (one headless call
  with a throwaway profile), then the first page as for ``pdf``;
* ``html``: a headless Chromium screenshot of the page, 900 × 1200;
* ``markdown``, ``csv`` and ``json`` (text): the first
  :data:`EXCERPT_LINES` lines of the output, typeset as a code block by
  typst in its bundled fonts.

``letterhead`` (made with the formats, or named on its own) is the DOCX
on a municipality's own Word template: the example letterhead of the
fictional *Eksempelby Kommune* (``docs/examples/letterhead``), with a
portfolio made by ``munintl init --municipality "Eksempelby Kommune"
--keep-examples`` -- Skanderborg's structure and illustrative follow-up
under the fictional name -- as :data:`LETTERHEAD_COMMANDS` says; it is
drawn like ``docx``, as ``docs/gallery/docx-letterhead.png``.

The PNGs are committed; run this again after a change to a format.  It needs
poppler-utils, LibreOffice and Chromium on the ``PATH`` (the text formats only
typst).  Only built-in plugins load, so what is installed does not show.
"""

from __future__ import annotations

import argparse
import os
import shutil
import subprocess
import sys
import tempfile
from collections.abc import Iterable
from pathlib import Path

GALLERY = Path(__file__).resolve().parent
ROOT = GALLERY.parents[1]

EXAMPLE = "examples/skanderborg"
FOLLOWUP = "opfoelgning-2011"
LANG = "da"

#: Formats shown as an excerpt of their text, with typst's name for the syntax.
TEXT_FORMATS = {"markdown": "md", "csv": "csv", "json": "json"}
#: Formats converted to PDF by LibreOffice before their first page is drawn.
OFFICE_FORMATS = ("docx", "xlsx")
#: How many lines of a text format the image shows.
EXCERPT_LINES = 40
#: The name of the image of a DOCX on a municipality's own template.
LETTERHEAD = "letterhead"
#: The commands that make it, run in the scratch directory.
LETTERHEAD_COMMANDS = (
    "python docs/examples/letterhead/make_letterhead.py templates",
    'munintl init eksempelby --municipality "Eksempelby Kommune" --keep-examples',
    "munintl report eksempelby --followup opfoelgning-2011 --lang da -f docx"
    " --template templates/letterhead.docx -o out/",
)
#: The most a gallery image may weigh, in bytes.
MAX_BYTES = 150_000

PDF_DPI = "60"
WINDOW = "900,1200"
TEXT_PPI = 110

CHROMIUM = ("chromium", "chromium-browser", "google-chrome")
SOFFICE = ("soffice", "libreoffice")

TEXT_TEMPLATE = """\
#set page(width: 12cm, height: auto, margin: 4mm, fill: white)
#set text(size: 7pt)
#block(width: 100%, fill: rgb("#f6f8fa"), inset: 6pt, radius: 2pt,
  raw(sys.inputs.excerpt, block: true, lang: sys.inputs.lang))
#text(size: 6.5pt, fill: gray.darken(30%), style: "italic", sys.inputs.note)
"""


def command(fmt: str, output: str = "out/") -> list[str]:
    """The ``munintl report`` command that makes the gallery's ``fmt`` output."""
    return [
        "munintl",
        "report",
        EXAMPLE,
        "--followup",
        FOLLOWUP,
        "--lang",
        LANG,
        "-f",
        fmt,
        "-o",
        output,
    ]


def builtin_formats() -> list[str]:
    """The names of the report formats that munintl itself provides, sorted."""
    from munintl import get_plugin_manager

    manager = get_plugin_manager()
    names = {
        name
        for info in manager.describe()
        if info.source == "builtin" and info.status == "active"
        for name in info.provides.get("report-format", ())
    }
    return sorted(names & set(manager.report_formats()))


def _run(args: list[str], cwd: Path | None = None, **env: str) -> None:
    """Run ``args`` with ``env`` added to the environment; stop if it fails."""
    result = subprocess.run(  # noqa: S603 - programs from PATH, on files we wrote
        args,
        cwd=cwd,
        env={**os.environ, **env},
        capture_output=True,
        text=True,
        check=False,
        timeout=300,
    )
    if result.returncode != 0:
        raise SystemExit(
            f"{' '.join(args)} failed ({result.returncode}):\n"
            f"{result.stdout}{result.stderr}"
        )


def _program(names: Iterable[str]) -> str:
    for name in names:
        found = shutil.which(name)
        if found:
            return found
    raise SystemExit(f"make_gallery: none of {', '.join(names)} is on the PATH")


def render(fmt: str, workdir: Path) -> Path:
    """Run :func:`command` for ``fmt`` into ``workdir/fmt/``; return the output."""
    outdir = workdir / fmt
    outdir.mkdir(parents=True)
    # The console command, run by this interpreter, from the repository root.
    args = [sys.executable, "-m", "munintl", *command(fmt, f"{outdir}{os.sep}")[1:]]
    # Built-in plugins only: what else is installed must not show.
    _run(args, cwd=ROOT, MUNINTL_LOAD_PLUGINS="", MUNINTL_DISABLE_PLUGINS="")
    (written,) = outdir.iterdir()
    return written


def pdf_png(pdf: Path, png: Path) -> Path:
    """Draw the first page of ``pdf`` as ``png``."""
    prefix = png.with_suffix("")
    _run(
        [
            _program(["pdftoppm"]),
            "-png",
            "-r",
            PDF_DPI,
            "-f",
            "1",
            "-l",
            "1",
            "-singlefile",
            str(pdf),
            str(prefix),
        ]
    )
    return png


def office_pngs(files: dict[str, Path], images: Path, workdir: Path) -> list[Path]:
    """Convert ``{format: file}`` to PDF in one LibreOffice call; draw page one."""
    staging = workdir / "office"
    pdfs = workdir / "office-pdf"
    staging.mkdir()
    # The outputs share a name; LibreOffice writes NAME.pdf for each input.
    staged = {fmt: staging / f"{fmt}{path.suffix}" for fmt, path in files.items()}
    for fmt, path in files.items():
        shutil.copyfile(path, staged[fmt])
    profile = (workdir / "lo-profile").as_uri()
    _run(
        [
            _program(SOFFICE),
            f"-env:UserInstallation={profile}",
            "--headless",
            "--norestore",
            "--convert-to",
            "pdf",
            "--outdir",
            str(pdfs),
            *map(str, staged.values()),
        ]
    )
    return [pdf_png(pdfs / f"{fmt}.pdf", images / f"{fmt}.png") for fmt in files]


def html_png(html: Path, png: Path, workdir: Path) -> Path:
    """Take a screenshot of ``html`` in headless Chromium as ``png``."""
    _run(
        [
            _program(CHROMIUM),
            "--headless",
            "--no-sandbox",
            "--disable-gpu",
            "--disable-quic",
            "--no-first-run",
            "--disable-background-networking",
            "--disable-component-update",
            "--disable-sync",
            "--hide-scrollbars",
            f"--user-data-dir={workdir / 'chromium-profile'}",
            f"--window-size={WINDOW}",
            f"--screenshot={png}",
            html.as_uri(),
        ]
    )
    return png


def excerpt(text: str, lines: int = EXCERPT_LINES) -> tuple[str, int]:
    """The first ``lines`` lines of ``text`` and how many lines are left out."""
    all_lines = text.splitlines()
    return "\n".join(all_lines[:lines]), max(0, len(all_lines) - lines)


def text_png(output: Path, png: Path, lang: str) -> Path:
    """Typeset the start of the text file ``output`` as a code block in ``png``."""
    import typst

    shown, rest = excerpt(output.read_text(encoding="utf-8-sig"))
    note = f"… {rest} more lines" if rest else ""
    image = typst.compile(
        TEXT_TEMPLATE.encode(),
        format="png",
        ppi=TEXT_PPI,
        sys_inputs={"excerpt": shown, "lang": lang, "note": note},
        ignore_system_fonts=True,  # the same image on every machine
    )
    png.write_bytes(image if isinstance(image, bytes) else image[0])
    return png


def render_letterhead(workdir: Path) -> Path:
    """Run :data:`LETTERHEAD_COMMANDS` in ``workdir/letterhead/``; return the DOCX."""
    import shlex

    outdir = workdir / LETTERHEAD
    outdir.mkdir(parents=True)
    for line in LETTERHEAD_COMMANDS:
        args = shlex.split(line)
        if args[0] == "python":
            args = [sys.executable, str(ROOT / args[1]), *args[2:]]
        else:
            args = [sys.executable, "-m", "munintl", *args[1:]]
        # Built-in plugins only: what else is installed must not show.
        _run(args, cwd=outdir, MUNINTL_LOAD_PLUGINS="", MUNINTL_DISABLE_PLUGINS="")
    (written,) = (outdir / "out").iterdir()
    return written


def make(formats: Iterable[str], images: Path, workdir: Path) -> list[Path]:
    """Render each format into ``workdir`` and write ``images/FORMAT.png``.

    :data:`LETTERHEAD` among ``formats`` makes ``images/docx-letterhead.png``.
    """
    formats = list(formats)
    letterhead = LETTERHEAD in formats
    outputs = {fmt: render(fmt, workdir) for fmt in formats if fmt != LETTERHEAD}
    if letterhead:
        outputs[f"docx-{LETTERHEAD}"] = render_letterhead(workdir)
    made: list[Path] = []
    office_formats = (*OFFICE_FORMATS, f"docx-{LETTERHEAD}")
    office = {fmt: outputs.pop(fmt) for fmt in office_formats if fmt in outputs}
    if office:
        made += office_pngs(office, images, workdir)
    for fmt, output in outputs.items():
        png = images / f"{fmt}.png"
        if fmt in TEXT_FORMATS:
            made.append(text_png(output, png, TEXT_FORMATS[fmt]))
        elif fmt == "pdf":
            made.append(pdf_png(output, png))
        elif fmt == "html":
            made.append(html_png(output, png, workdir))
        else:
            raise SystemExit(f"make_gallery: no way to draw the {fmt!r} format yet")
    too_big = [f"{p.name}: {p.stat().st_size} bytes" for p in made if is_too_big(p)]
    if too_big:
        raise SystemExit(f"larger than {MAX_BYTES} bytes: {', '.join(too_big)}")
    return made


def is_too_big(png: Path) -> bool:
    """Whether ``png`` is heavier than a gallery image may be."""
    return png.stat().st_size > MAX_BYTES


def main(argv: list[str] | None = None) -> None:
    """Make the gallery images named on the command line, or all of them."""
    os.environ["MUNINTL_LOAD_PLUGINS"] = ""  # built-in formats only
    os.environ.pop("MUNINTL_DISABLE_PLUGINS", None)
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument(
        "formats", nargs="*", metavar="FORMAT", help=f"a format, or {LETTERHEAD}"
    )
    args = parser.parse_args(argv)
    known = [*builtin_formats(), LETTERHEAD]
    unknown = sorted(set(args.formats) - set(known))
    if unknown:
        parser.error(f"not a built-in format: {', '.join(unknown)}")
    with tempfile.TemporaryDirectory(prefix="munintl-gallery-") as scratch:
        for png in make(args.formats or known, GALLERY, Path(scratch)):
            print(f"{png.relative_to(ROOT)}: {png.stat().st_size} bytes")


if __name__ == "__main__":
    main()
