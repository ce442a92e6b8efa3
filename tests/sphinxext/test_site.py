"""The Skanderborg example as a Sphinx site: scaffolded, built with -W -n, read back.

Each build runs Sphinx in its own process (as ``munintl site build`` does),
then the HTML is parsed with html5lib and the inventory with Sphinx's own
reader, so the checks see what a browser and intersphinx see.
"""

from __future__ import annotations

import re
import shutil
import subprocess
import sys
import zlib
from pathlib import Path
from urllib.parse import urldefrag

import html5lib
import pytest

from munintl.sphinxext import site

pytest.importorskip("sphinx")

ROOT = Path(__file__).resolve().parents[2]
EXAMPLE = ROOT / "examples" / "skanderborg"
XHTML = "{http://www.w3.org/1999/xhtml}"


def sphinx(
    source: Path, out: Path, *options: str, check: bool = True
) -> subprocess.CompletedProcess[str]:
    """Run sphinx-build as a user would, warnings as errors."""
    command = [sys.executable, "-m", "sphinx", "-W", "-n", "--keep-going"]
    command += ["-b", "html", *options, str(source), str(out)]
    result = subprocess.run(command, capture_output=True, text=True, check=False)
    if check:
        assert result.returncode == 0, result.stdout + result.stderr
    return result


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    """The example site, built in Danish and English."""
    base = tmp_path_factory.mktemp("site")
    portfolio = base / "portfolio"
    shutil.copytree(EXAMPLE, portfolio)
    project = base / "site"
    site.init(project, str(portfolio), languages=["da", "en"])
    outputs = {}
    for language in ("da", "en"):
        out = base / "out" / language
        sphinx(project, out, "-D", f"language={language}")
        outputs[language] = out
    return outputs


def parse(path: Path) -> object:
    with path.open("rb") as stream:
        return html5lib.parse(stream)


def text_of(path: Path) -> str:
    tree = parse(path)
    article = next(tree.iter(f"{XHTML}article"))  # type: ignore[attr-defined]
    return " ".join("".join(article.itertext()).split())


def test_every_page_of_the_scaffold_is_there(built: dict[str, Path]) -> None:
    out = built["en"]
    assert (out / "index.html").is_file()
    for name in ("active-travel-network", "innourba", "udenlandsk-arbejdskraft"):
        assert (out / "initiatives" / f"{name}.html").is_file()
    assert (out / "partnerships" / "eisenach.html").is_file()
    assert (out / "themes" / "klima-energi-og-miljoe.html").is_file()


def test_pages_speak_the_build_language(built: dict[str, Path]) -> None:
    danish = text_of(built["da"] / "initiatives" / "active-travel-network.html")
    english = text_of(built["en"] / "initiatives" / "active-travel-network.html")
    assert "Indsatstype" in danish or "EU-projekt" in danish
    assert "EU project" in english
    assert "Status" in english
    root = parse(built["en"] / "index.html")
    assert root.get("lang") == "en"  # type: ignore[attr-defined]
    assert parse(built["da"] / "index.html").get("lang") == "da"  # type: ignore[attr-defined]


def test_strategy_page_shows_vision_and_themes_in_order(built: dict[str, Path]) -> None:
    text = text_of(built["en"] / "index.html")
    assert "Vision" in text
    themes = ["Citizen service", "An active life", "Business and urban development"]
    positions = [text.index(theme) for theme in themes]
    assert positions == sorted(positions)


def test_partnership_shows_history_and_status_per_party(built: dict[str, Path]) -> None:
    text = text_of(built["en"] / "partnerships" / "eisenach.html")
    assert "1993" in text
    assert "Re-signed" in text
    assert "Handed over to civil society" in text  # Skanderborg's side since 2023
    assert "Eisenach" in text


