"""Content checks as `careprint check` reports them: each fires on a small bad library, at its
file, line and field, and the shipped library is quiet."""

from __future__ import annotations

import datetime as dt

from conftest import REPO, write

from careprint.library.reader import LibraryPaths, read_library
from careprint.review.glossary import read_glossary
from careprint.review.rules import content_problems

CONDITION = "handouts/conditions/sciatica.yaml"


def edit(root, relpath, old, new):
    path = root / relpath
    text = path.read_text(encoding="utf-8")
    assert old in text
    path.write_text(text.replace(old, new), encoding="utf-8")


def warnings(result) -> list[str]:
    return [line for line in result.err_lines if ": warning: " in line]


def test_a_hard_section_names_its_hardest_sentence(mini, run_cli):
    edit(mini, CONDITION, "  - Keep moving gently\n",
         "  - Keep moving gently\n  - Intermittent neuropathic symptomatology necessitates "
         "individualised physiotherapeutic intervention.\n")
    lines = warnings(run_cli("check"))
    assert len(lines) == 2
    assert lines[0].startswith(f"{CONDITION}:14:3: warning: self_care reads at grade ")
    assert "(the limit is 8; hardest: \"Intermittent neuropathic" in lines[0]
    assert lines[1].startswith(f"{CONDITION}:1:1: warning: the handout reads at grade ")
    assert "by SMOG (the limit is 8)" in lines[1]
    assert run_cli("check", "--strict").status == 1


def test_warning_signs_are_held_two_grades_lower(mini, run_cli):
    edit(mini, "handouts/clinic.yaml", "name:", "reading_grade: 9\nname:")
    edit(mini, CONDITION, "    - A fever with your back pain\n",
         "    - A fever together with considerable generalised deterioration\n")
    lines = warnings(run_cli("check"))
    assert any(": warning: warning_signs reads at grade " in line and "the limit is 7" in line
               for line in lines), lines


def test_a_long_sentence_and_a_long_list(mini, run_cli):
    long = " ".join(["walk"] * 21)
    items = "".join(f"  - Symptom {n} [@nhs-sciatica]\n" for n in range(1, 9))
    edit(mini, CONDITION, "symptoms:\n  - Pain down one leg\n", f"symptoms:\n{items}")
    edit(mini, CONDITION, "  - Keep moving gently\n", f"  - {long.capitalize()}.\n")
    lines = warnings(run_cli("check"))
    assert f"{CONDITION}:8:3: warning: symptoms has 8 items — keep a list to 7 items or " \
           "fewer: group or cut" in lines
    assert any(line.startswith(f"{CONDITION}:21:5: warning: self_care[1]: a sentence of 21 "
                               "words") for line in lines), lines


def test_a_claim_without_a_source(mini, run_cli):
    edit(mini, CONDITION, "  - Staying active [@nhs-sciatica]\n", "  - Staying active\n")
    assert warnings(run_cli("check")) == [
        f"{CONDITION}:12:5: warning: what_helps[1] states something without a source — add "
        "[@source-id] from sources.yaml after the sentence"]


def test_a_set_of_more_than_six_exercises(mini, run_cli):
    exercises = "".join("  - pelvic-tilt\n  - knee-to-chest\n" for _ in range(4))
    write(mini, "handouts/sets/sciatica-relief.yaml",
          f"title: Sciatica relief\npurpose: Gentle moves.\nexercises:\n{exercises}")
    lines = warnings(run_cli("check"))
    assert any("the set has 8 exercises; more than 6 and fewer patients keep doing them"
               in line for line in lines), lines


def test_jargon_from_the_glossary(mini, run_cli):
    write(mini, "handouts/glossary.yaml", "bilateral: both sides\n")
    edit(mini, CONDITION, "    - Sciatica in both legs\n", "    - Bilateral leg pain\n")
    assert f"{CONDITION}:18:7: warning: warning_signs.emergency[2] says \"Bilateral\" — say " \
           "\"both sides\" (from glossary.yaml)" in warnings(run_cli("check"))


