"""wrk, the load generator: finding or installing it, running it, reading its report."""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import urllib.error
import urllib.request

CONNECTIONS = 8
WARMUP_SECONDS = 1


def log(message: str) -> None:
    print(f"[bench] {message}", flush=True)


def ensure_wrk() -> str:
    wrk = shutil.which("wrk")
    if wrk:
        return wrk
    if os.geteuid() != 0:
        raise SystemExit(
            "[bench] wrk is missing: install it with `sudo apt-get install wrk` and run again."
        )
    log("installing wrk with apt-get")
    env = {**os.environ, "DEBIAN_FRONTEND": "noninteractive"}
    install = ["apt-get", "install", "-y", "-qq", "wrk"]
    if subprocess.run(install, env=env, capture_output=True, timeout=600).returncode != 0:
        subprocess.run(["apt-get", "update", "-qq"], env=env, timeout=600, check=False)
        subprocess.run(install, env=env, timeout=600, check=True)
    wrk = shutil.which("wrk")
    if not wrk:
        raise SystemExit("[bench] wrk could not be installed.")
    return wrk


_UNITS_MS = {"us": 0.001, "ms": 1.0, "s": 1000.0, "m": 60_000.0}


def parse_wrk(output: str) -> tuple[float, float, float, str]:
    """(requests/s, p50 ms, p99 ms, problems) from ``wrk --latency`` output."""

    def latency(percent: str) -> float:
        match = re.search(rf"^\s+{percent}%\s+([\d.]+)(us|ms|s|m)\s*$", output, re.M)
        return float(match.group(1)) * _UNITS_MS[match.group(2)] if match else float("nan")

    rps = re.search(r"Requests/sec:\s+([\d.]+)", output)
    problems = []
    non_2xx = re.search(r"Non-2xx or 3xx responses: (\d+)", output)
    if non_2xx:
        problems.append(f"{non_2xx.group(1)} non-2xx")
    errors = re.search(r"Socket errors: (.+)", output)
    if errors:
        problems.append(f"socket errors: {errors.group(1).strip()}")
    return (float(rps.group(1)) if rps else 0.0), latency("50"), latency("99"), "; ".join(problems)


def load(wrk: str, url: str, seconds: int) -> tuple[float, float, float, str]:
    threads = str(min(2, os.cpu_count() or 1))
    common = [wrk, "-t", threads, "-c", str(CONNECTIONS), "--timeout", "5s"]
    subprocess.run([*common, "-d", f"{WARMUP_SECONDS}s", url], capture_output=True, timeout=60)
    completed = subprocess.run(
        [*common, "-d", f"{seconds}s", "--latency", url],
        capture_output=True,
        text=True,
        timeout=seconds + 60,
    )
    return parse_wrk(completed.stdout)


def fetch(url: str) -> tuple[int, bytes]:
    try:
        with urllib.request.urlopen(url, timeout=30) as response:
            return response.status, response.read()
    except urllib.error.HTTPError as error:
        return error.code, error.read()


# --- Steps ------------------------------------------------------------------------
