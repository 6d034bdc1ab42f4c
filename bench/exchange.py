"""Benchmark of the idea exchange: its lists and pages at a given size, and one run of the digest.

    .venv/bin/python bench/exchange.py                       # 2,000 challenges, 500 requests, 300 followers
    BENCH_CHALLENGES=20000 BENCH_FOLLOWERS=1000 .venv/bin/python bench/exchange.py

Runs against a throw-away SQLite file (or DATABASE_URL's database, which it migrates: use a scratch
database). The data is generated through the ORM in bulk (flagged is_demo), not through the services:
it measures reads. Times in-process with Django's test client, median and 95th percentile.
"""

from __future__ import annotations

import io
import os
import random
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
os.environ.setdefault("EMAIL_BACKEND", "django.core.mail.backends.locmem.EmailBackend")
if not os.environ.get("DATABASE_URL"):
    os.environ["DATA_DIR"] = tempfile.mkdtemp(prefix="ascn-bench-exchange-")

import django  # noqa: E402

django.setup()

from django.core.management import call_command  # noqa: E402
from django.db import connection, reset_queries  # noqa: E402
from django.test import Client  # noqa: E402
from django.test.utils import CaptureQueriesContext  # noqa: E402

from hub.accounts.models import User  # noqa: E402
from hub.exchange.digest import send_digests  # noqa: E402
from hub.exchange.models import Challenge, CollaborationRequest, Follow  # noqa: E402
from hub.network.models import Member, Organisation  # noqa: E402
from hub.projects.models import FocusArea  # noqa: E402

WORDS = "flood drain coastal elderly online service waste traffic signal clinic banjir layanan warga".split()


def generate(challenges: int, requests: int, followers: int, rng: random.Random) -> User:
    members = list(Member.objects.order_by("pk"))
    areas = list(FocusArea.objects.all())
    made = Challenge.objects.bulk_create(
        Challenge(
            member=rng.choice(members),
            title=" ".join(rng.choices(WORDS, k=5)).capitalize(),
            text=" ".join(rng.choices(WORDS, k=40)),
            severity=rng.randint(1, 4),
            wants_knowledge=rng.random() < 0.5,
            wants_funding=rng.random() < 0.3,
            published=rng.random() < 0.8,
            is_demo=True,
        )
        for _ in range(challenges)
    )
    through = Challenge.focus_areas.through
    through.objects.bulk_create(through(challenge_id=c.pk, focusarea_id=rng.choice(areas).pk) for c in made)
    pairs = [(a, b) for a in members[:10] for b in members if a != b]
    CollaborationRequest.objects.bulk_create(
        CollaborationRequest(
            from_member=a, to_member=b, kind="study_visit", subject=f"Request {i}", message="Bench.", challenge=None
        )
        for i, (a, b) in enumerate(rng.choices(pairs, k=requests))
    )
    officer = User.objects.create_user(
        "bench-officer@example.org", None, organisation=Organisation.objects.get(slug="gov-sumedang")
    )
    users = User.objects.bulk_create(User(email=f"follower{i}@example.org", name=f"F{i}") for i in range(followers))
    Follow.objects.bulk_create(Follow(user=u, kind="member", member=rng.choice(members)) for u in [*users, officer])
    return officer


def timed(client: Client, url: str, repeat: int) -> tuple[int, int, float, float]:
    reset_queries()
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    timings = []
    for _ in range(repeat):
        t0 = time.perf_counter()
        client.get(url)
        timings.append((time.perf_counter() - t0) * 1000)
    timings.sort()
    p95 = timings[min(len(timings) - 1, int(len(timings) * 0.95))]
    return response.status_code, len(queries), statistics.median(timings), p95


def main() -> None:
    repeat = int(os.environ.get("BENCH_REPEAT", "20"))
    sizes = {
        name: int(os.environ.get(f"BENCH_{name.upper()}", default))
        for name, default in (("challenges", "2000"), ("requests", "500"), ("followers", "300"))
    }
    call_command("migrate", verbosity=0)
    call_command("loadreference", stdout=io.StringIO())
    officer = generate(sizes["challenges"], sizes["requests"], sizes["followers"], random.Random(2026))
    print(f"{sizes['challenges']} challenges, {sizes['requests']} requests, {sizes['followers']} followers")
    anonymous, signed_in = Client(), Client()
    signed_in.force_login(officer)
    print(f"{'url':56} {'who':>9} {'status':>6} {'queries':>7} {'median ms':>9} {'p95 ms':>7}")
    for client, who, url in (
        (anonymous, "public", "/challenges/"),
        (anonymous, "public", "/challenges/?country=ID&help=knowledge&min_severity=3"),
        (anonymous, "public", "/api/v1/challenges?limit=50"),
        (anonymous, "public", "/api/v1/challenges?limit=500"),
        (anonymous, "public", "/members/sumedang/"),
        (signed_in, "officer", "/accounts/me/"),
        (signed_in, "officer", "/collaborations/requests/"),
    ):
        status, queries, median, p95 = timed(client, url, repeat)
        print(f"{url:56} {who:>9} {status:>6} {queries:>7} {median:>9.1f} {p95:>7.1f}")
    started = time.perf_counter()
    counts = send_digests("weekly")
    print(f"senddigests --period weekly: {counts} in {time.perf_counter() - started:.2f} s")
    started = time.perf_counter()
    counts = send_digests("weekly")
    print(f"again (nothing to send twice): {counts} in {time.perf_counter() - started:.2f} s")


if __name__ == "__main__":
    main()
