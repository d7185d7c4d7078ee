"""Batch, pack and rebuild benchmark: three claims from the issue, each measured side by side.

1. Batch. `careprint batch` on a CSV of N patients (default 1,000) with --jobs 1 and --jobs 2,
   taking turns: wall time, sheets/s and the speed-up jobs1/jobs2 (claim: >= 1.7x on 2 cores).
   Peak memory of the whole process tree (parent + workers), sampled from /proc every 50 ms,
   for 100 rows and N rows with --jobs 2 (claim: flat as the count grows). Every run must
   produce exactly N PDFs and a manifest of N rows, all built.
2. Pack. `careprint pack back-and-hip` (the shipped back and hip conditions) against
   `careprint build --force --jobs 1 <the same conditions>`: time, and the pack's size against
   the sum of the single files and against the largest one. The issue gives no target.
3. No-change rebuild. After one full `careprint build --out DIR`, a second one (claim: < 1 s),
   whose stderr summary must say `built 0`.

Contenders are run round-robin; figures are medians, ratios are ratios of medians.
Run from the repo root: `.venv/bin/python bench/batch.py [--rows N]` (4 to 5 minutes).
"""

from __future__ import annotations

import argparse
import csv
import datetime as dt
import json
import os
import platform
import random
import re
import shutil
import subprocess
import sys
import tempfile
import threading
import time
from dataclasses import asdict, dataclass, field
from pathlib import Path

from pypdf import PdfReader

from render import GROWTH_TOLERANCE, Row, table
from timing import cpu_note, interleave, median

from careprint.library.reader import Library, LibraryPaths, read_library

REPO = Path(__file__).resolve().parent.parent
RESULTS = REPO / "bench/results/batch.json"
CAREPRINT = Path(sys.executable).with_name("careprint")
PACK = "back-and-hip"
SMALL_ROWS = 100  # the small size of the memory comparison
ROUNDS = {"batch": 2, "memory": 2, "serial": 2, "pack": 7, "noop": 10}
SPEEDUP_TARGET = 1.7
SAMPLE_SECONDS = 0.05


# -- realistic patient lists ----------------------------------------------------------------------

NAMES = {
    "Polish": ["Łukasz Żółć", "Małgorzata Wiśniewska", "Grzegorz Brzęczyszczykiewicz",
               "Zofia Dąbrowska", "Paweł Ślusarczyk", "Jadwiga Gwóźdź", "Wojciech Szczęsny",
               "Agnieszka Kołodziej"],
    "Vietnamese": ["Nguyễn Thị Hường", "Trần Văn Đức", "Lê Thị Ngọc Ánh", "Phạm Quốc Bảo",
                   "Hoàng Minh Tuấn", "Võ Thị Thu Hằng", "Đặng Hữu Phước",
                   "Bùi Thị Mỹ Duyên"],
    "Greek": ["Αλέξανδρος Παπαδόπουλος", "Ελένη Γεωργίου", "Δημήτρης Οικονόμου",
              "Μαρία Κωνσταντινίδου", "Γιώργος Νικολάου", "Σοφία Αντωνίου",
              "Χρήστος Ιωαννίδης", "Αικατερίνη Βασιλείου"],
    "Cyrillic": ["Екатерина Смирнова", "Дмитрий Иванов", "Ольга Кузнецова",
                 "Сергій Шевченко", "Анна Попова", "Михаил Соколов", "Юлія Коваленко",
                 "Андрей Волков"],
    "plain": ["Jane Smith", "Mohammed Ali", "Robert O'Brien", "Mary-Kate Jones",
              "Peter van der Berg", "Aisha Khan", "David Lee", "Sarah Johnson"],
}
NOTES = [
    "Start gently, stop if pain > 5/10",
    'She said "the stretch helps", so keep going',
    "Ice for 10 min after, not heat & rest",
    "Review in 2 weeks; call us if it gets worse",
    'Use a chair for balance, "slow and steady"',
    "Przerwa co 30 min, spacer 10 min dziennie",
    "Đi bộ nhẹ nhàng mỗi ngày, 10 phút",
]
CLINICIANS = ["Dr Anna Nowak", "J. Smith, PT", "Μαρία Κ.", "Trần Thu", ""]
# Dose changes tried in this order; a row gets the first whose exercise is in its default set.
DOSES = [("pelvic-tilt", "sets=3"), ("glute-bridge", "sets=2,reps=12"),
         ("walking-programme", "minutes=20")]
