"""Messages written as .eml files instead of sent: for testing, or a clinic without SMTP."""

from __future__ import annotations

from email.message import EmailMessage
from pathlib import Path

from careprint.build.output import PRIVATE, write_atomic


class Outbox:
    """Standard .eml files that any mail client opens; readable by their owner only."""

    def __init__(self, folder: Path) -> None:
        self.folder = folder

    def send(self, message: EmailMessage, name: str) -> Path:
        return write_atomic(self.folder / f"{name}.eml", message.as_bytes(), mode=PRIVATE)
