"""Clinic pictures in an exercise's picture slot: one picture, or start and end with captions.

A photo is shrunk to print resolution at the size it prints (PICTURES.dpi), once: the result is
kept in a cache folder under a name made of the photo's content hash and the size, so the next
sheet reuses it, and a changed photo never meets a stale copy. A cached file whose content does
not match the hash in its name (damaged, or changed by hand) is made again. JPEG photos stay
JPEG, which ReportLab embeds as they are, so a sheet of six phone photos is a few hundred
kilobytes instead of tens of megabytes. SVG drawings print as vectors.
"""

from __future__ import annotations

import hashlib
import io
import os
import tempfile
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Any

from PIL import Image
from reportlab.graphics import renderPDF
from reportlab.pdfbase.pdfmetrics import stringWidth
from reportlab.platypus import Flowable

from careprint.library.picture_files import (
    SVG_SUFFIX, PictureFileError, cache_folder, open_photo, photo_shape, svg_drawing,
)
from careprint.render.assets import Assets, PictureError
from careprint.render.badge import draw_badge
from careprint.render.markup import escape
from careprint.render.paragraph import Paragraph
from careprint.render.styles import PICTURES, RULE, PictureSettings, StyleSheet

_CACHE_VERSION = b"careprint-picture-1"  # a new way of shrinking: new cache names


@dataclass(frozen=True, slots=True)
class _Source:
    relpath: str
    path: Path
    digest: str  # of the file's content: the cache's key, so a changed photo is a new one
    shape: tuple[float, float]  # width, height: pixels for a photo, points for a drawing
    drawing: Any = None  # a ReportLab Drawing for SVG, else None


@dataclass(frozen=True, slots=True)
class _Placed:
    source: _Source
    x: float  # from the slot's left edge
    y: float  # from the slot's top edge to the picture's top
    width: float
    height: float
    caption: Paragraph | None
    caption_left: float  # the caption is centred across the picture's cell
    caption_width: float


def picture_slot(sheet: StyleSheet, assets: Assets, attrs: dict[str, str], size: float
                 ) -> Flowable | None:
    """The exercise's clinic pictures fitted to a slot `size` points wide, or None if it
    has none. The exercise's number stays on the first picture."""
    files = [(attrs.get("image", ""), attrs.get("caption", "")),
             (attrs.get("image_end", ""), attrs.get("caption_end", ""))]
    chosen = [(f, c) for f, c in files if f]
    if not chosen:
        return None
    sources = [_read(assets, relpath) for relpath, _ in chosen]
    captions = [_Caption(sheet, text) if text else None for _, text in chosen]
    placed, height = _arrange(sources, captions, size, PICTURES)
    return PictureSlot(placed, size, height, sheet, attrs.get("number", ""))


def _read(assets: Assets, relpath: str) -> _Source:
    path = assets.find(relpath)
    try:
        stat = path.stat()
        if path.suffix.lower() == SVG_SUFFIX:
            drawing = svg_drawing(path.read_bytes())
            return _Source(relpath, path, "", (drawing.width, drawing.height), drawing)
        digest, shape = _photo_facts(path, stat.st_size, stat.st_mtime_ns)
        return _Source(relpath, path, digest, shape)
    except OSError as err:
        raise PictureError(relpath, f"cannot be read ({err.strerror})",
                           "check the file's permissions") from err
    except PictureFileError as err:
        raise PictureError(relpath, err.problem, err.hint) from err


@lru_cache(maxsize=512)
def _photo_facts(path: Path, size: int, mtime_ns: int) -> tuple[str, tuple[int, int]]:
    """A photo's content hash and upright size, once per process while the file is unchanged
    (a batch of sheets reads each photo once, and holds none of them in memory)."""
    data = path.read_bytes()
    return hashlib.sha256(data).hexdigest(), photo_shape(data)


class _Caption:
    """A caption's words, made into a paragraph for the width it gets: its size drops
    (to PICTURES.caption_size at least) until its longest word fits, never split."""

    def __init__(self, sheet: StyleSheet, text: str) -> None:
        self.sheet, self.text = sheet, text

    def paragraph(self, width: float) -> Paragraph:
        base = self.sheet["slot-kind"]
        size = max(base.fontSize, PICTURES.caption_size)
        longest = max(self.text.split(), key=len, default="")
        while size > PICTURES.caption_size and \
                stringWidth(longest, base.fontName, size) > width - 1:
            size -= 0.5
        style = base.clone("picture-caption", alignment=1, fontSize=size, leading=size * 1.15)
        return Paragraph(escape(self.text), style)


