"""The words a figure description may use: postures, joints and their limits, props and views.

Everything a clinician can write in a `figure:` block is declared here once: the schema reads
and checks against it, the pose uses it, and `careprint fields` prints it.
"""

from __future__ import annotations

from dataclasses import dataclass, field

SIDES = ("left", "right")


@dataclass(frozen=True, slots=True)
class Motion:
    """One joint movement clinicians measure, in degrees from the anatomical position."""

    name: str
    low: int  # the most the other way (extension, adduction, internal rotation…), negative
    high: int
    words: str  # what a positive angle means, for messages and the reference
    sided: bool  # a limb's: may be written left_NAME or right_NAME


# Normal adult ranges of motion, a little wider than the textbook averages so a stiff or a
# supple patient's range still passes; beyond them a joint cannot go (AAOS, Joint Motion:
# Method of Measuring and Recording, 1965; Norkin & White, Measurement of Joint Motion, 5th
# ed., 2016). Negative numbers go the other way: hip -20 is 20 degrees of extension.
MOTIONS: dict[str, Motion] = {m.name: m for m in (
    Motion("trunk", -45, 100, "bend forward (negative: lean back)", False),
    Motion("trunk_rotation", -50, 50, "turn the shoulders to the right (negative: left)", False),
    Motion("trunk_side_bend", -40, 40, "bend sideways to the right (negative: left)", False),
    Motion("back", -30, 30, "round the back (negative: arch it)", False),
    Motion("neck", -60, 50, "chin down (negative: look up)", False),
    Motion("neck_rotation", -80, 80, "turn the head to the right (negative: left)", False),
    Motion("neck_side_bend", -45, 45, "ear toward the right shoulder (negative: left)", False),
    # The top of the neck: a nod. A chin tuck is the neck back and the head nodded level.
    Motion("head", -30, 30, "nod the chin down (negative: tip the head back)", False),
    Motion("shoulder_blades", -30, 30, "draw the shoulder blades back (negative: forward)",
           False),
    Motion("shoulder", -60, 180, "raise the arm forward (negative: back)", True),
    Motion("shoulder_abduction", -40, 180, "raise the arm out to the side", True),
    Motion("shoulder_rotation", -80, 90, "turn the arm out (negative: in)", True),
    Motion("elbow", 0, 150, "bend the elbow", True),
    # A hand flat on the floor under the shoulder (on all fours) bends the wrist back 90.
    Motion("wrist", -80, 90, "turn the hand up, as when it rests flat on the floor", True),
    Motion("hip", -30, 135, "bring the thigh forward (negative: back)", True),
    Motion("hip_abduction", -30, 50, "move the leg out to the side (negative: across)", True),
    Motion("hip_rotation", -45, 60, "turn the knee out (negative: in)", True),
    Motion("knee", -5, 155, "bend the knee", True),
    # Pointing the foot (kneeling, lying on the front) bends the midfoot too: the foot as
    # drawn, one piece from the ankle, turns a little further than the ankle joint alone.
    Motion("ankle", -65, 30, "pull the toes up (negative: point them)", True),
)}


def joint_names() -> list[str]:
    """Every key a frame may use: trunk, hip (both sides), left_hip, right_hip…"""
    names = []
    for motion in MOTIONS.values():
        names.append(motion.name)
        if motion.sided:
            names += [f"{side}_{motion.name}" for side in SIDES]
    return names


def split_joint(name: str) -> tuple[str | None, Motion | None]:
    """('left', hip) for 'left_hip'; (None, hip) for 'hip', which moves both sides."""
    for side in SIDES:
        if name.startswith(side + "_"):
            motion = MOTIONS.get(name[len(side) + 1:])
            return (side, motion) if motion and motion.sided else (None, None)
    return None, MOTIONS.get(name)


@dataclass(frozen=True, slots=True)
class Posture:
    """A base position: how the body lies on its support, and its joint angles at rest."""

    name: str
    words: str
    orientation: str  # upright, on-back, on-front, on-side: how the body axes meet the floor
    angles: dict[str, float] = field(default_factory=dict)  # sided keys allowed
    flat_feet: tuple[str, ...] = ()  # sides whose feet stay flat on their support
    # Two groups of points that both rest on the floor: the body turns about the first
    # until the second touches (a bridge lifts the hips, hands and knees share the load).
    pivot: tuple[tuple[str, ...], tuple[str, ...]] | None = None
    seat: bool = False  # sits on a chair: the seat is put under the thighs
    stay_down: tuple[str, ...] = ()  # parts that stay on the floor when the body pivots


