"""Where careprint keeps what it can rebuild at any time: parsed fonts, compiled templates.

A per-user folder, private to its owner: `CAREPRINT_CACHE_DIR` when set, else
`$XDG_CACHE_HOME/careprint`, else `~/.cache/careprint`. Nothing in it is needed: when it
cannot be made or written (a read-only home, a full disk), careprint works without it.
Deleting it at any time is safe.
"""

from __future__ import annotations

import hashlib
import os
import tempfile
from pathlib import Path


def cache_dir(kind: str) -> Path | None:
    """The folder for one kind of cached thing, made private on first use; None if it can't be."""
    root = os.environ.get("CAREPRINT_CACHE_DIR")
    if not root:
        base = os.environ.get("XDG_CACHE_HOME") or os.path.join(os.path.expanduser("~"), ".cache")
        root = os.path.join(base, "careprint")
    folder = Path(root) / kind
    try:
        Path(root).mkdir(mode=0o700, parents=True, exist_ok=True)
        folder.mkdir(mode=0o700, exist_ok=True)
        status = folder.stat()
    except OSError:
        return None
    # Compiled templates are code: a folder someone else owns or may write to is not used.
    if status.st_uid != os.getuid() or status.st_mode & 0o022:
        return None
    return folder


def write_atomically(path: Path, data: bytes) -> None:
    """Write a cache entry whole or not at all; a failure leaves no entry and raises nothing,
    since the cache only saves time."""
    try:
        fd, temp = tempfile.mkstemp(dir=path.parent, prefix=".part-")
    except OSError:
        return
    try:
        with os.fdopen(fd, "wb") as handle:
            handle.write(data)
        os.replace(temp, path)
    except OSError:
        try:
            os.unlink(temp)
        except OSError:
            pass


def write_checked(path: Path, payload: bytes) -> None:
    """A cache entry that carries the SHA-256 of its payload, written whole or not at all."""
    write_atomically(path, hashlib.sha256(payload).digest() + payload)


def read_checked(path: Path) -> bytes | None:
    """The payload of an entry written by write_checked; None if it is missing, cut short or
    altered, so that what it held is made afresh, never trusted."""
    try:
        blob = path.read_bytes()
    except OSError:
        return None
    digest, payload = blob[:32], blob[32:]
    if len(digest) != 32 or hashlib.sha256(payload).digest() != digest:
        return None
    return payload