HEADER = ["patient", "condition", "set", "date", "clinician", "note", "dose", "email", "dob"]


def default_set(library: Library, condition: str) -> str:
    return library.conditions[condition].exercise_sets[0].id


def set_exercises(library: Library, set_id: str) -> set[str]:
    return {entry.exercise.id for entry in library.sets[set_id].exercises}


def patient_rows(library: Library, count: int, seed: int = 2026) -> list[list[str]]:
    """`count` varied rows: names in five scripts, all conditions round-robin, quoted notes,
    dose changes only where the condition's default set has that exercise."""
    rng = random.Random(seed)
    conditions = sorted(library.conditions)
    scripts = list(NAMES)
    first_day = dt.date(2026, 1, 5)
    rows = []
    for i in range(count):
        condition = conditions[i % len(conditions)]
        set_id = default_set(library, condition)
        name = rng.choice(NAMES[scripts[i % len(scripts)]])
        day = first_day + dt.timedelta(days=rng.randrange(300))
        dob = dt.date(rng.randrange(1935, 2006), rng.randrange(1, 13), rng.randrange(1, 29))
        in_set = set_exercises(library, set_id)
        dose = ""
        if rng.random() < 0.3:
            dose = next((f"{ex}:{change}" for ex, change in DOSES if ex in in_set), "")
        rows.append([
            name, condition,
            set_id if rng.random() < 0.1 else "",  # sometimes the set is written out
            day.isoformat(), rng.choice(CLINICIANS),
            rng.choice(NOTES) if rng.random() < 0.4 else "",
            dose,
            f"patient{i + 1:05d}@example.org" if rng.random() < 0.5 else "",
            dob.isoformat() if rng.random() < 0.7 else "",
        ])
    return rows


def write_csv(path: Path, rows: list[list[str]]) -> Path:
    with path.open("w", encoding="utf-8", newline="") as f:
        writer = csv.writer(f)
        writer.writerow(HEADER)
        writer.writerows(rows)
    return path


def describe(rows: list[list[str]]) -> dict:
    text = "".join(r[0] for r in rows)
    return {"rows": len(rows),
            "conditions": len({r[1] for r in rows}),
            "with_note": sum(bool(r[5]) for r in rows),
            "note_with_comma_or_quote": sum(("," in r[5]) or ('"' in r[5]) for r in rows),
            "with_dose": sum(bool(r[6]) for r in rows),
            "with_set": sum(bool(r[2]) for r in rows),
            "non_ascii_names": sum(not r[0].isascii() for r in rows),
            "distinct_characters_in_names": len(set(text))}


# -- running a process and measuring its tree -----------------------------------------------------

def _children() -> dict[int, list[int]]:
    """Every process's children, from /proc/<pid>/stat (no /proc/<pid>/task/*/children here)."""
    kids: dict[int, list[int]] = {}
    for entry in os.scandir("/proc"):
        if not entry.name.isdigit():
            continue
        try:
            with open(f"/proc/{entry.name}/stat", "rb") as f:
                stat = f.read()
        except OSError:
            continue  # gone meanwhile
        ppid = int(stat.rsplit(b")", 1)[1].split()[1])  # the name may hold spaces and ')'
        kids.setdefault(ppid, []).append(int(entry.name))
    return kids


def tree(root: int) -> list[int]:
    kids, pids = _children(), [root]
    for pid in pids:
        pids.extend(kids.get(pid, []))
    return pids


