"""Stage 3, resolve: every id, source and asset a library mentions must exist.

Also numbers a handout's sources in the order a reader meets them, for [n] citations.
"""

from __future__ import annotations

from pathlib import Path

from careprint.stored_results import remembered
from careprint.library.load import Mapping, field_mark, load_file
from careprint.library.model import STANDARD_KINDS, STANDARD_REGIONS, contraindication_words
from careprint.library.reader import ITEM_FOLDERS, Library, variation_ids
from careprint.library.translations import translation_path
from careprint.problems import Mark, Problem, error, warning
from careprint.resources import BUILTIN_ASSETS
from careprint.library.fields import AssetRef, Ref, suggest

_KIND_WORDS = {"source": ("source", "handouts/sources.yaml"),
               "exercise": ("exercise", "handouts/exercises/"),
               "set": ("exercise set", "handouts/sets/"),
               "condition": ("condition", "handouts/conditions/"),
               "pack": ("pack", "handouts/packs/")}


def check_references(library: Library) -> list[Problem]:
    problems: list[Problem] = []
    for kind, ref in library.refs:
        problems += _missing(library, kind, ref)
    for what, ref in library.assets:
        problems += check_asset(library, ref, what)
    problems += _repeated(library)
    problems += _vocabulary(library)
    problems += _contraindications(library)
    problems += _variations(library)
    problems += _password_rule(library)
    cited = {ref.id for kind, ref in library.refs if kind == "source"}
    for source in library.sources.values() if library.complete else ():
        if source.id not in cited:
            problems.append(warning(f"source '{source.id}' is not used by any handout",
                                    source.at, "cite it somewhere, or delete it"))
    return problems


def _vocabulary(library: Library) -> list[Problem]:
    """Each exercise's region and kind: a standard one, or one the clinic added."""
    if library.clinic is None:
        return []
    known = {"region": (*STANDARD_REGIONS, *library.clinic.regions),
             "kind": (*STANDARD_KINDS, *library.clinic.kinds)}
    problems = []
    for exercise in library.exercises.values():
        for field, words in known.items():
            value = getattr(exercise, field)
            if value not in words:
                hint = suggest(value, words) or f"add it under `{field}s` in clinic.yaml"
                problems.append(error(f"{field} '{value}' is not a standard {field} or one "
                                      "added in clinic.yaml", field_mark(exercise.at.path, field),
                                      hint))
    return problems


def _contraindications(library: Library) -> list[Problem]:
    """Each contraindication: a standard word, or one the clinic added."""
    if library.clinic is None:
        return []
    words = sorted(contraindication_words(library.clinic))
    problems = []
    for exercise in library.exercises.values():
        for number, item in enumerate(exercise.contraindications, start=1):
            if item.when not in words:
                hint = suggest(item.when, words) or (
                    "use one of: " + ", ".join(words) + "; or add it under "
                    "`contraindications` in clinic.yaml")
                problems.append(error(
                    f"contraindication '{item.when}' is not a standard one or one added in "
                    "clinic.yaml",
                    field_mark(exercise.at.path, f"contraindications[{number}].when"), hint))
    return problems


def _variations(library: Library) -> list[Problem]:
    """An exercise cannot be its own easier or harder version."""
    problems = []
    for exercise in library.exercises.values():
        for field in ("easier", "harder"):
            variation = getattr(exercise, field)
            if variation and variation.exercise and variation.exercise.id == exercise.id:
                problems.append(error(f"'{field}' names the exercise itself",
                                      variation.exercise.at,
                                      "name another exercise, or say it in a few words"))
    return problems


def _repeated(library: Library) -> list[Problem]:
    """The same exercise twice in a set, or set twice in a condition, prints twice."""
    lists = [("exercise", [e.exercise for e in s.exercises]) for s in library.sets.values()]
    lists += [("exercise set", list(c.exercise_sets)) for c in library.conditions.values()]
    problems = []
    for noun, refs in lists:
        seen: set[str] = set()
        for ref in refs:
            if ref.id in seen:
                problems.append(warning(f"{noun} '{ref.id}' is listed twice", ref.at,
                                        "delete one of them"))
            seen.add(ref.id)
    return problems


def _password_rule(library: Library) -> list[Problem]:
    """A date of birth opens an emailed sheet for anyone who knows it, or tries them all."""
    clinic = library.clinic
    if clinic is None or clinic.email_password != "dob":
        return []
    return [warning("email_password: dob locks emailed sheets with the date of birth, which "
                    "is easy to find out or to guess (a century has only about 36,500 of them, "
                    "tried in seconds)", _field_mark(clinic.at, "email_password"),
                    "change it to 'email_password: passphrase': a random passphrase per "
                    "patient, listed in passwords.csv for the front desk")]


def _field_mark(at: Mark, name: str) -> Mark:
    """Where a top-level field of a file is written; the file itself if it cannot be found."""
    loaded, _ = load_file(at.path)
    if loaded is not None and isinstance(loaded.root, Mapping):
        for key, _value in loaded.root.entries:
            if key.text == name:
                return key.at
    return at


def _missing(library: Library, kind: str, ref: Ref) -> list[Problem]:
    if ref.id in library.declared[kind]:
        return []
    noun, home = _KIND_WORDS[kind]
    hint = suggest(ref.id, sorted(library.declared[kind]))
    hint = hint or (f"add '{ref.id}' to {home}" if kind == "source"
                    else f"create {home}{ref.id}.yaml, or fix the id")
    return [error(f"{noun} '{ref.id}' does not exist", ref.at, hint)]


