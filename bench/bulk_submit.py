"""Bulk submission through the API against the service function in-process, side by side.

    .venv/bin/python bench/bulk_submit.py [--articles 10000] [--clients 8]

Two runs, each on its own fresh PostgreSQL database, each with the same 2-process Celery
worker on Redis (BENCH_BROKER, default db 9) analysing while the articles arrive:

- baseline: 2 processes call `claims.services.article_submit` directly (no HTTP), each on
  half of the articles;
- API: gunicorn (2 sync workers) on 127.0.0.1, and `--clients` concurrent clients each
  POSTing one article per request to /api/v1/articles/ with an API-client token.

For each it prints the articles accepted per second (until the last submission returned)
and the time until every article is analysed (the database polled), then the ratios. The
articles are distinct (unique content hashes), built from the project's own texts as
bench/pipeline.py builds them. The token's client rate is raised through the
API_THROTTLE_CLIENT setting, as a deployment with a bulk importer would; nothing is switched
off.
"""

from __future__ import annotations

import argparse
import http.client
import json
import os
import signal
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
from bench.common import (  # noqa: E402
    PY,
    ROOT,
    articles,
    cpu_seconds,
    free_port,
    machine,
    manage,
    scratch_database,
    worker_pids,
)

BROKER = os.environ.get("BENCH_BROKER", "redis://127.0.0.1:6379/9")
PREFETCH = os.environ.get("BENCH_PREFETCH", "8")  # what docs/performance.md advises for analysis

SETUP = """
from django.contrib.auth.models import Group
from claims.api.services import api_client_create
from django.contrib.auth import get_user_model
User = get_user_model()
from claims.roles import FACT_CHECKER
user = User.objects.create_user("bulk-importer")
user.groups.add(Group.objects.get(name=FACT_CHECKER))
print(api_client_create(name="bulk importer", user=user)[1])
"""

# One of the baseline's 2 processes: set up, wait for the start signal, submit its half.
SUBMIT = """
import json, os, time
from django.contrib.auth import get_user_model
User = get_user_model()
from claims.services import article_submit
texts = json.load(open({texts!r}))[{part}::2]
user = User.objects.get(username="bulk-importer")
while not os.path.exists({go!r}):
    time.sleep(0.005)
start, cpu = time.time(), time.process_time()
created = sum(article_submit(text=t, submitted_by=user)[1] for t in texts)
cpu = time.process_time() - cpu
print(json.dumps({{"start": start, "end": time.time(), "created": created, "cpu": cpu}}))
"""


def progress(db: str) -> tuple[int, int, int]:
    """(articles, analysed, failed) in the run's database."""
    import psycopg

    with psycopg.connect(db.replace("postgres://", "postgresql://"), autocommit=True) as conn:
        row = conn.execute(
            "SELECT count(*), count(*) FILTER (WHERE analysis_status = 'done'), "
            "count(*) FILTER (WHERE analysis_status = 'failed') FROM claims_article"
        ).fetchone()
    return row


