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
    """Write `data` whole to `path`, replacing a regular file there only once complete."""
    if path.exists() and not path.is_file() or path.is_symlink():
        raise CareprintError(f"{path} is not a regular file; choose another name")
    return _place(path.parent, data, mode, lambda temp: os.replace(temp, path) or path)


def write_new(folder: Path, stem: str, data: bytes, mode: int = PRIVATE,
              suffix: str = ".pdf") -> Path:
    """Write to the first of stem.pdf, stem-2.pdf, … that is free, claimed atomically, so
    two sheets made at the same moment can never land on one name."""
    def claim(temp: str) -> Path:
        number = 1
        while True:
            candidate = folder / (f"{stem}{suffix}" if number == 1 else
                                  f"{stem}-{number}{suffix}")
            try:
                os.link(temp, candidate)  # fails, rather than replaces, if the name is taken
            except FileExistsError:
                number += 1
                continue
            os.unlink(temp)
            return candidate

    return _place(folder, data, mode, claim)


_TEMP_PREFIX = ".careprint."
_swept: set[Path] = set()


def _sweep(folder: Path) -> None:
    """Remove part files left by a run that was killed (power cut, kill -9) before it could
    tidy up. The writer's process id is in the name: a part file of a process still running
    (a parallel batch, a second sheet) is left alone."""
    where = folder.resolve()  # the same folder, whatever the working directory
    if where in _swept:
        return
    _swept.add(where)
    for part in folder.glob(f"{_TEMP_PREFIX}*.part"):
        pid = part.name[len(_TEMP_PREFIX):].split(".", 1)[0]
        if pid.isdigit() and not _running(int(pid)):
            part.unlink(missing_ok=True)


def _running(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True  # someone else's process
    return True


def _place(folder: Path, data: bytes, mode: int, finish) -> Path:
    try:
        folder.mkdir(parents=True, exist_ok=True, mode=0o700 if mode == PRIVATE else 0o777)
        _sweep(folder)
        handle, temp = tempfile.mkstemp(prefix=f"{_TEMP_PREFIX}{os.getpid()}.", suffix=".part",
                                        dir=folder)
    except OSError as err:
        msg = f"cannot write to {folder}: {err.strerror}"
        raise CareprintError(msg) from err
    try:
        with os.fdopen(handle, "wb") as f:
            f.write(data)
            f.flush()
            os.fsync(f.fileno())
        os.chmod(temp, mode)
        return finish(temp)
    except BaseException as err:
        Path(temp).unlink(missing_ok=True)
        if isinstance(err, OSError):
            msg = f"cannot write to {folder}: {err.strerror}"
            raise CareprintError(msg) from err
        raise
