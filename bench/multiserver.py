"""Two app servers on one PostgreSQL and one Redis: a write on one is seen at once on the other, and the cached
public paths' throughput beside the bare-Django floor of ../shared/perf (`make bench-cache`).

    DATABASE_URL=postgres://ascn:ascn@127.0.0.1:5432/ascn_bench .venv/bin/python bench/multiserver.py

DATABASE_URL must be PostgreSQL (migrated and loaded here); REDIS_URL, if set, is the shared cache, else a
redis-server of its own is started (Debian's redis-server). Ports: BENCH_PORT (default 18100) and the next
three: the floor, server A, server B, Redis. BENCH_DURATION (s per wrk run, default 5), BENCH_ROUNDS (3).
Every process it starts runs in its own process group and is stopped at the end. Each figure is printed with
the command that measured it. On a shared machine the absolute figures move by ±30 %: read the ratios.
"""

from __future__ import annotations

import json
import os
import shlex
import signal
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PERF = ROOT.parent / "shared" / "perf"
PY = str(ROOT / ".venv" / "bin" / "python")
GUNICORN = str(ROOT / ".venv" / "bin" / "gunicorn")
PATHS = ["/", "/members/", "/api/v1/members?limit=50"]
FLOOR_PATHS = ["/html", "/html", "/json"]

started: list[subprocess.Popen] = []


def say(text: str) -> None:
    print(text, flush=True)


def run(cmd: list[str], env: dict, **kwargs) -> subprocess.CompletedProcess:
    say("$ " + shlex.join(cmd))
    return subprocess.run(cmd, env=env, cwd=ROOT, check=True, **kwargs)


def start(cmd: list[str], env: dict, log: Path) -> subprocess.Popen:
    say("$ " + shlex.join(cmd) + " &")
    with open(log, "w") as out:
        process = subprocess.Popen(cmd, env=env, cwd=ROOT, stdout=out, stderr=subprocess.STDOUT, start_new_session=True)
    started.append(process)
    return process


def stop_all() -> None:
    for process in started:
        if process.poll() is None:
            os.killpg(process.pid, signal.SIGTERM)  # its own process group: gunicorn's workers with it
    for process in started:
        try:
            process.wait(timeout=15)
        except subprocess.TimeoutExpired:
            os.killpg(process.pid, signal.SIGKILL)


def get(url: str, headers: dict | None = None, method: str = "GET", body: bytes | None = None):
    request = urllib.request.Request(url, headers=headers or {}, method=method, data=body)
    with urllib.request.urlopen(request, timeout=30) as response:  # noqa: S310 - loopback only
        return response.status, dict(response.headers), response.read()


def wait_for(url: str, seconds: int = 60) -> None:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        try:
            get(url)
            return
        except OSError:
            time.sleep(0.5)
    raise SystemExit(f"{url} did not answer in {seconds} s")


def visibility(a: str, b: str, token: str, rounds: int = 5) -> None:
    say("\n== A write on server A, read at once on server B (both cache in the same Redis)")
    auth = {"Authorization": f"Bearer {token}"}
    _, _, body = get(f"{a}/api/v1/members?limit=1&q=sumedang", auth)
    member = json.loads(body)["items"][0]
    seen = 0
    for n in range(rounds):
        for url in (f"{b}/members/sumedang/", f"{b}/api/v1/members?limit=500"):
            get(url)  # B stores the page ...
            assert get(url)[1].get("X-Hub-Cache") == "HIT"  # ... and serves it from the cache
        _, headers, _ = get(f"{a}/api/v1/members/{member['id']}", auth)
        name = f"Sumedang (bench {n} {time.time():.0f})"
        get(
            f"{a}/api/v1/members/{member['id']}",
            {**auth, "If-Match": headers["ETag"], "Content-Type": "application/json"},
            method="PATCH",
            body=json.dumps({"name": name}).encode(),
        )
        wrote = time.monotonic()
        fresh = all(name in get(url)[2].decode() for url in (f"{b}/members/sumedang/", f"{b}/api/v1/members?limit=500"))
        seen += fresh
        after = (time.monotonic() - wrote) * 1000
        say(f"  write {n + 1}: B's page and API list show it: {fresh} (B's two reads, rendered afresh: {after:.0f} ms)")
    get(f"{a}/api/v1/members/{member['id']}", auth)
    say(f"  seen at once on B: {seen} of {rounds} writes")


