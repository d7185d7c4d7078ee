"""Limits: a file far bigger than any handout needs is refused before it is parsed."""

import time

from careprint.library.load import load_file
from conftest import write

TOO_BIG = ("handouts/exercises/big.yaml: error: the file is 2.0 MB; the most careprint reads "
           "is 1 MB — a library file needs a few KB: remove what does not belong, or split it "
           "into smaller files")


def test_a_2_mb_yaml_file_is_refused_fast_with_one_line(mini, run_cli):
    big = "steps:\n" + "  - A step of the exercise that is repeated.\n" * 47_000
    path = write(mini, "handouts/exercises/big.yaml", big)
    assert path.stat().st_size > 2 * 1024 * 1024
    started = time.perf_counter()
    loaded, problems = load_file(path)
    assert time.perf_counter() - started < 1
    assert loaded is None
    assert [str(p) for p in problems] == [TOO_BIG]
    result = run_cli("check")
    assert result.status == 1
    assert result.err_lines[0] == TOO_BIG
