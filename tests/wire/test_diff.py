"""Field-level differences between two portfolios' wire data."""

from __future__ import annotations

from munintl.wire.diff import diff_data, summarise


def _changes(old: object, new: object) -> list[tuple[str, str, object, object]]:
    return [(c.path, c.change, c.old, c.new) for c in diff_data(old, new)]


def test_entities_are_matched_by_id_not_position() -> None:
    old = {"initiatives": [{"id": "a", "kind": "project"}, {"id": "b"}]}
    new = {"initiatives": [{"id": "c"}, {"id": "b"}, {"id": "a", "kind": "event"}]}
    assert _changes(old, new) == [
        ("initiatives[a].kind", "changed", "project", "event"),
        ("initiatives[c]", "added", None, {"id": "c"}),
    ]


def test_lists_without_ids_are_compared_by_position() -> None:
    old = {"municipality": {"working_languages": ["da", "en"]}}
    new = {"municipality": {"working_languages": ["da", "de", "en"]}}
    assert _changes(old, new) == [
        ("municipality.working_languages[1]", "changed", "en", "de"),
        ("municipality.working_languages[2]", "added", None, "en"),
    ]


def test_a_list_left_out_is_empty_and_types_count() -> None:
    old = {"partnerships": [{"id": "p"}], "x": 1}
    new = {"x": 1.0, "y": None}
    assert _changes(old, new) == [
        ("partnerships[p]", "removed", {"id": "p"}, None),
        ("x", "changed", 1, 1.0),
        ("y", "added", None, None),
    ]
    assert summarise(diff_data(old, new)) == {
        "partnerships": {"removed": 1},
        "x": {"changed": 1},
        "y": {"added": 1},
    }


def test_themes_are_named_by_id_at_any_depth() -> None:
    old = {
        "strategies": [
            {"id": "s", "themes": [{"id": "t", "themes": [{"id": "u", "title": {}}]}]}
        ]
    }
    new = {
        "strategies": [
            {
                "id": "s",
                "themes": [{"id": "t", "themes": [{"id": "u", "title": {"da": "Ny"}}]}],
            }
        ]
    }
    assert _changes(old, new) == [("themes[u].title.da", "added", None, "Ny")]


def test_identical_data_has_no_changes() -> None:
    data = {"initiatives": [{"id": "a", "themes": ["x", "y"]}]}
    assert diff_data(data, data) == []
