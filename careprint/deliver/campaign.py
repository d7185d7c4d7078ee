"""Emailing built sheets: each patient's message composed, protected, sent once, and logged."""

from __future__ import annotations

import hashlib
import os
from collections.abc import Iterator
from dataclasses import dataclass
from email.message import EmailMessage
from pathlib import Path

from careprint.deliver.outbox import Outbox
from careprint.deliver.passwords import Passwords, password_for
from careprint.deliver.sendlog import FAILED, SENDING, SENT, SendLog, SendLogError
from careprint.deliver.smtp import (
    DeliveryStopped, PermanentFailure, SmtpSender, SmtpSettings, TransientFailure,
    smtp_settings,
)
from careprint.document.assemble import ClinicView
from careprint.deliver.compose import (
    DamagedPdf, Letter, MailError, check_sender, compose, encrypt_pdf, header_problem,
    message_key,
)
from careprint.library.reader import Library
from careprint.problems import CareprintError, Mark, Problem, display_path, error

PASSWORDS = "passwords.csv"
SEND_LOG = "send-log.jsonl"  # one per library's out/ folder: any CSV, any -o, sent once


@dataclass(frozen=True, slots=True)
class Delivery:
    """Where messages go: an SMTP server, or .eml files in a folder."""

    smtp: SmtpSettings | None
    outbox: Path | None
    retries: int = 3
    backoff: float = 1.0

    @property
    def via(self) -> str:
        return "smtp" if self.smtp else "outbox"

    @property
    def where(self) -> str:
        return self.smtp.host if self.smtp else display_path(self.outbox)


def delivery_for(library: Library, outbox: Path | None, default_outbox: Path,
                 retries: int = 3, backoff: float = 1.0) -> Delivery:
    """The server named in the environment or clinic.yaml, else .eml files in an outbox;
    `outbox` forces the outbox."""
    smtp = None if outbox else smtp_settings(os.environ, library.clinic.smtp)
    return Delivery(smtp, outbox or (None if smtp else default_outbox), retries, backoff)


@dataclass
class SendResult:
    row: int
    status: str  # sent, skipped (already sent), uncertain, failed or stopped
    problem: Problem | None = None


@dataclass(frozen=True, slots=True)
class Mailing:
    row: int
    patient: str
    address: str | None
    dob: object  # datetime.date | None
    pdf_path: Path
    identity: str  # what makes this message the same in a later run (see message_key)
    sha256: str = ""  # the PDF careprint built; anything else on disk is not sent
    name_from: str = "column 'patient'"  # where the patient's name came from, for messages
    labels: object = None  # Labels: the email's words in the sheet's language


@dataclass(frozen=True, slots=True)
class _Run:
    """What every message of one run shares."""

    env: object  # jinja2.Environment
    clinic: ClinicView
    rule: str
    via: str
    log: SendLog
    passwords: Passwords
    origin: Path
    resend_uncertain: bool


def send_all(env, clinic: ClinicView, mailings: list[Mailing], rule: str, delivery: Delivery,
             log: SendLog, passwords_path: Path, origin: Path,
             resend_uncertain: bool = False) -> Iterator[SendResult]:
    """Send each mailing not yet in the send log (opened with SendLog.for_sending). A failure
    stops only its own row, except when nothing more can be sent (no connection, login
    refused, a send log that cannot be written): then the run stops."""
    if not mailings:
        return
    try:
        check_sender(clinic)
    except MailError as failure:
        yield SendResult(mailings[0].row, "stopped", error(
            f"stopped: {failure}", None, "fix clinic.yaml, then run the same command again"))
        return
    run = _Run(env, clinic, rule, delivery.via, log, Passwords(passwords_path), origin,
               resend_uncertain)
    sender = SmtpSender(delivery.smtp, delivery.retries, delivery.backoff) if delivery.smtp \
        else None
    outbox = Outbox(delivery.outbox) if delivery.outbox else None
    try:
        for mailing in mailings:
            try:
                yield _send_one(run, mailing, sender, outbox)
            except DeliveryStopped as stop:
                yield SendResult(mailing.row, "stopped", error(
                    f"stopped: {stop}", None, "fix the settings, then run the same command "
                    "again: nothing is sent twice"))
                return
            except SendLogError as stop:
                yield SendResult(mailing.row, "stopped", error(
                    f"stopped: {stop}", None, "free the disk or fix the file, then run the "
                    "same command again: a message the log could not mark as sent is not "
                    "sent again without --resend-uncertain"))
                return
    finally:
        if sender is not None:
            sender.close()