def _kb(path: str, keys: tuple[str, ...]) -> dict[str, int]:
    found: dict[str, int] = {}
    try:
        with open(path, encoding="ascii", errors="replace") as f:
            for line in f:
                key, _, rest = line.partition(":")
                if key in keys:
                    found[key] = int(rest.split()[0])
    except (OSError, ValueError, IndexError):
        pass  # exited, or a zombie without memory lines
    return found


class TreeSampler(threading.Thread):
    """Every 50 ms: the summed RSS and PSS of a process and all its descendants, and the
    root's own high-water mark (VmHWM). PSS splits pages shared after fork() between the
    processes sharing them, so its sum does not count the inherited library twice."""

    def __init__(self, root: int) -> None:
        super().__init__(daemon=True)
        self.root, self.stop = root, threading.Event()
        self.rss_kb = self.pss_kb = self.root_hwm_kb = self.processes = self.samples = 0
        self.cost = 0.0

    def run(self) -> None:
        while not self.stop.is_set():
            started = time.thread_time()
            self.sample()
            self.cost += time.thread_time() - started  # CPU time, not waiting for a core
            self.stop.wait(SAMPLE_SECONDS)

    def sample(self) -> None:
        pids = tree(self.root)
        rss = pss = 0
        for pid in pids:
            status = _kb(f"/proc/{pid}/status", ("VmRSS", "VmHWM"))
            rss += status.get("VmRSS", 0)
            pss += _kb(f"/proc/{pid}/smaps_rollup", ("Pss",)).get("Pss", 0)
            if pid == self.root and "VmHWM" in status:
                self.root_hwm_kb = status["VmHWM"]
        self.rss_kb, self.pss_kb = max(self.rss_kb, rss), max(self.pss_kb, pss)
        self.processes = max(self.processes, len(pids))
        self.samples += 1

    def result(self) -> dict:
        return {"tree_rss_mb": self.rss_kb / 1024, "tree_pss_mb": self.pss_kb / 1024,
                "parent_hwm_mb": self.root_hwm_kb / 1024, "max_processes": self.processes,
                "samples": self.samples,
                "cpu_ms_per_sample": 1000 * self.cost / max(1, self.samples)}


@dataclass
class Run:
    argv: list[str]
    wall: float
    stderr: str
    # ru_maxrss from wait4(): the peak of the largest single process among careprint and the
    # workers it reaped, the same figure a getrusage(RUSAGE_CHILDREN) wrapper would print
    largest_mb: float
    cpu: float = 0.0  # user + system seconds of careprint and its reaped workers
    others: float = 0.0  # cores kept busy meanwhile by every other process, on average
    tree: dict = field(default_factory=dict)


CLOCK_TICKS = os.sysconf("SC_CLK_TCK")


def busy_seconds() -> float:
    """CPU seconds the whole machine has spent busy since boot (all cores, from /proc/stat)."""
    with open("/proc/stat", encoding="ascii") as f:
        ticks = [int(v) for v in f.readline().split()[1:]]
    user, nice, system, _idle, _iowait, irq, softirq, steal = (ticks + [0] * 8)[:8]
    return (user + nice + system + irq + softirq + steal) / CLOCK_TICKS


def launch(argv: list[str], logs: Path, sample: bool = False) -> Run:
    """Run a command to completion with its output in files; raise with its stderr on failure.

    Reaped with os.wait4 so that ru_maxrss belongs to this one process tree, not to every
    child this benchmark ever had, which is what getrusage(RUSAGE_CHILDREN) would report."""
    logs.mkdir(parents=True, exist_ok=True)
    with open(logs / "stdout", "wb") as out, open(logs / "stderr", "wb") as err:
        busy, started = busy_seconds(), time.perf_counter()
        proc = subprocess.Popen(argv, stdout=out, stderr=err, cwd=REPO)
        sampler = TreeSampler(proc.pid) if sample else None
        if sampler:
            sampler.start()
        _, status, usage = os.wait4(proc.pid, 0)
        wall = time.perf_counter() - started
        busy = busy_seconds() - busy
    proc.returncode = os.waitstatus_to_exitcode(status)
    if sampler:
        sampler.stop.set()
        sampler.join()
    stderr = (logs / "stderr").read_text("utf-8", errors="replace")
    if proc.returncode != 0:
        raise RuntimeError(f"{' '.join(argv)} exited {proc.returncode}: {stderr[-2000:]}")
    cpu = usage.ru_utime + usage.ru_stime
    return Run(argv, wall, stderr, usage.ru_maxrss / 1024, cpu, max(0.0, busy - cpu) / wall,
               sampler.result() if sampler else {})


