"""What a PDF is made from, as one hash: a document is out of date when its fingerprint changed.

The fingerprint hashes exactly what the PDF is made from: the resolved Document (every word,
dosage and source it prints), the template files, the asset files it draws (logo, pictures,
fonts), the print options, and the code that draws it — careprint's own and the versions of
ReportLab and pypdf. So editing one exercise rebuilds exactly the handouts and packs that show
it, and nothing else.
"""

from __future__ import annotations

import hashlib
import os
from functools import lru_cache
from pathlib import Path

from careprint import __version__
from careprint.build.options import Options
from careprint.document.assemble import Document, PackDocument
from careprint.library.reader import Library
from careprint.render.assets import Assets, font_files
from careprint.resources import BUILTIN_ASSETS, BUILTIN_TEMPLATES

_PACKAGE = Path(__file__).resolve().parents[1]


def document_fingerprint(library: Library, doc: Document | PackDocument,
                         options: Options) -> str:
    digest = hashlib.sha256()
    # ReportLab takes the PDF's dates from SOURCE_DATE_EPOCH: a new epoch is a new PDF.
    epoch = os.environ.get("SOURCE_DATE_EPOCH", "")
    for part in (__version__, _code_hash(), *_drawing_libraries(), repr(options), epoch,
                 repr(doc)):
        digest.update(part.encode())
    for path in _template_files(library) + _asset_files(library, doc):
        digest.update(str(path).encode())
        digest.update(_file_hash(path).encode())
    return digest.hexdigest()


@lru_cache(maxsize=1)
def _code_hash() -> str:
    digest = hashlib.sha256()
    for path in sorted(_PACKAGE.rglob("*.py")):
        digest.update(path.read_bytes())
    return digest.hexdigest()


@lru_cache(maxsize=1)
def _drawing_libraries() -> tuple[str, ...]:
    """A new ReportLab or pypdf can draw or write the same document differently; a new
    Pillow or svglib can shrink a photo or convert a drawing differently. Read from their
    installed metadata: `check` fingerprints documents without importing them."""
    from importlib.metadata import version

    import reportlab

    return (f"reportlab {reportlab.Version}", f"pypdf {version('pypdf')}",
            f"pillow {version('pillow')}", f"svglib {version('svglib')}")


def _template_files(library: Library) -> list[Path]:
    folders = [library.paths.templates, BUILTIN_TEMPLATES]
    return sorted({p for f in folders if f.is_dir() for p in f.glob("*.j2")})


def _asset_files(library: Library, doc: Document | PackDocument) -> list[Path]:
    assets = Assets((library.paths.assets, BUILTIN_ASSETS))
    parts = doc.parts if isinstance(doc, PackDocument) else (doc,)
    names = {doc.clinic.logo} | {picture.file for part in parts for card in part.exercises
                                 for picture in card.pictures}
    files = [assets.find(name) for name in sorted(n for n in names if n)]
    fonts = font_files(library)
    return files + [p for p in (fonts.regular, fonts.bold, fonts.italic) if p]


@lru_cache(maxsize=256)
def _file_hash_cached(path: Path, size: int, mtime_ns: int) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def _file_hash(path: Path) -> str:
    stat = path.stat()
    return _file_hash_cached(path, stat.st_size, stat.st_mtime_ns)

