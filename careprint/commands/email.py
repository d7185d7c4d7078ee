"""`careprint email`: each patient's sheet to their address, once; resumable after any failure."""

from __future__ import annotations

import math
import time
from dataclasses import dataclass, field
from pathlib import Path

from careprint.build.options import Options
from careprint.build.pool import default_workers
from careprint.commands.batch import BatchOptions, BatchResult, batch_dir, build_batch
from careprint.commands.opening import (
    ProgressReport, build_date, no_progress, open_library, out_dir,
)
from careprint.deliver.campaign import (
    PASSWORDS, SEND_LOG, Delivery, Mailing, delivery_for, send_all,
)
from careprint.deliver.compose import ATTACHMENT_NAME, header_problem, message_key
from careprint.deliver.sendlog import SendLog
from careprint.document.assemble import clinic_view
from careprint.document.patients import read_patients
from careprint.library.labels import Labels, load_labels
from careprint.problems import CareprintError, Problem, sort_key
from careprint.render.templates import environment


@dataclass(frozen=True, slots=True)
class EmailOptions:
    csv: Path
    library: Path = Path(".")
    out: Path | None = None  # the sheets and passwords.csv; default out/batch/CSV-NAME/
    outbox: Path | None = None  # .eml files instead of sending
    dry_run: bool = False
    password: str | None = None  # dob, passphrase or none; default: the clinic's rule
    jobs: int = field(default_factory=default_workers)
    name_files: bool = False
    force: bool = False  # rebuild sheets; never resends
    retries: int = 3
    backoff: float = 1.0
    look: Options = Options()
    resend_uncertain: bool = False  # send rows a stopped run may already have sent


@dataclass
class EmailResult:
    where: str  # "to HOST" or "as .eml files in FOLDER"
    rule: str
    problems: list[Problem] = field(default_factory=list)
    batch: BatchResult | None = None
    sent: int = 0
    skipped: int = 0
    failed: int = 0  # includes rows that may already have been sent: the clinic must look
    seconds: float = 0.0
    passwords: Path | None = None  # the front desk's slip, when passphrases were made
    plan: list[str] = field(default_factory=list)  # dry run: one line per row
    stopped: str = ""


def email(options: EmailOptions, progress: ProgressReport = no_progress) -> EmailResult:
    if options.retries < 0:
        raise CareprintError(f"--retries is {options.retries} — give 0 or more")
    if not 0 <= options.backoff < math.inf:  # also refuses NaN
        raise CareprintError(f"--backoff is {options.backoff} — give 0 or more seconds")
    library, problems = open_library(options.library, language=options.look.language)
    if library.clinic is None:
        return EmailResult("", "", problems, stopped="nothing built: fix clinic.yaml first")
    rule = options.password or library.clinic.email_password
    delivery = delivery_for(library, options.outbox, batch_dir(_batch(options)) / "outbox",
                            options.retries, options.backoff)  # bad settings stop here
    where = (f"to {delivery.smtp.host}" if delivery.smtp
             else f"as .eml files in {delivery.where}")
    result = EmailResult(where, rule, problems)
    if options.dry_run:
        return _dry_run(options, library, delivery, result)
    started = time.perf_counter()
    # Locked and checked writable before anything is built: a second run stops here.
    with SendLog.for_sending(out_dir(options.library) / SEND_LOG) as log:
        result.problems += log.problems
        _build_and_send(options, library, rule, delivery, log, result, progress)
    if rule == "passphrase" and result.batch and (result.batch.out_dir / PASSWORDS).is_file():
        result.passwords = result.batch.out_dir / PASSWORDS
    result.seconds = time.perf_counter() - started
    return result


def _build_and_send(options: EmailOptions, library, rule: str, delivery: Delivery,
                    log: SendLog, result: EmailResult, progress: ProgressReport) -> None:
    run = build_batch(_batch(options), library, BatchResult(batch_dir(_batch(options)),
                                                            problems=[]))
    result.batch, result.problems = run, result.problems + run.problems
    words: dict[str, Labels] = {}

    def labels(language: str | None) -> Labels:  # the email in the language of its sheet
        language = language or library.language
        if language not in words:
            words[language] = load_labels(library.paths.templates, language)[0]
        return words[language]

    mailings = [Mailing(o.row.row, o.row.request.patient, o.row.email, o.row.dob,
                        run.out_dir / o.file, o.row.identity, o.sha256,
                        labels=labels(o.row.language))
                for o in run.outcomes if not o.failed]
    env = environment(library.paths.templates)
    sent = send_all(env, clinic_view(library.clinic), mailings, rule, delivery, log,
                    run.out_dir / PASSWORDS, options.csv, options.resend_uncertain)
    for done, outcome in enumerate(sent, start=1):
        progress(done, len(mailings), f"row {outcome.row}")
        if outcome.status == "sent":
            result.sent += 1
        elif outcome.status == "skipped":
            result.skipped += 1
        if outcome.problem:
            result.problems.append(outcome.problem)
    # Rows that failed to send or may already have been sent, and rows never tried after
    # the run stopped.
    result.failed = run.failed + len(mailings) - result.sent - result.skipped


def _batch(options: EmailOptions) -> BatchOptions:
    return BatchOptions(options.csv, options.library, options.out, options.jobs,
                        options.name_files, options.force, options.look)


def _dry_run(options: EmailOptions, library, delivery: Delivery,
             result: EmailResult) -> EmailResult:
    rows, rejected = read_patients(options.csv, library, build_date())
    result.problems += sorted([q for r in rejected for q in r.problems], key=sort_key)
    where = (f"{delivery.smtp.security}://{delivery.smtp.host}:{delivery.smtp.port}"
             if delivery.smtp else f"outbox {delivery.where}")
    protection = {"dob": "password: date of birth (DDMMYYYY)", "none": "no password",
                  "passphrase": "password: a passphrase for the front desk"}[result.rule]
    log = SendLog(out_dir(options.library) / SEND_LOG)
    result.problems += log.problems
    sent, uncertain = log.sent_via(delivery.via), log.uncertain_via(delivery.via)
    result.plan.append(f"dry run: nothing is built or sent; would send via {where}")
    result.failed = len(rejected)
    for row in rows:
        who = f"row {row.row}: {row.request.patient}"
        unsafe = header_problem(row.request.patient)
        if unsafe:  # and the name is not printed: it may hold anything
            result.failed += 1
            result.plan.append(f"row {row.row}: column 'patient' {unsafe} — would fail")
        elif not row.email or (result.rule == "dob" and row.dob is None):
            result.failed += 1
            result.plan.append(f"{who}: no {'email address' if not row.email else 'dob'} — "
                               "would fail")
        elif message_key(row.identity, row.email) in sent:
            result.skipped += 1
            result.plan.append(f"{who} <{row.email}>: already sent — would skip")
        elif message_key(row.identity, row.email) in uncertain and not options.resend_uncertain:
            result.failed += 1
            result.plan.append(f"{who} <{row.email}>: may already have been sent when a run "
                               "was interrupted — would not send without --resend-uncertain")
        else:
            result.plan.append(f"{who} <{row.email}>: {ATTACHMENT_NAME} "
                               f"({row.request.condition}), {protection}")
    return result
