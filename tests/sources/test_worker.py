"""A real Celery worker on Redis fetches a source from the loopback site and retries a 503.

The worker is another process, so it needs a database it can share with the test: this
runs on PostgreSQL (as CI does) and is skipped on the default in-memory SQLite.
"""

import os
import time
import uuid

import pytest
from celery import Celery
from django.db import connection

from sources.models import Source
from tests.celery_worker import Worker, database_url
from tests.factories import SourceFactory

pytestmark = [pytest.mark.worker, pytest.mark.django_db(transaction=True)]

# Celery lets CELERY_BROKER_URL in the environment override an app's own broker, so when
# it is set (CI's PostgreSQL + Redis run) the worker listens there too.
BROKER = (
    os.environ.get("TEST_WORKER_BROKER_URL")
    or os.environ.get("CELERY_BROKER_URL")
    or "redis://127.0.0.1:6379/4"
)


@pytest.fixture
def worker(open_site, tmp_path):
    if connection.vendor != "postgresql":
        pytest.skip("a separate worker process needs PostgreSQL (set DATABASE_URL)")
    redis = pytest.importorskip("redis")
    try:
        redis.Redis.from_url(BROKER, socket_connect_timeout=2).ping()
    except redis.RedisError:
        pytest.skip(f"no Redis at {BROKER}")
    name = f"sources-test-{uuid.uuid4().hex[:8]}"
    process = Worker(
        database_url(connection.settings_dict),
        BROKER,
        queues=name,
        pool="solo",
        name=name,
        log=tmp_path / "worker.log",
        env={
            "FETCH_ALLOWED_HOSTS": "127.0.0.1",
            "FETCH_RETRY_BACKOFF_SECONDS": "0",
            # Nothing is killed here: no early redelivery of a fetch that is still running.
            "CELERY_VISIBILITY_TIMEOUT": "900",
        },
    )
    process.start()
    app = Celery(broker=BROKER)
    try:
        yield lambda task, *args: app.send_task(task, args=args, queue=name)
    finally:
        process.stop()
        with app.connection_for_write() as conn:
            conn.default_channel.queue_purge(name)
        app.close()


def _wait_for(source, status, seconds=30):
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        source.refresh_from_db()
        if source.fetch_status == status:
            return source
        time.sleep(0.2)
    raise AssertionError(f"source still {source.fetch_status!r} after {seconds}s")


def test_the_worker_fetches_and_archives(worker, open_site):
    source = SourceFactory(url=open_site.url("/ar"), fetch_status=Source.FetchStatus.QUEUED)
    worker("sources.tasks.source_fetch", source.pk)
    _wait_for(source, Source.FetchStatus.OK)
    assert "القرار 2259" in source.snapshots.get().text


def test_the_worker_retries_a_503_until_it_is_a_200(worker, open_site):
    source = SourceFactory(url=open_site.url("/flaky"), fetch_status=Source.FetchStatus.QUEUED)
    worker("sources.tasks.source_fetch", source.pk)
    _wait_for(source, Source.FetchStatus.OK)
    assert open_site.requests == ["/flaky", "/flaky"]
    assert source.snapshots.count() == 1
