"""`careprint serve`: the web page where a clinician makes, previews, prints and emails a sheet.

Server-rendered Jinja2 pages (Flask) with htmx for the live preview; every action calls the
same command functions as the command line. No patient data is kept after a response.
"""

from __future__ import annotations

import logging
import os
import threading
from dataclasses import dataclass
from pathlib import Path

from careprint.web.security import Guard

LOG = logging.getLogger("careprint.web")


class LibraryCache:
    """The whole library, read again only when a file under handouts/ changes: each worker
    keeps its own copy of what is on disk, so several workers never disagree."""

    def __init__(self, library_dir: Path) -> None:
        self.library_dir = library_dir
        self._lock = threading.Lock()
        self._stamp: tuple | None = None
        self._opened: dict[str | None, tuple] = {}  # by language; None: the clinic's own

    def get(self, language: str | None = None):
        """The library in `language` (default: the clinic's), and its problems."""
        from careprint.commands.opening import open_library

        stamp = self._stamp_now()
        with self._lock:
            if stamp != self._stamp:
                self._opened.clear()
                self._stamp = stamp
            if language not in self._opened:
                self._opened[language] = open_library(self.library_dir, language=language)
            library, problems = self._opened[language]
            return library, list(problems)

    def _stamp_now(self) -> tuple:
        found = []
        for folder in (self.library_dir / "handouts", self.library_dir / "assets"):
            for root, _, files in os.walk(folder):
                for name in files:
                    try:
                        info = os.stat(os.path.join(root, name))
                    except OSError:
                        continue
                    found.append((root, name, info.st_mtime_ns, info.st_size))
        return tuple(sorted(found))


@dataclass(frozen=True)
class Settings:
    library_dir: Path
    guard: Guard
    library: LibraryCache


def create_app(library_dir: Path, guard: Guard | None = None):
    """The WSGI application over one clinic library; `guard` defaults to the environment's
    (CAREPRINT_SERVE_TOKEN, CAREPRINT_SERVE_SECRET)."""
    from flask import Flask

    from careprint.web.routes import register

    app = Flask(__name__)
    library_dir = Path(library_dir).resolve()
    settings = Settings(library_dir, guard or Guard.from_env(), LibraryCache(library_dir))
    app.config["CAREPRINT"] = settings
    app.config["MAX_CONTENT_LENGTH"] = 512 * 1024  # a sheet's form is a few kilobytes
    app.jinja_env.autoescape = True
    from jinja2 import StrictUndefined

    app.jinja_env.undefined = StrictUndefined
    register(app)
    return app
