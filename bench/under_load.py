#!/usr/bin/env python3
"""
A newsroom under load: readers on random articles while a publisher publishes.

    .venv/bin/python bench/under_load.py [--articles 10000] [--seconds 30] [--cache locmem://]

Seeds N articles (``seed_demo``) in a scratch folder (kept for the next run),
serves them under gunicorn (2 sync workers, DEBUG off, SQLite, the given
CACHE_URL), then loads random article pages with wrk (8 connections) twice:
once with nobody publishing, once while another process publishes one new
article per second through ``articles.publishing.publish`` (the path every
entry point takes, so the page cache is invalidated as in production). It
reports throughput, p50 and p99 of both, their ratio (goal: at least 80 %),
and the page cache hit rate read from the ``X-Cache`` header. Saved in
bench/results/under-load-<UTC>.txt. Everything listens on 127.0.0.1.
"""

from __future__ import annotations

import argparse
import atexit
import os
import re
import signal
import subprocess
import sys
import urllib.request
from concurrent.futures import ThreadPoolExecutor
from datetime import UTC, datetime
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from peers import PYTHON, ROOT, manage, newsroom_env, wait_until_up  # noqa: E402

RESULTS = ROOT / "bench" / "results"
PORT = 18111
CONNECTIONS = 8

PUBLISHER = """
import random, time
from django.utils import timezone
from articles import publishing
from articles.models import Article, Author, Section, Tag
random.seed(7)
sections = list(Section.objects.all())
authors = list(Author.objects.all())
tags = list(Tag.objects.values_list("name", flat=True)[:200])
deadline = time.monotonic() + {seconds}
n = 0
while time.monotonic() < deadline:
    started = time.monotonic()
    article = Article.objects.create(
        headline=f"Dépêche {{n}} du bureau de nuit", section=random.choice(sections),
        standfirst="Une dépêche publiée pendant la mesure.", body="<p>Texte.</p>")
    article.authors.set(random.sample(authors, 1))
    article.tags.add(*random.sample(tags, 3))
    publishing.publish(article, None, override_reason="bench")
    n += 1
    time.sleep(max(0, 1 - (time.monotonic() - started)))
print("PUBLISHED", n)
"""

PATHS = """
from articles.models import Article
for article in Article.objects.published().select_related("section").iterator():
    print(article.get_absolute_url())
"""

_server: subprocess.Popen | None = None


def stop() -> None:
    if _server is not None and _server.poll() is None:
        os.killpg(_server.pid, signal.SIGTERM)
        _server.wait(timeout=30)


def wrk(paths: Path, seconds: int) -> dict[str, float]:
    out = subprocess.run(
        [
            "wrk",
            "-t2",
            f"-c{CONNECTIONS}",
            f"-d{seconds}s",
            "--timeout",
            "10s",
            "--latency",
            "-s",
            str(ROOT / "bench" / "under_load.lua"),
            f"http://127.0.0.1:{PORT}/",
        ],  # fmt: skip
        env={**os.environ, "URLS_FILE": str(paths)},
        capture_output=True,
        text=True,
        timeout=seconds + 120,
        check=True,
    ).stdout
    units = {"us": 0.001, "ms": 1.0, "s": 1000.0}

    def latency(percent: str) -> float:
        found = re.search(rf"^\s+{percent}%\s+([\d.]+)(us|ms|s)\s*$", out, re.M)
        return float(found.group(1)) * units[found.group(2)]

    hits, misses = map(int, re.search(r"CACHE hits=(\d+) misses=(\d+)", out).groups())
    return {
        "rps": float(re.search(r"Requests/sec:\s+([\d.]+)", out).group(1)),
        "p50": latency("50"),
        "p99": latency("99"),
        "hit_rate": hits / max(1, hits + misses),
    }


