"""Content in another language: `sciatica.es.yaml` beside `sciatica.yaml`.

A translation file holds only the words a patient reads (the fields in TRANSLATABLE), in the
same shape as the default file: the same lists with the same number of items, in the same
order. Ids, sources, dosage numbers, kinds, regions, pictures and review dates come from the
default file, so a translation can never change what a handout recommends, only how it says it.

The translation is laid over the default file's YAML before the file is read, so every rule
that holds for the default text (lengths, citations, refused characters) holds for the
translation too, and problems point at the translation's own lines. A field the translation
leaves out prints in the default language, with a warning naming it.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path

from careprint.library.fields import CITATION, ID_PATTERN
from careprint.library.load import LoadedFile, Mapping, Node, Scalar, Sequence
from careprint.problems import Mark, Problem, error, warning

# The words a patient reads, by kind of file: dotted paths, `*` for every item of a list.
TRANSLATABLE: dict[str, tuple[str, ...]] = {
    "clinic": ("footer", "disclaimer", "emergency_service", "pain_rule.settles_by",
               "pain_rule.stop_if", "clinicians.*.role"),
    "condition": ("title", "key_points", "what_it_is", "symptoms", "causes", "what_helps",
                  "self_care", "warning_signs.emergency", "warning_signs.today",
                  "warning_signs.soon", "extra_sections.*.heading", "extra_sections.*.text",
                  "extra_sections.*.bullets"),
    "exercise": ("name", "subtitle", "starting_position", "steps", "cautions", "dosage.load",
                 "images.start.caption", "images.end.caption", "equipment", "easier", "harder"),
    "set": ("title", "purpose", "goal", "exercises.*.note", "exercises.*.dosage.load",
            "pain_rule.settles_by", "pain_rule.stop_if"),
    "pack": ("title", "subtitle", "intro", "extra_pages.*.title", "extra_pages.*.text"),
}
# A list item written as a bare id ("- clamshell") stands for {exercise: clamshell}; in a
# translation the id is repeated, unchanged, so the notes line up with their exercises.
_ID_KEYS = {"exercises.*": "exercise", "handouts.*": "condition"}

TRANSLATION_NAME = re.compile(r"(?P<id>[a-z0-9]+(?:-[a-z0-9]+)*)\.(?P<language>[a-z]{2,3})")


def translation_path(path: Path, language: str) -> Path:
    """`conditions/sciatica.yaml` → `conditions/sciatica.es.yaml`."""
    return path.with_name(f"{path.stem}.{language}.yaml")


@dataclass
class Overlay:
    """A translation being laid over its file: its problems and the fields it left out."""

    kind: str
    default_file: Path
    problems: list[Problem] = field(default_factory=list)
    missing: list[str] = field(default_factory=list)  # fields printed in the default language

    def __post_init__(self) -> None:
        self.paths = set(TRANSLATABLE[self.kind])
        self.within = {".".join(p.split(".")[:n]) for p in self.paths
                       for n in range(1, p.count(".") + 1)}


def overlay(kind: str, default: LoadedFile, translation: LoadedFile
            ) -> tuple[LoadedFile, list[Problem]]:
    """The default file with the translation's words in place of its own, and the problems:
    errors for what a translation may not change, a warning naming the fields it lacks."""
    state = Overlay(kind, default.path)
    if not isinstance(default.root, Mapping):
        return default, []
    tree = translation.root
    if tree is not None and not isinstance(tree, Mapping):
        state.problems.append(error("the file must hold 'field: value' lines",
                                    Mark(translation.path, 1, 1)))
        tree = None
    merged = _mapping(state, default.root, tree, "", "")
    at = tree.at if tree is not None else Mark(translation.path, 1, 1)
    merged = Mapping(merged.entries, at)  # the item's problems point at the translation
    if state.missing:
        shown = ", ".join(state.missing[:6]) + (f" and {len(state.missing) - 6} more"
                                                if len(state.missing) > 6 else "")
        state.problems.append(warning(
            f"not translated: {shown}; printed in the words of {default.path.name}", at,
            "add them here in this file's language"))
    return LoadedFile(translation.path, merged), state.problems


def _mapping(state: Overlay, base: Mapping, tr: Mapping | None, path: str, shown: str
             ) -> Mapping:
    given = {k.text: (k, v) for k, v in tr.entries} if tr is not None else {}
    entries = []
    for key, node in base.entries:
        here, label = _join(path, key.text), _join(shown, key.text)
        if here in state.paths:
            if key.text in given:
                node = _words(state, node, given[key.text][1], label)
            elif not _an_id(node):  # `harder: glute-bridge` prints that exercise's own name
                state.missing.append(label)
        elif here in state.within:
            child = given.get(key.text, (None, None))[1]
            node = _nested(state, node, child, here, label)
        elif key.text in given and not _same(node, given[key.text][1]):
            state.problems.append(_fixed(state, given[key.text][0], label))
        entries.append((key, node))
    own = {k.text for k, _ in base.entries}
    for name, (key, node) in given.items():
        if name in own:
            continue
        here = _join(path, name)
        if here in state.paths or here in state.within:
            state.problems.append(error(
                f"'{_join(shown, name)}' is not in {state.default_file.name}: a translation "
                "has the same fields as its default file", key.at,
                f"add it to {state.default_file.name} first, or delete it here"))
        else:
            state.problems.append(_fixed(state, key, _join(shown, name)))
    return Mapping(tuple(entries), base.at)


def _nested(state: Overlay, base: Node, tr: Node | None, path: str, shown: str) -> Node:
    if isinstance(base, Mapping):
        if tr is not None and not isinstance(tr, Mapping):
            state.problems.append(_shape(state, tr, shown, "a group of fields"))
            tr = None
        return _mapping(state, base, tr, path, shown)
    if isinstance(base, Sequence):
        return _sequence(state, base, tr, path, shown)
    return base


def _sequence(state: Overlay, base: Sequence, tr: Node | None, path: str, shown: str) -> Node:
    items = tr.items if isinstance(tr, Sequence) else None
    if tr is not None and (items is None or len(items) != len(base.items)):
        state.problems.append(_shape(state, tr, shown, f"a list of {len(base.items)}"))
        items = None
    here = path + ".*"
    id_key = _ID_KEYS.get(here)
    merged = []
    for n, item in enumerate(base.items):
        other = items[n] if items is not None else None
        label = f"{shown}[{n + 1}]"
        if isinstance(item, Scalar) and id_key:  # "- clamshell" is {exercise: clamshell}
            item = Mapping(((Scalar(id_key, "str", False, item.at), item),), item.at)
        if isinstance(other, Scalar) and id_key:
            other = Mapping(((Scalar(id_key, "str", False, other.at), other),), other.at)
        merged.append(_nested(state, item, other, here, label))
    return Sequence(tuple(merged), base.at)


def _words(state: Overlay, base: Node, tr: Node, shown: str) -> Node:
    """The translated value of a field of words: text for text, a list as long for a list."""
    if isinstance(base, Sequence):
        if not isinstance(tr, Sequence) or len(tr.items) != len(base.items):
            state.problems.append(_shape(state, tr, shown, f"a list of {len(base.items)}"))
            state.missing.append(shown)
            return base
    elif isinstance(base, Scalar) and not isinstance(tr, Scalar):
        state.problems.append(_shape(state, tr, shown, "text"))
        state.missing.append(shown)
        return base
    pairs = zip(base.items, tr.items) if isinstance(base, Sequence) else ((base, tr),)
    for n, (said, translated) in enumerate(pairs, start=1):
        _same_sources(state, said, translated,
                      f"{shown}[{n}]" if isinstance(base, Sequence) else shown)
    return tr


def _same_sources(state: Overlay, base: Node, tr: Node, shown: str) -> None:
    """A translation says the same things, so it cites the same sources for them."""
    if not (isinstance(base, Scalar) and isinstance(tr, Scalar)):
        return
    cited, translated = set(CITATION.findall(base.text)), set(CITATION.findall(tr.text))
    if cited != translated:
        def listed(ids: set[str]) -> str:
            return ", ".join(f"[@{i}]" for i in sorted(ids)) or "none"
        state.problems.append(warning(
            f"'{shown}' cites {listed(translated)}, but {state.default_file.name} cites "
            f"{listed(cited)} there", tr.at,
            "cite the same sources as the default file: the translation says the same"))


def _an_id(node: Node) -> bool:
    """A value written as an id (an easier or harder exercise): it has no words to translate."""
    return isinstance(node, Scalar) and not node.quoted and \
        ID_PATTERN.fullmatch(node.text.strip()) is not None


def _same(base: Node, tr: Node) -> bool:
    """A fixed value repeated unchanged (an id that lines a list up) is no change."""
    return isinstance(base, Scalar) and isinstance(tr, Scalar) and base.text == tr.text


def _shape(state: Overlay, tr: Node, shown: str, expected: str) -> Problem:
    return error(f"'{shown}' must be {expected}, as in {state.default_file.name}", tr.at,
                 "a translation keeps the same items in the same order")


def _fixed(state: Overlay, key: Scalar, shown: str) -> Problem:
    return error(f"'{shown}' cannot be translated: it comes from {state.default_file.name}",
                 key.at, "delete it here; change it in " + state.default_file.name)


def _join(path: str, name: str) -> str:
    return f"{path}.{name}" if path else name


def translated_languages(handouts: Path) -> tuple[dict[str, list[Path]], list[Problem]]:
    """The languages the library has translations in, with their files; and a warning for
    each translation whose default file is missing."""
    found: dict[str, list[Path]] = {}
    orphans: list[Problem] = []
    folders = [handouts, *(handouts / f for f in ("conditions", "exercises", "sets", "packs"))]
    for folder in folders:
        if not folder.is_dir():
            continue
        for path in sorted(folder.glob("*.yaml")):
            match = TRANSLATION_NAME.fullmatch(path.stem)
            if not match:
                continue
            default = folder / f"{match['id']}.yaml"
            if not default.is_file() or (folder == handouts and match["id"] != "clinic"):
                orphans.append(warning(f"this translation has no {default.name} beside it, "
                                       "so it is never printed", Mark(path),
                                       "rename it to match its default file, or delete it"))
                continue
            found.setdefault(match["language"], []).append(path)
    return found, orphans
