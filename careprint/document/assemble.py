"""Stage 3b, resolve a document: what one handout or patient sheet says, as plain values.

Ids become the items they name, dosage becomes words, `[@source]` citations become [n] numbered
in reading order, and the disclaimer and sources are attached here, by the pipeline, so no
template can leave them out. Templates see only these objects.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Literal

import re

from careprint.library.labels import Labels, english_labels
from careprint.library.reader import Library
from careprint.library.model import (
    Clinic, Condition, Dosage, Exercise, ExerciseSet, Figure, PainRule, SetEntry, Source,
)
from careprint.library.fields import CITATION, Ref
from careprint.problems import Mark

PrintSize = Literal["standard", "large"]

@dataclass(frozen=True, slots=True, kw_only=True)
class SourceEntry:
    """One numbered source in the list a document prints at its end."""

    number: int
    citation: str  # one line, Vancouver style
    url: str | None = None


@dataclass(frozen=True, slots=True, kw_only=True)
class Section:
    """A heading and the paragraphs under it."""

    heading: str
    paragraphs: tuple[str, ...] = ()
    bullets: tuple[str, ...] = ()


@dataclass(frozen=True, slots=True, kw_only=True)
class WarningGroup:
    """Warning signs that call for the same action, under the words that say it."""

    action: Literal["emergency", "today", "soon"]
    heading: str  # "Call 911 or go to the emergency department now if you have:"
    items: tuple[str, ...]


@dataclass(frozen=True, slots=True, kw_only=True)
class WarningBox:
    """Every warning sign of a condition, grouped by what to do."""

    heading: str
    groups: tuple[WarningGroup, ...]


@dataclass(frozen=True, slots=True, kw_only=True)
class PainRuleView:
    """The pain rule as printed: what discomfort is fine, and when to stop."""

    ok: str  # "Mild discomfort (up to 3 out of 10) is OK if it settles by …"
    stop_if: tuple[str, ...]
    terms: str  # what "sets" and "reps" mean, said once
    stop: str = ""  # "Stop and call us if A, or B."


@dataclass(frozen=True, slots=True, kw_only=True)
class PictureView:
    """A clinic picture as printed, with its caption."""

    file: str  # a path inside assets/
    caption: str | None = None


@dataclass(frozen=True, slots=True, kw_only=True)
class Labelled:
    """A fixed label and the words after it: "Too hard?" "Push up with your hands."."""

    label: str
    text: str


@dataclass(frozen=True, slots=True, kw_only=True)
class ExerciseCard:
    """One exercise as a document prints it: its words, dosage, pictures and versions."""

    id: str
    number: int
    name: str
    subtitle: str | None = None
    kind: str
    kind_name: str = ""  # the kind in the document's language: "Stretch", "Estiramiento"
    starting_position: str
    steps: tuple[str, ...]
    key_steps: tuple[str, ...]  # the 2-3 steps a condition handout prints
    dosage: str  # in words: "2 sets of 10, each side, once a day"
    dosage_brief: str  # the same without rests: a condition handout's one line
    cautions: tuple[str, ...]
    stop_if: str  # the first caution: the one a condition handout prints
    note: str | None = None
    image: str | None = None  # the first picture's path inside assets/ (older templates)
    pictures: tuple[PictureView, ...] = ()  # the clinic's own: one, or start and end
    figure: Figure | None = None  # the built-in drawing, shown when there are no pictures
    side: str | None = None  # the prescribed side: each, left, right or both
    side_note: str = ""  # under a figure of one side: "Right side shown", in the language
    video: str | None = None
    video_label: str | None = None  # the link without https://, short enough to type
    cites: str = ""  # "[4] [5]"
    equipment_label: str = "You will need:"  # in the document's language
    equipment: tuple[str, ...] = ()  # "a sturdy chair"
    variations: tuple[Labelled, ...] = ()  # "Too hard?" and "Too easy?", each if given


@dataclass(frozen=True, slots=True, kw_only=True)
class Patient:
    """Whom a sheet is for, and when it was given: printed, never put in a file name."""

    name: str
    date: str
    clinician: str | None = None
    note: str | None = None
    next_appointment: str | None = None


@dataclass(frozen=True, slots=True, kw_only=True)
class ClinicView:
    """The clinic's letterhead and contact details, as printed."""

    name: str
    address: str
    phone: str
    email: str | None
    website: str | None
    logo: str | None  # a path inside assets/
    primary: str
    accent: str
    footer: str | None