def session_across(a: str, b: str, email: str, password: str) -> None:
    say("\n== Signed in on server A, the same session cookie on server B (sessions are kept in the database)")
    import re
    from http.cookies import SimpleCookie
    from urllib.parse import urlencode

    jar: dict[str, str] = {}

    def keep(headers) -> None:
        for value in headers.get_all("Set-Cookie") or []:
            jar.update({name: morsel.value for name, morsel in SimpleCookie(value).items()})

    opener = urllib.request.build_opener(NoRedirect)
    with opener.open(f"{a}/accounts/login/", timeout=30) as response:
        keep(response.headers)
        token = re.search(rb'name="csrfmiddlewaretoken" value="([^"]+)"', response.read()).group(1).decode()
    form = urlencode({"username": email, "password": password, "csrfmiddlewaretoken": token}).encode()
    cookie = "; ".join(f"{k}={v}" for k, v in jar.items())
    request = urllib.request.Request(f"{a}/accounts/login/", data=form, headers={"Cookie": cookie, "Referer": a})
    try:
        with opener.open(request, timeout=30) as response:
            keep(response.headers)
    except urllib.error.HTTPError as answer:  # the redirect after signing in
        keep(answer.headers)
    cookie = "; ".join(f"{k}={v}" for k, v in jar.items())
    try:
        with opener.open(urllib.request.Request(f"{b}/accounts/me/", headers={"Cookie": cookie}), timeout=30) as r:
            status, private = r.status, r.headers.get("X-Hub-Cache") is None
    except urllib.error.HTTPError as answer:
        status, private = answer.code, True
    say(f"  session cookie set by A: {'sessionid' in jar}; B's /accounts/me/ with it: {status} (200 = signed in)")
    say(f"  B answered it without the public cache: {private}")


class NoRedirect(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args, **kwargs):
        return None


def hit_rate(base: str, requests: int = 100) -> None:
    say(f"\n== Hit rate on {base}: {requests} anonymous GETs per path (urllib); the first after a write stores it")
    for path in PATHS:
        hits = sum(get(base + path)[1].get("X-Hub-Cache") == "HIT" for _ in range(requests))
        say(f"  {path:<28} {hits}/{requests} from the cache")


def version_read_cost(env: dict, redis_url: str) -> None:
    say("\n== Cost of one read (in-process, 2,000 each): the data version from PostgreSQL, a page from each cache")
    folder = str(Path(tempfile.gettempdir()) / "bench-cache-file")
    code = f"""
import time, django
django.setup()
from django.core.cache import caches
from django.conf import settings
from config.caches import cache_config
from pathlib import Path
from hub.core import dataversion
def t(f, n=2000):
    f(); s = time.perf_counter()
    for _ in range(n): f()
    return (time.perf_counter() - s) / n * 1e6
settings.CACHES["file"] = cache_config("file://" + {folder!r}, Path("."), 60)
settings.CACHES["redis"] = cache_config({redis_url!r}, Path("."), 60)
settings.CACHES["db"] = cache_config("db://hub_cache", Path("."), 60)
from django.core.management import call_command
call_command("createcachetable")
page = b"x" * 30000
for name in ("file", "redis", "db"):
    caches[name].set("k", page)
print(f"  data version from PostgreSQL (SELECT of 16 rows): {{t(dataversion.current):7.1f}} us")
print(f"  30 KB page from the file cache:                   {{t(lambda: caches['file'].get('k')):7.1f}} us")
print(f"  30 KB page from Redis:                            {{t(lambda: caches['redis'].get('k')):7.1f}} us")
print(f"  30 KB page from the database cache (PostgreSQL):  {{t(lambda: caches['db'].get('k')):7.1f}} us")
"""
    run([PY, "-c", code], {**env, "DJANGO_SETTINGS_MODULE": "config.settings"})


