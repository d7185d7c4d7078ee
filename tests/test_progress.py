"""progress: a bar on a terminal, nothing in a log file."""

import io

from careprint.progress import Progress


class Terminal(io.StringIO):
    def isatty(self) -> bool:
        return True


def test_a_terminal_sees_the_bar_fill_and_then_a_clean_line():
    screen = Terminal()
    progress = Progress(4, screen, "building")
    for name in ("a", "b", "c", "d"):
        progress.step(name)
    frames = screen.getvalue().split("\r")[1:]
    assert frames[0].startswith("building [██████··················] 1/4 a")
    assert frames[3].startswith("building [████████████████████████] 4/4 d")
    progress.close()
    assert screen.getvalue().endswith("\r" + " " * 100 + "\r")


def test_a_pipe_or_file_gets_no_bar():
    log = io.StringIO()
    progress = Progress(3, log)
    progress.step("a")
    progress.close()
    assert log.getvalue() == ""
