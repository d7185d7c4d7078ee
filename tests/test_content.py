"""The shipped library is content a patient reads: it must check clean, with no warnings."""

import re

from conftest import REPO

from careprint.library import LibraryPaths, read_library
from careprint.resolve import check_references
from careprint.schema import CITATION


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


def _syllables(word: str) -> int:
    word = word.lower().strip(".,;:!?()\"'")
    groups = re.findall(r"[aeiouy]+", word)
    count = len(groups) - (1 if word.endswith("e") and len(groups) > 1 else 0)
    return max(1, count)


def flesch_kincaid_grade(text: str) -> float:
    sentences = max(1, len(re.findall(r"[.!?](\s|$)", text)))
    words = re.findall(r"[A-Za-z][A-Za-z'-]*", text)
    syllables = sum(_syllables(w) for w in words)
    return 0.39 * len(words) / sentences + 11.8 * syllables / len(words) - 15.59


def test_condition_handouts_read_at_grade_8_or_lower():
    """Flesch-Kincaid with a simple syllable count: a guard against drift, not a verdict."""
    library, _ = read_library(LibraryPaths.at(REPO))
    grades = {}
    for condition in library.conditions.values():
        parts = [condition.summary, condition.what_it_is, *condition.symptoms,
                 *condition.causes, *condition.what_helps, *condition.self_care,
                 *condition.seek_care_urgently]
        text = CITATION.sub("", " ".join(p if p.rstrip()[-1:] in ".!?" else p + "."
                                         for p in parts))
        grades[condition.id] = round(flesch_kincaid_grade(text), 1)
    assert max(grades.values()) <= 8.0, grades


def test_the_example_patient_list_builds(run_cli, tmp_path):
    result = run_cli("batch", str(REPO / "examples/patients.csv"), "--library", str(REPO),
                     "-o", str(tmp_path))
    assert result.status == 0, result.err
    assert len(list(tmp_path.glob("*.pdf"))) == 3
