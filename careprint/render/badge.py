"""The exercise's number in a small disc on the top-left corner of its picture or figure."""

from __future__ import annotations

from typing import Any

from reportlab.lib import colors

from careprint.render.styles import PICTURES, StyleSheet


def badge_size(sheet: StyleSheet) -> float:
    """The number's type size; the disc is 1.7 times as wide."""
    return max(sheet.body * 0.75, PICTURES.caption_size)


def badge_diameter(sheet: StyleSheet) -> float:
    return badge_size(sheet) * 0.85 * 2


def draw_badge(canvas: Any, sheet: StyleSheet, left: float, top: float, number: str) -> None:
    """The disc with its top-left corner 1 point inside (left, top)."""
    size = badge_size(sheet)
    radius = size * 0.85
    x, y = left + radius + 1, top - radius - 1
    canvas.saveState()
    canvas.setFillColor(sheet.primary)
    canvas.setStrokeColor(colors.white)
    canvas.setLineWidth(0.8)
    canvas.circle(x, y, radius, stroke=1, fill=1)
    canvas.setFillColor(colors.white)
    canvas.setFont(sheet.fonts.bold, size)
    canvas.drawCentredString(x, y - size * 0.36, number)
    canvas.restoreState()
