"""The CLI runs one-document commands without the cycle collector; called in-process, it must
leave the collector as it found it."""

from __future__ import annotations

import gc

from conftest import REPO


def test_main_leaves_the_collector_as_it_was(run_cli, tmp_path):
    assert gc.isenabled()
    result = run_cli("sheet", "sciatica", "--patient", "Ann", "--library", str(REPO),
                     "-o", str(tmp_path / "s.pdf"))
    assert result.status == 0
    assert gc.isenabled() and gc.get_freeze_count() == 0
    result = run_cli("build", "--library", str(REPO), "--out", str(tmp_path / "out"))
    assert result.status == 0
    assert gc.isenabled() and gc.get_freeze_count() == 0
    assert run_cli("check", "--nonsense").status == 2  # a usage error, too
    assert gc.isenabled()
