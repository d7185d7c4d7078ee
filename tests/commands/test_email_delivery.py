"""`careprint email` hardening (issue #9): headers, sent exactly once, the built bytes only,
passwords. Runs against the real local SMTP server of tests/test_email.py, and the outbox."""

import base64
import email
import hashlib
import io
import json
import subprocess
import sys
from email import policy

import pytest
from pypdf import PdfReader

from conftest import REPO, write
from test_email import (  # noqa: F401  (fixtures used by name)
    HEADER, ROWS, attachment, no_smtp_from_the_machine, patients, smtp,
)

Q_FORM = "=?utf-8?q?Ann=0D=0ABcc:_evil@example.org?="
B_FORM = "=?utf-8?b?" + base64.b64encode(b"Ann\r\nReply-To: evil@example.org").decode() + "?="
ENCODED_WORD_LINE = ("p.csv:2: error: column 'patient': contains an encoded word (=?…?=), "
                     "which mail programs turn into other header lines — retype the name "
                     "without it, then run the same command again")


def received(smtp, mini, transport) -> list[bytes]:
    if transport == "smtp":
        return [raw for _, raw in smtp.received]
    return [p.read_bytes() for p in sorted((mini / "out/batch/p/outbox").glob("*.eml"))]


def assert_no_injected_header(raw: bytes) -> None:
    message = email.message_from_bytes(raw, policy=policy.default)
    assert message.get_all("Bcc") is None and message.get_all("Reply-To") is None
    assert len(message.get_all("To")) == 1
    # Everything a reader or a mail program reads: every header and every text part. Not the
    # raw bytes: the encrypted PDF, in base64, holds 'evil' in about one message in 300.
    for part in message.walk():
        assert not any("evil" in str(value) for value in part.values())
        if part.get_content_maintype() == "text":
            assert "evil" not in part.get_content()


# 1. Header injection through RFC 2047 encoded words (CVE-2024-6923) -------------------------

@pytest.mark.parametrize("transport", ["smtp", "outbox"])
@pytest.mark.parametrize("name", [Q_FORM, B_FORM], ids=["q-form", "b-form"])
def test_an_encoded_word_in_a_name_fails_its_row_and_injects_nothing(
        name, transport, request, patients, mini, run_cli):
    smtp = request.getfixturevalue("smtp") if transport == "smtp" else None
    write(mini, "p.csv", HEADER + f"{name},sciatica,ann@example.org,1980-01-01\n" + ROWS)
    dry = run_cli("email", "p.csv", "--dry-run")
    assert dry.status == 1 and dry.out.splitlines()[1] == (
        "row 2: column 'patient' contains an encoded word (=?…?=), which mail programs turn "
        "into other header lines — would fail")
    result = run_cli("email", "p.csv", "--backoff", "0")
    assert result.status == 1
    assert [line for line in result.err_lines if line.startswith("p.csv:")] == [
        ENCODED_WORD_LINE]
    messages = received(smtp, mini, transport)
    assert len(messages) == 3
    for raw in messages:
        assert_no_injected_header(raw)
    if smtp is not None:
        assert all(rcpts == [addr] for (rcpts, _), addr in zip(
            smtp.received, ["lukasz@example.org", "ana@example.org", "bo@example.org"]))


def test_an_invisible_formatting_character_in_a_name_fails_its_row(smtp, patients, mini,
                                                                   run_cli):
    # U+202E is refused as the CSV is read; the header check catches every other format
    # character (here U+2063 INVISIBLE SEPARATOR) before any header is written.
    write(mini, "p.csv", HEADER + "Ann\u202eSmith,sciatica,ann@example.org,1980-01-01\n"
                                  "Bo\u2063Lee,sciatica,bo@example.org,1980-01-01\n")
    result = run_cli("email", "p.csv", "--backoff", "0")
    assert result.status == 1 and smtp.messages == []
    assert ("p.csv:2: error: column 'patient': contains the direction-changing character "
            "U+202E RIGHT-TO-LEFT OVERRIDE — retype the cell") in result.err_lines
    assert ("p.csv:3: error: column 'patient': contains an invisible formatting character "
            "(U+2063) — retype the name without it, then run the same command again"
            ) in result.err_lines


