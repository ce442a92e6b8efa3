"""Machine translation batching: requests per 1,000 texts, and munintl's cost per text.

Runs ``munintl.translation.machine`` over a portfolio of N missing German
texts against the fake DeepL and LibreTranslate servers of
``munintl.testing.translators`` (local HTTP, the real request shapes), and
reports:

* requests per 1,000 texts (the target: no more than the engine's batch
  limit allows -- 20 for DeepL's 50 texts a request, 40 for LibreTranslate's
  default 25);
* the time per text of munintl's own work (choosing texts, Markdown to HTML
  and back, setting translations) with an engine that answers at once, as a
  ratio to the floor: ``json.dumps`` + ``json.loads`` of the same texts (what
  any client must do to send them).

    python bench/bench_machine.py --texts 1000
"""

from __future__ import annotations

import argparse
import json
import os
import sys
import time
from collections.abc import Mapping, Sequence

from munintl.model import LocalizedText, Municipality, Portfolio
from munintl.model.initiative import Initiative
from munintl.plugins.translators.libretranslate import (
    LibreTranslateEngine,
    LibreTranslateSettings,
)
from munintl.testing.translators import FakeDeepL, FakeLibreTranslate
from munintl.translation.machine import MachineTranslation, plan

TEXT = (
    "Skanderborg Kommune samarbejder med *venskabsbyer* om klima og"
    " beskæftigelse; læs [strategien](https://skanderborg.dk/strategi).\n\n"
    "- udveksling af medarbejdere\n- fælles EU-projekter"
)


def portfolio(count: int) -> Portfolio:
    town = Municipality(
        id="bench",
        name=LocalizedText.of(da="Benchby Kommune"),
        country="DK",
        default_language="da",
    )
    initiatives = tuple(
        Initiative(
            id=f"i{n}", title=LocalizedText.of(da=f"{TEXT} ({n})"), kind="project"
        )
        for n in range(count - 1)
    )
    return Portfolio(municipality=town, initiatives=initiatives)


class Instant:
    """An engine that returns its texts at once: munintl's own cost alone."""

    max_texts = 50
    max_characters = 30_000

    def translate(
        self,
        texts: Sequence[str],
        *,
        source: str,
        target: str,
        glossary: Mapping[str, str] | None = None,
    ) -> list[str]:
        return list(texts)


def requests_per_1000(count: int) -> dict[str, float]:
    data = portfolio(count)
    found: dict[str, float] = {}
    with FakeDeepL(auth_key="bench:fx") as server:
        os.environ["DEEPL_AUTH_KEY"] = "bench:fx"
        from munintl.plugins.translators.deepl import DeepLEngine, DeepLSettings

        engine = DeepLEngine(DeepLSettings(server_url=server.url))
        MachineTranslation(engine, "deepl", "de").run(data, plan(data, "de"))
        found["deepl"] = len(server.posts("/v2/translate")) * 1000 / count
    with FakeLibreTranslate() as server:
        engine2 = LibreTranslateEngine(LibreTranslateSettings(url=server.url))
        MachineTranslation(engine2, "libretranslate", "de").run(data, plan(data, "de"))
        found["libretranslate"] = len(server.posts("/translate")) * 1000 / count
    return found


def overhead(count: int, repeat: int) -> tuple[float, float]:
    data = portfolio(count)
    sources = [TEXT] * count
    runs, floors = [], []
    for _ in range(repeat):
        start = time.perf_counter()
        MachineTranslation(Instant(), "instant", "de").run(data, plan(data, "de"))
        runs.append(time.perf_counter() - start)
        start = time.perf_counter()
        json.loads(json.dumps({"text": sources}))
        floors.append(time.perf_counter() - start)
    return sorted(runs)[repeat // 2] / count, sorted(floors)[repeat // 2] / count


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--texts", type=int, default=1000)
    parser.add_argument("--repeat", type=int, default=5)
    args = parser.parse_args()
    found = requests_per_1000(args.texts)
    per_text, floor = overhead(args.texts, args.repeat)
    print(f"texts: {args.texts}")
    for name, value in found.items():
        print(f"{name}: {value:.0f} requests per 1,000 texts")
    print(
        f"munintl's work per text: {per_text * 1e6:.0f} µs"
        f" ({per_text / floor:.0f}x json dumps+loads of the text, {floor * 1e6:.1f} µs)"
    )
    ok = found["deepl"] <= 20 and found["libretranslate"] <= 40
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
