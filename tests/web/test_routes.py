"""The web page's routes through Flask's test client: what a clinician sees, and what the
page refuses."""

from __future__ import annotations

import io
import logging
import re
from html.parser import HTMLParser

from pypdf import PdfReader

from careprint.web import create_app
from careprint.web.security import Guard


def pdf_text(data: bytes) -> str:
    return " ".join(" ".join((p.extract_text() or "").split())
                    for p in PdfReader(io.BytesIO(data)).pages)


class Fields(HTMLParser):
    """Every form control, and whether a label names it (by `for`, or around it)."""

    def __init__(self) -> None:
        super().__init__()
        self.controls: list[dict] = []
        self.labelled: set[str] = set()
        self.inside_label = 0

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag in ("input", "select", "textarea") and attrs.get("type") != "hidden":
            self.controls.append(attrs)
            if self.inside_label:
                attrs["wrapped"] = True
        if tag == "label":
            self.inside_label += 1
            if attrs.get("for"):
                self.labelled.add(attrs["for"])

    def handle_endtag(self, tag):
        if tag == "label":
            self.inside_label -= 1

    def unlabelled(self) -> list[dict]:
        return [c for c in self.controls if not c.get("wrapped")
                and c.get("id") not in self.labelled]


def test_the_page_has_a_label_for_every_box_and_is_not_cached(client):
    response = client.get("/")
    assert response.status_code == 200 and response.headers["Cache-Control"] == "no-store"
    page = response.get_data(as_text=True)
    fields = Fields()
    fields.feed(page)
    assert len(fields.controls) > 20  # the patient, print and each exercise's dosage boxes
    assert fields.unlabelled() == []
    assert "Pelvic tilt" in page and "Knee to chest" in page and "Dana Whitfield" in page
    assert "https://" not in page.split("<body>")[0]  # no CDN: scripts and styles are local


def test_a_preview_shows_page_images_and_clears_field_messages(client, sheet_form):
    response = client.post("/preview", data=sheet_form())
    page = response.get_data(as_text=True)
    assert response.status_code == 200 and response.headers["Cache-Control"] == "no-store"
    assert len(re.findall(r'<img class="page" src="data:image/png;base64,', page)) == 1
    assert 'id="err-pelvic-tilt-reps" hx-swap-oob="true">' in page


def test_a_preview_without_a_name_yet_shows_the_sheet(client, sheet_form):
    page = client.post("/preview", data=sheet_form(patient="")).get_data(as_text=True)
    assert "data:image/png" in page and "give the patient" not in page


def test_a_wrong_dosage_gets_a_message_beside_its_box(client, sheet_form):
    page = client.post("/preview", data=sheet_form(**{"pelvic-tilt.reps": "lots",
                                                      "knee-to-chest.side": "up"})
                       ).get_data(as_text=True)
    assert "data:image/png" not in page
    reps = re.search(r'id="err-pelvic-tilt-reps"[^>]*>([^<]*)<', page).group(1)
    assert reps.startswith("must be a whole number, not &#39;lots&#39;")
    side = re.search(r'id="err-knee-to-chest-side"[^>]*>([^<]*)<', page).group(1)
    assert "choose one of: each, left, right, both" in side


def test_the_pdf_has_the_changed_dosage_and_no_name_in_its_file_name(client, sheet_form):
    response = client.post("/sheet.pdf", data=sheet_form(**{"pelvic-tilt.sets": "3",
                                                            "pelvic-tilt.reps": "12"}))
    assert response.status_code == 200 and response.mimetype == "application/pdf"
    assert response.headers["Cache-Control"] == "no-store"
    assert response.headers["Content-Disposition"] == (
        'attachment; filename="sciatica-2026-03-02.pdf"')
    text = pdf_text(response.data)
    assert "Ann Example" in text and "3 sets of 12" in text and "Go gently, Ann" in text
    printed = client.post("/sheet.pdf", data=sheet_form(disposition="inline"))
    assert printed.headers["Content-Disposition"].startswith("inline;")


def test_a_download_without_a_name_says_so_beside_the_box(client, sheet_form, mini):
    response = client.post("/sheet.pdf", data=sheet_form(patient="  "))
    page = response.get_data(as_text=True)
    assert response.status_code == 400 and response.mimetype == "text/html"
    assert re.search(r'id="err-patient" role="alert">give the patient&#39;s name<', page)
    assert not (mini / "out").exists()  # nothing written, ever


def test_a_name_with_a_line_break_is_refused_beside_its_box(client, sheet_form):
    response = client.post("/sheet.pdf", data=sheet_form(patient="Ann\u202eExample"))
    assert response.status_code == 400
    assert 'id="err-patient" role="alert">contains' in response.get_data(as_text=True)


