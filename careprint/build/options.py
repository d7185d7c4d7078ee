"""How a build prints: paper size, print size, and what to do with characters the font lacks."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True, slots=True)
class Options:
    size: str | None = None
    print_size: str = "standard"
    allow_missing_glyphs: bool = False

