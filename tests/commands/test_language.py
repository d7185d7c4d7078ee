"""`--lang es`: Spanish labels on every page, Spanish content where it is translated, English
content with a warning where it is not, and the language in the PDF's metadata."""

from __future__ import annotations

import pikepdf
import pytest

from conftest import REPO, pdf_pages, pdf_text, write

# Headings and fixed words careprint prints itself: none may appear on a Spanish page.
ENGLISH_LABELS = ("Warning signs", "each side", "Page 1", "Page 2", "Pain rule", "Sources", "Key points",
                  "Important:", "Start:", "Note:", "Your exercise plan", "Patient information",
                  "Your starter exercises", "Call 999", "or your doctor", "sets of", " times",
                  "a day", "What helps", "Patient ", "Next visit", "My exercise log", "Questions?",
                  "You will need", "Too hard?", "Too easy?", "Your goal", "Do this for",
                  "side shown")
SPANISH_CONDITION = """\
title: Ciática
key_points:
  - Dolor que baja por una pierna desde la espalda baja [@nhs-sciatica].
  - La mayoría mejora en unas semanas [@nhs-sciatica].
what_it_is: >
  El nervio ciático baja por la parte de atrás de la pierna [@nhs-sciatica].
symptoms:
  - Dolor que baja por una pierna
causes:
  - Un disco abultado [@jensen-2019]
what_helps:
  - Mantenerse activo [@nhs-sciatica]
self_care:
  - Siga moviéndose con suavidad
warning_signs:
  emergency:
    - Adormecimiento en las nalgas o los genitales
    - Ciática en las dos piernas
  today:
    - Fiebre con dolor de espalda
"""
SPANISH_SET = """\
title: Alivio de la ciática
purpose: Movimientos suaves para aliviar el dolor de pierna.
exercises:
  - pelvic-tilt
  - exercise: knee-to-chest
    note: Con suavidad.
"""
SPANISH_EXERCISES = {
    "pelvic-tilt": """\
name: Báscula de pelvis
starting_position: Acuéstese boca arriba con las rodillas dobladas.
steps:
  - Pegue la espalda baja al suelo.
  - Relájese.
cautions:
  - Pare si siente un dolor agudo.
""",
    "knee-to-chest": """\
name: Rodilla al pecho
starting_position: Acuéstese boca arriba con las rodillas dobladas.
steps:
  - Lleve una rodilla hacia el pecho con suavidad.
  - Mantenga y luego bájela.
cautions:
  - Pare si el dolor baja más por la pierna.
""",
}


def translate(root, condition: bool = True) -> None:
    if condition:
        write(root, "handouts/conditions/sciatica.es.yaml", SPANISH_CONDITION)
    write(root, "handouts/sets/sciatica-relief.es.yaml", SPANISH_SET)
    for name, text in SPANISH_EXERCISES.items():
        write(root, f"handouts/exercises/{name}.es.yaml", text)
    write(root, "handouts/clinic.es.yaml", "emergency_service: urgencias\n")


def no_english_labels(text: str) -> list[str]:
    return [label for label in ENGLISH_LABELS if label in text]


def language(path) -> str:
    with pikepdf.open(path) as pdf:
        return str(pdf.Root.Lang)


def test_a_spanish_sheet_holds_spanish_labels_only(mini, run_cli):
    translate(mini)
    result = run_cli("sheet", "sciatica", "--lang", "es", "--patient", "Ana García",
                     "--note", "Empiece con calma.", "-o", "hoja.pdf")
    assert result.status == 0, result.err
    assert result.err == ""  # everything it prints is translated: nothing to warn about
    text = pdf_text(mini / "hoja.pdf")
    assert no_english_labels(text) == []
    for spanish in ("Su plan de ejercicios", "Paciente Ana García", "Regla del dolor:",
                    "Señales de alarma: pida ayuda", "Llame al 999 o vaya a urgencias ahora si "
                    "tiene:", "Rodilla al pecho", "3 veces, mantenga 30 segundos, cada lado, 2 "
                    "veces al día", "2 series de 10", "Página 1 de", "Fuentes", "Importante:",
                    "Nota: Con suavidad."):
        assert spanish in text
    assert language(mini / "hoja.pdf") == "es"


def test_a_spanish_handout_holds_spanish_labels_only_and_goes_to_its_own_folder(mini, run_cli):
    translate(mini)
    assert run_cli("build", "--lang", "es").status == 0
    spanish = mini / "out/es/conditions/sciatica.pdf"
    text = pdf_text(spanish)
    assert no_english_labels(text) == []
    assert "Puntos clave" in text and "Sus primeros ejercicios: Alivio de la ciática" in text
    assert language(spanish) == "es"
    assert not (mini / "out/conditions/sciatica.pdf").exists()  # English is built on its own
    assert run_cli("build").status == 0
    assert language(mini / "out/conditions/sciatica.pdf") == "en"
    assert "Warning signs: get help" in pdf_text(mini / "out/conditions/sciatica.pdf")


