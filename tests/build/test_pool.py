"""build/pool: --jobs N really runs N documents at once, and 1 runs in this process."""

import os
import time

from careprint.build import pool
from careprint.build.options import Options
from careprint.library.reader import LibraryPaths, read_library


def _pid_after_a_pause(seconds: float) -> int:
    time.sleep(seconds)
    return os.getpid()


def test_two_jobs_use_two_processes_at_once(mini):
    library, _ = read_library(LibraryPaths.at(mini))
    started = time.perf_counter()
    pids = list(pool.run(_pid_after_a_pause, [(0.3,)] * 4, 2, library, Options()))
    elapsed = time.perf_counter() - started
    assert len(set(pids)) == 2 and os.getpid() not in pids
    assert elapsed < 4 * 0.3  # side by side, not one after another


def test_one_job_runs_in_this_process(mini):
    library, _ = read_library(LibraryPaths.at(mini))
    assert set(pool.run(_pid_after_a_pause, [(0,)] * 3, 1, library, Options())) == {os.getpid()}


def test_jobs_must_be_one_or_more(mini, run_cli):
    result = run_cli("build", "--jobs", "0")
    assert result.status == 2 and "argument --jobs/-j: '0': give 1 or more" in result.err
