"""Composing a patient's email: checked headers, templated text, an optionally encrypted PDF.

Minimum necessary: the templates get the patient's name and the clinic's details, never the
condition or date of birth, so no subject line or file name can carry a diagnosis. Every header
value is checked here before the email package sees it: no line breaks, control or invisible
formatting characters, and no RFC 2047 encoded words (`=?utf-8?q?…?=`), which Python 3.11
before 3.11.10 decodes and then writes out with their CR/LF, as new header lines such as
Bcc: (CVE-2024-6923).
"""

from __future__ import annotations

import hashlib
import io
import logging
import re
import secrets
import unicodedata
from dataclasses import dataclass
from email.headerregistry import Address
from email.message import EmailMessage
from email.policy import SMTP
from email.utils import formatdate

import jinja2
from pypdf import PdfReader, PdfWriter

from careprint.document.assemble import ClinicView
from careprint.library.fields import EMAIL
from careprint.library.labels import Labels, english_labels
from careprint.render.templates import TemplateProblem, render_markup

ATTACHMENT_NAME = "exercise-plan.pdf"
_PASSPHRASE_ALPHABET = "abcdefghjkmnpqrstuvwxyz23456789"  # no 0/o, 1/l/i to misread
# Anything a mail program could read as an encoded word; a real name never holds "=?…?=".
_ENCODED_WORD = re.compile(r"=\?.*?\?=", re.DOTALL)
_LINE_BREAKS = ("Cc", "Zl", "Zp")  # control characters, line and paragraph separators

# pypdf logs what it finds wrong in a damaged PDF; the row's one-line error says it instead.
logging.getLogger("pypdf").addHandler(logging.NullHandler())


class MailError(Exception):
    """A message that must not be sent as asked (an unsafe header, a missing address)."""

    def __init__(self, message: str, hint: str = "") -> None:
        super().__init__(message)
        self.hint = hint


class DamagedPdf(MailError):
    """The sheet to attach is not a PDF that can be read (and so protected)."""


def header_problem(value: str) -> str | None:
    """Why `value` must not reach a mail header, or None when it may."""
    for char in value:
        category = unicodedata.category(char)
        if category in _LINE_BREAKS:
            return f"contains a line break or control character ({char!r})"
        if category == "Cf":
            return f"contains an invisible formatting character (U+{ord(char):04X})"
    if _ENCODED_WORD.search(value):
        return ("contains an encoded word (=?…?=), which mail programs turn into other "
                "header lines")
    return None


def check_header(value: str, what: str) -> str:
    problem = header_problem(value)
    if problem:
        raise MailError(f"{what} {problem}; remove it")
    return value


def check_address(address: str, what: str) -> str:
    check_header(address, what)
    if not EMAIL.fullmatch(address):
        raise MailError(f"{what} '{address}' is not a plain email address like "
                        "name@example.org")
    return address


def check_sender(clinic: ClinicView) -> str:
    """The sender, the same in every message: checked once, before anything is sent."""
    if not clinic.email:
        raise MailError("clinic.yaml has no 'email': it is the sender of every message")
    problem = header_problem(clinic.name)
    if problem:
        raise MailError(f"the clinic's name ('name' in clinic.yaml) {problem}")
    return check_address(clinic.email, "the clinic's email ('email' in clinic.yaml)")


def passphrase() -> str:
    """Twelve random characters in three groups, easy to read out at the front desk."""
    return "-".join("".join(secrets.choice(_PASSPHRASE_ALPHABET) for _ in range(4))
                    for _ in range(3))


def encrypt_pdf(pdf: bytes, password: str) -> bytes:
    """AES-256, so the sheet opens only with the password given outside the email."""
    try:
        writer = PdfWriter(clone_from=PdfReader(io.BytesIO(pdf)))
        writer.encrypt(user_password=password, owner_password=secrets.token_urlsafe(24),
                       algorithm="AES-256")
        buffer = io.BytesIO()
        writer.write(buffer)
    except Exception as err:  # pypdf fails on a damaged file in many ways, none a bug here
        raise DamagedPdf(f"cannot be read as a PDF ({type(err).__name__}: {err})") from err
    return buffer.getvalue()


@dataclass(frozen=True, slots=True)
class Letter:
    """What one email says, before it becomes a message."""

    to_name: str
    to_address: str
    pdf: bytes
    password_rule: str  # dob, passphrase or none
    key: str  # unique per row, address and sheet: the send log's key and the Message-ID
    labels: Labels | None = None  # the words, in the sheet's language (default: English)


def compose(env: jinja2.Environment, clinic: ClinicView, letter: Letter) -> EmailMessage:
    sender = check_sender(clinic)
    recipient = check_address(letter.to_address, "the patient's email")
    name = check_header(letter.to_name, "the patient's name")
    context = {"patient": name, "clinic": clinic, "password_rule": letter.password_rule,
               "words": email_words(letter.labels or english_labels(), name, clinic),
               "language": (letter.labels or english_labels()).language}
    try:
        subject = render_markup(env, "email.subject.j2", **context).strip()
        text = render_markup(env, "email.txt.j2", **context)
        html = render_markup(env, "email.html.j2", **context)
    except TemplateProblem as err:
        raise MailError(str(err.problem)) from err
    message = EmailMessage(policy=SMTP)
    try:
        message["From"] = Address(clinic.name, addr_spec=sender)
        message["To"] = Address(name, addr_spec=recipient)
    except (ValueError, TypeError) as err:  # the email package's own objections
        raise MailError(f"the address cannot be used: {err}") from err
    message["Subject"] = check_header(subject, "the subject (templates/email.subject.j2)")
    message["Date"] = formatdate()
    message["Message-ID"] = f"<{letter.key}@{sender.rpartition('@')[2]}>"
    message.set_content(text)
    message.add_alternative(html, subtype="html")
    message.add_attachment(letter.pdf, maintype="application", subtype="pdf",
                           filename=ATTACHMENT_NAME)
    return message


def email_words(labels: Labels, patient: str, clinic: ClinicView) -> dict[str, str]:
    """The email's sentences in the sheet's language, with the names filled in; the
    templates escape them (HTML) or print them as they are (text, subject)."""
    values = {"patient": patient, "clinic": clinic.name, "phone": clinic.phone}
    names = ("subject", "greeting", "attached", "password_dob", "password_passphrase",
             "questions", "regards", "only_for")
    return {name: labels.text(f"email_{name}", **values) for name in names}


def message_key(identity: str, address: str) -> str:
    """The same request to the same address is the same message, in any later run: a new
    date, a renamed CSV or another password rule never sends it twice."""
    text = f"{identity}\x1e{address.lower()}"
    return hashlib.sha256(text.encode()).hexdigest()[:32]
