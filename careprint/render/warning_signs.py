"""The warning signs, like the disclaimer and the sources, are careprint's to print.

A clinic's template decides where the warning box goes and how it looks around it; it cannot
leave the box out or drop a sign. If the rendered markup lacks any group or sign, careprint
puts its own complete box where the template's first one was (or after the content).
"""

from __future__ import annotations

from careprint.document.assemble import WarningBox
from careprint.render.markup import Element, plain_text


def with_warning_signs(body: Element, box: WarningBox | None) -> Element:
    if box is None or not box.groups or _complete(body, box):
        return body
    full = warning_callout(box)
    replaced = _replace_urgent(body, full)
    if replaced is not None:
        return replaced
    return Element(body.tag, body.attrs, body.children + (full,))


def warning_callout(box: WarningBox) -> Element:
    children: list[Element | str] = []
    for group in box.groups:
        children.append(Element("p", {"style": "group"}, (group.heading,)))
        children.append(Element("ul", {}, tuple(Element("li", {}, (item,))
                                                for item in group.items)))
    return Element("callout", {"kind": "urgent", "title": box.heading}, tuple(children))


def _complete(body: Element, box: WarningBox) -> bool:
    shown = _words(" ".join(plain_text(e) for e in _urgent(body)))
    return all(_words(text) in shown
               for group in box.groups for text in (group.heading, *group.items))


def _urgent(element: Element) -> list[Element]:
    if _is_urgent(element):
        return [element]
    return [found for child in element.children if isinstance(child, Element)
            for found in _urgent(child)]


def _is_urgent(element: Element) -> bool:
    return element.tag == "callout" and element.attrs.get("kind") == "urgent"


def _replace_urgent(element: Element, full: Element) -> Element | None:
    """The tree with its first urgent box replaced by `full` and any others removed; None
    when it has no urgent box."""
    placed = False

    def rebuild(node: Element) -> Element:
        nonlocal placed
        children: list[Element | str] = []
        for child in node.children:
            if isinstance(child, Element) and _is_urgent(child):
                if not placed:
                    children.append(full)
                    placed = True
            elif isinstance(child, Element):
                children.append(rebuild(child))
            else:
                children.append(child)
        return Element(node.tag, node.attrs, tuple(children))

    rebuilt = rebuild(element)
    return rebuilt if placed else None


def _words(text: str) -> str:
    return " ".join(text.split())
