"""The shipped library is content a patient reads: it must check clean, with no warnings."""

import re

import pytest

from conftest import REPO, page_fill

from careprint.library.reader import LibraryPaths, read_library
from careprint.library.references import check_references
from careprint.library.fields import CITATION


def test_shipped_library_checks_clean_and_strict(run_cli):
    result = run_cli("check", "--strict", "--library", str(REPO))
    assert (result.status, result.err) == (0, "")
    assert result.out.startswith("no problems: ")


def test_every_condition_has_red_flags_sources_and_an_exercise_set():
    library, problems = read_library(LibraryPaths.at(REPO))
    assert problems + check_references(library) == []
    assert len(library.conditions) >= 8 and len(library.exercises) >= 20
    assert len(library.sets) >= 5
    for condition in library.conditions.values():
        assert condition.warning_signs.emergency, condition.id
        assert condition.citations, f"{condition.id} cites no source in its text"
        assert condition.exercise_sets, condition.id
    si = library.conditions["sacroiliac-joint-pain"]
    assert any("injection" in s.heading.lower() for s in si.extra_sections)


def _syllables(word: str) -> int:
    word = word.lower().strip(".,;:!?()\"'")
    groups = re.findall(r"[aeiouy]+", word)
    count = len(groups) - (1 if word.endswith("e") and len(groups) > 1 else 0)
    return max(1, count)


def flesch_kincaid_grade(text: str) -> float:
    sentences = max(1, len(re.findall(r"[.!?](\s|$)", text)))
    words = re.findall(r"[A-Za-z][A-Za-z'-]*", text)
    syllables = sum(_syllables(w) for w in words)
    return 0.39 * len(words) / sentences + 11.8 * syllables / len(words) - 15.59


def test_condition_handouts_read_at_grade_8_or_lower():
    """Flesch-Kincaid with a simple syllable count: a guard against drift, not a verdict."""
    library, _ = read_library(LibraryPaths.at(REPO))
    grades = {}
    for condition in library.conditions.values():
        parts = [*condition.key_points, condition.what_it_is, *condition.symptoms,
                 *condition.causes, *condition.what_helps, *condition.self_care]
        text = CITATION.sub("", " ".join(p if p.rstrip()[-1:] in ".!?" else p + "."
                                         for p in parts))
        grades[condition.id] = round(flesch_kincaid_grade(text), 1)
    assert max(grades.values()) <= 8.0, grades


def test_the_example_patient_list_builds(run_cli, tmp_path):
    result = run_cli("batch", str(REPO / "examples/patients.csv"), "--library", str(REPO),
                     "-o", str(tmp_path))
    assert result.status == 0, result.err
    assert len(list(tmp_path.glob("*.pdf"))) == 3


def _grade(parts) -> float:
    text = CITATION.sub("", " ".join(p if p.rstrip()[-1:] in ".!?" else p + "." for p in parts))
    return flesch_kincaid_grade(text)


def test_warning_signs_read_at_grade_6_or_lower():
    """The most important text on the page must be the easiest to read."""
    library, _ = read_library(LibraryPaths.at(REPO))
    grades = {c.id: round(_grade([*c.warning_signs.emergency, *c.warning_signs.today,
                                  *c.warning_signs.soon]), 1)
              for c in library.conditions.values()}
    assert max(grades.values()) <= 6.0, grades


BACK_CONDITIONS = ["sciatica", "lumbar-disc-herniation", "low-back-strain",
                   "lumbar-spinal-stenosis", "sacroiliac-joint-pain", "piriformis-syndrome"]
CAUDA_EQUINA = {  # each sign, by words any plain wording of it must hold
    "both legs": ("both legs",),
    "saddle numbness": ("genitals", "buttocks", "inner thighs", "wip"),
    "trouble peeing": ("peeing",),
    "bladder or bowel control": ("bladder", "bowel"),
    "sexual problems": ("sex",),
}


@pytest.mark.parametrize("condition_id", BACK_CONDITIONS)
def test_back_handouts_carry_the_whole_cauda_equina_list_as_emergencies(condition_id):
    library, _ = read_library(LibraryPaths.at(REPO))
    emergency = " ".join(library.conditions[condition_id].warning_signs.emergency).lower()
    missing = [sign for sign, words in CAUDA_EQUINA.items()
               if not all(w in emergency for w in words)]
    assert missing == []


def test_no_content_file_hard_codes_an_emergency_number():
    for path in sorted((REPO / "handouts").rglob("*.yaml")):
        if path.name == "clinic.yaml":
            continue
        text = path.read_text()
        assert not re.search(r"\b(911|999|112)\b", text), path


def test_shipped_sets_hold_three_to_five_exercises():
    library, _ = read_library(LibraryPaths.at(REPO))
    sizes = {s.id: len(s.exercises) for s in library.sets.values()}
    assert all(3 <= n <= 5 for n in sizes.values()), sizes


@pytest.mark.parametrize("size", ["letter", "a4"])
def test_every_shipped_handout_is_one_sheet_of_paper(run_cli, tmp_path, size):
    """Front and back of one sheet: exactly 2 pages; the pack of all of them within 24."""
    from pypdf import PdfReader

    result = run_cli("build", "--library", str(REPO), "--out", str(tmp_path), "--size", size)
    assert result.status == 0, result.err
    pages = {p.stem: len(PdfReader(p).pages) for p in (tmp_path / "conditions").glob("*.pdf")}
    assert pages and set(pages.values()) == {2}, pages
    assert len(PdfReader(tmp_path / "packs/back-and-hip.pdf").pages) <= 24


