"""Files read in an earlier run are not parsed again while their bytes and careprint's code are
the same; any change, damage or doubt means reading the file afresh."""

from __future__ import annotations

import os
import subprocess
import sys
import time
from pathlib import Path

import pytest

from careprint import stored_results
from careprint.library import parse
from careprint.library.reader import LibraryPaths, read_library


@pytest.fixture
def parses(monkeypatch) -> list[Path]:
    """Each file parsed from its YAML text, in a run that starts with an empty memory (as a new
    process does)."""
    parsed: list[Path] = []
    real = parse.parse_text

    def counted(text: str, path: Path):
        parsed.append(path)
        return real(text, path)

    monkeypatch.setattr(parse, "parse_text", counted)
    new_run(monkeypatch)
    return parsed


def new_run(monkeypatch) -> None:
    monkeypatch.setattr(stored_results, "_IN_MEMORY", {})
    stored_results._folder.cache_clear()


def entries() -> list[Path]:
    return sorted((Path(os.environ["CAREPRINT_CACHE_DIR"]) / "reads").glob("*.pickle"))


def test_a_second_run_parses_nothing_and_reads_the_same(mini, parses, monkeypatch):
    first, first_problems = read_library(LibraryPaths(mini))
    assert len(parses) >= 6  # clinic, sources, the condition, set and exercises, labels
    parses.clear()
    new_run(monkeypatch)
    again, problems = read_library(LibraryPaths(mini))
    assert parses == []
    assert again.exercises == first.exercises and again.conditions == first.conditions
    assert again.sources == first.sources and again.labels == first.labels
    assert problems == first_problems


def test_a_run_that_reads_only_stored_files_never_imports_pyyaml(mini):
    script = ("import sys; from pathlib import Path; "
              "from careprint.library.reader import LibraryPaths, read_for_condition; "
              "library, _ = read_for_condition(LibraryPaths(Path('.')), 'sciatica'); "
              "print(library.conditions['sciatica'].title, 'yaml' in sys.modules)")
    runs = [subprocess.run([sys.executable, "-c", script], cwd=mini, capture_output=True,
                           text=True, check=True).stdout.split()[-1] for _ in range(2)]
    assert runs == ["True", "False"]


def test_an_edited_file_is_read_afresh_even_at_the_same_size(mini, parses, monkeypatch):
    path = mini / "handouts/exercises/pelvic-tilt.yaml"
    read_library(LibraryPaths(mini))
    text = path.read_text(encoding="utf-8")
    path.write_text(text.replace("Pelvic tilt", "Pelvic roll"), encoding="utf-8")
    parses.clear()
    new_run(monkeypatch)
    again, _ = read_library(LibraryPaths(mini))
    assert again.exercises["pelvic-tilt"].name == "Pelvic roll"
    assert parses == [path]


def test_a_stored_file_reports_its_mistakes_on_every_run(mini, parses, monkeypatch, run_cli):
    path = mini / "handouts/exercises/pelvic-tilt.yaml"
    path.write_text(path.read_text(encoding="utf-8") + "colour: blue\n", encoding="utf-8")
    first = run_cli("check")
    new_run(monkeypatch)
    parses.clear()
    again = run_cli("check")
    assert parses == []
    assert again.status == first.status == 1
    assert again.err == first.err and "pelvic-tilt.yaml" in again.err and "colour" in again.err


def test_a_damaged_entry_is_read_afresh(mini, parses, monkeypatch):
    first, _ = read_library(LibraryPaths(mini))
    stored = entries()
    altered = 0
    for entry in stored:
        blob = entry.read_bytes()
        if b"Pelvic tilt" in blob:  # rot that still unpickles, to a name the file does not hold
            entry.write_bytes(blob.replace(b"Pelvic tilt", b"Pelvic roll"))
            altered += 1
        else:
            entry.write_bytes(blob[: len(blob) // 2])  # cut short
    assert altered
    parses.clear()
    new_run(monkeypatch)
    again, _ = read_library(LibraryPaths(mini))
    assert again.exercises["pelvic-tilt"].name == "Pelvic tilt"
    assert again.exercises == first.exercises
    assert len(parses) == len(stored)


def test_entries_in_a_folder_others_may_write_are_not_used(mini, parses, monkeypatch):
    read_library(LibraryPaths(mini))
    folder = Path(os.environ["CAREPRINT_CACHE_DIR"]) / "reads"
    folder.chmod(0o777)  # anyone could have put a pickle here
    parses.clear()
    new_run(monkeypatch)
    read_library(LibraryPaths(mini))
    assert len(parses) == len(entries())


def test_a_changed_careprint_does_not_use_what_the_old_one_read(mini, parses, monkeypatch,
                                                                  tmp_path):
    package = tmp_path / "package"
    package.mkdir()
    module = package / "model.py"
    module.write_text("# the reader\n")
    monkeypatch.setattr(stored_results, "_PACKAGE", package)
    stored_results.code_stamp.cache_clear()
    try:
        read_library(LibraryPaths(mini))
        later = time.time() + 5
        os.utime(module, (later, later))  # an upgrade or an edit
        stored_results.code_stamp.cache_clear()
        parses.clear()
        new_run(monkeypatch)
        read_library(LibraryPaths(mini))
        assert len(parses) == len(entries()) // 2
    finally:
        stored_results.code_stamp.cache_clear()


def test_entries_not_written_for_a_month_are_deleted(mini, monkeypatch):
    folder = Path(os.environ["CAREPRINT_CACHE_DIR"]) / "reads"
    folder.mkdir(parents=True, mode=0o700)
    old, recent = folder / f"{'a' * 64}.pickle", folder / f"{'b' * 64}.pickle"
    for entry, days in ((old, 31), (recent, 29)):
        entry.write_bytes(b"x")
        when = time.time() - days * 24 * 3600
        os.utime(entry, (when, when))
    monkeypatch.setattr(stored_results, "_swept", set())
    new_run(monkeypatch)
    read_library(LibraryPaths(mini))
    assert not old.exists() and recent.exists()


def test_an_entry_still_read_is_kept_past_a_month(mini, monkeypatch):
    read_library(LibraryPaths(mini))
    month_ago = time.time() - 31 * 24 * 3600
    for entry in entries():
        os.utime(entry, (month_ago, month_ago))
    new_run(monkeypatch)
    read_library(LibraryPaths(mini))  # read this month: in use
    in_use = entries()
    stale = Path(os.environ["CAREPRINT_CACHE_DIR"]) / "reads" / f"{'c' * 64}.pickle"
    stale.write_bytes(b"x")
    os.utime(stale, (month_ago, month_ago))
    monkeypatch.setattr(stored_results, "_swept", set())
    new_run(monkeypatch)
    path = mini / "handouts/exercises/pelvic-tilt.yaml"
    path.write_text(path.read_text(encoding="utf-8") + "\n", encoding="utf-8")
    read_library(LibraryPaths(mini))  # writes an entry, and sweeps
    assert not stale.exists()
    assert all(entry.exists() for entry in in_use)