@pytest.mark.parametrize("language", ["da", "en"])
def test_codes_read_as_their_codelists_say(
    built: dict[str, Path], language: str
) -> None:
    """A partnership's kind, events and statuses and a follow-up's state."""
    import munintl
    from munintl.plugins.codelists import builtin_codelists

    labels = {
        (codelist.scheme, item.code): item.label.values[language]
        for codelist in builtin_codelists()
        for item in codelist.items
    }
    portfolio = munintl.load(EXAMPLE)
    partnership = portfolio.partnership("eisenach")
    assert partnership is not None
    codes = [("partnership-kind", partnership.kind_on())]
    codes += [("partnership-event", event.kind) for event in partnership.events]
    codes += [
        ("partnership-status", status)
        for status in partnership.status_on().values()
        if status
    ]
    text = text_of(built[language] / "partnerships" / "eisenach.html")
    assert [code for code in codes if labels[code] not in text] == []
    for followup in portfolio.followups:
        text = text_of(built[language] / "followups" / f"{followup.id}.html")
        assert labels["follow-up-state", followup.state] in text


def test_illustrative_items_are_marked(built: dict[str, Path]) -> None:
    page = built["en"] / "followups" / "opfoelgning-2011.html"
    tree = parse(page)
    marks = [
        element
        for element in tree.iter()  # type: ignore[attr-defined]
        if "munintl-illustrative" in (element.get("class") or "")
    ]
    assert marks
    assert "Illustrative" in text_of(page)


def test_every_internal_link_resolves(built: dict[str, Path]) -> None:
    for out in built.values():
        for page in out.rglob("*.html"):
            tree = parse(page)
            ids = {
                element.get("id")
                for element in tree.iter()  # type: ignore[attr-defined]
                if element.get("id")
            }
            for link in tree.iter(f"{XHTML}a"):  # type: ignore[attr-defined]
                href = link.get("href") or ""
                if not href or re.match(r"^[a-z]+:", href):
                    continue
                target, fragment = urldefrag(href)
                file = (page.parent / target).resolve() if target else page
                assert file.exists(), f"{page}: broken link {href}"
                if fragment and file == page:
                    assert fragment in ids, f"{page}: no #{fragment}"


def _inventory(path: Path) -> str:
    data = path.read_bytes()
    header_end = 0
    for _ in range(4):
        header_end = data.index(b"\n", header_end) + 1
    return zlib.decompress(data[header_end:]).decode("utf-8")


def test_entities_are_in_the_inventory_index_and_search(built: dict[str, Path]) -> None:
    out = built["en"]
    inventory = _inventory(out / "objects.inv")
    assert re.search(
        r"^active-travel-network munintl:initiative 1 initiatives/active-travel-network\.html#",
        inventory,
        re.MULTILINE,
    )
    assert "eisenach munintl:partnership" in inventory
    assert "klima-energi-og-miljoe munintl:theme" in inventory
    assert "Active Travel Network (initiative)" in text_of(out / "genindex.html")
    assert "active-travel-network" in (out / "searchindex.js").read_text("utf-8")


def test_roles_link_prose_to_entities(tmp_path: Path) -> None:
    project = tmp_path / "site"
    site.init(project, str(EXAMPLE), languages=["en"])
    (project / "index.rst").write_text(
        (project / "index.rst").read_text("utf-8")
        + "\n   The :munintl:initiative:`active-travel-network` ran in"
        " :munintl:theme:`klima-energi-og-miljoe`, led by"
        " :munintl:organisation:`weiz`.\n",
        encoding="utf-8",
    )
    out = tmp_path / "out"
    sphinx(project, out)
    tree = parse(out / "index.html")
    links = {
        "".join(a.itertext()).strip(): a.get("href")
        for a in tree.iter(f"{XHTML}a")  # type: ignore[attr-defined]
    }
    assert links["Active Travel Network"].startswith(
        "initiatives/active-travel-network.html#munintl-initiative-"
    )
    assert (
        "themes/klima-energi-og-miljoe.html"
        in links["Policy area: Climate, energy and environment"]
    )
    assert links["Weiz"].startswith("organisations/weiz.html#munintl-organisation-")
    weiz = text_of(out / "organisations" / "weiz.html")
    assert "AT" in weiz
    assert "Active Travel Network" in weiz


