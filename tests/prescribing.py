"""A small library whose exercises and set carry what a physiotherapist prescribes with."""

from __future__ import annotations

from pathlib import Path

from conftest import write

KNEE_TO_CHEST = """\
name: Knee to chest
kind: stretch
region: low-back
starting_position: Lie on your back with both knees bent.
steps:
  - Pull one knee gently towards your chest.
  - Hold, then lower it.
dosage:
  reps: 3
  hold_seconds: 20
  side: each
  times_per_day: 2
cautions:
  - Stop if the pain spreads further down your leg.
equipment: [a firm bed or a mat, a towel]
easier: pelvic-tilt
harder: Hug both knees at once.
contraindications:
  - when: after-hip-replacement
    reason: Pulling the knee up bends a new hip too far. [@nhs-sciatica]
  - when: pregnancy-after-16-weeks
    reason: Lying flat for long can cause faintness.
sources: [nhs-sciatica]
"""

SET = """\
title: Sciatica relief
purpose: Gentle moves to ease leg pain.
goal: Walk to the shops without leg pain
weeks: 6
then: review
exercises:
  - pelvic-tilt
  - exercise: knee-to-chest
    note: Go gently.
"""


def prescribing_library(root: Path) -> Path:
    write(root, "handouts/exercises/knee-to-chest.yaml", KNEE_TO_CHEST)
    write(root, "handouts/sets/sciatica-relief.yaml", SET)
    return root
