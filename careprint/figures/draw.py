"""A scene as a ReportLab drawing: a pictogram of rounded limbs of one width, in the clinic's
colour, the far-side limbs lighter, the start frame ghosted behind the end frame, a motion
arrow, the floor and the props.

Tones are mixes of the clinic's colour with white, chosen so the near side, the far side and
the ghost stay three distinct greys on a black-and-white laser printer.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

from reportlab.graphics.shapes import Circle, Drawing, Group, Line, PolyLine, Polygon, Rect
from reportlab.lib import colors

from careprint.figures import proportions as P
from careprint.figures.pose import Pose, Vec
from careprint.figures.scene import Scene
from careprint.figures.vocabulary import POSTURES, SIDES


@dataclass(frozen=True, slots=True)
class FigureStyle:
    """How figures look: tones as the share of white mixed into the clinic's colour."""

    far_tint: float = 0.50  # the limbs on the far side
    ghost_tint: float = 0.80  # the start frame, behind the end frame
    ghost_far_tint: float = 0.87
    prop_line: str = "#7D848C"  # floor and props: a neutral grey, never the clinic's colour
    prop_fill: str = "#E4E7EB"
    arrow: str = "#2B2B2B"
    margin: float = 0.04  # around the figure, in body heights
    floor_width: float = 0.018
    arrow_width: float = 0.016


FIGURE_STYLE = FigureStyle()

Point2 = tuple[float, float]


# --- projection ----------------------------------------------------------------------------

_ABOVE = math.radians(50)  # the "above" view looks down at 50 degrees


def project(view: str, p: Vec) -> tuple[float, float, float]:
    """(page x, page y, depth: larger is nearer the viewer) for a world point."""
    x, y, z = p
    if view == "front":
        return -z, y, x
    if view == "top":
        return x, -z, y
    if view == "above":
        return x, y * math.cos(_ABOVE) - z * math.sin(_ABOVE), \
            y * math.sin(_ABOVE) + z * math.cos(_ABOVE)
    return x, y, z


# --- the parts to draw ---------------------------------------------------------------------

@dataclass(frozen=True, slots=True)
class _Part:
    depth: float
    kind: str  # line, head, torso
    points: tuple[Point2, ...]
    width: float
    colour: colors.Color


def _tint(colour: colors.Color, white: float) -> colors.Color:
    return colors.Color(colour.red + (1 - colour.red) * white,
                        colour.green + (1 - colour.green) * white,
                        colour.blue + (1 - colour.blue) * white)


def _parts(frame: Pose, view: str, colour: colors.Color, far_colour: colors.Color
           ) -> list[_Part]:
    proj = {n: project(view, p) for n, p in frame.points.items()}

    def flat(*names: str) -> tuple[Point2, ...]:
        return tuple((proj[n][0], proj[n][1]) for n in names)

    def depth(*names: str) -> float:
        return sum(proj[n][2] for n in names) / len(names)

    middle = depth("pelvis", "chest")
    parts = []
    for side in SIDES:
        leg = (f"{side}_hip", f"{side}_knee", f"{side}_ankle")
        arm = (f"{side}_shoulder", f"{side}_elbow", f"{side}_wrist", f"{side}_hand")
        foot = (f"{side}_heel", f"{side}_toe")
        for names, root in ((leg, "pelvis"), (arm, "chest")):
            far = proj[names[0]][2] < proj[root][2] - 0.01
            tone = far_colour if far else colour
            parts.append(_Part(depth(*names), "line", flat(*names), P.LIMB_WIDTH, tone))
            if names is leg:
                parts.append(_Part(depth(*names) - 1e-4, "line", flat(f"{side}_ankle", *foot),
                                   P.LIMB_WIDTH * 0.9, tone))
    torso = flat("left_hip", "right_hip", "right_shoulder", "left_shoulder")
    parts.append(_Part(middle, "torso", torso, P.LIMB_WIDTH, colour))
    parts.append(_Part(middle + 1e-4, "line", flat("pelvis", "waist", "chest"), P.TRUNK_WIDTH,
                       colour))
    parts.append(_Part(depth("neck") + 2e-4, "line", flat("chest", "neck"), P.LIMB_WIDTH * 1.2,
                       colour))
    parts.append(_Part(depth("head") + 3e-4, "head", flat("head", "nose"), P.HEAD_RADIUS, colour))
    return sorted(parts, key=lambda part: part.depth)


