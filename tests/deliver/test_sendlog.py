"""The send log: what was accepted, what may have been, and lines it cannot read."""

import os

import pytest

from careprint.deliver.sendlog import SendLog
from careprint.problems import CareprintError

A, B, C = "a" * 32, "b" * 32, "c" * 32


def test_a_message_is_sent_in_flight_or_neither(tmp_path):
    path = tmp_path / "out/send-log.jsonl"
    with SendLog.for_sending(path) as log:
        log.record(A, 2, "smtp", "sending")
        log.record(A, 2, "smtp", "sent")
        log.record(B, 3, "smtp", "sending")  # then the run was interrupted
        log.record(C, 4, "smtp", "sending")
        log.record(C, 4, "smtp", "failed")  # refused by the server: not sent
    log = SendLog(path)
    assert log.sent_via("smtp") == {A} and log.uncertain_via("smtp") == {B}
    assert log.sent_via("outbox") == set() and log.uncertain_via("outbox") == set()
    assert log.problems == []
    assert path.stat().st_mode & 0o777 == 0o600


def test_a_log_from_before_in_flight_records_still_counts(tmp_path):
    path = tmp_path / "send-log.jsonl"
    path.write_text(f'{{"key": "{A}", "row": 2, "status": "sent", "at": "x"}}\n')
    assert SendLog(path).sent_via("smtp") == {A}  # no "via": the old default


def test_a_second_sender_on_the_same_log_is_refused(tmp_path):
    path = tmp_path / "send-log.jsonl"
    with SendLog.for_sending(path):
        with pytest.raises(CareprintError) as refused:
            with SendLog.for_sending(path):
                pass
    assert str(refused.value) == ("another careprint email run is sending from this library; "
                                  "wait for it to finish")
    with SendLog.for_sending(path):  # released when the first run ends
        pass


def test_a_log_that_cannot_be_written_is_refused_before_sending(tmp_path):
    path = tmp_path / "send-log.jsonl"
    path.mkdir()
    with pytest.raises(CareprintError, match=r"cannot write the send log .*Is a directory"):
        with SendLog.for_sending(path):
            pass


def test_unreadable_lines_are_kept_and_their_keys_are_not_resent(tmp_path):
    path = tmp_path / "send-log.jsonl"
    lines = [f'{{"key": "{A}", "row": 2, "status": "sent", "via": "smtp"', "",
             b"\xff\xfe not text".decode("latin-1"), f'{{"key": "{B}", "status": "odd"}}',
             '"just a string"', f'{{"key": "{C}", "row": 4, "status": "se']
    path.write_bytes("\n".join(lines).encode("latin-1"))
    before = path.read_bytes()
    log = SendLog(path)
    assert log.sent_via("smtp") == set()
    assert log.uncertain_via("smtp") == {A, B, C} == log.uncertain_via("outbox")
    assert [(p.severity, p.at.line) for p in log.problems] == [
        ("warning", 1), ("warning", 3), ("warning", 4), ("warning", 5), ("warning", 6)]
    assert "cut short" in log.problems[-1].message
    with SendLog.for_sending(path) as log:
        log.record(A, 2, "smtp", "sending")
    after = path.read_bytes()
    assert after.startswith(before + b"\n") and after.count(b"\n") == 7


def test_a_record_that_cannot_be_written_says_so(tmp_path):
    path = tmp_path / "send-log.jsonl"
    with SendLog.for_sending(path) as log:
        os.close(log._fd)  # as if the disk had gone away
        with pytest.raises(CareprintError, match="cannot write the send log"):
            log.record(A, 2, "smtp", "sending")
        log._fd = os.open(os.devnull, os.O_WRONLY)
