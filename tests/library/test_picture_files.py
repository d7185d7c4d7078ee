"""library/picture_files: a picture file a clinic cannot print is one clear line from `check`
(file, line, field, what is wrong), stops the build with no PDF, and an SVG never reaches
outside itself."""

from __future__ import annotations

import http.server
import os
import struct
import threading
import zlib
from pathlib import Path

from conftest import phone_photo, write

KNEE = "handouts/exercises/knee-to-chest.yaml"


def use_images(mini: Path, images_yaml: str) -> None:
    """Give the mini library's knee-to-chest exercise these `images:` lines (line 15)."""
    path = mini / KNEE
    text = path.read_text().replace("image: images/knee-to-chest.png\n", images_yaml)
    path.write_text(text)


def png_header(width: int, height: int) -> bytes:
    """A PNG that claims a size: Pillow reads the size before any pixel."""
    def chunk(kind: bytes, data: bytes) -> bytes:
        return struct.pack(">I", len(data)) + kind + data + struct.pack(
            ">I", zlib.crc32(kind + data))
    ihdr = struct.pack(">IIBBBBB", width, height, 8, 0, 0, 0, 0)
    return (b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", ihdr) + chunk(b"IDAT", zlib.compress(b"\0"))
            + chunk(b"IEND", b""))


def check_line(run_cli, mini: Path) -> str:
    result = run_cli("check")
    assert result.status == 1 and "Traceback" not in result.err
    [line] = [l for l in result.err_lines if ": error:" in l]
    return line


def test_a_decompression_bomb_is_too_many_pixels_not_unreadable(mini, run_cli):
    (mini / "assets/photos").mkdir()
    (mini / "assets/photos/bomb.png").write_bytes(png_header(20_000, 20_000))
    use_images(mini, "images: photos/bomb.png\n")
    assert check_line(run_cli, mini) == (
        f"{KNEE}:15:9: error: 'images' file 'assets/photos/bomb.png' has too many pixels "
        "(400.0 megapixels; the limit is 89.5) — resize it to about 3000 pixels on its "
        "longest side")


def test_a_picture_just_over_pillows_limit_is_refused_too(mini, run_cli):
    # Between the limit and twice it Pillow only warns; careprint refuses it all the same.
    (mini / "assets/photos").mkdir()
    (mini / "assets/photos/big.png").write_bytes(png_header(10_000, 10_000))
    use_images(mini, "images: photos/big.png\n")
    assert "has too many pixels (100.0 megapixels; the limit is 89.5)" in check_line(run_cli,
                                                                                    mini)


def test_a_jpg_that_is_text_names_the_field_and_says_what_it_holds(mini, run_cli):
    write(mini, "assets/photos/end.jpg", "Photo to follow, ask Sam\n")
    phone_photo(mini / "assets/photos/start.jpg", (400, 300))
    use_images(mini, "images:\n  start: {file: photos/start.jpg, caption: Start}\n"
                     "  end: {file: photos/end.jpg, caption: Lift}\n")
    assert check_line(run_cli, mini) == (
        f"{KNEE}:17:15: error: 'images.end.file' file 'assets/photos/end.jpg' is not a "
        "picture: it holds text, not picture data — export it again as PNG or JPEG")


