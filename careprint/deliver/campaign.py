"""Emailing built sheets: each patient's message composed, protected, sent once, and logged."""

from __future__ import annotations

import os
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

from careprint.deliver.outbox import Outbox
from careprint.deliver.passwords import Passwords, password_for
from careprint.deliver.sendlog import SendLog
from careprint.deliver.smtp import (
    DeliveryStopped, PermanentFailure, SmtpSender, SmtpSettings, TransientFailure,
    smtp_settings,
)
from careprint.document.assemble import ClinicView
from careprint.deliver.compose import Letter, MailError, compose, encrypt_pdf, message_key
from careprint.library.reader import Library
from careprint.problems import Mark, Problem, display_path, error

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
    status: str  # sent, skipped (already sent) or failed
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


def send_all(env, clinic: ClinicView, mailings: list[Mailing], rule: str, delivery: Delivery,
             log_path: Path, passwords_path: Path, origin: Path) -> Iterator[SendResult]:
    """Send each mailing not yet in the send log. A failure stops only its own row, except
    when nothing more can be sent (no connection, login refused): then the run stops."""
    log = SendLog(log_path)
    passwords = Passwords(passwords_path)
    sender = SmtpSender(delivery.smtp, delivery.retries, delivery.backoff) if delivery.smtp \
        else None
    outbox = Outbox(delivery.outbox) if delivery.outbox else None
    try:
        for mailing in mailings:
            try:
                yield _send_one(env, clinic, mailing, rule, delivery, log, passwords, sender,
                                outbox, origin)
            except DeliveryStopped as stop:
                yield SendResult(mailing.row, "stopped", error(
                    f"stopped: {stop}", None, "fix the settings, then run the same command "
                    "again: nothing is sent twice"))
                return
    finally:
        if sender is not None:
            sender.close()


def _send_one(env, clinic, mailing: Mailing, rule, delivery, log: SendLog, passwords,
              sender, outbox, origin: Path) -> SendResult:
    at = Mark(origin, mailing.row)
    if not mailing.address:
        return SendResult(mailing.row, "failed", error(
            "column 'email': is empty", at, "add the address, or leave the row out"))
    key = message_key(mailing.identity, mailing.address)
    if key in log.sent_via(delivery.via):
        return SendResult(mailing.row, "skipped")
    try:
        pdf = mailing.pdf_path.read_bytes()
        password = password_for(mailing, key, rule, passwords)
        if password:
            pdf = encrypt_pdf(pdf, password)
        message = compose(env, clinic, Letter(mailing.patient, mailing.address, pdf, rule, key))
        if sender is not None:
            sender.send(message)
        else:
            outbox.send(message, f"{mailing.row:04d}-{key[:8]}")
    except (MailError, PermanentFailure, TransientFailure) as failure:
        hint = ("run the same command again later: what was sent is not sent twice"
                if isinstance(failure, TransientFailure) else "")
        return SendResult(mailing.row, "failed", error(str(failure), at, hint))
    log.record(key, mailing.row, delivery.via)
    return SendResult(mailing.row, "sent")
