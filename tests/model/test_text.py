"""Localized text, translation provenance, staleness and the Markdown subset."""

from __future__ import annotations

from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st

from munintl.model import LocalizedText, Provenance, source_hash
from munintl.model.text import (
    Block,
    Inline,
    markdown_problems,
    normalise,
    parse_inline,
    parse_markdown,
    plain_text,
)
from munintl.testing.strategies import localized_texts

TITLE = LocalizedText(values={"da": "Borgerservice", "en": "Citizen service", "de": ""})


# -- get, resolve and the fallback chain ------------------------------------------


def test_get_returns_the_requested_language() -> None:
    assert TITLE.get("da") == "Borgerservice"


def test_get_follows_the_fallback_chain_in_order() -> None:
    assert TITLE.get("sv", fallback=("en", "da")) == "Citizen service"
    assert TITLE.get("sv", fallback=("da", "en")) == "Borgerservice"


def test_get_skips_empty_texts_in_the_chain() -> None:
    assert TITLE.get("de", fallback=("en",)) == "Citizen service"


def test_get_returns_the_default_when_no_language_has_text() -> None:
    assert TITLE.get("sv") is None
    assert TITLE.get("sv", fallback=("fi",), default="–") == "–"


def test_resolve_tells_which_language_was_used() -> None:
    assert TITLE.resolve("de", fallback=("en", "da")) == ("en", "Citizen service")
    assert TITLE.resolve("da") == ("da", "Borgerservice")
    assert TITLE.resolve("sv", fallback=("fi",)) is None


def test_text_is_false_when_every_language_is_blank() -> None:
    assert not LocalizedText()
    assert not LocalizedText.of(da="  ", en="\n")
    assert LocalizedText.of(da="", en="x")


def test_languages_keep_the_order_given_and_index_by_tag() -> None:
    text = LocalizedText.of(en="Hello", da="Hej")
    assert text.languages == ("en", "da")
    assert list(text) == ["en", "da"]
    assert text["da"] == "Hej"
    with pytest.raises(KeyError):
        text["de"]


def test_texts_with_equal_content_are_equal_whatever_the_key_order() -> None:
    assert LocalizedText.of(da="a", en="b") == LocalizedText.of(en="b", da="a")
    assert LocalizedText.of(da="a") != LocalizedText.of(da="a", en="b")


# -- source hash ------------------------------------------------------------------


def test_source_hash_of_a_known_text_never_changes() -> None:
    # Stored translations carry this value: changing the function would mark
    # every translation in every municipality's store stale.
    assert source_hash("Skanderborg i verden") == "sha256:c3948fa20c0a05a1"
    assert source_hash("æøå") == "sha256:6c228cdba89548a1"


@pytest.mark.parametrize(
    ("a", "b"),
    [
        ("Skanderborg  i verden", "Skanderborg i verden"),
        ("Skanderborg i\nverden", "Skanderborg i verden"),
        ("Skanderborg i\r\n  verden", "Skanderborg i verden"),
        ("  Skanderborg i verden\n", "Skanderborg i verden"),
        ("Skanderborg\ti verden", "Skanderborg i verden"),
        ("Östersund", "O\u0308stersund"),
        ("café", "cafe\u0301"),  # NFC: é and e + combining acute
    ],
)
def test_source_hash_ignores_whitespace_and_unicode_normalisation(
    a: str, b: str
) -> None:
    assert source_hash(a) == source_hash(b)


@pytest.mark.parametrize(
    ("a", "b"),
    [
        ("Skanderborg i verden", "Skanderborg i Verden"),
        ("Skanderborg i verden", "Skanderborg i verden."),
        ("Skanderborg i verden", "Skanderborgi verden"),
    ],
)
def test_source_hash_changes_when_the_words_change(a: str, b: str) -> None:
    assert source_hash(a) != source_hash(b)


def test_normalise_collapses_whitespace_and_composes_characters() -> None:
    assert normalise("  a\n\n b\tc  ") == "a b c"
    assert normalise("cafe\u0301") == "caf\u00e9"


