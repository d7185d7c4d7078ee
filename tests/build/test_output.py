"""output: a PDF appears whole, or not at all, and a good file is never lost."""

import os

import pytest

from careprint.build.output import PRIVATE, write_atomic, write_new
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


def test_write_new_never_reuses_a_name_even_when_racing(tmp_path):
    from concurrent.futures import ThreadPoolExecutor

    with ThreadPoolExecutor(8) as pool:
        paths = list(pool.map(lambda n: write_new(tmp_path, "s", str(n).encode()), range(24)))
    assert len(set(paths)) == 24
    assert sorted(p.read_text() for p in paths) == sorted(str(n) for n in range(24))
    assert sorted(p.name for p in tmp_path.iterdir())[:3] == ["s-10.pdf", "s-11.pdf",
                                                               "s-12.pdf"]
    assert all(p.stat().st_mode & 0o777 == 0o600 for p in paths)


def test_a_device_or_link_is_never_replaced(tmp_path):
    link = tmp_path / "link.pdf"
    link.symlink_to(tmp_path / "elsewhere.pdf")
    with pytest.raises(CareprintError, match="is not a regular file"):
        write_atomic(link, b"x")
    with pytest.raises(CareprintError, match="is not a regular file"):
        write_atomic(tmp_path, b"x")


def test_part_files_of_a_killed_run_are_swept_and_a_running_ones_kept(mini, run_cli):
    import signal
    import subprocess
    import sys
    import time

    out = mini / "out/conditions"
    slow_writer = ("import os, time, pathlib; from careprint.build import output; "
                   "os.fsync = lambda fd: time.sleep(60); "
                   f"output.write_atomic(pathlib.Path({str(out / 'sciatica.pdf')!r}), b'%PDF')")
    killed = subprocess.Popen([sys.executable, "-c", slow_writer])
    deadline = time.monotonic() + 20
    while not list(out.glob(".careprint.*.part")) and time.monotonic() < deadline:
        time.sleep(0.05)
    killed.send_signal(signal.SIGKILL)  # no chance to tidy up
    killed.wait()
    assert len(list(out.glob(".careprint.*.part"))) == 1
    ours = out / f".careprint.{os.getpid()}.inprogress.part"  # a live writer's file
    ours.write_bytes(b"%PDF")
    assert run_cli("build", "--force").status == 0
    assert [p.name for p in out.glob(".careprint.*.part")] == [ours.name]
