#!/usr/bin/env python3
"""
Newsroom next to the Wagtail peer and the constant Django page, in one run.

    .venv/bin/python bench/peers.py --peers /work/peers [--articles 1000] [--rounds 3]

Copy ../shared/peers outside the repository first and build it as its README
says (its venv, ``data-1k`` seeded with ``seed_peer --articles 1000``). This
script seeds Newsroom (``seed_demo``) in a scratch folder, serves it twice
under gunicorn (2 sync workers, DEBUG off, SQLite): once with no page cache
(``dummy://``: every request is a miss) and once with the default local page
cache; it serves the Wagtail peer and the constant page with the peers' own
``serve.sh``, then measures every target with the peers' ``bench.sh`` (wrk,
8 connections), ROUNDS times, targets interleaved so that outside load hits
them all. It prints the median of each target and the ratios, and saves them
in bench/results/peers-<UTC>.txt. Everything listens on 127.0.0.1 and is
stopped on exit.

Wagtail's peer has a home, section and article page only: Newsroom's tag and
author pages (lists of 20 like a section) are compared with its section page,
and the feed (30 items) with its home page (20).
"""

from __future__ import annotations

import argparse
import atexit
import os
import re
import secrets
import signal
import statistics
import subprocess
import sys
import time
import urllib.error
import urllib.request
from datetime import UTC, datetime
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PYTHON = sys.executable
RESULTS = ROOT / "bench" / "results"
START_TIMEOUT_SECONDS = 60
PORTS = {"newsroom": 18101, "newsroom-cached": 18102, "wagtail": 18181, "constant": 18190}
# Newsroom page -> the Wagtail page it is compared with.
PEER_PAGE = {
    "home": "home",
    "section": "section",
    "tag": "section",
    "author": "section",
    "article": "article",
    "feed": "home",
}

_servers: list[subprocess.Popen] = []
_peer_ports: list[int] = []


def log(message: str) -> None:
    print(f"[peers] {message}", flush=True)


def newsroom_env(workdir: Path, cache_url: str) -> dict[str, str]:
    return {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "bench.settings",
        "DJANGO_DEBUG": "0",
        "DJANGO_SECRET_KEY": secrets.token_urlsafe(50),
        "DJANGO_SECURE_SSL_REDIRECT": "0",
        "DJANGO_SECURE_COOKIES": "0",
        "DJANGO_SECURE_HSTS_SECONDS": "0",
        "DJANGO_ALLOWED_HOSTS": "127.0.0.1,localhost",
        "DATABASE_URL": f"sqlite:///{workdir / 'db.sqlite3'}",
        "DATABASE_CONN_MAX_AGE": "60",
        "MEDIA_ROOT": str(workdir / "media"),
        "BENCH_STATIC_ROOT": str(workdir / "static"),
        "DJANGO_LOG_LEVEL": "ERROR",
        "CACHE_URL": cache_url,
    }


def manage(env: dict[str, str], *args: str) -> str:
    done = subprocess.run(
        [PYTHON, "manage.py", *args],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=1800,
    )
    if done.returncode:
        raise SystemExit(f"manage.py {' '.join(args)} failed:\n{done.stderr[-3000:]}")
    return done.stdout


def prepare_newsroom(workdir: Path, articles: int) -> None:
    env = newsroom_env(workdir, "dummy://")
    if not (workdir / "db.sqlite3").exists():
        log(f"seeding Newsroom with {articles:,} articles in {workdir}")
        manage(env, "migrate", "--noinput", "-v", "0")
        manage(env, "seed_demo", "--articles", str(articles))
    manage(env, "migrate", "--noinput", "-v", "0")
    manage(env, "collectstatic", "--noinput", "-v", "0")


def wait_until_up(url: str) -> None:
    deadline = time.monotonic() + START_TIMEOUT_SECONDS
    while time.monotonic() < deadline:
        try:
            with urllib.request.urlopen(url, timeout=5):
                return
        except urllib.error.HTTPError:
            return
        except OSError:
            time.sleep(0.3)
    raise SystemExit(f"{url} did not answer")


