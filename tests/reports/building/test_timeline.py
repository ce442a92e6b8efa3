"""Timelines of initiatives and partnerships (reports.building.timeline)."""

from __future__ import annotations

import datetime as dt

import pytest
from hypothesis import given
from hypothesis import strategies as st

import munintl
from munintl.model import (
    Initiative,
    LocalizedText,
    PartialDate,
    Partnership,
    PartnershipEvent,
    Party,
    Period,
    Portfolio,
)
from munintl.reports.building.localize import Localizer
from munintl.reports.building.timeline import (
    MAX_ROWS,
    MAX_WIDE_SPANS,
    TimelineItem,
    TimelinePoint,
    timeline_figure,
    timeline_section,
)
from munintl.reports.document import Figure, Heading, TimelineBar, TimelineEvent
from munintl.testing.samples import sample_portfolio

D = PartialDate.parse
P = Period.parse


@pytest.fixture(scope="module")
def portfolio() -> Portfolio:
    return sample_portfolio()


def localizer(language: str = "en") -> Localizer:
    return Localizer(
        language,
        codelists=munintl.get_plugin_manager().codelists(),
        default_language="da",
    )


def item(
    label: str, start: str | None, end: str | None, group: str = "g"
) -> TimelineItem:
    return TimelineItem(
        label=label,
        group=group,
        start=D(start) if start else None,
        end=D(end) if end else None,
    )


def figure_of(
    items: list[TimelineItem],
    points: list[TimelinePoint] | None = None,
    window: Period | None = None,
) -> Figure:
    figure = timeline_figure(
        localizer(), items, points or [], title="Plan", window=window
    )
    assert figure is not None
    assert figure.timeline is not None
    return figure


def test_nothing_dated_makes_no_figure() -> None:
    assert timeline_figure(localizer(), [], [], title="x") is None
    assert timeline_figure(localizer(), [item("a", None, None)], [], title="x") is None


def test_the_window_spans_the_items_without_one() -> None:
    figure = figure_of([item("a", "2010-03", "2012"), item("b", "2011", None)])
    assert figure.timeline is not None
    assert (figure.timeline.start, figure.timeline.end) == (
        dt.date(2010, 3, 1),
        dt.date(2012, 12, 31),
    )
    assert figure.timeline.bars == (
        TimelineBar(
            label="a",
            group="g",
            start=dt.date(2010, 3, 1),
            end=dt.date(2012, 12, 31),
            approximate=True,
        ),
        TimelineBar(
            label="b", group="g", start=dt.date(2011, 1, 1), end=None, approximate=True
        ),
    )


def test_bars_known_to_the_day_or_month_are_not_approximate() -> None:
    figure = figure_of([item("a", "2010-03-02", "2012-05")])
    assert figure.timeline is not None
    assert figure.timeline.bars[0].approximate is False
    figure = figure_of([item("a", "~2010-03-02", "2012-05")])
    assert figure.timeline is not None
    assert figure.timeline.bars[0].approximate is True


def test_a_window_is_widened_by_at_most_five_years_and_bars_are_clipped() -> None:
    figure = figure_of(
        [item("old", "1950", "2030"), item("gone", "1950", "1960")],
        window=P("2020", "2022"),
    )
    timeline = figure.timeline
    assert timeline is not None
    assert timeline.start == dt.date(2015, 1, 1)
    assert timeline.end == dt.date(2027, 12, 31)
    assert [b.label for b in timeline.bars] == ["old"]
    assert (timeline.bars[0].start, timeline.bars[0].end) == (
        dt.date(2015, 1, 1),
        dt.date(2027, 12, 31),
    )
    # The cut bar says it began before the axis and ends after it.
    assert (timeline.bars[0].before, timeline.bars[0].after) == (True, True)
    # The data table keeps the real dates, every item included.
    assert figure.data.rows == (
        ("old", "g", "1950", "2030"),
        ("gone", "g", "1950", "1960"),
    )


def test_an_earlier_item_widens_the_window_back_but_a_decade_does_not() -> None:
    figure = figure_of(
        [item("a", "2017-06", "2021"), item("twinning", "1960s", None)],
        window=P("2020", "2022"),
    )
    assert figure.timeline is not None
    assert figure.timeline.start == dt.date(2017, 6, 1)
    assert figure.timeline.bars[1].start == dt.date(2017, 6, 1)


def test_points_outside_the_window_are_left_out_of_the_drawing_only() -> None:
    points = [
        TimelinePoint(label="signed", group="p", date=D("1960")),
        TimelinePoint(label="renewed", group="p", date=D("2021-05-02")),
    ]
    figure = figure_of([item("a", "2020", "2022")], points, window=P("2020", "2022"))
    assert figure.timeline is not None
    assert figure.timeline.events == (
        TimelineEvent(label="renewed", group="p", date=dt.date(2021, 5, 2)),
    )
    assert [row[0] for row in figure.data.rows] == ["a", "signed", "renewed"]