def _shape(part: _Part) -> list:
    if part.kind == "head":
        (hx, hy), (nx, ny) = part.points
        return [Circle(nx, ny, part.width * 0.32, fillColor=part.colour, strokeColor=None),
                Circle(hx, hy, part.width, fillColor=part.colour, strokeColor=None)]
    if part.kind == "torso":
        return [Polygon([c for p in part.points for c in p], fillColor=part.colour,
                        strokeColor=part.colour, strokeWidth=part.width, strokeLineJoin=1)]
    return [PolyLine([c for p in part.points for c in p], strokeColor=part.colour,
                     strokeWidth=part.width, strokeLineCap=1, strokeLineJoin=1,
                     fillColor=None)]


# --- props ---------------------------------------------------------------------------------

def _props(scene: Scene, style: FigureStyle) -> tuple[list, list]:
    """Shapes behind the figure and in front of it, in body units on the page."""
    behind: list = []
    frame = scene.start or scene.end
    view = scene.view
    line = colors.HexColor(style.prop_line)
    fill = colors.HexColor(style.prop_fill)
    pts = {n: project(view, p) for n, p in frame.points.items()}
    xs = [p[0] for f in (scene.start, scene.end) if f for p in
          (project(view, q) for q in f.points.values())]
    left, right = min(xs), max(xs)
    w = P.LIMB_WIDTH * 0.45
    if "chair" in scene.props and frame.seat_height is not None and view != "top":
        seat = frame.seat_height
        if view == "front":
            half = P.HIP_WIDTH * 1.3
            x0 = pts["pelvis"][0]
            behind += [Rect(x0 - half, seat - 0.03, 2 * half, 0.03, fillColor=fill,
                            strokeColor=line, strokeWidth=w),
                       Line(x0 - half, seat - 0.03, x0 - half, 0, strokeColor=line, strokeWidth=w),
                       Line(x0 + half, seat - 0.03, x0 + half, 0, strokeColor=line, strokeWidth=w)]
        else:
            back = pts["pelvis"][0] - P.TRUNK_WIDTH / 2 - 0.01
            front = back + P.THIGH * 0.95
            behind += [Line(back, seat + 0.30, back, 0, strokeColor=line, strokeWidth=w * 1.6,
                            strokeLineCap=1),
                       Rect(back, seat - 0.03, front - back, 0.03, fillColor=fill,
                            strokeColor=line, strokeWidth=w),
                       Line(front - 0.01, seat - 0.03, front - 0.01, 0, strokeColor=line,
                            strokeWidth=w * 1.6, strokeLineCap=1)]
    elif "chair" in scene.props and view != "top":
        # Standing: a chair in front, its back at the height of the hands that hold it.
        hand = max((pts[f"{s}_wrist"] for s in SIDES), key=lambda p: p[0])
        if view == "front":
            x0 = pts["pelvis"][0]
            half = P.SHOULDER_WIDTH * 1.1  # posts outside the hips, clear of the legs
            behind += [Rect(x0 - half, hand[1] - 0.05, 2 * half, 0.05, fillColor=fill,
                            strokeColor=line, strokeWidth=w),
                       Line(x0 - half, hand[1] - 0.05, x0 - half, 0, strokeColor=line,
                            strokeWidth=w * 1.6),
                       Line(x0 + half, hand[1] - 0.05, x0 + half, 0, strokeColor=line,
                            strokeWidth=w * 1.6)]
        else:
            post = hand[0] + 0.02
            seat = 0.26
            behind += [Line(post, hand[1], post, 0, strokeColor=line, strokeWidth=w * 1.6,
                            strokeLineCap=1),
                       Rect(post, seat - 0.03, 0.22, 0.03, fillColor=fill, strokeColor=line,
                            strokeWidth=w),
                       Line(post + 0.21, seat, post + 0.21, 0, strokeColor=line,
                            strokeWidth=w * 1.6, strokeLineCap=1)]
    if "counter" in scene.props and view != "top":
        hand = max((pts[f"{s}_hand"] for s in SIDES), key=lambda p: p[0])
        top = hand[1] - P.LIMB_WIDTH / 2
        x0 = hand[0] - 0.04
        behind.append(Rect(x0, 0, 0.35, top, fillColor=fill, strokeColor=line, strokeWidth=w))
    if "wall" in scene.props:
        behind.append(Line(*_wall(scene, left, right), strokeColor=line, strokeWidth=w * 2))
    if "pillow" in scene.props:
        hx, hy = pts["head"][0], pts["head"][1]
        behind.append(Rect(hx - 0.09, 0, 0.18, max(hy - P.HEAD_RADIUS, 0.04) + 0.01,
                           rx=0.03, ry=0.03, fillColor=fill, strokeColor=line, strokeWidth=w))
    return behind + _step(scene, fill, line, w), _held(scene, fill, line)


