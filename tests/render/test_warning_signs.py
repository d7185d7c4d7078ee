"""render/warning_signs: a clinic template can place the warning signs, never drop them."""

import pytest

from careprint.resources import BUILTIN_TEMPLATES
from conftest import pdf_text, write

SIGNS = ["Numbness around your bottom or genitals", "Sciatica in both legs",
         "A fever with your back pain"]


def words(text: str) -> str:
    return " ".join(text.split())


def template_without(mini, name: str, old: str, new: str = "") -> None:
    text = (BUILTIN_TEMPLATES / name).read_text()
    assert old in text
    write(mini, f"templates/{name}", text.replace(old, new))


@pytest.mark.parametrize("command", [("build",), ("sheet", "sciatica", "--patient", "Ann",
                                                  "-o", "out/sheet.pdf")])
def test_a_template_that_leaves_out_the_warning_box_still_prints_every_sign(mini, run_cli,
                                                                           command):
    name = "condition.xml.j2" if command[0] == "build" else "sheet.xml.j2"
    template_without(mini, name, "{{ warning_box(doc.warnings) }}")
    result = run_cli(*command)
    assert result.status == 0, result.err
    pdf = mini / ("out/conditions/sciatica.pdf" if command[0] == "build" else "out/sheet.pdf")
    text = words(pdf_text(pdf))
    assert "Call 999 or go to" in text  # the group that says what to do
    for sign in SIGNS:
        assert text.count(sign) == 1, sign


def test_a_template_that_drops_a_sign_gets_the_whole_box_once(mini, run_cli):
    write(mini, "templates/_blocks.xml.j2", (BUILTIN_TEMPLATES / "_blocks.xml.j2").read_text()
          .replace("{% for item in group.items %}", "{% for item in group.items[:1] %}"))
    assert run_cli("build").status == 0
    text = words(pdf_text(mini / "out/conditions/sciatica.pdf"))
    for sign in SIGNS:
        assert text.count(sign) == 1, sign
