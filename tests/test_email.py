"""`careprint email` against a real SMTP server on 127.0.0.1 (aiosmtpd), plain and over TLS."""

import email
import io
import socket
import ssl
from email import policy

import pytest
import trustme
from aiosmtpd.controller import Controller
from pypdf import PdfReader

from conftest import REPO, write

HEADER = "patient,condition,email,dob\n"
ROWS = ("Łukasz Żółć,sciatica,lukasz@example.org,1980-02-03\n"
        "Ana O'Brien,sciatica,ana@example.org,1975-12-24\n"
        "Bo Chen,sciatica,bo@example.org,1990-01-31\n")


class Recorder:
    """An SMTP server's handler that keeps what it accepts, and can misbehave on request."""

    def __init__(self) -> None:
        self.messages: list[email.message.EmailMessage] = []
        self.received: list[tuple[list[str], bytes]] = []  # envelope recipients, raw bytes
        self.reject: set[str] = set()
        self.busy_after: int | None = None  # answer 421 once this many were accepted
        self.drop_next = 0  # close the connection instead of accepting, this many times

    async def handle_RCPT(self, server, session, envelope, address, options):  # noqa: N802
        if address in self.reject:
            return "550 5.1.1 No such user here"
        envelope.rcpt_tos.append(address)
        return "250 OK"

    async def handle_DATA(self, server, session, envelope):  # noqa: N802
        if self.drop_next:
            self.drop_next -= 1
            server.transport.close()
            return "421 closing"
        if self.busy_after is not None and len(self.messages) >= self.busy_after:
            return "421 4.3.2 Try again later"
        self.messages.append(email.message_from_bytes(envelope.content, policy=policy.default))
        self.received.append((list(envelope.rcpt_tos), envelope.content))
        return "250 OK accepted"

    def to(self) -> list[str]:
        return [str(m["To"].addresses[0].addr_spec) for m in self.messages]


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.fixture
def smtp(monkeypatch):
    """A plain SMTP server on loopback, and careprint pointed at it."""
    recorder = Recorder()
    controller = Controller(recorder, hostname="127.0.0.1", port=free_port())
    controller.start()
    for name, value in {"HOST": "127.0.0.1", "PORT": str(controller.port),
                        "SECURITY": "none"}.items():
        monkeypatch.setenv(f"CAREPRINT_SMTP_{name}", value)
    yield recorder
    controller.stop()


@pytest.fixture(autouse=True)
def no_smtp_from_the_machine(monkeypatch):
    for name in ("HOST", "PORT", "SECURITY", "USER", "PASSWORD", "CA_FILE"):
        monkeypatch.delenv(f"CAREPRINT_SMTP_{name}", raising=False)


@pytest.fixture
def patients(mini):
    clinic = mini / "handouts/clinic.yaml"
    clinic.write_text(clinic.read_text() + "email: desk@test-clinic.example\n")
    return write(mini, "p.csv", HEADER + ROWS)


def attachment(message) -> bytes:
    (part,) = list(message.iter_attachments())
    assert part.get_filename() == "exercise-plan.pdf"
    return part.get_content()


def test_each_patient_gets_one_message_with_a_protected_pdf(smtp, patients, run_cli):
    result = run_cli("email", "p.csv", "--backoff", "0", "--password", "dob")
    assert result.status == 0, result.err
    assert result.err_lines[-1].startswith("careprint: sent 3 to 127.0.0.1, skipped 0 "
                                           "(already sent), failed 0")
    assert smtp.to() == ["lukasz@example.org", "ana@example.org", "bo@example.org"]
    message = smtp.messages[0]
    assert str(message["From"]) == "Test Clinic <desk@test-clinic.example>"
    assert str(message["To"]) == "Łukasz Żółć <lukasz@example.org>"
    assert str(message["Subject"]) == "Your exercise plan from Test Clinic"
    text = message.get_body(("plain",)).get_content()
    html = message.get_body(("html",)).get_content()
    assert "Dear Łukasz Żółć," in text and "555-0100" in text and "date of birth" in text
    assert "Dear Łukasz Żółć," in html and "Ana O&#39;Brien" in \
        smtp.messages[1].get_body(("html",)).get_content()
    for part in (str(message["Subject"]), text, html):  # minimum necessary
        assert "ciatica" not in part and "1980" not in part and "03021980" not in part
    pdf = PdfReader(io.BytesIO(attachment(message)))
    assert pdf.is_encrypted and not pdf.decrypt("wrong")
    assert pdf.decrypt("03021980")
    assert "Łukasz Żółć" in pdf.pages[0].extract_text()


