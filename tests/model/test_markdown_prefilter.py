"""The cheap test for Markdown beyond the subset agrees with the full pattern."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from munintl.model import markdown


@settings(max_examples=2000, deadline=None)
@given(st.text(st.sampled_from(list(" \t\n\\#`~<>|=![]-*_+.)1a9æ")), max_size=14))
def test_prefilter_says_what_the_full_pattern_says(text: str) -> None:
    full = markdown._MAYBE_OUTSIDE.search(text) is not None
    assert markdown._maybe_outside(text) == full
