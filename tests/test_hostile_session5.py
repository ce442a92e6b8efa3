"""Hostile input, fifth campaign: every surface tried as an attacker and as a careless user.

The standard is issue 9's: a clear message (exit 1) naming the file, line
and field where there is one, no traceback, nothing written; nothing read
from outside the data folder; what validates renders — in bounded time, so
a long value cannot stall a report.
"""

from __future__ import annotations

from munintl.reports.rendering.markup import typst_keeping_hyphenated

# -- long values ------------------------------------------------------------------


def test_a_long_word_in_a_pdf_cell_is_set_in_one_pass() -> None:
    # A single pattern for "a word holding a hyphen" tried every start of a
    # long word again: a 200,000-letter title held the PDF for minutes, and
    # this million-letter one would take hours.
    word = "K" * 1_000_000
    assert typst_keeping_hyphenated(word) == f'#"{word}"'
    assert typst_keeping_hyphenated(word + " 1194-BR x") == (
        f'#{{"{word} "; box("1194-BR"); " x"}}'
    )