def wait_analysed(db: str, n: int, timeout: float) -> float:
    """Poll until n articles are analysed (or failed); the time.time() it happened."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        total, done, failed = progress(db)
        if total >= n and done + failed >= n:
            return time.time()
        time.sleep(0.25)
    raise SystemExit(f"Not analysed within {timeout:.0f} s: {progress(db)} of {n}")


def start_worker(db: str) -> subprocess.Popen:
    subprocess.run(["redis-cli", "-u", BROKER, "flushdb"], check=True, capture_output=True)
    env = {
        **os.environ,
        "DATABASE_URL": db,
        "CELERY_BROKER_URL": BROKER,
        "CELERY_WORKER_PREFETCH_MULTIPLIER": PREFETCH,
        "CONN_MAX_AGE": "60",
    }
    worker = subprocess.Popen(
        [PY, "-m", "celery", "-A", "factcheck", "worker", "-Q", "analysis,default", "-c", "2"]
        + ["--without-gossip", "--without-mingle", "--loglevel", "WARNING"],
        cwd=ROOT,
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    time.sleep(4)  # the worker's start-up is not part of the run
    return worker


def stop(process: subprocess.Popen) -> None:
    process.send_signal(signal.SIGTERM)
    try:
        process.wait(timeout=60)
    except subprocess.TimeoutExpired:
        process.kill()
        process.wait()


def run_service(texts_file: str, n: int) -> dict:
    db = scratch_database("fc_bench_bulk_service")
    manage(db, "shell", "-c", SETUP)
    go = str(Path(tempfile.mkdtemp(prefix="fc-bench-")) / "go")
    env = {**os.environ, "DATABASE_URL": db, "CELERY_BROKER_URL": BROKER}
    worker = start_worker(db)
    try:
        procs = [
            subprocess.Popen(
                [PY, "manage.py", "shell", "-c", SUBMIT.format(texts=texts_file, part=p, go=go)],
                cwd=ROOT,
                env=env,
                stdout=subprocess.PIPE,
                text=True,
            )
            for p in (0, 1)
        ]
        time.sleep(3)  # both processes set up and waiting: Django's start-up is not timed
        t0 = time.time()
        Path(go).touch()
        results = []
        for proc in procs:
            out, _ = proc.communicate()
            assert proc.returncode == 0, "a submitting process failed"
            results.append(json.loads(out.strip().splitlines()[-1]))
        accepted = max(r["end"] for r in results)
        analysed = wait_analysed(db, n, timeout=3600)
    finally:
        stop(worker)
        Path(go).unlink(missing_ok=True)
        Path(go).parent.rmdir()
    assert sum(r["created"] for r in results) == n
    _, done, failed = progress(db)
    return {
        "accept": accepted - t0,
        "analysed": analysed - t0,
        "done": done,
        "failed": failed,
        "cpu_ms": sum(r["cpu"] for r in results) / n * 1000,
    }


def post_all(
    port: int, token: str, texts: list[str], clients: int, batch: int
) -> tuple[list, list]:
    """POST every text, `clients` connections at a time, one per request or `batch` per
    request to /api/v1/articles/batch/; (each article's status, each request's ms)."""
    statuses: list[int] = []
    latencies: list[float] = []
    lock = threading.Lock()
    articles = [{"text": t, "title": f"Bulk {i}"} for i, t in enumerate(texts)]
    if batch:
        requests = [
            ("/api/v1/articles/batch/", {"articles": articles[i : i + batch]})
            for i in range(0, len(articles), batch)
        ]
    else:
        requests = [("/api/v1/articles/", a) for a in articles]
    queue = iter(requests)
    headers = {"Authorization": f"Token {token}", "Content-Type": "application/json"}

    def client() -> None:
        conn = http.client.HTTPConnection("127.0.0.1", port, timeout=300)
        while True:
            with lock:
                item = next(queue, None)
            if item is None:
                break
            path, payload = item
            body = json.dumps(payload).encode()
            t = time.perf_counter()
            conn.request("POST", path, body=body, headers=headers)
            response = conn.getresponse()
            data = response.read()
            elapsed = (time.perf_counter() - t) * 1000
            if batch and response.status == 207:
                codes = [r["status"] for r in json.loads(data)["results"]]
            else:
                codes = [response.status] * (len(payload["articles"]) if batch else 1)
            with lock:
                statuses.extend(codes)
                latencies.append(elapsed)
        conn.close()

    threads = [threading.Thread(target=client) for _ in range(clients)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return statuses, latencies


def wait_ready(port: int, token: str, timeout: float = 60) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        try:
            conn = http.client.HTTPConnection("127.0.0.1", port, timeout=5)
            conn.request("GET", "/api/v1/ratings/", headers={"Authorization": f"Token {token}"})
            if conn.getresponse().status == 200:
                return
        except OSError:
            pass
        time.sleep(0.3)
    raise SystemExit("gunicorn did not answer")


def run_api(texts: list[str], clients: int, batch: int = 0) -> dict:
    db = scratch_database("fc_bench_bulk_api_batch" if batch else "fc_bench_bulk_api")
    token = manage(db, "shell", "-c", SETUP).stdout.strip().splitlines()[-1]
    port = free_port()
    env = {
        **os.environ,
        "DATABASE_URL": db,
        "CELERY_BROKER_URL": BROKER,
        "CONN_MAX_AGE": "60",
        "DEBUG": "0",
        "LOG_LEVEL": "ERROR",
        # A bulk importer's token gets a rate to match; the throttle stays on.
        "API_THROTTLE_CLIENT": "100000/min",
        "API_ARTICLE_BATCH_MAX": str(max(batch, 1)),
    }
    gunicorn = subprocess.Popen(
        [str(ROOT / ".venv" / "bin" / "gunicorn"), "factcheck.wsgi", "--workers", "2"]
        + ["--bind", f"127.0.0.1:{port}", "--log-level", "warning"],
        cwd=ROOT,
        env=env,
    )
    worker = start_worker(db)
    try:
        wait_ready(port, token)
        pids = worker_pids(gunicorn.pid)
        cpu = cpu_seconds(pids)
        t0 = time.time()
        statuses, latencies = post_all(port, token, texts, clients, batch)
        accepted = time.time()
        cpu = cpu_seconds(pids) - cpu
        analysed = wait_analysed(db, len(texts), timeout=3600)
    finally:
        stop(worker)
        stop(gunicorn)
    refused = {s: statuses.count(s) for s in set(statuses) if s != 202}
    if refused:
        raise SystemExit(f"Not every article was accepted with 202: {refused}")
    latencies.sort()
    _, done, failed = progress(db)
    return {
        "accept": accepted - t0,
        "analysed": analysed - t0,
        "done": done,
        "failed": failed,
        "cpu_ms": cpu / len(texts) * 1000,
        "p50": statistics.median(latencies),
        "p99": latencies[min(len(latencies) - 1, int(0.99 * len(latencies)))],
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--articles", type=int, default=10_000)
    parser.add_argument("--clients", type=int, default=8, help="concurrent API clients")
    parser.add_argument("--batch", type=int, default=100, help="articles per batch request")
    args = parser.parse_args()
    n = args.articles
    texts = articles(n)
    with tempfile.NamedTemporaryFile("w", suffix=".json", delete=False) as f:
        json.dump(texts, f)
    try:
        print(f"{n:,} articles: in-process baseline …", flush=True)
        service = run_service(f.name, n)
        print(f"{n:,} articles: through the API with {args.clients} clients …", flush=True)
        api = run_api(texts, args.clients)
        print(f"{n:,} articles: batches of {args.batch} through the API …", flush=True)
        batched = run_api(texts, max(1, args.clients // 4), args.batch)
    finally:
        os.unlink(f.name)

    load = " / ".join(f"{x:.1f}" for x in os.getloadavg())
    print(f"machine: {machine()}; load average after the run {load}")
    print(
        f"Celery: 2 worker processes, prefetch {PREFETCH}, analysing while articles arrive; "
        f"gunicorn 2 sync workers; PostgreSQL and Redis on 127.0.0.1"
    )
    print(
        f"{'run':46} {'accepted/s':>10} {'accept s':>9} {'all analysed s':>15} "
        f"{'request p50/p99 ms':>19} {'CPU ms/article':>15}"
    )
    rows = (
        ("article_submit in-process, 2 processes", service),
        (f"API, 1 article per POST, {args.clients} clients", api),
        (f"API batch, {args.batch} per POST, {max(1, args.clients // 4)} clients", batched),
    )
    for name, r in rows:
        latency = f"{r['p50']:.0f} / {r['p99']:.0f}" if "p50" in r else "—"
        print(
            f"{name:46} {n / r['accept']:10.1f} {r['accept']:9.1f} {r['analysed']:15.1f} "
            f"{latency:>19} {r['cpu_ms']:15.1f}"
        )
    short = ("API, 1 per POST", f"API, {args.batch} per POST")
    for name, (_, r) in zip(short, rows[1:], strict=True):
        print(
            f"ratio {name} / in-process: "
            f"accepted/s {service['accept'] / r['accept']:.2f}, "
            f"time until all analysed {r['analysed'] / service['analysed']:.2f}, "
            f"CPU per article {r['cpu_ms'] / service['cpu_ms']:.2f}"
        )
    for _, r in rows:
        assert r["done"] == n, f"{r['failed']} articles failed their analysis"


if __name__ == "__main__":
    main()