_FEET = ("left_heel", "left_toe", "right_heel", "right_toe")
_ARMS_DOWN = {"shoulder": 0, "elbow": 8}
_LYING = {"ankle": -30, "shoulder": 0, "elbow": 5}

POSTURES: dict[str, Posture] = {p.name: p for p in (
    Posture("standing", "standing up", "upright", {**_ARMS_DOWN}, SIDES),
    Posture("sitting", "sitting on a chair, thighs level, feet flat",
            "upright", {"hip": 90, "knee": 90, "shoulder": 15, "elbow": 60}, SIDES, seat=True),
    Posture("long-sitting", "sitting on the floor or a bed, legs straight out in front",
            "upright", {"hip": 90, "knee": 0, "ankle": -10, "shoulder": 35, "elbow": 10}),
    Posture("lying-on-back", "lying on the back, legs straight (supine)", "on-back",
            {**_LYING}),
    Posture("hook-lying", "lying on the back, knees bent and feet flat", "on-back",
            {**_LYING, "hip": 45, "knee": 100}, SIDES,
            pivot=(("chest",), _FEET), stay_down=("neck", "left_shoulder", "right_shoulder")),
    Posture("lying-on-front", "lying on the front (prone)", "on-front",
            {"knee": 12, "ankle": -65, "shoulder": -8, "elbow": 5, "neck": -15}),
    Posture("side-lying", "lying on the left side, right side up, hips and knees a little bent",
            "on-side", {"hip": 20, "knee": 30, "ankle": -20, "right_shoulder": 0,
                        "right_elbow": 5, "left_shoulder": 150, "left_elbow": 120}),
    Posture("kneeling", "kneeling up tall on both knees", "upright",
            {"hip": 0, "knee": 100, "ankle": -65, **_ARMS_DOWN}),
    Posture("half-kneeling", "kneeling on the right knee, left foot flat in front", "upright",
            {"right_hip": -5, "right_knee": 105, "right_ankle": -65, "left_hip": 90,
             "left_knee": 100, **_ARMS_DOWN}, ("left",)),
    Posture("hands-and-knees", "on hands and knees, hands under shoulders, knees under hips",
            "on-front", {"hip": 75, "knee": 105, "ankle": -65, "shoulder": 70, "elbow": 0,
                         "wrist": 90, "neck": 0},
            pivot=(("left_knee", "right_knee"), ("left_hand", "right_hand"))),
)}

# Other words clinicians use for the same postures.
POSTURE_WORDS = {
    "supine": "lying-on-back", "lying": "lying-on-back", "crook-lying": "hook-lying",
    "prone": "lying-on-front", "seated": "sitting", "sitting-on-chair": "sitting",
    "quadruped": "hands-and-knees", "four-point-kneeling": "hands-and-knees",
    "tall-kneeling": "kneeling", "side-lying-left": "side-lying",
}

# Things drawn with the figure. Where each goes follows from the posture and the body.
PROPS = {
    "floor": "the floor line (always drawn unless the view is from above)",
    "mat": "an exercise mat under a body on the floor",
    "bed": "a bed under a lying body (a thicker support)",
    "chair": "a chair: under a seated body, or in front of a standing one to hold",
    "counter": "a kitchen counter in front, at hand height, to hold",
    "wall": "a wall behind the body",
    "step": "a low step under the working foot; standing on it, the body stands on the step",
    "band": "an exercise band between the hands, or around the ankles",
    "ball": "a small ball squeezed between the knees",
    "towel": "a towel or strap from the hands around the working foot",
    "roll": "a rolled towel under the working knee",
    "pillow": "a pillow under the head",
}

VIEWS = {
    "side": "from the side: the figure faces right, working side nearest",
    "front": "from the front, facing you",
    "above": "from above and in front, for moves toward the ceiling when lying on the side",
    "top": "from the ceiling, straight down",
}

LIMBS = ("leg", "arm", "side")  # "right side": a turn or a bend of the trunk or neck
WORKING_WORDS = ("both", "trunk") + tuple(f"{s} {l}" for s in SIDES for l in LIMBS)
