#!/usr/bin/env python3
"""
Newsroom benchmark: ``make bench`` (or ``.venv/bin/python bench/run.py``).

Creates a fresh database (SQLite under /tmp, or PostgreSQL with --postgres),
seeds N articles, collects static files, starts the site in production mode
under gunicorn (2 sync workers, DEBUG off) on a free port of 127.0.0.1, and
loads each page type with wrk for a fixed time, cache on and cache off.
Prints a table (requests/s, p50 and p99 latency) and saves it to
bench/results/<timestamp>.txt.

    --articles N   articles to seed (default 2000)
    --duration S   seconds of load per page and cache mode (default 10)
    --postgres     use postgres://postgres@127.0.0.1:5432/newsroom_bench (recreated)
    --pages LIST   comma-separated subset of: home,article,section,tag,search,feed,reference
    --flat         only the flatness check: section page, cache off, at 1,000 then
                   10,000 articles; prints the throughput ratio

All traffic goes to 127.0.0.1. Every step has a time limit, and gunicorn is
stopped on exit, Ctrl-C included.
"""

from __future__ import annotations

import argparse
import atexit
import json
import os
import secrets
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.request
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

# Run as a script (python bench/run.py): make the repository importable first.
sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
from bench.wrk import (  # noqa: E402, F401  (parse_wrk: tests)
    CONNECTIONS,
    WARMUP_SECONDS,
    ensure_wrk,
    fetch,
    load,
    parse_wrk,
)

ROOT = Path(__file__).resolve().parent.parent
RESULTS = ROOT / "bench" / "results"
PYTHON = sys.executable
PAGES = ("home", "article", "section", "tag", "search", "feed", "reference")
REFERENCE_URL = "/__bench__/constant/"
POSTGRES_SERVER = "postgres://postgres@127.0.0.1:5432"
POSTGRES_DB = "newsroom_bench"
WORKERS = 2
STEP_TIMEOUT = 1800  # seconds: no single step (seeding 100k included) may take longer
SERVER_START_TIMEOUT = 30  # seconds
FLAT_SIZES = (1_000, 10_000)

_server: subprocess.Popen | None = None


@dataclass
class Result:
    page: str
    cache: str
    url: str
    requests_per_second: float = 0.0
    p50_ms: float = 0.0
    p99_ms: float = 0.0
    page_bytes: int = 0
    note: str = ""


# --- Processes ------------------------------------------------------------------


def log(message: str) -> None:
    print(f"[bench] {message}", flush=True)


def run(args: list[str], env: dict[str, str], quiet: bool = False) -> str:
    completed = subprocess.run(
        args,
        cwd=ROOT,
        env=env,
        text=True,
        capture_output=quiet,
        timeout=STEP_TIMEOUT,
    )
    if completed.returncode != 0:
        if quiet:
            sys.stderr.write(completed.stdout + completed.stderr)
        raise SystemExit(f"[bench] failed: {' '.join(args)}")
    return completed.stdout or ""


def manage(env: dict[str, str], *args: str, quiet: bool = False) -> str:
    return run([PYTHON, "manage.py", *args], env, quiet=quiet)


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def start_server(env: dict[str, str], workdir: Path) -> str:
    global _server
    port = free_port()
    errors = open(workdir / "gunicorn.log", "a")  # noqa: SIM115 (lives with the server)
    _server = subprocess.Popen(
        [
            PYTHON,
            "-m",
            "gunicorn",
            "newsroom.wsgi",
            "--bind",
            f"127.0.0.1:{port}",
            "--workers",
            str(WORKERS),
            "--worker-class",
            "sync",
            "--log-level",
            "warning",
        ],  # fmt: skip
        cwd=ROOT,
        env=env,
        stdout=errors,
        stderr=errors,
        start_new_session=True,  # its own process group, stopped as one
    )
    base = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + SERVER_START_TIMEOUT
    while time.monotonic() < deadline:
        if _server.poll() is not None:
            raise SystemExit(f"[bench] gunicorn exited; see {workdir / 'gunicorn.log'}")
        try:
            with urllib.request.urlopen(base + "/", timeout=2):
                return base
        except urllib.error.HTTPError:
            return base  # it answers, even if with an error page
        except OSError:
            time.sleep(0.2)
    raise SystemExit(f"[bench] gunicorn did not answer in {SERVER_START_TIMEOUT} s")


def stop_server() -> None:
    global _server
    if _server is None:
        return
    if _server.poll() is None:
        os.killpg(_server.pid, signal.SIGTERM)
        try:
            _server.wait(timeout=10)
        except subprocess.TimeoutExpired:
            os.killpg(_server.pid, signal.SIGKILL)
            _server.wait()
    _server = None