@dataclass(frozen=True, slots=True, kw_only=True)
class Document:
    """Everything one handout or sheet says, resolved and ready for the templates."""

    kind: Literal["condition", "sheet"]
    id: str  # the condition id
    title: str
    subtitle: str
    key_points: tuple[str, ...]
    sections: tuple[Section, ...]
    warnings: WarningBox
    pain_rule: PainRuleView
    set_title: str | None
    set_purpose: str | None
    exercises: tuple[ExerciseCard, ...]
    set_goal: Labelled | None = None  # on a sheet: "Your goal:" and the set's goal
    programme: str | None = None  # on a sheet: "Do this for 6 weeks, then we will review it."
    patient: Patient | None
    reviewed: str
    sources: tuple[SourceEntry, ...]
    disclaimer: str
    clinic: ClinicView
    page_size: str
    print_size: PrintSize
    log_days: tuple[str, ...] = ("Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun")
    # The fixed words around the content (headings, "each side", "Page X of Y"), all in the
    # document's language: templates print them as doc.labels.NAME.
    labels: Labels = field(default_factory=english_labels)
    language: str = "en"


class DocumentError(Exception):
    """A request that cannot make a document (an unknown exercise in --only, say)."""


@dataclass(frozen=True, slots=True)
class SheetRequest:
    """A clinician's choices for one patient's sheet."""

    condition: str
    patient: str
    date: dt.date
    set_id: str | None = None
    clinician: str | None = None
    note: str | None = None
    next_appointment: str | None = None
    doses: tuple[tuple[str, Dosage], ...] = ()
    only: tuple[str, ...] = ()
    # The programme in the clinician's order, from any of the library's exercises: with a set,
    # its exercises keep the set's dosage and note; without, nothing comes from a set.
    exercises: tuple[str, ...] | None = None
    notes: tuple[tuple[str, str], ...] = ()  # exercise id, the clinician's note for it


@dataclass(frozen=True, slots=True, kw_only=True)
class PackDocument:
    """A pack: its handouts, extra pages and title, as one document."""

    id: str
    title: str
    subtitle: str | None
    intro: tuple[str, ...]
    parts: tuple[Document, ...]
    extra_pages: tuple[Section, ...]
    clinic: ClinicView
    page_size: str
    print_size: PrintSize
    labels: Labels = field(default_factory=english_labels)
    language: str = "en"


def condition_handout(library: Library, condition_id: str, *, set_id: str | None = None,
                      page_size: str | None = None, print_size: PrintSize = "standard",
                      ) -> Document:
    condition = library.conditions[condition_id]
    set_ids = [set_id] if set_id else [ref.id for ref in condition.exercise_sets]
    sets = [library.sets[i] for i in set_ids]
    entries = [(exercise_set, entry) for exercise_set in sets for entry in exercise_set.exercises]
    set_title = library.labels["and"].join(s.title for s in sets) or None
    set_purpose = " ".join(s.purpose for s in sets) or None
    return _document("condition", library, condition, sets, entries, None, set_title,
                     set_purpose, page_size, print_size)


