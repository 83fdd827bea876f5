"""Celery tasks for sources: they take ids, call services, and are safe to run twice."""

from __future__ import annotations

import logging
from datetime import timedelta

from celery import shared_task
from django.conf import settings
from django.db import InterfaceError, OperationalError
from django.utils import timezone

from sources import services
from sources.fetching import FetchError

logger = logging.getLogger(__name__)


@shared_task(
    bind=True,
    acks_late=True,
    reject_on_worker_lost=True,
    autoretry_for=(OperationalError, InterfaceError),
    retry_backoff=2,
    retry_backoff_max=120,
    max_retries=10,
)
def source_fetch(self, source_id: int) -> str:
    try:
        stored = services.source_fetch_run(source_id=source_id)
    except FetchError as exc:  # only temporary ones reach here: 503, timeouts, resets
        retries = self.request.retries
        if retries >= settings.FETCH_MAX_RETRIES:
            services.source_fetch_fail(source_id=source_id, error=exc.message)
            return f"failed after {retries} retries: {exc.message}"
        countdown = min(settings.FETCH_RETRY_BACKOFF_SECONDS * 2**retries, 3600)
        services.source_fetch_retry_at(
            source_id=source_id, when=timezone.now() + timedelta(seconds=countdown)
        )
        raise self.retry(countdown=countdown, max_retries=settings.FETCH_MAX_RETRIES) from None
    if stored is None:
        return "not stored"
    snapshot, created = stored
    return f"new snapshot {snapshot.pk}" if created else f"unchanged (snapshot {snapshot.pk})"


@shared_task(acks_late=True)
def source_fetch_sweep() -> int:
    """Re-queue fetches stuck queued or fetching (a lost message, a task that gave up)."""
    return services.source_fetch_stuck_requeue()
