"""The page's addresses. Each reads the form into typed options and calls a command function;
patient data arrives only in POST bodies (never in an address a log line records)."""

from __future__ import annotations

import datetime as dt
import tempfile
from dataclasses import replace
import threading
import traceback
from pathlib import Path

from flask import Flask, Response, abort, current_app, render_template, request
from werkzeug.exceptions import HTTPException

from careprint.build.options import Options
from careprint.commands.opening import build_date
from careprint.library.labels import languages
from careprint.library.model import contraindication_words
from careprint.problems import CareprintError, Problem
from careprint.web import LOG, Settings
from careprint.web.forms import (
    DOSE_BOXES, PAPER_SIZES, PRINT_SIZES, SIDES, SheetForm, blank_form, check_form, first_set,
    new_row, read_form, set_rows, sheet_options,
)

# ReportLab keeps module-level caches: one document at a time in a process. Several desks at
# once are served by several worker processes (see the README).
RENDER_LOCK = threading.Lock()
PREVIEW_NAME = "Patient's name"  # printed in a preview until the name is typed


def register(app: Flask) -> None:
    app.before_request(_guard_request)
    app.after_request(_no_store)
    app.register_error_handler(HTTPException, _http_error)
    app.register_error_handler(Exception, _unexpected_error)
    app.context_processor(_page_context)
    for rule, view, methods in (
            ("/", index, ["GET"]), ("/search", search, ["GET"]),
            ("/programme", programme, ["POST"]), ("/preview", preview, ["POST"]),
            ("/sheet.pdf", sheet_download, ["POST"]), ("/email", email_confirm, ["POST"]),
            ("/email/send", email_send, ["POST"]), ("/check", library_check, ["GET"]),
            ("/handout/<condition>.pdf", handout_download, ["GET"]),
            ("/pack/<pack>.pdf", pack_download, ["GET"])):
        app.add_url_rule(rule, view.__name__, view, methods=methods)


def _settings() -> Settings:
    return current_app.config["CAREPRINT"]


def _opened():
    return _settings().library.get()


# --- safety on every request -------------------------------------------------------------

def _guard_request():
    guard = _settings().guard
    if not guard.host_ok(request.host):
        abort(400, "This page answers only to this computer's own address.")
    given = request.authorization.password if request.authorization else None
    if not guard.password_ok(given):
        return Response("The password is needed.", 401,
                        {"WWW-Authenticate": 'Basic realm="careprint", charset="UTF-8"'})
    if request.method == "POST" and not guard.form_token_ok(request.form.get("csrf")):
        abort(403, "This form is out of date or did not come from this page: reload the page "
                   "and try again.")
    return None


def _no_store(response: Response) -> Response:
    """Patient data must not stay in a browser's or proxy's cache."""
    if not request.path.startswith("/static/"):
        response.headers["Cache-Control"] = "no-store"
    response.headers["X-Content-Type-Options"] = "nosniff"
    response.headers["X-Frame-Options"] = "DENY"
    response.headers["Referrer-Policy"] = "no-referrer"
    response.headers["Content-Security-Policy"] = (
        "default-src 'self'; img-src 'self' data:; style-src 'self'; script-src 'self'; "
        "object-src 'none'; frame-ancestors 'none'; form-action 'self'; base-uri 'none'")
    return response


def _http_error(failure: HTTPException):
    return render_template("error.html", status=failure.code, title=failure.name,
                           message=failure.description or ""), failure.code


def _unexpected_error(failure: Exception):
    # The type and where, never the message: it may quote what a clinician typed.
    where = traceback.extract_tb(failure.__traceback__)[-1:]
    place = f"{where[0].filename}:{where[0].lineno}" if where else "?"
    LOG.error("unexpected %s at %s on %s %s", type(failure).__name__, place, request.method,
              request.path)
    return render_template("error.html", status=500, title="Something went wrong",
                           message="careprint could not finish this. Nothing was sent. Go "
                                   "back and try again; if it happens again, tell whoever "
                                   "looks after careprint."), 500


