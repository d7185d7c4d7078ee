"""Stage 2, schema: every kind of library file declared once, field by field.

Each field has its type, help text and an example; the same declarations read and check the
files into the model's objects (model.py) and print the field reference (`careprint fields`).
"""

from __future__ import annotations

from dataclasses import replace
from typing import Any

from careprint.library.load import LoadedFile, Mapping
from careprint.library.fields import (
    INVALID, Asset, AssetRef, Choice, Date, Field, IdOrText, IdRef, ListOf, OneOf, Pattern,
    ReadContext, EMAIL, ID_PATTERN, Record, Text, Url, Whole,
)
from careprint.library.figure_fields import Frame, PostureName
from careprint.library.model import (
    Clinic, Clinician, Colours, Condition, Contraindication, ContraindicationTerm, Dosage,
    Exercise, ExercisePictures, ExerciseSet, ExtraPage, ExtraSection, Figure, FigureFrame,
    Fonts, Pack, PackItem, PainRule, Picture, Review, SetEntry, SmtpServer, Source, Variation,
    WarningSigns, DEFAULT_PAIN_RULE, PROGRAMME_ENDS, STANDARD_CONTRAINDICATIONS,
    STANDARD_KINDS, STANDARD_REGIONS,
)
from careprint.figures.vocabulary import (
    MOTIONS, POSTURE_WORDS, POSTURES, PROPS, VIEWS, WORKING_WORDS,
)
from careprint.problems import Mark, Problem, error

# --- declarations -------------------------------------------------------------------------------

_TEXT_LIST = ListOf(Text(), min_items=1)
# A word of a clinic's vocabulary (a region, a kind): checked against the standard list and
# the clinic's additions once clinic.yaml is read (library/references.py).
_TERM = Pattern(r"[a-z][a-z0-9]*(-[a-z0-9]+)*", "a lower-case word such as \"hip\" or "
                "\"low-back\"", "use lower case, with - between words")
_COLOUR = Pattern(r"#[0-9A-Fa-f]{6}", "a colour like \"#1F5C99\"",
                  "write # and six hex digits, in quotes: \"#1F5C99\"")
_EMAIL = Pattern(EMAIL.pattern, "a plain email address",
                 "write it like reception@clinic.example, in plain ASCII letters")


def _no_empty_group(name: str, keys: tuple[str, ...]):
    def check(values: dict[str, Any], node: Mapping, ctx: ReadContext) -> None:
        if not any(values.get(k) is not None for k in keys):
            ctx.fail(node, name, f"needs at least one of: {', '.join(keys)}",
                     f"add for example `{keys[0]}: 10`")
    return check


_DOSAGE_FIELDS = [
    Field("sets", Whole(1, 10), "How many rounds of the exercise.", "sets: 2"),
    Field("reps", Whole(1, 100), "Repetitions in each set.", "reps: 10"),
    Field("hold_seconds", Whole(1, 600), "How long to hold each repetition, in seconds.",
          "hold_seconds: 30"),
    Field("rest_seconds", Whole(0, 600), "Rest between sets, in seconds.", "rest_seconds: 60"),
    Field("minutes", Whole(1, 240), "For timed activities such as walking.", "minutes: 20"),
    Field("times_per_day", Whole(1, 10), "How many times a day.", "times_per_day: 2"),
    Field("days_per_week", Whole(1, 7), "How many days a week.", "days_per_week: 5"),
    Field("side", Choice("each", "left", "right", "both"),
          "'each' means do it on one side, then the other.", "side: each"),
    Field("load", Text(citations=False), "Weight or band to use.", "load: light resistance band"),
]

