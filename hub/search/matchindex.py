"""The matcher's in-memory index: every project's unit vector and its bilingual terms as BM25 postings.

Vectors and terms are stored per project (ProjectVector), computed lazily for the projects that have
none (a write to a project drops its row: hub.search.signals), so a query costs one encode, one
matrix-vector product and a few posting lists. A worker holds one MatchIndex and checks on each query,
with one small query, whether rows changed since it loaded; if so it reloads (only the new rows' vectors
are read again).

Memory per worker for N projects: N × 512 × 4 bytes of vectors (float32; 100 MB at 50,000 projects) plus
the postings (about 12 bytes per distinct term of a project), plus the encoder (~150 MB): see bench/.
"""

from __future__ import annotations

import math
import threading
import time

import numpy as np
from django.db.models import Count, Exists, Max, OuterRef

from hub.projects.models import FOCUS_AREAS, Project
from hub.search.encoder import DIM, embed, from_bytes, to_bytes
from hub.search.lexicon import concept_terms
from hub.search.models import MatchGeneration, ProjectVector

AREA_CODES = [code for code, _name in FOCUS_AREAS]
K1, B = 1.2, 0.75  # BM25's usual constants: not tuned on the evaluation set
ENCODE_BATCH = 64


def project_text(title: str, summary: str, description: str) -> str:
    return ". ".join(part.strip().rstrip(".") for part in (title, summary, description) if part and part.strip())


def ensure_vectors(batch: int = ENCODE_BATCH) -> int:
    """Compute the vectors and terms of the projects that have none; return how many were computed."""
    missing = Project.objects.filter(~Exists(ProjectVector.objects.filter(project_id=OuterRef("pk"))))
    done = 0
    while True:
        rows = list(missing.values_list("pk", "title", "summary", "description")[:batch])
        if not rows:
            return done
        texts = [project_text(title, summary, description) for _pk, title, summary, description in rows]
        vectors = embed(texts)
        stamp = time.time_ns()
        ProjectVector.objects.bulk_create(
            [
                ProjectVector(
                    project_id=pk,
                    vector=to_bytes(vector),
                    terms=" ".join(term for term, _word in pairs),
                    words=" ".join(word for _term, word in pairs),
                    stamp=stamp,
                )
                for (pk, *_rest), vector, pairs in zip(rows, vectors, map(concept_terms, texts), strict=True)
            ],
            ignore_conflicts=True,  # another worker computed the same project meanwhile
        )
        done += len(rows)


