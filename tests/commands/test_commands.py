"""commands: each command is a plain function a web page can call; nothing is printed."""

import datetime as dt

from careprint.build.options import Options
from careprint.commands.batch import BatchOptions, batch
from careprint.commands.build import BuildOptions, build
from careprint.commands.check import CheckOptions, check
from careprint.commands.email import EmailOptions, email
from careprint.commands.listing import ListOptions, list_library
from careprint.commands.pack import PackOptions, make_pack
from careprint.commands.sheet import SheetOptions, make_sheet
from conftest import pdf_text, write


def test_check_and_list_return_what_they_found(mini, capsys):
    checked = check(CheckOptions(mini))
    assert not checked.failed and checked.counts["condition"] == 1
    listed = list_library(ListOptions(mini))
    assert dict(listed.sections)["Conditions"] == [("sciatica", "Sciatica")]
    assert capsys.readouterr() == ("", "")  # commands never print


def test_a_sheet_from_typed_options(mini, capsys):
    result = make_sheet(SheetOptions("sciatica", "Ann Example", mini,
                                     date=dt.date(2026, 3, 2), note="Go gently",
                                     doses=("knee-to-chest:reps=7",),
                                     look=Options(print_size="large")))
    assert not result.failed and result.path == mini / "out/sheets/sciatica-2026-03-02.pdf"
    text = pdf_text(result.path)
    assert "Ann Example" in text and "Go gently" in text and "7 times" in text
    assert result.pages >= 1 and capsys.readouterr() == ("", "")


def test_build_batch_and_pack_report_their_files(mini, capsys):
    built = build(BuildOptions(mini, jobs=1))
    assert built.ok and [p.name for p, _ in built.written] == ["sciatica.pdf"]
    assert build(BuildOptions(mini, jobs=1)).up_to_date == 1
    write(mini, "p.csv", "patient,condition\nAnn,sciatica\nBo,nope\n")
    run = batch(BatchOptions(mini / "p.csv", mini, jobs=1))
    assert (run.built, run.failed) == (1, 1) and run.manifest.is_file()
    assert "no condition 'nope'" in " ".join(p.message for p in run.problems)
    packs = list_library(ListOptions(mini)).sections[3][1]
    if packs:
        assert make_pack(PackOptions(packs[0][0], mini)).path.is_file()
    assert capsys.readouterr() == ("", "")


def test_email_dry_run_is_a_plan(mini, capsys, monkeypatch):
    monkeypatch.delenv("CAREPRINT_SMTP_HOST", raising=False)
    write(mini, "p.csv", "patient,condition,email,dob\nAnn,sciatica,ann@example.org,1980-01-02\n")
    result = email(EmailOptions(mini / "p.csv", mini, dry_run=True))
    assert result.plan[0].startswith("dry run: nothing is built or sent")
    assert "row 2: Ann <ann@example.org>: exercise-plan.pdf (sciatica)" in result.plan[1]
    assert not (mini / "out/batch").exists() and capsys.readouterr() == ("", "")


def test_a_sheet_in_memory_in_the_clinicians_order_with_notes(mini, capsys):
    from io import BytesIO

    from pypdf import PdfReader

    from careprint.commands.sheet import sheet_pdf
    from careprint.document.dose import parse_dose

    made = sheet_pdf(SheetOptions(
        "sciatica", "Ann Example", mini, date=dt.date(2026, 3, 2),
        exercises=("knee-to-chest", "pelvic-tilt"), notes=(("pelvic-tilt", "Slowly now"),),
        dosages=(parse_dose("pelvic-tilt:reps=9"),)))
    text = " ".join(" ".join((p.extract_text() or "").split())
                    for p in PdfReader(BytesIO(made.pdf)).pages)
    assert text.index("Knee to chest") < text.index("Pelvic tilt")  # the order asked for
    assert "Your exercises" in text and "Slowly now" in text and "2 sets of 9" in text
    with_set = sheet_pdf(SheetOptions("sciatica", "Ann Example", mini, set_id="sciatica-relief",
                                      exercises=("knee-to-chest",)))
    text = " ".join((p.extract_text() or "") for p in PdfReader(BytesIO(with_set.pdf)).pages)
    assert "Go gently" in text and "Pelvic tilt" not in text  # the set's note, its exercise out
    assert not (mini / "out").exists() and capsys.readouterr() == ("", "")  # nothing written