def test_an_encoded_word_in_the_clinic_name_stops_the_run(smtp, patients, mini, run_cli):
    clinic = mini / "handouts/clinic.yaml"
    clinic.write_text(clinic.read_text().replace("name: Test Clinic", f"name: '{Q_FORM}'"))
    result = run_cli("email", "p.csv", "--backoff", "0")
    assert result.status == 1 and smtp.messages == []
    assert ("careprint: error: stopped: the clinic's name ('name' in clinic.yaml) contains an "
            "encoded word (=?…?=), which mail programs turn into other header lines — fix "
            "clinic.yaml, then run the same command again") in result.err_lines


def test_an_encoded_word_in_a_sheet_patient_is_refused_before_anything_is_written(
        smtp, mini, run_cli):
    clinic = mini / "handouts/clinic.yaml"
    clinic.write_text(clinic.read_text() + "email: desk@test-clinic.example\n")
    result = run_cli("sheet", "sciatica", "--patient", B_FORM, "--email", "ann@example.org",
                     "-o", "s.pdf")
    assert (result.status, result.err) == (
        1, "careprint: error: --patient contains an encoded word (=?…?=), which mail "
           "programs turn into other header lines; retype it\n")
    assert not (mini / "s.pdf").exists() and smtp.messages == []


# 2. Sent exactly once ----------------------------------------------------------------------

def test_a_second_run_at_the_same_time_stops_at_once(smtp, patients, mini, run_cli):
    holder = subprocess.Popen(
        [sys.executable, "-c",
         "import sys; from pathlib import Path; from careprint.deliver.sendlog import SendLog\n"
         "with SendLog.for_sending(Path('out/send-log.jsonl')):\n"
         "    print('held', flush=True); sys.stdin.read()"],
        cwd=mini, stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True)
    try:
        assert holder.stdout.readline() == "held\n"
        result = run_cli("email", "p.csv", "--backoff", "0")
    finally:
        holder.communicate("")
    assert (result.status, result.err) == (
        1, "careprint: error: another careprint email run is sending from this library; "
           "wait for it to finish\n")
    assert smtp.messages == [] and not (mini / "out/batch").exists()
    assert run_cli("email", "p.csv", "--backoff", "0").status == 0  # the lock is gone
    assert len(smtp.messages) == 3


def test_a_send_log_that_cannot_be_written_stops_before_the_first_send(smtp, patients, mini,
                                                                       run_cli):
    (mini / "out/send-log.jsonl").mkdir(parents=True)
    result = run_cli("email", "p.csv", "--backoff", "0")
    assert (result.status, result.err) == (
        1, "careprint: error: cannot write the send log out/send-log.jsonl (Is a directory); "
           "nothing was sent — it records each message so that none is sent twice: make it "
           "a file careprint can write, then run again\n")
    assert smtp.messages == []


def _interrupt_after_the_server_accepts(monkeypatch, nth: int):
    from careprint.deliver.smtp import SmtpSender

    real, calls = SmtpSender.send, []

    def send(self, message):
        real(self, message)
        calls.append(message)
        if len(calls) == nth:
            raise KeyboardInterrupt  # the power went before the log said "sent"

    monkeypatch.setattr(SmtpSender, "send", send)
    return lambda: monkeypatch.setattr(SmtpSender, "send", real)


UNCERTAIN_LINE = ("p.csv:3: error: may already have been sent when a run was interrupted; "
                  "not sent again — ask the patient whether it arrived; to send it anyway, run "
                  "the same command with --resend-uncertain")