def _wall(scene: Scene, left: float, right: float) -> tuple[float, float, float, float]:
    """A wall the hands reach forward to touch, else one behind the body."""
    end = {n: project(scene.view, p) for n, p in scene.end.points.items()}
    facing = 1 if end["nose"][0] >= end["head"][0] else -1
    frames = [f for f in (scene.start, scene.end) if f is not None]
    reach = max(project(scene.view, f.points[f"{s}_hand"])[0] * facing
                for f in frames for s in SIDES)
    if reach - end["chest"][0] * facing > 0.15:
        x = (reach + P.LIMB_WIDTH / 2) * facing
    else:
        x = (left - 0.05) if facing > 0 else (right + 0.05)
    return x, 0, x, 1.05


def _step(scene: Scene, fill, line, w: float) -> list:
    """A step under the working foot where it starts (up to its sole)."""
    if "step" not in scene.props or scene.view == "top" or not scene.working_side:
        return []
    frame = scene.start or scene.end
    side = scene.working_side
    heel = project(scene.view, frame.points[f"{side}_heel"])
    toe = project(scene.view, frame.points[f"{side}_toe"])
    top = min(heel[1], toe[1]) - P.LIMB_WIDTH / 2
    if top < 0.02:
        return []
    x0, x1 = min(heel[0], toe[0]) - 0.05, max(heel[0], toe[0]) + 0.08
    return [Rect(x0, 0, x1 - x0, top, fillColor=fill, strokeColor=line, strokeWidth=w)]


def _held(scene: Scene, fill, line) -> list:
    """Props drawn over the body: a band, a towel, a ball or a roll, placed on the end frame."""
    frame = scene.end
    pts = {n: project(scene.view, p) for n, p in frame.points.items()}
    side = scene.working_side or "right"
    width = P.LIMB_WIDTH * 0.4
    shapes: list = []

    def cord(*names: str) -> None:
        shapes.append(PolyLine([c for n in names for c in pts[n][:2]], strokeColor=line,
                               strokeWidth=width, strokeLineCap=1, strokeLineJoin=1,
                               fillColor=None))

    if "band" in scene.props:
        if scene.working_limb == "leg":
            cord("left_ankle", "right_ankle")
        else:
            cord("left_hand", "right_hand")
    if "towel" in scene.props:
        cord("left_hand", f"{side}_toe", f"{side}_heel")
    if "ball" in scene.props:
        (x0, y0), (x1, y1) = pts["left_knee"][:2], pts["right_knee"][:2]
        shapes.append(Circle((x0 + x1) / 2, (y0 + y1) / 2, 0.05, fillColor=fill,
                             strokeColor=line, strokeWidth=width))
    if "roll" in scene.props:
        knee = pts[f"{side}_knee"]
        radius = 0.035
        shapes.insert(0, Circle(knee[0], radius, radius, fillColor=fill, strokeColor=line,
                                strokeWidth=width))
    return shapes