def _page_context() -> dict:
    return {"csrf": _settings().guard.form_token(), "DOSE_BOXES": DOSE_BOXES, "SIDES": SIDES,
            "PAPER_SIZES": PAPER_SIZES, "PRINT_SIZES": PRINT_SIZES}


# --- the page --------------------------------------------------------------------------------

def index():
    library, problems = _opened()
    if library.clinic is None or not library.conditions:
        return render_template("broken.html", problems=problems), 409
    condition = request.args.get("condition", "")
    if condition not in library.conditions:
        condition = sorted(library.conditions)[0]
    form = blank_form(library, condition, build_date())
    return render_template("index.html", form=form, **_choices(library, form),
                           errors=[p for p in problems if p.severity == "error"])


# Each language in its own words, as a patient would look for it.
LANGUAGE_NAMES = {"en": "English", "es": "Español"}


def _choices(library, form: SheetForm) -> dict:
    condition = library.conditions.get(form.condition)
    recommended = [r.id for r in condition.exercise_sets] if condition else []
    return {
        "library": library,
        "conditions": sorted(((c.title, i) for i, c in library.conditions.items())),
        "recommended": [(i, library.sets[i].title) for i in recommended if i in library.sets],
        "other_sets": sorted(((s.title, i) for i, s in library.sets.items()
                              if i not in recommended)),
        "clinicians": [c.name for c in library.clinic.clinicians],
        "packs": sorted(((p.title, i) for i, p in library.packs.items())),
        "default_size": library.clinic.page_size,
        # The languages the sheet can be printed in: those with labels.
        "languages": [(code, LANGUAGE_NAMES.get(code, code))
                      for code in languages(library.paths.templates)],
        "contraindications": sorted(contraindication_words(library.clinic).items(),
                                    key=lambda item: item[1]),
    }


def search():
    library, _ = _opened()
    words = request.args.get("q", "").lower().split()[:8]
    if not words:
        return render_template("_search.html", conditions=[], exercises=[], searched=False)

    def matches(*texts) -> bool:
        haystack = " ".join(t for t in texts if t).lower()
        return all(w in haystack for w in words)

    conditions = sorted((c.title, i) for i, c in library.conditions.items()
                        if matches(c.title, i))
    exercises = sorted((e.name, e.subtitle or "", i) for i, e in library.exercises.items()
                       if matches(e.name, e.subtitle, i, e.region, e.kind))
    return render_template("_search.html", conditions=conditions[:20], exercises=exercises[:30],
                           searched=True)


def programme():
    """Change the programme: another condition or set, add, remove or move an exercise."""
    library, _ = _opened()
    form = read_form(request.form, library)
    _change(form, library, request.form.get("change", ""))
    template = "_programme.html" if request.headers.get("HX-Request") else "index.html"
    response = Response(render_template(template, form=form, **_choices(library, form),
                                        errors=[]))
    # After the swap, so the preview that follows posts the new programme.
    response.headers["HX-Trigger-After-Settle"] = "programme-changed"
    return response


def _change(form: SheetForm, library, change: str) -> None:
    """One button's change ("add:clamshell", "up:bird-dog", "set", "condition:sciatica")."""
    action, _, target = change.partition(":")
    ids = [row.id for row in form.rows]
    if action == "condition":
        form.condition = target if target in library.conditions else form.condition
        form.set_id = first_set(library, form.condition)
        form.rows = set_rows(library, form.set_id)
    elif action == "set":
        form.rows = set_rows(library, form.set_id)
    elif action == "add" and target in library.exercises and target not in ids:
        form.rows.append(new_row(library, form.set_id, target))
    elif action == "remove" and target in ids:
        form.rows.pop(ids.index(target))
    elif action in ("up", "down") and target in ids:
        at = ids.index(target)
        to = at - 1 if action == "up" else at + 1
        if 0 <= to < len(ids):
            form.rows[at], form.rows[to] = form.rows[to], form.rows[at]
    if form.condition not in library.conditions:
        form.condition = sorted(library.conditions)[0]


