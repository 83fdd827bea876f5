"""Sending Celery tasks from web and service code, and the retry options tasks share.

A task is queued once the transaction that wrote its input commits, and a broker that is
down never fails the request that queued it: the write stands, the failure is logged with
what will pick the work up instead (a sweeper, the next analysis).
"""

from __future__ import annotations

import logging

from django.db import InterfaceError, OperationalError, transaction

logger = logging.getLogger(__name__)

# Database hiccups (a restart, a failover) are worth retrying; bad input is not.
RETRYABLE = (OperationalError, InterfaceError)
# Redelivered if the worker dies; database errors retried with backoff.
RETRY_OPTIONS = {
    "acks_late": True,
    "reject_on_worker_lost": True,
    "autoretry_for": RETRYABLE,
    "retry_backoff": 2,
    "retry_backoff_max": 120,
    "retry_jitter": True,
    "max_retries": 10,
}


def enqueue(task_name: str, *args, if_lost: str) -> bool:
    """Send the task named ``task_name``; False (and logged) if the broker refused it.

    ``if_lost`` says what happens to the work instead, for the log.
    """
    from factcheck.celery import app

    task = app.tasks[task_name]  # a name no app registers is a bug: raised, not logged
    try:
        task.delay(*args)
    except Exception:  # the broker is down or unreachable
        logger.exception("Could not queue %s%r; %s", task_name, args, if_lost)
        return False
    return True


def enqueue_each(task_name: str, ids, *, if_lost: str) -> int:
    """``enqueue`` the task once per id; how many the broker took."""
    return sum(enqueue(task_name, pk, if_lost=if_lost) for pk in ids)


def enqueue_on_commit(task_name: str, *args, if_lost: str) -> None:
    """``enqueue`` once the current transaction commits (at once outside one)."""
    transaction.on_commit(lambda: enqueue(task_name, *args, if_lost=if_lost))
