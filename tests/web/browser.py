"""The real server and a real browser (Debian's Chromium, driven by Playwright) for the web
page's end-to-end tests and the README's screenshots."""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
import time
from pathlib import Path

import pytest

CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking",
                 "--disable-component-update", "--disable-sync", "--no-first-run"]


def chromium_or_skip() -> str:
    """Chromium's path; without it the tests skip on a developer's machine, never in CI."""
    path = shutil.which("chromium")
    if path is None:
        if os.environ.get("CI"):
            pytest.fail("chromium is not installed: .ci/run installs it (apt-get install "
                        "chromium)")
        pytest.skip("chromium is not installed (apt-get install chromium)")
    return path


class Server:
    """`careprint serve --port 0` in its own process; its log kept to read afterwards."""

    def __init__(self, library: Path, log: Path, env: dict[str, str]) -> None:
        self.log_path = log
        self._log = log.open("w")
        self.process = subprocess.Popen(
            [sys.executable, "-m", "careprint", "serve", "--port", "0",
             "--library", str(library)],
            stdout=subprocess.PIPE, stderr=self._log, text=True, env={**os.environ, **env})
        line = self.process.stdout.readline()
        found = re.search(r"open (http://\S+) ", line)
        if not found:
            self.stop()
            raise RuntimeError(f"careprint serve did not start: {line!r} "
                               f"{log.read_text()}")
        self.url = found.group(1)

    def stop(self) -> None:
        self.process.terminate()
        try:
            self.process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            self.process.kill()
        self._log.close()

    def log(self) -> str:
        self._log.flush()
        time.sleep(0.1)
        return self.log_path.read_text()
