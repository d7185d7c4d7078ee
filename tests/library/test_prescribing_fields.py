"""What a physiotherapist prescribes with: equipment, easier and harder versions,
contraindications on exercises; a goal and weeks on sets. Mistakes name the file and line."""

from __future__ import annotations

from conftest import write

PELVIC_TILT = ("name: Pelvic tilt\nkind: mobility\nregion: pelvis\n"
               "starting_position: Lie on your back with both knees bent.\n"
               "steps: [Flatten your lower back into the floor., Relax.]\n"
               "dosage: {{sets: 2, reps: 10}}\ncautions: [Stop if you feel sharp pain.]\n"
               "{extra}sources: [nhs-sciatica]\n")
SET = ("title: Sciatica relief\npurpose: Gentle moves to ease leg pain.\n{extra}"
       "exercises:\n  - pelvic-tilt\n  - knee-to-chest\n")


def exercise_with(mini, extra: str) -> None:
    write(mini, "handouts/exercises/pelvic-tilt.yaml", PELVIC_TILT.format(extra=extra))


def test_every_new_field_read_from_a_good_exercise_and_set(mini, run_cli):
    exercise_with(mini, "equipment: [a firm bed or a mat]\neasier: Do it standing.\n"
                        "harder: knee-to-chest\ncontraindications:\n"
                        "  - when: pregnancy-after-16-weeks\n"
                        "    reason: Lying flat for long can cause faintness. [@nhs-sciatica]\n")
    write(mini, "handouts/sets/sciatica-relief.yaml",
          SET.format(extra="goal: Ease your leg pain\nweeks: 6\nthen: progress\n"))
    result = run_cli("check")
    assert (result.status, result.err) == (0, ""), result.err


def test_an_easier_version_naming_no_exercise_gets_file_line_and_suggestion(mini, run_cli):
    exercise_with(mini, "easier: knee-to-chets\n")
    result = run_cli("check")
    assert result.status == 1
    assert ("handouts/exercises/pelvic-tilt.yaml:8:9: error: exercise 'knee-to-chets' does not "
            "exist — did you mean 'knee-to-chest'?") in result.err_lines


def test_a_harder_version_cannot_be_the_exercise_itself(mini, run_cli):
    exercise_with(mini, "harder: pelvic-tilt\n")
    assert ("handouts/exercises/pelvic-tilt.yaml:8:9: error: 'harder' names the exercise itself"
            " — name another exercise, or say it in a few words") in run_cli("check").err_lines


def test_quotes_make_an_id_like_word_text(mini, run_cli):
    exercise_with(mini, 'easier: "rest"\n')
    assert run_cli("check").status == 0


def test_an_unknown_contraindication_names_the_line_and_the_closest_word(mini, run_cli):
    exercise_with(mini, "contraindications:\n  - when: after-hip-replacment\n"
                        "    reason: Bends the hip too far.\n")
    result = run_cli("check")
    assert result.status == 1
    assert ("handouts/exercises/pelvic-tilt.yaml:9:11: error: contraindication "
            "'after-hip-replacment' is not a standard one or one added in clinic.yaml — did you "
            "mean 'after-hip-replacement'?") in result.err_lines


def test_a_clinic_adds_its_own_contraindication_word(mini, run_cli):
    exercise_with(mini, "contraindications:\n  - when: after-knee-replacement\n"
                        "    reason: Kneeling presses on a new knee.\n")
    assert "not a standard one" in run_cli("check").err
    clinic = mini / "handouts/clinic.yaml"
    clinic.write_text(clinic.read_text(encoding="utf-8") + "contraindications:\n"
                      "  - term: after-knee-replacement\n    means: a new knee\n", encoding="utf-8")
    assert run_cli("check").status == 0


def test_a_contraindication_needs_its_reason(mini, run_cli):
    exercise_with(mini, "contraindications:\n  - when: glaucoma\n")
    assert ("handouts/exercises/pelvic-tilt.yaml:9:5: error: missing required field "
            "'contraindications[1].reason' — add it, for example: reason: Hugging the knee bends a "
            "new hip too far. [@nhs-hip-replacement]") in run_cli("check").err_lines


def test_wrong_types_are_reported_at_their_lines(mini, run_cli):
    exercise_with(mini, "equipment: a chair\n")
    write(mini, "handouts/sets/sciatica-relief.yaml", SET.format(extra="weeks: six\n"))
    result = run_cli("check")
    assert result.status == 1
    assert ("handouts/exercises/pelvic-tilt.yaml:8:12: error: 'equipment' must be a list, not "
            "'a chair' — put each item on its own line starting with '- '") in result.err_lines
    assert ("handouts/sets/sciatica-relief.yaml:3:8: error: 'weeks' must be a whole number, not "
            "'six' — write a number from 1 to 52, without quotes") in result.err_lines


def test_then_needs_weeks_and_a_known_ending(mini, run_cli):
    write(mini, "handouts/sets/sciatica-relief.yaml", SET.format(extra="then: review\n"))
    assert ("handouts/sets/sciatica-relief.yaml:3:7: error: 'then' needs 'weeks': after how many "
            "weeks? — add for example `weeks: 6`") in run_cli("check").err_lines
    write(mini, "handouts/sets/sciatica-relief.yaml", SET.format(extra="weeks: 6\nthen: reveiw\n"))
    assert ("handouts/sets/sciatica-relief.yaml:4:7: error: 'then' must be one of review, "
            "progress, keep-going, not 'reveiw' — did you mean 'review'?") in run_cli("check").err_lines


def test_the_field_reference_documents_the_vocabulary(run_cli):
    out = run_cli("fields").out
    assert "`contraindications.when`" in out and "after-hip-replacement" in out
    assert "`easier`" in out and "`weeks`" in out and "`then`" in out
