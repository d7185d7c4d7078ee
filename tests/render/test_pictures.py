"""render/pictures: clinic photos and drawings in the picture slot, as a clinic tries them:
big phone photos, rotated ones, CMYK, very tall ones, SVG; checked in the PDF itself."""

from __future__ import annotations

from pathlib import Path

import pikepdf
import pytest
from PIL import Image

from conftest import pdf_pages, phone_photo, write
from careprint.render.styles import PICTURES, PRESETS

KNEE = "handouts/exercises/knee-to-chest.yaml"
SVG = ('<svg xmlns="http://www.w3.org/2000/svg" width="120" height="100" viewBox="0 0 120 100">'
       '<circle cx="60" cy="22" r="10" fill="#1f5c99"/><path d="M60 32 L60 62 M60 62 L48 90" '
       'stroke="#1f5c99" stroke-width="6" fill="none"/></svg>')


def use_images(mini: Path, images_yaml: str, exercise: str = KNEE) -> None:
    path = mini / exercise
    text = path.read_text().replace("image: images/knee-to-chest.png\n", "")
    path.write_text(text.rstrip() + "\n" + images_yaml)


def sheet(run_cli, mini: Path, *extra: str, name: str = "sheet.pdf") -> Path:
    result = run_cli("sheet", "sciatica", "--patient", "Ann Example", "-o", name, *extra)
    assert result.status == 0, result.err
    return mini / name


def pdf_images(path: Path) -> list[dict]:
    """Every image drawn on any page: its pixel size, colour space and filter."""
    found = []
    with pikepdf.open(path) as pdf:
        for page in pdf.pages:
            for _, image in page.get_images().items():
                found.append({"size": (int(image.Width), int(image.Height)),
                              "colour": str(image.get("/ColorSpace")),
                              "filter": str(image.get("/Filter")),
                              "pixels": pikepdf.PdfImage(image).as_pil_image()})
    return found


def slot_pixels(width_mm: float, height_mm: float) -> tuple[int, int]:
    return (round(width_mm / 25.4 * PICTURES.dpi), round(height_mm / 25.4 * PICTURES.dpi))


def test_a_big_phone_photo_prints_shrunk_to_print_resolution(mini, run_cli):
    phone_photo(mini / "assets/photos/knee.jpg", (6000, 4000))  # refused before as too big
    use_images(mini, "images: photos/knee.jpg\n")
    images = pdf_images(sheet(run_cli, mini))
    assert len(images) == 1
    slot = PRESETS["standard"].picture_slot / 72 * 25.4  # mm
    # 3:2 fills the slot's width: 36 mm at 250 dpi is 354 pixels, not 6000.
    assert images[0]["size"] == (slot_pixels(slot, slot * 2 / 3)[0], 236)
    # Embedded as the JPEG it was shrunk to, not decoded into raw pixels.
    assert "/DCTDecode" in images[0]["filter"] and images[0]["colour"] == "/DeviceRGB"


def test_a_photo_stored_sideways_prints_upright(mini, run_cli):
    # A phone held upright stores a landscape picture and says "turn it" (orientation 6):
    # the red corner, stored top left, must print top right of a portrait picture.
    phone_photo(mini / "assets/photos/knee.jpg", (800, 600), orientation=6)
    use_images(mini, "images: photos/knee.jpg\n")
    [image] = pdf_images(sheet(run_cli, mini))
    width, height = image["size"]
    assert height > width
    pixels = image["pixels"].convert("RGB")
    top_right, top_left = pixels.getpixel((width - 3, 3)), pixels.getpixel((3, 3))
    assert top_right[0] > 180 and top_right[1] < 80, top_right  # red
    assert abs(top_left[0] - top_left[1]) < 60, top_left  # grey noise


def test_a_cmyk_photo_prints_in_rgb_with_its_colours(mini, run_cli):
    phone_photo(mini / "assets/photos/knee.jpg", (800, 600), mode="CMYK")
    use_images(mini, "images: photos/knee.jpg\n")
    [image] = pdf_images(sheet(run_cli, mini))
    assert image["colour"] == "/DeviceRGB"
    red = image["pixels"].convert("RGB").getpixel((3, 3))
    assert red[0] > 180 and red[1] < 80 and red[2] < 80, red


def test_a_sheet_with_six_phone_photos_stays_well_under_a_megabyte(mini, run_cli):
    photos = [phone_photo(mini / f"assets/photos/p{n}.jpg", (4000, 3000)) for n in range(2)]
    for n in range(2, 6):  # the same size as a phone's, copied: generating costs seconds
        (mini / f"assets/photos/p{n}.jpg").write_bytes(photos[n % 2].read_bytes() + bytes([n]))
    assert sum(p.stat().st_size for p in (mini / "assets/photos").iterdir()) > 30_000_000
    use_images(mini, "images:\n  start: {file: photos/p0.jpg, caption: Start}\n"
                     "  end: {file: photos/p1.jpg, caption: Hold}\n")
    use_images(mini, "images:\n  start: {file: photos/p2.jpg, caption: Start}\n"
                     "  end: {file: photos/p3.jpg, caption: Tilt}\n",
               "handouts/exercises/pelvic-tilt.yaml")
    write(mini, "handouts/exercises/bridge.yaml",
          (mini / "handouts/exercises/pelvic-tilt.yaml").read_text()
          .replace("Pelvic tilt", "Bridge").replace("p2.jpg", "p4.jpg").replace("p3", "p5"))
    write(mini, "handouts/sets/sciatica-relief.yaml", "title: Sciatica relief\npurpose: Ease "
          "the leg.\nexercises: [pelvic-tilt, knee-to-chest, bridge]\n")
    path = sheet(run_cli, mini)
    assert len(pdf_images(path)) == 6
    assert path.stat().st_size < 400_000, path.stat().st_size