def test_a_message_in_flight_when_a_run_stopped_is_not_sent_again_unasked(
        smtp, patients, mini, run_cli, monkeypatch):
    restore = _interrupt_after_the_server_accepts(monkeypatch, 2)
    assert run_cli("email", "p.csv", "--backoff", "0").status == 130
    restore()
    assert smtp.to() == ["lukasz@example.org", "ana@example.org"]
    again = run_cli("email", "p.csv", "--backoff", "0")
    assert again.status == 1
    assert UNCERTAIN_LINE in again.err_lines
    assert again.err_lines[-1].startswith("careprint: sent 1 to 127.0.0.1, skipped 1 "
                                          "(already sent), failed 1")
    assert smtp.to() == ["lukasz@example.org", "ana@example.org", "bo@example.org"]
    dry = run_cli("email", "p.csv", "--dry-run")
    assert dry.status == 1 and dry.out.splitlines()[2] == (
        "row 3: Ana O'Brien <ana@example.org>: may already have been sent when a run was "
        "interrupted — would not send without --resend-uncertain")
    resent = run_cli("email", "p.csv", "--backoff", "0", "--resend-uncertain")
    assert resent.status == 0, resent.err
    assert smtp.to()[-1] == "ana@example.org" and len(smtp.messages) == 4
    assert run_cli("email", "p.csv", "--backoff", "0").status == 0  # now recorded as sent
    assert len(smtp.messages) == 4


def test_the_log_says_sending_before_the_server_has_the_message(smtp, patients, mini, run_cli,
                                                                 monkeypatch):
    from careprint.deliver.smtp import SmtpSender

    seen = []
    monkeypatch.setattr(SmtpSender, "send", lambda self, message: seen.append(
        (mini / "out/send-log.jsonl").read_text().splitlines()))
    run_cli("email", "p.csv", "--backoff", "0")
    first = [json.loads(line) for line in seen[0]]
    assert [r["status"] for r in first] == ["sending"] and first[0]["row"] == 2
    records = [json.loads(line) for line in (mini / "out/send-log.jsonl").read_text()
               .splitlines()]
    assert [r["status"] for r in records] == ["sending", "sent"] * 3
    assert all(set(r) == {"key", "row", "status", "via", "at"} for r in records)


def test_a_refused_message_is_not_left_in_flight(smtp, patients, run_cli):
    smtp.reject.add("ana@example.org")
    assert run_cli("email", "p.csv", "--backoff", "0").status == 1
    smtp.reject.clear()
    result = run_cli("email", "p.csv", "--backoff", "0")
    assert result.status == 0, result.err
    assert smtp.to() == ["lukasz@example.org", "bo@example.org", "ana@example.org"]


def test_unreadable_send_log_lines_are_warned_about_kept_and_never_crash(smtp, patients, mini,
                                                                         run_cli):
    log = write(mini, "out/send-log.jsonl",
                "not json at all\n"
                '{"row": 3, "status": "sent", "via": "smtp"}\n'
                "[1, 2]\n"
                "\n"
                '{"key": "0123456789abcdef0123456789abcdef", "row": 9, "sta')
    before = log.read_bytes()
    dry = run_cli("email", "p.csv", "--dry-run")
    warnings = [line for line in dry.err_lines if "send-log" in line]
    assert warnings == [
        "out/send-log.jsonl:1: warning: this line is not a send record careprint can read; it "
        "is kept as it is — it names no message, so careprint cannot tell what it recorded: "
        "if the log was edited, restore it from a backup",
        "out/send-log.jsonl:2: warning: this line is not a send record careprint can read; it "
        "is kept as it is — it names no message, so careprint cannot tell what it recorded: "
        "if the log was edited, restore it from a backup",
        "out/send-log.jsonl:3: warning: this line is not a send record careprint can read; it "
        "is kept as it is — it names no message, so careprint cannot tell what it recorded: "
        "if the log was edited, restore it from a backup",
        "out/send-log.jsonl:5: warning: the last line was cut short, by a run that stopped "
        "while writing it; it is kept as it is — the message it names is treated as possibly "
        "sent: not sent again without --resend-uncertain"]
    assert dry.status == 0 and "internal error" not in dry.err
    result = run_cli("email", "p.csv", "--backoff", "0")
    assert result.status == 0, result.err
    assert len(smtp.messages) == 3
    after = log.read_bytes()
    assert after.startswith(before + b"\n")  # never rewritten; the cut line stays its own
    assert [json.loads(line)["status"] for line in after[len(before) + 1:].splitlines()] == [
        "sending", "sent"] * 3