_PAIN_RULE = Record("pain rule", [
    Field("ok_up_to", Whole(0, 10), "Discomfort (out of 10) that is fine while exercising.",
          "ok_up_to: 3", default=DEFAULT_PAIN_RULE.ok_up_to),
    Field("settles_by", Text(citations=False), "When that discomfort should have settled "
          "(default: \"the next morning\", in the handout's language).",
          "settles_by: the next morning", default=None),
    Field("stop_if", ListOf(Text(citations=False), min_items=1, max_items=4),
          "When to stop and call: each completes \"Stop and call us if\" (default: sharp or "
          "sudden pain, or pain or tingling spreading down an arm or leg).",
          "stop_if:\n  - the pain is sharp or sudden", default=()),
    Field("sources", ListOf(IdRef("source")), "Ids from sources.yaml behind the rule.",
          "sources: [silbernagel-2007-ajsm]", default=()),
], PainRule)

DOSAGE = Record("dosage", _DOSAGE_FIELDS, Dosage,
                check=_no_empty_group("dosage", ("reps", "hold_seconds", "minutes")))
DOSAGE_CHANGES = Record("dosage changes", _DOSAGE_FIELDS, Dosage)

CLINIC = Record("clinic", [
    Field("name", Text(citations=False), "The clinic's name, printed in the letterhead.",
          "name: Riverside Physiotherapy", required=True),
    Field("address", Text(citations=False), "Postal address, printed in the footer.",
          "address: 12 Mill Lane, Springfield", required=True),
    Field("phone", Text(citations=False), "Phone number patients should call.", "phone: \"555-0100\"",
          required=True),
    Field("logo", Asset(".png", ".jpg", ".jpeg"), "Logo image inside assets/.",
          "logo: logos/clinic.png"),
    Field("email", _EMAIL, "The clinic's email address.", "email: hello@clinic.example"),
    Field("website", Url(), "The clinic's website.", "website: https://clinic.example"),
    Field("colours", Record("colours", [
        Field("primary", _COLOUR, "Brand colour for headings and the letterhead.",
              "primary: \"#1F5C99\"", required=True),
        Field("accent", _COLOUR, "Light tint for boxes.", "accent: \"#EEF3F8\"",
              default="#EEF3F8"),
    ], Colours), "Brand colours.", "colours:\n  primary: \"#1F5C99\"", required=True),
    Field("fonts", Record("fonts", [
        Field("regular", Asset(".ttf"), "Body text font.", "regular: fonts/DejaVuSans.ttf",
              required=True),
        Field("bold", Asset(".ttf"), "Headings and bold text.",
              "bold: fonts/DejaVuSans-Bold.ttf", required=True),
        Field("italic", Asset(".ttf"), "Italic text.", "italic: fonts/DejaVuSans-Oblique.ttf"),
    ], Fonts), "TrueType fonts inside assets/ (default: DejaVu Sans, which covers most "
               "European scripts).", "fonts:\n  regular: fonts/DejaVuSans.ttf\n  bold: "
               "fonts/DejaVuSans-Bold.ttf"),
    Field("page_size", Choice("a4", "letter"), "Paper size.", "page_size: a4", default="a4"),
    Field("footer", Text(citations=False), "A short line printed at the foot of every page.",
          "footer: Open Monday to Friday, 8am to 6pm"),
    Field("disclaimer", Text(citations=False), "Printed on every handout. A sound default is "
          "used if left out, in the handout's language.",
          "disclaimer: This handout is general information...", default=None),
    Field("emergency_number", Pattern(r"[0-9][0-9 -]{1,14}", "a phone number like \"911\"",
                                      "write the number in quotes: \"911\", \"999\" or \"112\""),
          "The emergency phone number printed in every warning-signs box.",
          "emergency_number: \"911\"", required=True),
    Field("emergency_service", Text(citations=False),
          "Where patients go for emergency care, as they would say it after \"go to\".",
          "emergency_service: A&E", default=None),
    Field("language", Pattern(r"[a-z]{2,3}", "a language code like en or es",
                              "write the two-letter code: en, es"),
          "The language of the library's own files, and of everything printed unless "
          "`--lang` (or a `language` column in a batch CSV) asks for another. A translation "
          "of a file sits beside it: conditions/sciatica.es.yaml (see handouts/README.md).",
          "language: en", default="en"),
    Field("handout_pages", Whole(1, 20),
          "Pages a condition handout may take; `check` warns about content that needs more.",
          "handout_pages: 2", default=2),
    Field("sheet_pages", Whole(1, 20),
          "Pages a patient sheet of up to 5 exercises may take (one more for each further 3); "
          "`check` warns about sets that need more.", "sheet_pages: 2", default=2),
    Field("citation_style", Choice("none", "superscript", "brackets"),
          "How sources are marked in the text. The numbered list is always printed.",
          "citation_style: superscript", default="superscript"),
    Field("regions", ListOf(_TERM), "Body regions your exercises may name beyond the "
          "standard ones (" + ", ".join(STANDARD_REGIONS) + ").", "regions: [jaw, forearm]", default=()),
    Field("kinds", ListOf(_TERM), "Kinds of exercise beyond the standard ones ("
          + ", ".join(STANDARD_KINDS) + ").", "kinds: [breathing, relaxation]", default=()),
    Field("contraindications", ListOf(OneOf(_TERM, Record("contraindication word", [
        Field("term", _TERM, "The word exercises use.", "term: after-knee-replacement",
              required=True),
        Field("means", Text(citations=False, max_length=80), "What it means, as the end of "
              "\"not advised for a patient with …\".", "means: a knee replacement in the last "
              "3 months", required=True),
    ], ContraindicationTerm), lambda term: ContraindicationTerm(
        term=term, means=term.replace("-", " ")))),
          "Words for who an exercise may not suit, beyond the standard ones ("
          + ", ".join(STANDARD_CONTRAINDICATIONS) + "): a word, or a word and what it means.",
          "contraindications:\n  - term: after-knee-replacement\n    means: a knee replacement "
          "in the last 3 months", default=()),
    Field("reading_grade", Whole(3, 14),
          "The highest US school grade patient text may read at (Flesch–Kincaid; SMOG for a "
          "whole handout); warning signs aim two grades lower. `check` warns above it. NIH "
          "advises 8 or below, the AMA 6.", "reading_grade: 8", default=8),
    Field("review_months", Whole(1, 120),
          "How often content is reviewed: `check` warns when a condition's `reviewed` date is "
          "older.", "review_months: 24", default=24),
    Field("pain_rule", _PAIN_RULE, "How much discomfort is fine during exercise, and when "
          "to stop. Printed on every handout and sheet; a set can override it.",
          "pain_rule:\n  ok_up_to: 3\n  settles_by: the next morning",
          default=DEFAULT_PAIN_RULE),
    Field("clinicians", ListOf(Record("clinician", [
        Field("name", Text(citations=False), "Full name.", "name: Alex Morgan", required=True),
        Field("role", Text(citations=False), "Job title.", "role: Physiotherapist"),
    ], Clinician)), "Clinicians who may sign patient sheets.",
        "clinicians:\n  - name: Alex Morgan\n    role: Physiotherapist", default=()),
    Field("email_password", Choice("dob", "passphrase", "none"),
          "How emailed PDFs are protected. passphrase (the default): a random passphrase "
          "per patient, written to passwords.csv for the front desk to give out, never "
          "emailed. dob: the patient's date of birth as DDMMYYYY, easy to find out or guess, "
          "so `careprint check` warns about it. none: not protected.",
          "email_password: passphrase", default="passphrase"),
    Field("smtp", Record("smtp", [
        Field("host", Text(citations=False), "Your mail provider's SMTP server.",
              "host: smtp.office365.com", required=True),
        Field("port", Whole(1, 65535), "Default: 587 for starttls, 465 for tls.", "port: 587"),
        Field("security", Choice("starttls", "tls"), "How the connection is encrypted.",
              "security: starttls", default="starttls"),
    ], SmtpServer), "Where `careprint email` sends from. The login is never written here: "
                    "set CAREPRINT_SMTP_USER and CAREPRINT_SMTP_PASSWORD in the environment, "
                    "which also override these.",
        "smtp:\n  host: smtp.office365.com\n  port: 587\n  security: starttls"),
], Clinic)


