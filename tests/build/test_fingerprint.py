"""build/fingerprint: what a PDF is made from decides whether it is rebuilt."""

import shutil

import reportlab

from careprint.build import fingerprint
from careprint.resources import BUILTIN_ASSETS


def summary(result) -> str:
    return result.err_lines[-1]


def test_a_new_reportlab_rebuilds_everything(mini, run_cli, monkeypatch):
    run_cli("build")
    assert summary(run_cli("build")).startswith("careprint: built 0, skipped 1")
    monkeypatch.setattr(reportlab, "Version", reportlab.Version + ".post1")
    fingerprint._drawing_libraries.cache_clear()  # read once per process: as a new one does
    try:
        assert summary(run_cli("build")).startswith("careprint: built 1, skipped 0")
    finally:
        fingerprint._drawing_libraries.cache_clear()


def test_a_changed_picture_rebuilds_the_handout_that_shows_it(mini, run_cli):
    run_cli("build")
    picture = mini / "assets/images/knee-to-chest.png"
    picture.write_bytes(picture.read_bytes() + b"\0")  # same picture, different file
    assert summary(run_cli("build")).startswith("careprint: built 1, skipped 0")


def test_a_changed_font_file_rebuilds(mini, run_cli):
    fonts = mini / "assets/fonts"
    fonts.mkdir()
    for face in ("DejaVuSansCondensed", "DejaVuSansCondensed-Bold"):
        shutil.copy(BUILTIN_ASSETS / f"fonts/{face}.ttf", fonts / f"{face}.ttf")
    clinic = mini / "handouts/clinic.yaml"
    clinic.write_text(clinic.read_text() + "fonts:\n  regular: fonts/DejaVuSansCondensed.ttf\n"
                      "  bold: fonts/DejaVuSansCondensed-Bold.ttf\n")
    first = run_cli("build")
    assert first.status == 0, first.err
    assert summary(run_cli("build")).startswith("careprint: built 0, skipped 1")
    shutil.copy(BUILTIN_ASSETS / "fonts/DejaVuSansCondensed-Oblique.ttf",
                fonts / "DejaVuSansCondensed-Bold.ttf")  # the clinic swapped a font file
    assert summary(run_cli("build")).startswith("careprint: built 1, skipped 0")


def test_a_changed_end_photo_rebuilds_and_an_unchanged_one_does_not(mini, run_cli):
    from conftest import phone_photo

    for name in ("start", "end"):
        phone_photo(mini / f"assets/photos/{name}.jpg", (400, 300))
    exercise = mini / "handouts/exercises/knee-to-chest.yaml"
    exercise.write_text(exercise.read_text().replace(
        "image: images/knee-to-chest.png\n", "images:\n  start: {file: photos/start.jpg}\n"
        "  end: {file: photos/end.jpg, caption: Hold}\n"))
    assert summary(run_cli("build")).startswith("careprint: built 1, skipped 0")
    assert summary(run_cli("build")).startswith("careprint: built 0, skipped 1")
    phone_photo(mini / "assets/photos/end.jpg", (300, 400))  # the clinic took a better one
    assert summary(run_cli("build")).startswith("careprint: built 1, skipped 0")
