"""output: a PDF appears whole, or not at all, and a good file is never lost."""

import os

import pytest

from careprint.output import PRIVATE, next_free, write_atomic
from careprint.problems import CareprintError


def test_write_creates_folders_and_sets_the_mode(tmp_path):
    path = write_atomic(tmp_path / "a/b/sheet.pdf", b"%PDF-1.4", mode=PRIVATE)
    assert path.read_bytes() == b"%PDF-1.4" and path.stat().st_mode & 0o777 == 0o600


def test_a_failed_write_keeps_the_old_file_and_leaves_no_part_file(tmp_path, monkeypatch):
    target = tmp_path / "handout.pdf"
    target.write_bytes(b"good")

    def disk_full(fd):
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(os, "fsync", disk_full)
    with pytest.raises(CareprintError, match="No space left on device"):
        write_atomic(target, b"new")
    assert target.read_bytes() == b"good"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["handout.pdf"]


def test_unwritable_folder_is_a_clear_error(tmp_path):
    blocker = tmp_path / "file"
    blocker.write_text("x")
    with pytest.raises(CareprintError, match=f"cannot write to {blocker}"):
        write_atomic(blocker / "x.pdf", b"1")


def test_next_free_counts_up(tmp_path):
    assert next_free(tmp_path, "s").name == "s.pdf"
    (tmp_path / "s.pdf").write_text("")
    (tmp_path / "s-2.pdf").write_text("")
    assert next_free(tmp_path, "s").name == "s-3.pdf"
