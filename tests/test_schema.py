"""schema: each field's type rules, with the exact line a clinician reads."""

import datetime as dt
from pathlib import Path

import pytest

from careprint.library.load import load_text
from careprint.library.schema import read_clinic, read_item, read_sources

P = Path("item.yaml")

EXERCISE = """\
name: Clamshell
kind: strength
region: hip
starting_position: Lie on your side.
steps: [Lift your knee., Lower it.]
dosage: {sets: 2, reps: 10, side: each}
cautions: [Stop if it hurts.]
sources: [nhs-hip]
"""


def read_exercise(text: str):
    loaded, problems = load_text(text, P)
    assert problems == []
    item, ctx = read_item("exercise", "clamshell", loaded)
    return item, [str(p) for p in ctx.problems]


def test_valid_exercise_becomes_a_typed_immutable_object():
    item, problems = read_exercise(EXERCISE)
    assert problems == []
    assert item.name == "Clamshell" and item.steps == ("Lift your knee.", "Lower it.")
    assert (item.dosage.sets, item.dosage.reps, item.dosage.side) == (2, 10, "each")
    with pytest.raises(AttributeError):
        item.name = "x"


@pytest.mark.parametrize("change, expected", [
    (("name: Clamshell", "name: NO"), None),
    (("reps: 10", "reps: 1e3"),
     "item.yaml:6:25: error: 'dosage.reps' must be a whole number, not '1e3' — write a number "
     "from 1 to 100, without quotes"),
    (("reps: 10", "reps: '10'"),
     "item.yaml:6:25: error: 'dosage.reps' must be a whole number, not '10' — write a number "
     "from 1 to 100, without quotes"),
    (("reps: 10", "reps: 0"), "item.yaml:6:25: error: 'dosage.reps' must be from 1 to 100, "
                              "not 0"),
    (("kind: strength", "kind: Strength Work"),
     "item.yaml:2:7: error: 'kind' must be a lower-case word such as \"hip\" or \"low-back\", "
     "not 'Strength Work' — use lower case, with - between words"),
    (("steps: [Lift your knee., Lower it.]", "steps: Lift your knee."),
     "item.yaml:5:8: error: 'steps' must be a list, not 'Lift your knee.' — put each item on "
     "its own line starting with '- '"),
    (("cautions: [Stop if it hurts.]", "cautions: []"),
     "item.yaml:7:11: error: 'cautions' needs at least 1 item"),
    (("region: hip", "region:"), "item.yaml:3:1: error: 'region' is empty — give it a value, "
                                 "or delete the line"),
    (("region: hip", "regoin: hip"),
     "item.yaml:3:1: error: unknown field 'regoin' — did you mean 'region'?"),
    (("dosage: {sets: 2, reps: 10, side: each}", "dosage: {sets: 2, side: each}"),
     "item.yaml:6:9: error: 'dosage' needs at least one of: reps, hold_seconds, minutes — add "
     "for example `reps: 10`"),
    (("sources: [nhs-hip]", "sources: [NHS Hip]"),
     "item.yaml:8:11: error: 'sources[1]' 'NHS Hip' is not a valid id — ids use lower-case "
     "letters, digits and hyphens, like hip-bridge"),
    (("kind: strength\n", ""),
     "item.yaml:1:1: error: missing required field 'kind' — add it, for example: kind: strength"),
])
def test_field_mistakes(change, expected):
    item, problems = read_exercise(EXERCISE.replace(*change))
    if expected is None:
        assert problems == [] and item.name == "NO"  # text stays text, never False
    else:
        assert problems == [expected]
        assert item is None


def test_image_path_must_stay_inside_assets():
    _, problems = read_exercise(EXERCISE + "image: ../secret/photo.png\n")
    assert problems == ["item.yaml:9:8: error: 'image' points outside assets/: "
                        "'../secret/photo.png' — give a path inside assets/, like "
                        "images/clamshell.png, with no '..'"]


def test_every_mistake_in_a_file_is_reported_at_once():
    text = EXERCISE.replace("reps: 10", "reps: ten").replace("kind: strength", "kind: X")
    _, problems = read_exercise(text + "colour: red\n")
    assert len(problems) == 3


