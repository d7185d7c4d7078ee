"""careprint's own templates and assets (fonts), used where a library has none of its own."""

from pathlib import Path

_PACKAGE = Path(__file__).resolve().parent
# An installed wheel carries them inside the package; a source checkout has them beside it.
_BUILTIN_ROOT = _PACKAGE / "_builtin" if (_PACKAGE / "_builtin").is_dir() else _PACKAGE.parent

BUILTIN_TEMPLATES = _BUILTIN_ROOT / "templates"
BUILTIN_ASSETS = _BUILTIN_ROOT / "assets"