def on_signal(signum, frame):
    stop_server()
    raise SystemExit(128 + signum)


# --- wrk --------------------------------------------------------------------------


def base_env(args, workdir: Path) -> dict[str, str]:
    if args.postgres:
        database_url = f"{POSTGRES_SERVER}/{POSTGRES_DB}"
    else:
        database_url = f"sqlite:///{workdir / 'db.sqlite3'}"
    return {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "bench.settings",
        "DJANGO_DEBUG": "0",
        "DJANGO_SECRET_KEY": secrets.token_urlsafe(50),
        "DJANGO_SECURE_SSL_REDIRECT": "0",
        "DJANGO_SECURE_COOKIES": "0",
        "DJANGO_SECURE_HSTS_SECONDS": "0",
        "DJANGO_ALLOWED_HOSTS": "127.0.0.1,localhost",
        "DATABASE_URL": database_url,
        # Persistent connections, as a production deployment would configure.
        "DATABASE_CONN_MAX_AGE": "60",
        "MEDIA_ROOT": str(workdir / "media"),
        "BENCH_STATIC_ROOT": str(workdir / "static"),
        "BENCH_REFERENCE_HTML": str(workdir / "reference.html"),
        "DJANGO_LOG_LEVEL": "ERROR",
    }


def create_database(args, env: dict[str, str]) -> None:
    if args.postgres:
        log(f"recreating PostgreSQL database {POSTGRES_DB}")
        import psycopg

        with psycopg.connect(f"{POSTGRES_SERVER}/postgres", autocommit=True) as conn:
            conn.execute(f'DROP DATABASE IF EXISTS "{POSTGRES_DB}" WITH (FORCE)')
            conn.execute(f'CREATE DATABASE "{POSTGRES_DB}"')
    manage(env, "migrate", "--noinput", quiet=True)


def seed(env: dict[str, str], articles: int, seed_value: int, index: bool) -> float:
    log(f"seeding {articles:,} articles")
    started = time.monotonic()
    options = [] if index else ["--no-index"]  # only the search page needs the index
    manage(env, "seed_demo", "--articles", str(articles), "--seed", str(seed_value), *options)
    return time.monotonic() - started


def bench_pages(args, env, workdir, wrk, urls: dict[str, str], cache: str) -> list[Result]:
    cache_url = args.cache_url if cache == "on" else "dummy://"
    base = start_server({**env, "CACHE_URL": cache_url}, workdir)
    results = []
    try:
        for page in args.pages:
            if page == "reference" and cache == "off":
                continue  # a constant page does not use the cache
            url = REFERENCE_URL if page == "reference" else urls.get(page)
            result = Result(page=page, cache="n/a" if page == "reference" else cache, url=url or "")
            results.append(result)
            if not url:
                result.note = "no such page in this build"
                continue
            if page == "reference" and not (workdir / "reference.html").exists():
                # The yardstick serves the article page's own bytes.
                if "article" not in urls:
                    result.note = "no article to copy"
                    continue
                (workdir / "reference.html").write_bytes(fetch(base + urls["article"])[1])
            status, body = fetch(base + url)
            result.page_bytes = len(body)
            if status != 200:
                result.note = f"HTTP {status}, not measured"
                continue
            log(f"{page:<9} cache {cache:<3} {url}")
            rps, p50, p99, problems = load(wrk, base + url, args.duration)
            result.requests_per_second, result.p50_ms, result.p99_ms = rps, p50, p99
            result.note = problems
            if not rps:
                result.note = problems or "no response completed within wrk's 5 s timeout"
    finally:
        stop_server()
    return results


def table(results: list[Result]) -> str:
    lines = [
        f"{'page':<10} {'cache':<5} {'req/s':>9} {'p50 ms':>8} {'p99 ms':>8} {'bytes':>8}  notes",
        "-" * 64,
    ]
    for r in results:
        if r.requests_per_second:
            numbers = f"{r.requests_per_second:>9.1f} {r.p50_ms:>8.2f} {r.p99_ms:>8.2f}"
        else:
            numbers = f"{'-':>9} {'-':>8} {'-':>8}"
        lines.append(f"{r.page:<10} {r.cache:<5} {numbers} {r.page_bytes:>8}  {r.note}")
    return "\n".join(lines)


