"""The encoder remembers the vectors of short batches by text (hub.search.encoder): the same vectors as a
fresh encode, whatever the batch, and a caller that changes what it got changes nothing remembered."""

from __future__ import annotations

import numpy as np

from hub.search import encoder


def test_remembered_vectors_are_those_of_a_fresh_encode():
    texts = ["Flood warning sensors along the river", "Sistem informasi sampah kota"]
    fresh = encoder._embed(texts)
    first = encoder.embed(texts)
    again = encoder.embed([texts[1], texts[0], texts[1]])
    assert np.allclose(first, fresh, atol=1e-5)
    assert np.array_equal(again, first[[1, 0, 1]])
    assert texts[0] in encoder._memo


def test_changing_a_result_does_not_change_the_memory():
    text = "Smart street lighting for a safer city centre"
    vector = encoder.embed([text])
    kept = vector.copy()
    vector[:] = 0
    assert np.array_equal(encoder.embed([text]), kept)


def test_large_batches_are_not_kept(monkeypatch):
    monkeypatch.setattr(encoder, "MEMO_BATCH", 1)
    texts = ["Bus rapid transit lanes", "Open data portal for the city"]
    assert encoder.embed(texts).shape == (2, encoder.DIM)
    assert not any(text in encoder._memo for text in texts)