class Postings:
    """BM25 over term lists, as compressed sparse rows (term -> documents, term frequencies)."""

    def __init__(self, documents: list[list[str]]):
        # Rebuilt whole after every project write, so built with numpy rather than a Counter per document
        # (at 50,000 projects: 0.3 s instead of 2 s; the same arrays). Term ids in order of first
        # appearance; postings sorted by term, then document.
        vocabulary: dict[str, int] = {}
        lengths = np.fromiter((len(terms) for terms in documents), dtype=np.int64, count=len(documents))
        term_ids = np.fromiter(
            (vocabulary.setdefault(term, len(vocabulary)) for terms in documents for term in terms),
            dtype=np.int64,
            count=int(lengths.sum()),
        )
        n = max(len(documents), 1)
        doc_ids = np.repeat(np.arange(len(documents), dtype=np.int64), lengths)
        keys, freqs = np.unique(term_ids * n + doc_ids, return_counts=True)
        self.docs = (keys % n).astype(np.int32)
        self.freqs = freqs.astype(np.float32)
        counts = np.bincount(keys // n, minlength=len(vocabulary)) if len(keys) else np.zeros(len(vocabulary))
        self.ptr = np.concatenate([[0], np.cumsum(counts)]).astype(np.int64)
        self.vocabulary = vocabulary
        self.n = len(documents)
        lengths = lengths.astype(np.float32)
        self.norm = K1 * (1 - B + B * lengths / (lengths.mean() if self.n and lengths.mean() else 1))

    def idf(self, term: str) -> float:
        index = self.vocabulary.get(term)
        if index is None:
            return 0.0
        df = self.ptr[index + 1] - self.ptr[index]
        return math.log(1 + (self.n - df + 0.5) / (df + 0.5))

    def score(self, terms: list[str]) -> np.ndarray:
        scores = np.zeros(self.n, dtype=np.float32)
        for term in set(terms):
            index = self.vocabulary.get(term)
            if index is None:
                continue
            start, end = self.ptr[index], self.ptr[index + 1]
            docs, tf = self.docs[start:end], self.freqs[start:end]
            scores[docs] += self.idf(term) * tf * (K1 + 1) / (tf + self.norm[docs])
        return scores


class MatchIndex:
    def __init__(self):
        self.generation: int | None = None
        self.state: tuple[int, int] | None = None
        self.ids = np.zeros(0, dtype=np.int64)
        self.member_ids = np.zeros(0, dtype=np.int64)
        self.vectors = np.zeros((0, DIM), dtype=np.float32)
        self.areas = np.zeros((0, len(AREA_CODES)), dtype=np.float32)
        self.statuses: list[str] = []
        self.postings = Postings([])

    def refresh(self) -> None:
        generation = MatchGeneration.objects.filter(pk=1).values_list("value", flat=True).first() or 0
        if generation == self.generation:
            return  # no project written since this worker built its index: one query per match
        ensure_vectors()
        self.generation = generation
        summary = ProjectVector.objects.aggregate(n=Count("pk"), stamp=Max("stamp"))
        state = (summary["n"], summary["stamp"] or 0)
        if state == self.state:
            return
        newer_than = self.state[1] if self.state else -1
        rows = ProjectVector.objects.filter(stamp__gt=newer_than).values_list("project_id", "vector")
        fresh = {pk: from_bytes(data) for pk, data in rows.iterator(chunk_size=2000)}
        self._load(state, fresh)

    def _load(self, state: tuple[int, int], fresh: dict[int, np.ndarray]) -> None:
        """Project facts and terms of every vector row; vectors are read from the database only when new
        (``fresh``) or unknown to this worker, the others are copied from the matrix it holds."""
        rows = list(
            ProjectVector.objects.order_by("project_id").values_list(
                "project_id", "project__member_id", "project__status", "terms"
            )
        )
        areas = Project.focus_areas.through.objects.filter(
            project_id__in=ProjectVector.objects.values("project_id")
        ).values_list("project_id", "focusarea__code")
        old = {pk: i for i, pk in enumerate(self.ids.tolist())}
        self.ids = np.array([r[0] for r in rows], dtype=np.int64)
        position = {pk: i for i, pk in enumerate(self.ids.tolist())}
        unknown = [pk for pk in position if pk not in fresh and pk not in old]
        for start in range(0, len(unknown), 500):
            chunk = ProjectVector.objects.filter(project_id__in=unknown[start : start + 500])
            fresh.update((pk, from_bytes(data)) for pk, data in chunk.values_list("project_id", "vector"))
        vectors = np.zeros((len(rows), DIM), dtype=np.float32)
        for pk, i in position.items():
            vectors[i] = fresh[pk] if pk in fresh else self.vectors[old[pk]]
        self.vectors = vectors
        self.member_ids = np.array([r[1] for r in rows], dtype=np.int64)
        self.statuses = [r[2] for r in rows]
        self.areas = np.zeros((len(rows), len(AREA_CODES)), dtype=np.float32)
        column = {code: j for j, code in enumerate(AREA_CODES)}
        for pk, code in areas.iterator(chunk_size=5000):
            if pk in position and code in column:
                self.areas[position[pk], column[code]] = 1.0
        self.postings = Postings([r[3].split() for r in rows])
        self.state = state

    def memory_bytes(self) -> int:
        p = self.postings
        return int(
            self.vectors.nbytes
            + self.areas.nbytes
            + self.ids.nbytes
            + self.member_ids.nbytes
            + p.docs.nbytes
            + p.freqs.nbytes
            + p.ptr.nbytes
            + p.norm.nbytes
        )


_index = MatchIndex()
_index_lock = threading.Lock()


def current_index() -> MatchIndex:
    """This worker's index, brought up to date with the database."""
    with _index_lock:
        _index.refresh()
        return _index


def reset_index() -> None:
    """Forget the cached index (tests and evalmatch switch databases under it)."""
    global _index
    with _index_lock:
        _index = MatchIndex()
