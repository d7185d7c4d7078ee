"""The shipped library is content a patient reads: it must check clean, with no warnings."""

from conftest import REPO

from careprint.library import LibraryPaths, read_library
from careprint.resolve import check_references


def test_shipped_library_checks_clean_and_strict(run_cli):
    result = run_cli("check", "--strict", "--library", str(REPO))
    assert (result.status, result.err) == (0, "")
    assert result.out == ("no problems: 10 conditions, 23 exercises, 6 exercise sets, "
                          "2 packs, 43 sources\n")


def test_every_condition_has_red_flags_sources_and_an_exercise_set():
    library, problems = read_library(LibraryPaths.at(REPO))
    assert problems + check_references(library) == []
    assert len(library.conditions) >= 8 and len(library.exercises) >= 20
    assert len(library.sets) >= 5
    for condition in library.conditions.values():
        assert condition.seek_care_urgently, condition.id
        assert condition.citations, f"{condition.id} cites no source in its text"
        assert condition.exercise_sets, condition.id
    si = library.conditions["sacroiliac-joint-pain"]
    assert any("injection" in s.heading.lower() for s in si.extra_sections)
