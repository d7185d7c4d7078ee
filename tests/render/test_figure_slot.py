"""Built-in figures in the picture slot of sheets and handouts: vector drawings, after the
clinic's own pictures, with a note when the sheet says each side."""

from __future__ import annotations

import re

import pikepdf

from conftest import REPO, pdf_pages

KNEE = "handouts/exercises/knee-to-chest.yaml"
TILT = "handouts/exercises/pelvic-tilt.yaml"
KNEE_FIGURE = ("figure:\n  posture: hook-lying\n  working: right leg\n  end:\n"
               "    right_hip: 120\n    right_knee: 120\n")
TILT_FIGURE = "figure:\n  posture: hook-lying\n  start:\n    back: -15\n  end:\n    back: 5\n"


def add(mini, relpath: str, text: str, drop_image: bool = False) -> None:
    path = mini / relpath
    old = path.read_text()
    if drop_image:
        old = old.replace("image: images/knee-to-chest.png\n", "")
    path.write_text(old.rstrip() + "\n" + text)


def content(path) -> bytes:
    """Every page's drawing operators, decompressed."""
    with pikepdf.open(path) as pdf:
        return b"\n".join(page.Contents.read_bytes() if not isinstance(page.Contents, pikepdf.Array)
                          else b"".join(c.read_bytes() for c in page.Contents)
                          for page in pdf.pages)


def strokes(ops: bytes) -> int:
    """Lines drawn in a colour set for them: the figure's limbs, ghost and props."""
    return len(re.findall(rb"\sRG\s", ops))


def image_count(path) -> int:
    with pikepdf.open(path) as pdf:
        return sum(len(page.get_images()) for page in pdf.pages)


def sheet(run_cli, mini, *extra: str):
    result = run_cli("sheet", "sciatica", "--patient", "Ann Example", "-o", "s.pdf", *extra)
    assert result.status == 0, result.err
    return mini / "s.pdf"


def test_a_figure_prints_as_vector_lines_not_a_picture(mini, run_cli):
    plain = content(sheet(run_cli, mini).rename(mini / "plain.pdf"))
    add(mini, TILT, TILT_FIGURE)
    drawn = sheet(run_cli, mini)
    ops = content(drawn)
    assert strokes(ops) > strokes(plain) + 10  # the figure's limbs: lines in its tones
    assert image_count(drawn) == image_count(mini / "plain.pdf")  # no picture added


def test_the_clinics_picture_wins_over_the_figure(mini, run_cli):
    plain = content(sheet(run_cli, mini).rename(mini / "plain.pdf"))
    add(mini, KNEE, KNEE_FIGURE)  # the knee exercise keeps its image
    drawn = sheet(run_cli, mini)
    assert image_count(drawn) == image_count(mini / "plain.pdf")
    assert strokes(content(drawn)) == strokes(plain)


def test_each_side_prints_a_note_and_one_side_prints_none(mini, run_cli):
    add(mini, KNEE, KNEE_FIGURE, drop_image=True)  # its dosage says each side
    assert "Right side shown" in " ".join(pdf_pages(sheet(run_cli, mini)))
    (mini / "s.pdf").unlink()
    text = " ".join(pdf_pages(sheet(run_cli, mini, "--dose", "knee-to-chest:side=left")))
    assert "side shown" not in text and "left side only" in text


def test_the_shipped_sheet_with_figures_is_two_pages_of_vectors(run_cli, tmp_path):
    out = tmp_path / "s.pdf"
    result = run_cli("sheet", "sciatica", "--patient", "Ann Example", "--library", str(REPO),
                     "-o", str(out))
    assert result.status == 0, result.err
    assert "(2 pages)" in result.out
    assert strokes(content(out)) > 100 and image_count(out) == 1  # figures, and the logo


def _new_run(monkeypatch) -> None:
    """What a new process starts with: nothing in memory, the cache folder on disk."""
    from careprint import stored_results
    from careprint.render import figure_slot

    monkeypatch.setattr(stored_results, "_IN_MEMORY", {})
    figure_slot._figure_ops.cache_clear()


def test_a_figure_drawn_in_an_earlier_run_prints_the_same_without_posing(mini, run_cli,
                                                                           monkeypatch):
    from careprint.figures import draw

    add(mini, TILT, TILT_FIGURE)
    _new_run(monkeypatch)
    first = content(sheet(run_cli, mini).rename(mini / "first.pdf"))
    _new_run(monkeypatch)

    def not_again(*args, **kwargs):
        raise AssertionError("the figure was posed and drawn again")

    monkeypatch.setattr(draw, "figure_drawing", not_again)
    assert content(sheet(run_cli, mini)) == first


def test_an_edited_figure_is_drawn_afresh(mini, run_cli, monkeypatch):
    add(mini, TILT, TILT_FIGURE)
    _new_run(monkeypatch)
    first = content(sheet(run_cli, mini).rename(mini / "first.pdf"))
    path = mini / TILT
    path.write_text(path.read_text().replace("back: 5", "back: 10"))
    _new_run(monkeypatch)
    assert content(sheet(run_cli, mini)) != first
