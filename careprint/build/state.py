"""The build state: which output file was made from which fingerprint, and its own hash.

The hash lets a later step (email) send only the very bytes careprint wrote: a file replaced
or damaged on disk since is rebuilt, never sent as it is.
"""

from __future__ import annotations

import hashlib
import json
import re
from pathlib import Path
from typing import TYPE_CHECKING

from careprint.build.output import write_atomic
from careprint.library.reader import Library
from careprint.problems import Mark, Problem, warning

if TYPE_CHECKING:
    from careprint.build.handouts import Job

STATE_FILE = ".careprint-state.json"


def read_state(out_dir: Path) -> tuple[dict[str, dict[str, str]], list[Problem]]:
    """file name → {"fingerprint", "sha256"}. The state only saves work: one that cannot be
    read (a crash, an edit) means "rebuild", said as a warning, never a stop."""
    path = out_dir / STATE_FILE
    try:
        state = json.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        return {}, []
    except (OSError, UnicodeDecodeError) as err:
        return {}, [_unreadable(Mark(path), str(err))]
    except ValueError as err:
        line = getattr(err, "lineno", 0)
        return {}, [_unreadable(Mark(path, line), getattr(err, "msg", str(err)))]
    if not isinstance(state, dict):
        return {}, [_unreadable(Mark(path, 1), "not a table of files")]
    kept = {name: entry for name, entry in state.items()
            if isinstance(entry, dict) and isinstance(entry.get("fingerprint"), str)}
    return kept, []


def _unreadable(at: Mark, why: str) -> Problem:
    return warning(f"the build state cannot be read ({why})", at,
                   "everything in this folder is rebuilt; nothing is lost")


def up_to_date(state: dict[str, dict[str, str]], name: str, fingerprint: str,
               path: Path) -> bool:
    """Built from the same inputs, and still the very file careprint wrote."""
    entry = state.get(name)
    if not entry or entry.get("fingerprint") != fingerprint or not path.is_file():
        return False
    return file_sha256(path) == entry.get("sha256")


def file_sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as f:
        for block in iter(lambda: f.read(1 << 16), b""):
            digest.update(block)
    return digest.hexdigest()


def write_state(out_dir: Path, state: dict[str, dict[str, str]], mode: int = 0o644) -> None:
    text = json.dumps(dict(sorted(state.items())), indent=1) + "\n"
    write_atomic(out_dir / STATE_FILE, text.encode(), mode=mode)


def stale(jobs: list[Job], fingerprints: dict[Job, str], state: dict[str, dict[str, str]],
          out_dir: Path) -> list[Job]:
    return [job for job in jobs if not up_to_date(state, job.output.as_posix(),
                                                  fingerprints[job], out_dir / job.output)]


def deleted_outputs(library: Library, state: dict[str, dict[str, str]]) -> list[str]:
    """Outputs careprint built whose condition or pack no longer exists."""
    declared = {f"conditions/{i}.pdf" for i in library.declared["condition"]} | {
        f"packs/{i}.pdf" for i in library.declared["pack"]}
    # Only names careprint itself writes: an edited state file cannot delete anything else.
    ours = re.compile(r"(conditions|packs)/[a-z0-9]+(-[a-z0-9]+)*\.pdf")
    return sorted(name for name in state if ours.fullmatch(name) and name not in declared)

