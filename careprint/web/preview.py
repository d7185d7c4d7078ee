"""Page images of a PDF for the live preview: drawn by PDFium, as the PDF will print."""

from __future__ import annotations

import base64
import io
import threading

# PDFium is not thread-safe: one page drawing at a time in a process. The threaded
# development server is for one desk; more desks get more worker processes (README).
PDFIUM_LOCK = threading.Lock()
PREVIEW_SCALE = 1.25  # pixels per PDF point: a Letter page is 765 px wide, sharp on the page
PNG_LEVEL = 1  # fast zlib: level 6 costs ~15 ms more a page for 8 % smaller images
# A page is white paper, a few brand colours and grey anti-aliasing: 256 colours look the same
# and make a PNG a third the size and three times as fast to write (bench/serve.py).
PALETTE_COLOURS = 256


def page_images(pdf: bytes, scale: float = PREVIEW_SCALE) -> list[str]:
    """Each page as a data: URL (PNG), so a preview needs no second request or stored file."""
    import pypdfium2  # loaded on the first preview: `careprint sheet` never pays for it

    pictures = []
    with PDFIUM_LOCK:
        document = pypdfium2.PdfDocument(pdf)
        try:
            for page in document:
                pictures.append(page.render(scale=scale).to_pil().copy())
                page.close()
        finally:
            document.close()
    # Outside the lock: zlib lets go of the GIL, so one desk's images compress while
    # another's sheet is laid out.
    return [_data_url(picture) for picture in pictures]


def _data_url(picture) -> str:
    from PIL import Image

    buffer = io.BytesIO()
    picture.quantize(PALETTE_COLOURS, method=Image.Quantize.FASTOCTREE).save(
        buffer, "PNG", compress_level=PNG_LEVEL)
    return "data:image/png;base64," + base64.b64encode(buffer.getvalue()).decode("ascii")
