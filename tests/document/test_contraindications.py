"""`careprint sheet` tells the clinician when a prescribed exercise is not advised for some
patients: every time as a reminder, and as a stop once the patient's conditions are stated."""

from __future__ import annotations

from prescribing import prescribing_library

SHEET = ("sheet", "sciatica", "--patient", "Ann Example", "-o", "sheet.pdf")
HIP = ("careprint: {level}: exercise 2, knee-to-chest (Knee to chest) is not advised for a "
       "patient with a hip replacement (hip precautions): Pulling the knee up bends a new hip "
       "too far. — {hint}")
PREGNANCY = ("careprint: warning: exercise 2, knee-to-chest (Knee to chest) is not advised for "
             "a patient with a pregnancy past 16 weeks: Lying flat for long can cause faintness. "
             "— check this patient; --patient-has names their conditions")


def test_without_the_patients_conditions_every_contraindication_is_a_reminder(mini, run_cli):
    prescribing_library(mini)
    result = run_cli(*SHEET)
    assert result.status == 0
    assert result.err_lines == [
        HIP.format(level="warning", hint="check this patient; --patient-has names their "
                                         "conditions"),
        PREGNANCY]
    assert (mini / "sheet.pdf").is_file()
    assert "Ann" not in result.err and "Example" not in result.err  # never the patient's name


def test_a_condition_the_patient_has_stops_the_sheet(mini, run_cli):
    prescribing_library(mini)
    result = run_cli(*SHEET, "--patient-has", "after-hip-replacement")
    assert result.status == 1
    assert result.err_lines == [
        HIP.format(level="error", hint="leave it out with --only, or print it anyway with "
                                       "--allow knee-to-chest"),
        "careprint: error: no sheet written"]
    assert not (mini / "sheet.pdf").exists()
    assert "Ann" not in result.err


def test_the_clinician_may_print_it_anyway(mini, run_cli):
    prescribing_library(mini)
    result = run_cli(*SHEET, "--patient-has", "after-hip-replacement,glaucoma",
                     "--allow", "knee-to-chest")
    assert result.status == 0
    assert result.err_lines == [HIP.format(level="warning", hint="printed: --allow knee-to-chest")]
    assert (mini / "sheet.pdf").is_file()


def test_conditions_the_exercises_do_not_name_stay_quiet(mini, run_cli):
    prescribing_library(mini)
    for conditions in ("none", "glaucoma"):
        (mini / "sheet.pdf").unlink(missing_ok=True)
        result = run_cli(*SHEET, "--patient-has", conditions)
        assert (result.status, result.err) == (0, "")


def test_leaving_the_exercise_out_makes_the_sheet(mini, run_cli):
    prescribing_library(mini)
    result = run_cli(*SHEET, "--patient-has", "after-hip-replacement", "--only", "pelvic-tilt")
    assert (result.status, result.err) == (0, "")


def test_an_unknown_condition_word_gets_the_closest_one(mini, run_cli):
    prescribing_library(mini)
    result = run_cli(*SHEET, "--patient-has", "after-hip-replacment")
    assert result.status == 1
    assert result.err_lines == ["careprint: error: --patient-has: 'after-hip-replacment' is not "
                                "a contraindication word — did you mean 'after-hip-replacement'? "
                                "(or 'none')"]
    assert not (mini / "sheet.pdf").exists()


def test_allow_names_an_exercise_of_the_sheet(mini, run_cli):
    prescribing_library(mini)
    result = run_cli(*SHEET, "--patient-has", "none", "--allow", "bird-dog")
    assert result.status == 1
    assert result.err_lines == ["careprint: error: --allow: 'bird-dog' is not one of this "
                                "sheet's exercises — choose from: pelvic-tilt, knee-to-chest"]
