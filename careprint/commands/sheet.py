"""`careprint sheet`: one patient's exercise sheet, and optionally its email."""

from __future__ import annotations

import datetime as dt
import hashlib
import unicodedata
from dataclasses import dataclass, field
from pathlib import Path

from careprint.build.options import Options
from careprint.build.output import PRIVATE, write_atomic, write_new
from careprint.commands.opening import build_date, open_library, out_dir, unknown
from careprint.document.assemble import DocumentError, SheetRequest, clinic_view, patient_sheet
from careprint.document.contraindications import contraindication_problems, patient_conditions
from careprint.document.dose import parse_dose
from careprint.library.model import Dosage
from careprint.library.fields import refused_character
from careprint.library.reader import Library
from careprint.library.references import blocking_problems, condition_files
from careprint.problems import CareprintError, Problem, error, has_errors
from careprint.render.renderer import RenderFailed, Renderer


@dataclass(frozen=True, slots=True)
class SheetEmail:
    """Where a sheet is emailed, and what opens it (the patient's birth date or a passphrase)."""

    address: str
    dob: dt.date | None = None
    password: str | None = None  # dob, passphrase or none; default: the clinic's rule
    outbox: Path | None = None  # write an .eml file here instead of sending
    resend_uncertain: bool = False  # send it even if a stopped run may already have
    passwords: Path | None = None  # the front desk's slip; default out/sheets/passwords.csv


@dataclass(frozen=True, slots=True)
class SheetOptions:
    """What `careprint sheet` and the web page ask for: one patient's condition, exercises,
    dosage and note."""

    condition: str
    patient: str
    library: Path = Path(".")
    set_id: str | None = None
    date: dt.date | None = None  # default: today, or SOURCE_DATE_EPOCH
    clinician: str | None = None
    note: str | None = None
    next_appointment: str | None = None
    doses: tuple[str, ...] = ()  # "EXERCISE:sets=2,reps=12"
    only: tuple[str, ...] = ()
    # The patient's conditions as contraindication words (("none",): none apply); None: not
    # stated, so every contraindication of the sheet's exercises is a reminder.
    patient_has: tuple[str, ...] | None = None
    allow: tuple[str, ...] = ()  # exercises to print despite a contraindication the patient has
    output: Path | None = None  # default: out/sheets/CONDITION-DATE.pdf, never overwriting
    email: SheetEmail | None = None
    look: Options = Options()
    # The programme in this order, from any exercise (with set_id: the set's dosage and notes
    # apply to its exercises); None: the set's exercises, or those of `only`.
    exercises: tuple[str, ...] | None = None
    notes: tuple[tuple[str, str], ...] = ()  # exercise id, the clinician's note for it
    dosages: tuple[tuple[str, Dosage], ...] = ()  # dosage changes already read (a web form)


@dataclass
class SheetPdf:
    """A sheet made in memory: nothing is written, so a preview keeps no patient data."""

    problems: list[Problem] = field(default_factory=list)
    pdf: bytes | None = None  # None: the sheet cannot be made (see problems)
    pages: int = 0
    library: Library | None = None
    date: dt.date | None = None


@dataclass
class Emailed:
    """A sheet that was sent: to whom, and through which server or outbox."""

    address: str
    via: str  # the server's host, or the outbox folder
    already: bool  # sent by an earlier run: not sent again
    password: str | None  # a passphrase to tell the patient


@dataclass
class SheetResult:
    """What making a sheet gave: the problems found, and the file written, if any."""

    problems: list[Problem] = field(default_factory=list)
    path: Path | None = None  # None: nothing was written
    pages: int = 0
    emailed: Emailed | None = None
    email_failed: bool = False

    @property
    def failed(self) -> bool:
        return self.path is None or self.email_failed


def make_sheet(options: SheetOptions,
               opened: tuple[Library, list[Problem]] | None = None) -> SheetResult:
    made = sheet_pdf(options, opened)
    result = SheetResult(made.problems)
    if made.pdf is None:
        return result
    if options.output:
        result.path = write_atomic(options.output, made.pdf, mode=PRIVATE)
    else:
        result.path = write_new(out_dir(options.library, None, made.library) / "sheets",
                                f"{options.condition}-{made.date.isoformat()}", made.pdf)
    result.pages = made.pages
    if options.email:
        _email(options, made.library, result, made.pdf)
    return result


def sheet_pdf(options: SheetOptions,
              opened: tuple[Library, list[Problem]] | None = None) -> SheetPdf:
    """The sheet's PDF bytes, for `careprint sheet` and the web page alike; `opened` is the
    whole library already read (a server reads it once per change on disk)."""
    extra = options.exercises or ()
    library, problems = opened or open_library(options.library, options.condition,
                                               options.set_id, options.look.language, extra)
    problems = list(problems)
    if options.condition not in library.declared["condition"]:
        raise unknown("condition", options.condition, library.declared["condition"])
    made = SheetPdf(problems, library=library)
    files = condition_files(library, options.condition, options.set_id, extra)
    if blocking_problems(library, problems, files) or library.clinic is None:
        made.problems.append(error("no sheet written: fix the errors above first"))
        return made
    _check_options(options, library)
    patient_has = patient_conditions(library, options.patient_has)
    request = SheetRequest(
        condition=options.condition, patient=options.patient,
        date=options.date or build_date(), set_id=options.set_id,
        clinician=options.clinician, note=options.note,
        next_appointment=options.next_appointment,
        doses=tuple(parse_dose(text) for text in options.doses) + options.dosages,
        only=options.only, exercises=options.exercises, notes=options.notes)
    look = options.look
    try:
        doc = patient_sheet(library, request, page_size=look.size, print_size=look.print_size)
    except DocumentError as failure:
        raise CareprintError(str(failure)) from failure
    on_sheet = [card.id for card in doc.exercises]
    for exercise_id in options.allow:
        if exercise_id not in on_sheet:
            raise CareprintError(f"--allow: '{exercise_id}' is not one of this sheet's "
                                 "exercises — choose from: " + ", ".join(on_sheet))
    advised = contraindication_problems(library, on_sheet, patient_has, options.allow)
    made.problems += advised
    # Only these: a whole library (the web page's) may hold errors in files this sheet skips.
    if has_errors(advised):
        made.problems.append(error("no sheet written"))
        return made
    try:
        rendered = Renderer(library, look.allow_missing_glyphs).render(
            doc, f"sheet for '{options.condition}'")
    except RenderFailed as failure:
        made.problems += failure.problems + [error("no sheet written")]
        return made
    made.problems += rendered.warnings
    made.pdf, made.pages, made.date = rendered.pdf, rendered.pages, request.date
    return made