def test_running_again_sends_nothing_twice(smtp, patients, run_cli):
    run_cli("email", "p.csv", "--backoff", "0")
    result = run_cli("email", "p.csv", "--backoff", "0")
    assert result.err_lines[-1].startswith("careprint: sent 0 to 127.0.0.1, skipped 3 "
                                           "(already sent)")
    assert len(smtp.messages) == 3


def test_a_rejected_recipient_fails_only_its_row(smtp, patients, run_cli):
    smtp.reject.add("ana@example.org")
    result = run_cli("email", "p.csv", "--backoff", "0")
    assert result.status == 1
    assert "p.csv:3: error: the server answered 550 5.1.1 No such user here" in result.err_lines
    assert smtp.to() == ["lukasz@example.org", "bo@example.org"]


def test_a_dropped_connection_is_retried_without_sending_twice(smtp, patients, run_cli):
    smtp.drop_next = 1
    result = run_cli("email", "p.csv", "--backoff", "0")
    assert result.status == 0, result.err
    assert smtp.to() == ["lukasz@example.org", "ana@example.org", "bo@example.org"]


def test_after_a_fault_a_rerun_sends_only_what_was_not_sent(smtp, patients, run_cli):
    smtp.busy_after = 1
    first = run_cli("email", "p.csv", "--backoff", "0", "--retries", "1")
    assert first.status == 1
    assert first.err_lines[-1].startswith("careprint: sent 1 to 127.0.0.1, skipped 0 "
                                          "(already sent), failed 2")
    assert ("p.csv:3: error: the server answered 421 4.3.2 Try again later — run the same "
            "command again later: what was sent is not sent twice") in first.err_lines
    smtp.busy_after = None
    second = run_cli("email", "p.csv", "--backoff", "0")
    assert second.status == 0
    assert second.err_lines[-1].startswith("careprint: sent 2 to 127.0.0.1, skipped 1")
    assert sorted(smtp.to()) == ["ana@example.org", "bo@example.org", "lukasz@example.org"]


def test_header_injection_attempts_fail_and_send_nothing_for_that_row(smtp, mini, patients,
                                                                      run_cli):
    write(mini, "p.csv", HEADER + '"Eve\nBcc: spy@evil.example",sciatica,eve@example.org,'
                                  "1980-01-01\n"
                                  '"Ivy\rBcc: spy@evil.example",sciatica,ivy@example.org,'
                                  "1980-01-01\n"
                                  "Mallory,sciatica,\"m@example.org\nBcc: spy@evil.example\","
                                  "1980-01-01\n" + ROWS.splitlines()[0] + "\n")
    result = run_cli("email", "p.csv", "--backoff", "0")
    assert result.status == 1
    assert smtp.to() == ["lukasz@example.org"]
    assert all("evil" not in m.as_string() for m in smtp.messages)
    assert ("p.csv:2: error: column 'patient': contains a line break — write it on one line: "
            "retype the cell") in result.err_lines
    assert ("p.csv:3: error: column 'patient': contains a control character — retype the "
            "cell") in result.err_lines
    assert any(line.startswith("p.csv:4: error: column 'email'") for line in result.err_lines)


@pytest.mark.parametrize("field, value", [
    ("to_name", "Eve\r\nBcc: spy@evil.example"), ("to_address", "a@b.org\r\nBcc: c@d.org"),
    ("to_address", "a(comment)@b.org"), ("to_address", "jö@example.org"),
    ("to_address", "a@bü.de"), ("to_address", '"a b"@example.org')])