def header(args, articles: int, seed_seconds: float | None) -> str:
    commit = subprocess.run(
        ["git", "rev-parse", "--short", "HEAD"], cwd=ROOT, capture_output=True, text=True
    ).stdout.strip()
    database = "PostgreSQL" if args.postgres else "SQLite"
    lines = [
        f"Newsroom benchmark, {datetime.now():%Y-%m-%d %H:%M}, commit {commit or '?'}",
        f"CPUs: {os.cpu_count()}; gunicorn {WORKERS} sync workers, DEBUG off; "
        f"wrk {CONNECTIONS} connections, {args.duration} s per page",
        f"Database: {database}, {articles:,} articles"
        + (f" (seeded in {seed_seconds:.0f} s)" if seed_seconds else "")
        + f"; cache on = {args.cache_url}, cache off = dummy://",
    ]
    return "\n".join(lines)


def save(text: str) -> Path:
    RESULTS.mkdir(parents=True, exist_ok=True)
    path = RESULTS / f"{datetime.now():%Y%m%d-%H%M%S}.txt"
    path.write_text(text + "\n")
    return path


def pick_urls(env: dict[str, str]) -> dict[str, str]:
    return json.loads(run([PYTHON, "-m", "bench.pick_urls"], env, quiet=True))


def main_table(args, env, workdir, wrk) -> str:
    seed_seconds = seed(env, args.articles, args.seed, index="search" in args.pages)
    manage(env, "collectstatic", "--noinput", quiet=True)
    urls = pick_urls(env)
    results = bench_pages(args, env, workdir, wrk, urls, "on")
    results += bench_pages(args, env, workdir, wrk, urls, "off")
    order = {page: index for index, page in enumerate(PAGES)}
    results.sort(key=lambda r: (order[r.page], r.cache != "on"))
    urls_text = "\n".join(f"  {page}: {url}" for page, url in urls.items())
    return f"{header(args, args.articles, seed_seconds)}\n\n{table(results)}\n\nURLs:\n{urls_text}"


def flat_check(args, env, workdir, wrk) -> str:
    """Section page, cache off, at 1,000 then 10,000 articles."""
    args.pages = ["section"]
    manage(env, "collectstatic", "--noinput", quiet=True)
    measured, seeded = [], 0
    url = None
    for size in FLAT_SIZES:
        seed(env, size - seeded, args.seed, index=False)
        seeded = size
        # The same section at both sizes: the biggest one at the first size.
        url = url or pick_urls(env)["section"]
        result = bench_pages(args, env, workdir, wrk, {"section": url}, "off")[0]
        result.page = f"section@{size // 1000}k"
        measured.append(result)
    ratio = measured[1].requests_per_second / measured[0].requests_per_second
    verdict = "flat" if ratio >= 0.9 else "NOT flat (target: within 10%)"
    return (
        f"{header(args, FLAT_SIZES[-1], None)}\n\nFlatness check, section page {url}, cache off\n\n"
        f"{table(measured)}\n\nratio {FLAT_SIZES[1]:,} / {FLAT_SIZES[0]:,} articles: "
        f"{ratio:.2f} ({verdict})"
    )


def parse_args(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--articles", type=int, default=2000)
    parser.add_argument("--duration", type=int, default=10, help="seconds per page and cache mode")
    parser.add_argument("--postgres", action="store_true")
    parser.add_argument("--pages", default=",".join(PAGES))
    parser.add_argument("--flat", action="store_true")
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument(
        "--cache-url", default="locmem://", help="cache for the 'cache on' runs, e.g. redis://…"
    )
    parser.add_argument("--keep", action="store_true", help="keep the scratch folder")
    args = parser.parse_args(argv)
    args.pages = [page.strip() for page in args.pages.split(",") if page.strip()]
    unknown = set(args.pages) - set(PAGES)
    if unknown:
        parser.error(f"unknown pages: {', '.join(sorted(unknown))}; choose from {', '.join(PAGES)}")
    if args.articles < 1 or not 1 <= args.duration <= 600:
        parser.error("--articles must be at least 1 and --duration between 1 and 600")
    return args


def main(argv=None) -> int:
    args = parse_args(argv)
    wrk = ensure_wrk()
    workdir = Path(tempfile.mkdtemp(prefix="newsroom-bench-"))
    atexit.register(stop_server)
    if not args.keep:
        atexit.register(shutil.rmtree, workdir, True)
    signal.signal(signal.SIGTERM, on_signal)
    signal.signal(signal.SIGINT, on_signal)
    env = base_env(args, workdir)
    log(f"scratch folder {workdir}")
    create_database(args, env)
    text = flat_check(args, env, workdir, wrk) if args.flat else main_table(args, env, workdir, wrk)
    path = save(text)
    print()
    print(text)
    print(f"\nSaved to {path.relative_to(ROOT)}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