def serve_newsroom(workdir: Path, port: int, cache_url: str) -> None:
    logfile = open(workdir / f"gunicorn-{port}.log", "a")  # noqa: SIM115 (lives with the server)
    server = subprocess.Popen(
        [
            PYTHON,
            "-m",
            "gunicorn",
            "newsroom.wsgi",
            "--bind",
            f"127.0.0.1:{port}",
            "--workers",
            "2",
            "--worker-class",
            "sync",
            "--log-level",
            "warning",
        ],  # fmt: skip
        cwd=ROOT,
        env=newsroom_env(workdir, cache_url),
        stdout=logfile,
        stderr=logfile,
        start_new_session=True,
    )
    _servers.append(server)
    wait_until_up(f"http://127.0.0.1:{port}/robots.txt")


def serve_peer(peers: Path, name: str, port: int, data: Path) -> None:
    env = {**os.environ, "PEER_DATA_DIR": str(data)}
    subprocess.run([str(peers / "serve.sh"), name, str(port)], env=env, check=True, timeout=90)
    _peer_ports.append(port)


def stop_all(peers: Path) -> None:
    for server in _servers:
        if server.poll() is None:
            os.killpg(server.pid, signal.SIGTERM)
            server.wait(timeout=30)
    _servers.clear()
    for port in _peer_ports:
        subprocess.run([str(peers / "stop.sh"), str(port)], capture_output=True, timeout=60)
    _peer_ports.clear()


def newsroom_paths(workdir: Path) -> dict[str, str]:
    code = (
        "from articles.models import Article, Author, Section, Tag\n"
        "section = Section.objects.filter(parent=None).order_by('position', 'name').first()\n"
        "article = Article.objects.published().filter(section=section).newest_first().first()\n"
        "tag = article.tags.first(); author = article.authors.first()\n"
        "print('PATHS', section.get_absolute_url(), article.get_absolute_url(),"
        " tag.get_absolute_url(), author.get_absolute_url())\n"
    )
    out = manage(newsroom_env(workdir, "dummy://"), "shell", "-c", code)
    section, article, tag, author = out.split("PATHS", 1)[1].split()
    return {"home": "/", "section": section, "tag": tag, "author": author,
            "article": article, "feed": "/flux/"}  # fmt: skip


def wagtail_paths(peers: Path, data: Path) -> dict[str, str]:
    wagtail = peers / "wagtail"
    out = subprocess.run(
        [str(wagtail / ".venv/bin/python"), "manage.py", "peer_queries"],
        cwd=wagtail,
        env={
            **os.environ,
            "PEER_DATA_DIR": str(data),
            "DJANGO_SETTINGS_MODULE": "newsbench.settings.base",
        },  # fmt: skip
        capture_output=True,
        text=True,
        timeout=300,
        check=True,
    ).stdout
    return dict(re.findall(r"page=(\S+) path=(\S+)", out))


def measure(peers: Path, url: str, seconds: int) -> dict[str, float]:
    out = subprocess.run(
        [str(peers / "bench.sh"), url, str(seconds), "8"],
        capture_output=True,
        text=True,
        timeout=seconds + 120,
        check=True,
    ).stdout
    values = dict(re.findall(r"(\w+)=([\d.]+)", out))
    return {"rps": float(values["rps"]), "p50": float(values["p50"]), "p99": float(values["p99"]),
            "errors": float(values.get("non2xx", 0)) + float(values.get("socket_errors", 0))}  # fmt: skip


def targets(peers: Path, data: Path, workdir: Path) -> dict[str, str]:
    ours, theirs = newsroom_paths(workdir), wagtail_paths(peers, data)
    urls = {f"newsroom {page}": f"http://127.0.0.1:{PORTS['newsroom']}{path}"
            for page, path in ours.items()}  # fmt: skip
    urls.update({f"wagtail {page}": f"http://127.0.0.1:{PORTS['wagtail']}{theirs[page]}"
                 for page in ("home", "section", "article")})  # fmt: skip
    urls["newsroom cached article"] = (
        f"http://127.0.0.1:{PORTS['newsroom-cached']}{ours['article']}"
    )
    urls["constant"] = f"http://127.0.0.1:{PORTS['constant']}/"
    # The same constant page through Newsroom's middleware: what the stack itself costs.
    urls["newsroom constant"] = f"http://127.0.0.1:{PORTS['newsroom-cached']}/__bench__/constant/"
    return urls


