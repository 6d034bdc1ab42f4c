"""The load benchmark of issue 10: the hub under gunicorn on the small and the large database, beside the
bare-Django floor of the shared perf harness, in alternating rounds; then the report at the large size.

    bash ../shared/perf/setup.sh                       # wrk and the floor's venv (once)
    BENCH_SMALL_URL=postgres://USER:PASSWORD@HOST:5432/ascn_small \\
    BENCH_LARGE_URL=postgres://USER:PASSWORD@HOST:5432/ascn_large \\
        .venv/bin/python bench/load.py [--duration 5] [--rounds 3] [--paths / /projects/ ...] [--cached]

The small database holds the reference and demo data (`make demo`), the large one the generated network
(bench/large.py). Both servers run as `make serve` does (gunicorn, 2 sync workers, DEBUG off), without the
public response cache (PUBLIC_CACHE=false: issue 10's target 2 is uncached throughput) unless --cached.
Prints per path the hub's requests/s as a share of the floor's (pages against /html, the API against
/json) and the time per request large ÷ small, each a median of per-round ratios with its range, and
every command it ran. PERF_DIR names the shared harness (default ../shared/perf), PERF_STATE its venv.
"""

from __future__ import annotations

import argparse
import json
import os
import shlex
import signal
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PATHS = [
    "/",
    "/members/",
    "/members/sumedang/",
    "/governance/",
    "/projects/",
    "/monitoring/",
    "/meetings/",
    "/api/v1/members?limit=50",
    "/api/v1/projects?limit=50",
    "/api/v1/meetings",
]
SERVER_ENV = {
    "DEBUG": "false",
    "SECRET_KEY": "bench-only-not-a-secret-0123456789abcdefghijklmnopqrstuvwxyz",
    "ALLOWED_HOSTS": "127.0.0.1,localhost",
    "SECURE_SSL_REDIRECT": "false",
}


def say(text: str) -> None:
    print(text, flush=True)


def command_line(cmd: list[str], env: dict[str, str] | None = None) -> str:
    shown = {k: ("…" if k == "SECRET_KEY" else v) for k, v in (env or {}).items()}
    return " ".join([*(f"{k}={shlex.quote(v)}" for k, v in shown.items()), *map(shlex.quote, cmd)])


class Hub:
    """The hub under gunicorn on one database, in its own process group (stopped by its own pid only)."""

    def __init__(self, name: str, database_url: str, port: int, *, cached: bool):
        self.name, self.port = name, port
        self.env = {**SERVER_ENV, "DATABASE_URL": database_url}
        if not cached:
            self.env["PUBLIC_CACHE"] = "false"
        self.cmd = [
            str(ROOT / ".venv/bin/gunicorn"),
            "config.wsgi",
            "--bind",
            f"127.0.0.1:{port}",
            "--workers",
            "2",
            "--log-level",
            "warning",
        ]
        self.process: subprocess.Popen | None = None

    def start(self) -> None:
        shown = {k: v for k, v in self.env.items() if k != "DATABASE_URL"} | {"DATABASE_URL": "<the database>"}
        say(f"$ {command_line(self.cmd, shown)}   # {self.name}")
        self.process = subprocess.Popen(self.cmd, cwd=ROOT, env={**os.environ, **self.env}, start_new_session=True)
        wait_for(f"http://127.0.0.1:{self.port}/api/v1/countries")

    def stop(self) -> None:
        if self.process and self.process.poll() is None:
            os.killpg(self.process.pid, signal.SIGINT)  # gunicorn's quick shutdown
            self.process.wait(timeout=30)


def wait_for(url: str, seconds: float = 60) -> None:
    until = time.monotonic() + seconds
    while True:
        try:
            urllib.request.urlopen(url, timeout=2).read()
            return
        except Exception:
            if time.monotonic() > until:
                raise SystemExit(f"{url} did not answer within {seconds:.0f} s") from None
            time.sleep(0.5)


def run_load(perf: Path, a: str, b: str, paths: list[str], vs_paths: list[str] | None, args) -> dict:
    out = Path(tempfile.mkstemp(prefix="ascn-load-", suffix=".json")[1])
    cmd = [sys.executable, str(perf / "load.py"), a, "--paths", *paths, "--vs", b]
    if vs_paths:
        cmd += ["--vs-paths", *vs_paths]
    # A long timeout: on a busy machine a request may wait seconds in the queue of 32 connections, and wrk
    # counts a timed-out request as an error, not as a slow one (the ratios would then be meaningless).
    cmd += ["--duration", str(args.duration), "--rounds", str(args.rounds), "--timeout", args.timeout]
    cmd += ["--connections", str(args.connections)]
    cmd += ["--json", str(out)]
    say(f"$ {command_line(cmd)}")
    subprocess.run(cmd, check=True)
    result = json.loads(out.read_text())
    out.unlink()
    # load.py names a pair of different paths "A | B": key the rows by this side's path
    return {row["path"].split(" | ")[0]: row for row in result["results"]}


