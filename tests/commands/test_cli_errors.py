"""cli: an unexpected internal error is one line and its own exit status; --debug shows it."""

import pytest

from careprint.commands import check as check_command


def broken(*args, **kwargs):
    raise KeyError("Ada Lovelace")  # a bug whose message holds patient data


def test_an_internal_error_is_one_line_without_patient_data(mini, run_cli, monkeypatch):
    monkeypatch.setattr(check_command, "open_library", broken)
    result = run_cli("check")
    assert result.status == 3
    assert len(result.err_lines) == 1 and "Traceback" not in result.err
    assert result.err.startswith("careprint: internal error: KeyError in ")
    assert "run again with --debug" in result.err
    assert "Lovelace" not in result.err


def test_debug_shows_the_traceback(mini, run_cli, monkeypatch):
    monkeypatch.setattr(check_command, "open_library", broken)
    with pytest.raises(KeyError):
        run_cli("--debug", "check")


def test_negative_retries_is_a_usage_error(mini, run_cli):
    result = run_cli("email", "p.csv", "--retries", "-1")
    assert result.status == 2
    assert "argument --retries: '-1' is not a whole number of 0 or more" in result.err
