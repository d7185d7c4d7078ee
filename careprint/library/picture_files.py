"""Reading a clinic's picture files safely: PNG and JPEG photos, and SVG drawings.

Both `careprint check` and the render read pictures through here, so a file that check passes
is one the render can print, and every way a file can be wrong is said the same way: what is
wrong with it, in words, and how to fix it.

Photos: Pillow decodes them, refusing more pixels than Pillow's own decompression-bomb limit;
a JPEG is decoded at a reduced scale when only a small picture is wanted (a 6000 x 4000 photo
costs what a 750 x 500 one does). The result is upright (EXIF orientation) and in sRGB (CMYK
and colour profiles converted), ready to shrink and print.

Drawings: an SVG is parsed with entities, DTDs and the network off, then refused if anything
in it could reach outside the file (links, entities, XInclude, CSS imports, embedded pictures)
or needs fonts (text): only then is it given to svglib, from memory, so it has no file path
from which to resolve anything.
"""

from __future__ import annotations

import hashlib
import io
import logging
import os
import re
import warnings
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from PIL import Image, ImageCms, ImageOps, UnidentifiedImageError
from PIL import __version__ as PIL_VERSION

from careprint import __version__

# svglib reports what it cannot draw through logging; careprint refuses such files itself, and
# an unconfigured logger would print svglib's lines on the user's terminal.
logging.getLogger("svglib").addHandler(logging.NullHandler())

SVG_SUFFIX = ".svg"
# A new Pillow, svglib or careprint may judge a file differently: a new mark.
_CHECK_VERSION = f"careprint {__version__} pillow {PIL_VERSION} svglib-checks 1 ".encode()
PHOTO_FORMATS = {"PNG": "PNG", "JPEG": "JPEG", "MPO": "JPEG"}  # MPO: many phones' JPEGs
MAX_SVG_BYTES = 5_000_000  # a drawing for a 36 mm slot is a few kilobytes

_XLINK_OR_ANY_HREF = re.compile(r"^(\{[^}]*\})?href$")
_XINCLUDE = "http://www.w3.org/2001/XInclude"
_CSS_URL = re.compile(r"url\(\s*['\"]?\s*([^)'\"\s]*)", re.IGNORECASE)
_TEXT_TAGS = {"text", "tspan", "textPath", "tref", "flowRoot", "flowPara"}


class PictureFileError(Exception):
    """What is wrong with a picture file ("has too many pixels (…)") and how to fix it."""

    def __init__(self, problem: str, hint: str) -> None:
        super().__init__(problem)
        self.problem, self.hint = problem, hint


def max_pixels() -> int:
    """Pillow's decompression-bomb limit (about 89 megapixels unless changed)."""
    return int(Image.MAX_IMAGE_PIXELS or 89_478_485)


def picture_problem(path: Path) -> PictureFileError | None:
    """Why the picture file cannot be printed, or None when it can.

    Decoding six phone photos takes half a second, so a file found fine is remembered by its
    content hash: the next check, and every sheet's, skips it until it changes. A forged
    mark skips only this check: the render decodes the photo again, and says what is wrong.
    """
    try:
        data = path.read_bytes()
    except OSError as err:
        return PictureFileError(f"cannot be read ({err.strerror})", "check the file's permissions")
    mark = _checked_folder() / hashlib.sha256(_CHECK_VERSION + data).hexdigest()
    if mark.is_file():
        return None
    try:
        if path.suffix.lower() == SVG_SUFFIX:
            svg_drawing(data)
        else:
            open_photo(data, draft_to=256)
    except PictureFileError as err:
        return err
    try:
        mark.parent.mkdir(parents=True, exist_ok=True)
        mark.touch()
    except OSError:
        pass  # an unwritable cache only means checking again next time
    return None


def cache_folder() -> Path:
    """Where shrunk photos are kept: CAREPRINT_CACHE_DIR, else the user's cache folder
    (XDG_CACHE_HOME or ~/.cache)."""
    given = os.environ.get("CAREPRINT_CACHE_DIR")
    if given:
        return Path(given) / "pictures"
    base = os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache"
    return Path(base) / "careprint" / "pictures"


def _checked_folder() -> Path:
    return cache_folder().with_name("pictures-checked")


# --- photos ---------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Photo:
    image: Image.Image  # upright, in L, RGB or RGBA
    format: str  # "PNG" or "JPEG": how the clinic saved it, so how to keep it