def ratio_text(ratio: dict, invert: bool = False) -> str:
    """A ratio's median and range; inverted (requests/s A ÷ B shown as time per request A ÷ B) with
    "∞" for a round in which A completed nothing."""
    if ratio["median"] is None:
        return "-"
    low, mid, high = ratio["min"], ratio["median"], ratio["max"]
    if not invert:
        return f"{mid:.3f} ({low:.3f}–{high:.3f})"

    def inv(x: float) -> str:
        return f"{1 / x:.2f}" if x else "∞"

    return f"{inv(mid)}× ({inv(high)}–{inv(low)})"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--paths", nargs="+", default=PATHS)
    parser.add_argument("--duration", type=int, default=5)
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--connections", type=int, default=32, help="wrk's open connections (default 32)")
    parser.add_argument("--timeout", default="30s", help="wrk's per-request timeout (default 30s)")
    parser.add_argument("--cached", action="store_true", help="leave the public response cache on")
    parser.add_argument("--no-report", action="store_true", help="skip the report's timing at the large size")
    parser.add_argument("--port", type=int, default=18100, help="first of three ports (small, large, floor)")
    args = parser.parse_args()
    small_url, large_url = os.environ.get("BENCH_SMALL_URL"), os.environ.get("BENCH_LARGE_URL")
    if not small_url or not large_url:
        raise SystemExit("Set BENCH_SMALL_URL and BENCH_LARGE_URL (see the docstring).")
    perf = Path(os.environ.get("PERF_DIR", ROOT.parent / "shared" / "perf")).resolve()
    serve = perf / "serve.sh"
    collect = [str(ROOT / ".venv/bin/python"), "manage.py", "collectstatic", "--noinput", "-v0"]
    say(f"$ {command_line(collect, {'DEBUG': 'false'})}")
    subprocess.run(collect, cwd=ROOT, env={**os.environ, **SERVER_ENV, "DATABASE_URL": small_url}, check=True)

    small = Hub("small: reference + demo data", small_url, args.port, cached=args.cached)
    large = Hub("large: generated network", large_url, args.port + 1, cached=args.cached)
    floor_port = args.port + 2
    try:
        small.start()
        large.start()
        say(f"$ {serve} start {floor_port}")
        subprocess.run([str(serve), "start", str(floor_port)], check=True)
        s, la, f = (f"http://127.0.0.1:{p}" for p in (small.port, large.port, floor_port))
        floor_paths = ["/json" if p.startswith("/api/") else "/html" for p in args.paths]
        vs_floor = run_load(perf, s, f, args.paths, floor_paths, args)
        vs_small = run_load(perf, la, s, args.paths, None, args)
    finally:
        subprocess.run([str(serve), "stop", str(floor_port)], check=False)
        large.stop()
        small.stop()

    head = "| path | hub ÷ floor (reference + demo) | time per request, large ÷ small | small req/s | p99 ÷ floor p99 |"
    say(f"\n{head}")
    say("|---|---|---|---|---|")
    for path in args.paths:
        a, b = vs_floor[path], vs_small[path]
        say(
            f"| `{path}` | {ratio_text(a['ratio']['rps'])} | {ratio_text(b['ratio']['rps'], invert=True)} "
            f"| {a['A']['rps'] or 0:.0f} | {a['ratio']['p99']['median'] or 0:.1f} |"
        )
    say(
        f"(median of {args.rounds} alternating rounds of {args.duration} s at {args.connections} connections, "
        "range in brackets)"
    )
    if not args.no_report:
        report = [str(ROOT / ".venv/bin/python"), "bench/report.py"]
        env = {"DATABASE_URL": "<the large database>", "BENCH_EXISTING": "1"}
        say(f"\n$ {command_line(report, env)}")
        subprocess.run(
            report, cwd=ROOT, env={**os.environ, **SERVER_ENV, "DATABASE_URL": large_url, "BENCH_EXISTING": "1"}
        )


if __name__ == "__main__":
    main()
