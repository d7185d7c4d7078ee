"""How hard a text is to read: US school grade by Flesch–Kincaid and by SMOG.

Patient material should read at grade 8 or below (NIH), ideally 6 (AMA); SMOG is the formula
usually applied to health material and tends to read a grade or two higher than Flesch–Kincaid.
Both rest on counting sentences, words and syllables. Syllables are counted by rule (vowel
groups, with English's silent endings) rather than from a dictionary: no data to download, the
same answer everywhere, and within a syllable of a dictionary on the words of patient text.

The formulas:
    Flesch–Kincaid grade = 0.39 × words/sentences + 11.8 × syllables/words − 15.59
    SMOG grade = 1.0430 × √(words of 3+ syllables × 30 / sentences) + 3.1291
"""

from __future__ import annotations

import math
import re
from collections.abc import Callable
from dataclasses import dataclass
from functools import lru_cache

_SENTENCE_END = re.compile(r"(?<=[.!?])[\"')\]]*\s+(?=[^a-z])|\n+")
_WORD = re.compile(r"[A-Za-z][A-Za-z'’]*|\d+(?:[.,]\d+)*")  # ball-and-socket is 3 words
_CITATION = re.compile(r"\s*\[@[^\]]*\]")
# A pronunciation guide, "(pir-ih-FOR-mis)", helps the reader: it is not read as words.
_SAY_IT = re.compile(r"\s*\([A-Za-z]+(?:-[A-Za-z]+)+\)")
# Compounds whose silent e the rules cannot see.
_KNOWN = {"sometimes": 2, "something": 2, "someone": 2, "somewhere": 2, "anyone": 3,
          "everyone": 3, "everything": 3, "however": 3, "lifestyle": 2, "homework": 2}
# An e at the end is silent (lie, whole), and so mostly are -es and -ed (moves, stretched),
# except after the sounds that need them (exercis·es, start·ed); also before -ment, -ness,
# -ly, -ful (move·ment).
_SILENT_END = re.compile(r"(?:[^aeiouy]e|(?<![sc])[^aeiouyscgzx]es|[^aeiouydt]ed)$")
_SILENT_INNER_E = re.compile(r"(?<=[^aeiouy])e(?=(?:ment|ness|ly|ful|less)$)")
_VOWEL_GROUP = re.compile(r"[aeiouy]+")
# Vowel pairs English says as two syllables (ra·di·o, di·et, flu·id, ac·tu·al) ...
_TWO_SOUNDS = re.compile(r"i[aou]|uo|ua|ui(?!c)|ie(?=[rt])")
# ... except in -tion, -sion, -cial, -cious and their kin, which are one.
_ONE_SOUND = re.compile(r"[tcsgxh]i(?=o(?:n|us)|a[ln])")


# A library says the same words again and again: 2,000 exercises hold ~230,000 words but only a
# few thousand different ones, so `check` counts each once.
@lru_cache(maxsize=1 << 16)
def syllables(word: str) -> int:
    """English syllables in one word, by rule; numbers count as their spoken length."""
    w = word.lower().replace("’", "'")
    if w[:1].isdigit():
        return max(1, len(re.sub(r"\D", "", w)))  # "10" is one or two; close enough
    w = re.sub(r"[^a-z]", "", w.split("'")[0])
    if w in _KNOWN:
        return _KNOWN[w]
    if not w:
        return 0
    if len(w) <= 3:
        return 1
    plural = w.endswith("les") and len(w) > 4
    stem = w[:-1] if plural else w
    if len(stem) > 3 and stem.endswith("le") and stem[-3] not in "aeiouy":
        return _groups(stem[:-2]) + 1  # gen·tle, mus·cles: -le is a syllable of its own
    return _groups(_SILENT_INNER_E.sub("", _SILENT_END.sub(lambda m: m.group()[0], w)))


def _groups(w: str) -> int:
    core = w[1:] if w.startswith("y") else w  # a leading y is a consonant (yes, your)
    pairs = _TWO_SOUNDS.findall(_ONE_SOUND.sub(lambda m: m.group()[0] + "_", core))
    return max(1, len(_VOWEL_GROUP.findall(core)) + len(pairs))


def sentences(text: str) -> list[str]:
    """The sentences of a text, without citation marks; a list item is a sentence."""
    plain = _SAY_IT.sub("", _CITATION.sub("", text))
    return [s.strip() for s in _SENTENCE_END.split(plain) if _WORD.search(s)]


def words(sentence: str) -> list[str]:
    return _WORD.findall(sentence)


@dataclass(frozen=True)
class Grade:
    flesch_kincaid: float
    smog: float
    sentences: int
    words: int

    @property
    def highest(self) -> float:
        return max(self.flesch_kincaid, self.smog)


def _counted(texts: list[str], split: Callable[[str], list[str]]
             ) -> tuple[list[str], list[list[str]], int]:
    """The texts' sentences, each one's words (by `split`), and the number of words."""
    found = [s for text in texts for s in sentences(text)]
    counted = [split(s) for s in found]
    return found, counted, sum(len(w) for w in counted)


