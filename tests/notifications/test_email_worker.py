"""A real Celery worker on Redis, killed in the middle of a batch: every e-mail arrives once."""

from __future__ import annotations

import os
import socket
import time
import uuid
from pathlib import Path

import pytest
from django.db import connection

from claims.models import OutboxEmail
from claims.notifications.content import message_id
from tests.celery_worker import Worker, database_url

pytestmark = [pytest.mark.worker, pytest.mark.smtp]

REDIS_URL = os.environ.get("CELERY_BROKER_URL") or "redis://127.0.0.1:6379/3"
BATCH = 8


def redis_or_skip() -> None:
    try:
        socket.create_connection(("127.0.0.1", 6379), timeout=1).close()
    except OSError:
        if os.environ.get("CI"):
            pytest.fail("Redis is not running on 127.0.0.1:6379; CI must start it.")
        pytest.skip("Redis is not running on 127.0.0.1:6379")


def email_worker(*, queue: str, smtp_port: int, log: Path) -> Worker:
    worker = Worker(
        database_url(connection.settings_dict),
        REDIS_URL,
        queues=queue,
        concurrency=1,
        log=log,
        name=queue,
        env={
            "NOTIFY_EMAIL_QUEUE": queue,
            "EMAIL_URL": f"smtp://127.0.0.1:{smtp_port}",
            "EMAIL_TIMEOUT": "5",
            "OUTBOX_SENDING_STALE_SECONDS": "3",
            "OUTBOX_FLUSH_GRACE_SECONDS": "0",
            # The dead worker's messages wait in Redis; the sweeper, not a redelivery, frees them.
            "CELERY_VISIBILITY_TIMEOUT": "900",
        },
    )
    worker.start()
    return worker


def send(name: str, queue: str, *args) -> None:
    from factcheck.celery import app

    with app.connection_for_write(REDIS_URL) as conn:
        app.send_task(name, args=list(args), queue=queue, connection=conn)


def redis_forget(queue: str) -> None:
    """Leave Redis database 3 as we found it: the dead worker's unacked messages included."""
    import json

    import redis

    r = redis.Redis.from_url(REDIS_URL)
    r.delete(queue, f"_kombu.binding.{queue}", f"_kombu.binding_permanent.{queue}")
    for tag, raw in r.hgetall("unacked").items():
        if json.loads(raw)[-1] == queue:
            r.hdel("unacked", tag)
            r.zrem("unacked_index", tag)


def wait_for(predicate, *, timeout: float, what: str, log: Path) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if predicate():
            return
        time.sleep(0.1)
    pytest.fail(f"Timed out waiting for {what}.\nWorker log:\n{log.read_text()[-4000:]}")


@pytest.mark.kill9
@pytest.mark.django_db(transaction=True)
def test_a_worker_killed_mid_batch_loses_and_repeats_nothing(smtp_server, tmp_path, request):
    redis_or_skip()
    queue = f"email-test-{uuid.uuid4().hex[:10]}"
    log = tmp_path / "worker.log"
    emails = []
    for n in range(BATCH):
        key = f"worker-test:{n}"
        emails.append(
            OutboxEmail.objects.create(
                dedupe_key=key,
                to_address=f"ed{n}@newsroom.test",
                subject=f"[Fact-check] issue {n}",
                body_text=f"Flag {n}: الرباع → الرابع",
                headers={"Message-ID": message_id(key)},
            )
        )
    # Each SMTP conversation dwells in RCPT, so the kill lands mid-conversation.
    smtp_server.rcpt_delay = 0.4
    smtp_server.rcpt_event_at = 4
    for email in emails:
        send("claims.tasks.outbox_send", queue, email.pk)

    request.addfinalizer(lambda: redis_forget(queue))
    first = email_worker(queue=queue, smtp_port=smtp_server.port, log=log)
    try:
        if not smtp_server.rcpt_event.wait(timeout=90):
            pytest.fail(f"The worker sent nothing.\n{log.read_text()[-4000:]}")
        first.kill()
    finally:
        first.stop()

    delivered = len(smtp_server.received)
    assert 0 < delivered < BATCH, "the kill should land mid-batch"
    # The one it was talking to the server about is left SENDING by the dead worker.
    (cut_off,) = OutboxEmail.objects.filter(status="sending")
    assert OutboxEmail.objects.filter(status="sent").count() == delivered

    time.sleep(3.5)  # the stale limit the worker runs with: the dead sender's rows are free
    second = email_worker(queue=queue, smtp_port=smtp_server.port, log=log)
    try:
        # What beat's outbox-flush does every minute.
        send("claims.tasks.outbox_flush", queue)
        wait_for(
            lambda: OutboxEmail.objects.filter(status="sent").count() == BATCH,
            timeout=90,
            what="every e-mail to be sent",
            log=log,
        )
    finally:
        second.stop()

    recipients = sorted(r for got in smtp_server.received for r in got.rcpt_tos)
    assert recipients == sorted(f"ed{n}@newsroom.test" for n in range(BATCH))
    ids = {got.message["Message-ID"] for got in smtp_server.received}
    assert ids == {message_id(f"worker-test:{n}") for n in range(BATCH)}
    cut_off.refresh_from_db()
    assert cut_off.attempts == 2  # taken over from the dead worker, sent once
