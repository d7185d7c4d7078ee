"""`careprint build`: everything, in parallel, rebuilding exactly what changed."""

import os

from careprint.resources import BUILTIN_TEMPLATES
from conftest import write


def add_second_condition(mini):
    text = (mini / "handouts/conditions/sciatica.yaml").read_text()
    write(mini, "handouts/conditions/back-pain.yaml",
          text.replace("Sciatica", "Back pain").replace("[sciatica-relief]", "[back-set]"))
    write(mini, "handouts/sets/back-set.yaml",
          "title: Back set\npurpose: Gentle.\nexercises:\n  - pelvic-tilt\n")


def built(result) -> list[str]:
    return sorted(line.split()[1] for line in result.out.splitlines() if line.startswith("wrote"))


def test_second_run_skips_everything(mini, run_cli):
    add_second_condition(mini)
    first = run_cli("build", "--jobs", "2")
    assert first.status == 0, first.err
    assert built(first) == ["out/conditions/back-pain.pdf", "out/conditions/sciatica.pdf"]
    assert first.err_lines[-1].startswith("careprint: built 2, skipped 0 (up to date), failed 0")
    second = run_cli("build")
    assert second.out == ""
    assert second.err_lines[-1].startswith("careprint: built 0, skipped 2 (up to date), failed 0")


def test_changing_one_exercise_rebuilds_exactly_the_handouts_that_show_it(mini, run_cli):
    add_second_condition(mini)
    run_cli("build")
    path = mini / "handouts/exercises/knee-to-chest.yaml"  # only in sciatica-relief
    path.write_text(path.read_text().replace("reps: 3", "reps: 4"))
    assert built(run_cli("build")) == ["out/conditions/sciatica.pdf"]
    path = mini / "handouts/exercises/pelvic-tilt.yaml"  # in both sets
    path.write_text(path.read_text().replace("reps: 10", "reps: 12"))
    assert built(run_cli("build")) == ["out/conditions/back-pain.pdf",
                                       "out/conditions/sciatica.pdf"]


def test_clinic_template_or_force_rebuilds_all(mini, run_cli):
    add_second_condition(mini)
    run_cli("build")
    clinic = mini / "handouts/clinic.yaml"
    clinic.write_text(clinic.read_text().replace("555-0100", "555-0199"))
    assert len(built(run_cli("build"))) == 2
    blocks = (BUILTIN_TEMPLATES / "_blocks.xml.j2").read_text()
    write(mini, "templates/_blocks.xml.j2", blocks.replace("How much:", "Dose:"))
    assert len(built(run_cli("build"))) == 2
    assert len(built(run_cli("build", "--force"))) == 2


def test_a_deleted_output_is_rebuilt(mini, run_cli):
    run_cli("build")
    (mini / "out/conditions/sciatica.pdf").unlink()
    assert built(run_cli("build")) == ["out/conditions/sciatica.pdf"]


def test_one_broken_handout_does_not_stop_the_others(mini, run_cli):
    add_second_condition(mini)
    write(mini, "handouts/sets/back-set.yaml", "title: Back set\npurpose: x\nexercises: [nope]\n")
    result = run_cli("build")
    assert result.status == 1
    assert built(result) == ["out/conditions/sciatica.pdf"]
    assert "careprint: skipped conditions/back-pain: fix the errors above in its files" in \
        result.err_lines
    assert result.err_lines[-1].startswith("careprint: built 1, skipped 0 (up to date), failed 1")
    assert not (mini / "out/conditions/back-pain.pdf").exists()


def test_clean_removes_only_outputs_whose_source_was_deleted(mini, run_cli):
    add_second_condition(mini)
    run_cli("build")
    keep = write(mini, "out/conditions/my-notes.pdf", "not ours")
    os.remove(mini / "handouts/conditions/back-pain.yaml")
    result = run_cli("build", "--clean")
    assert result.out == "removed out/conditions/back-pain.pdf (its source was deleted)\n"
    assert not (mini / "out/conditions/back-pain.pdf").exists()
    assert keep.exists() and (mini / "out/conditions/sciatica.pdf").exists()


def test_unknown_id(mini, run_cli):
    result = run_cli("build", "sciatca")
    assert (result.status, result.err) == (1, "careprint: error: no condition or pack 'sciatca'"
                                              " — see `careprint list`\n")


def test_a_broken_clinic_file_says_nothing_was_built(mini, run_cli):
    write(mini, "handouts/clinic.yaml", "name: [\n")
    result = run_cli("build")
    assert result.status == 1
    assert result.err_lines[-1] == "careprint: nothing built: fix clinic.yaml first"
    assert not (mini / "out/conditions").exists()


def test_a_damaged_state_file_is_a_warning_and_a_rebuild(mini, run_cli):
    run_cli("build")
    write(mini, "out/.careprint-state.json", '{\n "conditions/sciatica.pdf": {"fingerp\n')
    result = run_cli("build")
    assert result.status == 0 and "Traceback" not in result.err
    assert result.err_lines[0].startswith(
        "out/.careprint-state.json:2: warning: the build state cannot be read (")
    assert result.err_lines[0].endswith("— everything in this folder is rebuilt; nothing is lost")
    assert built(result) == ["out/conditions/sciatica.pdf"]
    assert run_cli("build").err_lines[-1].startswith("careprint: built 0, skipped 1")
