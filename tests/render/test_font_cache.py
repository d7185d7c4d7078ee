"""Fonts parsed once per machine: the stored parse must be the parse, and never be trusted
when damaged."""

from __future__ import annotations

import os
import stat
from pathlib import Path

import pytest

from careprint.render.assets import DEFAULT_FONTS
from careprint.render.font_cache import load_font

FONT = DEFAULT_FONTS.regular


@pytest.fixture
def cache(tmp_path, monkeypatch) -> Path:
    monkeypatch.setenv("CAREPRINT_CACHE_DIR", str(tmp_path / "cache"))
    return tmp_path / "cache" / "fonts"


def comparable(font) -> dict:
    face = dict(vars(font.face))
    face.pop("_pdfScale")
    return face


def test_a_stored_font_is_the_parsed_font(cache):
    parsed = load_font("parsed", FONT, FONT.read_bytes())
    assert len(list(cache.iterdir())) == 1
    stored = load_font("stored", FONT, FONT.read_bytes())
    assert stored.face is not parsed.face
    assert comparable(stored) == comparable(parsed)
    assert stored.face._pdfScale(2048) == parsed.face._pdfScale(2048)
    text = "Łukasz Nguyễn: 10 times, hold 5 seconds"
    assert stored.stringWidth(text, 12) == parsed.stringWidth(text, 12)
    subset = sorted(ord(c) for c in set(text))
    assert stored.face.makeSubset(subset) == parsed.face.makeSubset(subset)


def test_the_cache_is_private(cache):
    load_font("private", FONT, FONT.read_bytes())
    entry = next(cache.iterdir())
    assert stat.S_IMODE(cache.stat().st_mode) == 0o700
    assert stat.S_IMODE(entry.stat().st_mode) == 0o600


@pytest.mark.parametrize("damage", ["flip", "truncate", "empty"])
def test_a_damaged_entry_is_parsed_again_and_replaced(cache, damage):
    good = comparable(load_font("first", FONT, FONT.read_bytes()))
    entry = next(cache.iterdir())
    blob = entry.read_bytes()
    entry.write_bytes({"flip": blob[:5000] + bytes([blob[5000] ^ 0xFF]) + blob[5001:],
                       "truncate": blob[: len(blob) // 2], "empty": b""}[damage])
    assert comparable(load_font("again", FONT, FONT.read_bytes())) == good
    assert entry.read_bytes() == blob


def test_no_cache_folder_still_works(tmp_path, monkeypatch):
    blocker = tmp_path / "a-file"
    blocker.write_text("not a folder")
    monkeypatch.setenv("CAREPRINT_CACHE_DIR", str(blocker))
    font = load_font("uncached", FONT, FONT.read_bytes())
    assert font.stringWidth("abc", 10) > 0
    assert blocker.read_text() == "not a folder"


def test_a_different_font_gets_its_own_entry(cache):
    load_font("regular", FONT, FONT.read_bytes())
    bold = DEFAULT_FONTS.bold
    font = load_font("bold", bold, bold.read_bytes())
    assert len(list(cache.iterdir())) == 2
    assert font.face.charWidths != load_font("again", FONT, FONT.read_bytes()).face.charWidths
