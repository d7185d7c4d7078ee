"""`--dose EXERCISE:sets=2,reps=12,hold=30,side=left`: a dosage change typed on the command line.

The values go through the same field rules as dosage in YAML, so limits and messages match.
"""

from __future__ import annotations

import re
from pathlib import Path

from careprint.library.load import Mapping, Scalar
from careprint.library.model import Dosage
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
    from careprint.library.schema import DOSAGE_CHANGES  # the schema: only when a dose is given

    ctx = ReadContext()
    dosage = DOSAGE_CHANGES.read(Mapping(tuple(entries), at), ctx, "")
    if dosage is INVALID:
        first = ctx.problems[0]
        hint = f" — {first.hint}" if first.hint else ""
        raise CareprintError(f"--dose '{text}': {first.message}{hint}")
    return exercise, dosage


def read_dose_fields(values: dict[str, str]) -> tuple[Dosage | None, dict[str, str]]:
    """A dosage change typed into a form, one box per key (blank: keep the library's value);
    each wrong box gets its own message, in the words the YAML rules use."""
    from careprint.library.schema import DOSAGE_CHANGES

    at = Mark(Path("form"))
    changes, problems = {}, {}
    for key, value in values.items():
        value = value.strip()
        if key not in DOSE_KEYS or not value:
            continue
        kind = "int" if re.fullmatch(r"[0-9]+", value) else "str"
        ctx = ReadContext()
        entry = (Scalar(DOSE_KEYS[key], "str", False, at), Scalar(value, kind, False, at))
        one = DOSAGE_CHANGES.read(Mapping((entry,), at), ctx, "")
        if one is INVALID:
            first = ctx.problems[0]
            message = first.message.removeprefix(f"'{DOSE_KEYS[key]}' ")  # beside its box
            hint = first.hint.removesuffix(", without quotes")  # no quotes in a form's box
            problems[key] = message + (f" — {hint}" if hint else "")
        else:
            changes[DOSE_KEYS[key]] = getattr(one, DOSE_KEYS[key])
    if problems or not changes:
        return None, problems
    return Dosage(**changes), problems