# 3. Send what careprint built --------------------------------------------------------------

def _sheet(mini, row: int):
    return mini / f"out/batch/p/{row:04d}-sciatica.pdf"


def test_a_sheet_replaced_after_batch_is_rebuilt_before_it_is_sent(smtp, patients, mini,
                                                                   run_cli):
    assert run_cli("batch", "p.csv").status == 0
    _sheet(mini, 2).write_bytes(b"%PDF-1.4\nnot the sheet careprint built\n%%EOF\n")
    result = run_cli("email", "p.csv", "--backoff", "0", "--password", "none")
    assert result.status == 0, result.err
    sent = attachment(smtp.messages[0])
    assert sent == _sheet(mini, 2).read_bytes()
    assert "Łukasz Żółć" in PdfReader(io.BytesIO(sent)).pages[0].extract_text()


def test_a_sheet_changed_at_send_time_fails_only_its_row(smtp, patients, mini, run_cli,
                                                         monkeypatch):
    import careprint.commands.email as email_command

    real = email_command.build_batch

    def build_then_tamper(*args, **kwargs):
        run = real(*args, **kwargs)
        _sheet(mini, 3).write_bytes(b"%PDF-1.4\nsomeone else's sheet\n%%EOF\n")
        return run

    monkeypatch.setattr(email_command, "build_batch", build_then_tamper)
    for rule in ("none", "passphrase"):
        result = run_cli("email", "p.csv", "--backoff", "0", "--password", rule)
        assert result.status == 1
        assert ("p.csv:3: error: the sheet out/batch/p/0003-sciatica.pdf changed on disk after "
                "careprint built it; not sent — run the same command again to rebuild it"
                ) in result.err_lines
    assert smtp.to() == ["lukasz@example.org", "bo@example.org"]
    assert all(b"someone else" not in raw for _, raw in smtp.received)


def test_a_damaged_pdf_fails_its_row_with_one_line(smtp, patients, mini, run_cli):
    assert run_cli("batch", "p.csv").status == 0
    damaged = b"%PDF-1.7\n1 0 obj << /Type /Catalog /Pages 9 0 R >> endobj\ntrailer <<>>\n"
    _sheet(mini, 3).write_bytes(damaged)
    state_file = mini / "out/batch/p/.careprint-state.json"
    state = json.loads(state_file.read_text())
    state["0003-sciatica.pdf"]["sha256"] = hashlib.sha256(damaged).hexdigest()
    state_file.write_text(json.dumps(state))  # as if careprint itself had written it
    result = run_cli("email", "p.csv", "--backoff", "0", "--password", "passphrase")
    assert result.status == 1, result.err
    row_lines = [line for line in result.err_lines if line.startswith("p.csv:")]
    assert len(row_lines) == 1 and row_lines[0].startswith(
        "p.csv:3: error: the sheet out/batch/p/0003-sciatica.pdf cannot be read as a PDF (")
    assert row_lines[0].endswith("— run the same command with --force to rebuild it")
    assert "internal error" not in result.err and "Traceback" not in result.err
    assert all(line.startswith(("p.csv:", "careprint:")) for line in result.err_lines)
    assert smtp.to() == ["lukasz@example.org", "bo@example.org"]


# 4. Passwords ------------------------------------------------------------------------------

