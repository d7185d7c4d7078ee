"""Stage 4b, markup: the small document language templates write, parsed and checked.

ReportLab's own paragraph markup silently drops what it does not know; this vocabulary does
not. Every element and attribute a template uses must be listed here, or the build stops with
the template's name and the element. The reference for template authors is templates/README.md.
"""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET
from dataclasses import dataclass

INLINE = frozenset({"b", "i", "br"})
_FLOW = frozenset({"h1", "h2", "h3", "p", "ul", "ol", "steps", "callout", "card", "exercise",
                   "img", "qr", "table", "pagebreak", "keep", "spacer", "columns", "bottom"})
_BLOCKS = _FLOW - {"pagebreak", "keep", "columns", "bottom"}
_EXERCISE_PARTS = frozenset({"p", "ul", "ol", "steps", "callout", "img", "qr"})


@dataclass(frozen=True)
class Rule:
    """What one element of the checked markup may hold."""

    children: frozenset[str]  # allowed child elements; INLINE means text with b/i/br
    attributes: dict[str, tuple[str, ...] | None]  # name -> allowed values (None: any text)
    required: tuple[str, ...] = ()
    text: bool = False  # may hold text directly


VOCABULARY: dict[str, Rule] = {
    "document": Rule(_FLOW, {}),
    "h1": Rule(INLINE, {}, text=True),
    "h2": Rule(INLINE, {}, text=True),
    "h3": Rule(INLINE, {}, text=True),
    "p": Rule(INLINE, {"style": ("body", "lead", "small", "dosage", "note", "muted", "stop",
                                 "group", "needs", "vary")}, text=True),
    "ul": Rule(frozenset({"li"}), {}),
    "ol": Rule(frozenset({"li"}), {}),
    "li": Rule(INLINE, {}, text=True),
    "steps": Rule(frozenset({"step"}), {}),
    "step": Rule(INLINE, {}, text=True),
    "callout": Rule(frozenset({"p", "ul", "ol", "steps"}),
                    {"kind": ("info", "urgent", "caution", "note", "key", "rule"),
                     "title": None},
                    required=("kind",)),
    "card": Rule(_EXERCISE_PARTS, {"title": None}, required=("title",)),
    "exercise": Rule(_EXERCISE_PARTS, {"title": None, "subtitle": None, "number": None,
                                       "kind": None, "image": None, "cites": None,
                                       "caption": None, "image_end": None,
                                       "caption_end": None, "figure": None,
                                       "side": ("", "each", "left", "right", "both"),
                                       "side_note": None, "log": None},
                     required=("title",)),
    "columns": Rule(_BLOCKS, {"count": ("1", "2", "3")}),
    "bottom": Rule(_BLOCKS, {"notes": None}),
    "img": Rule(frozenset(), {"src": None, "width": None, "alt": None}, required=("src",)),
    "qr": Rule(frozenset(), {"url": None, "label": None}, required=("url",)),
    "table": Rule(frozenset({"tr"}), {"style": ("grid", "log", "form"), "widths": None}),
    "tr": Rule(frozenset({"th", "td"}), {}),
    "th": Rule(INLINE, {}, text=True),
    "td": Rule(INLINE, {"box": ("yes",)}, text=True),
    "pagebreak": Rule(frozenset(), {}),
    "keep": Rule(_BLOCKS, {}),
    "spacer": Rule(frozenset(), {"height": None}, required=("height",)),
    "b": Rule(INLINE, {}, text=True),
    "i": Rule(INLINE, {}, text=True),
    "br": Rule(frozenset(), {}),
}

_NUMBER_ATTRS = {"width", "height"}
_NEEDS_CHILDREN = {"ul", "ol", "steps", "table", "tr"}


@dataclass(frozen=True, slots=True)
class Element:
    """One element of the checked markup: its tag, attributes and children."""

    tag: str
    attrs: dict[str, str]
    children: tuple[Element | str, ...]  # strings are text, already unescaped


class MarkupError(Exception):
    """The markup a template produced breaks the vocabulary; the message names the element."""


