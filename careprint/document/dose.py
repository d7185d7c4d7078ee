"""`--dose EXERCISE:sets=2,reps=12,hold=30,side=left`: a dosage change typed on the command line.

The values go through the same field rules as dosage in YAML, so limits and messages match.
"""

from __future__ import annotations

import re
from pathlib import Path

from careprint.library.load import Mapping, Scalar
from careprint.library.model import DOSAGE_CHANGES, Dosage
from careprint.problems import CareprintError, Mark
from careprint.library.fields import ID_PATTERN, INVALID, ReadContext

# short command-line key -> dosage field
DOSE_KEYS = {"sets": "sets", "reps": "reps", "hold": "hold_seconds", "rest": "rest_seconds",
             "minutes": "minutes", "times": "times_per_day", "days": "days_per_week",
             "side": "side", "load": "load"}


def parse_dose(text: str) -> tuple[str, Dosage]:
    exercise, _, changes = text.partition(":")
    exercise = exercise.strip()
    if not ID_PATTERN.fullmatch(exercise) or not changes.strip():
        raise CareprintError(f"--dose '{text}': write EXERCISE:KEY=VALUE,… like "
                             "clamshell:sets=2,reps=12")
    at = Mark(Path("--dose"))
    entries = []
    for part in changes.split(","):
        key, equals, value = (s.strip() for s in part.partition("="))
        if key not in DOSE_KEYS or not equals or not value:
            raise CareprintError(f"--dose '{text}': '{part.strip()}' is not KEY=VALUE with a "
                                 "key from: " + ", ".join(DOSE_KEYS))
        kind = "int" if re.fullmatch(r"[0-9]+", value) else "str"
        entries.append((Scalar(DOSE_KEYS[key], "str", False, at), Scalar(value, kind, False, at)))
    ctx = ReadContext()
    dosage = DOSAGE_CHANGES.read(Mapping(tuple(entries), at), ctx, "")
    if dosage is INVALID:
        first = ctx.problems[0]
        hint = f" — {first.hint}" if first.hint else ""
        raise CareprintError(f"--dose '{text}': {first.message}{hint}")
    return exercise, dosage
