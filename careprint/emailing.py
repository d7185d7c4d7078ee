"""Emailing built sheets: each patient's message composed, protected, sent once, and logged."""

from __future__ import annotations

import csv
import io
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

from careprint.delivery import (
    DeliveryStopped, Outbox, PermanentFailure, SendLog, SmtpSender, SmtpSettings,
    TransientFailure,
)
from careprint.document import ClinicView
from careprint.mail import Letter, MailError, compose, encrypt_pdf, message_key, passphrase
from careprint.output import PRIVATE, write_atomic
from careprint.problems import CareprintError, Mark, Problem, error

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


def password_for(mailing: Mailing, key: str, rule: str, passwords: Passwords) -> str | None:
    if rule == "none":
        return None
    if rule == "dob":
        if mailing.dob is None:
            raise MailError("column 'dob' is empty, and the password rule is 'dob' — add the "
                            "date of birth, or use --password passphrase")
        return f"{mailing.dob:%d%m%Y}"
    return passwords.get_or_make(key, mailing)


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


class Passwords:
    """The front desk's slip (passwords.csv, 0600). A new passphrase is saved before its email
    is sent, so a crash can never leave a patient with a PDF nobody can open."""

    COLUMNS = ["row", "patient", "email", "password", "key"]

    def __init__(self, path: Path) -> None:
        self.path = path
        self.rows: list[dict[str, str]] = []
        if path.is_file():
            try:
                with path.open(encoding="utf-8-sig", newline="") as f:
                    self.rows = list(csv.DictReader(f))
            except (UnicodeDecodeError, csv.Error) as err:
                msg = (f"{path} cannot be read ({err}); it holds the passwords already "
                       "sent: save it again as CSV UTF-8, or restore it from a backup")
                raise CareprintError(msg) from err

    def get_or_make(self, key: str, mailing: Mailing) -> str:
        for row in self.rows:
            if row.get("key") == key:
                return row["password"]
        password = passphrase()
        self.rows.append({"row": str(mailing.row), "patient": mailing.patient,
                          "email": mailing.address or "", "password": password, "key": key})
        buffer = io.StringIO()
        writer = csv.DictWriter(buffer, self.COLUMNS)
        writer.writeheader()
        writer.writerows(self.rows)
        write_atomic(self.path, buffer.getvalue().encode("utf-8"), mode=PRIVATE)
        return password

    def for_key(self, key: str) -> str | None:
        return next((r["password"] for r in self.rows if r.get("key") == key), None)