def _send_one(run: _Run, mailing: Mailing, sender: SmtpSender | None,
              outbox: Outbox | None) -> SendResult:
    at = Mark(run.origin, mailing.row)
    refused = _refusal(mailing, at)
    if refused is not None:
        return SendResult(mailing.row, "failed", refused)
    key = message_key(mailing.identity, mailing.address)
    if key in run.log.sent_via(run.via):
        return SendResult(mailing.row, "skipped")
    if key in run.log.uncertain_via(run.via) and not run.resend_uncertain:
        return SendResult(mailing.row, "uncertain", error(
            "may already have been sent when a run was interrupted; not sent again", at,
            "ask the patient whether it arrived; to send it anyway, run the same command "
            "with --resend-uncertain"))
    try:
        message = _message(run, mailing, key)
    except MailError as failure:
        return SendResult(mailing.row, "failed", error(str(failure), at, failure.hint))
    # In flight from here: a run stopped before "sent" or "failed" leaves the key uncertain.
    run.log.record(key, mailing.row, run.via, SENDING)
    try:
        if sender is not None:
            sender.send(message)
        else:
            outbox.send(message, f"{mailing.row:04d}-{key[:8]}")
    except (PermanentFailure, TransientFailure) as failure:
        run.log.record(key, mailing.row, run.via, FAILED)
        hint = ("run the same command again later: what was sent is not sent twice"
                if isinstance(failure, TransientFailure) else "")
        return SendResult(mailing.row, "failed", error(str(failure), at, hint))
    except (DeliveryStopped, CareprintError):  # refused before the message left
        run.log.record(key, mailing.row, run.via, FAILED)
        raise
    run.log.record(key, mailing.row, run.via, SENT)
    return SendResult(mailing.row, "sent")


def _refusal(mailing: Mailing, at: Mark) -> Problem | None:
    """What is wrong with the row itself, before anything is read or sent."""
    if not mailing.address:
        return error("column 'email': is empty", at, "add the address, or leave the row out")
    unsafe = header_problem(mailing.patient)
    if unsafe:
        return error(f"{mailing.name_from}: {unsafe}", at,
                     "retype the name without it, then run the same command again")
    return None


def _message(run: _Run, mailing: Mailing, key: str) -> EmailMessage:
    pdf = _built_pdf(mailing)
    password = password_for(mailing, key, run.rule, run.passwords)
    if password:
        try:
            pdf = encrypt_pdf(pdf, password)
        except DamagedPdf as failure:
            raise MailError(f"the sheet {display_path(mailing.pdf_path)} {failure}",
                            "run the same command with --force to rebuild it") from failure
    return compose(run.env, run.clinic, Letter(mailing.patient, mailing.address, pdf,
                                               run.rule, key, mailing.labels))


def _built_pdf(mailing: Mailing) -> bytes:
    """The very bytes careprint built: a file changed since is never attached."""
    where = display_path(mailing.pdf_path)
    try:
        pdf = mailing.pdf_path.read_bytes()
    except OSError as err:
        raise MailError(f"cannot read the sheet {where} ({err.strerror}); not sent",
                        "run the same command again to rebuild it") from err
    if not mailing.sha256 or hashlib.sha256(pdf).hexdigest() != mailing.sha256:
        raise MailError(f"the sheet {where} changed on disk after careprint built it; not sent",
                        "run the same command again to rebuild it")
    return pdf
