"""PostgreSQL stopped for 10 seconds during analysis: every article analysed once."""

from __future__ import annotations

import time

import pytest
from django.db import connection
from django.db.models import Count

from claims.models import OutboxEmail
from claims.tasks import analysis_sweep, outbox_flush
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
STALE_SECONDS = 30


def test_postgres_stopped_for_ten_seconds_loses_nothing_and_repeats_nothing(
    private_postgres, fault_worker, roles, settings, report
):
    desk = editor(username="desk", email="desk@newsroom.test")
    worker = fault_worker(
        EMAIL_URL="dummymail://",
        # As in production: connections kept between tasks, checked before reuse.
        CONN_MAX_AGE=60,
        CELERY_VISIBILITY_TIMEOUT=300,
        # Below the minute the test waits for the e-mails, so a row left SENDING by a cut
        # commit is taken over by the flush; no sender of this run is that slow.
        OUTBOX_SENDING_STALE_SECONDS=STALE_SECONDS,
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

    def all_sent() -> bool:
        rows = OutboxEmail.objects.filter(recipient=desk)
        return rows.count() >= BATCH and not rows.exclude(status="sent").exists()

    flushed = 0
    if not wait_until(all_sent, timeout=60, interval=0.5):
        # A commit whose reply the stop cut off leaves rows no task was queued for (the
        # transaction's on-commit hooks never ran): what beat's outbox-flush picks up each
        # minute once they are past its grace and stale limits.
        settings.OUTBOX_FLUSH_GRACE_SECONDS = 0
        settings.OUTBOX_SENDING_STALE_SECONDS = STALE_SECONDS
        flushed = outbox_flush()
    assert wait_until(all_sent, timeout=120, interval=0.5), _outbox_left(desk, ids, worker)
    assert_one_email_per_article(ids, desk)
    assert worker.proc.poll() is None, "the worker died"
    log = worker.log.read_text(errors="replace")
    retries = log.count("Retry in")
    report(
        f"postgres stop: {BATCH} articles, PostgreSQL down {down_for:.1f} s, all done "
        f"{recovered:.1f} s after it came back; task retries {retries}; sweep re-queued {swept};"
        f" outbox flush re-queued {flushed}"
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
