"""Shared test helpers: small libraries built in tmp_path, and the CLI run in-process."""

from __future__ import annotations

import os
import shutil
from dataclasses import dataclass
from pathlib import Path

import pytest

from careprint.cli import main

FIXTURES = Path(__file__).parent / "fixtures"
REPO = Path(__file__).parent.parent


@dataclass
class CliResult:
    status: int
    out: str
    err: str

    @property
    def err_lines(self) -> list[str]:
        return self.err.splitlines()


@pytest.fixture(scope="session", autouse=True)
def private_cache(tmp_path_factory):
    """careprint's cache (parsed fonts, compiled templates) in a folder of the test run, never
    in the home folder of whoever runs the tests; subprocesses inherit it."""
    os.environ["CAREPRINT_CACHE_DIR"] = str(tmp_path_factory.mktemp("careprint-cache"))


@pytest.fixture(autouse=True)
def picture_cache(tmp_path_factory, monkeypatch) -> Path:
    """Shrunk photos go to a folder of the test's own, not the user's cache."""
    folder = tmp_path_factory.mktemp("cache")
    monkeypatch.setenv("CAREPRINT_CACHE_DIR", str(folder))
    return folder / "pictures"


@pytest.fixture
def run_cli(capsys, monkeypatch):
    """Run `careprint ARGS` in-process, from the given working directory (tmp_path by default)."""

    def run(*args: str, cwd: Path | None = None) -> CliResult:
        if cwd is not None:
            monkeypatch.chdir(cwd)
        try:
            status = main(list(args))
        except SystemExit as exit_:  # argparse usage errors
            status = int(exit_.code)
        captured = capsys.readouterr()
        return CliResult(status, captured.out, captured.err)

    return run


@pytest.fixture
def mini(tmp_path, monkeypatch) -> Path:
    """A copy of the small valid library, as the working directory; edit it freely."""
    root = tmp_path / "lib"
    shutil.copytree(FIXTURES / "mini", root)
    monkeypatch.chdir(root)
    return root


def write(root: Path, relpath: str, text: str) -> Path:
    path = root / relpath
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")
    return path


def pdf_pages(path: Path) -> list[str]:
    """Text of each page as a reader sees it, whitespace folded; the PDF also checked by qpdf."""
    import pikepdf
    from pypdf import PdfReader

    with pikepdf.open(path) as pdf:  # an independent parser must accept the file
        assert len(pdf.pages) >= 1
    reader = PdfReader(path)
    return [" ".join(page.extract_text().split()) for page in reader.pages]


def pdf_text(path: Path) -> str:
    return " ".join(pdf_pages(path))


def page_fill(path: Path, footer_zone: float = 25 * 2.8346) -> list[float]:
    """For each page, how far down its body text reaches, from 0 (empty) to 1 (to the footer).

    Text within `footer_zone` points of the bottom edge is the footer and does not count.
    """
    from pypdf import PdfReader

    fills = []
    for page in PdfReader(path).pages:
        height = float(page.mediabox.height)
        lowest = [height]

        def visit(text, cm, tm, font, size):
            y = cm[3] * tm[5] + cm[5]
            if text.strip() and footer_zone < y < height:
                lowest[0] = min(lowest[0], y)

        page.extract_text(visitor_text=visit)
        fills.append(round((height - lowest[0]) / (height - footer_zone), 2))
    return fills


def phone_photo(path: Path, size: tuple[int, int] = (4000, 3000), *, orientation: int = 1,
                mode: str = "RGB", quality: int = 92) -> Path:
    """A JPEG as a phone takes it: big, full of noise (which compresses worst), with a red
    block in its top-left corner to tell which way up it prints, and an EXIF orientation."""
    from PIL import Image, ImageDraw

    noise = [Image.effect_noise(size, 70) for _ in range(3)]
    image = Image.merge("RGB", noise)
    ImageDraw.Draw(image).rectangle((0, 0, size[0] // 3, size[1] // 3), fill=(220, 20, 20))
    if mode != "RGB":
        image = image.convert(mode)
    exif = Image.Exif()
    if orientation != 1:
        exif[0x0112] = orientation
    path.parent.mkdir(parents=True, exist_ok=True)
    image.save(path, "JPEG", quality=quality, exif=exif.tobytes())
    return path

