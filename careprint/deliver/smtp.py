"""Sending through an SMTP server: settings from the environment, one connection, retries.

Transient failures (4xx replies, dropped or refused connections, timeouts) are retried with
backoff; a permanent one (5xx, such as a rejected recipient) fails that message only.
"""

from __future__ import annotations

import ipaddress
import re
import smtplib
import socket
import ssl
import time
from collections.abc import Mapping
from dataclasses import dataclass
from email.message import EmailMessage
from pathlib import Path

from careprint.library.model import SmtpServer
from careprint.problems import CareprintError

SECURITY = ("starttls", "tls", "none")
DEFAULT_PORTS = {"starttls": 587, "tls": 465, "none": 25}


@dataclass(frozen=True, slots=True)
class SmtpSettings:
    host: str
    port: int
    security: str
    user: str | None = None
    password: str | None = None
    timeout: float = 30.0
    ca_file: str | None = None  # a clinic's own certificate authority, if it has one

    def __repr__(self) -> str:  # never print the password
        return f"SmtpSettings({self.security}://{self.host}:{self.port}, user={self.user!r})"


def smtp_settings(env: Mapping[str, str], clinic: SmtpServer | None = None
                  ) -> SmtpSettings | None:
    """From CAREPRINT_SMTP_* variables, else the clinic profile's `smtp`; None when neither
    names a host (then: write an outbox). The login only ever comes from the environment."""
    host = env.get("CAREPRINT_SMTP_HOST", "").strip() or (clinic.host if clinic else "")
    if not host:
        return None
    default_security = clinic.security if clinic else "starttls"
    security = (env.get("CAREPRINT_SMTP_SECURITY") or default_security).strip().lower()
    if security not in SECURITY:
        raise CareprintError(f"CAREPRINT_SMTP_SECURITY is '{security}' — use one of: "
                             + ", ".join(SECURITY))
    if security == "none" and not _is_loopback(host):
        raise CareprintError(f"CAREPRINT_SMTP_SECURITY=none sends patient data unencrypted; "
                             f"it is allowed only to this machine (127.0.0.1), not '{host}'")
    port_text = env.get("CAREPRINT_SMTP_PORT", "").strip() or (
        str(clinic.port) if clinic and clinic.port else "")
    if port_text and not port_text.isdigit():
        raise CareprintError(f"CAREPRINT_SMTP_PORT is '{port_text}' — give a port number")
    port = int(port_text) if port_text else DEFAULT_PORTS[security]
    user = env.get("CAREPRINT_SMTP_USER") or None
    password = env.get("CAREPRINT_SMTP_PASSWORD") or None
    if bool(user) != bool(password):
        raise CareprintError("set both CAREPRINT_SMTP_USER and CAREPRINT_SMTP_PASSWORD, "
                             "or neither")
    timeout = env.get("CAREPRINT_SMTP_TIMEOUT", "30").strip()
    if not re.fullmatch(r"[0-9]+(\.[0-9]+)?", timeout) or float(timeout) <= 0:
        raise CareprintError(f"CAREPRINT_SMTP_TIMEOUT is '{timeout}' — give seconds, like 30")
    ca_file = env.get("CAREPRINT_SMTP_CA_FILE") or None
    if ca_file and not Path(ca_file).is_file():
        raise CareprintError(f"CAREPRINT_SMTP_CA_FILE: no such file '{ca_file}'")
    return SmtpSettings(host, port, security, user, password, float(timeout), ca_file)


def _is_loopback(host: str) -> bool:
    if host == "localhost":
        return True
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False


class PermanentFailure(Exception):
    """The server refused this message for good (e.g. an unknown recipient)."""


class TransientFailure(Exception):
    """Retrying later may work (server busy, connection dropped); retries ran out for now."""


class DeliveryStopped(Exception):
    """Nothing more can be sent this run (no connection, login refused): stop, don't retry
    row after row, which would also lock a clinic's mailbox after repeated bad logins."""