def test_a_cut_off_photo_is_damaged(mini, run_cli):
    photo = phone_photo(mini / "assets/photos/cut.jpg", (800, 600))
    photo.write_bytes(photo.read_bytes()[: photo.stat().st_size // 2])
    use_images(mini, "images: photos/cut.jpg\n")
    assert "'assets/photos/cut.jpg' is damaged (the picture data stops early)" in \
        check_line(run_cli, mini)


def test_a_png_that_is_really_a_jpeg_prints(mini, run_cli):
    photo = phone_photo(mini / "assets/photos/x.jpg", (400, 300))
    photo.rename(mini / "assets/photos/mislabelled.png")
    use_images(mini, "images: photos/mislabelled.png\n")
    result = run_cli("build")
    assert result.status == 0, result.err


def test_a_gif_is_named_for_what_it_is(mini, run_cli):
    from PIL import Image

    (mini / "assets/photos").mkdir()
    Image.new("RGB", (10, 10)).save(mini / "assets/photos/anim.png", "GIF")
    use_images(mini, "images: photos/anim.png\n")
    assert "is a GIF picture, not PNG or JPEG — save it again as PNG or JPEG" in \
        check_line(run_cli, mini)


def test_a_bad_picture_stops_the_build_and_writes_no_pdf(mini, run_cli):
    write(mini, "assets/photos/knee.jpg", "not yet")
    use_images(mini, "images: photos/knee.jpg\n")
    built = run_cli("build")
    assert built.status == 1 and "Traceback" not in built.err
    assert "'assets/photos/knee.jpg' is not a picture" in built.err
    sheet = run_cli("sheet", "sciatica", "--patient", "Ann", "-o", "s.pdf")
    assert sheet.status == 1 and "'assets/photos/knee.jpg' is not a picture" in sheet.err
    assert not (mini / "out/conditions/sciatica.pdf").exists() and not (mini / "s.pdf").exists()
    assert not list(mini.rglob("*.pdf*"))  # no part file either


def test_image_and_images_together_is_one_clear_error(mini, run_cli):
    use_images(mini, "image: images/knee-to-chest.png\nimages: images/knee-to-chest.png\n")
    assert check_line(run_cli, mini) == (
        f"{KNEE}:1:1: error: 'image' and 'images' both give the exercise's pictures — keep "
        "'images' and delete the 'image' line")


# --- SVG safety ------------------------------------------------------------------------------


class _Recorder(http.server.BaseHTTPRequestHandler):
    requests: list[str] = []

    def do_GET(self) -> None:  # noqa: N802 (the standard library's name)
        _Recorder.requests.append(self.path)
        self.send_response(404)
        self.end_headers()

    def log_message(self, *args) -> None:
        pass


class _WatchedFile:
    """A named pipe: opening it to read is seen (the writer's open returns), never missed."""

    def __init__(self, path: Path) -> None:
        os.mkfifo(path)
        self.path, self.finished, self.was_read = path, False, False
        self.thread = threading.Thread(target=self._wait, daemon=True)
        self.thread.start()

    def _wait(self) -> None:
        fd = os.open(self.path, os.O_WRONLY)  # blocks until something opens it to read
        self.was_read = not self.finished
        os.close(fd)

    def stop(self) -> bool:
        self.finished = True
        reader = os.open(self.path, os.O_RDONLY | os.O_NONBLOCK)  # releases the writer
        self.thread.join(5)
        os.close(reader)
        return self.was_read


def test_an_svg_reaching_for_a_local_file_or_the_network_is_refused_untouched(mini, run_cli):
    server = http.server.HTTPServer(("127.0.0.1", 0), _Recorder)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    url = f"http://127.0.0.1:{server.server_port}"
    photos = mini / "assets/photos"
    photos.mkdir()
    secret = _WatchedFile(photos / "secret.svg")
    drawings = {
        "local.svg": '<svg xmlns="http://www.w3.org/2000/svg" '
                     'xmlns:xlink="http://www.w3.org/1999/xlink" width="10" height="10">'
                     '<use xlink:href="secret.svg#x"/></svg>',
        "web.svg": f'<svg xmlns="http://www.w3.org/2000/svg" width="10" height="10">'
                   f'<image href="{url}/photo.png" width="10" height="10"/></svg>',
        "entity.svg": f'<?xml version="1.0"?><!DOCTYPE svg [<!ENTITY x SYSTEM '
                      f'"file://{photos}/secret.svg"><!ENTITY y SYSTEM "{url}/dtd">]>'
                      '<svg xmlns="http://www.w3.org/2000/svg" width="10" height="10">'
                      '<desc>&x;&y;</desc></svg>',
        "include.svg": '<svg xmlns="http://www.w3.org/2000/svg" '
                       'xmlns:xi="http://www.w3.org/2001/XInclude" width="10" height="10">'
                       f'<xi:include href="{url}/part.svg"/></svg>',
        "css.svg": f'<svg xmlns="http://www.w3.org/2000/svg" width="10" height="10"><style>'
                   f'@import url("{url}/style.css");</style></svg>',
        "fill.svg": f'<svg xmlns="http://www.w3.org/2000/svg" width="10" height="10">'
                    f'<rect width="5" height="5" style="fill: url({url}/g.svg#g)"/></svg>',
    }
    for name, text in drawings.items():
        write(mini, f"assets/photos/{name}", text)
    # Each drawing is a new exercise's picture; the build reads them too (and refuses them).
    yaml = (mini / KNEE).read_text()
    for n, name in enumerate(drawings):
        write(mini, f"handouts/exercises/svg-{n}.yaml",
              yaml.replace("image: images/knee-to-chest.png", f"images: photos/{name}"))
    try:
        result = run_cli("check")
        run_cli("build")
    finally:
        server.shutdown()
        touched = secret.stop()
    assert not touched, "an SVG's reference opened a local file"
    assert _Recorder.requests == [], "an SVG's reference reached the network"
    errors = {line.split("'assets/photos/")[1].split("'")[0]: line
              for line in result.err_lines if ": error:" in line}
    assert result.status == 1 and set(errors) == set(drawings)
    assert "refers to an outside file or address ('secret.svg#x')" in errors["local.svg"]
    assert "contains a picture inside the drawing" in errors["web.svg"]
    assert "declares XML entities" in errors["entity.svg"]
    assert "uses XInclude" in errors["include.svg"]
    assert "imports a style sheet" in errors["css.svg"]
    assert f"refers to an outside file or address ('{url}/g.svg#g')" in errors["fill.svg"]


def test_svg_text_is_refused_because_it_needs_this_computers_fonts(mini, run_cli):
    write(mini, "assets/photos/label.svg",
          '<svg xmlns="http://www.w3.org/2000/svg" width="40" height="10">'
          '<text x="0" y="8" font-family="Arial">Lift</text></svg>')
    use_images(mini, "images: photos/label.svg\n")
    assert "contains text, which would need fonts from this computer — turn the text into " \
           "paths" in check_line(run_cli, mini)
