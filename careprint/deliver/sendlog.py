"""The send log: which messages a server (or the outbox) accepted, so none is sent twice.

Append-only: a line is written, flushed and synced only after the server accepted the
message, so a run repeated after a crash or a network fault sends exactly what was not yet
accepted.
"""

from __future__ import annotations

import datetime as dt
import json
import os
from pathlib import Path

from careprint.build.output import PRIVATE


class SendLog:
    """Append-only, one JSON line per accepted message; keys only, no names or addresses."""

    def __init__(self, path: Path) -> None:
        self.path = path
        self.sent: set[tuple[str, str]] = set()  # (via, key)
        if path.is_file():
            for line in path.read_text(encoding="utf-8").splitlines():
                try:
                    record = json.loads(line)
                except ValueError:
                    continue  # a line cut short by a crash: that message was not confirmed
                if record.get("status") == "sent":
                    self.sent.add((record.get("via", "smtp"), record["key"]))

    def sent_via(self, via: str) -> set[str]:
        return {key for how, key in self.sent if how == via}

    def record(self, key: str, row: int, via: str) -> None:
        line = json.dumps({"key": key, "row": row, "status": "sent", "via": via,
                           "at": dt.datetime.now(dt.timezone.utc).isoformat(timespec="seconds")})
        self.path.parent.mkdir(parents=True, exist_ok=True)
        fd = os.open(self.path, os.O_WRONLY | os.O_APPEND | os.O_CREAT, PRIVATE)
        try:
            os.write(fd, (line + "\n").encode())
            os.fsync(fd)
        finally:
            os.close(fd)
        self.sent.add((via, key))