def asset_path(library: Library, ref: AssetRef) -> Path:
    """The file an asset reference means: the library's own assets/, then careprint's."""
    own = library.paths.assets / ref.path
    builtin = BUILTIN_ASSETS / ref.path
    return own if own.exists() or not builtin.is_file() else builtin


def check_asset(library: Library, ref: AssetRef, what: str) -> list[Problem]:
    path = asset_path(library, ref)
    if not path.is_file():
        folder = path.parent
        near = sorted(p.name for p in folder.iterdir()) if folder.is_dir() else []
        hint = suggest(Path(ref.path).name, near) or \
            f"put the file at assets/{ref.path}, or fix the path"
        return [error(f"'{what}' file 'assets/{ref.path}' does not exist", ref.at, hint)]
    base = (library.paths.assets if path.is_relative_to(library.paths.assets)
            else BUILTIN_ASSETS).resolve()
    if not path.resolve().is_relative_to(base):
        return [error(f"'{what}' file 'assets/{ref.path}' links outside assets/", ref.at,
                      "copy the file into assets/ instead of linking to it")]
    if what.startswith("image"):  # an exercise's pictures: printed shrunk to fit
        return _picture_problems(path, ref, what)
    if path.suffix.lower() in (".png", ".jpg", ".jpeg"):
        return _image_problems(path, ref, what)
    if path.suffix.lower() == ".ttf" and not _is_font(path):
        return [error(f"'{what}' file 'assets/{ref.path}' is not a complete TrueType font",
                      ref.at, "use the .ttf file from the font's download as it came")]
    return []


def _picture_problems(path: Path, ref: AssetRef, what: str) -> list[Problem]:
    from careprint.library.picture_files import picture_problem  # Pillow, svglib: when needed

    found = picture_problem(path)
    if found is None:
        return []
    return [error(f"'{what}' file 'assets/{ref.path}' {found.problem}", ref.at, found.hint)]


_MAX_PIXELS = 16_000_000  # 4000 x 4000: far more than a logo, drawn as it is, needs


def _image_problems(path: Path, ref: AssetRef, what: str) -> list[Problem]:
    size = _image_size(path)
    if size is None:
        return [error(f"'{what}' file 'assets/{ref.path}' is not a readable image", ref.at,
                      "save it again as PNG or JPEG")]
    if size[0] * size[1] > _MAX_PIXELS:
        return [error(f"'{what}' file 'assets/{ref.path}' is {size[0]} x {size[1]} pixels, "
                      "too large to print quickly", ref.at,
                      "resize it to at most 2000 pixels on its longest side")]
    return []


def _is_font(path: Path) -> bool:
    return remembered(path, "font", lambda: _reads_as_font(path))


def _reads_as_font(path: Path) -> bool:
    from reportlab.pdfbase.ttfonts import TTFontFile

    try:
        TTFontFile(str(path))
    except Exception:  # a broken font file fails in many ways inside ReportLab
        return False
    return True


def _image_size(path: Path) -> tuple[int, int] | None:
    """The picture's width and height, or None if it is not a readable image; measured once
    per version of the file (opening it is most of a cold `sheet`'s reference check)."""
    return remembered(path, "image size", lambda: _measured_size(path))


def _measured_size(path: Path) -> tuple[int, int] | None:
    import warnings

    from PIL import Image  # ReportLab's own dependency

    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")  # a huge image is reported as a problem instead
            with Image.open(path) as image:
                size = image.size
                image.verify()
    except Exception:  # Pillow raises many kinds for a broken file
        return None
    return size


def condition_files(library: Library, condition_id: str, set_id: str | None = None,
                    exercise_ids: tuple[str, ...] = ()) -> set[Path]:
    """Every library file a condition handout is made from, so its errors can block it."""
    handouts = library.paths.handouts
    files = {handouts / "clinic.yaml", handouts / "sources.yaml",
             handouts / ITEM_FOLDERS["condition"] / f"{condition_id}.yaml"}
    condition = library.conditions.get(condition_id)
    set_ids = [set_id] if set_id else [r.id for r in condition.exercise_sets] if condition else []
    for each in set_ids:
        files.add(handouts / ITEM_FOLDERS["set"] / f"{each}.yaml")
        entries = library.sets[each].exercises if each in library.sets else ()
        chosen = [library.exercises[e.exercise.id] for e in entries
                  if e.exercise.id in library.exercises]
        for exercise_id in [e.exercise.id for e in entries] + variation_ids(chosen):
            files.add(handouts / ITEM_FOLDERS["exercise"] / f"{exercise_id}.yaml")
    extra = [library.exercises[i] for i in exercise_ids if i in library.exercises]
    for exercise_id in [*exercise_ids, *variation_ids(extra)]:
        files.add(handouts / ITEM_FOLDERS["exercise"] / f"{exercise_id}.yaml")
    # In another language, the translations beside them are sources too.
    return files | {translation_path(f, library.language) for f in files}


def blocking_problems(library: Library, problems: list[Problem], files: set[Path]) -> list[Problem]:
    """The errors that stop one document: those in the files it is made from."""
    resolved = {f.resolve() for f in files}
    return [p for p in problems if p.severity == "error" and p.at is not None
            and p.at.path.resolve() in resolved]