def test_a_role_to_an_unknown_entity_fails_the_build(tmp_path: Path) -> None:
    project = tmp_path / "site"
    site.init(project, str(EXAMPLE), languages=["en"])
    page = project / "index.rst"
    page.write_text(
        page.read_text("utf-8") + "\n   See :munintl:initiative:`no-such-thing`.\n",
        encoding="utf-8",
    )
    result = sphinx(project, tmp_path / "out", check=False)
    assert result.returncode != 0
    assert "no-such-thing" in result.stderr


def _copy(tmp_path: Path) -> Path:
    portfolio = tmp_path / "portfolio"
    shutil.copytree(EXAMPLE, portfolio)
    return portfolio


def test_internal_items_are_never_rendered(tmp_path: Path) -> None:
    portfolio = _copy(tmp_path)
    initiative = portfolio / "initiatives" / "innourba.yaml"
    initiative.write_text(
        initiative.read_text("utf-8") + "visibility: internal\n", encoding="utf-8"
    )
    project = tmp_path / "site"
    site.init(project, str(portfolio), languages=["en"])
    assert not (project / "initiatives" / "innourba.rst").exists()
    out = tmp_path / "out"
    sphinx(project, out)
    for page in out.rglob("*.html"):
        assert "InnoUrba" not in page.read_text("utf-8"), page
    (project / "extra.rst").write_text(
        ":orphan:\n\n.. munintl:initiative:: innourba\n", encoding="utf-8"
    )
    result = sphinx(project, tmp_path / "out2", check=False)
    assert result.returncode != 0
    assert "internal" in result.stderr


def test_texts_missing_in_the_build_language_fall_back_marked(tmp_path: Path) -> None:
    project = tmp_path / "site"
    site.init(project, str(EXAMPLE), languages=["de"])
    out = tmp_path / "out"
    sphinx(project, out, "-D", "language=de")
    tree = parse(out / "initiatives" / "innourba.html")
    marked = {
        element.get("lang")
        for element in tree.iter()  # type: ignore[attr-defined]
        if element.get("lang") and element.tag != f"{XHTML}html"
    }
    assert marked & {"en", "da"}


def _site_of_a_broken_portfolio(tmp_path: Path) -> Path:
    """A site of a copy of the example with a key misspelt (``kindd``)."""
    portfolio = _copy(tmp_path)
    project = tmp_path / "site"
    site.init(project, str(portfolio), languages=["en"])
    initiative = portfolio / "initiatives" / "innourba.yaml"
    text = initiative.read_text("utf-8")
    initiative.write_text(text.replace("kind:", "kindd:", 1), encoding="utf-8")
    return project


def test_a_broken_portfolio_fails_the_build_with_file_and_line(tmp_path: Path) -> None:
    project = _site_of_a_broken_portfolio(tmp_path)
    result = sphinx(project, tmp_path / "out", check=False)
    assert result.returncode != 0
    assert re.search(r"innourba\.yaml:\d+:\d+: .*kindd", result.stderr), result.stderr


def _changed(output: str) -> int:
    match = re.search(r"(\d+) added, (\d+) changed, (\d+) removed", output)
    assert match, output
    return int(match.group(2))


def test_an_edit_rebuilds_only_the_pages_that_show_it(tmp_path: Path) -> None:
    portfolio = _copy(tmp_path)
    project = tmp_path / "site"
    site.init(project, str(portfolio), languages=["en"])
    out = tmp_path / "out"
    command = [sys.executable, "-m", "sphinx", "-b", "html", str(project), str(out)]
    first = subprocess.run(command, capture_output=True, text=True, check=True)
    pages = len(list(project.rglob("*.rst")))
    assert pages > 15, first.stdout
    initiative = portfolio / "initiatives" / "innourba.yaml"
    initiative.write_text(
        initiative.read_text("utf-8").replace(
            "en: {text: InnoUrba,", "en: {text: InnoUrba Renamed,", 1
        ),
        encoding="utf-8",
    )
    again = subprocess.run(command, capture_output=True, text=True, check=True)
    changed = _changed(again.stdout)
    assert 1 <= changed < pages / 2, again.stdout
    assert "InnoUrba Renamed" in (out / "initiatives" / "innourba.html").read_text(
        "utf-8"
    )
    quiet = subprocess.run(command, capture_output=True, text=True, check=True)
    assert _changed(quiet.stdout) == 0