# -- claim 1 --------------------------------------------------------------------------------------

def batch_argv(csv_path: Path, out: Path, jobs: int, force: bool = True) -> list[str]:
    return [str(CAREPRINT), "batch", str(csv_path), "--library", str(REPO), "-o", str(out),
            "--jobs", str(jobs), *(["--force"] if force else [])]


def check_batch(out: Path, run: Run, rows: int) -> list[str]:
    """What is wrong with one batch run's output: N PDFs, a manifest of N built rows."""
    pdfs = {p.name for p in out.glob("*.pdf")}
    with (out / "manifest.csv").open(encoding="utf-8", newline="") as f:
        manifest = list(csv.DictReader(f))
    wrong = []
    if len(pdfs) != rows:
        wrong.append(f"{len(pdfs)} PDFs, not {rows}")
    if len(manifest) != rows:
        wrong.append(f"manifest has {len(manifest)} rows, not {rows}")
    statuses = {m["status"] for m in manifest}
    if statuses != {"built"}:
        wrong.append(f"manifest statuses {sorted(statuses)}")
    if {m["file"] for m in manifest} != pdfs:
        wrong.append("manifest files differ from the PDFs on disk")
    summary = re.search(r"careprint: (\d+) sheets? built, (\d+) skipped.*?, (\d+) failed",
                        run.stderr)
    if not summary or summary.groups() != (str(rows), "0", "0"):
        wrong.append(f"stderr summary: {summary.group(0) if summary else run.stderr[-300:]}")
    return wrong


