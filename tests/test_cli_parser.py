"""The command line: every command is offered, and the one being run has all its options,
though only that one's options are built."""

from __future__ import annotations

from careprint.cli import _COMMANDS


def test_help_lists_every_command(run_cli):
    result = run_cli("--help")
    assert result.status == 0
    for name, (summary, *_) in _COMMANDS.items():
        assert name in result.out and summary in result.out


def test_each_command_has_its_own_and_shared_options(run_cli):
    assert {"--patient", "--dose", "--library", "--print"} <= set(
        run_cli("sheet", "--help").out.split())
    assert {"--strict", "--library"} <= set(run_cli("check", "--help").out.split())
    assert "--print" not in run_cli("check", "--help").out
    assert {"--dry-run", "--outbox", "--jobs"} <= set(run_cli("email", "--help").out.split())


def test_global_option_before_the_command(mini, run_cli):
    result = run_cli("--debug", "check", "--strict")
    assert result.status == 0, result.err
    assert result.out.startswith("no problems: ")


def test_an_option_of_another_command_is_refused(mini, run_cli):
    result = run_cli("check", "--patient", "Ann")
    assert result.status == 2
    assert "unrecognized arguments: --patient Ann" in result.err
