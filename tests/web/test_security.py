"""web.security: who may open the page, forged forms, and the bind address."""

import pytest

from careprint.problems import CareprintError
from careprint.web.security import Guard, check_bind


def test_workers_sharing_the_password_accept_each_others_forms():
    first = Guard.from_env({"CAREPRINT_SERVE_TOKEN": "a long shared password"})
    second = Guard.from_env({"CAREPRINT_SERVE_TOKEN": "a long shared password"})
    other = Guard.from_env({"CAREPRINT_SERVE_TOKEN": "another password"})
    token = first.form_token()
    assert second.form_token_ok(token) and not other.form_token_ok(token)
    assert not first.form_token_ok(first.form_token(now=0))  # issued in 1970: expired


def test_a_changed_or_malformed_form_token_is_refused():
    guard = Guard.from_env({})
    issued, nonce, signature = guard.form_token().split(".")
    later = str(int(issued) + 60)
    for token in (None, "", "x", f"{later}.{nonce}.{signature}", f"{issued}.{nonce}.0" * 2,
                  f"{issued}.other.{signature}"):
        assert not guard.form_token_ok(token)
    assert guard.form_token_ok(f"{issued}.{nonce}.{signature}")


def test_without_a_password_only_this_computers_names_are_answered():
    guard = Guard.from_env({})
    for host in ("127.0.0.1:8000", "localhost", "LOCALHOST:80", "[::1]:8000"):
        assert guard.host_ok(host), host
    for host in ("evil.example", "127.0.0.1.evil.example:8000", "192.168.1.5:8000"):
        assert not guard.host_ok(host), host
    assert Guard.from_env({"CAREPRINT_SERVE_TOKEN": "pw"}).host_ok("careprint.clinic.example")


def test_the_password_is_compared_whole():
    guard = Guard.from_env({"CAREPRINT_SERVE_TOKEN": "correct horse"})
    assert guard.password_ok("correct horse")
    assert not any(guard.password_ok(given) for given in (None, "", "correct", "correct horse "))


def test_another_address_needs_the_password():
    check_bind("127.0.0.1", Guard.from_env({}))
    check_bind("0.0.0.0", Guard.from_env({"CAREPRINT_SERVE_TOKEN": "pw"}))
    with pytest.raises(CareprintError, match="set CAREPRINT_SERVE_TOKEN"):
        check_bind("0.0.0.0", Guard.from_env({}))