def batch_claim(library: Library, tmp: Path, rows: int) -> tuple[list[Row], dict]:
    all_rows = patient_rows(library, rows)
    big = write_csv(tmp / f"patients-{rows}.csv", all_rows)
    small = write_csv(tmp / f"patients-{SMALL_ROWS}.csv", all_rows[:SMALL_ROWS])
    print(f"claim 1: {describe(all_rows)}", flush=True)
    runs: dict[str, list[tuple[Path, Run]]] = {}
    counter = iter(range(10**6))

    def batch(csv_path: Path, jobs: int, key: str, sample: bool = False) -> None:
        out = tmp / f"out-{next(counter):03d}"
        run = launch(batch_argv(csv_path, out, jobs), tmp / "logs" / out.name, sample)
        runs.setdefault(key, []).append((out, run))

    # warm-up: the file cache, .pyc files and both code paths, on the small list
    batch(small, 1, "warm-up")
    batch(small, 2, "warm-up")
    j1, j2 = f"{rows} rows, jobs=1", f"{rows} rows, jobs=2"
    timed = interleave({j1: lambda: batch(big, 1, j1), j2: lambda: batch(big, 2, j2)},
                       ROUNDS["batch"], warmup=0)
    print(f"claim 1: jobs=1 {[round(s, 1) for s in timed[j1]]} s, "
          f"jobs=2 {[round(s, 1) for s in timed[j2]]} s", flush=True)
    problems: list[str] = []

    def check(*keys: str) -> None:
        for key in keys:
            n = SMALL_ROWS if key in ("warm-up", m_small) else rows
            for out, run in runs[key]:
                problems.extend(f"{key} ({out.name}): {w}" for w in check_batch(out, run, n))

    m_small, m_big = f"{SMALL_ROWS} rows, jobs=2, sampled", f"{rows} rows, jobs=2, sampled"
    check("warm-up", j1, j2)  # before the rerun below rewrites one manifest
    # The serial part: a rerun without --force plans every row (load, build each document,
    # fingerprint it) and writes the manifest, but renders nothing.
    serial_out = runs[j2][-1][0]

    def rerun() -> None:
        run = launch(batch_argv(big, serial_out, 2, force=False), tmp / "logs" / "serial")
        runs.setdefault("serial", []).append((serial_out, run))

    serial = interleave({"rerun": rerun}, ROUNDS["serial"], warmup=0)["rerun"]
    for _, run in runs["serial"]:
        if not re.search(rf"0 sheets built, {rows} skipped .*, 0 failed", run.stderr):
            problems.append(f"no-change rerun: {run.stderr[-300:]}")
    memory_walls = interleave({m_small: lambda: batch(small, 2, m_small, sample=True),
                               m_big: lambda: batch(big, 2, m_big, sample=True)},
                              ROUNDS["memory"], warmup=0)
    check(m_small, m_big)

    for out in {out for items in runs.values() for out, _ in items}:
        shutil.rmtree(out, ignore_errors=True)

    a, b = median(timed[j1]), median(timed[j2])
    speedup = a / b
    rows_out = [
        Row("1", f"batch {rows} rows, jobs=1", f"{a:.1f} s ({rows / a:.1f} sheets/s)"),
        Row("1", f"batch {rows} rows, jobs=2", f"{b:.1f} s ({rows / b:.1f} sheets/s)"),
        Row("1", "speed-up jobs=1 / jobs=2", f"{a:.1f} s / {b:.1f} s", f"{speedup:.2f}x",
            f">= {SPEEDUP_TARGET:.2f}x", "ok" if speedup >= SPEEDUP_TARGET else "FAIL"),
        Row("1", "  serial part: no-change rerun", f"{median(serial):.1f} s",
            f"{median(serial) / b:.0%} of jobs=2"),
    ]
    used = {k: median([r.cpu / r.wall for _, r in runs[k]]) for k in (j1, j2)}
    others = {k: median([r.others for _, r in runs[k]]) for k in (j1, j2)}
    rows_out += [
        Row("1", "  cores used by careprint, jobs=1 / jobs=2", f"{used[j1]:.2f} / {used[j2]:.2f}"),
        Row("1", "  cores used by other processes meanwhile", f"{others[j1]:.2f} / "
            f"{others[j2]:.2f}", "", "~0", "ok" if max(others.values()) < 0.1 else "noisy"),
    ]

    def mem(key: str, what: str) -> float:
        return median([run.largest_mb if what == "largest_mb" else run.tree[what]
                       for _, run in runs[key]])

    for label, what in (("peak tree RSS, summed", "tree_rss_mb"),
                        ("peak tree PSS, summed", "tree_pss_mb"),
                        ("peak of largest process (wait4)", "largest_mb"),
                        ("peak of parent alone (VmHWM)", "parent_hwm_mb")):
        s, g = mem(m_small, what), mem(m_big, what)
        rows_out.append(Row("1", f"{label}, {SMALL_ROWS} / {rows} rows",
                            f"{s:.0f} / {g:.0f} MB", f"{g / s:.2f}x",
                            f"<= {GROWTH_TOLERANCE:.2f}x",
                            "ok" if g / s <= GROWTH_TOLERANCE else "FAIL"))
    largest = {k: median([r.largest_mb for _, r in runs[k]]) for k in (j1, j2)}
    rows_out.append(Row("1", f"  peak of largest process, jobs=1 / jobs=2, {rows} rows",
                        f"{largest[j1]:.0f} / {largest[j2]:.0f} MB"))
    procs = max(r.tree["max_processes"] for k in (m_small, m_big) for _, r in runs[k])
    rows_out.append(Row("1", "  processes in the tree, at most", str(procs)))
    checked = sum(len(v) for k, v in runs.items() if k != "serial")
    rows_out.append(Row("1", "every run: N PDFs, manifest N rows built",
                        f"{checked} runs checked", "", "all", "FAIL" if problems else "ok"))
    for problem in problems:
        print(f"claim 1: FAIL {problem}")
    sample_cost = [r.tree["cpu_ms_per_sample"] for k in (m_small, m_big) for _, r in runs[k]]
    raw = {"csv": describe(all_rows), "timed": timed, "serial": serial,
           "memory_walls": memory_walls, "problems": problems,
           "sampler_cpu_ms_per_sample": sample_cost,
           "runs": {k: [{"wall": r.wall, "largest_mb": r.largest_mb, "cpu": r.cpu,
                            "other_cores": r.others, **r.tree}
                        for _, r in v] for k, v in runs.items()}}
    return rows_out, raw