def test_parallel_build(tmp_path: Path) -> None:
    project = tmp_path / "site"
    site.init(project, str(EXAMPLE), languages=["en"])
    sphinx(project, tmp_path / "out", "-j", "2")
    assert (tmp_path / "out" / "initiatives" / "innourba.html").is_file()


def test_init_refuses_a_directory_in_use(tmp_path: Path) -> None:
    (tmp_path / "keep.txt").write_text("mine", encoding="utf-8")
    with pytest.raises(site.SiteError, match="not empty"):
        site.init(tmp_path, str(EXAMPLE))
    assert [p.name for p in tmp_path.iterdir()] == ["keep.txt"]


def test_site_build_speaks_the_language_of_the_run(tmp_path: Path) -> None:
    """``munintl --lang de site build``: munintl's messages, from the CLI and
    from inside the Sphinx process, are German (the site's own is English)."""
    from click.testing import CliRunner

    from munintl.cli import main

    runner = CliRunner()
    lonely = tmp_path / "lonely"
    lonely.mkdir()
    result = runner.invoke(main, ["--lang", "de", "site", "build", str(lonely)])
    assert result.exit_code == 1
    assert "enthält keine conf.py" in result.output, result.output

    project = _site_of_a_broken_portfolio(tmp_path)
    command = [
        sys.executable,
        "-c",
        "import sys; from munintl.cli import main; sys.exit(main())",
        "--lang",
        "de",
        "site",
        "build",
        str(project),
    ]
    built = subprocess.run(command, capture_output=True, text=True, check=False)
    output = built.stdout + built.stderr
    assert built.returncode == 1, output
    assert "ist nicht gültig (2 Fehler)" in output, output
    assert "unbekannter Schlüssel 'kindd'" in output, output
    assert "Traceback" not in output
    assert "sphinx-doc" not in output
    assert "is not valid" not in output
    assert "did not build" not in output


@pytest.mark.parametrize(
    ("parse", "text", "english", "german"),
    [
        ("_year_period", "20x1", "is not a year", "ist kein Jahr"),
        ("_date", "2023-02-30", "is not a date", "ist kein Datum"),
        ("_columns", "title colour", "unknown column(s) colour", "Spalte(n) colour"),
    ],
)
def test_directive_options_are_refused_in_the_language_of_the_run(
    parse: str, text: str, english: str, german: str
) -> None:
    from munintl import i18n
    from munintl.sphinxext import directives

    function = getattr(directives, parse)
    with pytest.raises(ValueError, match=re.escape(english)):
        function(text)
    i18n.set_language("de")
    try:
        with pytest.raises(ValueError, match=re.escape(german)):
            function(text)
    finally:
        i18n.set_language(None)


def test_init_keeps_a_database_location_whole_and_without_password(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import ast

    import munintl

    monkeypatch.chdir(tmp_path)
    munintl.save(munintl.load(EXAMPLE), "sqlite:///portal.db#skanderborg")
    site.init(tmp_path / "web", "sqlite:///portal.db#skanderborg", languages=["da"])
    conf = (tmp_path / "web" / "conf.py").read_text(encoding="utf-8")
    names = {
        node.targets[0].id: node.value.value
        for node in ast.parse(conf).body
        if isinstance(node, ast.Assign)
        and isinstance(node.targets[0], ast.Name)
        and isinstance(node.value, ast.Constant)
    }
    # "//" kept (a path would fold it), the file made absolute: a build
    # runs in another directory.
    assert names["munintl_portfolio"] == (
        f"sqlite:///{tmp_path.as_posix()}/portal.db#skanderborg"
    )
    assert munintl.load(names["munintl_portfolio"]) == munintl.load(EXAMPLE)
    with pytest.raises(site.SiteError, match=r"conf\.py would keep the password") as no:
        site.init(tmp_path / "other", "postgresql://ed:Zq9-pw@127.0.0.1:1/db#k")
    assert "Zq9" not in str(no.value)
    assert not (tmp_path / "other").exists()