class SmtpSender:
    """One connection, reopened when it drops; each message retried with backoff."""

    def __init__(self, settings: SmtpSettings, retries: int = 3, backoff: float = 1.0) -> None:
        self.settings, self.retries, self.backoff = settings, retries, backoff
        self._smtp: smtplib.SMTP | None = None

    def _context(self) -> ssl.SSLContext:
        context = ssl.create_default_context(cafile=self.settings.ca_file)
        context.minimum_version = ssl.TLSVersion.TLSv1_2
        return context  # verifies the certificate and the host name

    def _connect(self) -> smtplib.SMTP:
        s = self.settings
        if s.security == "tls":
            smtp: smtplib.SMTP = smtplib.SMTP_SSL(s.host, s.port, timeout=s.timeout,
                                                  context=self._context())
        else:
            smtp = smtplib.SMTP(s.host, s.port, timeout=s.timeout)
            if s.security == "starttls":
                smtp.starttls(context=self._context())
        if s.user:
            self._login(smtp)
        return smtp

    def _login(self, smtp: smtplib.SMTP) -> None:
        """One attempt with one mechanism: each failed try counts towards a mailbox lockout."""
        s = self.settings
        smtp.ehlo_or_helo_if_needed()
        offered = smtp.esmtp_features.get("auth", "").upper().split()
        mechanism = next((m for m in ("PLAIN", "LOGIN") if m in offered), None)
        if mechanism is None:
            smtp.close()
            raise DeliveryStopped(f"the server offers no password login (PLAIN or LOGIN) for "
                                  f"{s.user}; it offers: {' '.join(offered) or 'none'}")
        smtp.user, smtp.password = s.user, s.password or ""
        try:
            smtp.auth(mechanism, getattr(smtp, f"auth_{mechanism.lower()}"),
                      initial_response_ok=True)
        except smtplib.SMTPAuthenticationError as err:
            smtp.close()
            raise DeliveryStopped(f"the server refused the login for {s.user} "
                                  f"({_describe((err.smtp_code, err.smtp_error))})") from err
        except smtplib.SMTPServerDisconnected as err:
            raise DeliveryStopped(f"the server closed the connection at login for "
                                  f"{s.user}") from err

    def send(self, message: EmailMessage) -> None:
        connected_before = self._smtp is not None
        for attempt in range(self.retries + 1):
            try:
                if self._smtp is None:
                    self._smtp = self._connect()
                refused = self._smtp.send_message(message)
                if refused:
                    raise PermanentFailure(_describe(next(iter(refused.values()))))
                return
            except smtplib.SMTPRecipientsRefused as err:
                reply = next(iter(err.recipients.values()))
                if 400 <= reply[0] < 500 and attempt < self.retries:
                    self._pause(attempt)
                    continue
                raise (TransientFailure if reply[0] < 500 else PermanentFailure)(
                    _describe(reply)) from err
            except smtplib.SMTPResponseException as err:
                if err.smtp_code >= 500:
                    self.close()
                    raise PermanentFailure(_describe((err.smtp_code, err.smtp_error))) from err
                last = TransientFailure(_describe((err.smtp_code, err.smtp_error)))
            except (smtplib.SMTPServerDisconnected, OSError) as err:
                if isinstance(err, ssl.SSLCertVerificationError):
                    msg = f"the server's certificate cannot be trusted: {err.verify_message}"
                    raise CareprintError(msg) from err
                last = TransientFailure(f"connection to {self.settings.host}:"
                                        f"{self.settings.port} failed: {err or type(err).__name__}")
            except smtplib.SMTPException as err:
                last = TransientFailure(str(err))
            self._drop()
            if attempt < self.retries:
                self._pause(attempt)
        if not connected_before and "connection to" in str(last):
            raise DeliveryStopped(str(last))
        raise last

    def _pause(self, attempt: int) -> None:
        time.sleep(self.backoff * 2 ** attempt)

    def _drop(self) -> None:
        smtp, self._smtp = self._smtp, None
        if smtp is not None:
            try:
                smtp.close()
            except OSError:
                pass

    def close(self) -> None:
        smtp, self._smtp = self._smtp, None
        if smtp is not None:
            try:
                smtp.quit()
            except (smtplib.SMTPException, OSError, socket.timeout):
                smtp.close()


def _describe(reply: tuple[int, bytes | str]) -> str:
    code, text = reply
    text = text.decode(errors="replace") if isinstance(text, bytes) else text
    return f"the server answered {code} {' '.join(text.split())}"
