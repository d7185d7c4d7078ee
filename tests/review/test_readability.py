"""Reading grades against examples counted by hand."""

from __future__ import annotations

import pytest

from careprint.review.readability import grade, sentences, syllables, words


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
