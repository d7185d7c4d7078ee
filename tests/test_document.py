"""document: dosage in the words a clinician would say, and sources numbered as read."""

import pytest

from careprint.document.assemble import dosage_words
from careprint.library.model import Dosage


@pytest.mark.parametrize("dosage, words", [
    (Dosage(sets=2, reps=10, side="each", times_per_day=1),
     "2 sets of 10, each side, once a day"),
    (Dosage(reps=3, hold_seconds=20, side="each", times_per_day=2, days_per_week=7),
     "3 times, hold each for 20 seconds, each side, twice a day, every day"),
    (Dosage(sets=2, reps=12, hold_seconds=30, side="left", times_per_day=3),
     "2 sets of 12, hold each for 30 seconds, left side only, 3 times a day"),
    (Dosage(minutes=20, days_per_week=5), "20 minutes, 5 days a week"),
    (Dosage(minutes=10, sets=2), "10 minutes, 2 times"),
    (Dosage(sets=3, hold_seconds=60), "3 times: hold for 1 minute"),
    (Dosage(reps=1, hold_seconds=90), "1 time, hold each for 90 seconds"),
    (Dosage(sets=2, reps=10, rest_seconds=60, load="a light band"),
     "2 sets of 10, with a light band, rest 1 minute between sets"),
    (Dosage(reps=3, hold_seconds=15, rest_seconds=30), "3 times, hold each for 15 seconds, "
                                                       "rest 30 seconds between each"),
    (Dosage(sets=1, reps=10, rest_seconds=30), "10 times"),
    (Dosage(reps=8, side="both", days_per_week=1), "8 times, both sides together, 1 day a week"),
])
def test_dosage_words(dosage, words):
    assert dosage_words(dosage) == words


def test_pain_rule_in_words_from_the_clinic_setting_or_the_sets_own(mini, run_cli):
    from conftest import pdf_text

    clinic = mini / "handouts/clinic.yaml"
    clinic.write_text(clinic.read_text() + "pain_rule:\n  ok_up_to: 4\n  settles_by: bedtime\n"
                      "  stop_if: [the pain is sharp]\n")
    assert run_cli("build").status == 0
    text = pdf_text(mini / "out/conditions/sciatica.pdf")
    assert ("Pain rule: Mild discomfort (up to 4 out of 10) is OK if it settles by bedtime. "
            "Stop and call us if the pain is sharp.") in text
    exercise_set = mini / "handouts/sets/sciatica-relief.yaml"
    exercise_set.write_text(exercise_set.read_text() + "pain_rule:\n  ok_up_to: 0\n")
    assert run_cli("build").status == 0
    assert "Pain rule: Your exercises should not hurt." in pdf_text(
        mini / "out/conditions/sciatica.pdf")