def test_the_programme_adds_moves_and_removes_exercises(client, sheet_form):
    def order(response) -> list[str]:
        return re.findall(r'name="ex" value="([^"]+)"', response.get_data(as_text=True))

    headers = {"HX-Request": "true"}
    moved = client.post("/programme", data=sheet_form(change="up:knee-to-chest"),
                        headers=headers)
    assert order(moved) == ["knee-to-chest", "pelvic-tilt"]
    assert moved.headers["HX-Trigger-After-Settle"] == "programme-changed"
    removed = client.post("/programme", data=sheet_form(change="remove:pelvic-tilt"),
                          headers=headers)
    assert order(removed) == ["knee-to-chest"]
    empty = client.post("/programme", data=sheet_form(set="", change="set"), headers=headers)
    assert order(empty) == [] and "No exercises yet" in empty.get_data(as_text=True)
    added = client.post("/programme", data=sheet_form(set="", ex=[], change="add:pelvic-tilt"),
                        headers=headers)
    assert order(added) == ["pelvic-tilt"]


def test_an_own_programme_prints_in_the_clinicians_order(client, sheet_form):
    response = client.post("/sheet.pdf", data=sheet_form(set="", ex=["knee-to-chest",
                                                                     "pelvic-tilt"]))
    text = pdf_text(response.data)
    assert text.index("Knee to chest") < text.index("Pelvic tilt")
    assert "Your exercises" in text


def test_search_finds_conditions_and_exercises_by_name(client):
    page = client.get("/search?q=tilt").get_data(as_text=True)
    assert 'value="add:pelvic-tilt"' in page and "knee-to-chest" not in page
    assert 'value="condition:sciatica"' in client.get("/search?q=scia").get_data(as_text=True)
    assert "Nothing found" in client.get("/search?q=zebra").get_data(as_text=True)


def test_a_post_without_the_form_token_is_refused(client, sheet_form):
    response = client.post("/sheet.pdf", data=sheet_form(csrf="1.2.forged"))
    assert response.status_code == 403
    assert "reload the page" in response.get_data(as_text=True)
    assert client.post("/preview", data={"patient": "Ann"}).status_code == 403


def test_another_host_name_is_refused_without_a_password(client):
    assert client.get("/", headers={"Host": "evil.example"}).status_code == 400
    assert client.get("/", headers={"Host": "localhost:8000"}).status_code == 200


def test_with_a_password_the_page_asks_for_it(mini):
    client = create_app(mini, Guard.from_env({"CAREPRINT_SERVE_TOKEN": "s3cret-words"})
                        ).test_client()
    asked = client.get("/", headers={"Host": "careprint.clinic.example"})
    assert asked.status_code == 401 and "Basic" in asked.headers["WWW-Authenticate"]
    wrong = client.get("/", auth=("desk", "guess"))
    assert wrong.status_code == 401
    assert client.get("/", auth=("desk", "s3cret-words")).status_code == 200


def test_a_failure_inside_shows_a_friendly_page_and_logs_no_patient_data(
        client, sheet_form, monkeypatch, caplog):
    import careprint.commands.sheet as sheet

    def broken(options, opened=None):
        raise ValueError(f"cannot print {options.patient}: {options.note}")

    monkeypatch.setattr(sheet, "sheet_pdf", broken)
    caplog.set_level(logging.DEBUG)
    response = client.post("/sheet.pdf", data=sheet_form())
    assert response.status_code == 500
    assert "Something went wrong" in response.get_data(as_text=True)
    assert "Ann Example" not in response.get_data(as_text=True)
    logged = caplog.text
    assert "unexpected ValueError" in logged
    assert "Ann" not in logged and "Go gently" not in logged


def test_the_email_confirmation_shows_the_address_then_sends_once(client, sheet_form, mini):
    form = sheet_form(email="ann@example.org")
    confirm = client.post("/email", data=form).get_data(as_text=True)
    assert 'id="confirm-address">ann@example.org<' in confirm
    assert "Ann Example's exercise plan: Sciatica, 2 exercises." in confirm
    assert not (mini / "out").exists()  # nothing sent or written before the confirmation
    token = re.search(r'name="csrf" value="([^"]+)"', confirm).group(1)
    sent = client.post("/email/send", data={**form, "csrf": token}).get_data(as_text=True)
    assert "Emailed to <strong>ann@example.org</strong>" in sent
    passphrase = re.search(r'id="passphrase">([a-z0-9-]+)<', sent).group(1)
    (message,) = (mini / "out/outbox").glob("*.eml")
    assert "ann@example.org" in message.read_text()
    assert passphrase not in message.read_text()
    log = (mini / "out/send-log.jsonl").read_text()
    assert "Ann" not in log and "ann@example.org" not in log  # keys only
    assert not (mini / "out/sheets").exists()  # the sheet and the slip were not kept
    again = client.post("/email/send", data={**form, "csrf": token}).get_data(as_text=True)
    assert "already emailed" in again and len(list((mini / "out/outbox").glob("*.eml"))) == 1


