"""TrueType fonts parsed once per machine instead of once per process.

ReportLab parses a font's tables in pure Python, about 25 ms a face: three faces cost a cold
`careprint sheet` more than laying out its pages. What the parse yields is plain data (numbers,
strings, lists and dicts: the character map and the widths), so careprint keeps it on disk with
`marshal`, which stores data only, never code. An entry is named by the SHA-256 of the font's
bytes and the ReportLab and Python versions, and starts with the SHA-256 of what follows: a
truncated, damaged or altered entry fails that check and is parsed again from the font, never
read.
"""

from __future__ import annotations

import hashlib
import marshal
from fnmatch import fnmatch
import sys
from pathlib import Path
from weakref import WeakKeyDictionary

import reportlab
from reportlab import rl_config
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTEncoding, TTFNameBytes, TTFont, TTFontFace

from careprint.cache import cache_dir, read_checked, write_checked

# Rebuilt from the font bytes and the units per em, not stored.
_NOT_STORED = frozenset({"_ttf_data", "_pdfScale", "filename"})
FORMAT = b"careprint-font-2"


def load_font(name: str, path: Path, data: bytes, digest: bytes | None = None) -> TTFont:
    """The font in `data` (the bytes of `path`) as a ReportLab TTFont named `name`; `digest`
    is the SHA-256 of `data`, when the caller has it already."""
    folder = cache_dir("fonts")
    entry = folder / f"{_key(digest or hashlib.sha256(data).digest())}.bin" if folder else None
    state = _read(entry) if entry else None
    if state is not None:
        try:
            return _font(name, path, data, state)
        except (KeyError, TypeError, ValueError, AttributeError):
            pass  # an entry from another layout of ReportLab's classes: parse afresh
    font = TTFont(name, str(path))
    if entry:
        _write(entry, font.face)
    return font


def _key(digest: bytes) -> str:
    versions = f"{reportlab.Version}|{sys.version_info[:2]}|{marshal.version}".encode()
    return hashlib.sha256(FORMAT + versions + digest).hexdigest()


def _read(entry: Path) -> dict | None:
    payload = read_checked(entry)
    if payload is None:
        return None
    try:
        state = marshal.loads(payload)
    except (EOFError, ValueError, TypeError):
        return None
    return state if isinstance(state, dict) else None


def _write(entry: Path, face: TTFontFace) -> None:
    names = {k: v.ustr for k, v in vars(face).items() if isinstance(v, TTFNameBytes)}
    plain = {k: v for k, v in vars(face).items() if k not in _NOT_STORED and k not in names}
    try:
        payload = marshal.dumps({"names": names, "plain": plain})
    except ValueError:  # a ReportLab that keeps something marshal cannot store: no cache
        return
    write_checked(entry, payload)


def _font(name: str, path: Path, data: bytes, state: dict) -> TTFont:
    """A TTFont as `TTFont(name, path)` makes it, from the stored parse."""
    face = TTFontFace.__new__(TTFontFace)
    pdfmetrics.TypeFace.__init__(face, None)
    vars(face).update(state["plain"])
    for key, text in state["names"].items():
        setattr(face, key, TTFNameBytes(text.encode("utf-8")))
    face._ttf_data, face.filename = data, str(path)
    scale = 1000 / face.unitsPerEm
    face._pdfScale = (lambda x: x) if face.unitsPerEm == 1000 else (lambda x: x * scale)
    font = TTFont.__new__(TTFont)
    font.fontName, font.face, font.encoding = name, face, TTEncoding()
    font.state = WeakKeyDictionary()
    font._asciiReadable = rl_config.ttfAsciiReadable
    font.shapable = not any(fnmatch(name, glob) for glob in rl_config.unShapedFontGlob)
    return font