def test_compose_refuses_unsafe_headers(field, value):
    from careprint.deliver.compose import Letter, MailError, compose
    from careprint.render.templates import environment
    from careprint.document.assemble import ClinicView

    clinic = ClinicView(name="C", address="A", phone="1", email="c@example.org", website=None,
                        logo=None, primary="#000000", accent="#FFFFFF", footer=None)
    fields = {"to_name": "Ann", "to_address": "ann@example.org", "pdf": b"%PDF",
              "password_rule": "none", "key": "k"}
    fields[field] = value
    with pytest.raises(MailError):
        compose(environment(REPO / "templates"), clinic, Letter(**fields))


def test_unencrypted_smtp_is_refused_except_to_this_machine(patients, run_cli, monkeypatch):
    monkeypatch.setenv("CAREPRINT_SMTP_HOST", "smtp.example.com")
    monkeypatch.setenv("CAREPRINT_SMTP_SECURITY", "none")
    result = run_cli("email", "p.csv")
    assert result.status == 1
    assert result.err_lines[-1] == (
        "careprint: error: CAREPRINT_SMTP_SECURITY=none sends patient data unencrypted; it is "
        "allowed only to this machine (127.0.0.1), not 'smtp.example.com'")


@pytest.fixture
def tls_files(tmp_path):
    ca = trustme.CA()
    server_context = ssl.create_default_context(ssl.Purpose.CLIENT_AUTH)
    ca.issue_cert("127.0.0.1").configure_cert(server_context)
    ca_file = tmp_path / "ca.pem"
    ca.cert_pem.write_to_path(str(ca_file))
    return server_context, ca_file


@pytest.mark.parametrize("security", ["starttls", "tls"])
def test_tls_with_a_verified_certificate(security, tls_files, patients, run_cli, monkeypatch):
    server_context, ca_file = tls_files
    recorder = Recorder()
    extra = ({"tls_context": server_context, "require_starttls": True}
             if security == "starttls" else {"ssl_context": server_context})
    controller = Controller(recorder, hostname="127.0.0.1", port=free_port(), **extra)
    controller.start()
    try:
        monkeypatch.setenv("CAREPRINT_SMTP_HOST", "127.0.0.1")
        monkeypatch.setenv("CAREPRINT_SMTP_PORT", str(controller.port))
        monkeypatch.setenv("CAREPRINT_SMTP_SECURITY", security)
        untrusted = run_cli("email", "p.csv", "--backoff", "0")
        assert untrusted.status == 1 and recorder.messages == []
        assert "the server's certificate cannot be trusted" in untrusted.err
        monkeypatch.setenv("CAREPRINT_SMTP_CA_FILE", str(ca_file))
        result = run_cli("email", "p.csv", "--backoff", "0")
        assert result.status == 0, result.err
        assert len(recorder.messages) == 3
    finally:
        controller.stop()


def test_without_smtp_it_writes_eml_files_any_mail_client_opens(patients, mini, run_cli):
    result = run_cli("email", "p.csv", "--password", "passphrase")
    assert result.status == 0, result.err
    outbox = sorted((mini / "out/batch/p/outbox").glob("*.eml"))
    assert len(outbox) == 3 and all(p.stat().st_mode & 0o777 == 0o600 for p in outbox)
    message = email.message_from_bytes(outbox[0].read_bytes(), policy=policy.default)
    assert str(message["To"]) == "Łukasz Żółć <lukasz@example.org>"
    passwords = (mini / "out/batch/p/passwords.csv").read_text(encoding="utf-8").splitlines()
    assert passwords[0] == "row,patient,email,password,key" and len(passwords) == 4
    password = passwords[1].split(",")[3]
    assert password not in message.as_string()
    assert PdfReader(io.BytesIO(attachment(message))).decrypt(password)


