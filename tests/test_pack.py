"""`careprint pack`: one bookmarked PDF with a cover and a contents page that tells the truth."""

import re

import pikepdf
import pytest
from pypdf import PdfReader

from conftest import REPO, pdf_pages


@pytest.fixture(scope="module")
def shipped(tmp_path_factory):
    """The shipped 'back-and-hip' pack and every single handout, built once for these tests."""
    from careprint.cli import main

    out = tmp_path_factory.mktemp("out")
    assert main(["build", "--library", str(REPO), "--out", str(out), "--jobs", "2"]) == 0
    return out


def shipped_titles(pack_id: str) -> list[str]:
    from careprint.library.reader import LibraryPaths, read_library

    library, _ = read_library(LibraryPaths.at(REPO))
    return [library.conditions[item.condition.id].title
            for item in library.packs[pack_id].handouts]


def shipped_condition_ids(pack_id: str) -> list[str]:
    """The conditions a shipped pack binds: not every condition of the library."""
    from careprint.library.reader import LibraryPaths, read_library

    library, _ = read_library(LibraryPaths.at(REPO))
    return [item.condition.id for item in library.packs[pack_id].handouts]


def test_pack_pages_are_cover_contents_and_every_handout(shipped):
    pack = PdfReader(shipped / "packs/back-and-hip.pdf")
    singles = [shipped / "conditions" / f"{c}.pdf" for c in shipped_condition_ids("back-and-hip")]
    single_pages = sum(len(PdfReader(p).pages) for p in singles)
    # cover + one contents page + the handouts + one extra page
    assert len(pack.pages) == 1 + 1 + single_pages + 1
    assert [pack.page_labels[i] for i in range(3)] == ["Cover", "i", "1"]


def test_contents_page_numbers_match_the_real_pages(shipped):
    pages = pdf_pages(shipped / "packs/back-and-hip.pdf")
    contents = PdfReader(shipped / "packs/back-and-hip.pdf").pages[1].extract_text(
        extraction_mode="layout")  # lines as printed: title, dot leader, page number
    entries = re.findall(r"^(\S.*?)\s+(?:\.\s+)+(\d+)$", contents, re.MULTILINE)
    titles = [title.strip() for title, _ in entries]
    assert titles == [*shipped_titles("back-and-hip"), "Between your visits"]
    for title, number in entries:
        page = pages[1 + int(number)]  # page "1" is the one after the contents
        assert f"Page {number} of " in page, (title, number)
        assert title in page, (title, number)


def test_outline_has_every_handout_and_its_sections_pointing_at_their_pages(shipped):
    reader = PdfReader(shipped / "packs/back-and-hip.pdf")
    outline = reader.outline
    tops = [item for item in outline if not isinstance(item, list)]
    assert [t.title for t in tops][:2] == shipped_titles("back-and-hip")[:2]
    sections = outline[1]
    assert [s.title for s in sections][:2] == ["What is it?", "Common signs"]
    first = reader.get_destination_page_number(tops[0])
    assert first == 2 and "Sciatica" in reader.pages[first].extract_text()
    symptoms_page = reader.get_destination_page_number(sections[1])
    assert "Common signs" in reader.pages[symptoms_page].extract_text()


def test_each_handout_keeps_its_own_disclaimer_and_sources(shipped):
    pages = pdf_pages(shipped / "packs/back-and-hip.pdf")
    text = " ".join(pages)
    handouts = len(shipped_titles("back-and-hip"))
    assert text.count("This handout gives general information only") == handouts
    assert text.count("Sources 1 ") == handouts


def test_fonts_and_logo_are_stored_once(shipped):
    pack = shipped / "packs/back-and-hip.pdf"
    with pikepdf.open(pack) as pdf:
        fonts = [o for o in pdf.objects if isinstance(o, pikepdf.Dictionary)
                 and o.get("/Type") == "/FontDescriptor"]
        images = [o for o in pdf.objects if isinstance(o, pikepdf.Stream)
                  and o.get("/Subtype") == "/Image"]
    assert len(fonts) <= 3 and len(images) <= 2  # regular, bold, italic; the logo and mask
    # No bigger than the largest handout plus the others' text (their size less the fonts
    # and logo they each repeat).
    sizes = []
    for single in sorted((shipped / "conditions").glob("*.pdf")):
        with pikepdf.open(single) as pdf:
            repeated = sum(len(o.read_raw_bytes()) for o in pdf.objects
                           if isinstance(o, pikepdf.Stream)
                           and (o.get("/Subtype") == "/Image" or "/Length1" in o))
        sizes.append((single.stat().st_size, repeated))
    sizes.sort()
    largest, others = sizes[-1][0], sizes[:-1]
    text_of_others = sum(size - repeated for size, repeated in others)
    assert pack.stat().st_size <= largest + text_of_others


def test_unknown_pack_is_one_line(mini, run_cli):
    result = run_cli("pack", "back")
    assert (result.status, result.err) == (1, "careprint: error: no pack 'back' — see "
                                              "`careprint list`\n")


def test_pack_command_with_output_file(mini, run_cli):
    (mini / "handouts/packs").mkdir()
    (mini / "handouts/packs/starter.yaml").write_text(
        "title: Starter\nintro: Welcome & hello <b>\nhandouts:\n  - sciatica\n"
        "  - condition: sciatica\n    set: sciatica-relief\n")
    result = run_cli("pack", "starter", "-o", "p.pdf")
    assert result.status == 0, result.err
    assert result.out == "wrote p.pdf (6 pages, 2 handouts)\n"
    pages = pdf_pages(mini / "p.pdf")
    assert "Welcome & hello <b>" in pages[0] and "In this pack" in pages[0]
