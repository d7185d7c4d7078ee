"""Header values: nothing that a mail program could turn into another header line."""

import base64

import pytest

from careprint.deliver.compose import Letter, MailError, check_header, compose, encrypt_pdf
from careprint.document.assemble import ClinicView
from careprint.render.templates import environment
from conftest import REPO

CLINIC = ClinicView(name="C", address="A", phone="1", email="c@example.org", website=None,
                    logo=None, primary="#000000", accent="#FFFFFF", footer=None)
LETTER = Letter("Ann", "ann@example.org", b"%PDF", "none", "k")


@pytest.mark.parametrize("value", [
    "=?utf-8?q?Ann=0D=0ABcc:_evil@example.org?=",
    "Ann =?UTF-8?Q?=0A?= Smith",
    "=?utf-8?b?" + base64.b64encode(b"Ann\r\nReply-To: e@example.org").decode() + "?=",
    "=?iso-8859-1?B?QW5u?=",
    "Ann\u202eSmith",  # Cf: right-to-left override
    "Ann\u200bSmith",  # Cf: zero-width space
    "Ann\u2028Smith",  # Zl
    "Ann\u2029Smith",  # Zp
    "Ann\x85Smith",  # Cc: next line
    "Ann\rBcc: e@example.org",
])
def test_unsafe_header_values_are_refused(value):
    with pytest.raises(MailError):
        check_header(value, "the patient's name")


@pytest.mark.parametrize("value", ["Łukasz Żółć", "Ana O'Brien", "José = Pepe?", "Why?=no",
                                   "李小龙", "Zoë-Anne d'Arcy"])
def test_ordinary_names_pass(value):
    assert check_header(value, "the patient's name") == value


def test_the_clinic_name_and_the_subject_are_checked_too(tmp_path):
    env = environment(REPO / "templates")
    bad_clinic = ClinicView(**{**{f: getattr(CLINIC, f) for f in CLINIC.__dataclass_fields__},
                               "name": "=?utf-8?q?C=0ABcc:_e@example.org?="})
    with pytest.raises(MailError, match="the clinic's name"):
        compose(env, bad_clinic, LETTER)
    (tmp_path / "email.subject.j2").write_text("Hi =?utf-8?b?"
                                               + base64.b64encode(b"\r\nBcc: e@x.org").decode()
                                               + "?=")
    with pytest.raises(MailError, match="subject"):
        compose(environment(tmp_path), CLINIC, LETTER)


def test_a_damaged_pdf_is_a_mail_error_not_a_crash(capfd):
    with pytest.raises(MailError, match="cannot be read as a PDF"):
        encrypt_pdf(b"garbage", "secret")
    assert capfd.readouterr().err == ""  # pypdf's own log lines stay out of the output
