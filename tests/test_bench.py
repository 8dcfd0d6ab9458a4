"""The benchmark harness's own pieces: wrk parsing, the yardstick page, real URLs."""

from __future__ import annotations

import pytest

from articles.demo.seeding import seed_demo
from bench import run

WRK_OUTPUT = """\
Running 5s test @ http://127.0.0.1:8000/
  2 threads and 8 connections
  Thread Stats   Avg      Stdev     Max   +/- Stdev
    Latency     4.10ms    1.20ms  30.00ms   90.00%
    Req/Sec     0.98k    80.00     1.10k    70.00%
  Latency Distribution
     50%  850.00us
     75%    4.50ms
     90%    5.20ms
     99%    1.20s
  9800 requests in 5.00s, 120.00MB read
  Non-2xx or 3xx responses: 12
Requests/sec:   1960.42
Transfer/sec:     24.00MB
"""


def test_wrk_output_gives_throughput_and_latencies_in_milliseconds():
    rps, p50, p99, problems = run.parse_wrk(WRK_OUTPUT)
    assert rps == pytest.approx(1960.42)
    assert p50 == pytest.approx(0.85)
    assert p99 == pytest.approx(1200.0)
    assert problems == "12 non-2xx"


def test_benchmark_refuses_unknown_page_types():
    with pytest.raises(SystemExit):
        run.parse_args(["--pages", "home,nowhere"])


def test_reference_page_serves_the_saved_article_html(client, settings, tmp_path, monkeypatch):
    import bench.urls

    page = tmp_path / "reference.html"
    page.write_bytes(b"<!DOCTYPE html><p>" + b"a" * 5000 + b"</p>")
    monkeypatch.setenv("BENCH_REFERENCE_HTML", str(page))
    monkeypatch.setattr(bench.urls, "_page", None)
    settings.ROOT_URLCONF = "bench.urls"
    response = client.get("/__bench__/constant/")
    assert response.status_code == 200
    assert response.content == page.read_bytes()


def test_benchmark_urls_are_real_pages_of_the_seeded_site(client, db):
    from bench.pick_urls import pick_urls

    seed_demo(60, index=False, analyze=False)
    urls = pick_urls()
    assert {"home", "article", "section", "tag", "search"} <= set(urls)
    for page in ("home", "article", "section", "tag"):
        assert client.get(urls[page]).status_code == 200, page
