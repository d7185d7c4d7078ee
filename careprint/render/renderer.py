"""The build: library → documents → markup → PDF bytes, with problems collected, not raised.

`Renderer` holds what is worth keeping between documents of one library (the Jinja2
environment, the registered fonts), so a batch pays for them once.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, replace
from functools import cached_property
from pathlib import Path

from reportlab.platypus.doctemplate import LayoutError

from careprint.document.assemble import Document, PackDocument
from careprint.library.reader import Library
from careprint.problems import Mark, Problem, error, warning
from careprint.render.assets import Assets, PictureError, font_files
from careprint.render.flowables import missing_glyphs
from careprint.render.markup import MarkupError, parse
from careprint.render.pages import render_document, render_pack
from careprint.render.styles import FontFamily, register_fonts, style_sheet
from careprint.render.warning_signs import with_warning_signs
from careprint.render.templates import TemplateProblem, environment, render_markup
from careprint.resources import BUILTIN_ASSETS, BUILTIN_TEMPLATES

_ITALIC = re.compile(r"<i[\s/>]")  # the markup's italics (templates/README.md)


class RenderFailed(Exception):
    def __init__(self, problems: list[Problem]) -> None:
        super().__init__("; ".join(str(p) for p in problems))
        self.problems = problems


@dataclass
class Rendered:
    """A PDF made in memory and its page count."""

    pdf: bytes
    pages: int
    warnings: list[Problem]


class Renderer:
    def __init__(self, library: Library, allow_missing_glyphs: bool = False) -> None:
        self.library = library
        self.allow_missing_glyphs = allow_missing_glyphs
        self.env = environment(library.paths.templates)
        self.assets = Assets((library.paths.assets, BUILTIN_ASSETS))
        self.font_files = font_files(library)
        self.fonts = register_fonts(self.font_files, italic=False)

    def render(self, doc: Document, label: str) -> Rendered:
        """PDF bytes for one document; RenderFailed with the problems if it cannot be made."""
        fonts = self._fonts_for(doc)
        doc, warnings = self._check_glyphs(doc, label, fonts)
        template = f"{doc.kind}.xml.j2"
        with self._failures(label, template):
            body = with_warning_signs(parse(render_markup(self.env, template, doc=doc)),
                                      doc.warnings)
            sheet = style_sheet(fonts, doc.clinic.primary, doc.clinic.accent,
                                doc.print_size)
            metadata = document_metadata(doc)
            pdf, pages = render_document(doc, body, sheet, self.assets, metadata)
        return Rendered(pdf, pages, warnings)

    def render_pack(self, pack: PackDocument, label: str) -> Rendered:
        fonts = register_fonts(self.font_files)  # its handouts print their reviewed line
        pack, warnings = self._check_glyphs(pack, label, fonts)
        with self._failures(label, "condition.xml.j2"):
            bodies = [with_warning_signs(parse(render_markup(self.env, f"{doc.kind}.xml.j2",
                                                              doc=doc)), doc.warnings)
                      for doc in pack.parts]
            sheet = style_sheet(fonts, pack.clinic.primary, pack.clinic.accent,
                                pack.print_size)
            metadata = {"title": pack.title, "author": pack.clinic.name,
                        "subject": pack.labels.text("pack_subject", title=pack.title)}
            pdf, pages = render_pack(pack, bodies, sheet, self.assets, metadata)
        return Rendered(pdf, pages, warnings)

    @contextmanager
    def _failures(self, label: str, template: str) -> Iterator[None]:
        """Every way a render can fail on the library's or a template's account, as Problems."""
        try:
            yield
        except TemplateProblem as err:
            raise RenderFailed([_labelled(err.problem, label)]) from err
        except MarkupError as err:
            where = Mark(self._template_path(template))
            raise RenderFailed([error(f"{err} (rendering {label})", where,
                                      "see templates/README.md for the markup")]) from err
        except PictureError as err:
            raise RenderFailed([error(f"{label}: {err}", None, err.hint)]) from err
        except LayoutError as err:
            raise RenderFailed([_too_tall(label)]) from err
        except ValueError as err:  # ReportLab's word for a table that cannot be laid out
            raise RenderFailed([error(f"{label}: the page layout failed ({err})", None,
                                      "check table widths in your templates")]) from err

    def _fonts_for(self, doc: Document) -> FontFamily:
        """The family with its italic face only where something prints in italics: a
        handout's reviewed line, or a clinic's template that uses <i>. A patient sheet
        prints none, and loading the face was a hundredth of a cold sheet."""
        if doc.kind == "condition" or self._templates_use_italics:
            return register_fonts(self.font_files)
        return self.fonts

    @cached_property
    def _templates_use_italics(self) -> bool:
        folders = (self.library.paths.templates, BUILTIN_TEMPLATES)
        return any(_ITALIC.search(path.read_text(encoding="utf-8", errors="replace"))
                   for folder in folders if folder.is_dir() for path in folder.glob("*.j2"))

    def _check_glyphs(self, doc, label: str, fonts: FontFamily):
        """The document (a Document or PackDocument), with '?' for characters the font lacks
        when that is allowed, and the problems; RenderFailed when it is not allowed."""
        missing = missing_glyphs(doc, fonts.glyphs)
        if not missing:
            return doc, []
        problems = [(warning if self.allow_missing_glyphs else error)(
            f"{label}: the font cannot draw {_char_name(char)} in {field}",
            None, "use another font in clinic.yaml, or --allow-missing-glyphs to print '?' "
                  "instead" if not self.allow_missing_glyphs else "printed as '?'")
            for char, field in missing]
        if not self.allow_missing_glyphs:
            raise RenderFailed(problems)
        return _replace_chars(doc, {char for char, _ in missing}), problems

    def _template_path(self, name: str) -> Path:
        own = self.library.paths.templates / name
        return own if own.is_file() else BUILTIN_TEMPLATES / name


def _too_tall(label: str) -> Problem:
    return error(f"{label}: a block is taller than a page and cannot be split (an exercise's "
                 "step, a note or a box)", None,
                 "shorten it (`careprint check` names the file and field): fewer or shorter "
                 "steps, a shorter note, or --print standard")


def _labelled(problem: Problem, label: str) -> Problem:
    return replace(problem, message=f"{problem.message} (rendering {label})")


def _char_name(char: str) -> str:
    import unicodedata
    name = unicodedata.name(char, "unnamed character")
    return f"'{char}' (U+{ord(char):04X} {name})"


def _replace_chars(value, chars: set[str]):
    if isinstance(value, str):
        return "".join("?" if c in chars else c for c in value)
    if isinstance(value, tuple):
        return tuple(_replace_chars(v, chars) for v in value)
    if hasattr(value, "__dataclass_fields__"):
        return replace(value, **{name: _replace_chars(getattr(value, name), chars)
                                 for name in value.__dataclass_fields__})
    return value


def document_metadata(doc: Document) -> dict[str, str]:
    """What mail previews, file lists and search indexes show. A sheet's says neither the
    patient nor the condition: both are health data, and the page itself names them."""
    if doc.kind == "sheet":
        return {"title": doc.subtitle, "author": doc.clinic.name,
                "subject": doc.labels.text("sheet_subject", subtitle=doc.subtitle,
                                           clinic=doc.clinic.name)}
    return {"title": f"{doc.title} — {doc.subtitle}", "author": doc.clinic.name,
            "subject": f"{doc.subtitle}: {doc.title}"}