def pack_document(library: Library, pack_id: str, *, page_size: str | None = None,
                  print_size: PrintSize = "standard") -> PackDocument:
    pack = library.packs[pack_id]
    parts = tuple(condition_handout(library, item.condition.id,
                                    set_id=item.set.id if item.set else None,
                                    page_size=page_size, print_size=print_size)
                  for item in pack.handouts)
    extra = tuple(Section(heading=page.title, paragraphs=_paragraphs(page.text))
                  for page in pack.extra_pages)
    return PackDocument(id=pack.id, title=pack.title, subtitle=pack.subtitle,
                        intro=_paragraphs(pack.intro) if pack.intro else (), parts=parts,
                        extra_pages=extra, clinic=clinic_view(library.clinic),
                        page_size=page_size or library.clinic.page_size, print_size=print_size,
                        labels=_labels(library), language=library.language)


def patient_sheet(library: Library, request: SheetRequest, *, page_size: str | None = None,
                  print_size: PrintSize = "standard") -> Document:
    condition = library.conditions[request.condition]
    if request.exercises is not None:
        sets, entries = _own_programme(library, condition, request)
    else:
        exercise_set = _chosen_set(library, condition, request.set_id)
        sets, entries = [exercise_set], _set_entries(exercise_set, request.only)
    chosen = {e.exercise.id for _, e in entries}
    for exercise_id, _ in request.doses:
        if exercise_id not in chosen:
            msg = (f"--dose: '{exercise_id}' is not one of this sheet's exercises — choose from: "
                   + ", ".join(sorted(chosen)))
            raise DocumentError(msg)
    notes = dict(request.notes)
    for exercise_id in notes:
        if exercise_id not in chosen:
            raise DocumentError(f"--exercise-note: '{exercise_id}' is not one of this sheet's "
                                "exercises — choose from: " + ", ".join(sorted(chosen)))
    if notes:
        entries = [(s, replace(e, note=notes[e.exercise.id]) if notes.get(e.exercise.id) else e)
                   for s, e in entries]
    patient = Patient(name=request.patient, date=long_date(request.date, _labels(library)),
                      clinician=request.clinician, note=request.note,
                      next_appointment=request.next_appointment)
    title = sets[0].title if sets else _labels(library)["own_programme"]  # the heading
    purpose = sets[0].purpose if sets else None
    return _document("sheet", library, condition, sets, entries, patient, title, purpose,
                     page_size, print_size, dict(request.doses))


def _set_entries(exercise_set: ExerciseSet, only: tuple[str, ...]) -> list:
    entries = [(exercise_set, e) for e in exercise_set.exercises]
    if only:
        in_set = [e.exercise.id for _, e in entries]
        unknown = [x for x in only if x not in in_set]
        if unknown:
            msg = (f"--only: '{unknown[0]}' is not in the set '{exercise_set.id}' — choose from: "
                   + ", ".join(in_set))
            raise DocumentError(msg)
        entries = [pair for pair in entries if pair[1].exercise.id in only]
    return entries


_TYPED = Mark(Path("--exercises"))  # where an exercise named by the clinician came from


def _own_programme(library: Library, condition: Condition, request: SheetRequest
                   ) -> tuple[list[ExerciseSet], list]:
    """The clinician's own list: set entries keep their dosage and note, others are plain."""
    exercise_set = (_chosen_set(library, condition, request.set_id) if request.set_id
                    else None)
    in_set = {e.exercise.id: e for e in exercise_set.exercises} if exercise_set else {}
    if not request.exercises:
        raise DocumentError("the programme is empty — add at least one exercise")
    entries = []
    for exercise_id in dict.fromkeys(request.exercises):
        if exercise_id not in library.exercises:
            raise DocumentError(f"--exercises: there is no exercise '{exercise_id}' — see "
                                "`careprint list`")
        entry = in_set.get(exercise_id) or SetEntry(exercise=Ref(exercise_id, _TYPED))
        entries.append((exercise_set, entry))
    return ([exercise_set] if exercise_set else []), entries


