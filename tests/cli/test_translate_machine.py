"""``munintl translate machine`` against fake DeepL and LibreTranslate servers."""

from __future__ import annotations

import json
import shutil
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner

import munintl
import munintl.translation.machine as machine_module
from munintl.cli import main
from munintl.testing.translators import Failure, FakeDeepL, FakeLibreTranslate
from munintl.translation import by_path, texts

KEY = "cli-key:fx"


@pytest.fixture
def portfolio_dir(example_path: Path, tmp_path: Path) -> Path:
    target = tmp_path / "skanderborg"
    shutil.copytree(example_path, target)
    return target


@pytest.fixture(autouse=True)
def no_waiting(monkeypatch: pytest.MonkeyPatch) -> list[float]:
    """Record the waits between tries instead of waiting."""
    waits: list[float] = []
    monkeypatch.setattr(machine_module.time, "sleep", waits.append)
    return waits


@pytest.fixture
def deepl_server(
    portfolio_dir: Path, monkeypatch: pytest.MonkeyPatch
) -> Iterator[FakeDeepL]:
    pytest.importorskip("deepl")
    with FakeDeepL(auth_key=KEY) as server:
        monkeypatch.setenv("DEEPL_AUTH_KEY", KEY)
        configure(
            portfolio_dir,
            f'[plugins.deepl]\nserver_url = "{server.url}"\ntimeout = 0.5\n',
        )
        yield server


def configure(folder: Path, table: str) -> None:
    config = folder / "munintl.toml"
    config.write_text(
        config.read_text(encoding="utf-8") + "\n" + table, encoding="utf-8"
    )


def run(*args: str) -> tuple[int, str, str]:
    result = CliRunner().invoke(main, list(args))
    return result.exit_code, result.stdout, result.stderr


def missing(folder: Path, language: str) -> list[str]:
    return [
        entry.path
        for entry in texts(munintl.load(folder))
        if entry.state(language) == "missing" and not entry.frozen
    ]


