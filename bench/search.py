"""Benchmark: search and match over many projects, and the memory a worker needs for matching.

    .venv/bin/python bench/search.py                         # 50,000 projects on a throw-away SQLite file
    DATABASE_URL=postgres://…/scratch .venv/bin/python bench/search.py   # a scratch PostgreSQL database
    BENCH_PROJECTS=5000 BENCH_REPEAT=3 …                     # smaller or more
    … bench/search.py --worker-memory                        # only a fresh worker's memory

Projects are demo records (is_demo) written from the real descriptions of the matching evaluation set
(../shared/eval/matching/corpus.jsonl when present, else a few built-in texts), each mixing sentences of
two of them. Encoding 50,000 texts would take this machine most of an hour and does not change what a
query costs, so each distinct text is encoded once and a project's vector is its texts' vectors mixed
with a little noise; its terms are computed from its own text. Then GET /api/v1/search and
GET /api/v1/match are timed in-process (Django's test client), median and p95 over the queries below,
after one warm-up request (which loads the encoder and the match index: reported apart).
"""

from __future__ import annotations

import json
import os
import random
import resource
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
if not os.environ.get("DATABASE_URL"):
    os.environ["DATA_DIR"] = tempfile.mkdtemp(prefix="ascn-bench-search-")

import django  # noqa: E402

django.setup()

import io  # noqa: E402

import numpy as np  # noqa: E402
from django.core.management import call_command  # noqa: E402
from django.test import Client  # noqa: E402

from bench.generate import generate_members  # noqa: E402
from hub.network.models import Member  # noqa: E402
from hub.projects.models import FocusArea, Project  # noqa: E402
from hub.search.encoder import embed, normalise, to_bytes  # noqa: E402
from hub.search.index import rebuild  # noqa: E402
from hub.search.lexicon import concept_terms, sentences  # noqa: E402
from hub.search.matchindex import current_index  # noqa: E402
from hub.search.models import ProjectVector  # noqa: E402
from hub.search.signals import bump_generation  # noqa: E402

CORPUS = ROOT.parent / "shared" / "eval" / "matching" / "corpus.jsonl"
FALLBACK = [
    ("Flood early warning", "River sensors send water levels to a control room and sirens warn residents.", "en"),
    ("Layanan aduan warga", "Warga mengirim pengaduan lewat aplikasi dan dinas terkait menindaklanjuti.", "id"),
    ("Waste bank", "Residents sort plastic waste and exchange recyclables for savings.", "en"),
]
SEARCHES = ["flood", "banjir", "waste bank", "pengaduan warga", "traffic signal", "smart city", "elderly health",
            "sampah plastik", "command centre", "e-government services"]  # fmt: skip
MATCHES = [
    "Our riverside districts flood every monsoon and residents get no warning before the water comes.",
    "Warga sering mengeluh soal jalan berlubang dan lampu jalan mati tetapi tidak tahu harus melapor ke mana.",
    "Household plastic waste keeps growing and almost nothing is sorted or recycled.",
    "Antrean di puskesmas sangat panjang dan lansia sulit mendapat layanan kesehatan.",
    "Traffic jams at the main intersections waste hours every day for commuters and buses.",
]


def texts() -> list[tuple[str, str, str]]:
    if CORPUS.is_file():
        with open(CORPUS, encoding="utf-8") as handle:
            return [(r["title"], r["description"], r["language"]) for r in map(json.loads, handle)]
    return FALLBACK


def rss_mb() -> float:
    with open("/proc/self/status") as status:
        for line in status:
            if line.startswith("VmRSS:"):
                return int(line.split()[1]) / 1024
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def generate_projects(count: int, seed: int = 11) -> None:
    rng = random.Random(seed)
    bases = texts()
    base_vectors = embed([f"{title}. {body}" for title, body, _lang in bases])
    base_sentences = [sentences(body) for _title, body, _lang in bases]
    term_cache: dict[str, list[tuple[str, str]]] = {}

    def terms_of(text: str) -> list[tuple[str, str]]:
        if text not in term_cache:
            term_cache[text] = concept_terms(text)
        return term_cache[text]

    members = list(Member.objects.filter(is_demo=True)) or list(Member.objects.all())
    areas = list(FocusArea.objects.all())
    projects, vectors, area_rows = [], [], []
    for i in range(count):
        a, b = rng.randrange(len(bases)), rng.randrange(len(bases))
        title, _body, language = bases[a]
        extra = rng.choice(base_sentences[b]) if base_sentences[b] else ""
        description = " ".join([*base_sentences[a], extra])
        projects.append(
            Project(
                slug=f"bench-{i}",
                member=rng.choice(members),
                title=f"{title} (demo {i})",
                description=description,
                language=language,
                status=rng.choice(["planning", "ongoing", "completed"]),
                is_demo=True,
                source_note="Demo data generated by bench/search.py",
                confidence="low",
            )
        )
        mixed = 0.8 * base_vectors[a] + 0.2 * base_vectors[b] + np.random.default_rng(i).normal(0, 0.02, 512)
        pairs = [pair for text in [title, *base_sentences[a], extra] for pair in terms_of(text)]
        vectors.append((normalise(mixed.astype(np.float32)), pairs))
    created = Project.objects.bulk_create(projects, batch_size=2000)
    through = Project.focus_areas.through
    for project in created:
        for area in rng.sample(areas, rng.choice([1, 1, 2])):
            area_rows.append(through(project_id=project.pk, focusarea_id=area.pk))
    through.objects.bulk_create(area_rows, batch_size=5000)
    stamp = time.time_ns()
    ProjectVector.objects.bulk_create(
        [
            ProjectVector(
                project_id=p.pk,
                vector=to_bytes(v),
                terms=" ".join(t for t, _w in pairs),
                words=" ".join(w for _t, w in pairs),
                stamp=stamp,
            )
            for p, (v, pairs) in zip(created, vectors, strict=True)
        ],
        batch_size=2000,
    )
    bump_generation()  # bulk_create sends no signals