def test_an_overdue_review(mini, run_cli):
    edit(mini, "handouts/clinic.yaml", "name:", "review_months: 12\nname:")
    edit(mini, CONDITION, "  date: 2026-11-20", "  date: 2024-01-15")
    today = dt.date.today()
    due = dt.date(2025, 1, 15)
    late = (today.year - due.year) * 12 + today.month - due.month
    line = next(l for l in warnings(run_cli("check")) if "last reviewed" in l)
    assert line == (f"{CONDITION}:24:3: warning: last reviewed 2024-01-15: the review was due "
                    f"2025-01-15 ({late} months overdue) — check the content and sources, then "
                    "update `reviewed` (date and by)")


def test_the_shipped_library_is_quiet():
    library, problems = read_library(LibraryPaths(REPO))
    glossary, glossary_problems = read_glossary(REPO / "handouts")
    assert glossary.plain, "the starter glossary ships"
    assert glossary_problems == []
    assert content_problems(library, glossary, dt.date.today()) == []


def test_brand_colours_too_pale_for_text(mini, run_cli):
    edit(mini, "handouts/clinic.yaml", "\"#224466\"", "\"#FFB300\"")
    lines = warnings(run_cli("check"))
    assert "handouts/clinic.yaml:5:12: warning: colours.primary: headings on white, and white " \
        "text on the primary bands, contrast 1.8:1 on screen and in colour print; text needs " \
        "4.5:1 — choose a darker primary colour" in lines


def test_a_colour_that_fades_in_greyscale_print(mini, run_cli):
    # #3366FF reaches 4.7:1 on white on screen, but an averaging printer driver prints it as a
    # light grey: 3.6:1.
    edit(mini, "handouts/clinic.yaml", "\"#224466\"", "\"#3366FF\"")
    lines = [line for line in warnings(run_cli("check")) if "colours.primary" in line]
    assert len(lines) == 1 and "in greyscale print (averaging drivers)" in lines[0], lines


EXERCISE = "handouts/exercises/pelvic-tilt.yaml"
LONG_STEP = ("  - Breathe out slowly and then gently press the small of your back down into the "
             "floor while you keep your shoulders and your feet quite still\n")


def _new_run(monkeypatch) -> None:
    from careprint import stored_results

    monkeypatch.setattr(stored_results, "_IN_MEMORY", {})


def test_an_unchanged_exercise_is_not_measured_again_but_keeps_its_warnings(mini, run_cli,
                                                                            monkeypatch):
    from careprint.review import rules

    edit(mini, EXERCISE, "steps:\n", "steps:\n" + LONG_STEP)
    _new_run(monkeypatch)
    first = run_cli("check")
    assert any("pelvic-tilt.yaml" in line and "a sentence of 2" in line
               for line in warnings(first))
    _new_run(monkeypatch)
    measured = []
    real = rules._text_problems
    monkeypatch.setattr(rules, "_text_problems",
                        lambda path, *rest, **kw: measured.append(path) or real(path, *rest, **kw))
    again = run_cli("check")
    assert (again.status, again.err) == (first.status, first.err)
    assert not [path for path in measured if path.parent.name == "exercises"]


def test_an_exercise_is_measured_afresh_when_its_words_or_the_glossary_change(mini, run_cli,
                                                                              monkeypatch):
    _new_run(monkeypatch)
    assert not [line for line in warnings(run_cli("check")) if "pelvic-tilt" in line]
    edit(mini, EXERCISE, "steps:\n", "steps:\n" + LONG_STEP)
    _new_run(monkeypatch)
    assert [line for line in warnings(run_cli("check")) if "pelvic-tilt" in line]
    edit(mini, EXERCISE, "steps:\n" + LONG_STEP, "steps:\n  - Press your lumbar spine down\n")
    _new_run(monkeypatch)
    before = [line for line in warnings(run_cli("check")) if "pelvic-tilt" in line]
    write(mini, "handouts/glossary.yaml", "lumbar spine: lower back\n")
    _new_run(monkeypatch)
    after = [line for line in warnings(run_cli("check")) if "pelvic-tilt" in line]
    assert not before and len(after) == 1 and '"lumbar spine"' in after[0]