def _source_check(values: dict[str, Any], node: Mapping, ctx: ReadContext) -> None:
    if values.get("publisher") is None and values.get("journal") is None:
        ctx.fail(node, "", "a source needs a 'publisher' or a 'journal'",
                 "add for example `publisher: NHS`")
    if values.get("url") is not None and values.get("accessed") is None:
        ctx.fail(node, "", "a source with a 'url' needs an 'accessed' date",
                 "add `accessed: YYYY-MM-DD`, the day you read the page")


SOURCE = Record("source", [
    Field("title", Text(), "Title of the page, guideline or paper.",
          "title: Sciatica", required=True),
    Field("year", Whole(1900, 2100), "Year published or last updated.", "year: 2023",
          required=True),
    Field("authors", ListOf(Text(), min_items=1), "People or organisation that wrote it.",
          "authors: [Jensen RK, Kongsted A]", default=()),
    Field("publisher", Text(), "Organisation that published it.", "publisher: NHS"),
    Field("journal", Text(), "Journal name, for papers.", "journal: BMJ"),
    Field("volume", Text(), "Journal volume.", "volume: \"367\""),
    Field("pages", Text(), "Pages or article number.", "pages: l6273"),
    Field("doi", Pattern(r"10\.\d{4,9}/\S+", "a DOI like 10.1136/bmj.l6273",
                         "write the DOI without https://doi.org/"),
          "Digital object identifier.", "doi: 10.1136/bmj.l6273"),
    Field("url", Url(), "Web address.", "url: https://www.nhs.uk/conditions/sciatica/"),
    Field("accessed", Date(), "Day you read the web page.", "accessed: 2026-11-20"),
], Source, check=_source_check)