def test_inline_citations_are_collected_with_their_line():
    item, _ = read_exercise(EXERCISE.replace("Lie on your side.", "Lie down [@nhs-hip]."))
    assert [(c.id, c.at.line) for c in item.citations] == [("nhs-hip", 4)]


def test_sources_need_a_publisher_or_journal_and_accessed_date_for_urls():
    loaded, _ = load_text("nhs:\n  title: Sciatica\n  year: 2023\n  url: https://nhs.uk/x\n", P)
    sources, ctx = read_sources(loaded)
    assert sources == {}
    assert [str(p) for p in ctx.problems] == [
        "item.yaml:2:3: error: a source needs a 'publisher' or a 'journal' — add for example "
        "`publisher: NHS`",
        "item.yaml:2:3: error: a source with a 'url' needs an 'accessed' date — add `accessed: "
        "YYYY-MM-DD`, the day you read the page"]


def test_dates_are_dates():
    loaded, _ = load_text("nhs:\n  title: T\n  year: 2023\n  publisher: NHS\n"
                          "  url: https://nhs.uk/x\n  accessed: 2026-02-30\n", P)
    sources, ctx = read_sources(loaded)
    assert [str(p) for p in ctx.problems] == [
        "item.yaml:6:13: error: 'nhs.accessed' must be a date like 2026-03-31, not "
        "'2026-02-30' — write year-month-day with hyphens"]
    loaded, _ = load_text("nhs:\n  title: T\n  year: 2023\n  publisher: NHS\n", P)
    sources, _ = read_sources(loaded)
    assert sources["nhs"].year == 2023


def test_clinic_defaults_and_colour_format():
    loaded, _ = load_text("name: C\naddress: A\nphone: 0123 456\ncolours: {primary: '#123456'}\n"
                          "emergency_number: '112'\n", P)
    clinic, ctx = read_clinic(loaded)
    assert ctx.problems == []
    assert clinic.phone == "0123 456" and clinic.page_size == "a4"
    # No disclaimer of its own: the labels give one in the document's language.
    assert clinic.disclaimer is None and clinic.language == "en"
    loaded, _ = load_text("name: C\naddress: A\nphone: '1'\ncolours: {primary: blue}\n"
                          "emergency_number: '911'\n", P)
    _, ctx = read_clinic(loaded)
    assert [str(p) for p in ctx.problems] == [
        "item.yaml:4:20: error: 'colours.primary' must be a colour like \"#1F5C99\", not 'blue' "
        "— write # and six hex digits, in quotes: \"#1F5C99\""]


def test_review_date_is_a_real_date():
    from careprint.library.model import Review
    assert Review(date=dt.date(2026, 1, 1), by="x").date.year == 2026


def test_images_is_one_picture_or_a_start_and_an_end_with_captions():
    from careprint.library.model import ExercisePictures

    one, problems = read_exercise(EXERCISE + "images: photos/clamshell.jpg\n")
    assert problems == [] and one.images.start.file.path == "photos/clamshell.jpg"
    assert one.images.end is None
    pair, problems = read_exercise(EXERCISE + "images:\n  start: {file: a.svg, caption: Start}\n"
                                   "  end: {file: b.png}\n")
    assert problems == [] and isinstance(pair.images, ExercisePictures)
    assert (pair.images.start.caption, pair.images.end.file.path) == ("Start", "b.png")
    older, problems = read_exercise(EXERCISE + "image: photos/clamshell.jpg\n")
    # The field's first name still means one picture.
    assert problems == [] and older.images.start.file.path == "photos/clamshell.jpg"
    assert older.images.end is None


def test_images_mistakes_name_the_field():
    _, problems = read_exercise(EXERCISE + "images:\n  start: {file: a.gif}\n")
    assert problems == [
        "item.yaml:10:17: error: 'images.start.file' 'a.gif' is not a .png or .jpg or .jpeg or "
        ".svg file — use a file ending in .png or .jpg or .jpeg or .svg",
        "item.yaml:10:3: error: missing required field 'images.end' — add it, for example: "
        "end: {file: photos/bridge-end.jpg, caption: Lift}"]
    _, problems = read_exercise(EXERCISE + "images: {start: {file: a.png, caption: Lift the "
                                "hips slowly and hold}, end: {file: b.png}}\n")
    assert problems == ["item.yaml:9:40: error: 'images.start.caption' is 29 characters long; "
                        "the most is 24 — shorten it"]