def _chosen_set(library: Library, condition: Condition, set_id: str | None) -> ExerciseSet:
    if set_id is not None:
        if set_id not in library.sets:
            msg = f"--set: there is no exercise set '{set_id}' — see `careprint list`"
            raise DocumentError(msg)
        return library.sets[set_id]
    if not condition.exercise_sets:
        msg = (f"condition '{condition.id}' recommends no exercise set — choose one with --set "
               "(see `careprint list`)")
        raise DocumentError(msg)
    return library.sets[condition.exercise_sets[0].id]


def _document(kind, library: Library, condition: Condition, sets: list[ExerciseSet],
              entries, patient: Patient | None, set_title, set_purpose, page_size, print_size,
              doses: dict[str, Dosage] | None = None) -> Document:
    clinic = library.clinic
    labels = _labels(library)
    numbers = _SourceNumbers(library.sources, clinic.citation_style)

    def exercise_cards() -> list[ExerciseCard]:
        cards = []
        for number, (_, entry) in enumerate(entries, start=1):
            exercise = library.exercises[entry.exercise.id]
            dosage = exercise.dosage.overridden_by(entry.dosage)
            dosage = dosage.overridden_by((doses or {}).get(exercise.id))
            cards.append(_card(number, exercise, dosage, entry.note, numbers, labels,
                               library.exercises))
        return cards

    # Sources are numbered in the order the templates show them: a handout explains the
    # condition and its warning signs before the exercises; a sheet leads with the exercises.
    rule = next((s.pain_rule for s in sets if s.pain_rule), clinic.pain_rule)
    key_points, sections, warnings = (), (), None
    if kind == "condition":
        key_points = tuple(numbers.cite(p) for p in condition.key_points)
        sections = _condition_sections(condition, numbers, labels)
        warnings = warning_box(condition, clinic, numbers, labels)
    pain_rule = pain_rule_view(rule, numbers, labels)
    purposes = [numbers.cite(s.purpose) for s in sets]
    cards = exercise_cards()
    warnings = warnings or warning_box(condition, clinic, numbers, labels)
    numbers.listed(condition.sources)  # listed but never cited: still in the source list
    goal, programme = (_set_plan(sets[0], labels) if kind == "sheet" and sets
                       else (None, None))
    return Document(
        kind=kind, id=condition.id, title=condition.title,
        subtitle=labels["subtitle_sheet" if kind == "sheet" else "subtitle_condition"],
        key_points=key_points, sections=sections, warnings=warnings, pain_rule=pain_rule,
        set_title=set_title, set_purpose=" ".join(purposes) or set_purpose,
        exercises=tuple(cards), patient=patient, set_goal=goal, programme=programme,
        reviewed=labels.text("reviewed", by=condition.reviewed.by,
                             date=long_date(condition.reviewed.date, labels)),
        sources=numbers.entries(), disclaimer=clinic.disclaimer or labels["disclaimer"],
        clinic=clinic_view(clinic), page_size=page_size or clinic.page_size,
        print_size=print_size, log_days=tuple(labels["weekdays"]), labels=labels,
        language=library.language)


def _labels(library: Library) -> Labels:
    return library.labels or english_labels()


def warning_box(condition: Condition, clinic: Clinic, numbers: _SourceNumbers,
                labels: Labels | None = None) -> WarningBox:
    """The warning signs under the action they need, with the clinic's own numbers."""
    labels = labels or english_labels()
    signs = condition.warning_signs
    service = clinic.emergency_service or labels["emergency_service"]
    headings = {
        "emergency": labels.text("warning_emergency", number=clinic.emergency_number,
                                 service=service),
        "today": labels.text("warning_today", phone=unbroken(clinic.phone)),
        "soon": labels["warning_soon"],
    }
    groups = tuple(WarningGroup(action=action, heading=headings[action],
                                items=tuple(numbers.cite(i) for i in items))
                   for action, items in (("emergency", signs.emergency), ("today", signs.today),
                                         ("soon", signs.soon)) if items)
    return WarningBox(heading=labels["warning_signs"], groups=groups)