def _arrange(sources: list[_Source], captions: list[_Caption | None], size: float,
             settings: PictureSettings) -> tuple[list[_Placed], float]:
    """Where each picture goes: one as large as fits, two side by side or one above the
    other, whichever shows the smaller of the two larger."""
    if len(sources) == 1:
        cap = _height(captions[0], size)
        return _row(sources, captions, [size], size * settings.single_height - cap, 0, 0)
    # Side by side, captions are measured across half the slot; one above the other, across
    # all of it.
    half = (size - settings.gap) / 2
    cap = max(_height(c, half) for c in captions)
    side = _row(sources, captions, [half, half], size * settings.pair_height - cap,
                settings.gap, 0)
    stacked_room = (size * settings.pair_height - settings.gap) / 2
    top = _row(sources[:1], captions[:1], [size], stacked_room - _height(captions[0], size), 0, 0)
    bottom = _row(sources[1:], captions[1:], [size],
                  stacked_room - _height(captions[1], size), 0, top[1] + settings.gap)
    stacked = (top[0] + bottom[0], bottom[1])

    def smaller_area(option: tuple[list[_Placed], float]) -> float:
        return min(p.width * p.height for p in option[0])

    return side if smaller_area(side) >= smaller_area(stacked) else stacked


def _row(sources: list[_Source], captions: list[_Caption | None], widths: list[float],
         room: float, gap: float, top: float) -> tuple[list[_Placed], float]:
    """Pictures in one row of cells, each fitted inside (its width, room), bottoms aligned
    above their captions; the row's placements and the slot height down to its foot."""
    fitted = [_fit(s.shape, w, room) for s, w in zip(sources, widths)]
    tallest = max(h for _, h in fitted)
    caption_height = max(_height(c, w) for c, w in zip(captions, widths))
    placed, x = [], 0.0
    for source, caption, cell, (w, h) in zip(sources, captions, widths, fitted):
        # Each picture centred in its cell (the slot's width for one), its caption under it.
        placed.append(_Placed(source, x + (cell - w) / 2, top + tallest - h, w, h,
                              caption.paragraph(cell) if caption else None, x, cell))
        x += cell + gap
    return placed, top + tallest + caption_height


def _fit(shape: tuple[float, float], width: float, height: float) -> tuple[float, float]:
    w, h = shape
    scale = min(width / w, max(height, 1.0) / h)
    return w * scale, h * scale


def _height(caption: _Caption | None, width: float) -> float:
    return caption.paragraph(width).wrap(width, 1000)[1] + 1 if caption is not None else 0.0


class PictureSlot(Flowable):
    """The placed pictures, each caption under its picture, the number on the first."""

    def __init__(self, placed: list[_Placed], width: float, height: float, sheet: StyleSheet,
                 number: str) -> None:
        super().__init__()
        self.placed, self.width, self.height = placed, width, height
        self.sheet, self.number = sheet, number

    def wrap(self, available_width: float, available_height: float) -> tuple[float, float]:
        return self.width, self.height

    def draw(self) -> None:
        for item in self.placed:
            bottom = self.height - item.y - item.height
            if item.source.drawing is not None:
                _draw_vector(self.canv, item.source.drawing, item.x, bottom, item.width,
                             item.height, self.sheet.fonts.regular)
            else:
                _draw_photo(self.canv, item, bottom)
            if item.caption is not None:
                height = item.caption.wrap(item.caption_width, 1000)[1]
                item.caption.drawOn(self.canv, item.caption_left, bottom - 1 - height)
        if self.number and self.placed:
            self._badge(self.placed[0])

    def _badge(self, first: _Placed) -> None:
        """The exercise's number in a small disc on the first picture's top-left corner."""
        draw_badge(self.canv, self.sheet, first.x, self.height - first.y, self.number)


def _draw_vector(canvas: Any, drawing: Any, x: float, y: float, width: float,
                 height: float, font: str) -> None:
    # ReportLab starts every drawing in Helvetica, which would be the PDF's one font not
    # embedded; a drawing has no text (check refuses it), so the body font costs nothing.
    drawing.initialFontName = font
    canvas.saveState()
    canvas.translate(x, y)
    canvas.scale(width / drawing.width, height / drawing.height)
    renderPDF.draw(drawing, canvas, 0, 0)
    canvas.restoreState()