# -- staleness ------------------------------------------------------------------


def _translated(source_text: str, made_from: str) -> LocalizedText:
    return LocalizedText(
        values={"da": source_text, "en": "Skanderborg in the world"},
        provenance={
            "da": Provenance(method="original"),
            "en": Provenance(method="human", source_hash=source_hash(made_from)),
        },
    )


def test_translation_made_from_the_current_source_is_not_stale() -> None:
    text = _translated("Skanderborg i verden", "Skanderborg i verden")
    assert not text.is_stale("en")


def test_translation_made_from_an_older_source_is_stale() -> None:
    text = _translated("Skanderborg i hele verden", "Skanderborg i verden")
    assert text.is_stale("en")


def test_reflowing_or_renormalising_the_source_does_not_make_it_stale() -> None:
    reflowed = _translated("Skanderborg\n  i verden ", "Skanderborg i verden")
    assert not reflowed.is_stale("en")
    composed = _translated("Café i verden", "Cafe\u0301 i verden")
    assert not composed.is_stale("en")


def test_named_source_language_wins_over_the_original_marker() -> None:
    text = LocalizedText(
        values={"da": "ny dansk tekst", "de": "Hallo Welt", "en": "Hello world"},
        provenance={
            "da": Provenance(method="original"),
            "en": Provenance(
                method="machine",
                source_language="de",
                source_hash=source_hash("Hallo Welt"),
                engine="deepl",
            ),
        },
    )
    assert text.source_language() == "da"
    assert not text.is_stale("en")
    changed = text.with_translation("de", "Hallo Welt!")
    assert changed.is_stale("en")


@pytest.mark.parametrize(
    "text",
    [
        LocalizedText.of(da="x", en="y"),  # no provenance at all
        LocalizedText(
            values={"da": "x", "en": "y"},
            provenance={"en": Provenance(method="human")},  # no hash
        ),
        LocalizedText(
            values={"en": "y"},
            provenance={  # the source language has no text
                "en": Provenance(method="human", source_language="da", source_hash="h")
            },
        ),
        LocalizedText(
            values={"da": "x", "en": "y"},
            provenance={  # hash but no way to tell the source language
                "en": Provenance(method="human", source_hash="sha256:0")
            },
        ),
        LocalizedText(
            values={"en": "y"},
            provenance={  # its own source
                "en": Provenance(
                    method="original", source_language="en", source_hash="h"
                )
            },
        ),
    ],
)
def test_translation_without_a_checkable_source_is_not_stale(
    text: LocalizedText,
) -> None:
    assert not text.is_stale("en")


def test_language_without_text_is_not_stale() -> None:
    assert not TITLE.is_stale("sv")


# -- with_translation and provenance --------------------------------------------


def test_with_translation_returns_a_copy_with_the_new_text_and_provenance() -> None:
    original = LocalizedText(
        values={"da": "Hej"}, provenance={"da": Provenance(method="original")}
    )
    made = Provenance(
        method="machine", source_language="da", source_hash=source_hash("Hej")
    )
    translated = original.with_translation("en", "Hello", made)
    assert translated.values == {"da": "Hej", "en": "Hello"}
    assert translated.provenance["en"] == made
    assert translated.provenance["da"] == Provenance(method="original")
    assert original.values == {"da": "Hej"}
    assert "en" not in original.provenance


def test_with_translation_without_provenance_drops_the_old_provenance() -> None:
    text = LocalizedText(
        values={"da": "Hej", "en": "Hi"},
        provenance={"en": Provenance(method="machine", engine="deepl")},
    )
    edited = text.with_translation("en", "Hello")
    assert edited["en"] == "Hello"
    assert "en" not in edited.provenance


def test_provenance_for_a_language_without_text_is_refused() -> None:
    # It could not be saved: the wire shape writes provenance beside its text.
    with pytest.raises(
        ValueError, match="provenance given for 'en' but there is no text"
    ):
        LocalizedText(
            values={"da": "Hej"}, provenance={"en": Provenance(method="human")}
        )


