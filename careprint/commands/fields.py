"""`careprint fields`: the reference of every YAML field, from the declarations that validate."""

from __future__ import annotations

from careprint.library.fields import ListOf, OneOf, Record
from careprint.library.schema import CLINIC, CONDITION, EXERCISE, EXERCISE_SET, PACK, SOURCE

FIELD_FILES = [
    ("handouts/clinic.yaml", "Your clinic's details, used on every handout.", CLINIC),
    ("handouts/sources.yaml", "The bibliography: each entry is `source-id:` followed by these "
                              "fields, indented.", SOURCE),
    ("handouts/conditions/<id>.yaml", "One condition handout.", CONDITION),
    ("handouts/exercises/<id>.yaml", "One exercise.", EXERCISE),
    ("handouts/sets/<id>.yaml", "One exercise set.", EXERCISE_SET),
    ("handouts/packs/<id>.yaml", "A handout pack: several handouts in one PDF with a cover and "
                                "contents.", PACK),
]


def field_reference() -> str:
    """The field reference as Markdown, generated from the same declarations that validate."""
    lines = ["# Field reference", ""]
    for filename, about, record in FIELD_FILES:
        lines += [f"## {filename}", "", about, ""]
        lines += _record_lines(record, "")
    lines += _translation_lines()
    return "\n".join(lines).rstrip() + "\n"


def _translation_lines() -> list[str]:
    """Which fields a translation beside a file (`sciatica.es.yaml`) may hold."""
    from careprint.library.translations import TRANSLATABLE

    lines = ["## Translations: `<id>.<language>.yaml` beside the file", "",
             "A translation holds only these fields, in the same shape as its default file "
             "(`*` is every item of a list, in the same order); everything else comes from the "
             "default file. See handouts/README.md, \"Handouts in another language\".", ""]
    kinds = {"clinic": "clinic.es.yaml", "condition": "conditions/<id>.es.yaml",
             "exercise": "exercises/<id>.es.yaml", "set": "sets/<id>.es.yaml",
             "pack": "packs/<id>.es.yaml"}
    for kind, paths in TRANSLATABLE.items():
        lines.append(f"- `{kinds[kind]}`: " + ", ".join(f"`{p}`" for p in paths))
    return lines + [""]


def _record_lines(record: Record, prefix: str) -> list[str]:
    lines = []
    for spec in record.fields:
        need = "required" if spec.required else "optional"
        lines.append(f"- `{prefix}{spec.name}` ({spec.type.describe}; {need}): {spec.help}")
        example = "\n".join("  " + line for line in spec.example.splitlines())
        lines += ["", "  ```yaml", example, "  ```", ""]
        nested = spec.type.item if isinstance(spec.type, ListOf) else spec.type
        if isinstance(nested, OneOf):
            nested = nested.long
        if isinstance(nested, Record):
            lines += _record_lines(nested, f"{prefix}{spec.name}.")
    return lines
