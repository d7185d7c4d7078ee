"""What a sheet's exercises are not advised for, told to the clinician who makes the sheet.

Without the patient's conditions every contraindication of every prescribed exercise is a
warning, a reminder to check. With them (`--patient-has`) only the patient's own are named,
and as errors: the sheet is not written until the exercise is left out, or the clinician
confirms it (`--allow`). Messages name the exercise and the reason, never the patient.
"""

from __future__ import annotations

from collections.abc import Iterable

from careprint.library.fields import CITATION, suggest
from careprint.library.model import contraindication_words
from careprint.library.reader import Library
from careprint.problems import CareprintError, Problem, error, warning

NONE = "none"  # `--patient-has none`: the clinician checked, and none apply
# Told to the clinician at the terminal, in careprint's language, whatever the sheet's.
MESSAGE = "{exercise} ({name}) is not advised for a patient with {means}: {reason}"


def patient_conditions(library: Library, given: tuple[str, ...] | None
                       ) -> frozenset[str] | None:
    """The patient's conditions as the library's words (None: not stated); an unknown word
    stops the sheet before any work, with the word it is most like."""
    if given is None:
        return None
    words = contraindication_words(library.clinic)
    chosen = [word for word in given if word != NONE]
    for word in chosen:
        if word not in words:
            hint = suggest(word, sorted(words)) or "choose from: " + ", ".join(sorted(words))
            raise CareprintError(f"--patient-has: '{word}' is not a contraindication word — "
                                 f"{hint} (or '{NONE}')")
    if NONE in given and chosen:
        raise CareprintError(f"--patient-has: '{NONE}' cannot go with other words")
    return frozenset(chosen)


def contraindication_problems(library: Library, exercise_ids: Iterable[str],
                              patient_has: frozenset[str] | None,
                              allowed: tuple[str, ...] = ()) -> list[Problem]:
    """One line per contraindication of the sheet's exercises that the clinician should see."""
    words = contraindication_words(library.clinic)
    problems = []
    for number, exercise_id in enumerate(exercise_ids, start=1):
        exercise = library.exercises[exercise_id]
        for item in exercise.contraindications:
            if patient_has is not None and item.when not in patient_has:
                continue
            message = MESSAGE.format(
                exercise=f"exercise {number}, {exercise.id}", name=exercise.name,
                means=words.get(item.when, item.when), reason=_plain(item.reason))
            if patient_has is None:
                problems.append(warning(message, hint="check this patient; --patient-has "
                                        "names their conditions"))
            elif exercise.id in allowed:
                problems.append(warning(message, hint=f"printed: --allow {exercise.id}"))
            else:
                problems.append(error(message, hint=f"leave it out with --only, or print it "
                                      f"anyway with --allow {exercise.id}"))
    return problems


def _plain(reason: str) -> str:
    """The reason without its [@source] marks, which mean nothing on a terminal."""
    return " ".join(CITATION.sub("", reason).split()).replace(" .", ".")