def test_large_print_handouts_leave_no_half_empty_page(run_cli, tmp_path):
    assert run_cli("build", "--library", str(REPO), "--out", str(tmp_path),
                   "--print", "large").status == 0
    for path in sorted((tmp_path / "conditions").glob("*.pdf")):
        assert min(page_fill(path)[:-1]) >= 0.66, (path.stem, page_fill(path))


def _set_conditions() -> dict[str, str]:
    """Each shipped set, with a condition that recommends it."""
    library, _ = read_library(LibraryPaths.at(REPO))
    found: dict[str, str] = {}
    for condition in sorted(library.conditions.values(), key=lambda c: c.id):
        for ref in condition.exercise_sets:
            found.setdefault(ref.id, condition.id)
    return found


@pytest.mark.parametrize("size, print_size, most", [("letter", "standard", 2),
                                                    ("a4", "standard", 2),
                                                    ("letter", "large", 4),
                                                    ("a4", "large", 4)])
def test_every_shipped_set_makes_a_short_patient_sheet(run_cli, tmp_path, size, print_size,
                                                       most):
    """Up to 5 exercises: 2 pages, 4 in large print, with a note and the next visit."""
    from pypdf import PdfReader

    pages = {}
    for set_id, condition_id in _set_conditions().items():
        out = tmp_path / f"{set_id}.pdf"
        result = run_cli("sheet", condition_id, "--set", set_id, "--patient", "Test Patient",
                         "--note", "Start gently and build up over the first week.",
                         "--next-appointment", "Tuesday 10:30", "--size", size,
                         "--print", print_size, "--library", str(REPO), "-o", str(out))
        assert result.status == 0, result.err
        pages[set_id] = len(PdfReader(out).pages)
        # No page but the last is less than about two-thirds full.
        assert min(page_fill(out)[:-1], default=1) >= 0.66, (set_id, page_fill(out))
    assert max(pages.values()) <= most, pages


# The conditions beyond hip and back (#12), and the signs each must send to the emergency
# department ("emergency") or to a call today ("today"), by words any plain wording holds.
WHOLE_BODY_SIGNS = {
    "knee-osteoarthritis": {
        "emergency": {"can't bear weight after injury": ("injury", "weight"),
                      "hot swollen joint with fever": ("hot", "swollen", "fever"),
                      "clot in the lung": ("chest pain", "breathing")},
        "today": {"clot in the calf": ("calf", "swollen"),
                  "infected knee replacement": ("replacement", "fever"),
                  "locked knee": ("locks",),
                  "cancer": ("cancer", "weight loss")},
    },
    "patellofemoral-pain": {
        "emergency": {"can't bear weight after injury": ("injury", "weight"),
                      "hot swollen joint with fever": ("hot", "swollen", "fever")},
        "today": {"locked knee": ("locks",),
                  "fast swelling after a twist": ("swells", "twist"),
                  "a teenager's hip felt in the knee": ("teen", "limp", "hip")},
    },
    "rotator-cuff-shoulder-pain": {
        "emergency": {"heart attack felt in the arm": ("chest pain", "breath"),
                      "dislocation or fracture": ("fall", "changed shape", "move the arm"),
                      "hot swollen joint with fever": ("hot", "swollen", "fever"),
                      "blood supply": ("cold", "pale")},
        "today": {"torn cuff after injury": ("injury", "lift your arm"),
                  "nerve": ("pins and needles",),
                  "cancer": ("cancer", "lump")},
    },
    "neck-pain": {
        "emergency": {"injury": ("fall", "car crash"),
                      "meningitis": ("stiff neck", "fever", "rash", "light"),
                      "stroke": ("headache", "double vision", "speaking"),
                      "spinal cord pressed": ("both arms", "legs"),
                      "bladder or bowel": ("bladder", "bowel")},
        "today": {"spinal cord pressed slowly": ("clumsy hands", "walking", "balance"),
                  "worsening nerve loss": ("one arm", "getting worse"),
                  "infection": ("fever", "immune", "drugs"),
                  "fracture": ("small fall", "thin bones", "steroid"),
                  "cancer": ("cancer", "weight loss")},
    },
}


@pytest.mark.parametrize("condition_id", sorted(WHOLE_BODY_SIGNS))
def test_whole_body_handouts_carry_their_warning_signs_under_the_right_heading(condition_id):
    library, _ = read_library(LibraryPaths.at(REPO))
    signs = library.conditions[condition_id].warning_signs
    for heading, required in WHOLE_BODY_SIGNS[condition_id].items():
        items = [CITATION.sub("", item).lower() for item in getattr(signs, heading)]
        missing = [sign for sign, words in required.items()
                   if not any(all(w in item for w in words) for item in items)]
        assert missing == [], (heading, items)


@pytest.mark.parametrize("size", ["letter", "a4"])
def test_whole_body_handouts_print_on_one_sheet_with_every_warning_sign(run_cli, tmp_path,
                                                                         size):
    """Each prints on 2 pages, and the reader finds every sign under its own heading."""
    from conftest import pdf_pages

    library, _ = read_library(LibraryPaths.at(REPO))
    result = run_cli("build", "--library", str(REPO), "--out", str(tmp_path), "--size", size)
    assert result.status == 0, result.err
    for condition_id in sorted(WHOLE_BODY_SIGNS):
        pages = pdf_pages(tmp_path / "conditions" / f"{condition_id}.pdf")
        assert len(pages) == 2, condition_id
        box = next(page for page in pages if "Warning signs: get help" in page)
        emergency = box.index("Call 911 or go to the emergency department now")
        today = box.index("or your doctor today if you have:")
        signs = library.conditions[condition_id].warning_signs
        for heading, start, end in (("emergency", emergency, today),
                                    ("today", today, len(box))):
            for item in getattr(signs, heading):
                text = " ".join(CITATION.sub("", item).split())
                assert text in box[start:end], (condition_id, heading, text)
