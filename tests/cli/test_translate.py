"""``munintl translate``: status, export, import and review from the command line."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import polib
import pytest
from click.testing import CliRunner

import munintl
import munintl.translation
from munintl.cli import main
from munintl.translation import by_path, made_now, set_translation
from munintl.translation.exchange import export_catalog


@pytest.fixture
def portfolio_dir(example_path: Path, tmp_path: Path) -> Path:
    target = tmp_path / "skanderborg"
    shutil.copytree(example_path, target)
    return target


def run(*args: str) -> tuple[int, str, str]:
    result = CliRunner().invoke(main, list(args))
    return result.exit_code, result.stdout, result.stderr


def test_status_of_skanderborg(example_path: Path) -> None:
    code, out, _err = run("translate", "status", str(example_path), "--json")
    assert code == 0
    document = json.loads(out)
    assert document["source_language"] == "da"
    texts = list(munintl.translation.texts(munintl.load(example_path)))
    english, german = document["languages"]["en"], document["languages"]["de"]
    # Every English text is a human translation (or, once, the source's).
    assert english["human"] == len(texts)
    assert english["missing"] == english["stale"] == english["machine"] == 0
    assert english["complete"] == 1.0
    # German: a German association's name is the original; the title, the
    # vision and the Eisenach twinning (and more) are translated; the rest
    # is missing.
    assert german["original"] == 1
    assert german["human"] >= 3
    assert german["missing"] == len(texts) - german["human"] - 1
    assert german["stale"] == german["machine"] == german["reviewed"] == 0
    borgerservice = document["objects"]["themes[borgerservice]"]["de"]
    assert borgerservice["missing"] == sum(
        1 for t in texts if t.path.startswith("themes[borgerservice].")
    )


def test_status_table_lists_languages_and_unfinished_entities(
    example_path: Path,
) -> None:
    found = munintl.translation.status(munintl.load(example_path), ["en", "de"])
    code, out, _err = run("translate", "status", str(example_path))
    assert code == 0
    lines = out.splitlines()
    states = ["original", "human", "reviewed", "machine", "stale", "missing"]
    assert lines[0].split() == ["language", *states, "complete"]
    for line, language in zip(lines[1:3], ("en", "de"), strict=True):
        counts = found.languages[language]
        percent = f"{found.complete(language):.0%}"
        assert line.split() == [language, *(str(counts[s]) for s in states), percent]
    assert lines[1].split()[-1] == "100%"
    assert any(line.split()[:2] == ["themes[borgerservice]", "de"] for line in lines)
    assert not any(line.split()[1:2] == ["en"] for line in lines[4:])


def test_export_edit_import_round_trip(portfolio_dir: Path, tmp_path: Path) -> None:
    exported = tmp_path / "de.po"
    code, out, err = run(
        "translate", "export", str(portfolio_dir), "--lang", "de", "-o", str(exported)
    )
    assert code == 0, err
    assert out.strip() == str(exported)
    count = len(export_catalog(munintl.load(portfolio_dir), "de").entries)
    assert f"{count} texts to translate into de" in err
    catalog = polib.pofile(str(exported))
    catalog[0].msgstr = "Der Stadtrat der Kommune Skanderborg."
    catalog.metadata["Last-Translator"] = "Übersetzungsbüro Nord"
    catalog.save(str(exported))
    code, _out, err = run("translate", "import", str(exported), str(portfolio_dir))
    assert code == 0, err
    left = count - 1
    assert f"1 imported, 0 unchanged, 0 stale, 0 unfinished, {left} untranslated" in err
    text = by_path(munintl.load(portfolio_dir))[catalog[0].msgctxt]
    assert text.translation("de") == catalog[0].msgstr
    provenance = text.provenance("de")
    assert provenance is not None
    assert provenance.translator == "Übersetzungsbüro Nord"
    # Importing again changes nothing.
    code, _out, err = run("translate", "import", str(exported), str(portfolio_dir))
    assert "0 imported, 1 unchanged" in err


def test_import_of_another_language_writes_nothing(
    portfolio_dir: Path, tmp_path: Path
) -> None:
    exported = tmp_path / "de.xlf"
    run("translate", "export", str(portfolio_dir), "--lang", "de", "-o", str(exported))
    before = {p: p.read_bytes() for p in portfolio_dir.rglob("*.yaml")}
    code, _out, err = run(
        "translate", "import", str(exported), str(portfolio_dir), "--lang", "en"
    )
    assert code == 1
    assert "'de' translations, not 'en'" in err
    assert "nothing was written" in err
    assert {p: p.read_bytes() for p in portfolio_dir.rglob("*.yaml")} == before


def test_review_marks_machine_translations_reviewed(portfolio_dir: Path) -> None:
    portfolio = munintl.load(portfolio_dir)
    entries = by_path(portfolio)
    paths = ["themes[borgerservice].title", "bodies[byraadet].name"]
    for path in paths:
        provenance = made_now("machine", entries[path], engine="deepl")
        portfolio = set_translation(portfolio, path, "pl", "Tekst", provenance)
    munintl.save(portfolio, portfolio_dir)
    code, _out, err = run(
        "translate",
        "review",
        str(portfolio_dir),
        "--lang",
        "pl",
        paths[0],
        "--by",
        "Ewa",
    )
    assert code == 0, err
    after = by_path(munintl.load(portfolio_dir))
    assert after[paths[0]].state("pl") == "reviewed"
    reviewed = after[paths[0]].provenance("pl")
    assert reviewed is not None
    assert (reviewed.translator, reviewed.engine) == ("Ewa", "deepl")
    assert after[paths[1]].state("pl") == "machine"
    code, _out, err = run(
        "translate", "review", str(portfolio_dir), "--lang", "pl", "municipality.name"
    )
    assert code == 1
    assert "not an unreviewed machine translation" in err
    code, _out, err = run(
        "translate", "review", str(portfolio_dir), "--lang", "pl", "--all"
    )
    assert code == 0
    assert "1 machine translation marked reviewed" in err
