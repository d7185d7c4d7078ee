"""Cold start: a new `careprint sheet` process against a hand-written ReportLab script, and
`check` / `list` on a library of 2,000 exercises.

    .venv/bin/python bench/cold_start.py [--rounds N]

Both sides of the sheet claim run as new processes, in turns (the order flips each round),
after one warm-up each so that both have their bytecode (`.pyc`) and careprint its font cache,
as on any machine after the first run. The figure is the ratio of the two medians. A third
contender, careprint with an empty cache every time, shows what the very first run costs.
The reference is `bench/cold_reference.py` (see its docstring); the two PDFs must have the same
number of pages and the reference must print at least 95 % of careprint's words, or the
comparison is between different documents and the row says FAIL.

Results also go to bench/results/cold_start.json (git-ignored).
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import shutil
import subprocess
import sys
import tempfile
import time
from collections import Counter
from pathlib import Path

from pypdf import PdfReader

sys.path.insert(0, str(Path(__file__).resolve().parent))
from timing import cpu_note, interleave, median  # noqa: E402

REPO = Path(__file__).resolve().parent.parent
CAREPRINT = Path(sys.executable).with_name("careprint")
PATIENT, NOTE, CONDITION = "Ann Example", "Start gently and build up.", "sciatica"
WORD_COVERAGE = 0.95
EXERCISES = 2000


def child_env(cache: Path) -> dict[str, str]:
    """The environment of a user's shell: bytecode may be written (some sandboxes forbid it,
    which would make every child recompile careprint), and the cache lives where we say."""
    env = {k: v for k, v in os.environ.items() if k != "PYTHONDONTWRITEBYTECODE"}
    env["CAREPRINT_CACHE_DIR"] = str(cache)
    return env


def run(argv: list[str], env: dict[str, str], cwd: Path = REPO) -> None:
    done = subprocess.run(argv, cwd=cwd, env=env, capture_output=True, text=True)
    if done.returncode != 0:
        raise RuntimeError(f"{' '.join(argv)} exited {done.returncode}: {done.stderr[-2000:]}")


def words(pdf: Path) -> Counter[str]:
    return Counter(" ".join(page.extract_text() for page in PdfReader(pdf).pages).split())


def sheet_claim(tmp: Path, rounds: int) -> dict:
    warm, ours, theirs = tmp / "cache", tmp / "careprint.pdf", tmp / "reference.pdf"
    env = child_env(warm)
    sheet = [str(CAREPRINT), "sheet", CONDITION, "--patient", PATIENT, "--note", NOTE,
             "--date", "2026-12-01", "-o", str(ours)]
    reference = [sys.executable, str(REPO / "bench/cold_reference.py"), str(REPO), CONDITION,
                 PATIENT, NOTE, str(theirs)]

    def first_run() -> None:  # an empty cache: what the very first sheet on a machine costs
        shutil.rmtree(tmp / "empty", ignore_errors=True)
        run(sheet, child_env(tmp / "empty"))

    # The reference draws no exercise figures; the same sheet from a library without them
    # shows what the drawings cost.
    bare = without_figures(tmp / "no-figures")
    sheet_bare = [*sheet[:2], "--library", str(bare), *sheet[2:-1], str(tmp / "bare.pdf")]
    samples = interleave({"careprint sheet": lambda: run(sheet, env),
                          "reference script": lambda: run(reference, env),
                          "careprint, no figures": lambda: run(sheet_bare, env),
                          "careprint, empty cache": first_run}, rounds, warmup=1)
    mine, ref = words(ours), words(theirs)
    covered = sum(min(n, ref[w]) for w, n in mine.items()) / sum(mine.values())
    pages = (len(PdfReader(ours).pages), len(PdfReader(theirs).pages))
    return {"samples": samples, "coverage": covered, "pages": pages,
            "ratio": median(samples["careprint sheet"]) / median(samples["reference script"]),
            "first_ratio": (median(samples["careprint, empty cache"])
                            / median(samples["reference script"])),
            "bare_ratio": (median(samples["careprint, no figures"])
                           / median(samples["reference script"]))}


def copied_library(root: Path) -> Path:
    """A copy of the shipped library's handouts, templates and assets under root."""
    for folder in ("handouts", "templates", "assets"):
        shutil.copytree(REPO / folder, root / folder)
    return root


