from __future__ import annotations

import datetime as dt
import re
import struct
import sys
import xml.etree.ElementTree as ET

import pytest

from munintl.reports.document import Timeline, TimelineBar, TimelineEvent
from munintl.reports.rendering.figures import (
    FigureError,
    _years,
    timeline_png,
    timeline_svg,
    timeline_svgs,
)
from munintl.testing.reports import INJECTIONS

SVG = "{http://www.w3.org/2000/svg}"
d = dt.date


def _timeline(groups: int = 2) -> Timeline:
    bars = [
        TimelineBar(
            label=f"Projekt {i} Ærø",
            group=f"Tema {i % groups}",
            start=d(2019, 1, 1),
            end=d(2021, 6, 30),
        )
        for i in range(groups * 2)
    ]
    bars.append(
        TimelineBar(
            label="Løbende", group="Tema 0", start=d(2015, 1, 1), approximate=True
        )
    )
    events = (TimelineEvent(label="Gensigneret", group="Tema 1", date=d(2022, 5, 1)),)
    return Timeline(
        start=d(2018, 1, 1), end=d(2025, 12, 31), bars=tuple(bars), events=events
    )


def _svg(timeline: Timeline, **options: str) -> ET.Element:
    text = timeline_svg(
        timeline, title="Tidslinje", alt="Alle initiativer", language="da", **options
    )
    return ET.fromstring(text)


def _texts(root: ET.Element) -> list[str]:
    return ["".join(e.itertext()) for e in root.iter(f"{SVG}text")]


def test_svg_is_an_accessible_image() -> None:
    root = _svg(_timeline())
    assert root.get("role") == "img"
    assert root.get("{http://www.w3.org/XML/1998/namespace}lang") == "da"
    title = root.find(f"{SVG}title")
    desc = root.find(f"{SVG}desc")
    assert title is not None
    assert title.text == "Tidslinje"
    assert desc is not None
    assert desc.text == "Alle initiativer"
    assert root.get("aria-labelledby") == f"{title.get('id')} {desc.get('id')}"


def test_every_bar_event_and_theme_is_labelled() -> None:
    timeline = _timeline()
    texts = _texts(_svg(timeline))
    for item in (*timeline.bars, *timeline.events):
        assert item.label in texts
        assert item.group in texts


def test_long_labels_are_shortened() -> None:
    label = "Et meget langt navn på et initiativ om grøn omstilling i Østjylland"
    timeline = Timeline(
        start=d(2020, 1, 1),
        end=d(2021, 1, 1),
        bars=(TimelineBar(label=label, group="g", start=d(2020, 1, 1)),),
    )
    (shown,) = [text for text in _texts(_svg(timeline)) if text.startswith("Et meget")]
    assert shown.endswith("…")
    assert len(shown) < len(label)


def test_labels_are_escaped_and_markdown_is_plain() -> None:
    bars = tuple(
        TimelineBar(label=text, group="**Tema**", start=d(2021, 1, 1))
        for text in INJECTIONS
    )
    timeline = Timeline(start=d(2020, 1, 1), end=d(2022, 1, 1), bars=bars)
    text = timeline_svg(timeline, title="<b>", alt="</desc><script>", language="da")
    root = ET.fromstring(text)
    assert root.find(f".//{SVG}script") is None
    assert "Tema" in _texts(root)
    assert "<script>alert('x')</script>" in _texts(root)


def test_themes_are_told_apart_without_colour() -> None:
    root = _svg(_timeline(groups=6))
    fills = {
        rect.get("fill")
        for rect in root.iter(f"{SVG}rect")
        if rect.get("y") and rect.get("height") == "14"
    }
    assert len(fills) == 6
    colours = re.findall(
        r"#([0-9a-fA-F]{3,6})\b", ET.tostring(root, encoding="unicode")
    )
    for colour in colours:
        full = colour if len(colour) == 6 else "".join(c * 2 for c in colour)
        assert full[0:2] == full[2:4] == full[4:6], f"#{colour} is not a grey"


def test_approximate_and_open_ended_bars_are_marked() -> None:
    root = _svg(_timeline())
    bars = [rect for rect in root.iter(f"{SVG}rect") if rect.get("height") == "14"]
    assert sum(1 for rect in bars if rect.get("stroke-dasharray")) == 1
    # The running bar ends in an arrow and started before the axis: two arrows,
    # and the legend shows one more.
    arrows = [
        path
        for path in root.iter(f"{SVG}path")
        if path.get("d", "").endswith("Z") and path.get("d", "").count("L") == 2
    ]
    assert len(arrows) == 3


