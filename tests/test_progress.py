"""cli progress: a bar on a terminal, nothing in a log file."""

import io

from careprint.cli import _Bar


class Terminal(io.StringIO):
    def isatty(self) -> bool:
        return True


def test_a_terminal_sees_the_bar_fill_and_then_a_clean_line():
    screen = Terminal()
    progress = _Bar(screen, "building")
    for done, name in enumerate(("a", "b", "c", "d"), start=1):
        progress(done, 4, name)
    frames = screen.getvalue().split("\r")[1:]
    assert frames[0].startswith("building [██████··················] 1/4 a")
    assert frames[3].startswith("building [████████████████████████] 4/4 d")
    progress.close()
    assert screen.getvalue().endswith("\r" + " " * 100 + "\r")


def test_a_pipe_or_file_gets_no_bar():
    log = io.StringIO()
    progress = _Bar(log, "building")
    progress(1, 3, "a")
    progress.close()
    assert log.getvalue() == ""