def preview():
    library, problems = _opened()
    form = read_form(request.form, library)
    check_form(form, library, need_patient=False)
    images, messages, notes = [], [], []
    if form.ok:
        made, messages = _make(form, library, problems, PREVIEW_NAME)
        if made is not None:
            from careprint.web.preview import page_images

            images = page_images(made.pdf)
            # This sheet's own warnings (a contraindication to check), not the library's.
            notes = [_plain(p) for p in made.problems[len(problems):]
                     if p.severity == "warning"]
    else:
        messages = ["Fix the boxes marked in red to see the sheet."]
    return render_template("_preview.html", images=images, messages=messages, notes=notes,
                           slots=form.error_slots())


def _make(form: SheetForm, library, problems: list[Problem], placeholder: str = ""):
    """The sheet's PDF in memory, or None with what stopped it, in the words `sheet` uses."""
    from careprint.commands.sheet import sheet_pdf

    if form.language and form.language != library.language:  # the words of that language
        library, problems = _settings().library.get(form.language)
    try:
        with RENDER_LOCK:
            made = sheet_pdf(sheet_options(form, _settings().library_dir, placeholder),
                             (library, problems))
    except CareprintError as failure:
        return None, [str(failure).replace("--", "")]
    if made.pdf is None:
        fresh = made.problems[len(problems):]  # this sheet's, after the library's own
        return None, ([str(p) for p in problems if p.severity == "error"]
                      + [_plain(p) for p in fresh if p.severity == "error"])
    return made, []


def sheet_download():
    library, problems = _opened()
    form = read_form(request.form, library)
    check_form(form, library)
    made, messages = _make(form, library, problems) if form.ok else (None, [])
    if made is None:
        return render_template("index.html", form=form, **_choices(library, form),
                               errors=[], messages=messages or ["Fix the boxes marked in red."]
                               ), 400
    # The condition and the date, never the patient's name (names are health data).
    name = f"{form.condition}-{form.date}.pdf"
    disposition = "inline" if request.form.get("disposition") == "inline" else "attachment"
    return Response(made.pdf, mimetype="application/pdf",
                    headers={"Content-Disposition": f'{disposition}; filename="{name}"'})


def email_confirm():
    library, problems = _opened()
    form = read_form(request.form, library)
    check_form(form, library, need_email=True)
    if not form.ok:
        return render_template("index.html", form=form, **_choices(library, form), errors=[],
                               messages=["Fix the boxes marked in red."]), 400
    rule = library.clinic.email_password
    return render_template("confirm.html", form=form, fields=_hidden_fields(), rule=rule,
                           dob_needed=rule == "dob", library=library)


def _hidden_fields(keep_dob: bool = False) -> list[tuple[str, str]]:
    """The form as posted, carried to the next step (the confirmation asks for dob anew)."""
    left_out = {"csrf", "change", "disposition", "resend_uncertain"} | (
        set() if keep_dob else {"dob"})
    return [(name, value) for name, values in request.form.lists() for value in values
            if name not in left_out]


