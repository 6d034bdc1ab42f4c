"""Notes written for the people who keep the data, read by the public: ``public_note`` leaves out the
sentences that are research notes (the compiler's knowledge, file paths, commands), keeping the rest.
The full note stays in the API, the exports and the edit pages."""

from __future__ import annotations

import re

from django import template

register = template.Library()

RESEARCH = re.compile(
    r"compiler|research file|manage\.py|third-party repository|`|\bdata/|[\w-]+\.(?:json|ya?ml|csv|py|md)\b",
    re.IGNORECASE,
)
SENTENCE_END = re.compile(r"(?<=[.;!?])\s+")


@register.filter
def public_note(text: str | None) -> str:
    if not text:
        return ""
    kept = [s for s in SENTENCE_END.split(str(text).strip()) if s and not RESEARCH.search(s)]
    return " ".join(kept)