def report(samples: dict[str, list[dict]], args) -> str:
    median = {name: statistics.median(s["rps"] for s in runs) for name, runs in samples.items()}
    lines = [
        f"# bench/peers.py {datetime.now(UTC):%Y-%m-%dT%H:%MZ}: {args.articles:,} articles each, "
        f"{args.rounds} rounds x {args.seconds} s, wrk 8 connections, gunicorn 2 sync workers, "
        f"SQLite; median of the rounds; load before: {args.load_before}",
        "",
        "| target | req/s (median) | p50 ms | p99 ms | errors | rounds (req/s) |",
        "|---|---:|---:|---:|---:|---|",
    ]
    for name, runs in samples.items():
        p50 = statistics.median(s["p50"] for s in runs)
        p99 = statistics.median(s["p99"] for s in runs)
        errors = sum(s["errors"] for s in runs)
        each = ", ".join(f"{s['rps']:.0f}" for s in runs)
        lines.append(
            f"| {name} | {median[name]:.0f} | {p50:.1f} | {p99:.1f} | {errors:.0f} | {each} |"
        )
    lines += [
        "",
        "| Newsroom page, no cache | vs Wagtail page | Newsroom / Wagtail |",
        "|---|---|---:|",
    ]
    for page, peer in PEER_PAGE.items():
        ratio = median[f"newsroom {page}"] / median[f"wagtail {peer}"]
        lines.append(f"| {page} | {peer} | {ratio:.2f}x |")
    cached = median["newsroom cached article"] / median["constant"]
    stack = median["newsroom cached article"] / median["newsroom constant"]
    lines += [
        "",
        f"Cached article / constant page (peers' Django project): {cached:.2f}x",
        f"Cached article / constant page through Newsroom's middleware: {stack:.2f}x",
    ]
    return "\n".join(lines)


def parse_args(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--peers", type=Path, default=Path("/work/peers"))
    parser.add_argument(
        "--data", type=Path, help="Wagtail data set (default: PEERS/wagtail/data-1k)"
    )
    parser.add_argument("--workdir", type=Path, default=Path("/tmp/newsroom-peers-1k"))
    parser.add_argument("--articles", type=int, default=1000)
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--seconds", type=int, default=10)
    return parser.parse_args(argv)


def main(argv=None) -> int:
    args = parse_args(argv)
    peers = args.peers.resolve()
    data = (args.data or peers / "wagtail" / "data-1k").resolve()
    args.workdir.mkdir(parents=True, exist_ok=True)
    atexit.register(stop_all, peers)
    signal.signal(signal.SIGTERM, lambda *_: sys.exit(1))
    prepare_newsroom(args.workdir, args.articles)
    serve_newsroom(args.workdir, PORTS["newsroom"], "dummy://")
    serve_newsroom(args.workdir, PORTS["newsroom-cached"], "locmem://")
    serve_peer(peers, "wagtail", PORTS["wagtail"], data)
    serve_peer(peers, "constant", PORTS["constant"], data)
    urls = targets(peers, data, args.workdir)
    for name, url in urls.items():  # warm-up: imports, templates, per-process memos
        log(f"{name}: {url}")
        measure(peers, url, 2)
    args.load_before = " ".join(Path("/proc/loadavg").read_text().split()[:3])
    samples: dict[str, list[dict]] = {name: [] for name in urls}
    for round_number in range(1, args.rounds + 1):
        for name, url in urls.items():
            samples[name].append(measure(peers, url, args.seconds))
            log(f"round {round_number} {name}: {samples[name][-1]['rps']:.0f} req/s")
    text = report(samples, args)
    RESULTS.mkdir(exist_ok=True)
    path = RESULTS / f"peers-{datetime.now(UTC):%Y%m%dT%H%M%SZ}.txt"
    path.write_text(text + "\n")
    print(text)
    log(f"saved {path}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
