"""Text analysis for search and matching: one analyzer per language, chosen from a table.

An analyzer turns text into index terms: lower-cased word tokens, stop words dropped, stems kept. Both the
full-text index and the matcher use these terms, so a word is found in whatever form it was written.

    ANALYZERS["en"]   English: Snowball (Porter 2) stems, English stop words
    ANALYZERS["id"]   Bahasa Indonesia: Sastrawi's dictionary-based stemmer (Nazief–Adriani with the
                      confix-stripping rules: me-/ber-/di-/ter-/pe-/ke-/se-, -kan/-an/-i, -nya/-ku/-mu,
                      particles -lah/-kah/-pun), Indonesian stop words; a word that is not an Indonesian
                      root after stripping is left to the English stemmer, because Indonesian officers
                      write English terms ("smart city", "dashboard") inside Indonesian sentences.
    ANALYZERS["th"]   slot: Thai is written without spaces, so its analyzer needs a word segmenter
                      (e.g. a dictionary-based maximal matcher) in ``tokenize``; until one is added,
                      Thai text is analysed by the default analyzer (words split on spaces only).

To add a language: write a ``LanguageAnalyzer`` subclass (tokenize, stop words, stem) and put it in
``ANALYZERS``; documents in that language are then indexed with it and queries are analysed with every
analyzer in the table (a query's language is not known), so nothing else changes.
"""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache

import snowballstemmer

MAX_TOKEN = 40  # longer "words" are noise (hashes, pasted URLs) and would bloat the index

ENGLISH_STOP = frozenset(
    """a about above after again against all also am an and any are as at be because been before being
    below between both but by can could did do does doing down during each few for from further get gets
    had has have having he her here hers him his how i if in into is it its itself just me more most my
    no nor not now of off on once only or other our ours out over own same she should so some such than
    that the their theirs them then there these they this those through to too under until up upon very
    via was we were what when where which while who whom why will with within without would you your yours
    us many much may might must one ones etc""".split()
)

INDONESIAN_STOP = frozenset(
    """ada adalah adanya agar akan akhirnya aku amat anda antara apa apakah apabila atas atau bagai bagaimana
    bagi bahkan bahwa baik banyak baru begitu belum berbagai beberapa bila bisa boleh bukan cara dalam dan
    dapat dari daripada demikian dengan di dia dijelaskan dilakukan hal hanya harus hingga ia ialah ini
    itu jadi jika juga justru kalau kami kamu karena ke kemudian kepada ketika kita lagi lain lalu maka
    masih melalui memang menjadi menurut mereka misalnya mulai namun oleh pada padahal para pernah per
    pula saat saja sambil sampai sangat sebagai sebelum sebuah secara sedang sehingga sejak selain selama
    semua seperti serta sesudah setelah setiap sudah supaya tanpa tapi telah tentang terhadap tersebut
    tetapi tidak untuk yaitu yakni yang nya pun lah kah tak sebab oleh sekitar sementara hampir kapan
    siapa mana sini situ sana soal tiap tiga dua satu""".split()
)


def fold(text: str) -> str:
    """Lower case without the accents of Latin letters: 'Dottoro’ta' and 'dottorota', 'Đà Nẵng' and
    'da nang' meet. Marks on other scripts are letters' parts (Thai, Lao, Khmer and Burmese vowel signs)
    and stay."""
    lowered = text.lower()
    if lowered.isascii():
        return lowered
    out = []
    latin = False
    for ch in unicodedata.normalize("NFKD", lowered):
        if unicodedata.combining(ch):
            if latin:
                continue
        else:
            latin = ch < "\u0250"
        out.append(ch)
    return unicodedata.normalize("NFC", "".join(out)).replace("đ", "d")


_ASCII_WORD = re.compile(r"[a-z0-9]+(?:'[a-z0-9]+)*")


def _is_word_char(ch: str) -> bool:
    return ch.isalnum() or unicodedata.category(ch).startswith("M")


