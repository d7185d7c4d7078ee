"""Joint angles to a body: forward kinematics from the posture, then the body put on its support.

The body is a chain of rigid segments with Winter's proportions (figures.proportions), height
1. Its own axes: x forward, y up, z to its right. The world's: x to the right of the page in
a side view, y up from the floor (y = 0), z toward the viewer of a side view. A posture turns
the body into the world (lying on the back: head to the left, face up); then the body is
turned about its first support until its second touches too (a bridge pivots on the
shoulders until the feet are down), lowered onto the floor, and flat feet are set flat.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

from careprint.figures import proportions as P
from careprint.figures.vocabulary import MOTIONS, POSTURES, SIDES, Posture

Vec = tuple[float, float, float]
Mat = tuple[Vec, Vec, Vec]  # rows

# The segments of a limb, for drawing and for testing that lengths never change.
LEG_POINTS = ("hip", "knee", "ankle")
ARM_POINTS = ("shoulder", "elbow", "wrist", "hand")
SEGMENT_LENGTHS = {
    ("pelvis", "waist"): P.TRUNK / 2, ("waist", "chest"): P.TRUNK / 2,
    **{(f"{s}_hip", f"{s}_knee"): P.THIGH for s in SIDES},
    **{(f"{s}_knee", f"{s}_ankle"): P.SHANK for s in SIDES},
    **{(f"{s}_shoulder", f"{s}_elbow"): P.UPPER_ARM for s in SIDES},
    **{(f"{s}_elbow", f"{s}_wrist"): P.FOREARM for s in SIDES},
}


@dataclass(frozen=True, slots=True)
class Pose:
    """One frame of a figure: named points in the world, the floor at y = 0."""

    points: dict[str, Vec]
    angles: dict[str, float]  # every motion, sided ones as left_hip, right_hip…
    posture: str
    seat_height: float | None = None  # the chair's seat, when the body sits on one

    def radius(self, name: str) -> float:
        return point_radius(name)

    def lowest(self, names=None) -> float:
        """The lowest y any drawn part reaches, its thickness included."""
        return _lowest(self.points, names or tuple(self.points))


def point_radius(name: str) -> float:
    if name == "head":
        return P.HEAD_RADIUS
    if name in ("pelvis", "waist", "chest"):
        return P.TRUNK_WIDTH / 2
    return P.LIMB_WIDTH / 2


# --- rotations ---------------------------------------------------------------------------------

def _rot_x(deg: float) -> Mat:
    c, s = math.cos(math.radians(deg)), math.sin(math.radians(deg))
    return ((1, 0, 0), (0, c, -s), (0, s, c))


def _rot_y(deg: float) -> Mat:
    c, s = math.cos(math.radians(deg)), math.sin(math.radians(deg))
    return ((c, 0, s), (0, 1, 0), (-s, 0, c))


def _rot_z(deg: float) -> Mat:
    c, s = math.cos(math.radians(deg)), math.sin(math.radians(deg))
    return ((c, -s, 0), (s, c, 0), (0, 0, 1))


# Written out: a figure makes thousands of these, and a sheet should not wait for them.
def _mul(a: Mat, b: Mat) -> Mat:
    (a0, a1, a2), (a3, a4, a5), (a6, a7, a8) = a
    (b0, b1, b2), (b3, b4, b5), (b6, b7, b8) = b
    return ((a0 * b0 + a1 * b3 + a2 * b6, a0 * b1 + a1 * b4 + a2 * b7,
             a0 * b2 + a1 * b5 + a2 * b8),
            (a3 * b0 + a4 * b3 + a5 * b6, a3 * b1 + a4 * b4 + a5 * b7,
             a3 * b2 + a4 * b5 + a5 * b8),
            (a6 * b0 + a7 * b3 + a8 * b6, a6 * b1 + a7 * b4 + a8 * b7,
             a6 * b2 + a7 * b5 + a8 * b8))


def _apply(m: Mat, v: Vec) -> Vec:
    (m0, m1, m2), (m3, m4, m5), (m6, m7, m8) = m
    x, y, z = v
    return (m0 * x + m1 * y + m2 * z, m3 * x + m4 * y + m5 * z, m6 * x + m7 * y + m8 * z)


def _add(a: Vec, b: Vec) -> Vec:
    return (a[0] + b[0], a[1] + b[1], a[2] + b[2])


def _chain(*mats: Mat) -> Mat:
    out = mats[0]
    for m in mats[1:]:
        out = _mul(out, m)
    return out


_ORIENTATIONS: dict[str, Mat] = {
    "upright": _rot_z(0),
    "on-back": _rot_z(90),  # head to the left, face up
    "on-front": _rot_z(-90),  # head to the right, face down
    # on the left side, right side up, facing the viewer of a side view, head to the right
    "on-side": ((0, 1, 0), (0, 0, 1), (1, 0, 0)),
}


# --- angles ------------------------------------------------------------------------------------

def full_angles(posture: Posture, *changes: dict[str, float]) -> dict[str, float]:
    """Every motion's angle: zero, then the posture's, then each frame's changes in turn.
    A bare limb motion (`hip`) sets both sides."""
    angles = {}
    for motion in MOTIONS.values():
        for key in ([f"{s}_{motion.name}" for s in SIDES] if motion.sided else [motion.name]):
            angles[key] = 0.0
    for given in (posture.angles, *changes):
        for key, value in given.items():
            motion = MOTIONS.get(key)
            if motion is not None and motion.sided:
                for side in SIDES:
                    angles[f"{side}_{key}"] = float(value)
            else:
                angles[key] = float(value)
    return angles


# --- forward kinematics ------------------------------------------------------------------------

def _turn(deg: float) -> Mat:
    """Turn about the long axis to the right (positive) or left."""
    return _rot_y(-deg)


def body_points(posture: Posture, a: dict[str, float]) -> dict[str, Vec]:
    """Every point of the body for these angles, turned into the world by the posture
    (not yet placed on the floor)."""
    root = _ORIENTATIONS[posture.orientation]
    # Lying on the back the shoulders stay flat: a trunk rotation rolls the pelvis and legs.
    pelvis_frame = _mul(root, _turn(-a["trunk_rotation"])) if posture.orientation == "on-back" \
        else root
    trunk, back, bend = a["trunk"], a["back"], a["trunk_side_bend"]
    pts: dict[str, Vec] = {"pelvis": (0.0, 0.0, 0.0)}
    lumbar = _chain(pelvis_frame, _rot_z(-(trunk / 2 - back)), _rot_x(bend / 2))
    pts["waist"] = _add(pts["pelvis"], _apply(lumbar, (0, P.TRUNK / 2, 0)))
    thoracic = _chain(pelvis_frame, _rot_z(-(trunk + back)), _rot_x(bend))
    pts["chest"] = _add(pts["waist"], _apply(thoracic, (0, P.TRUNK / 2, 0)))
    # The shoulders and neck follow the whole trunk's bend, not the curve of the back, so
    # rounding the back on hands and knees leaves the arms under the shoulders.
    girdle = _chain(pelvis_frame, _rot_z(-trunk), _rot_x(bend), _turn(a["trunk_rotation"]))
    neck = _chain(girdle, _rot_z(-a["neck"]), _rot_x(a["neck_side_bend"]),
                  _turn(a["neck_rotation"]))
    pts["neck"] = _add(pts["chest"], _apply(neck, (0, P.NECK, 0)))
    head = _mul(neck, _rot_z(-a["head"]))
    pts["head"] = _add(pts["neck"], _apply(head, (0.012, P.HEAD_RADIUS * 0.8, 0)))
    pts["nose"] = _add(pts["head"], _apply(head, (P.HEAD_RADIUS * 0.95, -0.012, 0)))
    for side in SIDES:
        s = 1 if side == "right" else -1
        _arm(pts, side, s, girdle, a)
        _leg(pts, side, s, pelvis_frame, a)
    return pts


def _arm(pts: dict[str, Vec], side: str, s: int, girdle: Mat, a: dict[str, float]) -> None:
    # Drawing the shoulder blades back takes the shoulders back with them (5 cm at most).
    back = -0.03 * math.sin(math.radians(a["shoulder_blades"])) * 2
    shoulder = _add(pts["chest"], _apply(girdle, (back, -0.012, s * P.SHOULDER_WIDTH / 2)))
    upper = _chain(girdle, _rot_z(a[f"{side}_shoulder"]),
                   _rot_x(-s * a[f"{side}_shoulder_abduction"]),
                   _rot_y(-s * a[f"{side}_shoulder_rotation"]))
    elbow = _add(shoulder, _apply(upper, (0, -P.UPPER_ARM, 0)))
    fore = _mul(upper, _rot_z(a[f"{side}_elbow"]))
    wrist = _add(elbow, _apply(fore, (0, -P.FOREARM, 0)))
    hand = _add(wrist, _apply(_mul(fore, _rot_z(a[f"{side}_wrist"])), (0, -P.HAND * 0.6, 0)))
    pts.update({f"{side}_shoulder": shoulder, f"{side}_elbow": elbow, f"{side}_wrist": wrist,
                f"{side}_hand": hand})


def _leg(pts: dict[str, Vec], side: str, s: int, pelvis: Mat, a: dict[str, float]) -> None:
    hip = _add(pts["pelvis"], _apply(pelvis, (0, 0, s * P.HIP_WIDTH / 2)))
    thigh = _chain(pelvis, _rot_z(a[f"{side}_hip"]), _rot_x(-s * a[f"{side}_hip_abduction"]),
                   _rot_y(-s * a[f"{side}_hip_rotation"]))
    knee = _add(hip, _apply(thigh, (0, -P.THIGH, 0)))
    shank = _mul(thigh, _rot_z(-a[f"{side}_knee"]))
    ankle = _add(knee, _apply(shank, (0, -P.SHANK, 0)))
    foot = _mul(shank, _rot_z(a[f"{side}_ankle"]))
    sole = P.ANKLE_HEIGHT - P.LIMB_WIDTH / 2  # the sole's line, a limb's half-width down
    heel = _add(ankle, _apply(foot, (-P.HEEL_BACK, -sole, 0)))
    toe = _add(ankle, _apply(foot, (P.FOOT - P.HEEL_BACK, -sole, 0)))
    pts.update({f"{side}_hip": hip, f"{side}_knee": knee, f"{side}_ankle": ankle,
                f"{side}_heel": heel, f"{side}_toe": toe})


# --- placing on the support --------------------------------------------------------------------

# Parts that stay on the floor when the body pivots (a bridge): the head nods and the arms
# stay down by as much as the trunk turns. +1: the angle grows with the turn.
_STAY_DOWN = {"neck": 1, "left_shoulder": -1, "right_shoulder": -1}


def pose(posture_name: str, angles: dict[str, float], flat_ankles: tuple[str, ...] = (),
         stay_down: tuple[str, ...] = ()) -> Pose:
    """The body for these angles, resting on its support. Feet of `flat_ankles` sides are
    turned flat on the floor, and the `stay_down` parts (of _STAY_DOWN) stay on it when the
    body pivots: their angles were not given, so they do what a body does."""
    posture = POSTURES[posture_name]
    given = dict(angles)
    angles = dict(angles)
    for _ in range(2):  # placing may tilt the body; feet and arms follow the tilt once more
        points, turn = _placed(posture, body_points(posture, angles))
        for key in stay_down:
            motion = MOTIONS[key.split("_")[-1]]
            value = given[key] + _STAY_DOWN[key] * turn
            angles[key] = max(motion.low, min(motion.high, value))
        for side in flat_ankles:
            angles[f"{side}_ankle"] += _foot_tilt(points, side)
            limit = MOTIONS["ankle"]
            angles[f"{side}_ankle"] = max(limit.low, min(limit.high, angles[f"{side}_ankle"]))
    points, _ = _placed(posture, body_points(posture, angles))
    seat = None
    if posture.seat:
        seat = min(points[f"{s}_hip"][1] for s in SIDES) - P.LIMB_WIDTH / 2
    return Pose(points, angles, posture_name, seat)


def _foot_tilt(points: dict[str, Vec], side: str) -> float:
    """Degrees the ankle must turn (toes up, positive) to bring the sole level."""
    heel, toe = points[f"{side}_heel"], points[f"{side}_toe"]
    dx = math.hypot(toe[0] - heel[0], toe[2] - heel[2])
    tilt = math.degrees(math.atan2(toe[1] - heel[1], dx))
    return -tilt


def _placed(posture: Posture, points: dict[str, Vec]) -> tuple[dict[str, Vec], float]:
    """The body set down on the floor, and the degrees it turned to rest on both supports."""
    turn = 0.0
    if posture.pivot is not None:
        points, turn = _pivoted(points, *posture.pivot)
    low = _lowest(points, tuple(points))
    return {n: (p[0], p[1] - low, p[2]) for n, p in points.items()}, turn


def _lowest(points: dict[str, Vec], names: tuple[str, ...]) -> float:
    """The lowest y the parts reach, thickness included (the nose is only a mark on the
    head, which carries the weight)."""
    return min(points[n][1] - point_radius(n) for n in names if n != "nose")


def _pivoted(points: dict[str, Vec], first: tuple[str, ...], second: tuple[str, ...]
             ) -> tuple[dict[str, Vec], float]:
    """The body turned (about the viewer's axis, through the first support) until the second
    support is as low as the first: both rest on the floor."""
    centre = min((points[n] for n in first), key=lambda p: p[1])

    def turned(deg: float, names) -> dict[str, Vec]:
        m = _rot_z(deg)
        return {n: _add(centre, _apply(m, (points[n][0] - centre[0], points[n][1] - centre[1],
                                            points[n][2] - centre[2]))) for n in names}

    supports = (*first, *second)

    def gap(deg: float) -> float:  # only the supports are turned while searching
        moved = turned(deg, supports)
        return _lowest(moved, second) - _lowest(moved, first)

    # Only a support that hangs below the first lifts the body (a bridge's feet, the hands
    # on all fours); one above it (a leg in the air) leaves the body lying as it is.
    if gap(0) >= 0:
        return points, 0.0
    low, high = 0.0, 0.0
    while gap(high) < 0 and high < 80:
        low, high = high, high + 2
    for _ in range(8):  # 2 degrees halved 8 times: to a hundredth of a degree
        mid = (low + high) / 2
        low, high = (mid, high) if gap(mid) < 0 else (low, mid)
    return turned(high, points), high


# --- mirroring ---------------------------------------------------------------------------------

def swap_sides(name: str) -> str:
    for side, other in (("left_", "right_"), ("right_", "left_")):
        if name.startswith(side):
            return other + name[len(side):]
    return name


def mirrored(frame: Pose, axis: int) -> Pose:
    """The same pose done with the other side: the body reflected across the plane of its
    middle (world axis 0 for side views, 2 for front views), left and right swapped. A body
    is its own mirror image, so this is exactly the other side's movement."""
    def reflect(p: Vec) -> Vec:
        return tuple(-c if i == axis else c for i, c in enumerate(p))  # type: ignore

    points = {swap_sides(n): reflect(p) for n, p in frame.points.items()}
    angles = {swap_sides(k): v for k, v in frame.angles.items()}
    for key in ("trunk_rotation", "trunk_side_bend", "neck_rotation", "neck_side_bend"):
        angles[key] = -angles[key]
    return Pose(points, angles, frame.posture, frame.seat_height)
