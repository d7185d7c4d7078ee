"""library/figure_fields: a figure a clinician got wrong is one clear line each: the file, the
line, the joint or posture, what is wrong and how to fix it; nothing is built."""

from __future__ import annotations


KNEE = "handouts/exercises/knee-to-chest.yaml"


def with_figure(mini, figure_yaml: str) -> str:
    path = mini / KNEE
    text = path.read_text().replace("image: images/knee-to-chest.png\n", "")
    path.write_text(text.rstrip() + "\n" + figure_yaml)
    return text


def figure_line(mini, needle: str) -> int:
    lines = (mini / KNEE).read_text().splitlines()
    return next(n for n, line in enumerate(lines, start=1) if needle in line)


def test_a_good_figure_passes_check(mini, run_cli):
    with_figure(mini, "figure:\n  posture: hook-lying\n  working: right leg\n  end:\n"
                      "    right_hip: 120\n    right_knee: 120\n")
    result = run_cli("check", "--strict")
    assert result.status == 0, result.err


def test_an_impossible_angle_names_the_file_line_and_joint(mini, run_cli):
    with_figure(mini, "figure:\n  posture: hook-lying\n  end:\n    left_knee: 170\n")
    result = run_cli("check")
    assert result.status == 1
    line = figure_line(mini, "left_knee: 170")
    assert result.err_lines[0].startswith(f"handouts/exercises/knee-to-chest.yaml:{line}:")
    assert "'figure.end.left_knee' is 170 degrees, beyond what a left knee can do (-5 to 155" \
        in result.err_lines[0]
    assert "give an angle from -5 to 155" in result.err_lines[0]


def test_an_unknown_joint_is_named_with_a_suggestion(mini, run_cli):
    with_figure(mini, "figure:\n  posture: hook-lying\n  start:\n    kneee: 90\n")
    result = run_cli("check")
    assert result.status == 1
    line = figure_line(mini, "kneee")
    assert f"knee-to-chest.yaml:{line}:5: error: 'figure.start' has no joint 'kneee' — " \
           "did you mean 'knee'?" in result.err


def test_an_unknown_posture_is_named_and_synonyms_are_understood(mini, run_cli):
    original = with_figure(mini, "figure:\n  posture: lying on the moon\n")
    result = run_cli("check")
    assert result.status == 1
    assert "'figure.posture' is not a posture careprint knows: 'lying on the moon'" in result.err
    (mini / KNEE).write_text(original)
    with_figure(mini, "figure:\n  posture: supine\n")  # a clinician's word for lying-on-back
    assert run_cli("check").status == 0


def test_an_angle_that_is_not_a_number_is_refused(mini, run_cli):
    with_figure(mini, "figure:\n  posture: standing\n  end:\n    hip: lots\n")
    result = run_cli("check")
    assert "'figure.end.hip' must be an angle in whole degrees, not 'lots'" in result.err


def test_a_frame_that_puts_a_hand_through_the_floor_is_an_error(mini, run_cli):
    # Lying face down with the arm stretched straight down into the floor.
    with_figure(mini, "figure:\n  posture: lying-on-front\n  end:\n    right_shoulder: 90\n")
    result = run_cli("check")
    assert result.status == 1
    line = figure_line(mini, "right_shoulder: 90")  # the frame's first line
    assert f"knee-to-chest.yaml:{line}:5: error: 'figure.end' puts the right hand through " \
           "the floor" in result.err


def test_a_sheet_is_not_built_from_a_wrong_figure(mini, run_cli):
    with_figure(mini, "figure:\n  posture: hook-lying\n  end:\n    hip: 200\n")
    result = run_cli("sheet", "sciatica", "--patient", "Ann Example", "-o", "s.pdf")
    assert result.status == 1
    assert not (mini / "s.pdf").exists()
