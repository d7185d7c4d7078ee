"""Stage 2, model: the typed, immutable objects a library file reads into.

What each field may hold, its help and its example are declared in schema.py, which reads
and checks the files; a run whose files were all read before (careprint.stored_results)
needs only these classes.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, fields, replace

from careprint.library.fields import AssetRef, Ref
from careprint.problems import Mark

# The disclaimer, the emergency service and the pain rule's words have defaults in every
# language: a clinic that writes none gets careprint's (templates/labels/LANG.yaml), so a
# Spanish handout never prints an English default.


@dataclass(frozen=True, slots=True, kw_only=True)
class Colours:
    """The clinic's brand colours."""

    primary: str
    accent: str = "#EEF3F8"


@dataclass(frozen=True, slots=True, kw_only=True)
class Fonts:
    """The clinic's own font files, inside assets/."""

    regular: AssetRef
    bold: AssetRef
    italic: AssetRef | None = None


@dataclass(frozen=True, slots=True, kw_only=True)
class Clinician:
    """A clinician a sheet may name."""

    name: str
    role: str | None = None


@dataclass(frozen=True, slots=True, kw_only=True)
class SmtpServer:
    """The clinic's outgoing mail server; its password never sits in the library."""

    host: str
    port: int | None = None
    security: str = "starttls"


@dataclass(frozen=True, slots=True, kw_only=True)
class PainRule:
    """How much discomfort is fine during exercise, and when to stop: printed on every page set."""

    ok_up_to: int = 3
    settles_by: str | None = None  # None: the labels' `settles_by`
    stop_if: tuple[str, ...] = ()  # empty: the labels' `stop_if`
    sources: tuple[Ref, ...] = ()


DEFAULT_PAIN_RULE = PainRule()


@dataclass(frozen=True, slots=True, kw_only=True)
class Clinic:
    """Who prints the handouts: name, contact details, branding, language and rules."""

    name: str
    address: str
    phone: str
    logo: AssetRef | None = None
    email: str | None = None
    website: str | None = None
    colours: Colours
    fonts: Fonts | None = None
    page_size: str = "a4"
    footer: str | None = None
    disclaimer: str | None = None  # None: the labels' `disclaimer`
    emergency_number: str
    emergency_service: str | None = None  # None: the labels' `emergency_service`
    language: str = "en"
    handout_pages: int = 2
    sheet_pages: int = 2
    citation_style: str = "superscript"
    regions: tuple[str, ...] = ()
    kinds: tuple[str, ...] = ()
    contraindications: tuple[ContraindicationTerm, ...] = ()
    reading_grade: int = 8
    review_months: int = 24
    pain_rule: PainRule = DEFAULT_PAIN_RULE
    clinicians: tuple[Clinician, ...] = ()
    email_password: str = "passphrase"
    smtp: SmtpServer | None = None
    at: Mark


@dataclass(frozen=True, slots=True, kw_only=True)
class Source:
    """A published source the content cites by id."""

    id: str
    title: str
    year: int
    authors: tuple[str, ...] = ()
    publisher: str | None = None
    journal: str | None = None
    volume: str | None = None
    pages: str | None = None
    doi: str | None = None
    url: str | None = None
    accessed: dt.date | None = None
    at: Mark


@dataclass(frozen=True, slots=True, kw_only=True)
class Dosage:
    """How much of an exercise: sets, repetitions, holds, rests, how often, which side."""

    sets: int | None = None
    reps: int | None = None
    hold_seconds: int | None = None
    rest_seconds: int | None = None
    minutes: int | None = None
    times_per_day: int | None = None
    days_per_week: int | None = None
    side: str | None = None
    load: str | None = None

    def overridden_by(self, changes: Dosage | None) -> Dosage:
        if changes is None:
            return self
        given = {f.name: getattr(changes, f.name) for f in fields(changes)}
        return replace(self, **{k: v for k, v in given.items() if v is not None})


@dataclass(frozen=True, slots=True, kw_only=True)
class Picture:
    """One clinic picture inside assets/: a photo (PNG, JPEG) or a drawing (SVG)."""

    file: AssetRef
    caption: str | None = None


@dataclass(frozen=True, slots=True, kw_only=True)
class ExercisePictures:
    """The clinic's own pictures of an exercise: one, or the start and the end position."""

    start: Picture
    end: Picture | None = None


@dataclass(frozen=True, slots=True, kw_only=True)
class FigureFrame:
    """One frame of a built-in figure: the joint angles that differ from what comes before
    (the posture's, then the start frame's), as written: `hip`, `left_knee`…"""

    angles: tuple[tuple[str, int], ...] = ()
    posture: str | None = None  # a frame may change posture (sit to stand)
    at: Mark | None = None


@dataclass(frozen=True, slots=True, kw_only=True)
class Figure:
    """The built-in drawing of an exercise: a posture, a start frame and an end frame."""

    posture: str
    view: str = "side"
    working: str = "both"  # "right leg", "left arm", "right side" (a turn), "both", "trunk"
    props: tuple[str, ...] = ()
    start: FigureFrame = FigureFrame()
    end: FigureFrame | None = None


@dataclass(frozen=True, slots=True, kw_only=True)
class Variation:
    """An easier version of an exercise (a regression) or a harder one (a progression):
    another exercise of the library, or a few words."""

    exercise: Ref | None = None
    text: str | None = None


@dataclass(frozen=True, slots=True, kw_only=True)
class Contraindication:
    """A patient for whom the exercise is not advised, and why in plain words."""

    when: str  # a word of the contraindication vocabulary, such as after-hip-replacement
    reason: str