def test_the_figure_says_what_it_shows_in_its_alt_text_and_table_title() -> None:
    figure = figure_of(
        [item("a", "2020", "2021", "Culture"), item("b", "2020", "2021", "Climate")],
        [TimelinePoint(label="e", group="Culture", date=D("2020-05"))],
    )
    assert figure.title == "Plan"
    assert figure.data.title == "Data of the figure \u201cPlan\u201d"
    assert figure.data.columns == ("Item", "Group", "From", "Until")
    assert figure.alt == (
        "Timeline from January 1, 2020 to December 31, 2021 with 2 bars and"
        " 1 events, grouped by Culture, Climate; the table that follows gives"
        " the same data."
    )


@given(
    st.lists(
        st.tuples(
            st.integers(min_value=1900, max_value=2100),
            st.integers(min_value=0, max_value=30),
        ),
        min_size=1,
        max_size=6,
    ),
    st.one_of(
        st.none(),
        st.tuples(
            st.integers(min_value=1950, max_value=2050),
            st.integers(min_value=0, max_value=10),
        ),
    ),
)
def test_every_bar_and_event_lies_inside_the_drawn_window(
    spans: list[tuple[int, int]], window: tuple[int, int] | None
) -> None:
    items = [item(f"i{n}", str(a), str(a + d)) for n, (a, d) in enumerate(spans)]
    points = [
        TimelinePoint(label=f"p{n}", group="g", date=D(str(a)))
        for n, (a, _) in enumerate(spans)
    ]
    period = None if window is None else P(str(window[0]), str(sum(window)))
    figure = figure_of(items, points, window=period)
    timeline = figure.timeline
    assert timeline is not None
    assert timeline.start <= timeline.end
    for bar in timeline.bars:
        assert timeline.start <= bar.start <= timeline.end
        assert bar.end is not None
        assert bar.start <= bar.end <= timeline.end
    for event in timeline.events:
        assert timeline.start <= event.date <= timeline.end
    assert len(figure.data.rows) == 2 * len(spans)
    if period is None:
        assert len(timeline.bars) == len(spans)


def by_theme(initiative: Initiative) -> str | None:
    return initiative.themes[0] if initiative.themes else None


def test_timeline_section_of_the_sample(portfolio: Portfolio) -> None:
    blocks = timeline_section(
        localizer(),
        portfolio.initiatives,
        portfolio.partnerships,
        group=by_theme,
        events=lambda p: p.events,
        title="Initiatives and partnerships",
        window=P("2020", "2024"),
        day=dt.date(2024, 1, 1),
    )
    assert blocks[0] == Heading(text="Timeline", level=2)
    figure = blocks[1]
    assert isinstance(figure, Figure)
    assert figure.timeline is not None
    bars = {b.label: b for b in figure.timeline.bars}
    assert set(bars) == {
        "Climate network",
        "Staff exchange with Nordby",
        "Nordic cooperation programme (NSP)",
        "Twin town: Nordby",
    }
    assert bars["Twin town: Nordby"].group == "Partnerships"
    assert bars["Twin town: Nordby"].end is None
    assert bars["Staff exchange with Nordby"].group == "borgerservice"
    labels = [row[0] for row in figure.data.rows]
    assert "Twin town: Nordby: Re-signed" in labels
    assert ("Twin town: Nordby", "Partnerships", "c. 1960s", "") in figure.data.rows


def twinning(*events: PartnershipEvent) -> Partnership:
    return Partnership(
        id="p",
        kind="twinning",
        title=LocalizedText.of(en="Twinning"),
        parties=(Party(party="egeby"), Party(party="nordby")),
        events=events,
    )


def test_a_partnership_bar_runs_from_establishment_to_its_end_by_the_day() -> None:
    partnership = twinning(
        PartnershipEvent(kind="proposed", date=D("1999")),
        PartnershipEvent(kind="signed", date=D("2001-04-05")),
        PartnershipEvent(kind="ended", date=D("2010-06-30")),
    )

    def bar(day: dt.date | None) -> TimelineBar:
        blocks = timeline_section(
            localizer(),
            [],
            [partnership],
            group=by_theme,
            events=lambda p: (),
            title="T",
            window=None,
            day=day,
            heading="When",
        )
        assert blocks[0] == Heading(text="When", level=2)
        figure = blocks[1]
        assert isinstance(figure, Figure)
        assert figure.timeline is not None
        (found,) = figure.timeline.bars
        return found

    assert (bar(None).start, bar(None).end) == (
        dt.date(2001, 4, 5),
        dt.date(2010, 6, 30),
    )
    assert bar(dt.date(2005, 1, 1)).end is None
    # Never established by then: the bar starts at its first event.
    assert bar(dt.date(2000, 1, 1)).start == dt.date(1999, 1, 1)


