"""Brand colours that print legibly: text contrast (WCAG AA) on screen and in greyscale.

careprint prints headings, exercise numbers and the letterhead in the clinic's primary colour
on white, white text on primary bands, and body text on the accent tint. Each pair must reach
4.5:1 (WCAG AA for normal text). Many clinics print on a black-and-white laser printer, whose
driver turns colour into grey by plain averaging as often as by luminance: the pairs must
also reach 4.5:1 after either conversion, or a red heading can vanish into a grey box.
"""

from __future__ import annotations

from collections.abc import Callable

from careprint.library.load import field_mark
from careprint.library.model import Clinic
from careprint.problems import Problem, warning

AA = 4.5
WHITE = "#FFFFFF"
TEXT = "#1B1B1B"  # body text, as render/styles.py prints it

RGB = tuple[float, float, float]


def _rgb(colour: str) -> RGB:
    value = colour.lstrip("#")
    return tuple(int(value[i:i + 2], 16) / 255 for i in (0, 2, 4))  # type: ignore[return-value]


def _linear(channel: float) -> float:
    return channel / 12.92 if channel <= 0.04045 else ((channel + 0.055) / 1.055) ** 2.4


def luminance(rgb: RGB) -> float:
    r, g, b = (_linear(c) for c in rgb)
    return 0.2126 * r + 0.7152 * g + 0.0722 * b


def contrast(a: RGB, b: RGB) -> float:
    light, dark = sorted((luminance(a), luminance(b)), reverse=True)
    return (light + 0.05) / (dark + 0.05)


def _grey_by_luminance(rgb: RGB) -> RGB:
    grey = 0.299 * rgb[0] + 0.587 * rgb[1] + 0.114 * rgb[2]
    return (grey, grey, grey)


def _grey_by_average(rgb: RGB) -> RGB:
    grey = sum(rgb) / 3
    return (grey, grey, grey)


PRINTS: dict[str, Callable[[RGB], RGB]] = {
    "on screen and in colour print": lambda rgb: rgb,
    "in greyscale print": _grey_by_luminance,
    "in greyscale print (averaging drivers)": _grey_by_average,
}


def colour_problems(clinic: Clinic) -> list[Problem]:
    # Contrast is symmetric: one pair covers headings on white and white text on the bands.
    pairs = [("primary", clinic.colours.primary, WHITE,
              "headings on white, and white text on the primary bands,"),
             ("accent", TEXT, clinic.colours.accent, "body text on the accent tint")]
    found: list[Problem] = []
    for field, fore, back, what in pairs:
        for how, convert in PRINTS.items():
            ratio = contrast(convert(_rgb(fore)), convert(_rgb(back)))
            if ratio < AA:
                found.append(warning(
                    f"colours.{field}: {what} contrast {ratio:.1f}:1 {how}; text needs "
                    f"{AA}:1", field_mark(clinic.at.path, f"colours.{field}"),
                    "choose a darker primary colour" if field == "primary"
                    else "choose a lighter accent tint"))
                break  # one warning a pair: the first way it fails
    return found