def _exercise_check(values: dict[str, Any], node: Mapping, ctx: ReadContext) -> None:
    steps, keys = values["steps"], values.get("key_steps") or ()
    for number in keys:
        if number > len(steps):
            ctx.fail(node, "key_steps", f"names step {number}, but there are {len(steps)} steps",
                     f"use numbers from 1 to {len(steps)}")
    if values.get("image") is not None and values.get("images") is not None:
        ctx.fail(node, "image", "and 'images' both give the exercise's pictures",
                 "keep 'images' and delete the 'image' line")


def _exercise(image: AssetRef | None = None, **values: Any) -> Exercise:
    """`image: FILE`, the field's first name, means what `images: FILE` means."""
    if image is not None:
        values["images"] = ExercisePictures(start=Picture(file=image))
    return Exercise(**values)


# Short enough that "Too hard? … / Too easy? …" stays one line on the sheet.
_VARIATION = IdOrText("exercise", Text(citations=False, max_length=45),
                      lambda ref: Variation(exercise=ref), lambda text: Variation(text=text),
                      "text of at most 45 characters")

# PNG and JPEG photos are downsampled to print resolution; SVG drawings print as vectors.
_PICTURE_FILE = Asset(".png", ".jpg", ".jpeg", ".svg")
_CAPTION = Text(citations=False, max_length=24)


def _picture(where: str) -> Record:
    return Record(f"{where} picture", [
        Field("file", _PICTURE_FILE, "The picture, inside assets/.",
              f"file: photos/bridge-{where}.jpg", required=True),
        Field("caption", _CAPTION, "A word or two under the picture (at most 24 characters).",
              f"caption: {'Start' if where == 'start' else 'Lift'}"),
    ], Picture)


_PICTURES = OneOf(
    _PICTURE_FILE,
    Record("images", [
        Field("start", _picture("start"), "The starting position.",
              "start: {file: photos/bridge-start.jpg, caption: Start}", required=True),
        Field("end", _picture("end"), "The end of the movement.",
              "end: {file: photos/bridge-end.jpg, caption: Lift}", required=True),
    ], ExercisePictures),
    lambda ref: ExercisePictures(start=Picture(file=ref)))