def photo_shape(data: bytes) -> tuple[int, int]:
    """The photo's upright width and height in pixels, from its header alone (cheap)."""
    image, _ = _checked_open(data)
    try:
        turned = image.getexif().get(0x0112, 1) in (5, 6, 7, 8)  # Orientation: a quarter turn
    except (OSError, ValueError, SyntaxError, KeyError, TypeError):
        turned = False
    return (image.height, image.width) if turned else (image.width, image.height)


def open_photo(data: bytes, draft_to: int | None = None) -> Photo:
    """The decoded, upright, sRGB photo; draft_to (pixels) lets a JPEG decode at a reduced
    scale that is still at least that large."""
    image, kind = _checked_open(data)
    if draft_to and kind == "JPEG":
        image.draft(image.mode, (draft_to, draft_to))
    try:
        image.load()
    except (OSError, ValueError, SyntaxError) as err:
        raise PictureFileError(f"is damaged ({_pillow_words(err)})",
                               "save or export the picture again") from err
    try:
        upright = ImageOps.exif_transpose(image) or image
    except (OSError, ValueError, SyntaxError, KeyError, TypeError):
        upright = image  # unreadable EXIF: print the picture as stored rather than not at all
    return Photo(_in_srgb(upright), kind)


def _checked_open(data: bytes) -> tuple[Image.Image, str]:
    """The photo opened (its header read, nothing decoded), and "PNG" or "JPEG"."""
    image = _opened(data)
    kind = PHOTO_FORMATS.get(image.format or "")
    if kind is None:
        raise PictureFileError(f"is a {image.format} picture, not PNG or JPEG",
                               "save it again as PNG or JPEG")
    _check_pixels(image.width * image.height)
    return image, kind


def _opened(data: bytes) -> Image.Image:
    if not data:
        raise PictureFileError("is empty", "copy the picture into assets/ again")
    with warnings.catch_warnings():
        # Pillow warns between its limit and twice it, and raises above: both are too many.
        warnings.simplefilter("error", Image.DecompressionBombWarning)
        try:
            return Image.open(io.BytesIO(data))
        except (Image.DecompressionBombError, Image.DecompressionBombWarning) as err:
            found = re.search(r"\((\d+) pixels\)", str(err))
            _check_pixels(int(found.group(1)) if found else max_pixels() + 1)
            raise  # not reached: the count is over the limit
        except UnidentifiedImageError as err:
            raise PictureFileError(f"is not a picture: {_what_it_holds(data)}",
                                   "export it again as PNG or JPEG") from err
        except (OSError, ValueError, SyntaxError) as err:
            raise PictureFileError(f"is damaged ({_pillow_words(err)})",
                                   "save or export the picture again") from err


def _check_pixels(count: int) -> None:
    limit = max_pixels()
    if count > limit:
        raise PictureFileError(
            f"has too many pixels ({count / 1e6:.1f} megapixels; the limit is "
            f"{limit / 1e6:.1f})", "resize it to about 3000 pixels on its longest side")


def _what_it_holds(data: bytes) -> str:
    head = data[:512]
    if b"\0" not in head:
        try:
            head.decode("utf-8")
            return "it holds text, not picture data"
        except UnicodeDecodeError:
            pass
    return "its data is not PNG or JPEG"


def _pillow_words(err: Exception) -> str:
    text = str(err).strip() or type(err).__name__
    return "the picture data stops early" if "truncated" in text else text


_SRGB = ImageCms.createProfile("sRGB")


def _in_srgb(image: Image.Image) -> Image.Image:
    """CMYK and photos with their own colour profile (a camera's Display P3, a printer's
    CMYK) in sRGB, which is what ReportLab prints as DeviceRGB; transparency kept."""
    if image.mode == "I" or image.mode.startswith("I;16"):
        # 16-bit grey (scans, medical exports): plain conversion clips it to white.
        image = image.convert("I").point(lambda value: value / 256).convert("L")
    alpha = image.mode in ("RGBA", "LA", "PA") or "transparency" in image.info
    target = "RGBA" if alpha else ("L" if image.mode in ("1", "L") else "RGB")
    profile = image.info.get("icc_profile")
    if profile and image.mode in ("RGB", "RGBA", "CMYK"):
        try:
            source = ImageCms.ImageCmsProfile(io.BytesIO(profile))
            converted = ImageCms.profileToProfile(image, source, _SRGB,
                                                  outputMode="RGBA" if alpha else "RGB")
            if converted is not None:
                return converted
        except (ImageCms.PyCMSError, OSError, ValueError):
            pass  # a broken profile: the plain conversion below is close enough to print
    return image if image.mode == target else image.convert(target)


