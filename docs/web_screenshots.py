"""The README's pictures of the web page: the shipped library in Debian's Chromium.

    .venv/bin/python docs/web_screenshots.py

Writes docs/web-form.png (the form beside its live preview), docs/web-error.png (a wrong
dosage with its message) and docs/web-confirm.png (the email confirmation).
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

from playwright.sync_api import expect, sync_playwright

REPO = Path(__file__).resolve().parent.parent
ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking",
        "--disable-component-update", "--disable-sync", "--no-first-run"]


def main() -> None:
    server = subprocess.Popen(
        [sys.executable, "-m", "careprint", "serve", "--port", "0", "--library", str(REPO)],
        stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True,
        env={**os.environ, "CAREPRINT_SERVE_TOKEN": "", "SOURCE_DATE_EPOCH": "1764633600"})
    url = re.search(r"(http://\S+/)", server.stdout.readline()).group(1)
    try:
        with sync_playwright() as playwright:
            browser = playwright.chromium.launch(executable_path=shutil.which("chromium"),
                                                 args=ARGS)
            page = browser.new_page(viewport={"width": 1400, "height": 1050})
            page.goto(url + "?condition=sciatica")
            page.wait_for_selector("#preview-pages img.page")
            page.get_by_label("Patient's name").fill("Łukasz Żółć")
            page.get_by_label("Clinician").select_option(index=1)
            page.get_by_label("Next appointment").fill("Tue 9 Dec, 10:30")
            page.get_by_label("Note for the patient").fill("Start gently & stop if pain > 5/10")
            first = page.locator("input[name=ex]").first.get_attribute("value")
            with page.expect_response(lambda r: r.url.endswith("/preview")):
                page.locator(f"#{first}\\.sets").fill("3")
            page.wait_for_timeout(1500)
            page.screenshot(path=str(REPO / "docs/web-form.png"))
            with page.expect_response(lambda r: r.url.endswith("/preview")):
                page.locator(f"#{first}\\.reps").fill("lots")
            expect(page.locator(f"#err-{first}-reps")).not_to_be_empty()
            page.locator(f"#row-{first}").scroll_into_view_if_needed()
            page.locator(f"#row-{first}").screenshot(path=str(REPO / "docs/web-error.png"))
            page.locator(f"#{first}\\.reps").fill("10")
            page.get_by_label("Patient's email address").fill("lukasz@example.org")
            page.get_by_role("button", name="Email…").click()
            page.set_viewport_size({"width": 900, "height": 420})
            page.screenshot(path=str(REPO / "docs/web-confirm.png"))
            browser.close()
    finally:
        server.terminate()
        server.wait(timeout=10)


if __name__ == "__main__":
    main()
