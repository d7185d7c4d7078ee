"""End to end: a clinician at a real browser makes, previews, downloads and emails a sheet
from the real server."""

from __future__ import annotations

import io
import re
from collections import Counter

import pytest
from playwright.sync_api import expect
from pypdf import PdfReader

from web.browser import CHROMIUM_ARGS, Server, chromium_or_skip

pytestmark = pytest.mark.filterwarnings("ignore::DeprecationWarning")

NAME = "Zofia Łukasiewicz"
NOTE = "Walk daily, Zofia"


@pytest.fixture(scope="module")
def smtp():
    from aiosmtpd.controller import Controller

    from test_email import Recorder, free_port

    recorder = Recorder()
    controller = Controller(recorder, hostname="127.0.0.1", port=free_port())
    controller.start()
    yield recorder, controller.port
    controller.stop()


@pytest.fixture(scope="module")
def server(tmp_path_factory, smtp):
    import shutil

    from conftest import FIXTURES

    root = tmp_path_factory.mktemp("web") / "lib"
    shutil.copytree(FIXTURES / "mini", root)
    clinic = root / "handouts/clinic.yaml"
    clinic.write_text(clinic.read_text() + "email: desk@test-clinic.example\n")
    env = {"CAREPRINT_SMTP_HOST": "127.0.0.1", "CAREPRINT_SMTP_PORT": str(smtp[1]),
           "CAREPRINT_SMTP_SECURITY": "none", "CAREPRINT_SERVE_TOKEN": "",
           "CAREPRINT_CACHE_DIR": str(root.parent / "cache")}
    running = Server(root, root.parent / "server.log", env)
    yield running
    running.stop()
    log = running.log_path.read_text()
    assert "POST /preview" in log  # the log was written, and holds no patient data
    for secret in (NAME, "Zofia", NOTE, "zofia@example.org"):
        assert secret not in log


@pytest.fixture(scope="module")
def browser():
    from playwright.sync_api import sync_playwright

    path = chromium_or_skip()
    with sync_playwright() as playwright:
        launched = playwright.chromium.launch(executable_path=path, args=CHROMIUM_ARGS)
        yield launched
        launched.close()


@pytest.fixture
def page(browser, server):
    context = browser.new_context(accept_downloads=True, viewport={"width": 1300, "height": 900})
    opened = context.new_page()
    opened.set_default_timeout(20_000)
    opened.goto(server.url)
    opened.wait_for_selector("#preview-pages img.page")  # the first preview
    yield opened
    context.close()


def preview_after(page, action) -> None:
    """Do `action`, then wait for the preview it starts to come back and be shown."""
    with page.expect_response(lambda r: r.url.endswith("/preview") and r.status == 200):
        action()
    settled(page)


def settled(page) -> None:
    """Wait until htmx has swapped in and wired up what came back: until then a new button
    is inert, and a key pressed on it is lost (htmx wires new content ~20 ms after the swap)."""
    expect(page.locator(".htmx-added, .htmx-settling, .htmx-swapping, .htmx-request")
           ).to_have_count(0)


def test_a_clinician_changes_a_dosage_and_downloads_the_sheet(page):
    page.get_by_label("Patient's name").fill(NAME)
    page.get_by_label("Note for the patient").fill(NOTE)
    preview_after(page, lambda: page.locator("#pelvic-tilt\\.reps").fill("14"))
    expect(page.locator("#preview-pages img.page")).to_have_count(1)
    page.get_by_role("button", name="Move Knee to chest up").click()
    expect(page.locator("input[name=ex]").first).to_have_value("knee-to-chest")
    with page.expect_download() as downloaded:
        page.get_by_role("button", name="Download PDF").click()
    download = downloaded.value
    assert download.suggested_filename.startswith("sciatica-")
    assert "Zofia" not in download.suggested_filename
    text = " ".join(" ".join((p.extract_text() or "").split())
                    for p in PdfReader(io.BytesIO(open(download.path(), "rb").read())).pages)
    assert NAME in text and NOTE in text and "2 sets of 14" in text
    assert text.index("Knee to chest") < text.index("Pelvic tilt")


