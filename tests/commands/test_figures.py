"""`careprint figures`: the contact sheet of every exercise's figure, with its name."""

from __future__ import annotations

from pathlib import Path

from conftest import REPO, pdf_text
from careprint.commands.opening import open_library


def test_the_contact_sheet_shows_every_shipped_exercise_by_name(run_cli, tmp_path):
    out = tmp_path / "figures.pdf"
    result = run_cli("figures", "--library", str(REPO), "-o", str(out))
    assert result.status == 0, result.err
    library, _ = open_library(REPO)
    assert f"wrote {out}: {len(library.exercises)} figures" in result.out
    assert b"/Helvetica" not in out.read_bytes()  # every font embedded
    text = pdf_text(out)
    for exercise in library.exercises.values():
        assert exercise.name in text, exercise.name


def test_a_library_with_a_wrong_figure_writes_no_contact_sheet(mini, run_cli):
    path = mini / "handouts/exercises/pelvic-tilt.yaml"
    path.write_text(path.read_text() + "figure:\n  posture: hook-lying\n  end:\n    back: 90\n")
    result = run_cli("figures", "-o", "figures.pdf")
    assert result.status == 1
    assert "'figure.end.back' is 90 degrees" in result.err
    assert "no contact sheet written" in result.err
    assert not Path(mini / "figures.pdf").exists()


def test_exercises_without_a_figure_are_listed(mini, run_cli):
    result = run_cli("figures")
    assert result.status == 0, result.err
    assert "0 figures; without a figure: knee-to-chest, pelvic-tilt" in result.out
    assert (mini / "out/figures.pdf").is_file()
