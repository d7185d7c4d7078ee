"""Emailing built sheets: each patient's message composed, protected, sent once, and logged."""

from __future__ import annotations

import csv
import io
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

from careprint.delivery import (
    Outbox, PermanentFailure, SendLog, SmtpSender, SmtpSettings, TransientFailure,
)
from careprint.document import ClinicView
from careprint.mail import Letter, MailError, compose, encrypt_pdf, message_key, passphrase
from careprint.output import PRIVATE, write_atomic
from careprint.problems import Mark, Problem, error

PASSWORDS = "passwords.csv"
SEND_LOG = "send-log.jsonl"


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
    fingerprint: str


def password_for(mailing: Mailing, rule: str, passwords: dict[str, str]) -> str | None:
    if rule == "none":
        return None
    if rule == "dob":
        if mailing.dob is None:
            raise MailError("column 'dob' is empty, and the password rule is 'dob' — add the "
                            "date of birth, or use --password passphrase")
        return f"{mailing.dob:%d%m%Y}"
    slot = f"{mailing.row}|{mailing.patient}"
    return passwords.setdefault(slot, passphrase())


def send_all(env, clinic: ClinicView, mailings: list[Mailing], rule: str, delivery: Delivery,
             folder: Path, csv_path: Path) -> Iterator[SendResult]:
    """Send each mailing not yet in the send log; a failure stops only its own row."""
    log = SendLog(folder / SEND_LOG)
    passwords = read_passwords(folder / PASSWORDS)
    sender = SmtpSender(delivery.smtp, delivery.retries, delivery.backoff) if delivery.smtp \
        else None
    outbox = Outbox(delivery.outbox) if delivery.outbox else None
    try:
        for mailing in mailings:
            yield _send_one(env, clinic, mailing, rule, delivery, log, passwords, sender,
                            outbox, csv_path)
    finally:
        if sender is not None:
            sender.close()
        if passwords:
            write_passwords(folder / PASSWORDS, passwords)


def _send_one(env, clinic, mailing: Mailing, rule, delivery, log: SendLog, passwords,
              sender, outbox, csv_path: Path) -> SendResult:
    at = Mark(csv_path, mailing.row)
    if not mailing.address:
        return SendResult(mailing.row, "failed", error(
            "column 'email': is empty", at, "add the address, or leave the row out"))
    key = message_key(mailing.row, mailing.address, f"{mailing.fingerprint}|{rule}")
    if key in log.sent_via(delivery.via):
        return SendResult(mailing.row, "skipped")
    try:
        pdf = mailing.pdf_path.read_bytes()
        password = password_for(mailing, rule, passwords)
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


def read_passwords(path: Path) -> dict[str, str]:
    if not path.is_file():
        return {}
    with path.open(encoding="utf-8", newline="") as f:
        return {f"{r['row']}|{r['patient']}": r["password"] for r in csv.DictReader(f)}


def write_passwords(path: Path, passwords: dict[str, str]) -> None:
    """The front desk's slip: passwords never travel with the email."""
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    writer.writerow(["row", "patient", "password"])
    for slot, password in sorted(passwords.items(), key=lambda kv: int(kv[0].split("|")[0])):
        row, patient = slot.split("|", 1)
        writer.writerow([row, patient, password])
    write_atomic(path, buffer.getvalue().encode("utf-8"), mode=PRIVATE)