# -- claim 2 --------------------------------------------------------------------------------------

def pdf_pages(path: Path) -> int:
    return len(PdfReader(path).pages)


def pack_claim(library: Library, tmp: Path) -> tuple[list[Row], dict]:
    conditions = [item.condition.id for item in library.packs[PACK].handouts]
    pack_pdf, singles = tmp / "pack" / f"{PACK}.pdf", tmp / "singles"
    pack = [str(CAREPRINT), "pack", PACK, "--library", str(REPO), "-o", str(pack_pdf)]
    build = [str(CAREPRINT), "build", "--library", str(REPO), "--force", "--jobs", "1",
             "--out", str(singles), *conditions]
    pack_pdf.parent.mkdir(parents=True)
    samples = interleave({
        f"pack {PACK}": lambda: launch(pack, tmp / "logs" / "pack"),
        f"build --force --jobs 1, {len(conditions)} conditions": lambda: launch(build, tmp / "logs" / "single"),
    }, ROUNDS["pack"], warmup=1)
    files = {c: singles / "conditions" / f"{c}.pdf" for c in conditions}
    sizes = {c: f.stat().st_size for c, f in files.items()}
    pages = {c: pdf_pages(f) for c, f in files.items()}
    pack_bytes, pack_pages = pack_pdf.stat().st_size, pdf_pages(pack_pdf)
    total, biggest = sum(sizes.values()), max(sizes, key=sizes.get)
    a, b = (median(s) for s in samples.values())
    # Every handout the pack names is in it: one top-level bookmark per condition's title.
    bookmarked = {item.title for item in PdfReader(pack_pdf).outline if not isinstance(item, list)}
    missing = [c for c in conditions if library.conditions[c].title not in bookmarked]
    print(f"claim 2: pack holds {len(conditions) - len(missing)} of its {len(conditions)} "
          f"handouts ({len(library.conditions)} conditions shipped)", flush=True)
    kb = lambda n: f"{n / 1024:.0f} KB"  # noqa: E731
    rows = [
        Row("2", "pack / the single files, time", f"{a:.2f} s / {b:.2f} s", f"{a / b:.2f}x"),
        Row("2", "pack / sum of the single files, size", f"{kb(pack_bytes)} / {kb(total)}",
            f"{pack_bytes / total:.2f}x"),
        Row("2", "pack / largest single file, size",
            f"{kb(pack_bytes)} / {kb(sizes[biggest])}", f"{pack_bytes / sizes[biggest]:.2f}x"),
        Row("2", "  pages, pack / sum of single files", f"{pack_pages} / {sum(pages.values())}"),
        Row("2", "pack holds every handout it names", f"{len(conditions) - len(missing)} of "
            f"{len(conditions)}", "", "all", "FAIL" if missing else "ok"),
    ]
    return rows, {"samples": samples, "pack_bytes": pack_bytes, "pack_pages": pack_pages,
                  "single_bytes": sizes, "single_pages": pages, "largest": biggest}


# -- claim 3 --------------------------------------------------------------------------------------

SUMMARY = re.compile(r"careprint: built (\d+), skipped (\d+) \(up to date\), failed (\d+)")


