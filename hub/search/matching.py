"""Who elsewhere has solved this: rank other members' projects for a challenge or any text.

    match(text, *, member=None, focus_areas=(), help_wanted=None, limit=20, exclude_projects=()) -> list[Match]

Used by GET /api/v1/match, by "Similar elsewhere" on project pages, by challenge pages, and by
``manage.py evalmatch`` (so what is measured is what runs). The asking member's projects are removed
before ranking, never shown.

The score, per project (weights set from the problem, then checked on the development set; see
docs/architecture.md for the measurements behind each part):

1. meaning: cosine of the multilingual sentence encoder's vectors (text and its English gloss);
2. words: BM25 over both texts' terms in one bilingual space (hub.search.lexicon.concept_terms), scaled
   to the best project's score, weight 0.4;
3. the query vector is then moved towards the five best projects so far (pseudo-relevance feedback,
   weight 0.7) and (1) and (2) are summed again: a short challenge borrows the vocabulary of the projects
   that answer it;
4. focus areas: the areas of the ten best projects (weighted by score), or those the caller gives (a
   challenge's own), add up to 0.1 for projects in the same areas;
5. help wanted (a challenge's kind of help): "knowledge" prefers projects that are running or done,
   "partner" those with partners, "funding" those whose funding is known (at most 0.03).
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field

import numpy as np
from django.db.models import Prefetch
from django.utils import timezone

from hub.network.models import Member, Organisation, Role, RoleTerm
from hub.projects.models import FocusArea, Project, ProjectStatus
from hub.search.analysis import ANALYZERS
from hub.search.encoder import embed, normalise
from hub.search.lexicon import concept_terms
from hub.search.matchindex import AREA_CODES, current_index, project_text
from hub.search.models import ProjectVector

LEXICAL_WEIGHT = 0.4
FEEDBACK_WEIGHT = 0.7
FEEDBACK_DEPTH = 5
AREA_WEIGHT = 0.1
AREA_DEPTH = 10
HELP_WEIGHT = 0.03
MAX_TEXT = 5000  # characters of a challenge that are read
MAX_LIMIT = 100
CANDIDATES = 1000  # re-scored after the first pass; far more than any page shows


@dataclass
class Match:
    project: Project
    score: float
    focus_areas: list[FocusArea] = field(default_factory=list)  # the project's areas the query shares
    terms: list[tuple[str, str]] = field(default_factory=list)  # (word of the query, word of the project)
    contact: object | None = None  # the Organisation of the member's Chief Smart City Officer, if known


def match(
    text: str,
    *,
    member: Member | None = None,
    focus_areas: Iterable[str] = (),
    help_wanted: str | None = None,
    limit: int = 20,
    exclude_projects: Iterable[int] = (),
) -> list[Match]:
    text = (text or "").replace("\x00", " ").strip()[:MAX_TEXT]
    limit = max(1, min(int(limit), MAX_LIMIT))
    if not text:
        return []
    index = current_index()
    if not len(index.ids):
        return []
    query_terms = [term for term, _word in concept_terms(text)]
    member_id = member.pk if member is not None else None
    ranked = _rank(
        index, embed([text])[0], query_terms, member_id, list(focus_areas), help_wanted, set(exclude_projects), limit
    )
    return _explain(index, text, ranked, list(focus_areas))


def similar_elsewhere(project: Project, *, limit: int = 5) -> list[Match]:
    """Other members' projects like ``project`` ("Similar elsewhere" on its page): its stored vector and
    terms are the query, so no text is encoded."""
    index = current_index()
    position = np.flatnonzero(index.ids == project.pk)
    if not len(position):
        return []
    stored = ProjectVector.objects.filter(project_id=project.pk).values_list("terms", flat=True).first() or ""
    areas = [code for code, on in zip(AREA_CODES, index.areas[position[0]], strict=True) if on]
    ranked = _rank(index, index.vectors[position[0]], stored.split(), project.member_id, areas, None, set(), limit)
    text = project_text(project.title, project.summary, project.description)
    return _explain(index, text, ranked, areas)


def _rank(index, query, query_terms, member_id, given_areas, help_wanted, excluded, limit):
    """The ``limit`` best (project id, score, the query's focus-area profile), the asker's projects left
    out. One full pass (vector product + BM25) picks the CANDIDATES best; feedback, focus areas and help
    wanted then re-score those only."""
    candidates, lexical = _first_pass(index, query, query_terms, member_id, excluded)
    if not len(candidates):
        return []
    prior = _help_prior(index, candidates, help_wanted)
    return _rescore(index, query, candidates, lexical, given_areas, prior, limit)


def _first_pass(index, query, query_terms, member_id, excluded):
    """The CANDIDATES best allowed projects (positions in the index) and their scaled BM25 scores."""
    allowed = np.ones(len(index.ids), dtype=bool)
    if member_id is not None:
        allowed &= index.member_ids != member_id
    if excluded:
        allowed &= ~np.isin(index.ids, list(excluded))
    lexical = index.postings.score(query_terms)
    if lexical.max() > 0:
        lexical = lexical / lexical.max()
    candidates = _best(index.vectors @ query + LEXICAL_WEIGHT * lexical, allowed, CANDIDATES)
    return candidates, lexical[candidates]


def _rescore(index, query, candidates, lexical, given_areas, prior, limit):
    vectors = index.vectors[candidates]
    feedback = normalise(query + FEEDBACK_WEIGHT * vectors[:FEEDBACK_DEPTH].mean(axis=0))
    scores = vectors @ feedback + LEXICAL_WEIGHT * lexical
    areas = index.areas[candidates]
    profile = _area_profile(areas, scores, given_areas)
    scores = scores + AREA_WEIGHT * (areas @ profile)
    scores = scores + HELP_WEIGHT * prior
    order = np.argsort(-scores, kind="stable")[:limit]
    return [(int(index.ids[candidates[i]]), float(scores[i]), profile) for i in order]


def rank_many(queries: list[dict], *, limit: int = 5) -> list[list[tuple[int, float]]]:
    """The best (project id, score) of several queries at once — each a dict of ``match``'s arguments
    (text, member, focus_areas, help_wanted) — ranked exactly as ``match`` ranks them, but with one encode
    for all texts and a fixed number of database queries whatever their number (My work, the digest):
    the index check, and one read per kind of help wanted over all the candidates together."""
    limit = max(1, min(int(limit), MAX_LIMIT))
    texts = [(q.get("text") or "").replace("\x00", " ").strip()[:MAX_TEXT] for q in queries]
    out: list[list[tuple[int, float]]] = [[] for _q in queries]
    wanted = [i for i, text in enumerate(texts) if text]
    if not wanted:
        return out
    index = current_index()
    if not len(index.ids):
        return out
    vectors = embed([texts[i] for i in wanted])
    passes = {}
    for i, vector in zip(wanted, vectors, strict=True):
        member = queries[i].get("member")
        terms = [term for term, _word in concept_terms(texts[i])]
        passes[i] = (vector, *_first_pass(index, vector, terms, member.pk if member else None, set()))
    known = _known_help(index, passes, queries)
    for i, (vector, candidates, lexical) in passes.items():
        if not len(candidates):
            continue
        help_wanted = queries[i].get("help_wanted")
        prior = _help_prior(index, candidates, help_wanted, known=known.get(help_wanted))
        areas = list(queries[i].get("focus_areas") or ())
        out[i] = [(pk, score) for pk, score, _p in _rescore(index, vector, candidates, lexical, areas, prior, limit)]
    return out


def _known_help(index, passes, queries) -> dict[str, set[int]]:
    """For "partner" and "funding", the candidates (of all the queries that want it) whose partners or
    funding are known: one or two queries per kind instead of per match."""
    known: dict[str, set[int]] = {}
    for kind in ("partner", "funding"):
        positions = [passes[i][1] for i in passes if queries[i].get("help_wanted") == kind]
        if positions:
            candidates = np.unique(np.concatenate(positions))
            known[kind] = _known(index.ids[candidates].tolist(), kind)
    return known


def _best(scores: np.ndarray, allowed: np.ndarray, k: int) -> np.ndarray:
    candidates = np.flatnonzero(allowed)
    if not len(candidates):
        return candidates
    k = min(k, len(candidates))
    part = candidates[np.argpartition(-scores[candidates], k - 1)[:k]]
    return part[np.argsort(-scores[part], kind="stable")]


def _area_profile(areas, scores, given_areas) -> np.ndarray:
    """The query's focus areas as weights summing to 1: from the best projects, and the caller's own."""
    best = np.argsort(-scores, kind="stable")[:AREA_DEPTH]
    weights = np.maximum(scores[best] - scores[best].min(), 0)
    profile = (areas[best] * weights[:, None]).sum(axis=0)
    profile = profile / (profile.sum() or 1)
    given = np.array([1.0 if code in given_areas else 0.0 for code in AREA_CODES], dtype=np.float32)
    if given.sum():
        profile = (profile + given / given.sum()) / 2
    return profile


def _help_prior(index, candidates: np.ndarray, help_wanted: str | None, *, known: set[int] | None = None) -> np.ndarray:
    if help_wanted == "knowledge":
        running = {ProjectStatus.ONGOING, ProjectStatus.COMPLETED}
        return np.array([1.0 if index.statuses[i] in running else 0.0 for i in candidates], dtype=np.float32)
    if help_wanted in ("partner", "funding"):
        if known is None:
            known = _known(index.ids[candidates].tolist(), help_wanted)
        return np.isin(index.ids[candidates], list(known)).astype(np.float32)
    return np.zeros(len(candidates), dtype=np.float32)


def _known(ids: list[int], help_wanted: str) -> set[int]:
    """Of these projects, those whose partners ("partner") or funding ("funding") are known."""
    projects = Project.objects.filter(pk__in=ids)
    column = "partners_text" if help_wanted == "partner" else "funding"
    known = set(projects.exclude(**{column: ""}).values_list("pk", flat=True))
    if help_wanted == "partner":
        known |= set(projects.filter(partners__isnull=False).values_list("pk", flat=True))
    return known


def _explain(index, text, top, given_areas) -> list[Match]:
    """The projects with their reasons: shared focus areas, matched words, and whom to contact."""
    if not top:
        return []
    ids = [pk for pk, _score, _profile in top]
    projects = Project.objects.filter(pk__in=ids).select_related("member__country")
    projects = {p.pk: p for p in projects.prefetch_related(Prefetch("focus_areas", FocusArea.objects.all()))}
    contacts = _contacts({p.member_id for p in projects.values()})
    stored = {
        pk: (terms, words)
        for pk, terms, words in ProjectVector.objects.filter(project_id__in=ids).values_list(
            "project_id", "terms", "words"
        )
    }
    query_words = defaultdict(list)
    for term, word in concept_terms(text):
        if word not in query_words[term]:
            query_words[term].append(word)
    profile = top[0][2]
    query_areas = set(given_areas) or {code for code, w in zip(AREA_CODES, profile, strict=True) if w >= 0.2}
    out = []
    for pk, score, _profile in top:
        project = projects.get(pk)
        if project is None:
            continue  # deleted since the index was read
        out.append(
            Match(
                project=project,
                score=round(score, 4),
                focus_areas=[fa for fa in project.focus_areas.all() if fa.code in query_areas],
                terms=_shared_words(index, query_words, stored.get(pk) or _written(project)),
                contact=contacts.get(project.member_id),
            )
        )
    return out


def _written(project: Project) -> tuple[str, str]:
    """A project's terms and words when its stored row is gone (written since the index was read)."""
    pairs = concept_terms(project_text(project.title, project.summary, project.description))
    return " ".join(t for t, _w in pairs), " ".join(w for _t, w in pairs)


def _shared_words(index, query_words, stored: tuple[str, str], most: int = 6) -> list[tuple[str, str]]:
    """The rarest terms both texts share, as (query word, project word): 'banjir' / 'flood'."""
    terms, written = stored
    project_words: dict[str, str] = {}
    for term, word in zip(terms.split(), written.split(), strict=False):
        project_words.setdefault(term, word)
    # Numbers match (a year, a count) but explain nothing to a reader.
    shared = [term for term in query_words if term in project_words and not term.isdigit()]
    shared.sort(key=index.postings.idf, reverse=True)
    english = ANALYZERS["en"]
    pairs, seen = [], set()
    for term in shared:
        asked, written = query_words[term][0], project_words[term]
        # "reached" and "reach" are one word to a reader: shown once; "banjir" and "flood" as a pair.
        pair = (asked, asked) if english.stem(asked) == english.stem(written) else (asked, written)
        if pair not in seen:
            seen.add(pair)
            pairs.append(pair)
        if len(pairs) == most:
            break
    return pairs


def _contacts(member_ids: set[int]) -> dict[int, object]:
    """Each member's Chief Smart City Officer's organisation, from the role terms in force today, else the
    member's local government."""
    terms = (
        RoleTerm.objects.held_on(timezone.localdate())
        .filter(role=Role.CSCO, member_id__in=member_ids, organisation__isnull=False)
        .select_related("organisation")
        .order_by("member_id", "-start_date", "-pk")
    )
    contacts: dict[int, object] = {}
    for term in terms:
        contacts.setdefault(term.member_id, term.organisation)
    missing = member_ids - set(contacts)
    if missing:
        # No CSCO term on record: the member's own local government, whose people are its officers too
        # (hub.accounts.permissions).
        for organisation in Organisation.objects.filter(member_id__in=missing).order_by("member_id", "pk"):
            contacts.setdefault(organisation.member_id, organisation)
    return contacts
