"""A one-line progress bar on a terminal; silent when output goes to a file or a pipe."""

from __future__ import annotations

import time
from typing import TextIO


class Progress:
    def __init__(self, total: int, stream: TextIO, label: str = "building") -> None:
        self.total, self.stream, self.label = total, stream, label
        self.done = 0
        self.started = time.perf_counter()
        self.enabled = total > 0 and stream.isatty()

    def step(self, what: str) -> None:
        self.done += 1
        if not self.enabled:
            return
        width = 24
        filled = width * self.done // self.total
        bar = "█" * filled + "·" * (width - filled)
        line = f"\r{self.label} [{bar}] {self.done}/{self.total} {what}"
        self.stream.write(line[:100].ljust(100))
        self.stream.flush()

    def close(self) -> None:
        if self.enabled:
            self.stream.write("\r" + " " * 100 + "\r")
            self.stream.flush()

    @property
    def seconds(self) -> float:
        return time.perf_counter() - self.started
