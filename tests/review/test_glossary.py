"""The clinic's glossary: jargon found in patient text, with the plain words."""

from __future__ import annotations

from careprint.review.glossary import build, read_glossary


def test_terms_are_found_as_whole_words_in_any_case():
    glossary = build({"bilateral": "both sides", "range of motion": "how far you can move",
                      "prone": "lying on your front"})
    text = "Bilateral pain limits your range of motion. Lie prone [@prone-study]. Unilateral."
    assert glossary.find(text) == [("Bilateral", "both sides"),
                                   ("range of motion", "how far you can move"),
                                   ("prone", "lying on your front")]
    assert glossary.find("Pronation is a different word.") == []


def test_a_bad_glossary_entry_is_one_line_at_its_place(tmp_path):
    (tmp_path / "glossary.yaml").write_text("bilateral: both sides\nanterior:\n",
                                            encoding="utf-8")
    glossary, problems = read_glossary(tmp_path)
    assert [str(p) for p in problems] == [
        f"{tmp_path / 'glossary.yaml'}:2:10: error: glossary term 'anterior' needs its plain "
        "words as text — write `anterior: plain words`"]
    assert glossary.find("bilateral") == [("bilateral", "both sides")]


def test_no_glossary_file_finds_nothing(tmp_path):
    glossary, problems = read_glossary(tmp_path)
    assert problems == [] and glossary.find("bilateral anterior") == []
