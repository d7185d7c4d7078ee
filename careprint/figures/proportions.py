"""Body proportions: segment lengths as fractions of standing height.

From Winter's anthropometric table (D. A. Winter, Biomechanics and Motor Control of Human
Movement, 4th ed., Wiley 2009, fig. 4.1, after Drillis and Contini): joint heights and widths
of an adult as fractions of the height H. A figure's height is 1, so every length here is
also its length in the drawing's own units.
"""

from __future__ import annotations

# Heights of landmarks above the floor, standing (Winter, fig. 4.1).
_SHOULDER = 0.818
_ELBOW = 0.630
_WRIST = 0.485
_HIP = 0.530
_KNEE = 0.285
_ANKLE = 0.039
_CHIN = 0.870

THIGH = _HIP - _KNEE  # 0.245
SHANK = _KNEE - _ANKLE  # 0.246
ANKLE_HEIGHT = _ANKLE
FOOT = 0.152  # heel to toe
HEEL_BACK = 0.030  # how far the heel reaches behind the ankle
UPPER_ARM = _SHOULDER - _ELBOW  # 0.188
FOREARM = _ELBOW - _WRIST  # 0.145
HAND = 0.108
TRUNK = _SHOULDER - _HIP  # 0.288, hip joints to shoulder joints
NECK = _CHIN - _SHOULDER + 0.02  # shoulder line to the base of the skull
HEAD_RADIUS = 0.060  # the head is 0.130 H from chin to crown
SHOULDER_WIDTH = 0.259 * 0.80  # between the shoulder joints (0.259 H across the deltoids)
HIP_WIDTH = 0.191 * 0.55  # between the hip joints (0.191 H across the trochanters)

# How thick the pictogram draws each part, also in units of H: thick enough to read at
# 35 mm, thin enough that a bent knee still shows its angle.
LIMB_WIDTH = 0.056
TRUNK_WIDTH = 0.115
