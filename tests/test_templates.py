"""Templates and markup: a clinic's own templates are checked, sandboxed and cannot drop safety text."""

import pytest

from careprint.render.markup import MarkupError, parse
from conftest import pdf_text, write

MINIMAL = "<document><h1>{{ doc.title }}</h1></document>\n"


def test_a_library_template_overrides_careprints_own(mini, run_cli):
    write(mini, "templates/condition.xml.j2",
          "<document><h1>Clinic's own: {{ doc.title }}</h1></document>\n")
    assert run_cli("build").status == 0
    text = pdf_text(mini / "out/conditions/sciatica.pdf")
    assert "Clinic's own: Sciatica" in text and "What is it?" not in text
    # The template left them out; the build adds them anyway.
    assert "This handout gives general information only" in text
    assert "Sources 1 Sciatica. NHS" in text


def test_undefined_name_points_at_template_file_and_line(mini, run_cli):
    write(mini, "templates/condition.xml.j2", "<document>\n<h1>{{ doc.sumary }}</h1>\n</document>\n")
    result = run_cli("build")
    assert result.status == 1
    assert result.err_lines[0] == (
        "templates/condition.xml.j2:2: error: template: 'Document' has"
        " no attribute 'sumary' (rendering conditions/sciatica) — see templates/README.md for "
        "the names a template may use")
    assert not (mini / "out/conditions/sciatica.pdf").exists()


def test_template_syntax_error(mini, run_cli):
    write(mini, "templates/condition.xml.j2", "<document>\n{% if %}\n</document>\n")
    result = run_cli("build")
    assert result.err_lines[0].startswith("templates/condition.xml.j2:2: error: template "
                                          "syntax: ")


def test_unknown_markup_is_an_error_naming_the_template(mini, run_cli):
    write(mini, "templates/condition.xml.j2", "<document><blink>{{ doc.title }}</blink></document>")
    result = run_cli("build")
    assert result.status == 1
    assert result.err_lines[0].startswith(
        "templates/condition.xml.j2: error: unknown element <blink> in <document>; allowed: ")


def test_templates_run_in_a_sandbox(mini, run_cli):
    write(mini, "templates/condition.xml.j2",
          "<document><p>{{ doc.__class__.__init__.__globals__ }}</p></document>")
    result = run_cli("build")
    assert result.status == 1 and "__globals__" not in pdf_text_or_empty(mini)
    assert "templates/condition.xml.j2:1: error: template:" in result.err_lines[0]


def pdf_text_or_empty(root):
    path = root / "out/conditions/sciatica.pdf"
    return pdf_text(path) if path.exists() else ""


@pytest.mark.parametrize("markup, message", [
    ("<document><p style='huge'>x</p></document>",
     '<p style="huge">: style must be one of body, lead, small, dosage, note, muted, stop, '
     'group, needs, vary'),
    ("<document><p colour='red'>x</p></document>",
     "<p> has no attribute 'colour' (allowed: style)"),
    ("<document>loose text</document>",
     "text 'loose text' is not allowed directly inside <document> (at document); wrap it in <p>"),
    ("<document><ul><p>x</p></ul></document>", "<p> is not allowed inside <ul> (at document/ul)"),
    ("<document><callout>x</callout></document>", "<callout> needs the attribute 'kind'"),
    ("<!DOCTYPE d [<!ENTITY a 'aaaa'>]><document>&a;</document>",
     "<!DOCTYPE> and <!ENTITY> are not allowed"),
    ("<document><p>x</document>",
     "not well-formed at line 1, column 17 of the rendered markup: '<document><p>x</document>'"),
])
def test_markup_vocabulary_is_enforced(markup, message):
    with pytest.raises(MarkupError) as caught:
        parse(markup)
    assert str(caught.value) == message


def test_markup_text_is_unescaped_once():
    root = parse("<document><p>a &amp; b &lt;c&gt; <b>bold</b></p></document>")
    paragraph = root.children[0]
    assert paragraph.children[0] == "a & b <c> "
    assert paragraph.children[1].tag == "b"
