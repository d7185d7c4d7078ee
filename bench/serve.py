"""How fast the web page's live preview answers: a real HTTP client against `careprint serve`
on loopback, over the shipped library.

    .venv/bin/python bench/serve.py [--requests 60] [--clinicians 4]

1. One clinician, the server warm: the preview of a 2-page sheet (sciatica's set, with a
   name, a note and a changed dosage), one request at a time: median and 95th percentile.
2. Several clinicians at once (threads, each with its own connection): every request's time,
   the errors (any answer but 200 with page images), and the total time. The count of
   requests is bounded, and the run stops after --limit seconds whatever is left.

Prints a table; writes the raw samples to bench/results/serve.json (git-ignored).
"""

from __future__ import annotations

import argparse
import http.client
import json
import os
import platform
import re
import statistics
import subprocess
import sys
import threading
import time
import urllib.parse
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO / "bench"))
from timing import cpu_note  # noqa: E402


BENCH_PASSWORD = "bench-password-not-a-secret"


def start_server(workers: int) -> tuple[subprocess.Popen, str, int]:
    """`careprint serve` (workers 0), or gunicorn with that many workers and the password."""
    if not workers:
        process = subprocess.Popen(
            [sys.executable, "-m", "careprint", "serve", "--port", "0", "--library",
             str(REPO)], stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True,
            env={**os.environ, "CAREPRINT_SERVE_TOKEN": ""})
        found = re.search(r"http://([\d.]+):(\d+)/", process.stdout.readline())
    else:
        import socket

        with socket.socket() as probe:
            probe.bind(("127.0.0.1", 0))
            port = probe.getsockname()[1]
        process = subprocess.Popen(
            [sys.executable, "-m", "gunicorn", "--workers", str(workers), "--bind",
             f"127.0.0.1:{port}", "careprint.web.wsgi:app"], stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
            env={**os.environ, "CAREPRINT_SERVE_TOKEN": BENCH_PASSWORD,
                 "CAREPRINT_LIBRARY": str(REPO)})
        found = None
        for _ in range(100):
            time.sleep(0.1)
            try:
                socket.create_connection(("127.0.0.1", port), timeout=1).close()
                found = re.search(r"([\d.]+):(\d+)", f"127.0.0.1:{port}")
                break
            except OSError:
                continue
    if not found:
        process.kill()
        raise SystemExit("bench: careprint serve did not start")
    return process, found.group(1), int(found.group(2))


HEADERS = {"Content-Type": "application/x-www-form-urlencoded", "HX-Request": "true"}


def sheet_form(host: str, port: int) -> bytes:
    """The form the page shows for sciatica, as a clinician would fill it in."""
    connection = http.client.HTTPConnection(host, port, timeout=30)
    connection.request("GET", "/?condition=sciatica", headers=HEADERS)
    page = connection.getresponse().read().decode()
    fields: list[tuple[str, str]] = []
    for tag in re.findall(r"<input [^>]*>", page):
        name = re.search(r'name="([^"]+)"', tag)
        value = re.search(r'value="([^"]*)"', tag)
        unticked = 'type="radio"' in tag or 'type="checkbox"' in tag
        if name and not unticked and name.group(1) != "q":
            fields.append((name.group(1), value.group(1) if value else ""))
    chosen = dict(fields)
    first = next(v for k, v in fields if k == "ex")
    fields = [(k, v) for k, v in fields if k not in ("patient", "note", f"{first}.sets")]
    fields += [("patient", "Łukasz Żółć"), ("note", "Start gently & stop if pain > 5/10"),
               (f"{first}.sets", "3"), ("print_size", "standard"), ("condition", "sciatica"),
               ("set", re.search(r'id="set".*?<option value="([^"]+)" selected>', page,
                                 re.S).group(1)),
               ("size", "letter"), ("clinician", "")]
    assert chosen.get("csrf"), "no form token on the page"
    return urllib.parse.urlencode(fields).encode()