@pytest.mark.parametrize(
    ("field", "value"), [("method", "robot"), ("review", "approved")]
)
def test_provenance_refuses_unknown_method_and_review(field: str, value: str) -> None:
    fields: dict[str, Any] = {"method": "human", field: value}
    with pytest.raises(ValueError, match=field):
        Provenance(**fields)


def test_source_language_is_the_language_marked_original() -> None:
    text = LocalizedText(
        values={"en": "Hi", "da": "Hej"},
        provenance={
            "en": Provenance(method="human"),
            "da": Provenance(method="original"),
        },
    )
    assert text.source_language() == "da"
    assert LocalizedText.of(da="Hej").source_language() is None


@given(localized_texts(), st.sampled_from(["da", "en", "de", "sv"]), st.text())
def test_with_translation_changes_only_that_language(
    text: LocalizedText, language: str, new: str
) -> None:
    changed = text.with_translation(language, new)
    assert changed[language] == new
    others = {k: v for k, v in changed.values.items() if k != language}
    assert others == {k: v for k, v in text.values.items() if k != language}


# -- the Markdown subset ----------------------------------------------------------


def kinds(text: str) -> list[tuple[str, list[list[tuple[str, str]]]]]:
    return [
        (
            block.kind,
            [[(part.kind, part.text) for part in item] for item in block.items],
        )
        for block in parse_markdown(text)
    ]


def test_paragraph_lines_are_joined_and_blank_lines_separate_paragraphs() -> None:
    assert kinds("Vi samarbejder\nmed Europa.\n\nAnden del.") == [
        ("paragraph", [[("text", "Vi samarbejder med Europa.")]]),
        ("paragraph", [[("text", "Anden del.")]]),
    ]


def test_windows_line_endings_read_like_unix_ones() -> None:
    assert parse_markdown("a\r\nb\r\n\r\nc") == parse_markdown("a\nb\n\nc")


@pytest.mark.parametrize("marker", ["-", "*", "+"])
def test_bullet_list_items_start_with_a_dash_star_or_plus(marker: str) -> None:
    assert kinds(f"{marker} Udvikling\n{marker} Uddannelse") == [
        ("bullets", [[("text", "Udvikling")], [("text", "Uddannelse")]]),
    ]


def test_numbered_items_accept_dot_and_parenthesis() -> None:
    assert kinds("1. første\n2. anden") == [
        ("numbers", [[("text", "første")], [("text", "anden")]]),
    ]
    # As in CommonMark, a change from "." to ")" starts a new list.
    assert kinds("1) første\n2. anden") == [
        ("numbers", [[("text", "første")]]),
        ("numbers", [[("text", "anden")]]),
    ]


def test_indented_lines_continue_a_list_item() -> None:
    assert kinds("- første punkt\n  fortsat\n- andet") == [
        ("bullets", [[("text", "første punkt fortsat")], [("text", "andet")]]),
    ]


def test_list_may_follow_a_paragraph_line_directly() -> None:
    assert kinds("Vi vil:\n- styrke netværk\n- søge midler") == [
        ("paragraph", [[("text", "Vi vil:")]]),
        ("bullets", [[("text", "styrke netværk")], [("text", "søge midler")]]),
    ]


def test_numbered_list_after_a_paragraph_line_must_start_at_one() -> None:
    assert kinds("Plan:\n1. søg\n2. gør") == [
        ("paragraph", [[("text", "Plan:")]]),
        ("numbers", [[("text", "søg")], [("text", "gør")]]),
    ]
    # A wrapped sentence whose next line begins with a year stays prose.
    assert kinds("Aftalen blev fornyet i\n2011. Siden da er den aktiv.") == [
        (
            "paragraph",
            [[("text", "Aftalen blev fornyet i 2011. Siden da er den aktiv.")]],
        ),
    ]


def test_items_separated_by_blank_lines_stay_one_list() -> None:
    assert kinds("1. a\n\n2. b") == [("numbers", [[("text", "a")], [("text", "b")]])]
    assert plain_text("1. a\n\n2. b") == "1. a\n2. b"