def main() -> int:
    database = os.environ.get("DATABASE_URL", "")
    if not database.startswith("postgres"):
        raise SystemExit("DATABASE_URL must name a PostgreSQL database (it is migrated and loaded here)")
    base_port = int(os.environ.get("BENCH_PORT", "18100"))
    floor_port, port_a, port_b, redis_port = base_port, base_port + 1, base_port + 2, base_port + 3
    duration, rounds = os.environ.get("BENCH_DURATION", "5"), os.environ.get("BENCH_ROUNDS", "3")
    work = Path(tempfile.mkdtemp(prefix="ascn-multiserver-"))
    redis_url = os.environ.get("REDIS_URL", "")
    env = {
        **os.environ,
        "DEBUG": "false",
        "SECRET_KEY": "bench-only-not-a-secret",  # noqa: S105
        "ALLOWED_HOSTS": "127.0.0.1,localhost",
        "SECURE_SSL_REDIRECT": "false",
        "STATIC_ROOT": str(work / "static"),
        "LOG_LEVEL": "WARNING",
    }
    try:
        if not redis_url:
            redis_url = f"redis://127.0.0.1:{redis_port}/0"
            start(
                [
                    "redis-server",
                    "--port",
                    str(redis_port),
                    "--bind",
                    "127.0.0.1",
                    "--save",
                    "",
                    "--appendonly",
                    "no",
                    "--dir",
                    str(work),
                ],
                env,
                work / "redis.log",
            )
            time.sleep(1)
        env["CACHE_URL"] = redis_url
        say("== Set-up: one PostgreSQL, one Redis, two app servers of 2 gunicorn workers each")
        run([PY, "manage.py", "migrate", "--noinput", "-v0"], env)
        run([PY, "manage.py", "loadreference"], env, stdout=subprocess.DEVNULL)
        run([PY, "manage.py", "collectstatic", "--noinput", "-v0"], env)
        email = "bench-secretariat@asean.example"
        password = "bench password not secret 42"  # noqa: S105 - the benchmark's throw-away account
        subprocess.run(
            [PY, "manage.py", "createsecretariat", email, "--password-stdin"],
            env=env,
            cwd=ROOT,
            input=password.encode() + b"\n",
            capture_output=True,
        )
        token = (
            run([PY, "manage.py", "createtoken", email, "--write", "--days", "1"], env, capture_output=True)
            .stdout.decode()
            .strip()
            .splitlines()[-1]
        )
        servers = {}
        for name, port in (("A", port_a), ("B", port_b)):
            start([GUNICORN, "config.wsgi", "--bind", f"127.0.0.1:{port}", "--workers", "2"], env, work / f"{name}.log")
            servers[name] = f"http://127.0.0.1:{port}"
        for base in servers.values():
            wait_for(base + "/api/v1/countries")
        visibility(servers["A"], servers["B"], token)
        session_across(servers["A"], servers["B"], email, password)
        hit_rate(servers["B"])
        version_read_cost(env, redis_url)

        say("\n== Cached public paths on server A vs the floor (alternating rounds, wrk, 32 connections)")
        run(["bash", str(PERF / "setup.sh")], os.environ, stdout=subprocess.DEVNULL)
        run([str(PERF / "serve.sh"), "start", str(floor_port)], os.environ)
        try:
            for path in PATHS:
                get(servers["A"] + path)
            run(
                [
                    sys.executable,
                    str(PERF / "load.py"),
                    servers["A"],
                    "--paths",
                    *PATHS,
                    "--vs",
                    f"http://127.0.0.1:{floor_port}",
                    "--vs-paths",
                    *FLOOR_PATHS,
                    "--duration",
                    duration,
                    "--rounds",
                    rounds,
                    "--json",
                    str(work / "load.json"),
                ],
                os.environ,
            )
        finally:
            run([str(PERF / "serve.sh"), "stop", str(floor_port)], os.environ)
        say(f"\n(server logs and load.json in {work})")
    finally:
        stop_all()
    return 0


if __name__ == "__main__":
    sys.exit(main())
