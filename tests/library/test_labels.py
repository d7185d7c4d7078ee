"""Labels: the fixed words in each language, complete, and safe when a language file is not."""

from __future__ import annotations

import datetime as dt

import pytest

from careprint.document.assemble import dosage_words, long_date, programme_words
from careprint.library.labels import english_labels, load_labels
from careprint.library.model import Dosage
from careprint.problems import CareprintError
from careprint.resources import BUILTIN_TEMPLATES
from conftest import write


def spanish():
    labels, problems = load_labels(BUILTIN_TEMPLATES, "es")
    assert problems == []  # every English label has its Spanish one, of the same shape
    return labels


@pytest.mark.parametrize("dosage, words", [
    (Dosage(sets=2, reps=10, side="each", times_per_day=1), "2 series de 10, cada lado, 1 vez al día"),
    (Dosage(sets=1, reps=10), "10 veces"),
    (Dosage(reps=1, hold_seconds=1), "1 vez, mantenga 1 segundo"),
    (Dosage(reps=3, hold_seconds=20, side="each", times_per_day=2, days_per_week=7),
     "3 veces, mantenga 20 segundos, cada lado, 2 veces al día, todos los días"),
    (Dosage(sets=3, hold_seconds=60), "3 veces: mantenga 1 minuto"),
    (Dosage(minutes=1, days_per_week=1), "1 minuto, 1 día por semana"),
    (Dosage(minutes=20, sets=2, days_per_week=5), "20 minutos, 2 veces, 5 días por semana"),
    (Dosage(sets=2, reps=10, rest_seconds=60, load="una banda suave"),
     "2 series de 10, con una banda suave, descanse 1 minuto"),
    (Dosage(reps=3, hold_seconds=15, rest_seconds=30),
     "3 veces, mantenga 15 segundos, descanse 30 segundos entre una y otra"),
    (Dosage(reps=8, side="left"), "8 veces, solo el lado izquierdo"),
    (Dosage(reps=8, side="both"), "8 veces, los dos lados a la vez"),
])
def test_spanish_dosage_in_words_agrees_in_number(dosage, words):
    assert dosage_words(dosage, spanish()) == words


def test_english_counts_keep_their_own_forms():
    labels = english_labels()
    assert [labels.count("times_a_day", n) for n in (1, 2, 3)] == [
        "once a day", "twice a day", "3 times a day"]
    assert labels.count("days_a_week", 7) == "every day"
    assert spanish().count("times_a_day", 2) == "2 veces al día"  # no Spanish "twice"


def test_dates_use_the_labels_month_names_not_the_computers_locale():
    day = dt.date(2026, 11, 20)
    assert long_date(day) == "20 November 2026"
    assert long_date(day, spanish()) == "20 de noviembre de 2026"


def test_a_missing_or_broken_label_prints_in_english_with_a_problem(tmp_path):
    own = write(tmp_path, "labels/es.yaml",
                "key_points: Lo esencial\n"
                "warning_today: \"Llámenos hoy si tiene:\"\n"  # the phone number is lost
                "months: [enero, febrero]\n"
                "kay_points: typo\n")
    labels, problems = load_labels(tmp_path, "es")
    assert labels["key_points"] == "Lo esencial"  # the clinic's own words win
    assert labels["warning_today"].startswith("Llámenos al {phone}")  # careprint's Spanish
    text = [str(p).replace(str(own), "es.yaml") for p in problems]
    assert "es.yaml:2:16: error: the label 'warning_today' has lost {phone}; it prints as " \
           "careprint words it — write it like the English label, keeping each {name}" in text
    assert any("'months' has 2 entries, but must have 12" in t for t in text)
    assert any("'kay_points' is not a label careprint prints — did you mean" in t for t in text)
    # The built-in Spanish file still covers the rest: nothing is missing.
    assert not any("is missing" in t for t in text)
    assert labels["months"][10] == "noviembre"  # unusable: careprint's words, never a crash


def test_a_label_no_language_file_has_prints_in_english(tmp_path):
    write(tmp_path, "labels/fr.yaml", "key_points: Points clés\n")
    labels, problems = load_labels(tmp_path, "fr")
    assert labels["key_points"] == "Points clés" and labels["sources"] == "Sources"
    assert any("the label 'warning_signs' is missing; it prints in English" in str(p)
               for p in problems)


def test_a_language_without_labels_is_one_clear_line():
    with pytest.raises(CareprintError, match=r"no labels for language 'de' \(templates/labels/"
                                             r"de.yaml\) — choose from: en, es"):
        load_labels(BUILTIN_TEMPLATES, "de")


def test_how_long_to_keep_going_in_each_language():
    assert programme_words(6, "review") == "Do this for 6 weeks, then we will review it."
    assert programme_words(1, "keep-going", spanish()) == \
        "Haga esto 1 semana y luego siga por su cuenta."
    assert programme_words(8, "progress", spanish()) == \
        "Haga esto 8 semanas y luego lo haremos más difícil."
