"""Make the pictures of the follow-up round's forms (``docs/howto/followup-round.md``).

Run ``python docs/howto/images/make_followup_round.py`` from anywhere.  It runs ::

    munintl followup prepare PORTFOLIO --year 2012 --body okonomiudvalget \\
        --deadline 2013-01-15 -o DIR/

on a scratch copy of the Skanderborg example, fills in the row of Active Travel Network
with openpyxl (so the lists show a choice), converts the workbook and the
narrative document to PDF with headless LibreOffice (a throwaway profile)
and writes the top of each first page, by ``pdftoppm``, to
``docs/howto/images/followup-round-status.png`` and
``docs/howto/images/followup-round-narrative.png``.  Needs LibreOffice and
poppler-utils on the ``PATH``.
"""

from __future__ import annotations

import io
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parents[2]
EXAMPLE = ROOT / "examples" / "skanderborg"


def _tool(name: str) -> str:
    found = shutil.which(name)
    if found is None:
        sys.exit(f"{name} is not on the PATH")
    return found


def _fill(workbook: Path) -> None:
    import openpyxl

    book = openpyxl.load_workbook(workbook)
    sheet = book.worksheets[0]
    sheet["I6"] = "Afsluttet"
    sheet["J6"] = "Gennemført"
    out = io.BytesIO()
    book.save(out)
    workbook.write_bytes(out.getvalue())


def main() -> None:
    """Write the two PNGs."""
    with tempfile.TemporaryDirectory() as scratch:
        work = Path(scratch)
        portfolio = work / "skanderborg"
        shutil.copytree(EXAMPLE, portfolio)
        forms = work / "forms"
        subprocess.run(  # noqa: S603 - our own command line
            [
                sys.executable,
                "-m",
                "munintl",
                "followup",
                "prepare",
                str(portfolio),
                "--year",
                "2012",
                "--body",
                "okonomiudvalget",
                "--deadline",
                "2013-01-15",
                "-o",
                str(forms),
            ],
            check=True,
        )
        workbook = next(forms.glob("*.status.xlsx"))
        document = next(forms.glob("*.narrative.docx"))
        _fill(workbook)
        subprocess.run(  # noqa: S603 - LibreOffice from PATH, on files made above
            [
                _tool("soffice"),
                f"-env:UserInstallation={(work / 'profile').as_uri()}",
                "--headless",
                "--convert-to",
                "pdf",
                "--outdir",
                str(work / "pdf"),
                str(workbook),
                str(document),
            ],
            check=True,
            capture_output=True,
        )
        for source, name, crop in (
            (workbook, "followup-round-status", ("-W", "1150", "-H", "420")),
            (document, "followup-round-narrative", ("-W", "700", "-H", "760")),
        ):
            pdf = work / "pdf" / (source.stem + ".pdf")
            subprocess.run(  # noqa: S603 - poppler from PATH
                [
                    _tool("pdftoppm"),
                    "-png",
                    "-r",
                    "90",
                    "-f",
                    "1",
                    "-l",
                    "1",
                    "-singlefile",
                    "-x",
                    "0",
                    "-y",
                    "40",
                    *crop,
                    str(pdf),
                    str(HERE / name),
                ],
                check=True,
            )
            print(HERE / f"{name}.png")


if __name__ == "__main__":
    main()
