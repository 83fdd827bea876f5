"""Every write for notifications: preferences, outbox rows, and the delivery of one e-mail."""

from __future__ import annotations

import hashlib
import logging
from dataclasses import dataclass
from datetime import datetime, timedelta
from itertools import groupby

from celery.exceptions import SoftTimeLimitExceeded
from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.core.mail import EmailMultiAlternatives, get_connection
from django.db import transaction
from django.db.models import F, Q
from django.utils import timezone

from claims.models import Article, Flag, NotificationPreference, OutboxEmail
from claims.notifications.content import ArticleSection, email_render
from claims.notifications.selectors import (
    Subscriber,
    flags_for_digest,
    flags_open,
    subscriber_list,
)
from claims.notifications.smtp import Failure, failure_classify
from factcheck.errors import ValidationFailed
from factcheck.queueing import RETRYABLE, enqueue_each

logger = logging.getLogger(__name__)


# --- preferences ---------------------------------------------------------------------------


@transaction.atomic
def notification_preference_update(
    *,
    user,
    categories: list[str],
    min_severity: str,
    frequency: str,
    language: str,
) -> NotificationPreference:
    unknown = sorted(set(categories) - set(Flag.Category.values))
    if unknown:
        raise ValidationFailed(f"Unknown flag categories: {', '.join(unknown)}.")
    pref, _ = NotificationPreference.objects.select_for_update().get_or_create(user=user)
    digest = NotificationPreference.Frequency.DIGEST
    if frequency == digest and pref.frequency != digest:
        # Flags until now reached this editor immediately or were not wanted.
        pref.digest_covered_until = timezone.now()
    pref.categories = sorted(set(categories))
    pref.min_severity = min_severity
    pref.frequency = frequency
    pref.language = language
    try:
        pref.full_clean()
    except ValidationError as exc:
        raise ValidationFailed(
            "; ".join(f"{k}: {' '.join(v)}" for k, v in exc.message_dict.items())
        ) from None
    pref.save()
    return pref


@transaction.atomic
def notification_unsubscribe(*, user_id: int) -> NotificationPreference | None:
    user = get_user_model().objects.filter(pk=user_id).first()
    if user is None:
        return None
    pref, _ = NotificationPreference.objects.select_for_update().get_or_create(user=user)
    if pref.frequency != NotificationPreference.Frequency.OFF:
        pref.frequency = NotificationPreference.Frequency.OFF
        pref.save(update_fields=["frequency", "updated_at"])
    return pref


# --- what to send --------------------------------------------------------------------------


def _sections(flags: list[Flag], articles: dict[int, Article]) -> list[ArticleSection]:
    cap = settings.NOTIFY_MAX_FLAGS_PER_ARTICLE
    sections = []
    for article_id, group in groupby(flags, key=lambda f: f.article_id):
        items = list(group)
        sections.append(ArticleSection(articles[article_id], items[:cap], max(0, len(items) - cap)))
    return sections


def _outbox_add(
    *, subscriber: Subscriber, key: str, kind: str, sections: list[ArticleSection]
) -> OutboxEmail | None:
    """The row for this key, unless it exists already (then None: it was sent or is queued)."""
    if OutboxEmail.objects.filter(dedupe_key=key).exists():
        return None
    rendered = email_render(
        user_id=subscriber.user_id,
        language=subscriber.language,
        sections=sections,
        digest=kind == OutboxEmail.Kind.DIGEST,
        dedupe_key=key,
    )
    email, created = OutboxEmail.objects.get_or_create(
        dedupe_key=key,
        defaults={
            "kind": kind,
            "recipient_id": subscriber.user_id,
            "to_address": subscriber.email,
            "subject": rendered.subject,
            "body_text": rendered.text,
            "body_html": rendered.html,
            "headers": rendered.headers,
            "article": sections[0].article if len(sections) == 1 else None,
        },
    )
    return email if created else None


def _queue_after_commit(ids: list[int]) -> None:
    if ids:
        transaction.on_commit(lambda: outbox_queue(ids))


def outbox_queue(ids: list[int]) -> None:
    enqueue_each("claims.tasks.outbox_send", ids, if_lost="the outbox sweeper will retry")


