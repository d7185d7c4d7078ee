"""A figure's drawing as PDF drawing operators, written once and reused.

ReportLab's general drawing renderer saves, compares and restores the whole graphics state
for every shape; a figure of thirty rounded lines then costs a sheet more than its text. A
figure uses five kinds of shape, all with plain colours and no text, so its operators are
written here directly: one string per drawing, which every sheet that prints the figure
appends as it is (`Canvas.addLiteral`).
"""

from __future__ import annotations

from reportlab.graphics.shapes import Circle, Drawing, Group, Line, PolyLine, Polygon, Rect
from reportlab.lib.rl_accel import fp_str

_KAPPA = 0.5522847498  # a circle's quarter as one Bezier curve


def drawing_ops(drawing: Drawing) -> str:
    """The drawing's operators, in its own coordinates (0, 0 at its bottom left)."""
    out: list[str] = []
    for node in drawing.contents:
        _node(node, out)
    return "\n".join(out)


def _node(node, out: list[str]) -> None:
    if isinstance(node, Group):
        out.append("q " + fp_str(*node.transform) + " cm")
        for child in node.contents:
            _node(child, out)
        out.append("Q")
        return
    paint = _paint(node)
    if not paint:
        return
    out.append(_state(node))
    if isinstance(node, PolyLine):
        out.append(_path(node.points) + " " + paint)
    elif isinstance(node, Polygon):
        out.append(_path(node.points) + " h " + paint)
    elif isinstance(node, Line):
        out.append(_path([node.x1, node.y1, node.x2, node.y2]) + " " + paint)
    elif isinstance(node, Circle):
        out.append(_circle(node.cx, node.cy, node.r) + " " + paint)
    elif isinstance(node, Rect):
        out.append(_rect(node) + " " + paint)
    else:
        raise TypeError(f"a figure has no {type(node).__name__}")


def _paint(node) -> str:
    """The painting operator for the node's stroke and fill: S, f, B or nothing."""
    fill = getattr(node, "fillColor", None) is not None and not isinstance(node, (PolyLine, Line))
    stroke = getattr(node, "strokeColor", None) is not None
    return {(True, True): "B", (True, False): "f", (False, True): "S"}.get((fill, stroke), "")


def _state(node) -> str:
    parts = []
    fill = getattr(node, "fillColor", None)
    if fill is not None:
        parts.append(fp_str(fill.red, fill.green, fill.blue) + " rg")
    stroke = getattr(node, "strokeColor", None)
    if stroke is not None:
        parts.append(fp_str(stroke.red, stroke.green, stroke.blue) + " RG")
        parts.append(fp_str(node.strokeWidth) + " w")
        parts.append(f"{getattr(node, 'strokeLineCap', 0) or 0} J")
        parts.append(f"{getattr(node, 'strokeLineJoin', 0) or 0} j")
    return " ".join(parts)


def _path(points: list[float]) -> str:
    pairs = [points[i:i + 2] for i in range(0, len(points), 2)]
    first, rest = pairs[0], pairs[1:]
    return " ".join([fp_str(*first) + " m", *(fp_str(*p) + " l" for p in rest)])


def _circle(cx: float, cy: float, r: float) -> str:
    k = r * _KAPPA
    return " ".join([
        fp_str(cx + r, cy) + " m",
        fp_str(cx + r, cy + k, cx + k, cy + r, cx, cy + r) + " c",
        fp_str(cx - k, cy + r, cx - r, cy + k, cx - r, cy) + " c",
        fp_str(cx - r, cy - k, cx - k, cy - r, cx, cy - r) + " c",
        fp_str(cx + k, cy - r, cx + r, cy - k, cx + r, cy) + " c h"])


def _rect(rect: Rect) -> str:
    x, y, w, h = rect.x, rect.y, rect.width, rect.height
    r = min(rect.rx or 0, w / 2, h / 2)
    if not r:
        return fp_str(x, y, w, h) + " re"
    k = r * _KAPPA
    return " ".join([
        fp_str(x + r, y) + " m", fp_str(x + w - r, y) + " l",
        fp_str(x + w - r + k, y, x + w, y + r - k, x + w, y + r) + " c",
        fp_str(x + w, y + h - r) + " l",
        fp_str(x + w, y + h - r + k, x + w - r + k, y + h, x + w - r, y + h) + " c",
        fp_str(x + r, y + h) + " l",
        fp_str(x + r - k, y + h, x, y + h - r + k, x, y + h - r) + " c",
        fp_str(x, y + r) + " l",
        fp_str(x, y + r - k, x + r - k, y, x + r, y) + " c h"])