def test_dry_run_shows_who_gets_what_and_sends_nothing(smtp, patients, mini, run_cli):
    result = run_cli("email", "p.csv", "--dry-run")
    assert result.status == 0
    assert result.out.splitlines()[1] == (
        "row 2: Łukasz Żółć <lukasz@example.org>: exercise-plan.pdf (sciatica), password: "
        "a passphrase for the front desk")
    assert run_cli("email", "p.csv", "--dry-run", "--password", "dob").out.splitlines()[1] \
        .endswith("password: date of birth (DDMMYYYY)")
    assert smtp.messages == [] and not (mini / "out").exists()


def test_sheet_email_sends_one_message(smtp, mini, run_cli):
    clinic = mini / "handouts/clinic.yaml"
    clinic.write_text(clinic.read_text() + "email: desk@test-clinic.example\n")
    result = run_cli("sheet", "sciatica", "--patient", "Ana", "--email", "ana@example.org",
                     "-o", "s.pdf")
    assert result.status == 0, result.err
    lines = result.out.splitlines()
    assert lines[-2] == "emailed ana@example.org via 127.0.0.1"
    assert lines[-1].startswith("password for the PDF (tell the patient; it is not in the "
                                "email): ")
    assert smtp.to() == ["ana@example.org"]
    assert PdfReader(io.BytesIO(attachment(smtp.messages[0]))).decrypt(lines[-1].split()[-1])


def test_a_later_run_with_new_rows_or_a_new_day_resends_nothing(smtp, patients, mini, run_cli,
                                                                 monkeypatch):
    run_cli("email", "p.csv", "--backoff", "0")
    write(mini, "p.csv", HEADER + "Dee,sciatica,dee@example.org,1970-05-05\n" + ROWS)
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1900000000")  # another day: sheets are rebuilt
    result = run_cli("email", "p.csv", "--backoff", "0")
    assert result.err_lines[-1].startswith("careprint: sent 1 to 127.0.0.1, skipped 3")
    assert smtp.to().count("lukasz@example.org") == 1 and smtp.to()[-1] == "dee@example.org"


def test_a_passphrase_is_saved_before_its_email_is_sent(smtp, patients, mini, run_cli):
    smtp.reject.add("ana@example.org")
    run_cli("email", "p.csv", "--backoff", "0", "--password", "passphrase")
    slip = (mini / "out/batch/p/passwords.csv").read_text(encoding="utf-8")
    first = PdfReader(io.BytesIO(attachment(smtp.messages[0])))
    row = next(line for line in slip.splitlines() if line.startswith("2,"))
    assert first.decrypt(row.split(",")[3])
    smtp.reject.clear()
    run_cli("email", "p.csv", "--backoff", "0", "--password", "passphrase")
    assert (mini / "out/batch/p/passwords.csv").read_text(encoding="utf-8").startswith(
        slip.splitlines()[0]) and row in (mini / "out/batch/p/passwords.csv").read_text()
    assert sorted(smtp.to()) == ["ana@example.org", "bo@example.org", "lukasz@example.org"]


def test_the_clinic_profile_names_the_server_and_the_environment_wins(smtp, patients, mini,
                                                                     run_cli, monkeypatch):
    port = __import__("os").environ["CAREPRINT_SMTP_PORT"]
    for name in ("HOST", "PORT", "SECURITY"):
        monkeypatch.delenv(f"CAREPRINT_SMTP_{name}")
    clinic = mini / "handouts/clinic.yaml"
    clinic.write_text(clinic.read_text() + f"smtp:\n  host: 127.0.0.1\n  port: {port}\n"
                                           "  security: tls\n")
    assert run_cli("email", "p.csv", "--dry-run").out.splitlines()[0] == (
        f"dry run: nothing is built or sent; would send via tls://127.0.0.1:{port}")
    monkeypatch.setenv("CAREPRINT_SMTP_SECURITY", "none")  # the local test server is plain
    assert run_cli("email", "p.csv", "--backoff", "0").status == 0
    assert len(smtp.messages) == 3