def test_a_wrong_address_is_shown_beside_its_box(client, sheet_form):
    response = client.post("/email", data=sheet_form(email="ann at example"))
    assert response.status_code == 400
    assert re.search(r'id="err-email" role="alert">the address &#39;ann at example&#39; is not',
                     response.get_data(as_text=True))


def test_handouts_and_packs_download_and_unknown_ones_are_a_friendly_404(client):
    handout = client.get("/handout/sciatica.pdf?size=letter&print_size=large")
    assert handout.status_code == 200 and "Sciatica" in pdf_text(handout.data)
    missing = client.get("/handout/nope.pdf")
    assert missing.status_code == 404 and "no such condition" in missing.get_data(as_text=True)
    assert client.get("/pack/nope.pdf").status_code == 404
    assert client.get("/handout/sciatica.pdf?size=a3").status_code == 400


def test_library_problems_show_as_check_reports_them(client, mini):
    assert "No problems" in client.get("/check").get_data(as_text=True)
    exercise = mini / "handouts/exercises/pelvic-tilt.yaml"
    exercise.write_text(exercise.read_text().replace("name:", "nmae:"))
    page = client.get("/check").get_data(as_text=True)
    assert "pelvic-tilt.yaml:1" in page and "nmae" in page


def test_the_production_entry_point_needs_the_password(mini):
    import os
    import subprocess
    import sys

    env = {k: v for k, v in os.environ.items() if not k.startswith("CAREPRINT_SERVE")}
    refused = subprocess.run([sys.executable, "-c", "import careprint.web.wsgi"], env={
        **env, "CAREPRINT_LIBRARY": str(mini)}, capture_output=True, text=True)
    assert refused.returncode == 1
    assert refused.stderr.strip() == ("careprint: error: set CAREPRINT_SERVE_TOKEN to a long "
                                      "password: the page is served to the network, and all "
                                      "workers share it")
    started = subprocess.run([sys.executable, "-c", "from careprint.web.wsgi import app; "
                              "print(app.name)"], env={**env, "CAREPRINT_LIBRARY": str(mini),
                                                      "CAREPRINT_SERVE_TOKEN": "long words"},
                             capture_output=True, text=True)
    assert started.returncode == 0, started.stderr


def test_odd_posts_get_a_message_never_a_crash(client, sheet_form):
    odd = [
        {"condition": "nope"}, {"set": "nope"}, {"ex": ["../../etc/passwd", "x" * 5000]},
        {"date": "31/03/2026"}, {"size": "a3"}, {"print_size": "huge"},
        {"clinician": "Dr Nobody"}, {"pelvic-tilt.sets": "99999999999999999999"},
        {"pelvic-tilt.load": "<b>band</b>\x00"}, {"note": "x" * 3000}, {"ex": []},
        {"pelvic-tilt.note": "y" * 3000}, {"pelvic-tilt.load": "z" * 3000},
        {"pelvic-tilt.note": "line\u2028break"}, {"patient": "\u202e"},
    ]
    for changes in odd:
        for route in ("/preview", "/sheet.pdf", "/email", "/programme"):
            response = client.post(route, data=sheet_form(**changes))
            assert response.status_code in (200, 400), (route, changes, response.status_code)
    page = client.post("/preview", data=sheet_form(date="31/03/2026", size="a3")
                       ).get_data(as_text=True)
    assert 'id="err-date" hx-swap-oob="true" role="alert">give a date like 2026-03-31' in page
    assert 'id="err-size" hx-swap-oob="true" role="alert">choose Letter or A4' in page
    for address in ("/handout/..%2Fclinic.pdf", "/pack/%00.pdf", "/search?q=" + "a" * 5000):
        assert client.get(address).status_code in (200, 404)


def test_the_dob_rule_asks_for_the_date_of_birth_before_sending(client, sheet_form, mini, app):
    clinic = mini / "handouts/clinic.yaml"
    clinic.write_text(clinic.read_text() + "email_password: dob\n")
    form = sheet_form(email="ann@example.org")
    confirm = client.post("/email", data=form).get_data(as_text=True)
    assert 'id="dob" name="dob"' in confirm and "date of birth (DDMMYYYY)" in confirm
    refused = client.post("/email/send", data={**form, "dob": ""})
    assert refused.status_code == 400
    assert "give the date of birth like 1980-03-31" in refused.get_data(as_text=True)
    assert not (mini / "out").exists()
    sent = client.post("/email/send", data={**form, "dob": "1980-03-31"})
    assert sent.status_code == 200 and 'id="passphrase"' not in sent.get_data(as_text=True)


