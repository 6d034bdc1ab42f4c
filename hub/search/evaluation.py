"""Measuring the matcher: load an evaluation corpus, run its queries through hub.search.matching.match
(the code behind /api/v1/match), and score the rankings against graded judgements.

Files (see the evaluation set's README): corpus.jsonl (id, member, country, title, language, description,
focus_areas, sources), queries.jsonl (id, member, language, text), qrels.tsv (query, project, grade).
"""

from __future__ import annotations

import json
import math
import re
import time
from collections import Counter, defaultdict
from dataclasses import dataclass
from pathlib import Path

from django.utils.text import slugify

from hub.network.models import Country, Member
from hub.projects.models import FOCUS_AREAS, FocusArea, Project
from hub.search.matchindex import reset_index
from hub.search.matching import match

COUNTRY_CODES = {
    "Brunei Darussalam": "BN",
    "Cambodia": "KH",
    "Indonesia": "ID",
    "Lao PDR": "LA",
    "Malaysia": "MY",
    "Myanmar": "MM",
    "Philippines": "PH",
    "Singapore": "SG",
    "Thailand": "TH",
    "Timor-Leste": "TL",
    "Viet Nam": "VN",
}
AREA_BY_NAME = {name: code for code, name in FOCUS_AREAS}


@dataclass
class Figures:
    ndcg10: float
    recall20: float
    baseline_ndcg10: float
    baseline_recall20: float
    p95_ms: int
    queries: int
    per_query: list[tuple[str, float, float]]


def read_jsonl(path: Path) -> list[dict]:
    with open(path, encoding="utf-8") as handle:
        return [json.loads(line) for line in handle if line.strip()]


def read_qrels(path: Path) -> dict[str, dict[str, int]]:
    qrels: dict[str, dict[str, int]] = defaultdict(dict)
    with open(path, encoding="utf-8") as handle:
        for line in handle:
            if line.strip():
                query, project, grade = line.split("\t")
                qrels[query][project] = int(grade)
    return qrels


def load_corpus(corpus: list[dict]) -> dict[str, int]:
    """Create the corpus's countries, members and projects (in a throw-away database); id -> project pk.

    Written with the ORM, not the services: the database is discarded after the run and nobody acts."""
    for position, (code, name) in enumerate(FOCUS_AREAS, start=1):
        FocusArea.objects.get_or_create(code=code, defaults={"name": name, "position": position})
    areas = {fa.name: fa for fa in FocusArea.objects.all()}
    members: dict[str, Member] = {}
    ids: dict[str, int] = {}
    for record in corpus:
        name = record["member"]
        if name not in members:
            code = COUNTRY_CODES.get(record["country"]) or record["country"][:2].upper()
            country, _ = Country.objects.get_or_create(code=code, defaults={"name": record["country"]})
            members[name], _ = Member.objects.get_or_create(
                slug=slugify(name)[:80] or f"member-{len(members)}", defaults={"name": name, "country": country}
            )
        project = Project.objects.create(
            slug=slugify(f"{record['id']}-{record['title']}")[:120],
            member=members[name],
            title=record["title"][:200],
            description=record["description"],
            language=record.get("language", "en")[:4],
            sources=record.get("sources", []),
        )
        project.focus_areas.set([areas[a] for a in record.get("focus_areas", []) if a in areas])
        ids[record["id"]] = project.pk
    return ids


def member_for(name: str, country_hint: str = "ID") -> Member:
    """The asking member; cities that are not in the corpus (nor in the network) are created."""
    member = Member.objects.filter(name=name).first()
    if member is None:
        country, _ = Country.objects.get_or_create(code=country_hint, defaults={"name": country_hint})
        member = Member.objects.create(slug=slugify(name)[:80], name=name, country=country)
    return member


def ndcg(ranked: list[str], grades: dict[str, int], k: int = 10) -> float:
    dcg = sum((2 ** grades.get(p, 0) - 1) / math.log2(i + 2) for i, p in enumerate(ranked[:k]))
    ideal = sorted(grades.values(), reverse=True)[:k]
    best = sum((2**g - 1) / math.log2(i + 2) for i, g in enumerate(ideal))
    return dcg / best if best else 0.0


def recall(ranked: list[str], grades: dict[str, int], k: int = 20) -> float:
    relevant = {p for p, g in grades.items() if g > 0}
    return len(relevant & set(ranked[:k])) / len(relevant) if relevant else 0.0


_TOKEN = re.compile(r"\w+")


def bm25_baseline(corpus: list[dict], k1: float = 1.2, b: float = 0.75):
    """Plain BM25 over title + description: lowercased word tokens, no stemming, no translation."""
    docs = [Counter(_TOKEN.findall(f"{r['title']} {r['description']}".lower())) for r in corpus]
    lengths = [sum(d.values()) for d in docs]
    average = sum(lengths) / len(lengths)
    df = Counter(t for d in docs for t in d)
    n = len(docs)
    idf = {t: math.log(1 + (n - c + 0.5) / (c + 0.5)) for t, c in df.items()}

    def rank(text: str, asker: str) -> list[str]:
        scores = []
        terms = set(_TOKEN.findall(text.lower()))
        for record, doc, length in zip(corpus, docs, lengths, strict=True):
            if record["member"] == asker:
                continue
            s = sum(
                idf[t] * doc[t] * (k1 + 1) / (doc[t] + k1 * (1 - b + b * length / average)) for t in terms if t in doc
            )
            scores.append((-s, record["id"]))
        return [pid for _s, pid in sorted(scores)]

    return rank


def evaluate(corpus_path: Path, queries_path: Path, qrels_path: Path) -> Figures:
    """Run in a database that may be thrown away (the command makes one)."""
    corpus, queries, qrels = read_jsonl(corpus_path), read_jsonl(queries_path), read_qrels(qrels_path)
    # Projects already in the database (the test suite's reference data) are not part of the set.
    others = set(Project.objects.values_list("pk", flat=True))
    ids = load_corpus(corpus)
    by_pk = {pk: cid for cid, pk in ids.items()}
    country_of = {r["member"]: COUNTRY_CODES.get(r["country"], "ID") for r in corpus}
    reset_index()
    match("warm-up", limit=1)  # load the encoder and compute the vectors before timing
    baseline = bm25_baseline(corpus)
    per_query, timings, base_ndcg, base_recall = [], [], [], []
    for query in queries:
        asker = member_for(query["member"], country_of.get(query["member"], "ID"))
        started = time.perf_counter()
        found = match(query["text"], member=asker, limit=20, exclude_projects=others)
        timings.append((time.perf_counter() - started) * 1000)
        ranked = [by_pk[m.project.pk] for m in found if m.project.pk in by_pk]
        grades = qrels.get(query["id"], {})
        per_query.append((query["id"], ndcg(ranked, grades), recall(ranked, grades)))
        plain = baseline(query["text"], query["member"])
        base_ndcg.append(ndcg(plain, grades))
        base_recall.append(recall(plain, grades))
    timings.sort()
    p95 = timings[min(len(timings) - 1, math.ceil(0.95 * len(timings)) - 1)] if timings else 0.0
    count = len(per_query) or 1
    return Figures(
        ndcg10=sum(q[1] for q in per_query) / count,
        recall20=sum(q[2] for q in per_query) / count,
        baseline_ndcg10=sum(base_ndcg) / count,
        baseline_recall20=sum(base_recall) / count,
        p95_ms=round(p95),
        queries=len(per_query),
        per_query=per_query,
    )