def test_a_refused_login_stops_the_run_instead_of_trying_every_row(patients, run_cli,
                                                                   monkeypatch):
    from aiosmtpd.smtp import AuthResult

    attempts = []

    def authenticator(server, session, envelope, mechanism, auth_data):
        attempts.append(auth_data.login)
        return AuthResult(success=False, handled=False)

    recorder = Recorder()
    controller = Controller(recorder, hostname="127.0.0.1", port=free_port(),
                            authenticator=authenticator, auth_require_tls=False)
    controller.start()
    try:
        for name, value in {"HOST": "127.0.0.1", "PORT": str(controller.port),
                            "SECURITY": "none", "USER": "desk", "PASSWORD": "wrong"}.items():
            monkeypatch.setenv(f"CAREPRINT_SMTP_{name}", value)
        result = run_cli("email", "p.csv", "--backoff", "0")
    finally:
        controller.stop()
    assert result.status == 1 and len(attempts) == 1 and recorder.messages == []
    assert any(line.startswith("careprint: error: stopped: the server refused the login for "
                               "desk") for line in result.err_lines)
    assert result.err_lines[-1].startswith("careprint: sent 0 to 127.0.0.1, skipped 0 "
                                           "(already sent), failed 3")


def test_an_unreachable_server_stops_after_the_first_row(patients, run_cli, monkeypatch):
    monkeypatch.setenv("CAREPRINT_SMTP_HOST", "127.0.0.1")
    monkeypatch.setenv("CAREPRINT_SMTP_PORT", str(free_port()))  # nothing listens there
    monkeypatch.setenv("CAREPRINT_SMTP_SECURITY", "none")
    result = run_cli("email", "p.csv", "--backoff", "0", "--retries", "1")
    assert result.status == 1
    assert sum("stopped: connection to 127.0.0.1" in line for line in result.err_lines) == 1


def test_a_renamed_csv_or_another_password_rule_sends_nothing_twice(smtp, patients, mini,
                                                                    run_cli):
    run_cli("email", "p.csv", "--backoff", "0")
    write(mini, "copy of p.csv", (mini / "p.csv").read_text())
    result = run_cli("email", "copy of p.csv", "--backoff", "0", "--password", "passphrase")
    assert result.err_lines[-1].startswith("careprint: sent 0 to 127.0.0.1, skipped 3")
    assert run_cli("email", "p.csv", "--dry-run").out.splitlines()[1] == (
        "row 2: Łukasz Żółć <lukasz@example.org>: already sent — would skip")
    assert len(smtp.messages) == 3


def test_sheet_email_checks_its_arguments_before_writing_anything(smtp, mini, run_cli):
    clinic = mini / "handouts/clinic.yaml"
    clinic.write_text(clinic.read_text() + "email: desk@test-clinic.example\n")
    result = run_cli("sheet", "sciatica", "--patient", "Ana", "--email", "ana@example.org",
                     "--password", "dob", "-o", "s.pdf")
    assert result.err == ("careprint: error: --dob is needed: the PDF's password is the date "
                          "of birth (--password dob); or choose --password passphrase\n")
    assert not (mini / "s.pdf").exists() and smtp.messages == []
    assert run_cli("sheet", "sciatica", "--patient", "Ana", "--email", "jö@example.org",
                   "-o", "s.pdf").err.startswith("careprint: error: --email 'jö@example.org' "
                                                 "is not a plain email address")
    run_cli("sheet", "sciatica", "--patient", "Ana", "--email", "ana@example.org", "--dob",
            "1980-01-02", "--password", "dob", "-o", "s.pdf")
    fixed = run_cli("sheet", "sciatica", "--patient", "Ana", "--email", "ana@example.org",
                    "--dob", "1980-02-01", "--password", "dob", "-o", "s.pdf")
    assert fixed.out.splitlines()[-1] == "emailed ana@example.org via 127.0.0.1"
    assert len(smtp.messages) == 2 and not (mini / "send-log.jsonl").exists()