def test_a_missing_translation_warns_and_still_prints_spanish_labels(mini, run_cli):
    translate(mini, condition=False)
    result = run_cli("sheet", "sciatica", "--lang", "es", "--patient", "Ana", "-o", "hoja.pdf")
    assert result.status == 0
    assert result.err_lines == [
        "careprint: warning: no 'es' text for 1 condition (sciatica): printed in the library's "
        "default language — add the translation beside each file, e.g. sciatica.es.yaml (see "
        "handouts/README.md)"]
    text = pdf_text(mini / "hoja.pdf")
    assert "A fever with your back pain" in text  # the content falls back to English ...
    assert no_english_labels(text) == []  # ... never the headings around it
    assert "Señales de alarma: pida ayuda" in text


def test_a_field_left_out_of_a_translation_is_named(mini, run_cli):
    translate(mini)
    path = mini / "handouts/exercises/pelvic-tilt.es.yaml"
    path.write_text(path.read_text().replace("cautions:\n  - Pare si siente un dolor agudo.\n",
                                             ""))
    result = run_cli("sheet", "sciatica", "--lang", "es", "--patient", "Ana", "-o", "hoja.pdf")
    assert result.status == 0
    assert result.err_lines == [
        "handouts/exercises/pelvic-tilt.es.yaml:1:1: warning: not translated: cautions; printed "
        "in the words of pelvic-tilt.yaml — add them here in this file's language"]
    assert "Stop if you feel sharp pain." in pdf_text(mini / "hoja.pdf")


@pytest.mark.parametrize("change, message", [
    (("name: Báscula de pelvis\n", "name: Báscula de pelvis\nkind: fuerza\n"),
     "handouts/exercises/pelvic-tilt.es.yaml:2:1: error: 'kind' cannot be translated: it "
     "comes from pelvic-tilt.yaml — delete it here; change it in pelvic-tilt.yaml"),
    (("  - Relájese.\n", "  - Relájese.\n  - Respire.\n"),
     "handouts/exercises/pelvic-tilt.es.yaml:4:3: error: 'steps' must be a list of 2, as in "
     "pelvic-tilt.yaml — a translation keeps the same items in the same order"),
])
def test_a_translation_cannot_change_what_a_handout_recommends(mini, run_cli, change, message):
    translate(mini)
    path = mini / "handouts/exercises/pelvic-tilt.es.yaml"
    path.write_text(path.read_text().replace(*change))
    result = run_cli("sheet", "sciatica", "--lang", "es", "--patient", "Ana", "-o", "hoja.pdf")
    assert result.status == 1
    assert message in result.err_lines
    assert not (mini / "hoja.pdf").exists()
    check = run_cli("check")
    assert check.status == 1 and message in check.err_lines


def test_a_language_column_builds_each_row_in_its_language(mini, run_cli):
    translate(mini)
    write(mini, "patients.csv", "patient,condition,language,email\n"
                                "Ana García,sciatica,es,ana@example.org\n"
                                "Bob Smith,sciatica,,bob@example.org\n"
                                "Eve,sciatica,de,eve@example.org\n")
    result = run_cli("batch", "patients.csv")
    assert result.status == 1  # the row in a language careprint has no labels for
    assert ("patients.csv:4: error: column 'language': no labels for 'de' — use one of: en, es "
            "(templates/labels/), or leave it empty") in result.err_lines
    folder = mini / "out/batch/patients"
    spanish, english = folder / "0002-sciatica.pdf", folder / "0003-sciatica.pdf"
    assert "Paciente Ana García" in pdf_text(spanish) and no_english_labels(pdf_text(spanish)) == []
    assert "Patient Bob Smith" in pdf_text(english)
    assert (language(spanish), language(english)) == ("es", "en")
    # The email of each row speaks its language too.
    write(mini, "handouts/clinic.yaml", (mini / "handouts/clinic.yaml").read_text()
          + "email: hello@clinic.example\nemail_password: none\n")
    write(mini, "two.csv", "patient,condition,language,email\n"
                           "Ana García,sciatica,es,ana@example.org\n"
                           "Bob Smith,sciatica,,bob@example.org\n")
    assert run_cli("email", "two.csv", "--outbox", "outbox").status == 0
    subjects = sorted(line for eml in (mini / "outbox").glob("*.eml")
                      for line in eml.read_text().splitlines() if line.startswith("Subject:"))
    assert subjects == ["Subject: Su plan de ejercicios de Test Clinic",
                        "Subject: Your exercise plan from Test Clinic"]
    import email
    from email import policy
    spanish_mail = next(email.message_from_bytes(eml.read_bytes(), policy=policy.default)
                        for eml in (mini / "outbox").glob("*.eml")
                        if "Su plan" in eml.read_text())
    text = spanish_mail.get_body(("plain",)).get_content()
    html = spanish_mail.get_body(("html",)).get_content()
    assert text.startswith("Estimado/a Ana García:") and "Dear" not in text
    assert '<html lang="es">' in html and "Atentamente," in html


