"""The files a document draws: pictures and logos from the asset folders, and the fonts."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from careprint.library.reader import Library
from careprint.library.references import asset_path
from careprint.render.markup import MarkupError
from careprint.resources import BUILTIN_ASSETS


@dataclass(frozen=True)
class Assets:
    """Finds a file a template or the library names, only inside the allowed asset folders."""

    folders: tuple[Path, ...]

    def find(self, relpath: str) -> Path:
        for folder in self.folders:
            path = (folder / relpath).resolve()
            if path.is_relative_to(folder.resolve()) and path.is_file():
                return path
        raise MarkupError(f"<img src=\"{relpath}\">: no such file inside assets/")


class PictureError(Exception):
    """A picture the render cannot print; the message names the file and what is wrong."""

    def __init__(self, relpath: str, problem: str, hint: str) -> None:
        super().__init__(f"picture 'assets/{relpath}' {problem}")
        self.relpath, self.problem, self.hint = relpath, problem, hint


@dataclass(frozen=True, slots=True)
class FontFiles:
    """The font files of one family: regular, bold and, when there is one, italic."""

    regular: Path
    bold: Path
    italic: Path | None = None


# DejaVu Sans Condensed: the coverage of DejaVu Sans (no blank boxes for Łukasz or Nguyễn)
# with a tenth more words a line, which two-page handouts at 12 pt need.
DEFAULT_FONTS = FontFiles(BUILTIN_ASSETS / "fonts/DejaVuSansCondensed.ttf",
                          BUILTIN_ASSETS / "fonts/DejaVuSansCondensed-Bold.ttf",
                          BUILTIN_ASSETS / "fonts/DejaVuSansCondensed-Oblique.ttf")


def font_files(library: Library) -> FontFiles:
    fonts = library.clinic.fonts if library.clinic else None
    if fonts is None:
        return DEFAULT_FONTS
    return FontFiles(asset_path(library, fonts.regular), asset_path(library, fonts.bold),
                     asset_path(library, fonts.italic) if fonts.italic else None)