def _figure_check(values: dict[str, Any], node: Mapping, ctx: ReadContext) -> None:
    """A figure whose body would pass through the floor cannot be drawn as described."""
    from careprint.figures.scene import floor_problems  # the geometry, only for figures

    figure = Figure(**{k: v for k, v in values.items() if v is not None})
    for frame, problem in floor_problems(figure):
        where = node.get(frame) or node
        ctx.fail(where, f"figure.{frame}", problem,
                 "change the angles so every part stays above the floor")


FIGURE = Record("figure", [
    Field("posture", PostureName(), "The base position (each gives every joint its usual "
          "angle): " + "; ".join(f"`{p.name}`: {p.words}" for p in POSTURES.values()) +
          ". Also understood: " + ", ".join(f"{k} ({v})" for k, v in POSTURE_WORDS.items())
          + ".", "posture: hook-lying", required=True),
    Field("view", Choice(*VIEWS), "Where the drawing is seen from: " + "; ".join(
        f"`{k}`: {v}" for k, v in VIEWS.items()) + ".", "view: side", default="side"),
    Field("working", Choice(*WORKING_WORDS), "The limb that does the exercise, as drawn: "
          "on a sheet for the other side the drawing is mirrored. `both` or `trunk` when "
          "both sides work together.", "working: right leg", default="both"),
    Field("props", ListOf(Choice(*PROPS)), "Things drawn with the figure: " + "; ".join(
        f"`{k}`: {v}" for k, v in PROPS.items()) + ".", "props: [mat]", default=()),
    Field("start", Frame(FigureFrame), "The starting position: joint angles in degrees that "
          "differ from the posture's. Joints: " + "; ".join(
              f"`{m.name}` ({m.low} to {m.high}: {m.words})" for m in MOTIONS.values()) +
          ". A limb's joint alone moves both sides; `left_hip`, `right_knee`… move one. "
          "`{}` keeps the posture as it is. A frame may also give another `posture`.",
          "start:\n  right_hip: 90\n  right_knee: 90", default=FigureFrame()),
    Field("end", Frame(FigureFrame), "The end of the movement: only the angles that change "
          "from the start (left out: one still picture).", "end:\n  right_knee: 0"),
], lambda **values: Figure(**values), check=_figure_check)


