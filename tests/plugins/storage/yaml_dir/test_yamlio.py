"""Strict YAML reading, positions and comment-keeping merges.

The reader on its own first, then what it refuses as findings of a store
load, with file, line and column.
"""

from __future__ import annotations

import os
import sys
from pathlib import Path

import pytest
from ruamel.yaml import YAML

from munintl.plugins.storage.yaml_dir import YamlDirSettings, yamlio
from munintl.plugins.storage.yaml_dir.store import YamlDirStore
from plugins.storage.yaml_dir.helpers import (
    INITIATIVE,
    findings,
    only,
    organisation,
    write,
)


@pytest.fixture
def yaml() -> YAML:
    return yamlio.new_yaml()


def problems(yaml: YAML, text: str) -> list[yamlio.YamlProblem]:
    with pytest.raises(yamlio.YamlFileError) as caught:
        yamlio.parse(yaml, text)
    return caught.value.problems


def test_parse_keeps_yaml_1_2_scalars(yaml: YAML) -> None:
    tree = yamlio.parse(
        yaml, "a: NO\nb: yes\nc: ~1993\nd: 2008-10-06\ne: 0x10\nf: 1.50\n"
    )
    assert yamlio.to_plain(tree) == {
        "a": "NO",
        "b": "yes",
        "c": "~1993",
        "d": "2008-10-06",
        "e": 16,
        "f": 1.5,
    }
    assert type(yamlio.to_plain(tree)["d"]) is str


def test_parse_of_comments_only_is_none(yaml: YAML) -> None:
    assert yamlio.parse(yaml, "# nothing\n\n") is None


@pytest.mark.parametrize(
    "text",
    [
        "a: " + "[" * 5000 + "]" * 5000,
        "a: " + "[x, " * 100 + "]" * 100,
        "".join(" " * i + "- \n" for i in range(0, 200, 2)),
        "a: " + "[[], " * 100 + "]" * 100,
    ],
)
def test_deep_nesting_is_refused_before_it_exhausts_the_stack(
    yaml: YAML, text: str
) -> None:
    found = problems(yaml, text)
    assert [p.code for p in found] == ["yaml-too-deep"]
    assert found[0].line is not None


def test_control_character_gives_line_and_column(yaml: YAML) -> None:
    found = problems(yaml, "a: 1\nb: x\x07y\n")
    assert [(p.code, p.line, p.column) for p in found] == [("yaml-syntax", 2, 5)]


def test_second_document_is_refused(yaml: YAML) -> None:
    found = problems(yaml, "a: 1\n---\nb: 2\n")
    assert found[0].code == "yaml-syntax"
    assert found[0].line == 2


def test_yaml_1_2_directive_is_allowed(yaml: YAML) -> None:
    assert yamlio.to_plain(yamlio.parse(yaml, "%YAML 1.2\n---\na: NO\n")) == {"a": "NO"}


def test_every_problem_of_a_kind_is_reported_up_to_a_limit(yaml: YAML) -> None:
    text = "".join(f"k{i}: &a{i} v\n" for i in range(25))
    found = problems(yaml, text)
    assert len(found) == yamlio.MAX_PROBLEMS_PER_KIND + 1
    assert found[-1].message == "... and 15 more like this"


def test_position_finds_keys_values_and_items(yaml: YAML) -> None:
    tree = yamlio.parse(yaml, "a:\n  b: [x, y]\n  c: 3\n")
    assert yamlio.position(tree, ("a", "c")) == (3, 6)
    assert yamlio.position(tree, ("a", "c"), key=True) == (3, 3)
    assert yamlio.position(tree, ("a", "b", 1)) == (2, 10)
    # A container is found at its key; a missing step stops where it was.
    assert yamlio.position(tree, ("a", "b")) == (2, 3)
    assert yamlio.position(tree, ("a", "missing", 0)) == (1, 1)


def dump_merged(yaml: YAML, text: str, new: object, before: object = None) -> str:
    return yamlio.dump(yaml, yamlio.merge(yamlio.parse(yaml, text), new, before))


def test_merge_keeps_comments_and_unchanged_leaves_as_written(
    yaml: YAML,
) -> None:
    text = "# head\na: 2008-10-06  # a date\nb: '1.50'\nc: old\n"
    out = dump_merged(yaml, text, {"a": "2008-10-06", "b": "1.50", "c": "new"})
    assert out == "# head\na: 2008-10-06  # a date\nb: '1.50'\nc: new\n"


def test_merge_puts_new_keys_in_field_order(yaml: YAML) -> None:
    out = dump_merged(yaml, "a: 1\nc: 3\n", {"a": 1, "b": 2, "c": 3, "d": 4})
    assert out == "a: 1\nb: 2\nc: 3\nd: 4\n"


