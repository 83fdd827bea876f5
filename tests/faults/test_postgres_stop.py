"""PostgreSQL stopped for 10 seconds during analysis: every article analysed once."""

from __future__ import annotations

import time

import pytest
from django.db import connection
from django.db.models import Count

from claims.models import OutboxEmail
from claims.tasks import analysis_sweep
from tests.factories import editor
from tests.faults.batch import (
    assert_analysed_exactly_once,
    assert_one_email_per_article,
    batch_submit,
    done_count,
    wait_until,
)

pytestmark = [pytest.mark.faults, pytest.mark.worker, pytest.mark.django_db(transaction=True)]

BATCH = 150
OUTAGE_SECONDS = 10


def test_postgres_stopped_for_ten_seconds_loses_nothing_and_repeats_nothing(
    private_postgres, fault_worker, roles, settings, report
):
    desk = editor(username="desk", email="desk@newsroom.test")
    worker = fault_worker(
        EMAIL_URL="dummymail://",
        # As in production: connections kept between tasks, checked before reuse.
        CONN_MAX_AGE=60,
        CELERY_VISIBILITY_TIMEOUT=300,
    )
    ids = batch_submit(BATCH)
    assert wait_until(lambda: done_count(ids) >= BATCH // 5, timeout=120), worker.log.read_text()[
        -3000:
    ]

    connection.close()
    private_postgres.stop()
    stopped = time.monotonic()
    time.sleep(OUTAGE_SECONDS)
    private_postgres.start()
    restarted = time.monotonic()
    down_for = restarted - stopped

    finished = wait_until(lambda: done_count(ids) == BATCH, timeout=180, interval=0.5)
    recovered = time.monotonic() - restarted
    done = done_count(ids)
    # What beat's analysis-sweep does every five minutes: here it must find nothing stuck.
    settings.ANALYSIS_STUCK_AFTER_SECONDS = 0
    swept = analysis_sweep()
    assert finished, (
        f"{BATCH - done} articles left after the outage; the sweep re-queued {swept}."
        f"\n{worker.log.read_text()[-4000:]}"
    )
    assert swept == 0

    assert_analysed_exactly_once(ids)
    assert wait_until(
        lambda: (
            OutboxEmail.objects.filter(recipient=desk).count() >= BATCH
            and not OutboxEmail.objects.filter(recipient=desk).exclude(status="sent").exists()
        ),
        timeout=120,
        interval=0.5,
    ), _outbox_left(desk, ids, worker)
    assert_one_email_per_article(ids, desk)
    assert worker.proc.poll() is None, "the worker died"
    log = worker.log.read_text(errors="replace")
    retries = log.count("Retry in")
    report(
        f"postgres stop: {BATCH} articles, PostgreSQL down {down_for:.1f} s, all done "
        f"{recovered:.1f} s after it came back; task retries {retries}; sweep re-queued {swept}"
    )


def _outbox_left(desk, ids, worker) -> str:
    """What a failed wait on the e-mails saw: rows by status, articles without one, the log."""
    rows = OutboxEmail.objects.filter(recipient=desk)
    by_status = dict(rows.values_list("status").annotate(n=Count("pk")).values_list("status", "n"))
    stuck = list(
        rows.exclude(status="sent").values_list("pk", "status", "attempts", "claimed_at")[:10]
    )
    missing = set(ids) - set(rows.values_list("article_id", flat=True))
    return (
        f"e-mails by status {by_status}; not sent {stuck}; "
        f"{len(missing)} articles without one {sorted(missing)[:10]}"
        f"\n{worker.log.read_text(errors='replace')[-3000:]}"
    )