@dataclass(frozen=True, slots=True, kw_only=True)
class ContraindicationTerm:
    """A word of the contraindication vocabulary and what it means, as a clinician says it."""

    term: str
    means: str


@dataclass(frozen=True, slots=True, kw_only=True)
class Exercise:
    """One exercise: how to start, the steps, cautions, pictures, versions and who should not
    do it."""

    id: str
    name: str
    subtitle: str | None = None
    kind: str
    region: str
    starting_position: str
    steps: tuple[str, ...]
    key_steps: tuple[int, ...] = ()
    dosage: Dosage
    cautions: tuple[str, ...]
    images: ExercisePictures | None = None  # `image:` (one picture) is read into this too
    figure: Figure | None = None  # the built-in drawing, when the clinic has no picture
    video: str | None = None
    equipment: tuple[str, ...] = ()
    easier: Variation | None = None
    harder: Variation | None = None
    contraindications: tuple[Contraindication, ...] = ()
    sources: tuple[Ref, ...]
    citations: tuple[Ref, ...] = ()
    at: Mark


@dataclass(frozen=True, slots=True, kw_only=True)
class SetEntry:
    """An exercise in a set, with the set's dosage for it."""

    exercise: Ref
    dosage: Dosage | None = None
    note: str | None = None


@dataclass(frozen=True, slots=True, kw_only=True)
class ExerciseSet:
    """Exercises given together for a condition, in order."""

    id: str
    title: str
    purpose: str
    exercises: tuple[SetEntry, ...]
    pain_rule: PainRule | None = None
    goal: str | None = None
    weeks: int | None = None
    then: str | None = None  # after the weeks: review, progress or keep-going
    citations: tuple[Ref, ...] = ()
    at: Mark


@dataclass(frozen=True, slots=True, kw_only=True)
class ExtraSection:
    """A section a condition adds to its handout under its own heading."""

    heading: str
    text: str | None = None
    bullets: tuple[str, ...] = ()


@dataclass(frozen=True, slots=True, kw_only=True)
class Review:
    """When content was last reviewed, and by whom."""

    date: dt.date
    by: str


@dataclass(frozen=True, slots=True, kw_only=True)
class WarningSigns:
    """Warning signs grouped by what the patient must do, so each item stays short."""

    emergency: tuple[str, ...]  # call the emergency number or go to the emergency service now
    today: tuple[str, ...] = ()  # call the clinic or a doctor today
    soon: tuple[str, ...] = ()  # make an appointment


@dataclass(frozen=True, slots=True, kw_only=True)
class Condition:
    """One condition's handout: what it is, self-care, warning signs, exercise sets and sources."""

    id: str
    title: str
    key_points: tuple[str, ...]
    what_it_is: str
    symptoms: tuple[str, ...]
    causes: tuple[str, ...] = ()
    what_helps: tuple[str, ...]
    self_care: tuple[str, ...]
    warning_signs: WarningSigns
    extra_sections: tuple[ExtraSection, ...] = ()
    exercise_sets: tuple[Ref, ...] = ()
    sources: tuple[Ref, ...]
    reviewed: Review
    citations: tuple[Ref, ...] = ()
    at: Mark


@dataclass(frozen=True, slots=True, kw_only=True)
class PackItem:
    """A condition in a pack, with the exercise set it prints."""

    condition: Ref
    set: Ref | None = None


@dataclass(frozen=True, slots=True, kw_only=True)
class ExtraPage:
    """A page of the clinic's own words in a pack."""

    title: str
    text: str


@dataclass(frozen=True, slots=True, kw_only=True)
class Pack:
    """A named set of handouts printed as one bookmarked PDF."""

    id: str
    title: str
    subtitle: str | None = None
    intro: str | None = None
    handouts: tuple[PackItem, ...]
    extra_pages: tuple[ExtraPage, ...] = ()
    citations: tuple[Ref, ...] = ()
    at: Mark


# --- the vocabulary a library may use --------------------------------------------------------

# The whole body, head to foot (with the older hip-and-back words a library may use).
STANDARD_REGIONS = ("neck", "shoulder", "elbow", "wrist-and-hand", "upper-back", "low-back",
                    "pelvis", "buttock", "hip", "thigh", "knee", "ankle-and-foot", "whole-body")
STANDARD_KINDS = ("stretch", "strength", "mobility", "balance", "aerobic")
# Who an exercise may not suit: each word, and what it means as the end of "not advised for a
# patient with …". An exercise names them under `contraindications`, each with its reason;
# `careprint sheet --patient-has` matches them; a clinic adds its own in clinic.yaml.
STANDARD_CONTRAINDICATIONS = {
    "after-hip-replacement": "a hip replacement (hip precautions)",
    "pregnancy-after-16-weeks": "a pregnancy past 16 weeks",
    "osteoporosis-with-fracture": "osteoporosis and a broken bone in the spine",
    "recent-spinal-surgery": "back surgery in the last 3 months",
    "spinal-stenosis": "lumbar spinal stenosis",
    "glaucoma": "glaucoma",
}
# After a set's weeks, as the end of "Do this for 6 weeks, then …" (document/assemble.py).
PROGRAMME_ENDS = ("review", "progress", "keep-going")

def contraindication_words(clinic: Clinic | None) -> dict[str, str]:
    """Every contraindication word a library may use, with what it means: the standard
    ones, then the clinic's (which may say a standard one in its own words)."""
    words = dict(STANDARD_CONTRAINDICATIONS)
    for added in clinic.contraindications if clinic else ():
        words[added.term] = added.means
    return words