def warm_up(paths: Path, passes: int) -> None:
    """Every article once per pass, as a day of readers would."""
    urls = [f"http://127.0.0.1:{PORT}{path}" for path in paths.read_text().split()] * passes

    def get(url: str) -> None:
        with urllib.request.urlopen(url, timeout=60) as response:
            response.read()

    with ThreadPoolExecutor(max_workers=4) as pool:
        list(pool.map(get, urls))


def main(argv=None) -> int:
    global _server
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--articles", type=int, default=10_000)
    parser.add_argument("--seconds", type=int, default=30)
    parser.add_argument("--cache", default="locmem://", help="CACHE_URL (e.g. redis://...)")
    parser.add_argument("--workdir", type=Path)
    args = parser.parse_args(argv)
    workdir = args.workdir or Path(f"/tmp/newsroom-under-load-{args.articles}")
    workdir.mkdir(parents=True, exist_ok=True)
    env = newsroom_env(workdir, args.cache)
    if not (workdir / "db.sqlite3").exists():
        manage(env, "migrate", "--noinput", "-v", "0")
        manage(env, "seed_demo", "--articles", str(args.articles))
    manage(env, "migrate", "--noinput", "-v", "0")
    manage(env, "collectstatic", "--noinput", "-v", "0")
    paths = workdir / "article-paths.txt"
    listed = manage(env, "shell", "-c", PATHS).splitlines()
    paths.write_text("".join(f"{line}\n" for line in listed if line.startswith("/")))
    atexit.register(stop)
    logfile = open(workdir / "gunicorn.log", "a")  # noqa: SIM115 (lives with the server)
    _server = subprocess.Popen(
        [
            PYTHON,
            "-m",
            "gunicorn",
            "newsroom.wsgi",
            "--bind",
            f"127.0.0.1:{PORT}",
            "--workers",
            "2",
            "--worker-class",
            "sync",
            "--log-level",
            "warning",
        ],  # fmt: skip
        cwd=ROOT,
        env=env,
        stdout=logfile,
        stderr=logfile,
        start_new_session=True,
    )
    wait_until_up(f"http://127.0.0.1:{PORT}/robots.txt")
    # A local cache is per worker: two passes leave most pages in both.
    warm_up(paths, passes=2 if args.cache.startswith("locmem") else 1)
    quiet = wrk(paths, args.seconds)
    publisher = subprocess.Popen(
        [PYTHON, "manage.py", "shell", "-c", PUBLISHER.format(seconds=args.seconds + 2)],
        cwd=ROOT,
        env=env,
        stdout=subprocess.PIPE,
        text=True,
    )
    busy = wrk(paths, args.seconds)
    published = int(re.search(r"PUBLISHED (\d+)", publisher.communicate(timeout=120)[0]).group(1))
    load = " ".join(Path("/proc/loadavg").read_text().split()[:3])
    text = "\n".join(
        [
            f"# bench/under_load.py {datetime.now(UTC):%Y-%m-%dT%H:%MZ}: {args.articles:,} "
            f"articles, random article pages, wrk {CONNECTIONS} connections, {args.seconds} s "
            f"each, gunicorn 2 sync workers, SQLite, CACHE_URL={args.cache}; load after: {load}",
            "",
            "| readers | req/s | p50 ms | p99 ms | page cache hit rate |",
            "|---|---:|---:|---:|---:|",
            *(
                f"| {name} | {r['rps']:.0f} | {r['p50']:.1f} | {r['p99']:.1f} | "
                f"{r['hit_rate']:.1%} |"
                for name, r in (
                    ("no publication", quiet),
                    (f"{published} publications, one a second", busy),
                )
            ),
            "",
            f"Throughput while publishing: {busy['rps'] / quiet['rps']:.0%} of the quiet one; "
            f"p99 {busy['p99'] / quiet['p99']:.2f}x.",
        ]
    )
    RESULTS.mkdir(exist_ok=True)
    (RESULTS / f"under-load-{datetime.now(UTC):%Y%m%dT%H%M%SZ}.txt").write_text(text + "\n")
    print(text)
    return 0


if __name__ == "__main__":
    sys.exit(main())
