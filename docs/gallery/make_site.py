"""Make the gallery's pictures of the strategy site.

Run ``python docs/gallery/make_site.py``.

Scaffolds the Skanderborg example's site with ``munintl site init``, builds
it in English with Sphinx (``-W -n``) and takes screenshots of the front
page and of an initiative's page with headless Chromium.  Needs the ``site``
extra and Chromium.
"""

from __future__ import annotations

import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

from munintl.sphinxext import site

HERE = Path(__file__).resolve().parent
EXAMPLE = HERE.parents[1] / "examples" / "skanderborg"
SHOTS = {
    "site-front.png": "index.html",
    "site-initiative.png": "initiatives/active-travel-network.html",
}


def main() -> None:
    """Build the site and write the screenshots beside this script."""
    chromium = shutil.which("chromium") or shutil.which("chromium-browser")
    if chromium is None:
        raise SystemExit("Chromium is needed for the screenshots")
    with tempfile.TemporaryDirectory() as folder:
        work = Path(folder)
        site.init(work / "site", str(EXAMPLE), languages=["en"])
        out = work / "out"
        build = ["-W", "-n", "-q", "-b", "html", str(work / "site"), str(out)]
        subprocess.run(  # noqa: S603 - our interpreter, on files we wrote
            [sys.executable, "-m", "sphinx", *build],
            check=True,
        )
        for name, page in SHOTS.items():
            subprocess.run(  # noqa: S603 - Chromium from PATH, on files we wrote
                [
                    chromium,
                    "--headless",
                    "--no-sandbox",
                    "--disable-gpu",
                    "--hide-scrollbars",
                    f"--user-data-dir={work / 'profile'}",
                    "--window-size=1100,1300",
                    f"--screenshot={HERE / name}",
                    (out / page).as_uri(),
                ],
                check=True,
                capture_output=True,
            )
            print(HERE / name)


if __name__ == "__main__":
    main()
