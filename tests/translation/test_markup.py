"""The Markdown subset goes to a machine translator as HTML and comes back intact."""

from __future__ import annotations

from pathlib import Path

from hypothesis import example, given, settings
from hypothesis import strategies as st

import munintl
from munintl.model.markdown import parse_markdown
from munintl.testing.translators import fake_translate
from munintl.translation import texts
from munintl.translation.markup import _markdown, from_html, links, to_html


def round_trip(text: str) -> str:
    return from_html(to_html(text))


def test_every_text_of_the_example_survives_the_round_trip(example_path: Path) -> None:
    for entry in texts(munintl.load(example_path)):
        for value in entry.text.values.values():
            assert parse_markdown(round_trip(value)) == parse_markdown(value)


def test_links_emphasis_and_lists_keep_their_shape_through_an_engine() -> None:
    source = (
        "Vi vil:\n\n- styrke *samarbejdet*\n- læse [strategien](https://x.dk/(a)?b=1&c)"
        "\n\n3. **tre**\n4. fire"
    )
    translated = from_html(fake_translate(to_html(source)))
    assert translated == (
        "VI VIL:\n\n- STYRKE *SAMARBEJDET*\n"
        "- LÆSE [STRATEGIEN](https://x.dk/\\(a\\)?b=1&c)\n\n3. **TRE**\n4. FIRE"
    )
    assert links(translated) == ["https://x.dk/(a)?b=1&c"]


def test_tags_an_engine_adds_are_dropped_and_their_text_kept() -> None:
    assert from_html("<p>a<br>b <span>c</span></p>\n<p> </p>") == "a b c"
    assert from_html("løs tekst <em>uden afsnit") == "løs tekst *uden afsnit*"


words = st.text(
    alphabet=st.characters(
        codec="utf-8", exclude_categories=("Cs", "Cc"), exclude_characters="\r"
    ),
    min_size=1,
    max_size=12,
)


@st.composite
def markdown(draw: st.DrawFn) -> str:
    inline = st.one_of(
        words,
        words.map(lambda w: f"*{w}*"),
        words.map(lambda w: f"**{w}**"),
        st.tuples(words, st.sampled_from(["https://a.dk", "https://b.de/x?y=1&z"])).map(
            lambda pair: f"[{pair[0]}]({pair[1]})"
        ),
    )
    line = st.lists(inline, min_size=1, max_size=4).map(" ".join)
    block = st.one_of(
        line,
        st.lists(line, min_size=1, max_size=3).map(
            lambda items: "\n".join(f"- {item}" for item in items)
        ),
    )
    return "\n\n".join(draw(st.lists(block, min_size=1, max_size=3)))


def written(text: str) -> str:
    """``text`` as munintl writes Markdown back: the same runs, one spelling.

    Emphasis inside emphasis (``**0*:*`` is ``<em><em>0</em>:</em>``) is
    written as the emphasis it looks like; nothing else changes.
    """
    return _markdown(parse_markdown(text))


@settings(max_examples=50, deadline=None)
@given(markdown())
@example("[[](https://a.dk)")  # a link with no words kept its target
@example("**0*:*")  # emphasis in emphasis, read back as the emphasis it shows
@example("0\n\n-  ")  # an empty list item is still an item
def test_any_text_survives_the_round_trip(text: str) -> None:
    assert parse_markdown(round_trip(text)) == parse_markdown(written(text))
    # What comes back goes through again unchanged.
    assert round_trip(round_trip(text)) == round_trip(text)