def test_merge_follows_items_with_ids_when_they_move(yaml: YAML) -> None:
    text = "goals:\n  - id: one  # first\n    x: 1\n  - id: two\n    x: 2  # second\n"
    new = {
        "goals": [{"id": "two", "x": 2}, {"id": "three", "x": 3}, {"id": "one", "x": 1}]
    }
    out = dump_merged(yaml, text, new)
    assert "x: 2  # second" in out
    assert "id: one  # first" in out
    assert yamlio.to_plain(yamlio.parse(yaml, out)) == new


def test_merge_shortens_and_lengthens_plain_lists(yaml: YAML) -> None:
    assert (
        dump_merged(yaml, "l:\n  - a\n  - b  # bee\n  - c\n", {"l": ["a"]})
        == "l:\n  - a\n"
    )
    assert dump_merged(yaml, "l: [a]\n", {"l": ["a", "b"]}) == "l: [a, b]\n"


def test_merge_keeps_defaults_written_out_unless_they_changed(
    yaml: YAML,
) -> None:
    text = "role: implementing\nlead: true\n"
    # Neither the old nor the new data has role (its default); lead went back
    # to its default.
    assert dump_merged(yaml, text, {}, {"lead": True}) == "role: implementing\n"
    # Without knowing what the file held, every key the new data lacks goes.
    assert dump_merged(yaml, text, {}) == "{}\n"


def test_merge_replaces_a_value_of_another_shape(yaml: YAML) -> None:
    out = dump_merged(yaml, "a: text\nb: [1]\n", {"a": {"da": "x"}, "b": "y"})
    assert out == "a:\n  da: x\nb: y\n"


def test_multi_line_texts_are_written_as_blocks_when_they_read_back(
    yaml: YAML,
) -> None:
    out = yamlio.dump(yaml, {"a": "one\ntwo\n", "b": "tab\there\nnext", "c": "x \ny"})
    assert out.startswith("a: |\n  one\n  two\nb: |-\n")
    assert 'c: "x \\ny"\n' in out
    assert yamlio.to_plain(yamlio.parse(yaml, out)) == {
        "a": "one\ntwo\n",
        "b": "tab\there\nnext",
        "c": "x \ny",
    }


def test_dump_leaves_no_trailing_spaces_where_it_wraps(yaml: YAML) -> None:
    data = {"text": "word " * 30 + "end", "url": "https://example.org/" + "x" * 100}
    out = yamlio.dump(yaml, data, width=40)
    assert " \n" not in out
    assert yamlio.to_plain(yamlio.parse(yaml, out)) == data


def test_dump_keeps_trailing_spaces_that_are_content(yaml: YAML) -> None:
    # A block a person wrote with a trailing space: the space is text.
    tree = yamlio.parse(yaml, "a: |\n  one \n  two\nb: " + "w " * 40 + "\n")
    out = yamlio.dump(yaml, tree, width=40)
    assert yamlio.to_plain(yamlio.parse(yaml, out))["a"] == "one \ntwo\n"


def test_read_text_refuses_large_files_and_drops_a_byte_order_mark(
    tmp_path: Path,
) -> None:
    path = tmp_path / "x.yaml"
    path.write_bytes("\ufeffa: æ\n".encode())
    assert yamlio.read_text(path, 100)[1] == "a: æ\n"
    with pytest.raises(yamlio.YamlFileError) as caught:
        yamlio.read_text(path, 3)
    assert caught.value.problems[0].code == "file-too-large"


# -- through the store: strict reading, located findings ---------------------------


def test_load_keeps_yaml_1_1_booleans_as_text(root: Path) -> None:
    write(
        root,
        "organisations/nordby.yaml",
        organisation(extra="country: NO\naliases: [yes, on, off, n, Y]\n"),
    )
    nordby = YamlDirStore(str(root)).load().organisation("nordby")
    assert nordby is not None
    assert nordby.country == "NO"
    assert nordby.aliases == ("yes", "on", "off", "n", "Y")


def test_load_reads_unquoted_dates_as_partial_dates(root: Path) -> None:
    text = (root / INITIATIVE).read_text(encoding="utf-8")
    write(root, INITIATIVE, text.replace("start: 2021-09", "start: 2021-09-30"))
    initiative = YamlDirStore(str(root)).load().initiative("medarbejderudveksling")
    assert initiative is not None
    assert initiative.period is not None
    assert str(initiative.period.start) == "2021-09-30"


def test_impossible_unquoted_date_gets_munintls_message(root: Path) -> None:
    text = (root / INITIATIVE).read_text(encoding="utf-8")
    write(root, INITIATIVE, text.replace("start: 2021-09", "start: 2021-13-45"))
    found = only(findings(root), "invalid-value")
    assert found.path == "initiatives[medarbejderudveksling].period.start"
    assert "month 13 does not exist" in found.message
    assert found.line == 7