EXERCISE = Record("exercise", [
    Field("name", Text(citations=False), "Name shown to the patient.", "name: Clamshell", required=True),
    Field("subtitle", Text(citations=False, max_length=60),
          "What it is in plain words, under a technical name.",
          "subtitle: Lift your leg out to the side"),
    Field("kind", _TERM, "What sort of exercise it is: one of "
          + ", ".join(STANDARD_KINDS) + ", or a kind added under `kinds` in clinic.yaml.",
          "kind: strength", required=True),
    Field("region", _TERM, "Main body region: one of " + ", ".join(STANDARD_REGIONS)
          + ", or a region added under `regions` in clinic.yaml.", "region: hip",
          required=True),
    Field("starting_position", Text(), "How to get into position.",
          "starting_position: Lie on your side with your knees bent.", required=True),
    Field("steps", ListOf(Text(), min_items=2, max_items=6),
          "What to do, one action per step (3 or 4 suit most exercises).",
          "steps:\n  - Lift your top knee.\n  - Lower it slowly.", required=True),
    Field("key_steps", ListOf(Whole(1, 6), min_items=1, max_items=3),
          "The 2 or 3 step numbers a condition handout prints (default: the first two).",
          "key_steps: [1, 3, 4]", default=()),
    Field("dosage", DOSAGE, "How much to do, unless a set or sheet changes it.",
          "dosage:\n  sets: 2\n  reps: 10\n  side: each", required=True),
    Field("cautions", ListOf(Text(), min_items=1, max_items=3),
          "When to stop or take care: the one or two that matter. The first is printed on "
          "condition handouts as the \"stop if\" line.",
          "cautions:\n  - Stop if you feel sharp pain in the hip.", required=True),
    Field("images", _PICTURES,
          "The clinic's own pictures, printed in the exercise's picture slot instead of the "
          "built-in figure: one file, or a start and an end picture with short captions. "
          "PNG or JPEG photos (any size: careprint turns them upright and shrinks them to print "
          "resolution) or SVG drawings (printed sharp; text must be turned into paths, and "
          "links to other files or web addresses are refused).",
          "images:\n  start: {file: photos/bridge-start.jpg, caption: Start}\n"
          "  end: {file: photos/bridge-end.jpg, caption: Lift}"),
    Field("image", _PICTURE_FILE, "The older name for one picture: `image: FILE` means "
          "`images: FILE`.", "image: photos/clamshell.jpg"),
    Field("figure", FIGURE, "careprint's own drawing of the exercise, printed in its picture "
          "slot when it has no `images`: a posture, a start frame and an end frame, each "
          "giving only the joint angles that change (degrees from standing upright). The "
          "end frame is drawn solid over a light start frame. On a sheet that prescribes "
          "the other side, the drawing turns to show that side working.",
          "figure:\n  posture: hook-lying\n  props: [mat]\n  start: {}\n"
          "  end:\n    hip: 0"),
    Field("video", Url(), "A video showing the exercise (printed as a QR code).",
          "video: https://clinic.example/videos/clamshell"),
    Field("equipment", ListOf(Text(citations=False, max_length=30), min_items=1, max_items=3),
          "What the patient needs, a few words each (at most 30 characters); printed as "
          "\"You will need: …\" beside the exercise.",
          "equipment:\n  - a sturdy chair\n  - a resistance band", default=()),
    Field("easier", _VARIATION, "An easier version (a regression) for a patient who finds it "
          "too hard: another exercise's id, or a few words. The sheet prints \"Too hard? …\" "
          "with the other exercise's name or the words.", "easier: seated-leg-lift"),
    Field("harder", _VARIATION, "A harder version (a progression): another exercise's id, or "
          "a few words. The sheet prints \"Too easy? …\".",
          "harder: Hold a light weight to your chest."),
    Field("contraindications", ListOf(Record("contraindication", [
        Field("when", _TERM, "Who it may not suit: one of "
              + ", ".join(STANDARD_CONTRAINDICATIONS) + ", or a word added under "
              "`contraindications` in clinic.yaml.", "when: after-hip-replacement",
              required=True),
        Field("reason", Text(max_length=200), "Why, in plain words, with its source.",
              "reason: Hugging the knee bends a new hip too far. [@nhs-hip-replacement]",
              required=True),
    ], Contraindication), min_items=1),
          "Patients the exercise is not advised for, each with the reason. `careprint sheet` "
          "warns the clinician (never the patient) when a sheet holds such an exercise; "
          "with `--patient-has` only about the patient's own.",
          "contraindications:\n  - when: after-hip-replacement\n    reason: Hugging the knee "
          "bends a new hip too far. [@nhs-hip-replacement]", default=()),
    Field("sources", ListOf(IdRef("source"), min_items=1), "Ids from sources.yaml.",
          "sources: [nhs-hip-exercises]", required=True),
], _exercise, check=_exercise_check)

_SET_ENTRY = Record("set entry", [
    Field("exercise", IdRef("exercise"), "Exercise id.", "exercise: clamshell",
          required=True),
    Field("dosage", DOSAGE_CHANGES, "Changes to the exercise's own dosage.",
          "dosage: {reps: 8}"),
    Field("note", Text(), "A note printed with the exercise.", "note: Go slowly."),
], SetEntry)

def _set_check(values: dict[str, Any], node: Mapping, ctx: ReadContext) -> None:
    if values.get("then") is not None and values.get("weeks") is None:
        ctx.fail(node.get("then") or node, "then", "needs 'weeks': after how many weeks?",
                 "add for example `weeks: 6`")


