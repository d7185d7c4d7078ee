"""A reader that stops early (`careprint list | head -1`) is not an internal error."""

from __future__ import annotations

import shutil
import subprocess
import sys

from conftest import FIXTURES


def test_a_closed_pipe_ends_quietly(tmp_path):
    # More output than a pipe holds, so careprint is still writing when the reader leaves.
    root = tmp_path / "lib"
    shutil.copytree(FIXTURES / "mini", root)
    exercise = (root / "handouts/exercises/pelvic-tilt.yaml").read_text(encoding="utf-8")
    for n in range(1500):
        (root / f"handouts/exercises/copy-{n:04d}-of-a-long-exercise-name.yaml").write_text(
            exercise, encoding="utf-8")
    lister = subprocess.Popen([sys.executable, "-m", "careprint", "list", "--library",
                               str(root)], stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    lister.stdout.readline()
    lister.stdout.close()  # the reader goes away after one line
    err = lister.stderr.read().decode()
    assert lister.wait(timeout=120) == 141, err
    assert "internal error" not in err and "Traceback" not in err
