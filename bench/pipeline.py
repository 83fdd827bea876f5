"""Analysis in-process vs through Celery (Redis broker, 2 worker processes), side by side.

    .venv/bin/python bench/pipeline.py [--articles 1000] [--prefetch 8]

Both runs analyse and store the same articles on the same PostgreSQL database: the baseline
runs the task's body directly in 2 processes (no queue), the other queues every article
on Redis for a 2-process Celery worker. The ratio is the queue's overhead. Both include the
claim matching each analysis is followed by (in-process: eager, right after each analysis).
The worker runs as the analysis workers are deployed (docker-compose.yml's worker-analysis):
CELERY_WORKER_PREFETCH_MULTIPLIER=8, or what --prefetch says. BENCH_WORKER_LOG=FILE and
BENCH_WORKER_LOGLEVEL=INFO keep the worker's log (each task's time) for a closer look.
"""

from __future__ import annotations

import argparse
import os
import resource
import subprocess
import sys
import time

sys.path.insert(0, str(__import__("pathlib").Path(__file__).resolve().parent.parent))
from bench.common import (  # noqa: E402
    PY,
    ROOT,
    articles,
    cpu_seconds,
    machine,
    scratch_database,
    worker_pids,
)

BROKER = os.environ.get("BENCH_BROKER", "redis://127.0.0.1:6379/9")

DIRECT = """
from claims.models import Article
from claims.tasks import analyze_article
ids = list(Article.objects.order_by("pk").values_list("pk", flat=True))[{part}::2]
for pk in ids:
    analyze_article.run(pk)
"""


def django_setup(db: str) -> None:
    os.environ["DATABASE_URL"] = db
    os.environ["CELERY_BROKER_URL"] = BROKER
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "factcheck.settings")
    import django

    django.setup()


def pending() -> int:
    from claims.models import Article

    return Article.objects.exclude(analysis_status="done").count()


def queued_messages() -> int:
    """Messages waiting on the analysis queue or taken by a worker and not yet acknowledged
    (each analysis queues its claim matching, which runs after the analyses queued before it;
    tasks acknowledge when done)."""
    import redis

    r = redis.Redis.from_url(BROKER)
    return r.llen("analysis") + r.hlen("unacked")


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--articles", type=int, default=1000)
    parser.add_argument(
        "--prefetch", type=int, default=8, help="the worker's prefetch multiplier (8)"
    )
    args = parser.parse_args()
    db = scratch_database("fc_bench_pipeline")
    django_setup(db)
    from claims.models import Article, Claim, Flag
    from claims.services import article_content_hash, article_language_detect
    from claims.tasks import analyze_article

    Article.objects.bulk_create(
        [
            Article(
                title=f"bench {i}",
                body=t,
                language=article_language_detect(t),
                content_hash=article_content_hash(t),
            )
            for i, t in enumerate(articles(args.articles))
        ],
        batch_size=500,
    )

    env = {**os.environ, "DATABASE_URL": db}
    env.pop("CELERY_BROKER_URL", None)
    t0 = time.perf_counter()
    procs = [
        subprocess.Popen([PY, "manage.py", "shell", "-c", DIRECT.format(part=p)], cwd=ROOT, env=env)
        for p in (0, 1)
    ]
    for p in procs:
        assert p.wait() == 0
    direct = time.perf_counter() - t0
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    direct_cpu = usage.ru_utime + usage.ru_stime
    assert pending() == 0

    Flag.objects.all().delete()
    Claim.objects.all().delete()
    Article.objects.update(analysis_status="pending", analysis_version="")
    subprocess.run(["redis-cli", "-u", BROKER, "flushdb"], check=True, capture_output=True)
    wenv = {
        **env,
        "CELERY_BROKER_URL": BROKER,
        "CONN_MAX_AGE": "60",
        "CELERY_WORKER_PREFETCH_MULTIPLIER": str(args.prefetch),
    }
    worker = subprocess.Popen(
        [
            PY,
            "-m",
            "celery",
            "-A",
            "factcheck",
            "worker",
            "-Q",
            "analysis,default",
            "-c",
            "2",
            "--without-gossip",
            "--without-mingle",
            "--loglevel",
            os.environ.get("BENCH_WORKER_LOGLEVEL", "WARNING"),
        ],
        cwd=ROOT,
        env=wenv,
        stdout=subprocess.DEVNULL,
        stderr=open(os.environ.get("BENCH_WORKER_LOG", os.devnull), "w"),  # noqa: SIM115
    )
    try:
        time.sleep(4)  # the worker's start-up is not part of the run
        pool_cpu0 = cpu_seconds(worker_pids(worker.pid))
        main_cpu0 = cpu_seconds([worker.pid])
        t0 = time.perf_counter()
        for pk in Article.objects.order_by("pk").values_list("pk", flat=True):
            analyze_article.delay(pk)
        published = time.perf_counter() - t0
        while pending():
            time.sleep(0.1)
        analysed = time.perf_counter() - t0
        while queued_messages():
            time.sleep(0.1)
        queued = time.perf_counter() - t0
        pool_cpu = cpu_seconds(worker_pids(worker.pid)) - pool_cpu0
        main_cpu = cpu_seconds([worker.pid]) - main_cpu0
    finally:
        worker.terminate()
        worker.wait(timeout=60)

    n = args.articles
    print(f"machine: {machine()}")
    print(f"{'run':34} {'seconds':>8} {'articles/s':>11} {'CPU s':>7}")
    print(
        f"{'in-process, 2 processes (no queue)':34} {direct:8.1f} {n / direct:11.1f} "
        f"{direct_cpu:7.1f}"
    )
    print(
        f"{'Celery on Redis, 2 worker processes':34} {queued:8.1f} {n / queued:11.1f} "
        f"{pool_cpu:7.1f}  (+ {main_cpu:.1f} s in the worker's main process)"
    )
    print(
        f"worker prefetch multiplier: {args.prefetch}; queued in {published:.1f} s, "
        f"every article analysed at {analysed:.1f} s, every matching done at {queued:.1f} s"
    )
    print(f"queue overhead: {100 * (queued / direct - 1):+.1f}% (target ≤ +25%)")


if __name__ == "__main__":
    main()