def _ground(scene: Scene, box: tuple[float, float, float, float], style: FigureStyle) -> list:
    x0, _, x1, _ = box
    line = colors.HexColor(style.prop_line)
    fill = colors.HexColor(style.prop_fill)
    shapes = []
    if "mat" in scene.props or "bed" in scene.props:
        thick = 0.06 if "bed" in scene.props else 0.025
        xs = [project(scene.view, p)[0] for f in (scene.start, scene.end) if f
              for p in f.points.values()]
        shapes.append(Rect(min(xs) - 0.04, -thick, max(xs) - min(xs) + 0.08, thick,
                           rx=thick / 2, ry=thick / 2, fillColor=fill, strokeColor=line,
                           strokeWidth=P.LIMB_WIDTH * 0.4))
    if scene.view != "top":
        low = -0.06 if "bed" in scene.props else (-0.025 if "mat" in scene.props else 0)
        shapes.append(Line(x0, low, x1, low, strokeColor=line, strokeWidth=style.floor_width,
                           strokeLineCap=1))
    return shapes


# --- the motion arrow ----------------------------------------------------------------------

_MOVERS = ("left_hand", "right_hand", "left_ankle", "right_ankle", "left_knee", "right_knee",
           "left_shoulder", "right_shoulder",
           "head", "pelvis", "waist")


def _arrow(scene: Scene, style: FigureStyle) -> list:
    """A curved arrow beside the part that moves the most, from where it starts to where it
    ends, or around the trunk or head when they turn; none for a still picture."""
    if scene.start is None:
        return []
    turn = _turn_arrow(scene, style)
    if turn:
        return turn
    view = scene.view
    moves = []
    for name in _MOVERS:
        a = project(view, scene.start.points[name])
        b = project(view, scene.end.points[name])
        moves.append((math.hypot(b[0] - a[0], b[1] - a[1]), name, a, b))
    distance, name, a, b = max(moves)
    # When the hips travel (a bridge, a lunge, standing up), that is the movement to show.
    hips = next(m for m in moves if m[1] == "pelvis")
    if hips[0] > 0.06:
        distance, name, a, b = hips
    if distance < 0.015:
        return []
    if distance < _SHORTEST:  # a small move (a pelvic tilt) still gets an arrow to be seen
        grow = _SHORTEST / distance
        mid = ((a[0] + b[0]) / 2, (a[1] + b[1]) / 2)
        a = (mid[0] + (a[0] - mid[0]) * grow, mid[1] + (a[1] - mid[1]) * grow)
        b = (mid[0] + (b[0] - mid[0]) * grow, mid[1] + (b[1] - mid[1]) * grow)
        distance = _SHORTEST
    centre = project(view, scene.end.points["pelvis"])
    mid = ((a[0] + b[0]) / 2, (a[1] + b[1]) / 2)
    away = (mid[0] - centre[0], mid[1] - centre[1])
    size = math.hypot(*away) or 1.0
    offset = 0.10
    ux, uy = away[0] / size, away[1] / size
    start = (a[0] + ux * offset, a[1] + uy * offset)
    end = (b[0] + ux * offset, b[1] + uy * offset)
    bulge = (mid[0] + ux * (offset + distance * 0.25), mid[1] + uy * (offset + distance * 0.25))
    curve = [_bezier(start, bulge, end, t / 12) for t in range(13)]
    # Leave a little room at both ends, so the arrow never touches the body.
    return _arrow_shapes(curve[1:-1], style)


_SHORTEST = 0.09  # the shortest arrow drawn, in body heights


def _turn_arrow(scene: Scene, style: FigureStyle) -> list:
    """For a turn of the trunk or the head seen from the front: an arc around it, its head
    toward the way it turns."""
    for key, centre_name, size in (("trunk_rotation", "chest", 0.16),
                                   ("neck_rotation", "head", 0.09)):
        change = scene.end.angles[key] - scene.start.angles[key]
        # Lying on the back, a trunk rotation rolls the knees: their own arrow shows it.
        lying = POSTURES[scene.end.posture].orientation == "on-back"
        if abs(change) < 15 or scene.view == "side" or lying and key == "trunk_rotation":
            continue
        cx, cy, _ = project(scene.view, scene.end.points[centre_name])
        cy += 0.02 if key == "trunk_rotation" else P.HEAD_RADIUS + 0.03
        # The front of an ellipse around the body: from one side, under the front, to
        # the other; turning right moves the front to the viewer's left.
        sweep = [math.radians(200 + 140 * t / 16) for t in range(17)]
        arc = [(cx + size * math.cos(s), cy + size * 0.28 * math.sin(s)) for s in sweep]
        toward_viewers_left = (change > 0) == (scene.view != "top")
        if toward_viewers_left:
            arc.reverse()
        return _arrow_shapes(arc, style)
    return []


