"""Reading the library: a file read before in the same process (by `check`, once per
language, or by the web page, on every change) is read again when its bytes change."""

from __future__ import annotations

from careprint.library.reader import LibraryPaths, read_library


def test_a_changed_file_is_read_again_even_at_the_same_size(mini):
    path = mini / "handouts/exercises/pelvic-tilt.yaml"
    first, _ = read_library(LibraryPaths(mini))
    assert first.exercises["pelvic-tilt"].name == "Pelvic tilt"
    path.write_text(path.read_text(encoding="utf-8").replace("Pelvic tilt", "Pelvic roll"),
                    encoding="utf-8")
    again, _ = read_library(LibraryPaths(mini))
    assert again.exercises["pelvic-tilt"].name == "Pelvic roll"


def test_problems_of_an_unchanged_file_are_reported_on_every_read(mini):
    path = mini / "handouts/exercises/pelvic-tilt.yaml"
    path.write_text(path.read_text(encoding="utf-8") + "colour: blue\n", encoding="utf-8")
    for _ in range(2):
        _, problems = read_library(LibraryPaths(mini))
        assert any("colour" in str(p) and "pelvic-tilt" in str(p) for p in problems)
