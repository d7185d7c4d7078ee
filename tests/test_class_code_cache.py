"""Dataclass methods compiled once per machine: the classes must behave exactly as without the
cache, the cache must be used on the next start, and a damaged cache must never be run."""

from __future__ import annotations

import builtins
import dataclasses
import marshal
import subprocess
import sys
from pathlib import Path

import pytest

from careprint.class_code_cache import compiled_dataclasses


@pytest.fixture
def cache(tmp_path, monkeypatch) -> Path:
    monkeypatch.setenv("CAREPRINT_CACHE_DIR", str(tmp_path / "cache"))
    return tmp_path / "cache" / "class-code"


def make_class():
    @dataclasses.dataclass(frozen=True, slots=True, kw_only=True)
    class Dose:
        sets: int
        reps: int = 10
        side: str = "each side"

    return Dose


def behaviour(cls) -> tuple:
    dose = cls(sets=2)
    with pytest.raises(dataclasses.FrozenInstanceError):
        dose.sets = 3
    with pytest.raises(TypeError):
        cls(2)  # keyword-only, as declared
    return (repr(dose), dose == cls(sets=2), dose != cls(sets=3), hash(dose) == hash(cls(sets=2)),
            dataclasses.replace(dose, reps=5).reps, [f.name for f in dataclasses.fields(cls)])


def test_classes_are_the_same_with_the_cache(cache):
    plain = behaviour(make_class())
    with compiled_dataclasses():
        first = behaviour(make_class())
    assert len(list(cache.iterdir())) == 1
    with compiled_dataclasses():
        stored = behaviour(make_class())
    assert plain == first == stored
    assert "exec" not in vars(dataclasses)  # the builtin is back after the block


def test_the_next_start_compiles_nothing(cache, monkeypatch):
    with compiled_dataclasses():
        make_class()
    compiled = []
    real_compile = builtins.compile
    monkeypatch.setattr(builtins, "compile", lambda *a, **k: compiled.append(a) or real_compile(*a, **k))
    with compiled_dataclasses():
        behaviour(make_class())
    assert compiled == []


def test_a_damaged_cache_is_compiled_afresh_not_run(cache):
    with compiled_dataclasses():
        make_class()
    (entry,) = cache.iterdir()
    blob = entry.read_bytes()
    # Entries that still unmarshal but hold other code, under the old checksum: a damaged
    # or altered file must be detected, not run.
    other = marshal.dumps(compile("raise RuntimeError('not the stored code')", "<x>", "exec"))
    altered = marshal.dumps({key: other for key in marshal.loads(blob[32:])})
    entry.write_bytes(blob[:32] + altered)
    with compiled_dataclasses():
        assert behaviour(make_class()) == behaviour(make_class())
    assert entry.read_bytes()[32:] != altered  # rewritten whole


def test_a_cold_sheet_fills_the_cache_and_the_next_reads_it(tmp_path):
    env = {"CAREPRINT_CACHE_DIR": str(tmp_path / "cache"), "PATH": "/usr/bin:/bin"}
    argv = [sys.executable, "-m", "careprint", "list"]
    repo = Path(__file__).resolve().parent.parent
    subprocess.run(argv, cwd=repo, env=env, check=True, capture_output=True)
    (entry,) = (tmp_path / "cache" / "class-code").iterdir()
    before = entry.stat().st_mtime_ns
    subprocess.run(argv, cwd=repo, env=env, check=True, capture_output=True)
    assert entry.stat().st_mtime_ns == before  # nothing new to compile: not written again