def pain_rule_view(rule: PainRule, numbers: _SourceNumbers,
                   labels: Labels | None = None) -> PainRuleView:
    labels = labels or english_labels()
    marks = numbers.marks([r.id for r in rule.sources])
    settles_by = rule.settles_by or labels["settles_by"]
    ok = (labels.text("pain_rule_ok", ok_up_to=rule.ok_up_to, settles_by=settles_by)
          if rule.ok_up_to else labels["pain_rule_no_pain"])
    stop_if = rule.stop_if or tuple(labels["stop_if"])
    return PainRuleView(
        ok=ok + marks, stop_if=stop_if, terms=labels["pain_rule_terms"],
        stop=labels.text("pain_rule_stop", reasons=labels["or"].join(stop_if)))


def _condition_sections(condition: Condition, numbers: _SourceNumbers,
                        labels: Labels) -> tuple[Section, ...]:
    def bullets(items):
        return tuple(numbers.cite(b) for b in items)

    sections = [
        Section(heading=labels["what_it_is"],
                paragraphs=tuple(numbers.cite(p) for p in _paragraphs(condition.what_it_is))),
        Section(heading=labels["symptoms"], bullets=bullets(condition.symptoms)),
        *([Section(heading=labels["causes"], bullets=bullets(condition.causes))]
          if condition.causes else []),
        Section(heading=labels["what_helps"], bullets=bullets(condition.what_helps)),
        Section(heading=labels["self_care"], bullets=bullets(condition.self_care)),
    ]
    for extra in condition.extra_sections:
        paragraphs = _paragraphs(extra.text) if extra.text else ()
        sections.append(Section(heading=extra.heading,
                                paragraphs=tuple(numbers.cite(p) for p in paragraphs),
                                bullets=bullets(extra.bullets)))
    return tuple(sections)


def _set_plan(exercise_set: ExerciseSet, labels: Labels) -> tuple[Labelled | None, str | None]:
    """A sheet's goal, and how long to do the set in plain words."""
    text = exercise_set.goal
    if text and text[-1] not in ".!?":
        text += "."
    goal = Labelled(label=labels["goal"], text=text) if text else None
    return goal, programme_words(exercise_set.weeks, exercise_set.then, labels)


def programme_words(weeks: int | None, then: str | None,
                    labels: Labels | None = None) -> str | None:
    """'Do this for 6 weeks, then we will review it.'"""
    if not weeks:
        return None
    labels = labels or english_labels()
    then_words = labels["then_" + (then or "review").replace("-", "_")]
    return labels.text("programme", weeks=labels.count("weeks", weeks), then=then_words)


def _variations(exercise: Exercise, exercises: dict[str, Exercise],
                labels: Labels) -> tuple[Labelled, ...]:
    """'Too hard? …' and 'Too easy? …': the other exercise's name, or the words given."""
    found = []
    for which in ("easier", "harder"):
        variation = getattr(exercise, which)
        if variation is None:
            continue
        if variation.exercise is not None:
            other = exercises.get(variation.exercise.id)  # read with its sheet's files
            name = other.name if other else variation.exercise.id
            text = labels.text("try_exercise", name=name)
        else:
            text = variation.text
        found.append(Labelled(label=labels[which], text=text))
    return tuple(found)


