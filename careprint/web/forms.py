"""The sheet form: what a clinician typed, read into the same typed options `careprint sheet`
takes, with a message for each wrong box instead of an exception."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from pathlib import Path

from careprint.build.options import Options
from careprint.commands.sheet import SheetOptions, text_problem
from careprint.deliver.compose import MailError, check_address
from careprint.document.dose import DOSE_KEYS, read_dose_fields
from careprint.library.labels import languages
from careprint.library.fields import ID_PATTERN
from careprint.document.contraindications import NONE
from careprint.library.model import Dosage, contraindication_words
from careprint.library.reader import Library

# The dosage boxes of one exercise, in the order the page shows them: (key, label, unit).
DOSE_BOXES = (("sets", "Sets", ""), ("reps", "Reps", ""), ("hold", "Hold", "s"),
              ("rest", "Rest", "s"), ("minutes", "Minutes", ""), ("times", "Times a day", ""),
              ("days", "Days a week", ""), ("side", "Side", ""), ("load", "Load", ""))
SIDES = ("each", "left", "right", "both")
PAPER_SIZES = ("letter", "a4")
PRINT_SIZES = ("standard", "large")
MAX_EXERCISES = 30  # a form cannot ask for a sheet of a thousand exercises
MAX_TEXT = 2000  # characters in any one box


@dataclass
class ExerciseRow:
    id: str
    name: str
    subtitle: str | None
    values: dict[str, str]  # dosage box -> what is typed
    defaults: dict[str, str]  # dosage box -> the library's value (shown when the box is blank)
    note: str = ""
    allow: bool = False  # print it though it is not advised for the patient's conditions
    errors: dict[str, str] = field(default_factory=dict)


@dataclass
class SheetForm:
    condition: str
    set_id: str  # "": the clinician's own programme
    rows: list[ExerciseRow]
    patient: str = ""
    date: str = ""
    clinician: str = ""
    note: str = ""
    next_appointment: str = ""
    print_size: str = "standard"
    size: str = ""
    email: str = ""
    language: str = ""  # "": the clinic's own
    # The patient's conditions as contraindication words; none ticked: not stated, so every
    # contraindication of the sheet's exercises is shown as a reminder.
    patient_has: list[str] = field(default_factory=list)
    errors: dict[str, str] = field(default_factory=dict)  # field name -> message

    @property
    def ok(self) -> bool:
        return not self.errors and not any(row.errors for row in self.rows)

    def error_slots(self) -> dict[str, str]:
        """Every field's message slot (id -> message, '' when fine), to clear old messages."""
        slots = {f"err-{name}": self.errors.get(name, "") for name in
                 ("condition", "set", "patient", "date", "clinician", "note",
                  "next_appointment", "print_size", "size", "email", "programme",
                  "patient_has", "language")}
        for row in self.rows:
            for key, _, _ in DOSE_BOXES:
                slots[f"err-{row.id}-{key}"] = row.errors.get(key, "")
            slots[f"err-{row.id}-note"] = row.errors.get("note", "")
        return slots


def entry_defaults(library: Library, set_id: str, exercise_id: str) -> dict[str, str]:
    """The dosage a sheet prints for this exercise when no box is changed."""
    dosage = library.exercises[exercise_id].dosage
    exercise_set = library.sets.get(set_id)
    for entry in exercise_set.exercises if exercise_set else ():
        if entry.exercise.id == exercise_id:
            dosage = dosage.overridden_by(entry.dosage)
    return {key: "" if getattr(dosage, name) is None else str(getattr(dosage, name))
            for key, name in DOSE_KEYS.items()}


def new_row(library: Library, set_id: str, exercise_id: str) -> ExerciseRow:
    exercise = library.exercises[exercise_id]
    defaults = entry_defaults(library, set_id, exercise_id)
    return ExerciseRow(exercise_id, exercise.name, exercise.subtitle, dict(defaults), defaults)


def set_rows(library: Library, set_id: str) -> list[ExerciseRow]:
    exercise_set = library.sets.get(set_id)
    return [new_row(library, set_id, e.exercise.id)
            for e in (exercise_set.exercises if exercise_set else ())
            if e.exercise.id in library.exercises]


def first_set(library: Library, condition: str) -> str:
    found = library.conditions.get(condition)
    ids = [r.id for r in found.exercise_sets if r.id in library.sets] if found else []
    return ids[0] if ids else ""


def blank_form(library: Library, condition: str, today: dt.date) -> SheetForm:
    set_id = first_set(library, condition)
    return SheetForm(condition, set_id, set_rows(library, set_id), date=today.isoformat(),
                     size=library.clinic.page_size if library.clinic else "letter",
                     language=library.language)


