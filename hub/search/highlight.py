"""Snippets with the matched words marked, escaped for HTML.

The index holds stems, so the marks are found again here: a word of the text is marked when one of its
forms (English stem, Indonesian root, the root's English terms) is among the query's terms. Everything
else is escaped: a record's text can never inject markup into the results page.
"""

from __future__ import annotations

import re
from functools import lru_cache

from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe

from hub.search.analysis import ANALYZERS, fold

WIDTH = 28  # words in a snippet
LEAD = 8  # words shown before the first match
_TOKEN = re.compile(r"[^\W_]+(?:['’][^\W_]+)*|[\W_]+", re.UNICODE)


@lru_cache(maxsize=50_000)
def word_forms(word: str) -> frozenset[str]:
    from hub.search.lexicon import id_to_en

    folded = fold(word).replace("'", "").replace("’", "")
    forms = {folded} | {a.stem(folded) for a in ANALYZERS.values()}
    table = id_to_en()
    for form in list(forms):
        forms.update(table.get(form, ()))
    return frozenset(forms)


def snippet(text: str, terms: set[str], width: int = WIDTH) -> SafeString:
    """The ``width`` words of ``text`` with the most matches, matches in <mark>, the rest escaped."""
    tokens = _TOKEN.findall(text or "")
    word_positions = [i for i, tok in enumerate(tokens) if tok[0].isalnum()]
    hits = [i for i in word_positions if word_forms(tokens[i]) & terms]
    if not word_positions:
        return mark_safe("")
    start_word = 0
    if hits:
        # The window of ``width`` words holding the most hits, starting a little before the first.
        best, best_count = 0, -1
        for k, pos in enumerate(word_positions):
            if pos not in hits:
                continue
            window_start = max(0, k - LEAD)
            window = word_positions[window_start : window_start + width]
            count = sum(1 for p in window if p in hits)
            if count > best_count:
                best, best_count = window_start, count
        start_word = best
    window = word_positions[start_word : start_word + width]
    first = 0 if start_word == 0 else window[0]
    last = window[-1] + 1 if window[-1] + 1 < len(tokens) else window[-1]  # the punctuation after the last word
    hit_set = set(hits)
    parts = ["… " if start_word > 0 else ""]
    for i in range(first, min(last, len(tokens) - 1) + 1):
        piece = escape(tokens[i])
        parts.append(f"<mark>{piece}</mark>" if i in hit_set else piece)
    if window[-1] < word_positions[-1]:
        parts.append(" …")
    return mark_safe("".join(parts))  # noqa: S308 - every piece of text was escaped above
