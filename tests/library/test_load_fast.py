"""load: libyaml composes the nodes when it is installed; pure Python gives the same tree."""

from pathlib import Path

import pytest
import yaml

from careprint.library import load, parse
from careprint.library.load import load_text

P = Path("x.yaml")

RICH = """\
# a comment on its own line
title: Sciatica
key_points:
  - "Quoted, with a # inside"
  - 'single quoted'
  - plain text that runs
    onto a second line
what_it_is: >
  Folded text
  over lines.
literal: |
  one

  two
numbers: [10, 0123, 1e3, 1:30, 2024-01-01, ~, yes, NO]
nested:
  reps: 10
  side: each
ünïcode: Łukasz Żółć — naïve café
empty:
note: Use band #3
primary: #224466
cut:
  - an item # with a comment
  - a plain value that runs
    onto a second line # and is cut there
  - "quoted" # not cut
  - [flow, items # cut inside a flow list
    , more]
"""


def _tree(node):
    """Every field of every node, marks included, as plain data to compare."""
    if node is None:
        return None
    if isinstance(node, load.Scalar):
        return ("scalar", node.text, node.kind, node.quoted, node.style, node.at, node.cut)
    if isinstance(node, load.Sequence):
        return ("seq", node.at, [_tree(i) for i in node.items])
    return ("map", node.at, [(_tree(k), _tree(v)) for k, v in node.entries])


def _load(text):
    loaded, problems = load_text(text, P)
    return (_tree(loaded.root) if loaded else None), [str(p) for p in problems]


@pytest.mark.skipif(not getattr(yaml, "__with_libyaml__", False), reason="needs libyaml")
def test_libyaml_composes_the_nodes_when_it_is_installed(monkeypatch):
    def python_composer_ran(*args, **kwargs):
        raise AssertionError("the pure-Python composer ran although libyaml is installed")

    monkeypatch.setattr(yaml.composer.Composer, "compose_node", python_composer_ran)
    tree, problems = _load(RICH)
    assert problems == [] and tree is not None


@pytest.mark.parametrize("text", [
    RICH,
    "",
    "a: &d {reps: 1}\nb:\n  <<: *d\n",
    "name: A\nkind: stretch\nname: B\n",
    "x: !!python/object/apply:os.system ['echo hacked']\n",
    "name: A\nstarting_position: Sit: upright\n",
    "a: [1, 2\nb: 3\n",
    "a: 'unterminated\n",
    "a: @home\n",
    "a: " + "[" * 2000 + "]" * 2000 + "\n",
    "- " * 1500 + "x\n",
    "a: text with a \ufeff byte-order mark inside\n",
    "\ufeffa: after a byte-order mark # cut\n",
    "a: before \ufeff a byte-order mark # cut\n",
])
def test_without_libyaml_the_same_nodes_marks_and_messages(monkeypatch, text):
    fast = _load(text)
    assert "# cut" not in text or "# cut" in repr(fast)
    monkeypatch.setattr(parse, "_FAST_LOADER", None)
    assert _load(text) == fast
