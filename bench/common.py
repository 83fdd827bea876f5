"""Shared helpers for the benchmarks: a scratch PostgreSQL database and the project's texts."""

from __future__ import annotations

import os
import platform
import socket
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PY = sys.executable


def machine() -> str:
    cpu = "unknown CPU"
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    return f"{platform.system()} {platform.machine()}, {os.cpu_count()} cores, {cpu}, Python {platform.python_version()}"


def scratch_database(name: str, seeds: bool = True) -> str:
    """Drop and create a PostgreSQL database on 127.0.0.1, migrate it (and load the reference
    seeds), return its URL."""
    base = os.environ.get("BENCH_PG", "postgres://postgres@127.0.0.1:5432")
    # A prefix keeps benchmarks run side by side (other checkouts) off each other's databases.
    name = os.environ.get("BENCH_DB_PREFIX", "") + name
    for sql in (f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)', f'CREATE DATABASE "{name}"'):
        subprocess.run(["psql", f"{base}/postgres", "-qc", sql], check=True, capture_output=True)
    url = f"{base}/{name}"
    manage(url, "migrate", "--noinput", "-v0")
    if seeds:
        manage(url, "load_seeds", "--no-articles")
    return url


def manage(db_url: str, *args: str, **env) -> subprocess.CompletedProcess:
    environ = {**os.environ, "DATABASE_URL": db_url, **env}
    environ.pop("CELERY_BROKER_URL", None) if "CELERY_BROKER_URL" not in env else None
    return subprocess.run(
        [PY, "manage.py", *args], cwd=ROOT, env=environ, check=True, capture_output=True, text=True
    )


def project_texts() -> list[str]:
    """The project's own texts: the seed articles and the test texts (no evaluation data)."""
    paths = sorted((ROOT / "seeds" / "articles").glob("*.txt")) + sorted(
        (ROOT / "tests" / "data").glob("*.txt")
    )
    return [p.read_text(encoding="utf-8") for p in paths]


def articles(n: int) -> list[str]:
    """n distinct articles built from the project's texts (paragraphs rotated, numbered)."""
    texts = project_texts()
    out = []
    for i in range(n):
        base = texts[i % len(texts)]
        paras = [p for p in base.split("\n\n") if p.strip()]
        k = (i // len(texts)) % max(1, len(paras) - 1)
        body = "\n\n".join([paras[0], *paras[1 + k :], *paras[1 : 1 + k]])
        out.append(f"{body}\n\n({i})\n")
    return out


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def worker_pids(master: int) -> list[int]:
    try:
        children = Path(f"/proc/{master}/task/{master}/children").read_text().split()
    except OSError:
        return []
    return [int(pid) for pid in children]


def cpu_seconds(pids: list[int]) -> float:
    """utime + stime of these processes (Linux /proc), to tell cost from contention."""
    tick = os.sysconf("SC_CLK_TCK")
    total = 0
    for pid in pids:
        try:
            fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue
        total += int(fields[11]) + int(fields[12])
    return total / tick
