"""Regions and kinds: the whole body as standard, and a clinic's own words in clinic.yaml."""

from __future__ import annotations

from conftest import write

EXERCISE = ("name: Pendulum\nkind: {kind}\nregion: {region}\n"
            "starting_position: Lean on a table with one hand.\n"
            "steps: [Let your other arm hang., Swing it in small circles.]\n"
            "dosage: {{reps: 10}}\ncautions: [Stop if your shoulder hurts more.]\n"
            "sources: [nhs-sciatica]\n")


def test_a_shoulder_exercise_is_standard(mini, run_cli):
    write(mini, "handouts/exercises/pendulum.yaml", EXERCISE.format(kind="mobility",
                                                                     region="shoulder"))
    result = run_cli("check")
    assert result.status == 0, result.err
    assert "pendulum" in run_cli("list").out


def test_an_unknown_region_names_the_file_line_and_the_fix(mini, run_cli):
    write(mini, "handouts/exercises/pendulum.yaml", EXERCISE.format(kind="mobility",
                                                                     region="sholder"))
    result = run_cli("check")
    assert result.status == 1
    assert "handouts/exercises/pendulum.yaml:3:9: error: region 'sholder' is not a standard " \
           "region or one added in clinic.yaml — did you mean 'shoulder'?" in result.err_lines


def test_a_misspelt_kind_gets_a_suggestion(mini, run_cli):
    write(mini, "handouts/exercises/pendulum.yaml", EXERCISE.format(kind="strenght",
                                                                     region="shoulder"))
    assert "handouts/exercises/pendulum.yaml:2:7: error: kind 'strenght' is not a standard " \
           "kind or one added in clinic.yaml — did you mean 'strength'?" in run_cli("check").err_lines


def test_a_clinic_adds_its_own_region_and_kind(mini, run_cli):
    write(mini, "handouts/exercises/pendulum.yaml", EXERCISE.format(kind="breathing",
                                                                     region="jaw"))
    first = run_cli("check")
    assert "handouts/exercises/pendulum.yaml:2:7: error: kind 'breathing' is not a standard " \
           "kind or one added in clinic.yaml — add it under `kinds` in clinic.yaml" \
           in first.err_lines
    clinic = mini / "handouts/clinic.yaml"
    clinic.write_text(clinic.read_text(encoding="utf-8")
                      + "regions: [jaw]\nkinds: [breathing]\n", encoding="utf-8")
    assert run_cli("check").status == 0


def test_a_region_must_be_one_lower_case_word(mini, run_cli):
    write(mini, "handouts/exercises/pendulum.yaml", EXERCISE.format(kind="mobility",
                                                                     region="Left Shoulder"))
    result = run_cli("check")
    assert result.status == 1
    assert "handouts/exercises/pendulum.yaml:3:9: error: 'region' must be a lower-case word " \
        "such as \"hip\" or \"low-back\", not 'Left Shoulder' — use lower case, with - " \
        "between words" in result.err_lines