def test_lists_of_different_kinds_stay_apart() -> None:
    assert [kind for kind, _ in kinds("- a\n\n1. b\n\n- c")] == [
        "bullets",
        "numbers",
        "bullets",
    ]


def test_emphasis_strong_and_links_are_recognised() -> None:
    assert parse_inline(
        "Se *mere* om **URBACT** på [urbact.eu](https://urbact.eu/) nu"
    ) == (
        Inline("text", "Se "),
        Inline("emphasis", "mere"),
        Inline("text", " om "),
        Inline("strong", "URBACT"),
        Inline("text", " på "),
        Inline("link", "urbact.eu", "https://urbact.eu/"),
        Inline("text", " nu"),
    )


def test_underscores_mark_emphasis_between_words_only() -> None:
    assert parse_inline("_vigtigt_ nu") == (
        Inline("emphasis", "vigtigt"),
        Inline("text", " nu"),
    )
    assert parse_inline("file_name_here og kommune_kode") == (
        Inline("text", "file_name_here og kommune_kode"),
    )


def test_stars_surrounded_by_spaces_are_arithmetic_not_emphasis() -> None:
    assert parse_inline("2 * 3 * 4 og 2 ** 3 ** 4") == (
        Inline("text", "2 * 3 * 4 og 2 ** 3 ** 4"),
    )


def test_text_without_markup_is_one_text_run() -> None:
    assert parse_markdown("Ærø og Œland") == (
        Block("paragraph", ((Inline("text", "Ærø og Œland"),),)),
    )
    assert parse_markdown("") == ()
    assert parse_markdown(" \n\n  ") == ()


def test_plain_text_drops_marks_and_keeps_list_markers() -> None:
    text = "Vi *vil*:\n- **styrke** [netværk](https://x.dk)\n- søge\n\n1. a\n2. b"
    assert plain_text(text) == "Vi vil:\n\n- styrke netværk\n- søge\n\n1. a\n2. b"


@given(
    st.lists(
        st.text(alphabet="abcæøåÆØÅüößé ,.", min_size=1).filter(str.strip),
        min_size=1,
        max_size=4,
    )
)
def test_plain_text_of_unmarked_lines_joins_their_words(lines: list[str]) -> None:
    text = "\n".join(lines)
    assert plain_text(text) == " ".join(line.strip() for line in lines)


@pytest.mark.parametrize(
    ("text", "problem"),
    [
        ("# Overskrift", "headings (#)"),
        ("tekst\n## Under", "headings (#)"),
        ("```\nkode\n```", "code blocks"),
        ("~~~\nkode\n~~~", "code blocks"),
        ("![logo](logo.png)", "images"),
        ("<b>fed</b>", "HTML tags"),
        ("| a | b |\n|---|---|\n| 1 | 2 |", "tables"),
        ("> citat", "block quotes"),
        ("Titel\n-----", "rules or underlined headings (---, ===)"),
        ("Titel\n=====", "rules or underlined headings (---, ===)"),
        ("* * *", "rules or underlined headings (---, ===)"),
    ],
)
def test_markdown_problems_names_constructs_outside_the_subset(
    text: str, problem: str
) -> None:
    assert markdown_problems(text) == [problem]


@pytest.mark.parametrize(
    "text",
    [
        "Afsnit med *kursiv* og **fed**.\n\n- punkt\n- punkt\n\n1. et\n2. to",
        "[link](https://example.org)",
        "#hashtag er ikke en overskrift",
        "1 > 0 og a < b",
        "pris: 3 - 2 = 1",
        "—",
    ],
)
def test_markdown_problems_accepts_the_subset_and_ordinary_prose(text: str) -> None:
    assert markdown_problems(text) == []


def test_markdown_problems_lists_every_construct_found() -> None:
    text = "# H\n\n> q\n\n<i>x</i>"
    assert markdown_problems(text) == ["headings (#)", "HTML tags", "block quotes"]