def timed(client: Client, url: str, params: dict, repeat: int) -> list[float]:
    out = []
    for _ in range(repeat):
        t0 = time.perf_counter()
        response = client.get(url, params)
        out.append((time.perf_counter() - t0) * 1000)
        assert response.status_code == 200, response.content[:300]
    return out


def report(name: str, timings: list[float]) -> None:
    timings = sorted(timings)
    p95 = timings[min(len(timings) - 1, int(len(timings) * 0.95))]
    print(f"{name:34} n={len(timings):>4}  median {statistics.median(timings):7.1f} ms  p95 {p95:7.1f} ms")


def worker_memory() -> None:
    """In a fresh process, as a web worker starts: Django, then the first match (encoder and index)."""
    from hub.search.matching import match

    start = rss_mb()
    t0 = time.perf_counter()
    match("warm-up", limit=1)
    index = current_index()
    print(
        f"fresh worker: {start:.0f} MB with Django, {rss_mb():.0f} MB after its first match "
        f"({time.perf_counter() - t0:.1f} s; {len(index.ids)} projects, index arrays "
        f"{index.memory_bytes() / 2**20:.0f} MB, encoder included)"
    )


def main() -> None:
    if "--worker-memory" in sys.argv:
        return worker_memory()
    start_rss = rss_mb()
    count = int(os.environ.get("BENCH_PROJECTS", "50000"))
    repeat = int(os.environ.get("BENCH_REPEAT", "4"))
    started = time.perf_counter()
    call_command("migrate", verbosity=0)
    call_command("loadreference", stdout=io.StringIO())
    if not Member.objects.filter(is_demo=True).exists():
        generate_members(500)
    made = ProjectVector.objects.filter(project__slug__startswith="bench-").count()
    if made < count:  # none yet, or their vectors were dropped (a migration, rebuildsearch)
        Project.objects.filter(slug__startswith="bench-").delete()
        generate_projects(count)
        counts = rebuild(["project"])
        print(f"generated {count} projects and indexed {counts['project']} in {time.perf_counter() - started:.0f} s")
    print(f"database: {os.environ.get('DATABASE_URL', 'SQLite').split('@')[-1]}; projects: {Project.objects.count()}")
    client = Client()
    before = rss_mb()
    t0 = time.perf_counter()
    client.get("/api/v1/match", {"text": "warm-up", "limit": 1})
    index = current_index()
    print(
        f"first match (encoder + index of {len(index.ids)} projects): {time.perf_counter() - t0:.1f} s; "
        f"worker RSS {before:.0f} -> {rss_mb():.0f} MB (index arrays {index.memory_bytes() / 2**20:.0f} MB)"
    )
    client.get("/api/v1/search", {"q": "warm-up"})
    search_times = [t for q in SEARCHES for t in timed(client, "/api/v1/search", {"q": q}, repeat)]
    report("GET /api/v1/search", search_times)
    match_times = [t for text in MATCHES for t in timed(client, "/api/v1/match", {"text": text}, repeat)]
    report("GET /api/v1/match", match_times)
    member = Member.objects.filter(is_demo=True).first()
    if member:
        asked = [
            t for text in MATCHES for t in timed(client, "/api/v1/match", {"text": text, "member": member.slug}, 2)
        ]
        report("GET /api/v1/match (member=…)", asked)
    print(f"this process: {start_rss:.0f} MB at start, {rss_mb():.0f} MB at the end (the generator's data too)")
    import subprocess

    subprocess.run([sys.executable, __file__, "--worker-memory"], check=True)


if __name__ == "__main__":
    main()