def test_a_mail_server_that_cannot_be_reached_is_said_plainly(client, sheet_form, monkeypatch):
    from test_email import free_port

    monkeypatch.setenv("CAREPRINT_SMTP_HOST", "127.0.0.1")
    monkeypatch.setenv("CAREPRINT_SMTP_PORT", str(free_port()))  # nobody listens
    monkeypatch.setenv("CAREPRINT_SMTP_SECURITY", "none")
    response = client.post("/email/send", data=sheet_form(email="ann@example.org"))
    page = response.get_data(as_text=True)
    assert response.status_code == 400 and "<h1>Not sent</h1>" in page
    assert "127.0.0.1" in page and "Traceback" not in page


def test_a_library_mistake_shows_in_the_preview_as_check_says_it(client, sheet_form, mini):
    exercise = mini / "handouts/exercises/pelvic-tilt.yaml"
    exercise.write_text(exercise.read_text().replace("reps: 10", "reps: ten"))
    page = client.post("/preview", data=sheet_form()).get_data(as_text=True)
    assert "data:image/png" not in page
    assert ("pelvic-tilt.yaml:10:9: error: &#39;dosage.reps&#39; must be a whole number"
            in page)


def test_contraindications_are_reminders_until_the_patient_has_one(client, sheet_form, mini):
    exercise = mini / "handouts/exercises/knee-to-chest.yaml"
    exercise.write_text(exercise.read_text() + "contraindications:\n  - when: "
                        "after-hip-replacement\n    reason: It bends a new hip too far.\n")
    page = client.get("/").get_data(as_text=True)
    assert 'value="after-hip-replacement"> A hip replacement (hip precautions)</label>' in page
    reminder = client.post("/preview", data=sheet_form()).get_data(as_text=True)
    assert "data:image/png" in reminder
    assert re.search(r'<p class="caution">exercise 2, knee-to-chest \(Knee to chest\) is not '
                     r"advised for a patient with a hip replacement", reminder)
    assert "--" not in re.search(r'<p class="caution">([^<]*)<', reminder).group(1)
    has = sheet_form(patient_has=["after-hip-replacement"])
    refused = client.post("/sheet.pdf", data=has)
    assert refused.status_code == 400
    assert re.search(r'role="alert">exercise 2, knee-to-chest \(Knee to chest\) is not advised.*'
                     r"remove the exercise, or tick “Print it anyway” under it",
                     refused.get_data(as_text=True))
    allowed = client.post("/sheet.pdf", data={**has, "knee-to-chest.allow": "yes"})
    assert allowed.status_code == 200 and "Knee to chest" in pdf_text(allowed.data)
    left_out = client.post("/sheet.pdf", data={**has, "ex": ["pelvic-tilt"]})
    assert left_out.status_code == 200
    both = client.post("/preview", data=sheet_form(patient_has=["none", "spinal-stenosis"]))
    assert "“None of these” cannot go with the others" in both.get_data(as_text=True)


def test_a_broken_clinic_file_is_shown_as_check_reports_it(client, mini):
    clinic = mini / "handouts/clinic.yaml"
    clinic.write_text(clinic.read_text().replace("name: Test Clinic", "name: [Test"))
    response = client.get("/")
    page = response.get_data(as_text=True)
    assert response.status_code == 409 and "The library needs fixing" in page
    assert "handouts/clinic.yaml:2:8: error: YAML syntax" in page


def test_a_load_with_a_hidden_character_is_refused_beside_its_box(client, sheet_form):
    page = client.post("/preview", data=sheet_form(**{"pelvic-tilt.load": "red\u202eband"})
                       ).get_data(as_text=True)
    assert re.search(r'id="err-pelvic-tilt-load" hx-swap-oob="true" role="alert">contains', page)


def test_the_sheet_prints_in_the_language_chosen_and_a_wrong_one_is_named(client, sheet_form):
    page = client.get("/").get_data(as_text=True)
    assert '<label for="language">Language</label>' in page and ">Español</option>" in page
    spanish = client.post("/sheet.pdf", data=sheet_form(language="es"))
    assert spanish.status_code == 200
    text = pdf_text(spanish.data)
    assert "Señales de alarma" in text and "Warning signs" not in text
    wrong = client.post("/preview", data=sheet_form(language="xx"))
    assert "choose a language from the list" in wrong.get_data(as_text=True)
