"""Templates are a clinic's code: a runaway or oversized one fails fast, in one line naming it."""

import time

from careprint.render import templates
from conftest import write


def _build(mini, run_cli, template: str):
    write(mini, "templates/condition.xml.j2", template)
    started = time.perf_counter()
    result = run_cli("build")
    return result, time.perf_counter() - started


def test_nested_loops_over_huge_ranges_stop_within_seconds(mini, run_cli):
    result, seconds = _build(mini, run_cli, (
        "<document>\n{% for a in range(100000) %}{% for b in range(100000) %}<p>x</p>"
        "{% endfor %}{% endfor %}\n</document>\n"))
    assert seconds < 5
    assert result.status == 1 and "Traceback" not in result.err
    assert result.err_lines[0] == (
        "templates/condition.xml.j2:2: error: template: its loops ran more than 1,000,000 "
        "times (rendering conditions/sciatica) — a template loops over the document's "
        "items; look for a loop inside a loop, or a large range()")
    assert not (mini / "out/conditions/sciatica.pdf").exists()


def test_a_render_that_runs_too_long_is_stopped(mini, run_cli, monkeypatch):
    monkeypatch.setattr(templates, "RENDER_SECONDS", 0.5)
    # No loop at all: a macro that calls itself twice, 2**40 times in all.
    result, seconds = _build(mini, run_cli, (
        "<document>\n{% macro f(n) %}{% if n %}{{ f(n - 1) }}{{ f(n - 1) }}{% endif %}"
        "{% endmacro %}\n{{ f(40) }}\n</document>\n"))
    assert seconds < 5
    assert result.status == 1
    assert result.err_lines[0] == (
        "templates/condition.xml.j2:2: error: template: rendering took more than 0.5 "
        "seconds (rendering conditions/sciatica) — look for loops or macros that run far "
        "more often than the document has items")


def test_a_macro_that_calls_itself_without_end(mini, run_cli):
    result, _ = _build(mini, run_cli, (
        "<document>\n{% macro f() %}{{ f() }}{% endmacro %}\n{{ f() }}\n</document>\n"))
    assert result.status == 1
    assert result.err_lines[0].startswith("templates/condition.xml.j2:")
    assert result.err_lines[0].endswith(
        "error: template: a macro calls itself without end (rendering conditions/sciatica) — "
        "give it a condition that stops it")


def test_huge_powers_and_repeats_are_refused_not_computed(mini, run_cli):
    for expression in ("10 ** 100000000", "'x' * 10 ** 12", "[1] * 10 ** 12"):
        result, seconds = _build(mini, run_cli,
                                 f"<document>\n<p>{{{{ {expression} }}}}</p>\n</document>\n")
        assert seconds < 5
        assert result.status == 1
        assert result.err_lines[0] == (
            "templates/condition.xml.j2:2: error: template: the result of '"
            + ("**" if "**" in expression.split()[1] else "*")
            + "' would be too large (rendering conditions/sciatica) — a template prints the "
              "document's values; it never needs numbers or text this large"), expression


def test_a_template_file_over_256_kb_is_refused_before_it_is_read(mini, run_cli):
    result, _ = _build(mini, run_cli, "<document>\n" + "<p>x</p>\n" * 40_000 + "</document>\n")
    assert result.status == 1
    assert result.err_lines[0] == (
        "templates/condition.xml.j2: error: the template is 352 KB; the most careprint reads "
        "is 256 KB (rendering conditions/sciatica) — a template needs a few KB: the "
        "document's text belongs in handouts/, not in the template")
