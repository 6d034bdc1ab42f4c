"""Fonts for the ASEAN scripts that local names are written in: Thai, Lao, Khmer and Myanmar (Burmese).

A device without these fonts shows the names as empty boxes, and so does a PDF whose fonts lack them. The
fonts are Google's Noto Sans (SIL Open Font Licence 1.1) as the PyPI package ``justmytype-intl-sea`` carries
them (installed from the lock files like every dependency; nothing is fetched at run time, no CDN):

- the pages get them as static files under ``fonts/`` (``ScriptFontFinder``, in STATICFILES_FINDERS), declared
  by static/css/scripts.css with a unicode-range each, so a browser downloads one only for a page that has
  text in its script;
- the PDFs embed them (hub/core/pdf_fonts.py), with the licence beside the files.

Each script: its key, the font's file in the package, the static name it is served under, and its Unicode
blocks (the unicode-range of the css and the test of which font a word needs).
"""

from __future__ import annotations

import importlib.util
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from django.contrib.staticfiles.finders import BaseFinder
from django.core.files.storage import FileSystemStorage

PACKAGE = "justmytype_intl_sea"


@dataclass(frozen=True)
class Script:
    key: str
    family: str  # the CSS family and the PDF font's name
    folder: str  # the package's folder of the font
    ranges: tuple[tuple[int, int], ...]

    @property
    def static_name(self) -> str:
        return f"fonts/{self.family.lower().replace(' ', '-')}.ttf"


SCRIPTS = (
    Script("thai", "Noto Sans Thai", "notosansthai", ((0x0E00, 0x0E7F),)),
    Script("lao", "Noto Sans Lao", "notosanslao", ((0x0E80, 0x0EFF),)),
    Script("khmer", "Noto Sans Khmer", "notosanskhmer", ((0x1780, 0x17FF), (0x19E0, 0x19FF))),
    Script("myanmar", "Noto Sans Myanmar", "notosansmyanmar", ((0x1000, 0x109F), (0xA9E0, 0xA9FF), (0xAA60, 0xAA7F))),
)


@lru_cache(maxsize=1)
def font_root() -> Path | None:
    """The package's folder of fonts (ofl/<family>/), or None where it is not installed."""
    spec = importlib.util.find_spec(PACKAGE)
    if spec is None or not spec.submodule_search_locations:
        return None
    root = Path(next(iter(spec.submodule_search_locations))) / "fonts" / "ofl"
    return root if root.is_dir() else None


def font_file(script: Script) -> Path | None:
    """The script's TrueType file (the variable font; its default instance is the regular weight)."""
    root = font_root()
    if root is None:
        return None
    found = sorted((root / script.folder).glob("*.ttf"))
    return found[0] if found else None


def licence_file(script: Script) -> Path | None:
    root = font_root()
    path = root / script.folder / "OFL.txt" if root else None
    return path if path and path.exists() else None


def script_of(char: str) -> Script | None:
    code = ord(char)
    for script in SCRIPTS:
        if any(low <= code <= high for low, high in script.ranges):
            return script
    return None


def static_files() -> dict[str, Path]:
    """Static name -> file: each font, and its licence beside it (fonts/noto-sans-thai.ttf, ...-OFL.txt)."""
    files = {}
    for script in SCRIPTS:
        font, licence = font_file(script), licence_file(script)
        if font is not None:
            files[script.static_name] = font
        if licence is not None:
            files[script.static_name.removesuffix(".ttf") + "-OFL.txt"] = licence
    return files


class _Files(FileSystemStorage):
    """A read-only storage of a few files known by their static names (what collectstatic reads)."""

    def __init__(self, files: dict[str, Path]):
        super().__init__(location=str(font_root() or "."))
        self.files = files

    def path(self, name: str) -> str:
        return str(self.files[name])


class ScriptFontFinder(BaseFinder):
    """Finds the script fonts for the static files (runserver's and whitenoise's serving, collectstatic)."""

    def check(self, **kwargs):
        return []

    def find(self, path, find_all=False, **kwargs):
        found = static_files().get(path)
        if found is None:
            return []
        return [str(found)] if (find_all or kwargs.get("all")) else str(found)

    def list(self, ignore_patterns):
        files = static_files()
        storage = _Files(files)
        for name in files:
            yield name, storage