def test_anchors_and_aliases_are_refused_with_their_lines(root: Path) -> None:
    write(
        root,
        "organisations/nordby.yaml",
        organisation(extra="aliases: &names [a, b]\nformer_names: *names\n"),
    )
    found = findings(root)
    anchor, alias = only(found, "yaml-anchor"), only(found, "yaml-alias")
    assert (anchor.line, anchor.column) == (5, 10)
    assert (alias.line, alias.column) == (6, 15)
    assert anchor.file == str(root / "organisations/nordby.yaml")


def test_alias_bomb_is_refused_without_being_expanded(root: Path) -> None:
    # Nine levels of ten aliases each would be 10**9 strings if expanded.
    lines = ["lol0: &a0 [lol]"] + [
        f"lol{i}: &a{i} [{', '.join([f'*a{i - 1}'] * 10)}]" for i in range(1, 10)
    ]
    write(root, INITIATIVE, "\n".join(lines) + "\n")
    found = findings(root)
    aliases = [f for f in found if f.code == "yaml-alias"]
    # Reported once each up to a limit, then summed up in one more finding.
    assert 2 <= len(aliases) <= 11
    assert aliases[-1].message.startswith("... and ")
    assert all(f.file == str(root / INITIATIVE) for f in found)


def test_duplicate_keys_are_refused_with_both_lines(root: Path) -> None:
    write(root, "organisations/nordby.yaml", organisation(extra="type: region\n"))
    found = only(findings(root), "yaml-duplicate-key")
    assert (found.line, found.column) == (5, 1)
    assert "first on line 4" in found.message


def test_syntax_error_gives_file_line_and_column(root: Path) -> None:
    write(root, "organisations/nordby.yaml", "name:\n  da: [Nordby\ntype: x\n")
    found = findings(root)
    assert [f.code for f in found] == ["yaml-syntax"]
    assert found[0].file == str(root / "organisations/nordby.yaml")
    assert found[0].line is not None
    assert found[0].column is not None
    assert found[0].format().startswith(f"{root / 'organisations/nordby.yaml'}:")


@pytest.mark.parametrize(
    ("text", "code"),
    [
        ("%YAML 1.1\n---\nname: {da: x}\ntype: region\n", "yaml-directive"),
        ("name: !!str {da: x}\ntype: region\n", "yaml-tag"),
        (
            "base: &b {type: region}\n<<: {type: region}\nname: {da: x}\n",
            "yaml-merge-key",
        ),
    ],
)
def test_directives_tags_and_merge_keys_are_refused(
    root: Path, text: str, code: str
) -> None:
    write(root, "organisations/nordby.yaml", text)
    assert code in {f.code for f in findings(root)}


def test_file_over_the_size_limit_is_refused_before_it_is_parsed(root: Path) -> None:
    # Not YAML at all: had it been parsed, there would be a syntax error.
    write(root, INITIATIVE, "[" * 3000)
    found = findings(root, YamlDirSettings(max_file_size=2000))
    assert [(f.code, f.file) for f in found] == [
        ("file-too-large", str(root / INITIATIVE))
    ]
    assert "too large: 3,000 bytes" in found[0].message


def test_text_that_is_not_utf8_is_refused_with_its_line(root: Path) -> None:
    (root / INITIATIVE).write_bytes(b"title:\n  da: K\xf8ge\n")
    found = only(findings(root), "not-utf8")
    assert found.line == 2


@pytest.mark.skipif(
    sys.platform == "win32", reason="symlinks need privileges on Windows"
)
def test_a_link_to_no_file_is_a_finding(root: Path) -> None:
    (root / "organisations/gone.yaml").symlink_to(root / "organisations/nowhere.yaml")
    found = only(findings(root), "broken-link")
    assert found.file == str(root / "organisations/gone.yaml")
    assert found.path == "organisations[gone]"


def test_file_that_cannot_be_read_is_a_finding(
    root: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # Root reads any file whatever its mode, so the refusal is simulated.
    gone = str(root / "organisations" / "gone.yaml")
    (root / "organisations" / "gone.yaml").write_text("name: {da: x}\n", "utf-8")
    real_open = os.open

    def refusing(path: str, *args: int) -> int:
        if str(path) == gone:
            raise PermissionError(13, "Permission denied")
        return real_open(path, *args)

    monkeypatch.setattr(os, "open", refusing)
    found = only(findings(root), "unreadable-file")
    assert found.file == gone
    assert found.path == "organisations[gone]"
    assert "Permission denied" in found.message