def _arrow_shapes(curve: list[Point2], style: FigureStyle) -> list:
    """A line along the curve with a filled head at its end."""
    tip, before = curve[-1], curve[-2]
    angle = math.atan2(tip[1] - before[1], tip[0] - before[0])
    head = 0.05
    wing = math.radians(28)
    arrow_colour = colors.HexColor(style.arrow)
    left = (tip[0] - head * math.cos(angle - wing), tip[1] - head * math.sin(angle - wing))
    right = (tip[0] - head * math.cos(angle + wing), tip[1] - head * math.sin(angle + wing))
    shaft = curve[:-1] + [((tip[0] + (left[0] + right[0]) / 2) / 2,
                           (tip[1] + (left[1] + right[1]) / 2) / 2)]
    return [PolyLine([c for p in shaft for c in p], strokeColor=arrow_colour,
                     strokeWidth=style.arrow_width, strokeLineCap=1, strokeLineJoin=1,
                     fillColor=None),
            Polygon([*tip, *left, *right], fillColor=arrow_colour, strokeColor=arrow_colour,
                    strokeWidth=style.arrow_width * 0.5, strokeLineJoin=1)]


def _bezier(a: Point2, c: Point2, b: Point2, t: float) -> Point2:
    return ((1 - t) ** 2 * a[0] + 2 * (1 - t) * t * c[0] + t * t * b[0],
            (1 - t) ** 2 * a[1] + 2 * (1 - t) * t * c[1] + t * t * b[1])


# --- the drawing ---------------------------------------------------------------------------

def figure_drawing(scene: Scene, width: float, max_height: float, colour: colors.Color,
                   style: FigureStyle = FIGURE_STYLE) -> Drawing:
    """The scene fitted inside width x max_height points, as short as its shape allows."""
    near = colour
    shapes_behind, shapes_over = _props(scene, style)
    body: list = []
    if scene.start is not None:
        ghost = _parts(scene.start, scene.view, _tint(near, style.ghost_tint),
                       _tint(near, style.ghost_far_tint))
        body += [s for part in ghost for s in _shape(part)]
    body += [s for part in _parts(scene.end, scene.view, near, _tint(near, style.far_tint))
             for s in _shape(part)]
    body += shapes_over
    arrow = _arrow(scene, style)
    box = _bounds([*shapes_behind, *body, *arrow], scene)
    ground = _ground(scene, box, style)
    box = _bounds([*ground, *shapes_behind, *body, *arrow], scene)
    x0, y0, x1, y1 = box
    m = style.margin
    content_w, content_h = x1 - x0 + 2 * m, y1 - y0 + 2 * m
    scale = min(width / content_w, max_height / content_h)
    height = content_h * scale
    group = Group(*ground, *shapes_behind, *body, *arrow)
    # Centred across the width; the floor at the bottom margin.
    group.translate((width - content_w * scale) / 2 + (m - x0) * scale, (m - y0) * scale)
    group.scale(scale, scale)
    drawing = Drawing(width, height)
    drawing.add(group)
    return drawing


def _bounds(shapes: list, scene: Scene) -> tuple[float, float, float, float]:
    group = Group(*shapes)
    x0, y0, x1, y1 = group.getBounds()
    # getBounds ignores stroke widths: the thickest line's half-width all round.
    pad = P.TRUNK_WIDTH / 2
    return x0 - pad, min(y0 - pad, 0 - 0.01) if scene.view != "top" else y0 - pad, \
        x1 + pad, y1 + pad