@transaction.atomic
def notify_flags_enqueue(*, article_id: int, flag_ids: list[int]) -> list[int]:
    """One e-mail per subscribed editor about the new flags of one article.

    The dedupe key names the editor, the article and the exact set of flags, so running
    this twice (a redelivered task) adds nothing.
    """
    article = Article.objects.filter(pk=article_id).first()
    if article is None or not flag_ids:
        return []
    flags = list(flags_open(article_id=article_id).filter(pk__in=flag_ids))
    if not flags:
        return []
    created = []
    for subscriber in subscriber_list(frequency=NotificationPreference.Frequency.IMMEDIATE):
        chosen = [f for f in flags if subscriber.wants(f)]
        if not chosen:
            continue
        ids = ",".join(str(f.pk) for f in sorted(chosen, key=lambda f: f.pk))
        flag_set = hashlib.sha256(ids.encode()).hexdigest()[:32]
        key = f"flags:{subscriber.user_id}:{article.pk}:{flag_set}"
        email = _outbox_add(
            subscriber=subscriber,
            key=key,
            kind=OutboxEmail.Kind.FLAGS,
            sections=_sections(chosen, {article.pk: article}),
        )
        if email:
            created.append(email.pk)
    _queue_after_commit(created)
    return created


def notify_digest_enqueue(*, now: datetime | None = None) -> list[int]:
    """Today's digest for every editor who chose it: the flags since their last one.

    At most one digest per editor per day (the date is in the dedupe key); the watermark
    moves with the row in one transaction, so no flag is in two digests or in none.
    """
    now = now or timezone.now()
    created = []
    for subscriber in subscriber_list(frequency=NotificationPreference.Frequency.DIGEST):
        pk = _digest_for(subscriber=subscriber, now=now)
        if pk:
            created.append(pk)
    return created


@transaction.atomic
def _digest_for(*, subscriber: Subscriber, now: datetime) -> int | None:
    pref = NotificationPreference.objects.select_for_update().get(user_id=subscriber.user_id)
    key = f"digest:{subscriber.user_id}:{now.date().isoformat()}"
    if OutboxEmail.objects.filter(dedupe_key=key).exists():
        return None
    since = pref.digest_covered_until or now - timedelta(days=1)
    flags = list(flags_for_digest(subscriber=subscriber, since=since, until=now))
    NotificationPreference.objects.filter(pk=pref.pk).update(digest_covered_until=now)
    if not flags:
        return None
    articles = Article.objects.in_bulk({f.article_id for f in flags})
    email = _outbox_add(
        subscriber=subscriber,
        key=key,
        kind=OutboxEmail.Kind.DIGEST,
        sections=_sections(flags, articles),
    )
    if email is None:
        return None
    _queue_after_commit([email.pk])
    return email.pk


# --- delivery ------------------------------------------------------------------------------


@dataclass(frozen=True)
class Outcome:
    status: str  # sent, failed, retry, skipped
    retry_in: int | None = None


class OutboxInterrupted(Exception):
    """The database failed while this sender held the row (SENDING, ``claimed_at``).

    The task retries with the claim, so the row is not left to the stale limit: with
    ``sent`` it only records the delivery, without it sends again (nothing went out).
    """

    def __init__(self, *, claimed_at: datetime, sent: bool):
        super().__init__(f"claim {claimed_at.isoformat()}, sent={sent}")
        self.claimed_at = claimed_at
        self.sent = sent


def outbox_claim(*, outbox_id: int, resume: datetime | None = None) -> OutboxEmail | None:
    """Take the row for sending, unless another sender has it or it is done.

    A SENDING row whose sender went quiet for longer than the stale limit is taken over:
    its worker died mid-send. ``resume`` is the ``claimed_at`` of this sender's own earlier
    try, cut off by a database failure. The update and the read commit together, so a
    failure between them leaves the row as it was.
    """
    now = timezone.now()
    stale = now - timedelta(seconds=settings.OUTBOX_SENDING_STALE_SECONDS)
    held = Q(status=OutboxEmail.Status.PENDING) | Q(
        status=OutboxEmail.Status.SENDING, claimed_at__lt=stale
    )
    if resume is not None:
        held |= Q(status=OutboxEmail.Status.SENDING, claimed_at=resume)
    with transaction.atomic():
        updated = (
            OutboxEmail.objects.filter(pk=outbox_id)
            .filter(held)
            .update(status=OutboxEmail.Status.SENDING, claimed_at=now, attempts=F("attempts") + 1)
        )
        if not updated:
            return None
        return OutboxEmail.objects.get(pk=outbox_id)


