"""PDF passwords: the clinic's rule, and the front desk's slip of random passphrases."""

from __future__ import annotations

import csv
from pathlib import Path
from typing import TYPE_CHECKING

from careprint.build.spreadsheet import write_csv
from careprint.deliver.compose import MailError, passphrase
from careprint.problems import CareprintError

if TYPE_CHECKING:
    from careprint.deliver.campaign import Mailing


def password_for(mailing: Mailing, key: str, rule: str, passwords: Passwords) -> str | None:
    if rule == "none":
        return None
    if rule == "dob":
        if mailing.dob is None:
            raise MailError("column 'dob' is empty, and the password rule is 'dob' — add the "
                            "date of birth, or use --password passphrase")
        return f"{mailing.dob:%d%m%Y}"
    return passwords.get_or_make(key, mailing)


class Passwords:
    """The front desk's slip (passwords.csv, 0600). A new passphrase is saved before its email
    is sent, so a crash can never leave a patient with a PDF nobody can open."""

    COLUMNS = ["row", "patient", "email", "password", "key"]

    def __init__(self, path: Path) -> None:
        self.path = path
        self.rows: list[dict[str, str]] = []
        if path.is_file():
            try:
                with path.open(encoding="utf-8-sig", newline="") as f:
                    self.rows = list(csv.DictReader(f))
            except (UnicodeDecodeError, csv.Error) as err:
                msg = (f"{path} cannot be read ({err}); it holds the passwords already "
                       "sent: save it again as CSV UTF-8, or restore it from a backup")
                raise CareprintError(msg) from err

    def get_or_make(self, key: str, mailing: Mailing) -> str:
        for row in self.rows:
            if row.get("key") == key:
                return row["password"]
        password = passphrase()
        self.rows.append({"row": str(mailing.row), "patient": mailing.patient,
                          "email": mailing.address or "", "password": password, "key": key})
        # The front desk opens this in a spreadsheet: names that look like formulas stay text.
        write_csv(self.path, self.COLUMNS,
                  [[row.get(column, "") for column in self.COLUMNS] for row in self.rows])
        return password

    def for_key(self, key: str) -> str | None:
        return next((r["password"] for r in self.rows if r.get("key") == key), None)
