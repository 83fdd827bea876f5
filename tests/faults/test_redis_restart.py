"""Redis restarted while the worker is busy with a batch: every article analysed once."""

from __future__ import annotations

import time

import pytest

from claims.models import Article, OutboxEmail
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


def test_redis_restarted_mid_batch_loses_nothing_and_repeats_nothing(
    private_redis, fault_worker, roles, settings, report
):
    desk = editor(username="desk", email="desk@newsroom.test")
    worker = fault_worker(
        EMAIL_URL="dummymail://",
        # Messages a worker held when Redis went away come back after this many seconds.
        CELERY_VISIBILITY_TIMEOUT=10,
    )
    ids = batch_submit(BATCH)
    assert wait_until(lambda: done_count(ids) >= BATCH // 5, timeout=120), worker.log.read_text()[
        -3000:
    ]

    private_redis.restart()
    restarted = time.monotonic()
    done_at_restart = done_count(ids)
    assert done_at_restart < BATCH, "the batch finished before the restart; make it bigger"

    finished = wait_until(lambda: done_count(ids) == BATCH, timeout=120)
    recovered = time.monotonic() - restarted
    # What beat's analysis-sweep does every five minutes: here it must find nothing stuck.
    settings.ANALYSIS_STUCK_AFTER_SECONDS = 0
    swept = analysis_sweep()
    assert finished, (
        f"{BATCH - done_count(ids)} articles left after the restart; the sweep re-queued {swept}."
        f"\n{worker.log.read_text()[-3000:]}"
    )
    assert swept == 0
    assert not Article.objects.filter(pk__in=ids).exclude(analysis_status="done").exists()

    assert_analysed_exactly_once(ids)
    assert wait_until(
        lambda: (
            not OutboxEmail.objects.filter(recipient=desk).exclude(status="sent").exists()
            and OutboxEmail.objects.filter(recipient=desk).count() >= BATCH
        ),
        timeout=60,
    ), worker.log.read_text()[-3000:]
    assert_one_email_per_article(ids, desk)
    log = worker.log.read_text(errors="replace")
    stored, skipped = log.count("'done: "), log.count("skipped: already analysed")
    report(
        f"redis restart: {BATCH} articles, {done_at_restart} done at the restart, all done "
        f"{recovered:.1f} s after it; analysis runs stored {stored}, "
        f"skipped as already done {skipped}; sweep re-queued {swept}"
    )
