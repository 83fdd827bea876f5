"""Analysis in-process vs through Celery (Redis broker, 2 worker processes), side by side.

    .venv/bin/python bench/pipeline.py [--articles 1000]

Both runs analyse and store the same articles on the same PostgreSQL database: the baseline
runs the task's body directly in 2 processes (no queue), the other queues every article
on Redis for a 2-process Celery worker. The ratio is the queue's overhead. Both include the
claim matching each analysis is followed by (in-process: eager, right after each analysis).
"""

from __future__ import annotations

import argparse
import os
import subprocess
import sys
import time

sys.path.insert(0, str(__import__("pathlib").Path(__file__).resolve().parent.parent))
from bench.common import PY, ROOT, articles, machine, scratch_database  # noqa: E402

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
    """Messages still waiting on the analysis queue (each analysis queues its claim matching,
    which runs after the analyses queued before it)."""
    import redis

    return redis.Redis.from_url(BROKER).llen("analysis")


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--articles", type=int, default=1000)
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
    assert pending() == 0

    Flag.objects.all().delete()
    Claim.objects.all().delete()
    Article.objects.update(analysis_status="pending", analysis_version="")
    subprocess.run(["redis-cli", "-u", BROKER, "flushdb"], check=True, capture_output=True)
    wenv = {**env, "CELERY_BROKER_URL": BROKER, "CONN_MAX_AGE": "60"}
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
            "WARNING",
        ],
        cwd=ROOT,
        env=wenv,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    try:
        time.sleep(4)  # the worker's start-up is not part of the run
        t0 = time.perf_counter()
        for pk in Article.objects.order_by("pk").values_list("pk", flat=True):
            analyze_article.delay(pk)
        while pending() or queued_messages():
            time.sleep(0.1)
        queued = time.perf_counter() - t0
    finally:
        worker.terminate()
        worker.wait(timeout=60)

    n = args.articles
    print(f"machine: {machine()}")
    print(f"{'run':34} {'seconds':>8} {'articles/s':>11}")
    print(f"{'in-process, 2 processes (no queue)':34} {direct:8.1f} {n / direct:11.1f}")
    print(f"{'Celery on Redis, 2 worker processes':34} {queued:8.1f} {n / queued:11.1f}")
    print(f"queue overhead: {100 * (queued / direct - 1):+.1f}% (target ≤ +25%)")


if __name__ == "__main__":
    main()