EXERCISE_SET = Record("exercise set", [
    Field("title", Text(citations=False), "Title shown to the patient.", "title: Lateral hip strength",
          required=True),
    Field("purpose", Text(), "What the set is for, in a sentence or two.",
          "purpose: Builds the muscles on the side of the hip.", required=True),
    Field("exercises", ListOf(OneOf(IdRef("exercise"), _SET_ENTRY,
                                    lambda ref: SetEntry(exercise=ref)), min_items=1),
          "Exercises in order: an id, or an id with dosage changes and a note.",
          "exercises:\n  - clamshell\n  - exercise: glute-bridge\n    dosage: {reps: 8}",
          required=True),
    Field("pain_rule", _PAIN_RULE, "This set's own pain rule, instead of the clinic's.",
          "pain_rule:\n  ok_up_to: 5"),
    Field("goal", Text(citations=False, max_length=80), "What the patient is working toward, "
          "in a few plain words; printed under the set's title on the sheet.",
          "goal: Walk to the shops and back without pain"),
    Field("weeks", Whole(1, 52), "How many weeks to do the set; the sheet says \"Do this for "
          "6 weeks, then …\".", "weeks: 6"),
    Field("then", Choice(*PROGRAMME_ENDS), "What happens after `weeks`: review (\"then we "
          "will review it\", the default), progress (\"then we will make it harder\") or "
          "keep-going (\"then keep doing it on your own\").", "then: review"),
], ExerciseSet, check=_set_check)

CONDITION = Record("condition", [
    Field("title", Text(citations=False), "Name of the condition.", "title: Sciatica", required=True),
    Field("key_points", ListOf(Text(), min_items=2, max_items=4),
          "Two to four short take-home messages, boxed at the top of the handout.",
          "key_points:\n  - Most people get better within 6 weeks.", required=True),
    Field("what_it_is", Text(), "What it is, in plain words.",
          "what_it_is: >\n  The sciatic nerve runs from your lower back ...", required=True),
    Field("symptoms", _TEXT_LIST, "Common symptoms.", "symptoms:\n  - Pain down one leg",
          required=True),
    Field("causes", _TEXT_LIST, "Common causes (optional: a sentence in what_it_is takes "
          "less room).", "causes:\n  - A bulging disc", default=()),
    Field("what_helps", _TEXT_LIST, "Treatments that help.",
          "what_helps:\n  - Staying active [@nice-ng59]", required=True),
    Field("self_care", _TEXT_LIST, "What the patient can do at home.",
          "self_care:\n  - Keep moving gently", required=True),
    Field("warning_signs", Record("warning signs", [
        Field("emergency", _TEXT_LIST, "Signs that need the emergency number or the emergency "
              "service now. Each completes \"…now if you have:\".",
              "emergency:\n  - Numbness around your genitals or buttocks", required=True),
        Field("today", _TEXT_LIST, "Signs that need a call to the clinic or a doctor today.",
              "today:\n  - A fever with your back pain", default=()),
        Field("soon", _TEXT_LIST, "Signs that need an appointment soon. Each completes "
              "\"…if:\".", "soon:\n  - The pain is no better after 6 weeks", default=()),
    ], WarningSigns), "Warning signs, grouped by what to do. The headings, with the clinic's "
                      "emergency number, are printed by careprint.",
        "warning_signs:\n  emergency:\n    - Numbness around your genitals", required=True),
    Field("extra_sections", ListOf(Record("section", [
        Field("heading", Text(citations=False), "Section heading.", "heading: About the injection",
              required=True),
        Field("text", Text(), "Paragraphs.", "text: A doctor injects ..."),
        Field("bullets", _TEXT_LIST, "Bullet points.", "bullets:\n  - It takes 20 minutes",
              default=()),
    ], ExtraSection, check=_no_empty_group("section", ("text", "bullets")))),
        "More sections, each with a heading.",
        "extra_sections:\n  - heading: About the injection\n    text: ...", default=()),
    Field("exercise_sets", ListOf(IdRef("set")), "Recommended exercise sets.",
          "exercise_sets: [sciatica-relief]", default=()),
    Field("sources", ListOf(IdRef("source"), min_items=1), "Ids from sources.yaml.",
          "sources: [nhs-sciatica, nice-ng59]", required=True),
    Field("reviewed", Record("reviewed", [
        Field("date", Date(), "Day the content was last checked.", "date: 2026-11-20",
              required=True),
        Field("by", Text(citations=False), "Who checked it.", "by: Alex Morgan, PT", required=True),
    ], Review), "When and by whom the content was last reviewed.",
        "reviewed:\n  date: 2026-11-20\n  by: Alex Morgan, PT", required=True),
], Condition)