def test_undated_initiatives_are_left_out_and_ungrouped_go_to_other() -> None:
    undated = Initiative(id="u", title=LocalizedText.of(en="Undated"), kind="project")
    dated = Initiative(
        id="d",
        title=LocalizedText.of(en="Dated"),
        kind="project",
        period=P("2020", None),
    )
    blocks = timeline_section(
        localizer(),
        [undated, dated],
        [],
        group=by_theme,
        events=lambda p: (),
        title="T",
        window=None,
    )
    figure = blocks[1]
    assert isinstance(figure, Figure)
    assert figure.data.rows == (("Dated", "Other initiatives", "2020", ""),)
    assert (
        timeline_section(
            localizer(),
            [undated],
            [],
            group=by_theme,
            events=lambda p: (),
            title="T",
            window=None,
        )
        == []
    )


def test_only_bars_cut_at_the_axis_are_marked_beyond_it() -> None:
    figure = figure_of(
        [
            item("early", "2012", "2021"),
            item("late", "2021", "2031"),
            item("inside", "2020", "2022"),
            item("running", "2012", None),
        ],
        window=P("2020", "2022"),
    )
    assert figure.timeline is not None
    marks = {b.label: (b.before, b.after) for b in figure.timeline.bars}
    assert marks == {
        "early": (True, False),
        "late": (False, True),
        "inside": (False, False),
        # No end date is its own mark (an arrow), not "after".
        "running": (True, False),
    }


def test_identical_labels_are_told_apart_by_dates_then_a_number() -> None:
    items = [
        item("Studietur", "2019", "2019"),
        item("Studietur", "2020", "2020"),
        item("Studietur", "2020", "2020"),
        item("Studietur (2020) (2)", "2018", "2018"),
        item("Eisenach", "2019", None),
    ]
    points = [
        TimelinePoint(label="Eisenach: besøg", group="p", date=D("2020-05-01")),
        TimelinePoint(label="Eisenach: besøg", group="p", date=D("2021-05-01")),
    ]
    figure = figure_of(items, points)
    assert figure.timeline is not None
    labels = [b.label for b in figure.timeline.bars] + [
        e.label for e in figure.timeline.events
    ]
    assert labels == [
        "Studietur (2019)",
        "Studietur (2020)",
        "Studietur (2020) (3)",  # "(2)" is another row's own label
        "Studietur (2020) (2)",
        "Eisenach",
        f"Eisenach: besøg ({localizer().date(dt.date(2020, 5, 1))})",
        f"Eisenach: besøg ({localizer().date(dt.date(2021, 5, 1))})",
    ]
    assert len(set(labels)) == len(labels)
    # The data table names each row as the figure does.
    assert [row[0] for row in figure.data.rows] == labels


def _many(count: int, groups: int) -> list[TimelineItem]:
    return [
        item(f"I{n}", str(2015 + n % 7), str(2016 + n % 9), group=f"G{n % groups}")
        for n in range(count)
    ]


def test_forty_items_are_drawn_one_by_one() -> None:
    figure = figure_of(_many(MAX_ROWS, 3))
    assert figure.timeline is not None
    assert len(figure.timeline.bars) == MAX_ROWS
    assert figure.timeline.counts == ()


def test_more_items_than_a_reader_can_follow_are_counted_per_group_and_span() -> None:
    items = _many(10_000, 3)
    points = [
        TimelinePoint(label=f"E{n}", group="G1", date=D(f"{2015 + n % 8}-03-01"))
        for n in range(50)
    ]
    figure = figure_of(items, points)
    timeline = figure.timeline
    assert timeline is not None
    assert (timeline.bars, timeline.events) == ((), ())
    assert [(c.group, c.events) for c in timeline.counts] == [
        ("G0", False),
        ("G1", False),
        ("G1", True),
        ("G2", False),
    ]
    assert sum(c.total for c in timeline.counts if not c.events) == 10_000
    assert len(timeline.spans) <= MAX_WIDE_SPANS
    assert timeline.spans[0][0] == timeline.start
    assert timeline.spans[-1][1] == timeline.end
    # Each count is the number of the group's items that overlap the span.
    g0 = [i for i in items if i.group == "G0"]
    for (low, high), number in zip(
        timeline.spans, timeline.counts[0].counts, strict=True
    ):
        expected = sum(
            1
            for i in g0
            if i.start is not None
            and i.end is not None
            and i.start.first_day <= high
            and i.end.last_day >= low
        )
        assert number == expected
    events = timeline.counts[2]
    assert sum(events.counts) == 50
    assert events.label == "G1: events (50)"
    assert timeline.counts[0].label == f"G0 ({sum(1 for _ in g0):,})"
    # The data table keeps every row.
    assert len(figure.data.rows) == 10_050
    assert "summarising 10,000 bars and 50 events" in figure.alt


def test_groups_beyond_the_readable_number_are_counted_together() -> None:
    figure = figure_of(_many(500, 60))
    timeline = figure.timeline
    assert timeline is not None
    assert len(timeline.counts) <= MAX_ROWS
    assert timeline.counts[-1].label == "Other groups (22) (176)"  # 22 groups of 8
    assert sum(c.total for c in timeline.counts) == 500