def read_form(data, library: Library) -> SheetForm:
    """The posted form as it was typed (nothing dropped), with every problem found."""
    text = _texts(data)
    form = SheetForm(text("condition"), text("set"), [], text("patient"), text("date"),
                     text("clinician"), text("note"), text("next_appointment"),
                     text("print_size") or "standard", text("size"), text("email"),
                     text("language"))
    if form.condition not in library.conditions:
        form.errors["condition"] = "choose a condition from the list"
    words = contraindication_words(library.clinic)
    form.patient_has = [w for w in dict.fromkeys(data.getlist("patient_has"))
                        if w in words or w == NONE]
    if form.set_id and form.set_id not in library.sets:
        form.errors["set"] = "choose an exercise set from the list, or your own programme"
    seen = []
    for exercise_id in data.getlist("ex")[:MAX_EXERCISES]:
        if ID_PATTERN.fullmatch(exercise_id) and exercise_id in library.exercises \
                and exercise_id not in seen:
            seen.append(exercise_id)
    for exercise_id in seen:
        row = new_row(library, form.set_id, exercise_id)
        row.values = {key: text(f"{exercise_id}.{key}") for key, _, _ in DOSE_BOXES}
        row.note = text(f"{exercise_id}.note", multiline=True)
        row.allow = data.get(f"{exercise_id}.allow") == "yes"
        form.rows.append(row)
    return form


def check_form(form: SheetForm, library: Library, *, need_patient: bool = True,
               need_email: bool = False) -> None:
    """Fill in a message for every wrong box; a preview may go without the patient's name."""
    errors = form.errors
    if need_patient and not form.patient.strip():
        errors["patient"] = "give the patient's name"
    for name, multiline in (("patient", False), ("note", True), ("next_appointment", False)):
        problem = text_problem(getattr(form, name), multiline)
        if problem:
            errors[name] = problem
    for name in ("patient", "next_appointment", "note"):
        if len(getattr(form, name)) > MAX_TEXT:
            errors[name] = f"is longer than {MAX_TEXT} characters; shorten it"
    try:
        dt.date.fromisoformat(form.date)
    except ValueError:
        errors["date"] = "give a date like 2026-03-31"
    clinicians = [c.name for c in library.clinic.clinicians] if library.clinic else []
    if form.clinician and form.clinician not in clinicians:
        errors["clinician"] = "choose a clinician from the list"
    if form.print_size not in PRINT_SIZES:
        errors["print_size"] = "choose standard or large print"
    if form.size and form.size not in PAPER_SIZES:
        errors["size"] = "choose Letter or A4"
    if form.language and form.language not in languages(library.paths.templates):
        errors["language"] = "choose a language from the list"
    if not form.rows:
        errors["programme"] = "add at least one exercise"
    if NONE in form.patient_has and len(form.patient_has) > 1:
        errors["patient_has"] = "“None of these” cannot go with the others; untick one"
    for row in form.rows:
        _, row.errors = read_dose_fields(row.values)
        problem = text_problem(row.note, multiline=True)
        if problem:
            row.errors["note"] = problem
        for box, value in (("note", row.note), *row.values.items()):
            if len(value) > MAX_TEXT:
                row.errors[box] = f"is longer than {MAX_TEXT} characters; shorten it"
    if need_email:
        try:
            check_address(form.email, "the address")
        except MailError as failure:
            errors["email"] = str(failure)


def sheet_options(form: SheetForm, library_dir: Path, placeholder_name: str = "") -> SheetOptions:
    """The typed options `careprint sheet` takes; call only when the form is ok."""
    dosages: list[tuple[str, Dosage]] = []
    for row in form.rows:
        dosage, _ = read_dose_fields(row.values)
        if dosage is not None:
            dosages.append((row.id, dosage))
    return SheetOptions(
        form.condition, form.patient.strip() or placeholder_name, library_dir,
        set_id=form.set_id or None, date=dt.date.fromisoformat(form.date),
        clinician=form.clinician or None, note=form.note.strip() or None,
        next_appointment=form.next_appointment.strip() or None,
        exercises=tuple(row.id for row in form.rows),
        notes=tuple((row.id, row.note.strip()) for row in form.rows if row.note.strip()),
        dosages=tuple(dosages),
        look=Options(form.size or None, form.print_size, language=form.language or None),
        patient_has=tuple(form.patient_has) or None,
        allow=tuple(row.id for row in form.rows if row.allow))


def _texts(data):
    def text(name: str, multiline: bool = False) -> str:
        value = data.get(name, "")[: MAX_TEXT + 1]
        # Browsers send a textarea's line breaks as CR LF; a sheet's note keeps plain LF.
        return value.replace("\r\n", "\n") if multiline or name == "note" else value
    return text