def test_ids_take_the_prefix() -> None:
    one = timeline_svg(_timeline(), title="a", alt="b", language="da", id_prefix="f1")
    two = timeline_svg(_timeline(), title="a", alt="b", language="da", id_prefix="f2")
    ids_one = set(re.findall(r'id="([^"]+)"', one))
    ids_two = set(re.findall(r'id="([^"]+)"', two))
    assert ids_one
    assert not ids_one & ids_two
    assert all(i.startswith("f1-") for i in ids_one)


def test_an_empty_timeline_still_draws() -> None:
    root = _svg(Timeline(start=d(2020, 1, 1), end=d(2020, 1, 1)))
    assert root.get("height")


def test_drawing_is_deterministic() -> None:
    assert timeline_svg(_timeline(), title="a", alt="b", language="da") == timeline_svg(
        _timeline(), title="a", alt="b", language="da"
    )


@pytest.mark.parametrize(
    ("start", "end", "expected"),
    [
        (d(2018, 1, 1), d(2025, 12, 31), list(range(2018, 2026))),
        (d(1960, 6, 1), d(2025, 1, 1), [1970, 1980, 1990, 2000, 2010, 2020]),
        (d(2020, 3, 1), d(2020, 9, 1), [2020]),
    ],
)
def test_axis_marks_a_readable_number_of_years(
    start: dt.date, end: dt.date, expected: list[int]
) -> None:
    assert _years(start, end) == expected


def _png_size(data: bytes) -> tuple[int, int]:
    assert data[:8] == b"\x89PNG\r\n\x1a\n"
    width, height = struct.unpack(">II", data[16:24])
    return width, height


def test_png_is_drawn_from_the_svg() -> None:
    pytest.importorskip("typst")
    svg = timeline_svg(_timeline(), title="a", alt="b", language="da")
    small = _png_size(timeline_png(svg, ppi=96))
    large = _png_size(timeline_png(svg, ppi=192))
    assert small[0] == 760
    assert large[0] == pytest.approx(2 * small[0], abs=2)


def test_png_of_a_huge_figure_is_scaled_down() -> None:
    pytest.importorskip("typst")
    svg = timeline_svg(_timeline(), title="a", alt="b", language="da")
    width, height = _png_size(timeline_png(svg, ppi=300, max_pixels=200_000))
    assert width * height <= 210_000


def test_png_without_typst_says_what_to_install(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setitem(sys.modules, "typst", None)
    with pytest.raises(FigureError, match=r"munintl\[docx\]"):
        timeline_png(timeline_svg(_timeline(), title="a", alt="b", language="da"))


def test_long_timelines_are_drawn_in_parts_that_repeat_the_theme() -> None:
    bars = tuple(
        TimelineBar(
            label=f"B{n}", group="Tema A" if n < 30 else "Tema B", start=d(2020, 1, 1)
        )
        for n in range(50)
    )
    timeline = Timeline(start=d(2019, 1, 1), end=d(2022, 1, 1), bars=bars)
    parts = timeline_svgs(
        timeline, title="T", alt="Alt", language="da", max_rows=20, id_prefix="f"
    )
    roots = [ET.fromstring(part) for part in parts]
    rows = [
        [t for t in _texts(root) if re.fullmatch(r"B\d+|Tema [AB]", t)]
        for root in roots
    ]
    bars = [t for part in rows for t in part if t.startswith("B")]
    assert bars == [f"B{n}" for n in range(50)]
    assert all(part[0].startswith("Tema") for part in rows)
    assert all(len(part) <= 20 for part in rows)
    assert roots[0].find(f"{SVG}desc").text == "Alt"
    assert roots[1].find(f"{SVG}desc").text == f"T (2/{len(parts)})"
    ids = [i for part in parts for i in re.findall(r'id="([^"]+)"', part)]
    assert len(ids) == len(set(ids))


def test_a_short_timeline_is_one_part() -> None:
    assert (
        len(timeline_svgs(_timeline(), title="T", alt="A", language="da", max_rows=40))
        == 1
    )