def words(text: str) -> list[str]:
    """Folded word tokens of any script (letters, digits and their marks), apostrophes inside a word
    joined ("dottoro'ta" -> "dottorota"), over-long tokens dropped."""
    folded = fold(text or "")
    if folded.isascii():
        tokens = (m.group().replace("'", "") for m in _ASCII_WORD.finditer(folded))
        return [token for token in tokens if len(token) <= MAX_TOKEN]
    out, current = [], []
    for i, ch in enumerate(folded):
        if _is_word_char(ch):
            current.append(ch)
        elif ch in "'’" and current and i + 1 < len(folded) and _is_word_char(folded[i + 1]):
            continue
        elif current:
            out.append("".join(current))
            current = []
    if current:
        out.append("".join(current))
    return [token for token in out if len(token) <= MAX_TOKEN]


class LanguageAnalyzer:
    """Default analyzer: words split on spaces and punctuation, nothing stemmed or dropped."""

    code = ""
    stop_words: frozenset[str] = frozenset()

    def tokenize(self, text: str) -> list[str]:
        return words(text)

    def stem(self, word: str) -> str:
        return word

    def terms(self, text: str) -> list[str]:
        """Index terms of ``text`` in order (stop words dropped, each word stemmed)."""
        return [self.stem(w) for w in self.tokenize(text) if w not in self.stop_words]


@lru_cache(maxsize=200_000)
def _english_stem(word: str) -> str:
    return _snowball_english().stemWord(word)


@lru_cache(maxsize=1)
def _snowball_english():
    return snowballstemmer.stemmer("english")


class EnglishAnalyzer(LanguageAnalyzer):
    code = "en"
    stop_words = ENGLISH_STOP

    def stem(self, word: str) -> str:
        if not word.isascii() or word.isdigit():
            return word
        return _english_stem(word)


@lru_cache(maxsize=1)
def _sastrawi():
    """Sastrawi's stemmer and its root-word dictionary (shipped inside the package, read once)."""
    from Sastrawi.Dictionary.ArrayDictionary import ArrayDictionary
    from Sastrawi.Stemmer.Stemmer import Stemmer
    from Sastrawi.Stemmer.StemmerFactory import StemmerFactory

    roots = frozenset(StemmerFactory().get_words())

    class SetDictionary(ArrayDictionary):
        # Sastrawi keeps its 30,000 roots in a list: a lookup per affix rule scanned it (~1 ms each).
        def __init__(self, words):
            super().__init__()
            self.words = words

        def contains(self, word):
            return word in self.words

    return Stemmer(SetDictionary(roots)), roots


@lru_cache(maxsize=200_000)
def indonesian_root(word: str) -> str | None:
    """The Indonesian root of ``word`` ('pengaduannya' -> 'adu'), or None when it is not Indonesian."""
    stemmer, roots = _sastrawi()
    if word in roots:
        return word
    if len(word) < 4 or not word.isalpha() or not word.isascii():
        return None
    root = stemmer.stem(word)
    return root if root in roots and root != word else None


class IndonesianAnalyzer(LanguageAnalyzer):
    code = "id"
    stop_words = INDONESIAN_STOP

    def stem(self, word: str) -> str:
        root = indonesian_root(word)
        if root is not None:
            return root
        return EnglishAnalyzer().stem(word)


# Language code -> analyzer. Add a language here (see the module's docstring); "th" waits for a segmenter.
ANALYZERS: dict[str, LanguageAnalyzer] = {
    "en": EnglishAnalyzer(),
    "id": IndonesianAnalyzer(),
}
DEFAULT = LanguageAnalyzer()


def analyzer_for(language: str | None) -> LanguageAnalyzer:
    return ANALYZERS.get((language or "").lower()[:2], DEFAULT)


def document_terms(text: str, language: str | None) -> list[str]:
    """Index terms of a document written in ``language``."""
    return analyzer_for(language).terms(text)


def query_alternatives(text: str) -> list[set[str]]:
    """Per query word, the terms it may stand for under every analyzer (the query's language is unknown).

    A stop word of any language is dropped ("the", "yang"): no analyzer indexes it in its own language, and
    as a word of another language it would only demand a match on noise. A query made of stop words only
    gives an empty list."""
    stop = frozenset().union(*(a.stop_words for a in ANALYZERS.values()))
    return [{a.stem(word) for a in ANALYZERS.values()} for word in words(text) if word not in stop]
