"""Field types of a `figure:` block: postures by name (or a synonym), and frames of joint angles
checked against human limits, each mistake said at its line with the joint it names."""

from __future__ import annotations

import re
from typing import Any, Callable

from careprint.figures.vocabulary import MOTIONS, POSTURE_WORDS, POSTURES, joint_names, split_joint
from careprint.library.fields import INVALID, FieldType, ReadContext, close_match
from careprint.library.load import Mapping, Node, Scalar, describe


class PostureName(FieldType):
    """A posture by its name, or by a word clinicians also use for it (supine, prone…)."""

    describe = "one of: " + ", ".join(POSTURES)

    def read(self, node: Node, ctx: ReadContext, where: str) -> Any:
        word = node.text.strip().lower().replace(" ", "-") if isinstance(node, Scalar) else ""
        word = POSTURE_WORDS.get(word, word)
        if word in POSTURES:
            return word
        close = close_match(word, [*POSTURES, *POSTURE_WORDS])
        hint = f"did you mean '{POSTURE_WORDS.get(close, close)}'?" if close else \
            "choose one of: " + ", ".join(POSTURES)
        shown = f"'{node.text}'" if isinstance(node, Scalar) else describe(node)
        return ctx.fail(node, where, f"is not a posture careprint knows: {shown}", hint)


class Frame(FieldType):
    """A frame: `joint: degrees` lines (and optionally another `posture`)."""

    describe = "group of `joint: degrees` lines, and optionally `posture`"

    def __init__(self, build: Callable[..., Any]) -> None:
        self.build = build

    def read(self, node: Node, ctx: ReadContext, where: str) -> Any:
        if not isinstance(node, Mapping):
            return ctx.fail(node, where, f"must be a group of `joint: degrees` lines, not "
                            f"{describe(node)}", "write for example `knee: 90` indented under "
                            "it, or `{}` for the posture as it is")
        angles: list[tuple[str, int]] = []
        posture = None
        ok = True
        for key, value in node.entries:
            path = f"{where}.{key.text}"
            if key.text == "posture":
                posture = PostureName().read(value, ctx, path)
                ok &= posture is not INVALID
                continue
            degrees = _angle(key, value, ctx, path)
            ok &= degrees is not INVALID
            if degrees is not INVALID:
                angles.append((key.text, degrees))
        if not ok:
            return INVALID
        return self.build(angles=tuple(angles), posture=posture, at=node.at)


def _angle(key: Scalar, value: Node, ctx: ReadContext, path: str) -> Any:
    side, motion = split_joint(key.text)
    if motion is None:
        close = close_match(key.text, joint_names())
        hint = f"did you mean '{close}'?" if close else (
            "joints: " + ", ".join(MOTIONS) + " (limbs also as left_… and right_…)")
        return ctx.fail(key, path.rsplit(".", 1)[0], f"has no joint '{key.text}'", hint)
    if not (isinstance(value, Scalar) and not value.quoted
            and re.fullmatch(r"[-+]?[0-9]{1,3}", value.text.strip())):
        return ctx.fail(value, path, f"must be an angle in whole degrees, not {describe(value)}",
                        f"write a number from {motion.low} to {motion.high}")
    degrees = int(value.text)
    if not motion.low <= degrees <= motion.high:
        joint = f"{side} {motion.name}" if side else motion.name
        joint = joint.replace("_", " ")
        return ctx.fail(value, path, f"is {degrees} degrees, beyond what a {joint} can do "
                        f"({motion.low} to {motion.high}; positive: {motion.words})",
                        f"give an angle from {motion.low} to {motion.high}, in degrees from "
                        "standing upright")
    return degrees
