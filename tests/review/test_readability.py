"""Reading grades against examples counted by hand."""

from __future__ import annotations

import pytest

from careprint.review.readability import (
    grade, sentences, spanish_ease, spanish_syllables, spanish_words, syllables, words,
)


def test_grades_of_a_hand_counted_plain_text():
    # 3 sentences, 22 words, 26 syllables (tight·en, stom·ach, mus·cles, gent·ly), no word of
    # three syllables: FK = 0.39 × 22/3 + 11.8 × 26/22 − 15.59 = 1.2; SMOG = 3.1291 → 3.1.
    text = ("Lie on your back with your knees bent. Tighten your stomach muscles gently. "
            "Tip your hips to press your low back flat.")
    measured = grade([text])
    assert (measured.sentences, measured.words) == (3, 22)
    assert (measured.flesch_kincaid, measured.smog) == (1.2, 3.1)


def test_grades_of_a_hand_counted_jargon_sentence():
    # 1 sentence, 11 words, 24 syllables, 4 words of 3+ (tro·chan·ter·ic, bur·si·tis,
    # in·flam·ma·tion, tro·chan·ter): FK = 4.29 + 25.745 − 15.59 = 14.4;
    # SMOG = 1.043 × √120 + 3.1291 = 14.6.
    measured = grade(["Trochanteric bursitis is inflammation of the bursa over the greater "
                      "trochanter [@speers-2017]."])
    assert (measured.flesch_kincaid, measured.smog) == (14.4, 14.6)


@pytest.mark.parametrize("word, count", [
    ("lie", 1), ("knees", 1), ("stretched", 1), ("moves", 1), ("whole", 1), ("gentle", 2),
    ("muscles", 2), ("ankle", 2), ("every", 3), ("exercise", 3), ("exercises", 4),
    ("wishes", 2), ("started", 2), ("movement", 2), ("position", 3), ("cushion", 2),
    ("radio", 3), ("physiotherapist", 6), ("sciatica", 4), ("inflammation", 4),
    ("your", 1), ("sometimes", 2), ("breathing", 2), ("easy", 2), ("people", 2),
])
def test_syllables(word, count):
    assert syllables(word) == count


def test_citations_and_pronunciation_guides_are_not_read():
    found = sentences("The piriformis (pir-ih-FOR-mis) is deep [@vij-2021]. Keep moving!")
    assert found == ["The piriformis is deep.", "Keep moving!"]
    assert words("a ball-and-socket joint") == ["a", "ball", "and", "socket", "joint"]


def test_nothing_to_read_has_no_grade():
    assert grade(["", "  "]) is None


# --- Spanish -------------------------------------------------------------------------------

def test_spanish_ease_of_a_hand_counted_text():
    # 2 sentences, 6 words, 15 syllables: a·cués·te·se (4), bo·ca (2), a·rri·ba (3), do·ble (2),
    # las (1), ro·di·llas (3). Per word 2.5, per sentence 3:
    # INFLESZ = 206.835 − 62.3 × 2.5 − 3 = 48.1; Fernández-Huerta = 206.84 − 150 − 3.06 = 53.8.
    measured = spanish_ease(["Acuéstese boca arriba. Doble las rodillas [@nhs-sciatica]."])
    assert (measured.sentences, measured.words) == (2, 6)
    assert (measured.inflesz, measured.fernandez_huerta) == (48.1, 53.8)


def test_spanish_ease_of_a_plain_sentence_is_normal_or_easier():
    # 1 sentence, 9 words: pa·re si sien·te un do·lor a·gu·do en la ca·de·ra
    # = 2+1+2+1+2+3+1+1+3 = 16 syllables: 206.835 − 62.3 × 16/9 − 9 = 87.1 ("quite easy").
    assert spanish_ease(["Pare si siente un dolor agudo en la cadera."]).inflesz == 87.1


@pytest.mark.parametrize("word, count", [
    ("ciudad", 2), ("pierna", 2), ("muy", 1), ("hoy", 1), ("y", 1), ("leer", 2), ("caer", 2),
    ("día", 2), ("oír", 2), ("reúma", 3), ("que", 1), ("guía", 2), ("pingüino", 3),
    ("ejercicio", 4), ("rodilla", 3), ("espalda", 3), ("aeropuerto", 5), ("ahora", 3),
    ("prohibir", 3), ("hormigueo", 4), ("averiguáis", 4), ("acuéstese", 4), ("fisioterapeuta", 6),
    ("repeticiones", 5), ("ciática", 3), ("Inclínese", 4), ("10", 2),
])
def test_spanish_syllables(word, count):
    assert spanish_syllables(word) == count


def test_spanish_words_keep_accented_letters():
    assert spanish_words("¿Le duelen las muñecas? Súbala, señor.") == [
        "Le", "duelen", "las", "muñecas", "Súbala", "señor"]