_SOURCE_ID = Pattern(ID_PATTERN.pattern, "an id like nhs-sciatica",
                     "ids use lower-case letters, digits and hyphens")

_PACK_ITEM = Record("pack item", [
    Field("condition", IdRef("condition"), "Condition id.", "condition: sciatica", required=True),
    Field("set", IdRef("set"), "Exercise set to use instead of the condition's own.",
          "set: gentle-back-mobility"),
], PackItem)

PACK = Record("pack", [
    Field("title", Text(citations=False), "Title on the cover.", "title: Back and hip pain", required=True),
    Field("subtitle", Text(citations=False), "Line under the title.", "subtitle: Information for patients"),
    Field("intro", Text(citations=False), "A short welcome on the cover.",
          "intro: These handouts explain the most common causes of back and hip pain."),
    Field("handouts", ListOf(OneOf(IdRef("condition"), _PACK_ITEM,
                                   lambda ref: PackItem(condition=ref)), min_items=1),
          "Condition handouts in order: an id, or an id with a chosen exercise set.",
          "handouts:\n  - sciatica\n  - condition: sacroiliac-joint-pain\n"
          "    set: gentle-back-mobility", required=True),
    Field("extra_pages", ListOf(Record("extra page", [
        Field("title", Text(citations=False), "Page heading.", "title: Our opening hours", required=True),
        Field("text", Text(citations=False), "Paragraphs.", "text: We are open ...", required=True),
    ], ExtraPage)), "Pages of your own text after the handouts.",
        "extra_pages:\n  - title: Our opening hours\n    text: ...", default=()),
], Pack)

ITEM_RECORDS = {"condition": CONDITION, "exercise": EXERCISE, "set": EXERCISE_SET, "pack": PACK}


def read_item(kind: str, item_id: str, loaded: LoadedFile) -> tuple[Any, ReadContext]:
    """Read one condition, exercise or set file into its model object (None on any error).

    The context carries the problems found and every reference met, for the resolve stage.
    """
    return _read(ITEM_RECORDS[kind], loaded, id=item_id)


def read_clinic(loaded: LoadedFile) -> tuple[Clinic | None, ReadContext]:
    return _read(CLINIC, loaded)


def read_sources(loaded: LoadedFile) -> tuple[dict[str, Source], ReadContext]:
    ctx = ReadContext()
    root = loaded.root
    if not isinstance(root, Mapping):
        ctx.problems.append(_not_a_group(loaded))
        return {}, ctx
    sources: dict[str, Source] = {}
    for key, node in root.entries:
        if _SOURCE_ID.read(key, ctx, "source id") is INVALID:
            continue
        source = SOURCE.read(node, ctx, key.text, id=key.text, at=key.at)
        if source is not INVALID:
            sources[key.text] = source
    return sources, ctx


def _read(record: Record, loaded: LoadedFile, **extra: Any) -> tuple[Any, ReadContext]:
    ctx = ReadContext()
    if not isinstance(loaded.root, Mapping):
        ctx.problems.append(_not_a_group(loaded))
        return None, ctx
    if record is not CLINIC:
        extra["citations"] = ()
    value = record.read(loaded.root, ctx, "", at=loaded.root.at, **extra)
    if value is INVALID:
        return None, ctx
    if "citations" in extra:
        value = replace(value, citations=tuple(ctx.citations))
    return value, ctx


def _not_a_group(loaded: LoadedFile) -> Problem:
    return error("the file must hold 'field: value' lines", Mark(loaded.path, 1, 1),
                 "start each line with a field name and a colon")
