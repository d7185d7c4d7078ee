"""The methods `dataclasses` writes for each class, compiled once per machine, not per start.

For every dataclass, Python writes the source of its `__init__`, `__repr__`, `__eq__`,
`__hash__` and (when frozen) `__setattr__`, and compiles it with `exec` when the class is
defined. careprint defines some sixty on the way to a sheet: compiling them was a seventh of a
cold `careprint sheet`. While `compiled_dataclasses()` is active, that source is looked up in a
cache of code objects, as Python keeps modules' bytecode in `.pyc` files and Jinja2 keeps
compiled templates: the same source gives the same code, so the classes are exactly as before.

The cache is one file in careprint's private cache folder (see careprint.cache), named by the
Python version and the marshal format. Its entries are found by the SHA-256 of the source and
the file starts with the SHA-256 of the rest: a damaged entry is compiled afresh, never run.
"""

from __future__ import annotations

import builtins
import dataclasses
import hashlib
import marshal
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from types import CodeType
from typing import Any

from careprint.cache import cache_dir, read_checked, write_checked

FORMAT = b"careprint-class-code-1"
_MOST_ENTRIES = 4000  # a cache that grew past this (many careprint versions) starts over


@contextmanager
def compiled_dataclasses() -> Iterator[None]:
    """Classes defined inside take their generated methods from the cache."""
    folder = cache_dir("class-code")
    if folder is None or hasattr(dataclasses, "exec"):  # no cache, or already active
        yield
        return
    path = folder / f"{_version_key()}.bin"
    stored = _read(path)
    added: dict[bytes, bytes] = {}

    def exec_cached(source: Any, globals: Any = None, locals: Any = None) -> None:
        if not isinstance(source, str):
            return builtins.exec(source, globals, locals)
        builtins.exec(_code(source, stored, added), globals, locals)
        return None

    dataclasses.exec = exec_cached  # the name `dataclasses` calls; the builtin is untouched
    try:
        yield
    finally:
        del dataclasses.exec
        if added:
            merged = {**stored, **added} if len(stored) + len(added) <= _MOST_ENTRIES else added
            _write(path, merged)


def _code(source: str, stored: dict[bytes, bytes], added: dict[bytes, bytes]) -> CodeType:
    key = hashlib.sha256(source.encode()).digest()
    blob = stored.get(key) or added.get(key)
    if blob is not None:
        try:
            code = marshal.loads(blob)
        except (EOFError, ValueError, TypeError):
            code = None
        if isinstance(code, CodeType):
            return code
    code = compile(source, "<string>", "exec")  # the name dataclasses itself gives
    added[key] = marshal.dumps(code)
    return code


def _version_key() -> str:
    versions = f"{sys.version}|{sys.implementation.cache_tag}|{marshal.version}".encode()
    return hashlib.sha256(FORMAT + versions).hexdigest()[:32]


def _read(path: Any) -> dict[bytes, bytes]:
    payload = read_checked(path)
    if payload is None:
        return {}
    try:
        entries = marshal.loads(payload)
    except (EOFError, ValueError, TypeError):
        return {}
    if not isinstance(entries, dict):
        return {}
    return {k: v for k, v in entries.items() if isinstance(k, bytes) and isinstance(v, bytes)}


def _write(path: Any, entries: dict[bytes, bytes]) -> None:
    write_checked(path, marshal.dumps(entries))