def text_problem(value: str | None, multiline: bool = False) -> str | None:
    """What stops a typed value from printing safely ("contains …; retype it"), or None."""
    if not value:
        return None
    # A note may have several lines; every other value is one line.
    if any(unicodedata.category(c) == "Cc" for c in value if not (multiline and c == "\n")):
        return "contains a control character (such as a line break or tab); retype it"
    refused = refused_character(value)
    if refused:
        fix = "retype it" if refused.hidden else "remove it, or say it in words"
        return f"contains {refused.description}; {fix}"
    return None


def _check_options(options: SheetOptions, library: Library) -> None:
    """Everything a sheet (and its email) needs from the caller, before any work."""
    if not options.patient.strip():
        raise CareprintError("--patient is empty; give the patient's name")
    if options.only and options.exercises is not None:
        raise CareprintError("give --only (some of the set's exercises) or --exercises (your "
                             "own list), not both")
    for option, value in (("--patient", options.patient), ("--note", options.note),
                          ("--clinician", options.clinician),
                          ("--email", options.email.address if options.email else None),
                          ("--next-appointment", options.next_appointment),
                          *(("--exercise-note", note) for _, note in options.notes)):
        problem = text_problem(value, multiline=option in ("--note", "--exercise-note"))
        if value and problem:
            raise CareprintError(f"{option} {problem}")
    dob = options.email.dob if options.email else None
    if dob and dob > dt.date.today():  # today's, not the build date: a real birth date
        raise CareprintError(f"--dob {dob.isoformat()} is in the future; give the patient's "
                             "date of birth as YYYY-MM-DD")
    if options.email:
        from careprint.deliver.compose import MailError, check_address, header_problem

        unsafe = header_problem(options.patient)
        if unsafe:  # the name goes into the email's To: header
            raise CareprintError(f"--patient {unsafe}; retype it")
        try:
            check_address(options.email.address, "--email")
        except MailError as failure:
            raise CareprintError(str(failure)) from None
        rule = options.email.password or library.clinic.email_password
        if rule == "dob" and options.email.dob is None:
            chosen = ("--password dob" if options.email.password
                      else "email_password in clinic.yaml")
            raise CareprintError("--dob is needed: the PDF's password is the date of birth "
                                 f"({chosen}); or choose --password passphrase")
        _delivery(options, library)  # bad settings stop here, before any work


def _delivery(options: SheetOptions, library: Library):
    from careprint.deliver.campaign import delivery_for

    return delivery_for(library, options.email.outbox,
                        out_dir(options.library) / "outbox")


def _email(options: SheetOptions, library: Library, result: SheetResult,
           pdf: bytes) -> None:
    # Email modules load only for email: ssl, smtplib and pypdf cost a cold sheet 50 ms.
    from careprint.deliver.campaign import PASSWORDS, SEND_LOG, Mailing, send_all
    from careprint.deliver.compose import message_key
    from careprint.deliver.passwords import Passwords
    from careprint.deliver.sendlog import SendLog

    email = options.email
    rule = email.password or library.clinic.email_password
    folder = out_dir(options.library)
    delivery = _delivery(options, library)
    # One sheet, one message: the PDF and the date of birth that locks it. A corrected
    # --dob is a new message. The bytes just rendered, not the file read back: the file is
    # sent only if it is still exactly these bytes.
    identity = hashlib.sha256(pdf + str(email.dob).encode()).hexdigest()
    mailing = Mailing(0, options.patient, email.address, email.dob, result.path, identity,
                      hashlib.sha256(pdf).hexdigest(), name_from="--patient",
                      labels=library.labels)
    passwords = email.passwords or folder / "sheets" / PASSWORDS
    try:
        with SendLog.for_sending(folder / SEND_LOG) as log:
            result.problems += log.problems
            sent = next(send_all(Renderer(library).env, clinic_view(library.clinic),
                                 [mailing], rule, delivery, log, passwords, Path("--email"),
                                 email.resend_uncertain))
    except CareprintError as failure:  # the sheet is written: say so, and why no email
        result.problems.append(error(f"not emailed: {failure}"))
        result.email_failed = True
        return
    if sent.problem:
        result.problems.append(sent.problem)
        result.email_failed = True
        return
    password = (Passwords(passwords).for_key(message_key(identity, email.address))
                if rule == "passphrase" else None)
    result.emailed = Emailed(email.address, delivery.where, sent.status != "sent", password)