def test_clinic_language_is_the_default(mini, run_cli):
    translate(mini)
    clinic = mini / "handouts/clinic.yaml"
    clinic.write_text(clinic.read_text() + "language: es\n")
    # The library's own files are now Spanish: sciatica.es.yaml is not read for Spanish.
    assert run_cli("sheet", "sciatica", "--patient", "Ana", "-o", "hoja.pdf").status == 0
    assert language(mini / "hoja.pdf") == "es"
    assert "Regla del dolor:" in pdf_text(mini / "hoja.pdf")


def test_check_reads_spanish_text_with_spanish_formulas(mini, run_cli):
    translate(mini)
    assert run_cli("check").err == ""
    path = mini / "handouts/exercises/pelvic-tilt.es.yaml"
    path.write_text(path.read_text().replace(
        "  - Relájese.\n", "  - Posteriormente, contraiga isométricamente la musculatura "
                           "abdominal profunda, manteniendo la respiración diafragmática "
                           "controlada.\n"))
    lines = run_cli("check").err_lines
    assert any(line.startswith("handouts/exercises/pelvic-tilt.es.yaml:4:3: warning: the "
                               "exercise reads at INFLESZ ") and "(the lowest is 55" in line
               and "hardest: \"Posteriormente, contraiga" in line for line in lines), lines
    write(mini, "handouts/exercises/clamshell.es.yaml", "name: Almeja\n")
    assert ("handouts/exercises/clamshell.es.yaml: warning: this translation has no "
            "clamshell.yaml beside it, so it is never printed — rename it to match its default "
            "file, or delete it") in run_cli("check").err_lines


@pytest.mark.parametrize("condition", ["sciatica", "hip-osteoarthritis", "low-back-strain",
                                       "knee-osteoarthritis"])
@pytest.mark.parametrize("size", ["letter", "a4"])
def test_the_shipped_spanish_handouts_and_sheets_fit_and_speak_spanish(tmp_path, run_cli,
                                                                        condition, size):
    sheet = tmp_path / "hoja.pdf"
    result = run_cli("sheet", condition, "--library", str(REPO), "--lang", "es", "--size", size,
                     "--patient", "Ana García", "--note", "Empiece con calma.",
                     "--next-appointment", "Martes", "--patient-has", "none", "-o", str(sheet))
    assert result.status == 0 and result.err == "", result.err
    pages = pdf_pages(sheet)
    assert len(pages) == 2 and no_english_labels(" ".join(pages)) == []
    assert all(words in " ".join(pages) for words in ("Necesitará:", "Su meta:", "Haga esto "))
    result = run_cli("build", condition, "--library", str(REPO), "--lang", "es", "--size", size,
                     "--out", str(tmp_path / "out"))
    handout = pdf_pages(tmp_path / "out/conditions" / f"{condition}.pdf")
    assert len(handout) == 2 and no_english_labels(" ".join(handout)) == []


def test_a_translation_cites_the_same_sources(mini, run_cli):
    translate(mini)
    path = mini / "handouts/conditions/sciatica.es.yaml"
    path.write_text(path.read_text().replace("  - Un disco abultado [@jensen-2019]",
                                             "  - Un disco abultado [@nhs-sciatica]"))
    assert ("handouts/conditions/sciatica.es.yaml:10:5: warning: 'causes[1]' cites "
            "[@nhs-sciatica], but sciatica.yaml cites [@jensen-2019] there — cite the same "
            "sources as the default file: the translation says the same") in run_cli("check").err_lines


def test_build_warns_only_about_what_its_documents_lack(mini, run_cli):
    translate(mini)
    write(mini, "handouts/conditions/other.yaml",
          (mini / "handouts/conditions/sciatica.yaml").read_text().replace("Sciatica", "Other"))
    result = run_cli("build", "sciatica", "--lang", "es")
    assert result.status == 0 and "warning" not in result.err  # sciatica is all translated
    result = run_cli("build", "--lang", "es")
    assert ("careprint: warning: no 'es' text for 1 condition (other): printed in the library's "
            "default language — add the translation beside each file, e.g. other.es.yaml (see "
            "handouts/README.md)") in result.err_lines
