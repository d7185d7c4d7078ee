"""load: YAML becomes nodes that keep their line and column, and nothing else runs."""

from pathlib import Path

import pytest

from careprint.library.load import Mapping, Scalar, Sequence, load_text

P = Path("x.yaml")


def test_nodes_keep_line_and_column():
    loaded, problems = load_text("title: Sciatica\nsteps:\n  - one\n  - two\n", P)
    assert problems == []
    root = loaded.root
    assert isinstance(root, Mapping)
    steps = root.get("steps")
    assert isinstance(steps, Sequence)
    assert [(s.text, s.at.line, s.at.column) for s in steps.items] == [("one", 3, 5),
                                                                       ("two", 4, 5)]


@pytest.mark.parametrize("text, kind", [("NO", "bool"), ("yes", "bool"), ("1e3", "str"),
                                        ("2024-01-01", "timestamp"), ("10", "int"),
                                        ("0123", "int"), ("~", "null")])
def test_scalars_keep_the_typed_text_whatever_yaml_would_make_of_it(text, kind):
    loaded, _ = load_text(f"value: {text}\n", P)
    value = loaded.root.get("value")
    assert isinstance(value, Scalar)
    assert (value.text, value.kind) == (text, kind)


def test_object_building_tags_are_refused_not_run():
    loaded, problems = load_text("x: !!python/object/apply:os.system ['echo hacked']\n", P)
    assert [str(p) for p in problems] == [
        "x.yaml:1:4: error: the tag '!!python/object/apply:os.system' is not allowed — "
        "remove the '!' tag"]


def test_duplicate_key_names_both_lines():
    _, problems = load_text("name: A\nkind: stretch\nname: B\n", P)
    assert [str(p) for p in problems] == [
        "x.yaml:3:1: error: duplicate field 'name' (first given on line 1) — keep one of "
        "them and delete the other"]


def test_syntax_error_points_at_line_and_column():
    loaded, problems = load_text("name: A\nstarting_position: Sit: upright\n", P)
    assert loaded is None
    assert [str(p) for p in problems] == [
        "x.yaml:2:23: error: YAML syntax: mapping values are not allowed here — a value "
        "contains ': '; put the whole value in double quotes"]


def test_tab_indent_is_explained():
    _, problems = load_text("dosage:\n\treps: 3\n", P)
    assert [str(p) for p in problems] == [
        "x.yaml:2: error: a tab character is used for indenting — YAML needs spaces; "
        "replace the tab with spaces"]


def test_merge_keys_are_refused():
    _, problems = load_text("a: &d {reps: 1}\nb:\n  <<: *d\n", P)
    assert [p.message for p in problems] == ["'<<' merge keys are not supported"]