def test_the_default_password_is_a_passphrase(smtp, patients, mini, run_cli):
    dry = run_cli("email", "p.csv", "--dry-run")
    assert dry.out.splitlines()[1] == ("row 2: Łukasz Żółć <lukasz@example.org>: "
                                       "exercise-plan.pdf (sciatica), password: a passphrase "
                                       "for the front desk")
    result = run_cli("email", "p.csv", "--backoff", "0")
    assert result.status == 0, result.err
    assert "careprint: passwords for the front desk: out/batch/p/passwords.csv" in \
        result.err_lines
    pdf = PdfReader(io.BytesIO(attachment(smtp.messages[0])))
    assert pdf.is_encrypted and not pdf.decrypt("03021980")


def test_check_warns_about_date_of_birth_passwords(mini, run_cli):
    clinic = mini / "handouts/clinic.yaml"
    assert "dob" not in run_cli("check").err
    clinic.write_text(clinic.read_text() + "email_password: dob\n")
    line = clinic.read_text().splitlines().index("email_password: dob") + 1
    result = run_cli("check")
    assert result.status == 0
    assert result.err_lines[0] == (
        f"handouts/clinic.yaml:{line}:1: warning: email_password: dob locks emailed sheets "
        "with the date of birth, which is easy to find out or to guess (a century has only "
        "about 36,500 of them, tried in seconds) — change it to 'email_password: passphrase': "
        "a random passphrase per patient, listed in passwords.csv for the front desk")
    assert run_cli("check", "--strict").status == 1


@pytest.mark.parametrize("option, value, message", [
    ("--retries", "-1", "argument --retries: '-1' is not a whole number of 0 or more"),
    ("--backoff", "-1", "argument --backoff: '-1' is not a number of seconds of 0 or more"),
    ("--backoff", "nan", "argument --backoff: 'nan' is not a number of seconds of 0 or more"),
])
def test_negative_retries_or_backoff_are_a_usage_error(smtp, patients, run_cli, option, value,
                                                       message):
    smtp.busy_after = 0
    result = run_cli("email", "p.csv", "--retries", "1", option, value)
    assert result.status == 2
    assert result.err_lines[-1] == f"careprint email: error: {message}"
    assert smtp.messages == []


# 5. The front desk's slip ------------------------------------------------------------------

def test_passwords_csv_is_readable_by_its_owner_only(patients, mini, run_cli):
    slip = write(mini, "out/batch/p/passwords.csv", "row,patient,email,password,key\n")
    slip.chmod(0o644)
    result = run_cli("email", "p.csv", "--password", "passphrase")
    assert result.status == 0, result.err
    assert slip.stat().st_mode & 0o777 == 0o600
    assert len(slip.read_text(encoding="utf-8").splitlines()) == 4


def test_sheet_email_in_flight_when_stopped_is_resent_only_when_asked(smtp, mini, run_cli,
                                                                      monkeypatch):
    clinic = mini / "handouts/clinic.yaml"
    clinic.write_text(clinic.read_text() + "email: desk@test-clinic.example\n")
    command = ("sheet", "sciatica", "--patient", "Ana", "--email", "ana@example.org",
               "--date", "2026-03-02", "-o", "s.pdf")
    restore = _interrupt_after_the_server_accepts(monkeypatch, 1)
    assert run_cli(*command).status == 130
    restore()
    again = run_cli(*command)
    assert again.status == 1 and again.out == "wrote s.pdf (1 page)\n"
    assert again.err_lines == [
        "--email: error: may already have been sent when a run was interrupted; not sent again "
        "— ask the patient whether it arrived; to send it anyway, run the same command with "
        "--resend-uncertain"]
    assert len(smtp.messages) == 1
    resent = run_cli(*command, "--resend-uncertain")
    assert resent.status == 0, resent.err
    assert resent.out.splitlines()[1] == "emailed ana@example.org via 127.0.0.1"
    assert len(smtp.messages) == 2
