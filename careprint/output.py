"""Stage 5, output: files appear whole or not at all.

A PDF is written to a temporary file beside its target and renamed over it only when complete,
so a crash or a full disk never leaves half a PDF, nor replaces a good one with a broken one.
"""

from __future__ import annotations

import os
import tempfile
from pathlib import Path

from careprint.problems import CareprintError

PRIVATE = 0o600  # patient sheets: health data, readable by their owner only
SHARED = 0o644  # handouts hold no patient data


def write_atomic(path: Path, data: bytes, mode: int = SHARED) -> Path:
    try:
        path.parent.mkdir(parents=True, exist_ok=True, mode=0o700 if mode == PRIVATE else 0o777)
        handle, temp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".part", dir=path.parent)
    except OSError as err:
        msg = f"cannot write to {path.parent}: {err.strerror}"
        raise CareprintError(msg) from err
    try:
        with os.fdopen(handle, "wb") as f:
            f.write(data)
            f.flush()
            os.fsync(f.fileno())
        os.chmod(temp, mode)
        os.replace(temp, path)
    except BaseException as err:
        Path(temp).unlink(missing_ok=True)
        if isinstance(err, OSError):
            msg = f"cannot write {path}: {err.strerror}"
            raise CareprintError(msg) from err
        raise
    return path


def next_free(folder: Path, stem: str, suffix: str = ".pdf") -> Path:
    """The first of stem.pdf, stem-2.pdf, … that does not exist yet: never overwrite a sheet."""
    candidate = folder / f"{stem}{suffix}"
    number = 2
    while candidate.exists():
        candidate = folder / f"{stem}-{number}{suffix}"
        number += 1
    return candidate