def test_start_and_end_pictures_print_with_their_captions_and_the_number(mini, run_cli):
    phone_photo(mini / "assets/photos/start.jpg", (600, 800))
    write(mini, "assets/photos/end.svg", SVG)
    use_images(mini, "images:\n  start: {file: photos/start.jpg, caption: Knees bent}\n"
                     "  end: {file: photos/end.svg, caption: Lift & hold}\n")
    path = sheet(run_cli, mini)
    text = pdf_pages(path)[0]
    assert "Knees bent" in text and "Lift & hold" in text
    assert len(pdf_images(path)) == 1  # the photo; the drawing is vector
    # The exercise's number, on the picture, comes before its tick boxes and its name.
    assert "Knees bent Lift & hold 2 M T W T F S S 2. Knee to chest" in text


def test_an_svg_prints_as_vector_paths_not_an_image(mini, run_cli):
    write(mini, "assets/drawings/knee.svg", SVG)
    use_images(mini, "images: drawings/knee.svg\n")
    path = sheet(run_cli, mini)
    assert pdf_images(path) == []
    with pikepdf.open(path) as pdf:
        content = pikepdf.unparse_content_stream(pikepdf.parse_content_stream(pdf.pages[0]))
        fonts = [f for page in pdf.pages for f in page.Resources.Font.values()]
        # ReportLab starts a drawing in Helvetica: it must not end up an unembedded font.
        assert all("/FontFile2" in f.get("/FontDescriptor", {}) for f in fonts), \
            [str(f.BaseFont) for f in fonts]
    # The drawing's circle (Bezier curves, filled in its colour) and its stroked line.
    assert b" c\n" in content or b" c " in content
    assert b".121569 .360784 .6 rg" in content or b".121569 .360784 .6 RG" in content


@pytest.mark.parametrize("size", [(60, 6000), (6000, 60)])
def test_a_very_tall_or_wide_picture_is_fitted_to_the_slot(mini, run_cli, size):
    pages = len(pdf_pages(sheet(run_cli, mini, name="plain.pdf")))
    (mini / "assets/photos").mkdir()
    Image.new("RGB", size, (30, 90, 160)).save(mini / "assets/photos/strip.png")
    use_images(mini, "images: photos/strip.png\n")
    path = sheet(run_cli, mini)
    [image] = pdf_images(path)
    slot = PRESETS["standard"].picture_slot / 72 * 25.4
    most = slot_pixels(slot, slot * PICTURES.single_height)
    assert image["size"][0] <= most[0] and image["size"][1] <= most[1]
    assert len(pdf_pages(path)) == pages


def test_large_print_keeps_pictures_and_its_page_count(mini, run_cli):
    without = len(pdf_pages(sheet(run_cli, mini, "--print", "large", name="plain.pdf")))
    phone_photo(mini / "assets/photos/a.jpg", (800, 600))
    phone_photo(mini / "assets/photos/b.jpg", (600, 800))
    use_images(mini, "images:\n  start: {file: photos/a.jpg, caption: Straighten}\n"
                     "  end: {file: photos/b.jpg, caption: Bend}\n")
    use_images(mini, "images: photos/a.jpg\n", "handouts/exercises/pelvic-tilt.yaml")
    path = sheet(run_cli, mini, "--print", "large")
    assert len(pdf_images(path)) == 3  # a.jpg at two sizes (half a slot, a whole slot), b.jpg
    assert len(pdf_pages(path)) == without
    assert "Straighten" in " ".join(pdf_pages(path))  # a whole word, not "Straight en"


def test_a_photo_is_shrunk_once_and_a_damaged_cached_copy_is_made_again(mini, run_cli,
                                                                       picture_cache):
    phone_photo(mini / "assets/photos/knee.jpg", (800, 600))
    use_images(mini, "images: photos/knee.jpg\n")
    first = sheet(run_cli, mini, name="1.pdf").read_bytes()
    [cached] = list(picture_cache.iterdir())
    made = cached.stat().st_mtime_ns
    assert sheet(run_cli, mini, name="2.pdf").read_bytes() == first
    assert cached.stat().st_mtime_ns == made  # reused, not made again
    cached.write_bytes(b"tampered")
    assert sheet(run_cli, mini, name="3.pdf").read_bytes() == first
    assert [p.read_bytes()[:2] for p in picture_cache.iterdir()] == [b"\xff\xd8"]  # a JPEG


def test_a_changed_photo_never_meets_its_old_cached_copy(mini, run_cli):
    phone_photo(mini / "assets/photos/knee.jpg", (800, 600))
    use_images(mini, "images: photos/knee.jpg\n")
    first = pdf_images(sheet(run_cli, mini, name="1.pdf"))[0]["size"]
    phone_photo(mini / "assets/photos/knee.jpg", (600, 800))
    second = pdf_images(sheet(run_cli, mini, name="2.pdf"))[0]["size"]
    assert first[0] > first[1] and second[1] > second[0]


def test_a_16_bit_grey_scan_prints_grey_not_white(mini, run_cli):
    from PIL import ImageStat

    (mini / "assets/photos").mkdir()
    ramp = Image.linear_gradient("L").resize((400, 300)).convert("I").point(lambda v: v * 257)
    ramp.convert("I;16").save(mini / "assets/photos/scan.png")
    use_images(mini, "images: photos/scan.png\n")
    [image] = pdf_images(sheet(run_cli, mini))
    assert 100 < ImageStat.Stat(image["pixels"].convert("L")).mean[0] < 155
