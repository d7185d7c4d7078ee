"""Page budgets: `check` tells the author which content overruns one sheet of paper."""

import re


LONG = " ".join(["Rest helps a little, but moving gently helps more."] * 40)


def test_a_condition_too_long_for_its_budget_gets_a_warning_naming_the_sections(mini, run_cli):
    path = mini / "handouts/conditions/sciatica.yaml"
    path.write_text(path.read_text().replace(
        "  The sciatic nerve runs down the back of your leg [@nhs-sciatica].",
        f"  The sciatic nerve runs down the back of your leg [@nhs-sciatica]. {LONG} {LONG} {LONG} {LONG}"))
    result = run_cli("check")
    assert result.status == 0  # a warning: the handout is still built
    warning, = [line for line in result.err_lines if "budget" in line]
    assert re.match(r"handouts/conditions/sciatica\.yaml:1:1: warning: the handout needs \d "
                    r"pages; the budget is 2 \(the front page runs over\)", warning)
    assert "shorten what_it_is (" in warning and "raise handout_pages in clinic.yaml" in warning
    strict = run_cli("check", "--strict")
    assert strict.status == 1 and any("budget" in line for line in strict.err_lines)


def test_the_budget_is_a_clinic_setting(mini, run_cli):
    path = mini / "handouts/conditions/sciatica.yaml"
    path.write_text(path.read_text().replace(
        "  The sciatic nerve runs down the back of your leg [@nhs-sciatica].",
        f"  The sciatic nerve runs down the back of your leg [@nhs-sciatica]. {LONG} {LONG} {LONG} {LONG}"))
    clinic = mini / "handouts/clinic.yaml"
    clinic.write_text(clinic.read_text() + "handout_pages: 4\n")
    result = run_cli("check", "--strict")
    assert (result.status, result.err) == (0, "")


def test_a_fitting_library_has_no_budget_warning(mini, run_cli):
    result = run_cli("check", "--strict")
    assert (result.status, result.err) == (0, "")
    assert result.out.startswith("no problems:")


def test_an_unchanged_library_is_not_laid_out_again_and_a_changed_one_is(mini, run_cli,
                                                                        monkeypatch):
    assert run_cli("check", "--strict").status == 0  # counts every document's pages

    import careprint.render.budget as budget

    laid_out = []
    real = budget.count_pages
    monkeypatch.setattr(budget, "count_pages",
                        lambda *args: laid_out.append(args[2]) or real(*args))
    from careprint.build import pool
    monkeypatch.setattr(pool, "default_workers", lambda: 1)  # in this process, to be seen
    assert run_cli("check", "--strict").status == 0
    assert laid_out == []  # the kept counts were used

    path = mini / "handouts/conditions/sciatica.yaml"
    path.write_text(path.read_text().replace(
        "  The sciatic nerve runs down the back of your leg [@nhs-sciatica].",
        f"  The sciatic nerve runs down the back of your leg [@nhs-sciatica]. {LONG} {LONG} {LONG} {LONG}"))
    result = run_cli("check")
    assert laid_out == ["sciatica"]  # only the handout changed; the set's sheet did not
    assert any("the handout needs" in line for line in result.err_lines)


def test_a_check_whose_counts_were_all_kept_starts_no_layout_workers(mini, run_cli,
                                                                     monkeypatch):
    first = run_cli("check")
    from careprint.build import pool

    def no_workers(*args, **kwargs):
        raise AssertionError("pages were laid out again")

    monkeypatch.setattr(pool, "run", no_workers)
    again = run_cli("check")
    assert (again.status, again.out, again.err) == (first.status, first.out, first.err)
