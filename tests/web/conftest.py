"""The web page's fixtures: the app over a copy of the small library, and a posted form."""

from __future__ import annotations

import re

import pytest

from careprint.web import create_app
from careprint.web.security import Guard


@pytest.fixture(autouse=True)
def no_smtp_from_the_machine(monkeypatch):
    for name in ("HOST", "PORT", "SECURITY", "USER", "PASSWORD", "CA_FILE"):
        monkeypatch.delenv(f"CAREPRINT_SMTP_{name}", raising=False)
    monkeypatch.delenv("CAREPRINT_SERVE_TOKEN", raising=False)
    monkeypatch.delenv("CAREPRINT_SERVE_SECRET", raising=False)


@pytest.fixture
def app(mini):
    clinic = mini / "handouts/clinic.yaml"
    clinic.write_text(clinic.read_text() + "email: desk@test-clinic.example\n"
                      "clinicians:\n  - name: Dana Whitfield\n    role: Physical Therapist\n")
    return create_app(mini, Guard.from_env({}))


@pytest.fixture
def client(app):
    return app.test_client()


@pytest.fixture
def csrf(client) -> str:
    page = client.get("/").get_data(as_text=True)
    return re.search(r'name="csrf" value="([^"]+)"', page).group(1)


@pytest.fixture
def sheet_form(csrf):
    """What a clinician posts for the mini library's set, as the page first shows it."""

    def form(**changes):
        data = {"csrf": csrf, "condition": "sciatica", "set": "sciatica-relief",
                "ex": ["pelvic-tilt", "knee-to-chest"], "patient": "Ann Example",
                "date": "2026-03-02", "clinician": "", "note": "Go gently, Ann",
                "next_appointment": "", "print_size": "standard", "size": "a4",
                "pelvic-tilt.reps": "10", "knee-to-chest.hold": "30"}
        data.update(changes)
        return data

    return form
