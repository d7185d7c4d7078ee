"""How a build prints: paper size, print size, what to do with characters the font lacks, and
the language."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True, slots=True)
class Options:
    """How documents are printed: paper, print size, language, and what to allow."""

    size: str | None = None
    print_size: str = "standard"
    allow_missing_glyphs: bool = False
    language: str | None = None  # None: the clinic's `language`

