"""The front desk's slip of passphrases: private from the first one on."""

import datetime as dt
from pathlib import Path

from careprint.deliver.campaign import Mailing
from careprint.deliver.passwords import Passwords


def test_the_slip_is_readable_by_its_owner_only(tmp_path):
    path = tmp_path / "passwords.csv"
    mailing = Mailing(2, "Ann", "ann@example.org", dt.date(1980, 1, 2), Path("x.pdf"), "id")
    first = Passwords(path).get_or_make("k1", mailing)
    assert path.stat().st_mode & 0o777 == 0o600
    path.chmod(0o644)  # copied about, or restored from a backup
    slip = Passwords(path)
    assert slip.get_or_make("k1", mailing) == first
    slip.get_or_make("k2", mailing)
    assert path.stat().st_mode & 0o777 == 0o600


def test_a_name_a_spreadsheet_would_run_is_written_as_text_and_read_back(tmp_path):
    import csv

    path = tmp_path / "passwords.csv"
    mailing = Mailing(2, '=HYPERLINK("http://evil.example")', "a@example.org", None,
                      Path("x.pdf"), "id")
    first = Passwords(path).get_or_make("k1", mailing)
    with path.open(encoding="utf-8", newline="") as f:
        rows = list(csv.DictReader(f))
    assert rows[0]["patient"] == "'=HYPERLINK(\"http://evil.example\")"
    again = Passwords(path)
    again.get_or_make("k2", mailing)  # rewriting the slip does not stack apostrophes
    assert again.for_key("k1") == first
    with path.open(encoding="utf-8", newline="") as f:
        assert [r["patient"] for r in csv.DictReader(f)] == [rows[0]["patient"]] * 2
