"""Celery tasks: they take ids, call services, and are safe to run twice."""

from __future__ import annotations

import logging
from datetime import timedelta

from celery import shared_task
from celery.exceptions import SoftTimeLimitExceeded
from django.conf import settings
from django.db import DatabaseError
from django.db.models import Q
from django.utils import timezone

from claims import services
from claims.models import Article, Verdict
from factcheck.queueing import RETRY_OPTIONS, RETRYABLE, enqueue, enqueue_each

logger = logging.getLogger(__name__)


@shared_task(bind=True, **RETRY_OPTIONS)
def analyze_article(self, article_id: int) -> str:
    from claims.analysis import ANALYSIS_VERSION, analyze
    from sources.selectors import references_load

    article = services.article_analysis_claim(article_id=article_id, version=ANALYSIS_VERSION)
    if article is None:
        # Also a redelivery after the analysis committed (a worker killed, a database error in
        # the matching): the matching below may not have run.
        _match_after_analysis(article_id)
        return "skipped: already analysed at this version, or gone"
    published = article.published_at.date() if article.published_at else None
    try:
        result = analyze(
            article.body,
            language=article.language,
            published=published,
            refs=references_load(),
            disabled_checks=frozenset(settings.FACTCHECK_DISABLED_CHECKS),
        )
    except SoftTimeLimitExceeded:
        services.article_analysis_fail(article_id=article_id, error="The analysis took too long.")
        return "failed: time limit"
    except DatabaseError:
        raise
    except Exception as exc:  # a bug on some text must not loop forever: record it, stop
        logger.exception("Analysis of article %s failed", article_id)
        services.article_analysis_fail(
            article_id=article_id, error=f"The analysis failed: {type(exc).__name__}: {exc}"[:500]
        )
        return "failed"
    stats = services.article_apply_analysis(article_id=article_id, result=result)
    _match_after_analysis(article_id)
    return f"done: {stats.claims_created} new claims, {len(stats.flags_created)} new flags"


def _match_after_analysis(article_id: int) -> None:
    """Suggest earlier fact-checks right after the analysis committed, in the same task.

    One message per article instead of two (docs/performance.md). A database error retries
    the whole task, which then skips the stored analysis and matches again; any other error
    leaves the analysis as it is and queues the matching on its own.
    """
    try:
        services.claim_matches_refresh(article_id=article_id)
    except RETRYABLE:
        raise
    except Exception:
        logger.exception("Matching the claims of article %s failed; queued on its own", article_id)
        enqueue(
            "claims.tasks.match_article_claims",
            article_id,
            if_lost="its claims are matched at the next analysis",
        )


@shared_task(bind=True, **RETRY_OPTIONS)
def match_article_claims(self, article_id: int) -> str:
    """Suggest earlier fact-checks for an analysed article's claims.

    analyze_article matches right after storing; this task is for a matching that failed
    there, and for matching an article again on demand.
    """
    stats = services.claim_matches_refresh(article_id=article_id)
    return f"{stats.suggested} suggested, {stats.updated} rescored, {stats.withdrawn} withdrawn"


@shared_task(bind=True, **RETRY_OPTIONS)
def match_verdict(self, verdict_id: int) -> str:
    """A verdict was published or reopened: the open claims analysed before it get it as a
    suggestion, or lose it, as a new analysis of their articles would give them."""
    stats = services.verdict_matches_refresh(verdict_id=verdict_id)
    return (
        f"{stats.shortlisted} shortlisted, {stats.claims} claims in {stats.articles} articles "
        f"refreshed: {stats.suggested} suggested, {stats.updated} rescored, "
        f"{stats.withdrawn} withdrawn"
    )


@shared_task(acks_late=True)
def verdict_match_sweep() -> int:
    """Re-queue match_verdict for verdicts published or reopened a while ago whose task was
    lost (the broker was down at that moment, or refused it)."""
    cutoff = timezone.now() - timedelta(seconds=settings.LATE_MATCH_SWEEP_AFTER_SECONDS)
    due = (
        Verdict.objects.filter(late_match_due=True, updated_at__lt=cutoff)
        .order_by("updated_at")
        .values_list("pk", flat=True)[:200]
    )
    return enqueue_each("claims.tasks.match_verdict", due, if_lost="the next sweep queues it again")


@shared_task(acks_late=True)
def analysis_sweep() -> int:
    """Re-queue articles stuck in pending or running (a lost message, a killed worker)."""
    cutoff = timezone.now() - timedelta(seconds=settings.ANALYSIS_STUCK_AFTER_SECONDS)
    stuck = Article.objects.filter(
        Q(analysis_status=Article.AnalysisStatus.PENDING, updated_at__lt=cutoff)
        | Q(analysis_status=Article.AnalysisStatus.RUNNING, analysis_started_at__lt=cutoff)
    ).values_list("pk", flat=True)[:1000]
    count = 0
    for pk in stuck:
        analyze_article.delay(pk)
        count += 1
    return count


# Editors' e-mails live in claims.notifications; imported so the worker registers them.
from claims.notifications.tasks import (  # noqa: E402, F401
    notify_digest,
    notify_editors,
    outbox_flush,
    outbox_send,
)
