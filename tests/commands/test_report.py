"""`careprint report`: the library's to-do list, in HTML and PDF, most urgent first."""

from __future__ import annotations

from conftest import pdf_text

ROW = "handouts/conditions/sciatica.yaml"


def test_the_report_puts_overdue_and_hard_content_first(mini, run_cli, tmp_path):
    path = mini / ROW
    text = path.read_text(encoding="utf-8").replace("  date: 2026-11-20", "  date: 2023-05-02")
    path.write_text(text.replace("  - Keep moving gently", "  - Intermittent neuropathic "
                                 "symptomatology necessitates physiotherapeutic intervention."),
                    encoding="utf-8")
    result = run_cli("report", "--out", str(tmp_path / "report"))
    assert result.status == 0, result.err
    assert result.out.startswith(f"wrote {tmp_path}/report/library-report.html and ")
    assert "4 items, 0 errors, 3 warnings, 1 overdue for review" in result.out
    html = (tmp_path / "report/library-report.html").read_text(encoding="utf-8")
    assert html.index("Sciatica<") < html.index("Knee to chest<") < html.index("Sciatica relief<")
    assert 'class="overdue">overdue since 2025-05-02' in html
    pdf = " ".join(pdf_text(tmp_path / "report/library-report.pdf").split())
    assert "Test Clinic: library report" in pdf
    assert "overdue since 2025-05-02" in pdf
    assert "self_care reads at" in pdf and "sciatica.yaml" in pdf
    assert pdf.index("Sciatica") < pdf.index("Knee to chest")


def test_text_in_the_report_is_escaped(mini, run_cli, tmp_path):
    path = mini / ROW
    path.write_text(path.read_text(encoding="utf-8").replace(
        "title: Sciatica", "title: Sciatica <script>alert(1)</script> & co"), encoding="utf-8")
    assert run_cli("report", "--out", str(tmp_path / "r")).status == 0
    html = (tmp_path / "r/library-report.html").read_text(encoding="utf-8")
    assert "<script>" not in html and "&lt;script&gt;alert(1)&lt;/script&gt; &amp; co" in html
    assert "<script>alert(1)</script> & co" in pdf_text(tmp_path / "r/library-report.pdf")
