"""The fonts of the hub's PDFs (the M&E report, the minutes of a meeting), embedded in the files.

Latin, Vietnamese and Greek letters are set in DejaVu Sans (Debian's fonts-dejavu-core; reportlab's built-in
Helvetica where it is missing). Thai, Lao, Khmer and Myanmar, the scripts of many local names, are set in the
Noto Sans fonts of hub/core/fonts.py: reportlab embeds the glyphs used, so the PDF shows the names on any
device.

reportlab sets a paragraph's text in one font per fragment, and shapes it (uharfbuzz: Khmer and Myanmar
stack and reorder their letters, Thai and Lao place their marks) in the font of a word's first fragment. So
``paragraph`` puts each word with letters of such a script wholly in that script's font (those fonts carry
Latin digits and punctuation too, so "(กรุงเทพมหานคร)" stays one word) and shapes only paragraphs that need
it: shaping every Latin word would slow the big reports for nothing.
"""

from __future__ import annotations

import logging
import re
from functools import lru_cache
from pathlib import Path
from xml.sax.saxutils import escape

from reportlab.lib.styles import ParagraphStyle
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFont
from reportlab.platypus import Paragraph

from hub.core.fonts import SCRIPTS, font_file, script_of

logger = logging.getLogger(__name__)
DEJAVU = Path("/usr/share/fonts/truetype/dejavu")
_WORD = re.compile(r"(\s+)")
_SCRIPT_CHARS = re.compile(
    "[" + "".join(f"\\u{low:04x}-\\u{high:04x}" for s in SCRIPTS for low, high in s.ranges if high <= 0xFFFF) + "]"
)


@lru_cache(maxsize=1)
def base_fonts() -> tuple[str, str, str]:
    """(regular, bold, italic) font names: DejaVu Sans registered once if installed, else Helvetica's."""
    files = {
        "HubSans": DEJAVU / "DejaVuSans.ttf",
        "HubSans-Bold": DEJAVU / "DejaVuSans-Bold.ttf",
        "HubSans-Oblique": DEJAVU / "DejaVuSans-Oblique.ttf",
    }
    try:
        for name in ("HubSans", "HubSans-Bold"):
            pdfmetrics.registerFont(TTFont(name, str(files[name])))
    except Exception:  # missing or unreadable font file: the built-in font still writes Latin text
        return "Helvetica", "Helvetica-Bold", "Helvetica-Oblique"
    italic = "HubSans"
    if files["HubSans-Oblique"].exists():
        pdfmetrics.registerFont(TTFont("HubSans-Oblique", str(files["HubSans-Oblique"])))
        italic = "HubSans-Oblique"
    pdfmetrics.registerFontFamily(
        "HubSans", normal="HubSans", bold="HubSans-Bold", italic=italic, boldItalic="HubSans-Bold"
    )
    return "HubSans", "HubSans-Bold", italic


@lru_cache(maxsize=1)
def script_fonts() -> dict[str, str]:
    """Script key -> registered font name, for the script fonts that are installed."""
    names = {}
    for script in SCRIPTS:
        path = font_file(script)
        if path is None:
            continue
        name = "Hub" + script.key.capitalize()
        try:
            pdfmetrics.registerFont(TTFont(name, str(path)))
        except Exception:  # an unreadable file: that script's words keep the base font, and the log says why
            logger.warning("The %s font %s could not be read.", script.family, path, exc_info=True)
            continue
        names[script.key] = name
    return names


def has_script(text: str) -> bool:
    """Whether the text has letters of a script the base font lacks (Thai, Lao, Khmer, Myanmar)."""
    return _SCRIPT_CHARS.search(text) is not None


def markup(text: str) -> str:
    """Paragraph markup (already escaped) with each word that has such letters in its script's font."""
    parts = _WORD.split(text)
    for i, word in enumerate(parts):
        if not word or word.isspace() or not has_script(word):
            continue
        font = font_for(word)
        if font is not None:
            parts[i] = f'<font name="{font}">{word}</font>'
    return "".join(parts)


def _no_discretionary_ligatures() -> None:
    """reportlab shapes with discretionary ligatures on (its default features: kern, liga, dlig), which draws
    DejaVu's "st" as the historic ſt ligature in the Latin words of a shaped paragraph. Typesetting leaves
    them off unless asked for; so do we."""
    from reportlab.pdfbase import ttfonts

    defaults = getattr(ttfonts.shapeFragWord, "__defaults__", None) or ()
    if defaults and isinstance(defaults[0], dict):
        defaults[0]["dlig"] = False


_no_discretionary_ligatures()


@lru_cache(maxsize=64)
def _shaped(style: ParagraphStyle) -> ParagraphStyle:
    return ParagraphStyle(f"{style.name}-shaped", parent=style, shaping=1)


def paragraph(text: str, style: ParagraphStyle, *, escaped: bool = False) -> Paragraph:
    """A Paragraph of plain text (escaped here, line breaks kept), or of markup with ``escaped=True``."""
    body = text if escaped else escape(text).replace("\n", "<br/>")
    if not has_script(body):
        return Paragraph(body, style)
    return Paragraph(markup(body), _shaped(style))


def font_for(word: str) -> str | None:
    """The registered script font a word is set in (None: the base font)."""
    if not has_script(word):
        return None
    script = next(s for c in word if (s := script_of(c)) is not None)
    return script_fonts().get(script.key)


def draw_line(text_object, line: str, font: str, size: float) -> None:
    """One line onto a reportlab text object, then to the next line: words in a script font are set (and
    shaped) in it, the rest in ``font``; for tables drawn straight onto the canvas (the report's appendix)."""
    from reportlab.pdfbase.ttfonts import shapeStr

    leading = text_object._leading
    for piece in _WORD.split(line):
        if not piece:
            continue
        script = font_for(piece) if not piece.isspace() else None
        text_object.setFont(script or font, size, leading)
        text_object.textOut(shapeStr(piece, script, size) if script else piece)
    text_object.setFont(font, size, leading)
    text_object.textLine("")