def grade(texts: list[str]) -> Grade | None:
    """The reading grade of some texts taken together (each a paragraph or list item)."""
    found, counted, total = _counted(texts, words)
    if not found or not total:
        return None
    syl = sum(syllables(w) for ws in counted for w in ws)
    hard = sum(1 for ws in counted for w in ws if syllables(w) >= 3)
    fk = 0.39 * total / len(found) + 11.8 * syl / total - 15.59
    smog = 1.0430 * math.sqrt(hard * 30 / len(found)) + 3.1291
    return Grade(round(fk, 1), round(smog, 1), len(found), total)


def sentence_grade(sentence: str) -> float:
    """Flesch–Kincaid of one sentence: which sentences pull a text's grade up."""
    ws = words(sentence)
    if not ws:
        return 0.0
    return 0.39 * len(ws) + 11.8 * sum(syllables(w) for w in ws) / len(ws) - 15.59


# --- Spanish -------------------------------------------------------------------------------
# Spanish spelling follows its sounds, so syllables are counted exactly by rule: each vowel
# nucleus is a syllable, where a diphthong (a weak vowel i, u, ü beside another vowel, as in
# "ciudad", "pierna", "muy") is one nucleus and two strong vowels (a, e, o; "le·er", "ca·er")
# or an accented weak vowel ("dí·a", "o·ír", "re·ú·ma") are two. The u of que, qui, gue, gui is
# silent; y is a vowel only at the end of a word ("hoy", "muy") or alone ("y").
#
# The formulas (both rise as text gets easier, on a 0-100 scale):
#   Szigriszt-Pazos perspicuity (the INFLESZ scale) = 206.835 − 62.3 × syllables/words
#                                                      − words/sentences
#   Fernández-Huerta = 206.84 − 60 × syllables/words − 1.02 × words/sentences
# (Fernández-Huerta as corrected by Law (2011): the published form multiplied by sentences per
# 100 words, which made longer sentences read easier.) INFLESZ (Barrio-Cantalejo et al. 2008,
# for patient material): under 40 very hard, 40–55 somewhat hard, 55–65 normal, 65–80 quite
# easy, over 80 very easy. Fernández-Huerta: 60–70 normal, 70–80 somewhat easy.

_STRONG = set("aeoáéó")
_ACCENTED_WEAK = set("íú")
_VOWELS = _STRONG | _ACCENTED_WEAK | set("iuü")
_SILENT_U = re.compile(r"(?<=[qg])u(?=[eiéí])")
_SPANISH_WORD = re.compile(r"[^\W\d_](?:[^\W\d_]|['’](?=[^\W\d_]))*|\d+(?:[.,]\d+)*")


@lru_cache(maxsize=1 << 16)
def spanish_syllables(word: str) -> int:
    """Spanish syllables in one word, by the rules of Spanish spelling."""
    w = word.lower()
    if w[:1].isdigit():
        return max(1, len(re.sub(r"\D", "", w)))
    w = _SILENT_U.sub("", w)
    if w == "y":
        return 1
    if w.endswith("y") and len(w) > 1 and w[-2] in _VOWELS:
        w = w[:-1] + "i"  # hoy, muy, ley: a weak vowel at the end of the word
    count, previous = 0, ""
    for letter in w:
        if letter not in _VOWELS:
            previous = ""
            continue
        if not previous or _hiatus(previous, letter):
            count += 1
        previous = letter
    return max(1, count)


def _hiatus(first: str, second: str) -> bool:
    """Two vowels side by side that are said as two syllables."""
    if first in _STRONG and second in _STRONG:
        return True
    if first in _ACCENTED_WEAK or second in _ACCENTED_WEAK:
        return True
    return first == second  # "chiita", "duunviro": the same weak vowel twice


def spanish_words(sentence: str) -> list[str]:
    return _SPANISH_WORD.findall(sentence)


@dataclass(frozen=True)
class Ease:
    """How easy Spanish text is: higher is easier."""

    inflesz: float  # Szigriszt-Pazos perspicuity
    fernandez_huerta: float
    sentences: int
    words: int


def spanish_ease(texts: list[str]) -> Ease | None:
    """The reading ease of some Spanish texts taken together (each a paragraph or list item)."""
    found, counted, total = _counted(texts, spanish_words)
    if not found or not total:
        return None
    per_word = sum(spanish_syllables(w) for ws in counted for w in ws) / total
    per_sentence = total / len(found)
    return Ease(round(206.835 - 62.3 * per_word - per_sentence, 1),
                round(206.84 - 60 * per_word - 1.02 * per_sentence, 1), len(found), total)


def spanish_sentence_ease(sentence: str) -> float:
    """The INFLESZ score of one sentence: which sentences pull a text's score down."""
    ease = spanish_ease([sentence])
    return ease.inflesz if ease else 100.0
