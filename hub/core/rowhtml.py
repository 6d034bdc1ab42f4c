"""Small pieces for list rows written in Python rather than by template loops (hub/network/rows.py,
hub/projects/rows.py): the same escaping and fixed words as the templates gave, at less cost per row."""

from __future__ import annotations

from html import escape as _escape

from django.utils.translation import get_language
from django.utils.translation import gettext as _


def esc(value) -> str:
    """``conditional_escape`` without its lazy-string wrapper, which costs more than the escaping here."""
    if hasattr(value, "__html__"):
        return value.__html__()
    return _escape(str(value))


# Fixed words in each language (and other per-language labels the rows modules keep), translated once per
# process rather than once per row (the catalogues do not change while it runs).
WORDS: dict[tuple, str] = {}


def word(message: str) -> str:
    """``escape(gettext(message))``, remembered per language (messages marked ``gettext_noop``)."""
    key = (get_language(), message)
    if key not in WORDS:
        WORDS[key] = esc(_(message))
    return WORDS[key]
