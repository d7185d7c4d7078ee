"""What a library file read as, how a figure is drawn and how an exercise's wording measures,
kept on disk for later runs.

Reading a YAML file — parsing it, marking every value with its line, checking every field — is
most of what a cold `careprint sheet` spends on the library, and nearly all of what `careprint
check` spends on a library of 2,000 exercises; posing and drawing the exercises' figures is the
largest part of a sheet that a hand-written ReportLab script would not do; measuring each
exercise's reading level was half of a check. All depend on nothing but their inputs and
careprint's code, so they are kept, as Python keeps bytecode in `.pyc` files: one entry per
result, in careprint's private cache folder (see careprint.cache).

An entry is found by the SHA-256 of its inputs (a file's path and bytes; a figure's
description, side, size and colour; an exercise's words, file, reading bar and glossary), what
was made of them, and a stamp of the code that made it (every careprint module's size and
modification time, the Python version, and the files of PyYAML, libyaml, ReportLab and Pillow).
Any change to any of them is a new key, so an entry is never used for inputs or a careprint it
was not made from. The entry starts with the SHA-256 of the rest: a damaged entry is made
afresh, never unpickled. Entries are pickles, which only the owner's private folder may hold
(careprint.cache refuses one that others could write to). An entry neither written nor read
for 30 days is deleted by a run that writes one.
"""

from __future__ import annotations

import dataclasses
import hashlib
import io
import os
import pickle
import sys
import time
from collections.abc import Callable
from functools import lru_cache
from importlib.util import find_spec
from pathlib import Path, PosixPath, WindowsPath
from typing import TypeVar

from careprint.cache import cache_dir, read_checked, write_checked

FORMAT = b"careprint-stored-read-1"
KEEP_SECONDS = 30 * 24 * 3600
_PACKAGE = Path(__file__).resolve().parent

T = TypeVar("T")

# Also in memory: `check` reads most files once per language.
_IN_MEMORY: dict[bytes, object] = {}


def remembered(path: Path, kind: str, read: Callable[[], T]) -> T:
    """What `read()` makes of the file at `path` as `kind`, made once per version of its bytes.
    A file that cannot be read is read every time, so its error is reported as it is now."""
    try:
        data = path.read_bytes()
    except OSError:
        return read()
    return remembered_value(kind, (str(path), hashlib.sha256(data).hexdigest()), read)


def remembered_value(kind: str, parts: tuple[str, ...], make: Callable[[], T]) -> T:
    """What `make()` returns for `parts`, which must name everything it depends on besides
    careprint's code: made once, then kept."""
    key = _key(kind, parts)
    if key in _IN_MEMORY:
        return _IN_MEMORY[key]  # type: ignore[return-value]
    folder = _folder(*map(os.environ.get, ("CAREPRINT_CACHE_DIR", "XDG_CACHE_HOME", "HOME")))
    entry = folder / f"{key.hex()}.pickle" if folder else None
    found = _load(entry) if entry else None
    if found is None:
        found = (make(),)
        if entry:
            _store(entry, found[0])
    _IN_MEMORY[key] = found[0]
    return found[0]  # type: ignore[return-value]


@lru_cache(maxsize=4)
def _folder(*configured: str | None) -> Path | None:
    """The entries' folder, made and checked once per run (and per configured cache folder)."""
    return cache_dir("reads")


def _key(kind: str, parts: tuple[str, ...]) -> bytes:
    digest = hashlib.sha256(code_stamp())
    for part in (kind, *parts):
        encoded = part.encode()
        digest.update(len(encoded).to_bytes(8, "big"))
        digest.update(encoded)
    return digest.digest()


@lru_cache(maxsize=1)
def code_stamp() -> bytes:
    """Changes whenever the code that makes an entry might: careprint's modules, Python,
    PyYAML (and whether libyaml is there, which the reader then uses), ReportLab and Pillow."""
    digest = hashlib.sha256(FORMAT + sys.version.encode())
    files = []
    for folder, subfolders, names in os.walk(_PACKAGE):
        subfolders[:] = sorted(name for name in subfolders if name != "__pycache__")
        files += [os.path.join(folder, name) for name in sorted(names) if name.endswith(".py")]
    # PyYAML's own files, its libyaml binding among them, ReportLab's (which draws the
    # figures) and Pillow's (which measures the logo), found without importing them.
    for package in ("yaml", "reportlab", "PIL"):
        spec = find_spec(package)
        for folder in (spec.submodule_search_locations or []) if spec else [f"no {package}"]:
            try:
                files += sorted(entry.path for entry in os.scandir(folder) if entry.is_file())
            except OSError:
                files.append(folder)
    for name in files:
        try:
            status = os.stat(name)
            digest.update(f"{name} {status.st_size} {status.st_mtime_ns}\n".encode())
        except OSError:
            digest.update(f"{name} absent\n".encode())
    return digest.digest()


def _load(entry: Path) -> tuple[object] | None:
    payload = read_checked(entry)
    if payload is None:
        return None
    try:
        found = (pickle.loads(payload),)
    except Exception:  # written by a careprint whose classes were different: read afresh
        return None
    _mark_in_use(entry)
    return found


_STILL_USED = 7 * 24 * 3600  # an entry read is marked in use at most once a week


def _mark_in_use(entry: Path) -> None:
    """The sweep keeps what was read in its last 30 days."""
    try:
        if time.time() - entry.stat().st_mtime > _STILL_USED:
            os.utime(entry)
    except OSError:
        pass


def _store(entry: Path, value: object) -> None:
    buffer = io.BytesIO()
    try:
        _Pickler(buffer, protocol=pickle.HIGHEST_PROTOCOL).dump(value)
    except Exception:  # something that cannot be pickled is simply not kept
        return
    write_checked(entry, buffer.getvalue())
    _sweep_once(entry.parent)


class _Pickler(pickle.Pickler):
    """Writes frozen dataclasses and paths in a form that loads fast: a library of 2,000
    exercises unpickles some 30,000 of them, and the standard way (a field list worked out
    per object, a path parsed again per mark) was most of a stored `check`."""

    def reducer_override(self, obj: object) -> object:
        kind = type(obj)
        if kind is PosixPath or kind is WindowsPath:
            return _path, (str(obj),)
        params = getattr(kind, "__dataclass_params__", None)
        if params is not None and params.frozen and "__slots__" in vars(kind):
            names = _field_names(kind)
            return _frozen, (kind, tuple(getattr(obj, name) for name in names))
        return NotImplemented


@lru_cache(maxsize=None)
def _field_names(kind: type) -> tuple[str, ...]:
    return tuple(field.name for field in dataclasses.fields(kind))


def _frozen(kind: type, values: tuple) -> object:
    """A frozen dataclass as its __init__ would have left it, without re-running checks."""
    made = object.__new__(kind)
    for name, value in zip(_field_names(kind), values):
        object.__setattr__(made, name, value)
    return made


@lru_cache(maxsize=4096)
def _path(text: str) -> Path:
    """One Path per text: the marks of one file share it."""
    return Path(text)


_swept: set[Path] = set()


def _sweep_once(folder: Path) -> None:
    """Delete entries not written or read for KEEP_SECONDS: old versions of edited files, and
    files of libraries long gone. Once per run, and only by a run that writes."""
    if folder in _swept:
        return
    _swept.add(folder)
    oldest = time.time() - KEEP_SECONDS
    try:
        with os.scandir(folder) as entries:
            for entry in entries:
                if entry.name.endswith(".pickle") and entry.stat().st_mtime < oldest:
                    os.unlink(entry.path)
    except OSError:
        pass
