"""Notification tasks. Named under claims.tasks so the e-mail queue routes them."""

from __future__ import annotations

from datetime import datetime

from celery import shared_task
from celery.utils.time import get_exponential_backoff_interval
from django.conf import settings

from claims.notifications import services
from factcheck.queueing import RETRY_OPTIONS


@shared_task(name="claims.tasks.notify_editors", **RETRY_OPTIONS)
def notify_editors(article_id: int, flag_ids: list[int]) -> int:
    return len(services.notify_flags_enqueue(article_id=article_id, flag_ids=flag_ids))


@shared_task(name="claims.tasks.notify_digest", **RETRY_OPTIONS)
def notify_digest() -> int:
    return len(services.notify_digest_enqueue())


@shared_task(
    bind=True,
    name="claims.tasks.outbox_send",
    # Temporary SMTP failures are retried here, counted by the row's attempts.
    max_retries=None,
    soft_time_limit=3 * settings.EMAIL_TIMEOUT + 5,
    time_limit=3 * settings.EMAIL_TIMEOUT + 20,
    **{k: v for k, v in RETRY_OPTIONS.items() if k != "max_retries"},
)
def outbox_send(self, outbox_id: int, resume: str | None = None, sent: bool = False) -> str:
    try:
        outcome = services.outbox_deliver(
            outbox_id=outbox_id,
            resume=datetime.fromisoformat(resume) if resume else None,
            sent=sent,
        )
    except services.OutboxInterrupted as exc:
        # The database failed while this task held the row: come back with the claim.
        raise self.retry(
            kwargs={"resume": exc.claimed_at.isoformat(), "sent": exc.sent},
            countdown=get_exponential_backoff_interval(
                RETRY_OPTIONS["retry_backoff"],
                self.request.retries,
                RETRY_OPTIONS["retry_backoff_max"],
            ),
            exc=exc.__cause__,
        ) from exc
    if outcome.retry_in is not None:
        raise self.retry(kwargs={}, countdown=outcome.retry_in)
    return outcome.status


@shared_task(name="claims.tasks.outbox_flush", acks_late=True)
def outbox_flush() -> int:
    ids = services.outbox_due_ids()
    services.outbox_queue(ids)
    return len(ids)
