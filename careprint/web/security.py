"""What keeps the page safe: who may open it, forged form posts, and the bind address.

Nothing here lives only in one process's memory when the clinic runs several workers: the
form token is signed with a secret every worker derives from the same environment variable.
"""

from __future__ import annotations

import hashlib
import hmac
import os
import secrets
import time
from collections.abc import Mapping
from dataclasses import dataclass

from careprint.problems import CareprintError

TOKEN_ENV = "CAREPRINT_SERVE_TOKEN"  # the password for the page; required off this computer
SECRET_ENV = "CAREPRINT_SERVE_SECRET"  # signs form tokens; default: derived from the token
LOOPBACK = frozenset({"127.0.0.1", "::1", "localhost"})
FORM_TOKEN_HOURS = 12  # a form left open all day still posts; an old copied one does not


@dataclass(frozen=True, slots=True)
class Guard:
    token: str | None  # the password asked for (HTTP basic); None: this computer only
    secret: bytes  # signs the form tokens

    @classmethod
    def from_env(cls, environ: Mapping[str, str] = os.environ) -> Guard:
        token = environ.get(TOKEN_ENV, "").strip() or None
        secret = environ.get(SECRET_ENV, "").strip() or token
        # Without either, a per-process secret: fine for one process on this computer only.
        key = (hashlib.sha256(b"careprint form token\0" + secret.encode()).digest() if secret
               else os.urandom(32))
        return cls(token, key)

    def form_token(self, now: float | None = None) -> str:
        issued = str(int(time.time() if now is None else now))
        nonce = secrets.token_hex(8)
        return f"{issued}.{nonce}.{self._sign(issued, nonce)}"

    def form_token_ok(self, token: str | None, now: float | None = None) -> bool:
        issued, _, rest = (token or "").partition(".")
        nonce, _, signature = rest.partition(".")
        if not issued.isdigit() or not signature:
            return False
        if not hmac.compare_digest(signature, self._sign(issued, nonce)):
            return False
        age = (time.time() if now is None else now) - int(issued)
        return -300 <= age <= FORM_TOKEN_HOURS * 3600

    def password_ok(self, given: str | None) -> bool:
        if self.token is None:
            return True
        return given is not None and hmac.compare_digest(given.encode(), self.token.encode())

    def host_ok(self, host_header: str) -> bool:
        """Without a password the page answers only to this computer's own names, so a web
        page elsewhere cannot reach it through a rebound DNS name."""
        if self.token is not None:
            return True
        host = host_header.rsplit(":", 1)[0] if not host_header.endswith("]") else host_header
        return host.strip("[]").lower() in LOOPBACK

    def _sign(self, issued: str, nonce: str) -> str:
        return hmac.new(self.secret, f"{issued}.{nonce}".encode(), hashlib.sha256).hexdigest()


def check_bind(host: str, guard: Guard) -> None:
    """Any address but this computer's own needs the password set in the environment."""
    if host.strip("[]").lower() in LOOPBACK or guard.token is not None:
        return
    raise CareprintError(f"--host {host} lets other computers open patients' sheets: set "
                         f"{TOKEN_ENV} to a long password first, or leave out --host")