def test_a_wrong_value_gets_a_message_beside_its_box(page):
    preview_after(page, lambda: page.locator("#pelvic-tilt\\.reps").fill("lots"))
    message = page.locator("#err-pelvic-tilt-reps")
    message.wait_for(state="visible")
    assert message.inner_text().startswith("must be a whole number, not 'lots'")
    assert page.locator("#pelvic-tilt\\.reps").get_attribute("aria-invalid") == "true"
    assert page.locator("#preview-pages img.page").count() == 0
    preview_after(page, lambda: page.locator("#pelvic-tilt\\.reps").fill("12"))
    assert page.locator("#err-pelvic-tilt-reps").inner_text() == ""


def test_the_sheet_is_emailed_after_the_address_is_confirmed(page, smtp):
    recorder, _ = smtp
    page.get_by_label("Patient's name").fill(NAME)
    page.get_by_label("Patient's email address").fill("zofia@example.org")
    page.get_by_role("button", name="Email…").click()
    assert page.locator("#confirm-address").inner_text() == "zofia@example.org"
    assert recorder.to() == []  # nothing is sent before the clinician confirms
    page.get_by_role("button", name="Send to zofia@example.org").click()
    assert "Emailed to zofia@example.org via 127.0.0.1" in page.locator("#sent-to").inner_text()
    assert re.fullmatch(r"[a-z0-9]{4}-[a-z0-9]{4}-[a-z0-9]{4}",
                        page.locator("#passphrase").inner_text())
    assert recorder.to() == ["zofia@example.org"]


def test_the_page_works_from_the_keyboard(page):
    page.locator("#patient").focus()
    page.keyboard.type(NAME)
    page.keyboard.press("Tab")  # to the date
    expect(page.locator("#date")).to_be_focused()
    page.locator("#up-knee-to-chest").focus()
    page.keyboard.press("Enter")
    expect(page.locator("input[name=ex]").first).to_have_value("knee-to-chest")
    expect(page.locator("#up-knee-to-chest")).to_be_focused()  # still on the moved exercise
    settled(page)
    page.locator("#remove-knee-to-chest").focus()
    page.keyboard.press("Enter")
    expect(page.locator("input[name=ex]")).to_have_count(1)


def test_the_page_reflows_at_200_percent_zoom(browser, server):
    """A 1280-pixel-wide window at 200 % zoom is 640 CSS pixels: nothing scrolls sideways."""
    context = browser.new_context(viewport={"width": 640, "height": 800})
    zoomed = context.new_page()
    zoomed.goto(server.url)
    zoomed.wait_for_selector("#preview-pages img.page")
    assert zoomed.evaluate("document.documentElement.scrollWidth") <= 640
    context.close()


def test_a_condition_handout_downloads_in_large_print(page):
    def body_text_size(print_size: str) -> float:
        """The size most of the first page's words are set in."""
        page.get_by_label("Print size", exact=True).last.select_option(print_size)
        with page.expect_download() as downloaded:
            page.get_by_role("button", name="Download the Sciatica handout").click()
        download = downloaded.value
        assert download.suggested_filename == "sciatica.pdf"
        sizes: Counter = Counter()

        def count(text, cm, tm, font, size):
            sizes[round(size * tm[0], 1)] += len(text.split())

        first = PdfReader(download.path()).pages[0]
        assert "Sciatica" in first.extract_text(visitor_text=count)
        return sizes.most_common(1)[0][0]

    assert (body_text_size("standard"), body_text_size("large")) == (12, 17)


def test_print_opens_the_pdf_in_a_new_tab_for_the_print_dialog(page):
    page.get_by_label("Patient's name").fill(NAME)
    with page.context.expect_event("response", lambda r: r.url.endswith("/sheet.pdf")) as sent, \
            page.expect_popup() as tab:
        page.get_by_role("button", name="Print…").click()
    response = sent.value
    assert response.status == 200 and response.header_value("content-type") == "application/pdf"
    assert response.header_value("content-disposition").startswith("inline;")
    assert tab.value is not page and page.get_by_label("Patient's name").input_value() == NAME


def test_back_from_the_confirmation_keeps_what_was_typed(page, smtp):
    recorder, _ = smtp
    sent_before = len(recorder.messages)
    page.get_by_label("Patient's name").fill(NAME)
    page.locator("#pelvic-tilt\\.reps").fill("13")
    page.get_by_label("Patient's email address").fill("zofia@example.org")
    page.get_by_role("button", name="Email…").click()
    page.get_by_role("button", name="Back to the sheet").click()
    expect(page.get_by_label("Patient's name")).to_have_value(NAME)
    expect(page.locator("#pelvic-tilt\\.reps")).to_have_value("13")
    assert len(recorder.messages) == sent_before