def parse(markup: str) -> Element:
    # A DOCTYPE could declare entities (billion laughs, external files): templates never need one.
    if re.search(r"<!(DOCTYPE|ENTITY)", markup, re.IGNORECASE):
        raise MarkupError("<!DOCTYPE> and <!ENTITY> are not allowed")
    try:
        root = ET.fromstring(markup)
    except ET.ParseError as err:
        line, column = err.position
        snippet = markup.splitlines()[line - 1].strip()[:80] if line else ""
        raise MarkupError(f"not well-formed at line {line}, column {column + 1} of the "
                          f"rendered markup: {snippet!r}") from err
    if root.tag != "document":
        raise MarkupError(f"the markup must start with <document>, not <{root.tag}>")
    return _element(root)


def _element(node: ET.Element, path: str = "") -> Element:
    rule = VOCABULARY.get(node.tag)
    where = f"{path}/{node.tag}" if path else node.tag
    if rule is None:
        raise MarkupError(f"unknown element <{node.tag}> in {path or 'the document'}; allowed: "
                          + ", ".join(sorted(VOCABULARY)))
    for name, value in node.attrib.items():
        if name not in rule.attributes:
            allowed = ", ".join(rule.attributes) or "none"
            raise MarkupError(f"<{node.tag}> has no attribute '{name}' (allowed: {allowed})")
        choices = rule.attributes[name]
        if choices is not None and value not in choices:
            raise MarkupError(f"<{node.tag} {name}=\"{value}\">: {name} must be one of "
                              + ", ".join(choices))
        if name in _NUMBER_ATTRS and not (re.fullmatch(r"\d+(\.\d+)?", value)
                                          and 0 < float(value) <= 200):
            raise MarkupError(f"<{node.tag} {name}=\"{value}\">: {name} is a number of mm, "
                              "from 1 to 200")
        if name == "widths" and not _good_widths(value):
            raise MarkupError(f"<{node.tag} widths=\"{value}\">: widths are numbers from 10 to "
                              "100 separated by commas, like 30,70")
    for name in rule.required:
        if name not in node.attrib:
            raise MarkupError(f"<{node.tag}> needs the attribute '{name}'")
    children: list[Element | str] = []
    if node.text and node.text.strip() or (node.text and rule.text):
        _text(children, node.text, rule, where)
    for child in node:
        if child.tag not in VOCABULARY:
            raise MarkupError(f"unknown element <{child.tag}> in <{node.tag}>; allowed: "
                              + ", ".join(sorted(VOCABULARY)))
        if child.tag not in rule.children:
            raise MarkupError(f"<{child.tag}> is not allowed inside <{node.tag}> (at {where})")
        children.append(_element(child, where))
        if child.tail and (child.tail.strip() or rule.text):
            _text(children, child.tail, rule, where)
    if node.tag in _NEEDS_CHILDREN and not any(isinstance(c, Element) for c in children):
        raise MarkupError(f"<{node.tag}> is empty (at {where}); give it at least one "
                          + " or ".join(f"<{t}>" for t in sorted(rule.children)))
    return Element(node.tag, dict(node.attrib), tuple(children))


def _good_widths(value: str) -> bool:
    return bool(re.fullmatch(r"\d+(\.\d+)?(,\d+(\.\d+)?)*", value)) and all(
        10 <= float(part) <= 100 for part in value.split(","))


def _text(children: list, text: str, rule: Rule, where: str) -> None:
    if not rule.text:
        raise MarkupError(f"text {text.strip()[:40]!r} is not allowed directly inside "
                          f"<{where.rsplit('/', 1)[-1]}> (at {where}); wrap it in <p>")
    children.append(text)


def escape(text: str) -> str:
    """Text made safe for ReportLab's paragraph markup: `&`, `<` and `>` as entities.

    What xml.sax.saxutils.escape does, without importing it: that module loads urllib.request,
    http, email and ssl, a twentieth of a cold `sheet`.
    """
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def plain_text(element: Element) -> str:
    return "".join(c if isinstance(c, str) else plain_text(c) for c in element.children)