def _card(number: int, exercise: Exercise, dosage: Dosage, note: str | None,
          numbers: _SourceNumbers, labels: Labels, exercises: dict[str, Exercise]
          ) -> ExerciseCard:
    steps = tuple(numbers.cite(s) for s in exercise.steps)
    key = exercise.key_steps or tuple(range(1, min(2, len(steps)) + 1))
    cautions = tuple(numbers.cite(c) for c in exercise.cautions)
    pictures = _pictures(exercise)
    return ExerciseCard(
        id=exercise.id, number=number, name=exercise.name, subtitle=exercise.subtitle,
        kind=exercise.kind, kind_name=labels.kind(exercise.kind),
        starting_position=numbers.cite(exercise.starting_position),
        steps=steps, key_steps=tuple(steps[n - 1] for n in key),
        dosage=dosage_words(dosage, labels),
        dosage_brief=dosage_words(replace(dosage, rest_seconds=None), labels),
        cautions=cautions, stop_if=cautions[0],
        note=numbers.cite(note) if note else None,
        image=pictures[0].file if pictures else None, pictures=pictures,
        figure=exercise.figure, side=dosage.side, side_note=_side_note(exercise, dosage, labels),
        video=exercise.video, video_label=_short_link(exercise.video),
        cites=numbers.listed(exercise.sources, include_cited=True),
        equipment=exercise.equipment, equipment_label=labels["equipment"],
        variations=_variations(exercise, exercises, labels))


def _side_note(exercise: Exercise, dosage: Dosage, labels: Labels) -> str:
    """Under a figure of one side, when the patient does each side: "Right side shown"."""
    drawn = exercise.figure.working.split()[0] if exercise.figure else ""
    if dosage.side != "each" or drawn not in ("left", "right"):
        return ""
    return labels["side_shown"][drawn]


def _pictures(exercise: Exercise) -> tuple[PictureView, ...]:
    images = exercise.images
    if images is None:
        return ()
    chosen = (images.start,) if images.end is None else (images.start, images.end)
    return tuple(PictureView(file=p.file.path, caption=p.caption) for p in chosen)


_SUPERSCRIPT = str.maketrans("0123456789", "⁰¹²³⁴⁵⁶⁷⁸⁹")
# A run of citations and the space before it: "faster [@a] [@b]." holds one run.
_CITATION_RUN = re.compile(r"(\s*)((?:\[@[^\]\s]*\]\s*?)*\[@[^\]\s]*\])")


class _SourceNumbers:
    """Numbers sources in the order a reader first meets them, marked in the clinic's style."""

    def __init__(self, sources: dict[str, Source], style: str = "brackets") -> None:
        self._sources = sources
        self._style = style
        self._order: list[str] = []

    def number(self, source_id: str) -> int:
        if source_id not in self._order:
            self._order.append(source_id)
        return self._order.index(source_id) + 1

    def marks(self, source_ids: list[str]) -> str:
        """The marks for these sources in the clinic's style, numbering any new ones."""
        numbers = [self.number(i) for i in dict.fromkeys(source_ids)]
        if not numbers or self._style == "none":
            return ""
        if self._style == "superscript":
            # Superscript digits are text, not markup: they survive escaping and extraction.
            return "\u2009".join(str(n).translate(_SUPERSCRIPT) for n in numbers)
        return " " + " ".join(f"[{n}]" for n in numbers)

    def cite(self, text: str) -> str:
        def run(match: re.Match) -> str:
            marks = self.marks(CITATION.findall(match.group(2)))
            return marks if self._style != "brackets" else match.group(1) + marks.lstrip()
        return _CITATION_RUN.sub(run, text)

    def listed(self, refs: tuple[Ref, ...], include_cited: bool = False) -> str:
        """Marks for an item's listed sources; by default only those not already cited."""
        new = [r.id for r in refs if include_cited or r.id not in self._order]
        return self.marks(new).strip()

    def entries(self) -> tuple[SourceEntry, ...]:
        return tuple(SourceEntry(number=n, citation=format_source(self._sources[i]),
                                 url=self._sources[i].url)
                     for n, i in enumerate(self._order, start=1))


