"""Small measuring helpers: interleaved timing, cold processes and their peak memory."""

from __future__ import annotations

import gc
import os
import re
import shutil
import statistics
import subprocess
import sys
import time
from collections.abc import Callable, Sequence

TIME_V = shutil.which("time", path="/usr/bin:/bin")  # GNU time, for `-v`


def interleave(contenders: dict[str, Callable[[], object]], rounds: int,
               warmup: int = 2) -> dict[str, list[float]]:
    """Seconds per call for each contender, run round-robin so drift and noise hit all alike.

    The order flips every round (no contender always runs first), and garbage is collected
    before each call, outside the timing, so one contender does not pay for another's garbage.
    """
    names = list(contenders)
    for _ in range(warmup):
        for name in names:
            contenders[name]()
    samples: dict[str, list[float]] = {name: [] for name in names}
    for round_ in range(rounds):
        for name in names if round_ % 2 == 0 else reversed(names):
            gc.collect()
            started = time.perf_counter()
            contenders[name]()
            samples[name].append(time.perf_counter() - started)
    return samples


def run_process(argv: Sequence[str], cwd: str | None = None) -> None:
    """Run a command to completion; raise with its stderr if it fails."""
    done = subprocess.run(argv, cwd=cwd, capture_output=True, text=True)
    if done.returncode != 0:
        raise RuntimeError(f"{' '.join(argv)} exited {done.returncode}: {done.stderr[-2000:]}")


def peak_rss_mb(argv: Sequence[str], cwd: str | None = None) -> float:
    """Peak resident memory of one fresh process, in MB (GNU time -v, else a getrusage wrapper)."""
    if TIME_V:
        done = subprocess.run([TIME_V, "-v", *argv], cwd=cwd, capture_output=True, text=True)
        match = re.search(r"Maximum resident set size \(kbytes\): (\d+)", done.stderr)
        if done.returncode != 0 or not match:
            raise RuntimeError(f"{' '.join(argv)} failed: {done.stderr[-2000:]}")
        return int(match.group(1)) / 1024
    wrapper = ("import resource, subprocess, sys; subprocess.run(sys.argv[1:], check=True, "
               "capture_output=True); print(resource.getrusage(resource.RUSAGE_CHILDREN)"
               ".ru_maxrss)")
    out = subprocess.run([sys.executable, "-c", wrapper, *argv], cwd=cwd, check=True,
                         capture_output=True, text=True).stdout
    kilobytes = int(out.split()[-1]) / (1024 if sys.platform == "darwin" else 1)
    return kilobytes / 1024


def median(values: Sequence[float]) -> float:
    return statistics.median(values)


def cpu_note() -> str:
    load = os.getloadavg()[0] if hasattr(os, "getloadavg") else float("nan")
    return f"{os.cpu_count()} CPUs, load average {load:.2f}"