def preview(connection: http.client.HTTPConnection, body: bytes) -> tuple[float, int]:
    """Seconds for one preview, and how many page images came back (0: an error)."""
    started = time.perf_counter()
    connection.request("POST", "/preview", body, HEADERS)
    response = connection.getresponse()
    text = response.read().decode()
    seconds = time.perf_counter() - started
    pages = text.count('<img class="page"') if response.status == 200 else 0
    return seconds, pages


def percentile(values: list[float], share: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(share * (len(ordered) - 1)))]


def one_clinician(host: str, port: int, body: bytes, requests: int) -> dict:
    connection = http.client.HTTPConnection(host, port, timeout=30)
    for _ in range(5):  # warm: fonts, templates and the library read once
        if preview(connection, body)[1] == 0:
            raise SystemExit("bench: the preview came back without pages: is the form the "
                             "page shows still what sheet_form() fills in?")
    samples, pages = [], set()
    for _ in range(requests):
        seconds, count = preview(connection, body)
        samples.append(seconds)
        pages.add(count)
    return {"samples": samples, "pages": sorted(pages)}


def many_clinicians(host: str, port: int, body: bytes, clinicians: int, each: int,
                    limit: float) -> dict:
    samples: list[float] = []
    errors = [0]
    lock = threading.Lock()
    deadline = time.perf_counter() + limit

    def clinician() -> None:
        connection = http.client.HTTPConnection(host, port, timeout=limit)
        for _ in range(each):
            if time.perf_counter() > deadline:
                return
            try:
                seconds, count = preview(connection, body)
            except OSError:
                seconds, count = 0.0, 0
            with lock:
                samples.append(seconds)
                errors[0] += count == 0

    started = time.perf_counter()
    threads = [threading.Thread(target=clinician) for _ in range(clinicians)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return {"samples": samples, "errors": errors[0], "seconds": time.perf_counter() - started,
            "asked": clinicians * each}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--requests", type=int, default=60, help="previews by one clinician")
    parser.add_argument("--clinicians", type=int, default=4)
    parser.add_argument("--each", type=int, default=15, help="previews by each clinician")
    parser.add_argument("--limit", type=float, default=120.0, help="seconds, at most")
    parser.add_argument("--workers", type=int, default=0,
                        help="run under gunicorn with N workers (default: careprint serve)")
    args = parser.parse_args()
    if args.workers:
        import base64

        HEADERS["Authorization"] = "Basic " + base64.b64encode(
            f"bench:{BENCH_PASSWORD}".encode()).decode()
    process, host, port = start_server(args.workers)
    try:
        body = sheet_form(host, port)
        alone = one_clinician(host, port, body, args.requests)
        together = many_clinicians(host, port, body, args.clinicians, args.each, args.limit)
    finally:
        process.terminate()
        process.wait(timeout=10)
    ms = [s * 1000 for s in alone["samples"]]
    busy = [s * 1000 for s in together["samples"]]
    server = f"gunicorn, {args.workers} workers" if args.workers else "careprint serve"
    print(f"machine: {cpu_note()}, Python {platform.python_version()}; server: {server}")
    print(f"preview of a {'/'.join(map(str, alone['pages']))}-page sheet, 1 clinician, warm, "
          f"{len(ms)} requests: median {statistics.median(ms):.0f} ms, "
          f"p95 {percentile(ms, 0.95):.0f} ms, max {max(ms):.0f} ms")
    print(f"{args.clinicians} clinicians at once, {len(busy)} of {together['asked']} requests "
          f"in {together['seconds']:.1f} s: median {statistics.median(busy):.0f} ms, "
          f"p95 {percentile(busy, 0.95):.0f} ms, max {max(busy):.0f} ms, "
          f"errors {together['errors']}")
    results = REPO / "bench/results"
    results.mkdir(exist_ok=True)
    (results / "serve.json").write_text(json.dumps({"alone": alone, "together": together},
                                                   indent=1))


if __name__ == "__main__":
    main()