def test_libretranslate_fills_every_missing_german_text(
    portfolio_dir: Path,
) -> None:
    todo = missing(portfolio_dir, "de")
    with FakeLibreTranslate() as server:
        configure(portfolio_dir, f'[plugins.libretranslate]\nurl = "{server.url}"\n')
        code, _out, err = run(
            "translate",
            "machine",
            str(portfolio_dir),
            "--lang",
            "de",
            "--engine",
            "libretranslate",
        )
    assert code == 0, err
    assert f"{len(todo)} texts machine-translated into de by libretranslate" in err
    # 25 texts a request (the default), one request each.
    assert len(server.posts("/translate")) == -(-len(todo) // 25)
    entries = by_path(munintl.load(portfolio_dir))
    assert missing(portfolio_dir, "de") == []
    for path in todo:
        assert entries[path].state("de") == "machine"
        assert entries[path].provenance("de").engine == "libretranslate"  # type: ignore[union-attr]
    # Human English is untouched; status counts the new machine texts.
    assert all(entry.state("en") in ("human", "original") for entry in entries.values())


def test_deepl_quota_stops_the_run_having_saved_batches_and_a_second_run_goes_on(
    portfolio_dir: Path, deepl_server: FakeDeepL
) -> None:
    todo = missing(portfolio_dir, "de")
    assert 50 < len(todo) <= 100  # two batches of at most 50
    deepl_server.quota = 1  # one request, then 456
    code, _out, err = run(
        "translate", "machine", str(portfolio_dir), "--lang", "de", "--engine", "deepl"
    )
    assert code == 1
    assert "quota of characters for this billing period is used up" in err
    assert f"50 of {len(todo)} texts were translated into de and saved" in err
    assert "run the command again to go on" in err
    left = missing(portfolio_dir, "de")
    assert left == todo[50:]  # saved consistently: the first batch
    munintl.validate(munintl.load(portfolio_dir))  # loads and validates
    deepl_server.quota = None
    code, _out, err = run(
        "translate", "machine", str(portfolio_dir), "--lang", "de", "--engine", "deepl"
    )
    assert code == 0, err
    assert missing(portfolio_dir, "de") == []
    sent = [t for r in deepl_server.posts("/v2/translate") for t in r.body["text"]]
    # Only the refused batch was sent twice.
    assert len(sent) == len(todo) + len(left)


def test_busy_deepl_is_waited_for_and_asked_again(
    portfolio_dir: Path, deepl_server: FakeDeepL, no_waiting: list[float]
) -> None:
    deepl_server.fail(
        Failure(status=429, headers={"Retry-After": "2"}),
        Failure(status=503),
        Failure(drop=True),
        Failure(stall=True),
    )
    code, _out, err = run(
        "translate", "machine", str(portfolio_dir), "--lang", "de", "--engine", "deepl"
    )
    assert code == 0, err
    assert no_waiting == [2.0, 1.0, 2.0, 4.0]
    assert err.count("trying again in") == 4
    assert missing(portfolio_dir, "de") == []


def test_human_translation_is_kept_without_force(
    portfolio_dir: Path, deepl_server: FakeDeepL
) -> None:
    # Edit a Danish source the English of which a person wrote: stale now.
    portfolio = munintl.load(portfolio_dir)
    entry = next(
        e for e in texts(portfolio) if e.state("en") == "human" and not e.frozen
    )
    from munintl.translation import set_translation

    changed = set_translation(
        portfolio, entry.path, "da", entry.source + " Ændret.", None
    )
    munintl.save(changed, portfolio_dir)
    code, _out, err = run(
        "translate",
        "machine",
        str(portfolio_dir),
        "--lang",
        "en",
        "--engine",
        "deepl",
        "--stale",
    )
    assert code == 0, err
    assert f"{entry.path}: warning: not translated: a person made the en" in err
    kept = by_path(munintl.load(portfolio_dir))[entry.path]
    assert kept.text.values["en"] == entry.text.values["en"]
    assert kept.state("en") == "stale"
    code, _out, err = run(
        "translate",
        "machine",
        str(portfolio_dir),
        "--lang",
        "en",
        "--engine",
        "deepl",
        "--stale",
        "--force",
    )
    assert code == 0, err
    replaced = by_path(munintl.load(portfolio_dir))[entry.path]
    assert replaced.state("en") == "machine"
    assert replaced.text.values["en"].endswith("ÆNDRET.")


def test_without_an_engine_it_asks_for_one(portfolio_dir: Path) -> None:
    code, _out, err = run("translate", "machine", str(portfolio_dir), "--lang", "de")
    assert code == 2
    assert "choose a translator with --engine" in err
    assert "deepl, libretranslate" in err


def test_missing_key_is_a_clear_error_and_nothing_is_written(
    portfolio_dir: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.delenv("DEEPL_AUTH_KEY", raising=False)
    before = missing(portfolio_dir, "de")
    code, _out, err = run(
        "translate", "machine", str(portfolio_dir), "--lang", "de", "--engine", "deepl"
    )
    assert code == 1
    assert "DEEPL_AUTH_KEY" in err
    assert missing(portfolio_dir, "de") == before


def test_deepl_without_its_package_names_the_extra(
    portfolio_dir: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setitem(sys.modules, "deepl", None)  # looks uninstalled
    monkeypatch.setenv("DEEPL_AUTH_KEY", KEY)
    before = missing(portfolio_dir, "de")
    code, _out, err = run(
        "translate", "machine", str(portfolio_dir), "--lang", "de", "--engine", "deepl"
    )
    assert code == 1
    assert (
        "the deepl translator needs the Python modules deepl, which are not"
        ' installed: pip install "munintl[deepl]"'
    ) in err
    assert missing(portfolio_dir, "de") == before
    code, out, _err = run("plugins", "--json")
    listed = {p["name"]: p for p in json.loads(out)}
    assert listed["munintl.plugins.translators.deepl"]["status"] == "needs extra"
    assert listed["munintl.plugins.translators.libretranslate"]["status"] == "active"


def test_configured_engine_is_used_and_submitted_followups_are_left_alone(
    portfolio_dir: Path,
) -> None:
    frozen_before = {
        e.path: dict(e.text.values)
        for e in texts(munintl.load(portfolio_dir))
        if e.frozen
    }
    assert frozen_before  # the example's 2011 follow-up is submitted
    with FakeLibreTranslate() as server:
        configure(portfolio_dir, f'[plugins.libretranslate]\nurl = "{server.url}"\n')
        text = (portfolio_dir / "munintl.toml").read_text(encoding="utf-8")
        text = text.replace(
            "[translation]\n", '[translation]\nengine = "libretranslate"\n'
        )
        if 'engine = "libretranslate"' not in text:
            text += '\n[translation]\nengine = "libretranslate"\n'
        (portfolio_dir / "munintl.toml").write_text(text, encoding="utf-8")
        code, _out, err = run(
            "translate", "machine", str(portfolio_dir), "--lang", "de"
        )
    assert code == 0, err
    assert "by libretranslate" in err
    after = by_path(munintl.load(portfolio_dir))
    assert {
        path: dict(after[path].text.values) for path in frozen_before
    } == frozen_before


class Meddler:
    """A translator that, while translating, lets someone else save the portfolio."""

    max_texts = 10
    max_characters = 100_000

    def __init__(self, folder: Path) -> None:
        self.folder = folder
        self.calls = 0

    def translate(self, texts: list[str], **_options: object) -> list[str]:
        self.calls += 1
        if self.calls == 2:
            portfolio = munintl.load(self.folder)
            from munintl.translation import set_translation

            changed = set_translation(
                portfolio, "municipality.name", "en", "Skanderborg Municipality", None
            )
            munintl.save(changed, self.folder)
        return [text.upper() for text in texts]


def test_someone_else_saving_meanwhile_stops_the_run_cleanly(
    portfolio_dir: Path, register_plugin: Any
) -> None:
    import munintl.hooks as hooks

    meddler = Meddler(portfolio_dir)

    class Plugin:
        @hooks.hookimpl
        def munintl_translators(self) -> list[hooks.Translator]:
            return [hooks.Translator(name="meddler", factory=lambda _s: meddler)]

    register_plugin(Plugin(), name="meddler")
    todo = missing(portfolio_dir, "de")
    code, _out, err = run(
        "translate",
        "machine",
        str(portfolio_dir),
        "--lang",
        "de",
        "--engine",
        "meddler",
    )
    assert code == 1
    assert "someone else changed the portfolio" in err
    assert f"10 of {len(todo)} texts were translated into de and saved" in err
    after = munintl.load(portfolio_dir)
    # Their change is kept; the batch translated over it was not saved.
    assert after.municipality.name.values["en"] == "Skanderborg Municipality"
    assert missing(portfolio_dir, "de") == todo[10:]