# --- drawings -------------------------------------------------------------------------------


def svg_drawing(data: bytes) -> Any:
    """The drawing as a ReportLab Drawing, once the file is known to reach nothing outside it."""
    if len(data) > MAX_SVG_BYTES:
        raise PictureFileError(f"is {len(data) / 1e6:.1f} MB; a drawing may be at most "
                               f"{MAX_SVG_BYTES / 1e6:.0f} MB", "simplify the drawing, or use a "
                               "PNG or JPEG")
    _check_svg(data)
    from svglib.svglib import svg2rlg  # imported here: most documents have no SVG

    try:
        # From memory, not a path: svglib cannot resolve a relative link without one.
        drawing = svg2rlg(io.BytesIO(data))
    except Exception as err:  # svglib raises many kinds for a drawing it cannot convert
        raise PictureFileError(f"is an SVG drawing careprint cannot convert ({err})",
                               "save it again as plain SVG") from err
    if drawing is None or drawing.width <= 0 or drawing.height <= 0:
        raise PictureFileError("is an SVG drawing with no size",
                               "give the <svg> a width and height, or a viewBox")
    return drawing


def _check_svg(data: bytes) -> None:
    from lxml import etree

    class Refusing(etree.Resolver):
        """Refuses every outside document: the parser's settings already keep it from
        loading any, and this makes sure."""

        def resolve(self, url, public_id, context):
            raise PictureFileError(f"refers to an outside file or address ('{url}')",
                                   "save the drawing as plain SVG with everything inside it")

    parser = etree.XMLParser(resolve_entities=False, no_network=True, load_dtd=False,
                             dtd_validation=False, huge_tree=False, remove_comments=True)
    parser.resolvers.add(Refusing())
    try:
        root = etree.fromstring(data, parser)
    except etree.XMLSyntaxError as err:
        raise PictureFileError(f"is not a well-formed SVG file ({err})",
                               "save it again from your drawing program as plain SVG") from err
    dtd = root.getroottree().docinfo.internalDTD
    if dtd is not None and any(True for _ in dtd.iterentities()):
        raise PictureFileError("declares XML entities (<!ENTITY …>), which could read other "
                               "files", "save it again as plain SVG, without a DOCTYPE")
    if not isinstance(root.tag, str) or etree.QName(root).localname != "svg":
        raise PictureFileError("is not an SVG drawing (it has no <svg> element)",
                               "save it again from your drawing program as plain SVG")
    for element in root.iter():
        _check_svg_element(element, etree)


def _check_svg_element(element: Any, etree: Any) -> None:
    if not isinstance(element.tag, str):
        if isinstance(element, etree._Entity):
            raise PictureFileError(f"uses the XML entity &{element.name};, which could read "
                                   "other files", "save it again as plain SVG")
        return  # a processing instruction: ignored by svglib
    name = etree.QName(element)
    if name.namespace == _XINCLUDE:
        raise PictureFileError("uses XInclude to pull in another file",
                               "save the drawing as plain SVG with everything inside it")
    if name.localname in _TEXT_TAGS:
        raise PictureFileError("contains text, which would need fonts from this computer",
                               "turn the text into paths (Inkscape: Path > Object to Path), "
                               "or put the words in the exercise's steps")
    if name.localname == "image":
        raise PictureFileError("contains a picture inside the drawing",
                               "use the photo as its own PNG or JPEG file")
    for attribute, value in element.attrib.items():
        if _XLINK_OR_ANY_HREF.match(attribute) and not value.strip().startswith("#"):
            raise PictureFileError(f"refers to an outside file or address ('{value.strip()}')",
                                   "keep only links inside the drawing (href=\"#id\")")
        _check_css(value)
    if name.localname == "style":
        _check_css(element.text or "")


def _check_css(text: str) -> None:
    if "@import" in text.lower():
        raise PictureFileError("imports a style sheet from another file (@import)",
                               "put the styles inside the drawing")
    for target in _CSS_URL.findall(text):
        if not target.startswith("#"):
            raise PictureFileError(f"refers to an outside file or address ('{target}')",
                                   "keep only links inside the drawing (url(#id))")
