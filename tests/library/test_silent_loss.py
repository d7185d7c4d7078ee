"""What the author typed is printed, or `check` says why not: comments, 'Null', hidden characters."""

from pathlib import Path

import pytest

from careprint.library.load import load_text
from careprint.library.schema import read_item
from conftest import write

SET = "handouts/sets/sciatica-relief.yaml"
EXERCISE = "handouts/exercises/knee-to-chest.yaml"


def _replace(root: Path, relpath: str, old: str, new: str) -> None:
    path = root / relpath
    text = path.read_text(encoding="utf-8")
    assert old in text
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


# --- a comment that cuts a value ---------------------------------------------------------------

def test_a_comment_that_cuts_a_note_is_a_warning_with_the_fix(mini, run_cli):
    _replace(mini, SET, "note: Go gently.", "note: Use band #3")
    result = run_cli("check")
    assert result.status == 0
    assert result.err_lines[:-1] == [
        "handouts/sets/sciatica-relief.yaml:7:11: warning: 'exercises[2].note' stops at ' #': "
        "YAML reads the rest of the line as a comment, so only 'Use band' is printed — put "
        "the whole value in quotes: note: \"Use band #3\""]


def test_a_comment_that_cuts_a_list_item(mini, run_cli):
    _replace(mini, EXERCISE, "  - Hold, then lower it.", '  - Hold, then lower it. # "slowly"')
    result = run_cli("check")
    assert result.err_lines[:-1] == [
        "handouts/exercises/knee-to-chest.yaml:7:5: warning: 'steps[2]' stops at ' #': YAML "
        "reads the rest of the line as a comment, so only 'Hold, then lower it.' is printed — "
        "put the whole value in quotes: - \"Hold, then lower it. # \\\"slowly\\\"\""]


def test_comments_that_cut_nothing_are_not_warned_about(mini, run_cli):
    _replace(mini, EXERCISE, "steps:\n", "# the steps, in order\nsteps:   # see the leaflet\n")
    _replace(mini, EXERCISE, "  reps: 3", "  reps: 3  # per side")
    _replace(mini, EXERCISE, "kind: stretch", "kind: stretch # or mobility")
    _replace(mini, EXERCISE, "sources: [nhs-sciatica]", "sources: [nhs-sciatica] # NHS")
    _replace(mini, EXERCISE, "name: Knee to chest", 'name: "Knee to chest" # for now')
    _replace(mini, SET, "  - pelvic-tilt", "  - pelvic-tilt  # first")
    result = run_cli("check", "--strict")
    assert (result.status, result.err) == (0, "")


def test_a_colour_cut_by_a_comment_says_why_it_is_empty(mini, run_cli):
    _replace(mini, "handouts/clinic.yaml", 'primary: "#224466"', "primary: #224466")
    result = run_cli("check")
    assert result.status == 1
    assert result.err_lines[0] == (
        "handouts/clinic.yaml:5:11: error: 'colours.primary' is empty because YAML reads "
        "' #' and the rest of the line as a comment — put the whole value in quotes: "
        "primary: \"#224466\"")


# --- words YAML reads as something else --------------------------------------------------------

@pytest.mark.parametrize("word, why", [("Null", "the word Null"), ("null", "the word null"),
                                       ("~", "~")])
def test_a_null_word_in_a_text_field_says_what_yaml_did(mini, run_cli, word, why):
    _replace(mini, EXERCISE, "name: Knee to chest", f"name: {word}")
    result = run_cli("check")
    assert result.status == 1
    assert result.err_lines[0] == (
        f"handouts/exercises/knee-to-chest.yaml:1:7: error: 'name' is empty because YAML "
        f"reads {why} as 'nothing' — put it in quotes: name: \"{word}\"")


def test_an_empty_field_is_still_just_empty(mini, run_cli):
    _replace(mini, EXERCISE, "name: Knee to chest", "name:")
    assert run_cli("check").err_lines[0] == (
        "handouts/exercises/knee-to-chest.yaml:1:1: error: 'name' is empty — give it a "
        "value, or delete the line")


@pytest.mark.parametrize("typed", ["yes", "No", "on", "OFF", "true", "010", "1e3", "1:30",
                                   "2024-01-01", "0x1F", ".inf"])
def test_words_yaml_would_retype_stay_exactly_as_typed_in_text(typed):
    loaded, problems = load_text(
        f"name: {typed}\nsubtitle: {typed}\nkind: stretch\nregion: hip\n"
        f"starting_position: {typed}\nsteps: [{typed}, {typed}]\ndosage: {{reps: 3}}\n"
        f"cautions: [{typed}]\nsources: [a]\n", Path("x.yaml"))
    exercise, ctx = read_item("exercise", "x", loaded)
    assert problems == [] and ctx.problems == []
    assert (exercise.name, exercise.subtitle, exercise.starting_position, exercise.steps,
            exercise.cautions) == (typed, typed, typed, (typed, typed), (typed,))


# --- characters that hide or reorder text ------------------------------------------------------

@pytest.mark.parametrize("char, shown", [
    ("\u200b", "the invisible character U+200B ZERO WIDTH SPACE"),
    ("\u200d", "the invisible character U+200D ZERO WIDTH JOINER"),
    ("\u2060", "the invisible character U+2060 WORD JOINER"),
    ("\ufeff", "the invisible character U+FEFF ZERO WIDTH NO-BREAK SPACE"),
    ("\u202e", "the direction-changing character U+202E RIGHT-TO-LEFT OVERRIDE"),
    ("\u2067", "the direction-changing character U+2067 RIGHT-TO-LEFT ISOLATE"),
])
def test_invisible_and_direction_changing_characters_are_refused(mini, run_cli, char, shown):
    _replace(mini, EXERCISE, "  - Hold, then lower it.", f"  - Hold, then {char}lower it.")
    result = run_cli("check")
    assert result.status == 1
    assert result.err_lines[0] == (
        f"handouts/exercises/knee-to-chest.yaml:7:5: error: 'steps[2]' contains {shown} — "
        "retype the text there (such characters come with copy and paste)")


def test_an_emoji_in_library_text_is_refused(mini, run_cli):
    _replace(mini, SET, "note: Go gently.", "note: Go gently 😀")
    result = run_cli("check")
    assert result.status == 1
    assert result.err_lines[0] == (
        "handouts/sets/sciatica-relief.yaml:7:11: error: 'exercises[2].note' contains '😀' "
        "(U+1F600 GRINNING FACE), which careprint cannot print — remove it, or say it in "
        "words")


def test_a_byte_order_mark_at_the_start_of_a_file_is_fine(mini, run_cli):
    path = mini / EXERCISE
    path.write_text("\ufeff" + path.read_text(encoding="utf-8"), encoding="utf-8")
    result = run_cli("check", "--strict")
    assert (result.status, result.err) == (0, "")


def test_a_number_cut_by_a_comment_is_just_empty(mini, run_cli):
    _replace(mini, EXERCISE, "  reps: 3", "  reps: # 3")
    assert run_cli("check").err_lines[0] == (
        "handouts/exercises/knee-to-chest.yaml:9:3: error: 'dosage.reps' is empty — give it a "
        "value, or delete the line")
