"""`careprint check`, `list` and `fields` as a clinic's front desk would run them."""


from conftest import REPO, write

BROKEN = {
    # syntax error: an unquoted ': ' inside a value
    "handouts/exercises/bird-dog.yaml": (
        "name: Bird dog\nkind: strength\nregion: low-back\n"
        "starting_position: On hands and knees: back flat.\n"
        "steps: [Reach forward., Return.]\ndosage: {reps: 10}\ncautions: [Stop if sore.]\n"
        "sources: [nhs-sciatica]\n"),
    # duplicate key, unknown key, wrong type, missing source id, image path with ../
    "handouts/exercises/wall-sit.yaml": (
        "name: Wall sit\nname: Wall squat\nkind: strength\nregion: thigh\n"
        "starting_position: Stand with your back to a wall.\nsteps: [Slide down., Slide up.]\n"
        "dosage:\n  reps: 10-12\ncautions: [Stop if your knee hurts.]\nsumary: typo\n"
        "sources: [nhs-sciatca]\nimage: ../../etc/passwd.png\n"),
    # missing image
    "handouts/exercises/glute-bridge.yaml": (
        "name: Glute bridge\nkind: strength\nregion: hip\nstarting_position: Lie on your back.\n"
        "steps: [Lift your hips., Lower them.]\ndosage: {sets: 2, reps: 10}\n"
        "cautions: [Stop if sore.]\nimage: images/knee-to-chset.png\nsources: [nhs-sciatica]\n"),
    # missing exercise id
    "handouts/sets/sciatica-relief.yaml": (
        "title: Sciatica relief\npurpose: Gentle moves.\nexercises:\n  - pelvic-tilt\n"
        "  - knee-to-chset\n"),
}

EXPECTED = """\
handouts/exercises/bird-dog.yaml:4:38: error: YAML syntax: mapping values are not allowed here — a value contains ': '; put the whole value in double quotes
handouts/exercises/glute-bridge.yaml:8:8: error: 'image' file 'assets/images/knee-to-chset.png' does not exist — did you mean 'knee-to-chest.png'?
handouts/exercises/wall-sit.yaml:2:1: error: duplicate field 'name' (first given on line 1) — keep one of them and delete the other
handouts/exercises/wall-sit.yaml:8:9: error: 'dosage.reps' must be a whole number, not '10-12' — write a number from 1 to 100, without quotes
handouts/exercises/wall-sit.yaml:10:1: error: unknown field 'sumary' — allowed fields: name, subtitle, kind, region, starting_position, steps, key_steps, dosage, cautions, images, image, figure, video, equipment, easier, harder, contraindications, sources
handouts/exercises/wall-sit.yaml:11:11: error: source 'nhs-sciatca' does not exist — did you mean 'nhs-sciatica'?
handouts/exercises/wall-sit.yaml:12:8: error: 'image' points outside assets/: '../../etc/passwd.png' — give a path inside assets/, like images/clamshell.png, with no '..'
handouts/sets/sciatica-relief.yaml:5:5: error: exercise 'knee-to-chset' does not exist — did you mean 'knee-to-chest'?
careprint: 8 errors, 0 warnings in 4 files
"""


def test_clean_library_passes(mini, run_cli):
    result = run_cli("check")
    assert (result.status, result.err) == (0, "")
    assert result.out == "no problems: 1 condition, 2 exercises, 1 exercise set, 0 packs, 2 sources\n"


def test_every_kind_of_mistake_is_reported_in_one_run(mini, run_cli):
    for relpath, text in BROKEN.items():
        write(mini, relpath, text)
    result = run_cli("check")
    assert result.status == 1
    assert result.err == EXPECTED
    assert "Traceback" not in result.err and result.out == ""


def test_library_option_reads_a_library_elsewhere(mini, run_cli, tmp_path):
    write(mini, "handouts/sets/sciatica-relief.yaml", BROKEN["handouts/sets/sciatica-relief.yaml"])
    result = run_cli("check", "--library", str(mini), cwd=tmp_path)
    assert result.status == 1
    assert result.err_lines[0].startswith("lib/handouts/sets/sciatica-relief.yaml:5:5: error:")


def test_missing_reference_in_a_condition_and_an_inline_citation(mini, run_cli):
    path = mini / "handouts/conditions/sciatica.yaml"
    path.write_text(path.read_text().replace("[sciatica-relief]", "[sciatica-releif]")
                    .replace("[@jensen-2019]", "[@jensen-2091]"))
    result = run_cli("check")
    assert result.err_lines[:2] == [
        "handouts/conditions/sciatica.yaml:10:5: error: source 'jensen-2091' does not exist — "
        "did you mean 'jensen-2019'?",
        "handouts/conditions/sciatica.yaml:21:17: error: exercise set 'sciatica-releif' does "
        "not exist — did you mean 'sciatica-relief'?"]


def test_warnings_pass_unless_strict(mini, run_cli):
    with (mini / "handouts/sources.yaml").open("a") as f:
        f.write("spare:\n  title: Spare\n  publisher: X\n  year: 2020\n")
    result = run_cli("check")
    assert result.status == 0
    assert result.err_lines == [
        "handouts/sources.yaml:15:1: warning: source 'spare' is not used by any handout — "
        "cite it somewhere, or delete it",
        "careprint: 0 errors, 1 warning in 1 file"]
    assert run_cli("check", "--strict").status == 1


def test_a_broken_item_is_not_also_reported_missing(mini, run_cli):
    write(mini, "handouts/exercises/pelvic-tilt.yaml", "name: [oops\n")
    result = run_cli("check")
    assert len(result.err_lines) == 2 and "pelvic-tilt' does not exist" not in result.err


def test_no_library_here(tmp_path, run_cli):
    result = run_cli("check", cwd=tmp_path)
    assert result.status == 1
    assert result.err == (f"careprint: error: no handouts/ folder in {tmp_path.resolve()} — run "
                          "careprint inside a library folder, or pass --library DIR\n")


def test_usage_error_exits_2(mini, run_cli):
    result = run_cli("chekc")
    assert result.status == 2
    assert "invalid choice: 'chekc'" in result.err


def test_list_shows_ids_and_titles(mini, run_cli):
    result = run_cli("list")
    assert result.status == 0
    assert result.out.splitlines() == [
        "Conditions (1):", "  sciatica  Sciatica",
        "Exercises (2):", "  knee-to-chest  Knee to chest", "  pelvic-tilt    Pelvic tilt",
        "Exercise sets (1):", "  sciatica-relief  Sciatica relief", "Packs (0):"]


def test_fields_prints_the_reference_that_ships_in_handouts(run_cli, tmp_path):
    result = run_cli("fields", cwd=tmp_path)
    assert result.status == 0
    assert "- `dosage.hold_seconds` (whole number from 1 to 600; optional)" in result.out
    assert "- `warning_signs.emergency` (list of text; required)" in result.out
    shipped = (REPO / "handouts/FIELDS.md").read_text(encoding="utf-8")
    assert result.out == shipped, "regenerate with: careprint fields > handouts/FIELDS.md"