def without_figures(root: Path) -> Path:
    """A copy of the shipped library whose exercises have no `figure:` block."""
    copied_library(root)
    for path in (root / "handouts/exercises").glob("*.yaml"):
        kept, inside = [], False
        for line in path.read_text(encoding="utf-8").splitlines(keepends=True):
            inside = line.startswith("figure:") or (inside and line[:1] in (" ", "\n"))
            if not inside:
                kept.append(line)
        path.write_text("".join(kept), encoding="utf-8")
    return root


def big_library(root: Path) -> Path:
    """The shipped library plus enough copies of its exercises, under new ids, to hold 2,000."""
    copied_library(root)
    # The default-language files only: a copy of a translation (`x.es.yaml`) would be a
    # translation of an exercise that does not exist.
    exercises = sorted(p for p in (root / "handouts/exercises").glob("*.yaml")
                       if len(p.suffixes) == 1)
    for n in range(EXERCISES - len(exercises)):
        source = exercises[n % len(exercises)]
        text = source.read_text(encoding="utf-8").replace("name: ", f"name: Copy {n} of ", 1)
        (source.parent / f"copy-{n:04d}-{source.name}").write_text(text, encoding="utf-8")
    return root


def library_claim(tmp: Path, rounds: int) -> dict:
    root = big_library(tmp / "big")
    env = child_env(tmp / "cache")
    count = len([p for p in (root / "handouts/exercises").glob("*.yaml") if len(p.suffixes) == 1])
    samples = interleave({
        "check": lambda: run([str(CAREPRINT), "check", "--library", str(root)], env, root),
        "list": lambda: run([str(CAREPRINT), "list", "--library", str(root)], env, root),
    }, rounds, warmup=1)
    return {"exercises": count, "samples": samples}


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--rounds", type=int, default=15)
    rounds = parser.parse_args().rounds
    print(f"careprint cold-start benchmark — {cpu_note()}, {platform.processor() or platform.machine()}, "
          f"Python {platform.python_version()}, {rounds} rounds")
    started = time.time()
    with tempfile.TemporaryDirectory(prefix="careprint-cold-") as name:
        tmp = Path(name)
        sheet = sheet_claim(tmp, rounds)
        library = library_claim(tmp, max(3, rounds // 3))
    s = sheet["samples"]
    ok_doc = sheet["coverage"] >= WORD_COVERAGE and sheet["pages"][0] == sheet["pages"][1]
    print(f"careprint sheet        {median(s['careprint sheet']):.3f} s (median)")
    print(f"reference script       {median(s['reference script']):.3f} s")
    print(f"careprint, empty cache {median(s['careprint, empty cache']):.3f} s")
    print(f"careprint, no figures  {median(s['careprint, no figures']):.3f} s "
          f"({sheet['bare_ratio']:.2f}x the reference)")
    print(f"ratio careprint / reference: {sheet['ratio']:.2f}x (target <= 1.00: "
          f"{'ok' if sheet['ratio'] <= 1 else 'FAIL'}); first run ever {sheet['first_ratio']:.2f}x")
    print(f"same document: pages {sheet['pages'][0]} vs {sheet['pages'][1]}, reference prints "
          f"{sheet['coverage']:.1%} of careprint's words ({'ok' if ok_doc else 'FAIL'})")
    for name in ("check", "list"):
        value = median(library["samples"][name])
        print(f"careprint {name:5s} on {library['exercises']} exercises: {value:.2f} s "
              f"(target < 2 s: {'ok' if value < 2 else 'FAIL'})")
    out = REPO / "bench/results/cold_start.json"
    out.parent.mkdir(exist_ok=True)
    out.write_text(json.dumps({"machine": cpu_note(), "python": platform.python_version(),
                               "seconds": round(time.time() - started), "sheet": sheet,
                               "library": library}, indent=1), encoding="utf-8")


if __name__ == "__main__":
    main()