def email_send():
    from careprint.commands.sheet import SheetEmail, make_sheet

    library, problems = _opened()
    form = read_form(request.form, library)
    check_form(form, library, need_email=True)
    rule = library.clinic.email_password
    dob, dob_error = None, ""
    if rule == "dob":
        try:
            dob = dt.date.fromisoformat(request.form.get("dob", ""))
        except ValueError:
            dob_error = "give the date of birth like 1980-03-31: it is the PDF's password"
    if not form.ok:  # changed since the confirmation: back to the form, marked
        return render_template("index.html", form=form, **_choices(library, form), errors=[],
                               messages=["Fix the boxes marked in red."]), 400
    if dob_error:
        return render_template("confirm.html", form=form, fields=_hidden_fields(), rule=rule,
                               dob_needed=True, dob_error=dob_error, library=library), 400
    resend = request.form.get("resend_uncertain") == "yes"
    # The sheet is written only for as long as sending takes (the email feature sends only a
    # file it built); the passphrase slip goes with it: the page shows the passphrase.
    with tempfile.TemporaryDirectory(prefix="careprint-send-") as folder:
        options = sheet_options(form, _settings().library_dir)
        sent_to = SheetEmail(form.email, dob, None, None, resend, Path(folder) / "passwords.csv")
        try:
            with RENDER_LOCK:
                result = make_sheet(replace(options, output=Path(folder) / "sheet.pdf",
                                            email=sent_to), (library, problems))
        except CareprintError as failure:
            return render_template("sent.html", ok=False, form=form, uncertain=False,
                                   fields=_hidden_fields(),
                                   messages=[str(failure).replace("--", "")]), 400
    messages = [_plain(p) for p in result.problems if p.severity == "error"]
    uncertain = any("may already have been sent" in m for m in messages)
    return render_template("sent.html", ok=not result.failed, form=form, emailed=result.emailed,
                           uncertain=uncertain, fields=_hidden_fields(keep_dob=True),
                           messages=messages,
                           rule=rule), 200 if not result.failed else 400


def _plain(problem: Problem) -> str:
    """A problem for a person at a desk: no temporary file names, no command-line options."""
    hint = problem.hint
    if "--allow" in hint or "--patient-has" in hint:  # said for the command line
        hint = ("untick it under “The patient has”, remove the exercise, or tick “Print it "
                "anyway” under it" if problem.severity == "error"
                else "tick the patient's conditions under “The patient has” to check them")
    text = problem.message + (f" — {hint}" if hint else "")
    return " ".join(text.split())


# --- the library: check, handouts and packs --------------------------------------------------

def library_check():
    from careprint.commands.check import CheckOptions, check

    with RENDER_LOCK:
        result = check(CheckOptions(_settings().library_dir))
    return render_template("_check.html", problems=[str(p) for p in result.problems],
                           counts=result.counts, failed=result.failed)


def _look() -> Options:
    size = request.args.get("size", "")
    print_size = request.args.get("print_size", "standard")
    if (size and size not in PAPER_SIZES) or print_size not in PRINT_SIZES:
        abort(400, "Choose the paper size and print size from the lists.")
    return Options(size or None, print_size)


def handout_download(condition: str):
    from careprint.commands.build import BuildOptions, build

    library, _ = _opened()
    if condition not in library.conditions:
        abort(404, "There is no such condition in the library.")
    look = _look()
    with tempfile.TemporaryDirectory(prefix="careprint-handout-") as folder, RENDER_LOCK:
        result = build(BuildOptions(_settings().library_dir, (condition,), Path(folder), jobs=1,
                                    force=True, look=look))
        written = [path for path, _ in result.written]
        if not written:
            return _library_problems(result.problems, f"the handout '{condition}'")
        pdf = written[0].read_bytes()
    return _pdf(pdf, f"{condition}.pdf")


def pack_download(pack: str):
    from careprint.commands.pack import PackOptions, make_pack

    library, _ = _opened()
    if pack not in library.packs:
        abort(404, "There is no such pack in the library.")
    look = _look()
    with tempfile.TemporaryDirectory(prefix="careprint-pack-") as folder, RENDER_LOCK:
        result = make_pack(PackOptions(pack, _settings().library_dir,
                                       Path(folder) / "pack.pdf", look))
        if result.path is None:
            return _library_problems(result.problems, f"the pack '{pack}'")
        pdf = result.path.read_bytes()
    return _pdf(pdf, f"{pack}.pdf")


def _pdf(pdf: bytes, name: str) -> Response:
    return Response(pdf, mimetype="application/pdf",
                    headers={"Content-Disposition": f'attachment; filename="{name}"'})


def _library_problems(problems: list[Problem], what: str):
    return render_template("error.html", status=409, title=f"careprint cannot make {what}",
                           message="The library has mistakes to fix first; `careprint check` "
                                   "lists the same:",
                           problems=[str(p) for p in problems if p.severity == "error"]), 409
