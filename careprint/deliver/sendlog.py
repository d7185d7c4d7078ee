"""The send log: which messages a server (or the outbox) accepted, so none is sent twice.

Append-only, one JSON line per step of a message, each synced before careprint goes on:
"sending" before the message is handed to the server or the outbox, then "sent" once it was
accepted, or "failed" when it was refused. A key whose last step is "sending" may or may not
have arrived (the run was interrupted between the two lines), so it is not sent again unless
the user asks (--resend-uncertain). Keys only: no names or addresses.

The log is never rewritten: a line careprint cannot read is reported, kept, and any message
key in it is treated as possibly sent. One run sends from a library at a time: `for_sending`
holds an exclusive lock on send-log.lock beside the log for the whole run, and a second run
stops at once instead of waiting (a clinic would rather rerun than wonder what a blocked
window is doing).
"""

from __future__ import annotations

import datetime as dt
import errno
import json
import os
import re
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from careprint.build.output import PRIVATE
from careprint.problems import CareprintError, Mark, Problem, display_path, warning

try:
    import fcntl
except ImportError:  # Windows
    fcntl = None

SENDING, SENT, FAILED = "sending", "sent", "failed"
BUSY = "another careprint email run is sending from this library; wait for it to finish"
_KEY = re.compile(r"[0-9a-f]{32}")  # see compose.message_key


class SendLogError(CareprintError):
    """The send log cannot be written: nothing more may be sent this run."""


class SendLog:
    """What the log says about each (transport, key); `for_sending` to add to it."""

    def __init__(self, path: Path) -> None:
        self.path = path
        self.problems: list[Problem] = []  # warnings about lines it cannot read
        self._last: dict[tuple[str, str], str] = {}  # (via, key) → its last status
        self._sent: set[tuple[str, str]] = set()
        self._unreadable_keys: set[str] = set()  # keys found in lines it cannot read
        self._ends_mid_line = False
        self._fd: int | None = None
        self._read()

    @classmethod
    @contextmanager
    def for_sending(cls, path: Path) -> Iterator[SendLog]:
        """The log, locked against other runs and checked writable before anything is sent."""
        lock = _lock(path.with_suffix(".lock"))
        try:
            log = cls(path)
            log._fd = _open_for_append(path)
            try:
                yield log
            finally:
                os.close(log._fd)
                log._fd = None
        finally:
            _release(lock)

    def sent_via(self, via: str) -> set[str]:
        return {key for how, key in self._sent if how == via}

    def uncertain_via(self, via: str) -> set[str]:
        """Keys that may have been sent: handed over by a run that stopped before it heard
        back, or named in a line that cannot be read."""
        sent = self.sent_via(via)
        in_flight = {key for (how, key), status in self._last.items()
                     if how == via and status == SENDING}
        return (in_flight | self._unreadable_keys) - sent

    def record(self, key: str, row: int, via: str, status: str) -> None:
        """Append one step, synced to disk before careprint goes on."""
        if self._fd is None:
            raise RuntimeError("open the send log with SendLog.for_sending to write to it")
        line = json.dumps({"key": key, "row": row, "status": status, "via": via,
                           "at": dt.datetime.now(dt.timezone.utc).isoformat(timespec="seconds")})
        # Never glue a record to a line a crash cut short: both would become unreadable.
        data = (("\n" if self._ends_mid_line else "") + line + "\n").encode()
        try:
            if os.write(self._fd, data) != len(data):
                raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))
            os.fsync(self._fd)
        except OSError as err:
            raise SendLogError(f"cannot write the send log {display_path(self.path)} "
                               f"({err.strerror})") from err
        self._ends_mid_line = False
        self._note(key, via, status)

    def _note(self, key: str, via: str, status: str) -> None:
        self._last[(via, key)] = status
        if status == SENT:
            self._sent.add((via, key))

    def _read(self) -> None:
        try:
            data = self.path.read_bytes() if self.path.is_file() else b""
        except OSError as err:
            raise CareprintError(f"cannot read the send log {display_path(self.path)} "
                                 f"({err.strerror}) — it says what was already sent: make it "
                                 "readable, then run again") from err
        self._ends_mid_line = bool(data) and not data.endswith(b"\n")
        lines = data.split(b"\n")
        for number, line in enumerate(lines, start=1):
            if not line.strip():
                continue
            record = _parse(line)
            if record is not None:
                self._note(*record)
                continue
            cut_short = self._ends_mid_line and number == len(lines)
            self.problems.append(self._unreadable(line, number, cut_short))

    def _unreadable(self, line: bytes, number: int, cut_short: bool) -> Problem:
        keys = set(_KEY.findall(line.decode("utf-8", "replace")))
        self._unreadable_keys |= keys
        if cut_short:
            message = ("the last line was cut short, by a run that stopped while writing it; "
                       "it is kept as it is")
        else:
            message = "this line is not a send record careprint can read; it is kept as it is"
        if keys:
            hint = ("the message it names is treated as possibly sent: not sent again without "
                    "--resend-uncertain")
        elif cut_short:
            hint = "nothing is lost: careprint records each message before it sends it"
        else:
            hint = ("it names no message, so careprint cannot tell what it recorded: if the log "
                    "was edited, restore it from a backup")
        return warning(message, Mark(self.path, number), hint)


def _parse(line: bytes) -> tuple[str, str, str] | None:
    """(key, via, status) of a well-formed record, else None."""
    try:
        record = json.loads(line.decode("utf-8"))
    except ValueError:  # UnicodeDecodeError is one too
        return None
    if not isinstance(record, dict):
        return None
    key, via, status = record.get("key"), record.get("via", "smtp"), record.get("status")
    if not isinstance(key, str) or not key or not isinstance(via, str) \
            or status not in (SENDING, SENT, FAILED):
        return None
    return key, via, status


def _lock(path: Path) -> int:
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        fd = os.open(path, os.O_RDWR | os.O_CREAT, PRIVATE)
    except OSError as err:
        raise CareprintError(f"cannot make the lock file {display_path(path)} "
                             f"({err.strerror}); nothing was sent") from err
    try:
        locked = _try_lock(fd)
    except OSError as err:
        os.close(fd)
        raise CareprintError(f"cannot lock {display_path(path)} ({err.strerror}); nothing "
                             "was sent — keep the library on a local disk") from err
    if not locked:
        os.close(fd)
        raise CareprintError(BUSY)
    return fd


def _try_lock(fd: int) -> bool:
    """Take the lock without waiting; False when another process holds it."""
    try:
        if fcntl is not None:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        else:  # Windows: lock the first byte; released when the file is closed
            import msvcrt

            msvcrt.locking(fd, msvcrt.LK_NBLCK, 1)
    except OSError as err:
        if err.errno in (errno.EAGAIN, errno.EWOULDBLOCK, errno.EACCES, errno.EDEADLK):
            return False
        raise
    return True


def _release(fd: int) -> None:
    try:
        if fcntl is not None:
            fcntl.flock(fd, fcntl.LOCK_UN)
        else:
            import msvcrt

            msvcrt.locking(fd, msvcrt.LK_UNLCK, 1)
    finally:
        os.close(fd)


def _open_for_append(path: Path) -> int:
    try:
        return os.open(path, os.O_WRONLY | os.O_APPEND | os.O_CREAT, PRIVATE)
    except OSError as err:
        raise CareprintError(
            f"cannot write the send log {display_path(path)} ({err.strerror}); nothing was "
            "sent — it records each message so that none is sent twice: make it a file "
            "careprint can write, then run again") from err