def format_source(source: Source) -> str:
    parts = []
    if source.authors:  # a patient needs the first author to find it, not all six
        shown = source.authors if len(source.authors) <= 2 else (source.authors[0], "et al")
        parts.append(", ".join(shown) + ".")
    if not (source.journal and source.doi):  # a paper's DOI finds it; its title is long
        parts.append(source.title.rstrip(".") + ".")
    if source.journal:
        where = f"{source.journal}. {source.year}"
        if source.volume:
            where += f";{source.volume}"
        if source.pages:
            where += f":{source.pages}"
        parts.append(where + ".")
    else:
        parts.append(f"{source.publisher}; {source.year}.")
    # One way to find it is enough: the DOI, else the web address. The access date stays in
    # sources.yaml; on paper it costs a line per source and helps no patient.
    if source.doi:
        parts.append(f"doi:{source.doi}")
    elif source.url:
        parts.append(_short_link(source.url))
    return " ".join(parts)


def dosage_words(d: Dosage, labels: Labels | None = None) -> str:
    """Dosage as a clinician would say it, in the labels' language: '2 sets of 10, each side,
    once a day', '2 series de 10, cada lado, una vez al día'."""
    t = labels or english_labels()

    def time(seconds: int) -> str:
        if seconds >= 60 and seconds % 60 == 0:
            return t.count("minutes", seconds // 60)
        return t.count("seconds", seconds)

    def count(sets: int | None, reps: int) -> str:
        if sets and sets > 1:
            return t.count("sets_of", sets, sets=sets, reps=reps)
        return t.count("times", reps)

    parts = []
    if d.reps and d.hold_seconds:
        parts.append(f"{count(d.sets, d.reps)}, {t.text('hold_each', time=time(d.hold_seconds))}")
    elif d.reps:
        parts.append(count(d.sets, d.reps))
    elif d.hold_seconds:
        lead = t.text("rounds", n=d.sets) if d.sets and d.sets > 1 else ""
        parts.append(lead + t.text("hold", time=time(d.hold_seconds)))
    if d.minutes:
        rounds = (f", {t.count('times', d.sets)}"
                  if d.sets and d.sets > 1 and not (d.reps or d.hold_seconds) else "")
        parts.append(t.count("minutes", d.minutes) + rounds)
    if d.side in ("each", "left", "right", "both"):
        parts.append(t[f"side_{d.side}"])
    if d.load:
        parts.append(t.text("with_load", load=d.load))
    if d.rest_seconds and d.sets and d.sets > 1:
        parts.append(t.text("rest_between_sets", time=time(d.rest_seconds)))
    elif d.rest_seconds and (d.hold_seconds or d.minutes) and (d.reps or 0) > 1:
        parts.append(t.text("rest_between_each", time=time(d.rest_seconds)))  # between holds
    if d.times_per_day:
        parts.append(t.count("times_a_day", d.times_per_day))
    if d.days_per_week:
        parts.append(t.count("days_a_week", d.days_per_week))
    text = ", ".join(parts)
    return text[:1].upper() + text[1:]


def _paragraphs(text: str) -> tuple[str, ...]:
    return tuple(" ".join(p.split()) for p in text.split("\n\n") if p.strip())


def _short_link(url: str | None) -> str | None:
    if not url:
        return None
    short = url.split("://", 1)[-1]
    short = short[4:] if short.startswith("www.") else short
    return short.rstrip("/")


def clinic_view(clinic: Clinic) -> ClinicView:
    return ClinicView(name=clinic.name, address=clinic.address, phone=unbroken(clinic.phone),
                      email=clinic.email, website=clinic.website,
                      logo=clinic.logo.path if clinic.logo else None,
                      primary=clinic.colours.primary, accent=clinic.colours.accent,
                      footer=clinic.footer)


def unbroken(text: str) -> str:
    """Text that never breaks across lines, such as a phone number."""
    return text.replace(" ", "\u00a0")


def long_date(day: dt.date, labels: Labels | None = None) -> str:
    """'20 November 2026', '20 de noviembre de 2026': month names from the labels, never
    from the computer's locale."""
    return (labels or english_labels()).date(day)
