"""Compiled templates kept between runs: used when the template is unchanged, never when it
changed, and they print what a fresh compile prints."""

from __future__ import annotations

from pathlib import Path

import pytest

from careprint.render.templates import environment, render_markup


@pytest.fixture
def cache(tmp_path, monkeypatch) -> Path:
    monkeypatch.setenv("CAREPRINT_CACHE_DIR", str(tmp_path / "cache"))
    return tmp_path / "cache"


def entries(cache: Path) -> list[Path]:
    return sorted(cache.glob("templates-*/*"))


def test_a_second_run_loads_the_compiled_template(tmp_path, cache):
    (tmp_path / "t").mkdir()
    (tmp_path / "t" / "hello.xml.j2").write_text("<p>Hello {{ name }}</p>", encoding="utf-8")
    first = render_markup(environment(tmp_path / "t"), "hello.xml.j2", name="Ann & Bo")
    assert len(entries(cache)) == 1
    stored = entries(cache)[0].read_bytes()
    second = render_markup(environment(tmp_path / "t"), "hello.xml.j2", name="Ann & Bo")
    assert first == second == "<p>Hello Ann &amp; Bo</p>"
    assert entries(cache)[0].read_bytes() == stored  # loaded, not compiled and written again


def test_an_edited_template_is_compiled_again(tmp_path, cache):
    (tmp_path / "t").mkdir()
    template = tmp_path / "t" / "hello.xml.j2"
    template.write_text("<p>Hello {{ name }}</p>", encoding="utf-8")
    render_markup(environment(tmp_path / "t"), "hello.xml.j2", name="Ann")
    template.write_text("<p>Goodbye {{ name }}</p>", encoding="utf-8")
    assert render_markup(environment(tmp_path / "t"), "hello.xml.j2", name="Ann") == \
        "<p>Goodbye Ann</p>"


def test_loop_limits_hold_for_a_cached_template(tmp_path, cache):
    """The limits are compiled into the template: a cached copy must keep them."""
    (tmp_path / "t").mkdir()
    (tmp_path / "t" / "loop.xml.j2").write_text(
        "{% for a in range(2000) %}{% for b in range(2000) %}{% endfor %}{% endfor %}",
        encoding="utf-8")
    for _ in range(2):  # compiled, then cached
        with pytest.raises(Exception, match="loop|steps|too many"):
            render_markup(environment(tmp_path / "t"), "loop.xml.j2")