def _draw_photo(canvas: Any, item: _Placed, bottom: float) -> None:
    box = (_pixels(item.width, PICTURES), _pixels(item.height, PICTURES))
    path = prepared_photo(item.source, box)
    canvas.drawImage(str(path), item.x, bottom, item.width, item.height, mask="auto")
    canvas.saveState()
    canvas.setStrokeColor(RULE)  # a hairline edge: a pale photo still reads as a picture
    canvas.setLineWidth(0.5)
    canvas.rect(item.x, bottom, item.width, item.height, stroke=1, fill=0)
    canvas.restoreState()


def _pixels(points: float, settings: PictureSettings) -> int:
    return max(1, round(points / 72 * settings.dpi))


def prepared_photo(source: _Source, box: tuple[int, int],
                   settings: PictureSettings = PICTURES) -> Path:
    """The photo shrunk to fit `box` pixels, upright and in sRGB, from the cache or made now."""
    key = _cache_key(source.digest, box, settings)
    for folder in _cache_folders():
        for candidate in sorted(folder.glob(f"{key}-*")):
            if _intact(candidate):
                return candidate
            candidate.unlink(missing_ok=True)  # damaged or edited: made again below
    original = _read_again(source)
    # Named by what was shrunk: a file changed since it was first read is not cached as the old.
    key = _cache_key(hashlib.sha256(original).hexdigest(), box, settings)
    data, suffix = _shrunk(source.relpath, original, box, settings)
    digest = hashlib.sha256(data).hexdigest()[:16]
    return _store(f"{key}-{digest}{suffix}", data)


def _cache_key(digest: str, box: tuple[int, int], settings: PictureSettings) -> str:
    parts = repr((digest, box, settings.jpeg_quality)).encode()
    return hashlib.sha256(_CACHE_VERSION + parts).hexdigest()[:40]


def _read_again(source: _Source) -> bytes:
    try:
        return source.path.read_bytes()
    except OSError as err:
        raise PictureError(source.relpath, f"cannot be read ({err.strerror})",
                           "check the file's permissions") from err


def _shrunk(relpath: str, original: bytes, box: tuple[int, int], settings: PictureSettings
            ) -> tuple[bytes, str]:
    try:
        photo = open_photo(original, draft_to=max(box))
    except PictureFileError as err:
        raise PictureError(relpath, err.problem, err.hint) from err
    image = photo.image
    image.thumbnail(box, Image.Resampling.LANCZOS)
    out = io.BytesIO()
    if photo.format == "JPEG" and image.mode != "RGBA":
        image.save(out, "JPEG", quality=settings.jpeg_quality, optimize=True)
        return out.getvalue(), ".jpg"
    image.save(out, "PNG", optimize=True)
    return out.getvalue(), ".png"


def _intact(path: Path) -> bool:
    """A cached file is used only if its content still matches the hash in its name."""
    try:
        named = path.stem.rsplit("-", 1)[1]
        return hashlib.sha256(path.read_bytes()).hexdigest()[:16] == named
    except (OSError, IndexError):
        return False


def _cache_folders() -> list[Path]:
    return [f for f in (cache_folder(), _private[0] if _private else None)
            if f is not None and f.is_dir()]


_private: list[Path] = []  # this run's own folder, made only when the cache cannot be written


def _private_folder() -> Path:
    if not _private:
        _private.append(Path(tempfile.mkdtemp(prefix="careprint-pictures-")))
    return _private[0]


def _store(name: str, data: bytes) -> Path:
    for folder in (cache_folder(), None):
        folder = folder or _private_folder()
        part = None
        try:
            folder.mkdir(parents=True, exist_ok=True)
            handle, part = tempfile.mkstemp(dir=folder, prefix=".part-")
            with os.fdopen(handle, "wb") as out:
                out.write(data)
            os.replace(part, folder / name)  # whole or not at all, for parallel builds too
            return folder / name
        except OSError:
            if part:
                Path(part).unlink(missing_ok=True)
    raise PictureError(name, "cannot be kept in the picture cache",
                       f"make {cache_folder()} writable, or set CAREPRINT_CACHE_DIR")
