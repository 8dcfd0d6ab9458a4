"""Benchmark harness: ``make bench`` (see bench/run.py)."""
