from __future__ import annotations

import datetime as dt
import re
import struct
import sys
import xml.etree.ElementTree as ET

import pytest

from munintl.reports.document import (
    Timeline,
    TimelineBar,
    TimelineCount,
    TimelineEvent,
)
from munintl.reports.rendering.figures import (
    AXIS,
    LABEL_INDENT,
    LABEL_WIDTH,
    MARK_ROOM,
    PRINT_WIDTH,
    ROW,
    WIDTH,
    FigureError,
    _years,
    text_width,
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


def _label_lines(root: ET.Element) -> list[str]:
    """The texts of the label column (drawn at the label indent)."""
    return [
        "".join(e.itertext())
        for e in root.iter(f"{SVG}text")
        if e.get("x") == str(LABEL_INDENT)
    ]


def _one_bar(label: str) -> Timeline:
    return Timeline(
        start=d(2020, 1, 1),
        end=d(2021, 1, 1),
        bars=(TimelineBar(label=label, group="g", start=d(2020, 1, 1)),),
    )


def test_a_long_label_wraps_onto_two_lines_with_every_word_whole() -> None:
    label = "Et meget langt navn på et initiativ om grøn omstilling i Østjylland"
    lines = _label_lines(_svg(_one_bar(label)))
    assert len(lines) == 2
    assert " ".join(lines) == label
    room = LABEL_WIDTH - LABEL_INDENT - MARK_ROOM
    assert all(text_width(line) <= room for line in lines)


def test_a_label_too_long_for_two_lines_is_shortened_between_words() -> None:
    label = " ".join(["grøn omstilling i Østjylland"] * 6)
    lines = _label_lines(_svg(_one_bar(label)))
    assert len(lines) == 2
    assert lines[1].endswith("…")
    words = set(label.split())
    assert all(word in words for word in " ".join(lines).rstrip("…").split())
    room = LABEL_WIDTH - LABEL_INDENT - MARK_ROOM
    assert all(text_width(line) <= room for line in lines)


def test_labels_that_would_shorten_alike_keep_their_ends() -> None:
    stem = " ".join(["grøn omstilling i Østjylland"] * 6)
    bars = tuple(
        TimelineBar(label=f"{stem} ({years})", group="g", start=d(2020, 1, 1))
        for years in ("2010–2012", "2011–2013")
    )
    timeline = Timeline(start=d(2020, 1, 1), end=d(2021, 1, 1), bars=bars)
    lines = _label_lines(_svg(timeline))
    assert len(lines) == 4
    assert lines[1].startswith("…")
    assert lines[1].endswith("(2010–2012)")
    assert lines[3].endswith("(2011–2013)")


def test_text_is_nine_points_at_the_printed_width() -> None:
    root = _svg(_timeline())
    size = float(root.get("font-size", "0"))
    width = float(root.get("width", "0"))
    assert size * PRINT_WIDTH / width >= 9 - 0.01
    # No text of the drawing is set smaller than the drawing's size.
    assert all(e.get("font-size") is None for e in root.iter(f"{SVG}text"))


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


def _marks(root: ET.Element) -> dict[str, list[ET.Element]]:
    """Sort the drawing's marks by the visual code each one uses."""
    paths = list(root.iter(f"{SVG}path"))
    rects = list(root.iter(f"{SVG}rect"))
    return {
        "dashed": [r for r in rects if r.get("stroke-dasharray")],
        "arrow": [
            p
            for p in paths
            if p.get("d", "").endswith("Z") and p.get("d", "").count("L") == 2
        ],
        "chevrons": [p for p in paths if p.get("class") == "beyond"],
        "diamond": [p for p in paths if p.get("d", "").count("L") == 3],
        "patterned": [r for r in rects if (r.get("fill") or "").startswith("url(")],
    }


def test_each_mark_means_one_thing_and_the_legend_names_it() -> None:
    bars = (
        TimelineBar(
            label="Omtrent",
            group="A",
            start=d(2019, 1, 1),
            end=d(2020, 1, 1),
            approximate=True,
        ),
        TimelineBar(label="Løbende", group="A", start=d(2019, 1, 1)),
        TimelineBar(
            label="Før", group="B", start=d(2018, 1, 1), end=d(2020, 1, 1), before=True
        ),
        TimelineBar(
            label="Efter",
            group="B",
            start=d(2020, 1, 1),
            end=d(2022, 12, 31),
            after=True,
        ),
        TimelineBar(
            label="Afsluttet", group="B", start=d(2019, 1, 1), end=d(2020, 1, 1)
        ),
    )
    events = (TimelineEvent(label="Besøg", group="B", date=d(2020, 5, 1)),)
    timeline = Timeline(
        start=d(2018, 1, 1), end=d(2022, 12, 31), bars=bars, events=events
    )
    root = _svg(timeline)
    marks = _marks(root)
    # Each mark on the bars that have its meaning, and once in the legend.
    assert len(marks["dashed"]) == 1 + 1
    assert len(marks["arrow"]) == 1 + 1
    assert len(marks["chevrons"]) == 2 + 1
    assert len(marks["diamond"]) == 1 + 1
    texts = _texts(root)
    for words in (
        "Omtrentlige datoer",
        "Ingen slutdato",
        "Uden for tidsaksen (datoerne står i tabellen)",
        "Begivenhed",
    ):
        assert words in texts
    # The cut ends: « left of the bar that began before, » right of the other.
    bar_rects = {
        r.get("x"): r for r in root.iter(f"{SVG}rect") if r.get("height") == "14"
    }
    left, _right = sorted(
        marks["chevrons"][:2], key=lambda p: float(p.get("d", "M0").split(",")[0][1:])
    )
    assert float(left.get("d", "").split(",")[0][1:]) < min(map(float, bar_rects))


def test_the_legend_borrows_no_theme_fill() -> None:
    root = _svg(_timeline(groups=6))
    marks = _marks(root)
    legend_top = max(
        float(r.get("y", "0")) + float(r.get("height", "0"))
        for r in root.iter(f"{SVG}rect")
        if r.get("height") == "14"
    )
    # Theme fills only on bars, never in the legend; its samples are white.
    assert all(r.get("height") == "14" for r in marks["patterned"])
    samples = [
        r for r in root.iter(f"{SVG}rect") if float(r.get("y", "0")) > legend_top
    ]
    assert samples
    assert {r.get("fill") for r in samples} == {"#fff"}
    (approximate,) = [r for r in samples if r.get("stroke-dasharray")]
    assert approximate.get("fill") == "#fff"


def test_a_legend_shows_only_the_marks_the_figure_uses() -> None:
    timeline = Timeline(
        start=d(2020, 1, 1),
        end=d(2021, 12, 31),
        bars=(
            TimelineBar(label="a", group="g", start=d(2020, 1, 1), end=d(2021, 1, 1)),
        ),
    )
    texts = _texts(_svg(timeline))
    assert "Omtrentlige datoer" not in texts
    assert "Ingen slutdato" not in texts


def _summary(rows: int = 3) -> Timeline:
    spans = ((d(2019, 1, 1), d(2019, 12, 31)), (d(2020, 1, 1), d(2020, 12, 31)))
    counts = tuple(
        TimelineCount(
            label=f"Tema {n} ({n * 1000})",
            group=f"Tema {n}",
            total=n * 1000,
            counts=(n * 1000, n * 10),
        )
        for n in range(1, rows + 1)
    )
    return Timeline(
        start=d(2019, 1, 1), end=d(2020, 12, 31), spans=spans, counts=counts
    )


def test_a_summarised_timeline_is_a_grid_of_counts() -> None:
    root = _svg(_summary())
    texts = _texts(root)
    assert [t for t in texts if t in ("2019", "2020")] == ["2019", "2020"]
    for n in (1, 2, 3):
        assert f"Tema {n} ({n * 1000})" in texts
        assert f"{n}\u202f000" in texts
        assert str(n * 10) in texts
    assert not _marks(root)["patterned"]
    assert any(t.startswith("Hvert tal er antallet") for t in texts)
    # The largest count is the darkest cell, and every shade is a grey.
    cells = {"".join(e.itertext()): e for e in root.iter(f"{SVG}text")}
    assert cells["3\u202f000"] is not None
    shades = [
        r.get("fill")
        for r in root.iter(f"{SVG}rect")
        if (r.get("fill") or "").startswith("#") and r.get("fill") != "#fff"
    ]
    assert min(shades, key=lambda f: int(f[1:3], 16)) == "#919191"


def test_a_summary_of_many_rows_has_a_bounded_height() -> None:
    root = _svg(_summary(rows=40))
    assert float(root.get("height", "0")) < AXIS + 40 * (ROW + 15) + 200


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
    assert small[0] == WIDTH
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