def _message(email: OutboxEmail) -> EmailMultiAlternatives:
    message = EmailMultiAlternatives(
        subject=email.subject,
        body=email.body_text,
        from_email=settings.DEFAULT_FROM_EMAIL,
        to=[email.to_address],
        headers=email.headers,
    )
    if email.body_html:
        message.attach_alternative(email.body_html, "text/html")
    return message


def _retry_delay(attempts: int) -> int:
    delay = settings.OUTBOX_RETRY_BASE_SECONDS * 2 ** max(0, attempts - 1)
    return min(delay, settings.OUTBOX_RETRY_MAX_SECONDS)


def _held(outbox_id: int, claimed_at: datetime):
    return OutboxEmail.objects.filter(
        pk=outbox_id, status=OutboxEmail.Status.SENDING, claimed_at=claimed_at
    )


def _record(email: OutboxEmail, *, sent: bool, **values) -> int:
    """Write the outcome on the row this sender holds; OutboxInterrupted if the database fails."""
    try:
        return _held(email.pk, email.claimed_at).update(**values)
    except RETRYABLE as exc:
        raise OutboxInterrupted(claimed_at=email.claimed_at, sent=sent) from exc


def outbox_deliver(
    *, outbox_id: int, resume: datetime | None = None, sent: bool = False
) -> Outcome:
    """Send one outbox e-mail; record what happened on the row.

    ``resume`` and ``sent`` come from an OutboxInterrupted of an earlier try of this task.
    """
    if sent and resume is not None:
        updated = _held(outbox_id, resume).update(
            status=OutboxEmail.Status.SENT, sent_at=timezone.now(), last_error=""
        )
        return Outcome("sent" if updated else "skipped")
    email = outbox_claim(outbox_id=outbox_id, resume=resume)
    if email is None:
        return Outcome("skipped")
    try:
        # EMAIL_TIMEOUT bounds every SMTP step.
        get_connection(fail_silently=False).send_messages([_message(email)])
    except SoftTimeLimitExceeded:
        failure = Failure(temporary=True, message="Sending took too long.")
    except Exception as exc:
        failure = failure_classify(exc)
    else:
        _record(
            email, sent=True, status=OutboxEmail.Status.SENT, sent_at=timezone.now(), last_error=""
        )
        return Outcome("sent")

    if failure.temporary and email.attempts < settings.OUTBOX_MAX_ATTEMPTS:
        delay = _retry_delay(email.attempts)
        _record(
            email,
            sent=False,
            status=OutboxEmail.Status.PENDING,
            last_error=failure.message[:2000],
            next_attempt_at=timezone.now() + timedelta(seconds=delay),
        )
        logger.warning("E-mail %s: temporary failure, retry in %ss: %s", email.pk, delay, failure)
        return Outcome("retry", retry_in=delay)
    message = failure.message
    if failure.temporary:
        message = f"Gave up after {email.attempts} attempts. {message}"
    _record(email, sent=False, status=OutboxEmail.Status.FAILED, last_error=message[:2000])
    logger.error("E-mail %s failed: %s", email.pk, message)
    return Outcome("failed")


def outbox_due_ids(*, now: datetime | None = None, limit: int = 500) -> list[int]:
    """Rows whose task was lost: pending past their time, or sending with a dead sender."""
    now = now or timezone.now()
    grace = now - timedelta(seconds=settings.OUTBOX_FLUSH_GRACE_SECONDS)
    stale = now - timedelta(seconds=settings.OUTBOX_SENDING_STALE_SECONDS)
    return list(
        OutboxEmail.objects.filter(
            Q(status=OutboxEmail.Status.PENDING, next_attempt_at__lte=grace)
            | Q(status=OutboxEmail.Status.PENDING, next_attempt_at=None, created_at__lte=grace)
            | Q(status=OutboxEmail.Status.SENDING, claimed_at__lt=stale)
        )
        .order_by("created_at")
        .values_list("pk", flat=True)[:limit]
    )


@transaction.atomic
def outbox_resend(*, outbox_ids: list[int]) -> int:
    """Put failed e-mails back in the queue (after someone fixed the address or the server)."""
    ids = list(
        OutboxEmail.objects.filter(pk__in=outbox_ids, status=OutboxEmail.Status.FAILED)
        .select_for_update()
        .values_list("pk", flat=True)
    )
    OutboxEmail.objects.filter(pk__in=ids).update(
        status=OutboxEmail.Status.PENDING, attempts=0, next_attempt_at=None
    )
    _queue_after_commit(ids)
    return len(ids)