def rebuild_claim(library: Library, tmp: Path) -> tuple[list[Row], dict]:
    out = tmp / "full"
    argv = [str(CAREPRINT), "build", "--library", str(REPO), "--out", str(out)]
    first = SUMMARY.search(launch(argv, tmp / "logs" / "full").stderr)
    expected = len(library.conditions) + len(library.packs)
    summaries: list[str] = []

    def rebuild() -> None:
        found = SUMMARY.search(launch(argv, tmp / "logs" / "noop").stderr)
        summaries.append(found.group(0) if found else "no summary")

    samples = interleave({"no-change build": rebuild,
                          "python -c pass": lambda: launch([sys.executable, "-c", "pass"],
                                                           tmp / "logs" / "pass")},
                         ROUNDS["noop"], warmup=1)
    noop, floor = samples["no-change build"], samples["python -c pass"]
    good = f"careprint: built 0, skipped {expected} (up to date), failed 0"
    print(f"claim 3: first build: {first.group(0) if first else 'no summary'}", flush=True)
    all_zero = all(s == good for s in summaries)
    rows = [
        Row("3", "no-change build, median", f"{median(noop):.3f} s",
            f"{median(noop) / median(floor):.0f}x floor", "< 1 s",
            "ok" if median(noop) < 1 else "FAIL"),
        Row("3", "no-change build, max", f"{max(noop):.3f} s", "", "< 1 s",
            "ok" if max(noop) < 1 else "FAIL"),
        Row("3", "python -c pass, median", f"{median(floor):.3f} s"),
        Row("3", "stderr summary of every rebuild", f"built 0, skipped {expected}"
            if all_zero else sorted(set(summaries))[0], "", "built 0",
            "ok" if all_zero else "FAIL"),
    ]
    return rows, {"first": first.group(0) if first else None, "samples": samples,
                  "summaries": summaries}


# -- report ---------------------------------------------------------------------------------------

def leftovers() -> list[int]:
    """Processes this benchmark started that are still alive (there should be none)."""
    return [pid for pid in tree(os.getpid()) if pid != os.getpid()
            and _kb(f"/proc/{pid}/status", ("VmRSS",))]  # skip zombies, which hold no memory


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rows", type=int, default=1000,
                        help=f"patients in the big CSV (default 1000, more than {SMALL_ROWS})")
    rows = parser.parse_args().rows
    if rows <= SMALL_ROWS:
        parser.error(f"--rows must be more than {SMALL_ROWS}, the small size it is compared with")
    started = dt.datetime.now()
    print(f"careprint batch benchmark — {cpu_note()}, Python {platform.python_version()}",
          flush=True)
    library, _ = read_library(LibraryPaths.at(REPO))
    with tempfile.TemporaryDirectory(prefix="careprint-bench-") as tmp:
        rows1, raw1 = batch_claim(library, Path(tmp), rows)
        rows2, raw2 = pack_claim(library, Path(tmp))
        rows3, raw3 = rebuild_claim(library, Path(tmp))
    left = leftovers()
    table_rows = [*rows1, *rows2, *rows3,
                  Row("", "processes left running", str(len(left)), "", "0",
                      "ok" if not left else "FAIL")]
    seconds = (dt.datetime.now() - started).total_seconds()
    print()
    print(table(table_rows))
    print(f"\n{seconds:.0f} s; ratios are ratios of medians; raw samples in "
          f"{RESULTS.relative_to(REPO)}")
    RESULTS.parent.mkdir(parents=True, exist_ok=True)
    RESULTS.write_text(json.dumps({
        "when": started.isoformat(timespec="seconds"), "machine": cpu_note(),
        "python": platform.python_version(), "seconds": round(seconds, 1), "rows": rows,
        "rounds": ROUNDS, "table": [asdict(r) for r in table_rows],
        "raw": {"batch": raw1, "pack": raw2, "rebuild": raw3, "left_running": left},
    }, indent=1, ensure_ascii=False) + "\n", encoding="utf-8")


if __name__ == "__main__":
    main()
