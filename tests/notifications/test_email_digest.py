"""The daily digest for editors who chose it, run by Celery beat."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest

from claims.models import Flag, OutboxEmail
from claims.notifications.services import notify_digest_enqueue
from tests.factories import ArticleFactory

from .helpers import EN_BODY, arabic_article, flag_on, subscribed_editor

pytestmark = pytest.mark.usefixtures("roles")

MORNING = datetime(2026, 3, 10, 6, 0, tzinfo=UTC)


def created(flag: Flag, when: datetime) -> Flag:
    Flag.objects.filter(pk=flag.pk).update(created_at=when)
    return flag


def test_a_digest_editor_gets_one_email_for_the_days_flags():
    ar = arabic_article()
    en = ArticleFactory(title="Council vote", body=EN_BODY, language="en")
    created(flag_on(ar, "الرباع"), MORNING - timedelta(hours=20))
    created(flag_on(ar, "التركيا"), MORNING - timedelta(hours=3))
    created(flag_on(en, "2016", category="resolution", code="resolution.year"), MORNING)
    created(flag_on(ar, "الروسي"), MORNING - timedelta(days=2))  # older than a day
    created(flag_on(ar, "نيسان"), MORNING + timedelta(minutes=1))  # after the run: tomorrow
    digest = subscribed_editor("digest", frequency="digest", language="en")
    subscribed_editor("immediate")

    ids = notify_digest_enqueue(now=MORNING)

    email = OutboxEmail.objects.get(pk__in=ids)
    assert email.recipient == digest and email.kind == "digest"
    assert email.subject == "[Fact-check] Daily digest: 3 flagged issues in 2 articles"
    text = email.body_text
    assert "== وقف إطلاق النار في ليبيا ==" in text and "== Council vote ==" in text
    assert "[[الرباع]]" in text and "[[التركيا]]" in text and "[[2016]]" in text
    assert "[[الروسي]]" not in text and "[[نيسان]]" not in text


def test_each_flag_is_in_exactly_one_digest():
    article = arabic_article()
    created(flag_on(article, "الرباع"), MORNING - timedelta(hours=1))
    subscribed_editor("digest", frequency="digest")

    assert len(notify_digest_enqueue(now=MORNING)) == 1
    # Beat fires twice, or the task is redelivered: nothing more today.
    created(flag_on(article, "التركيا"), MORNING + timedelta(hours=1))
    assert notify_digest_enqueue(now=MORNING + timedelta(hours=2)) == []
    # Tomorrow's digest has what came after today's, and only that.
    tomorrow = notify_digest_enqueue(now=MORNING + timedelta(days=1))
    (email,) = OutboxEmail.objects.filter(pk__in=tomorrow)
    assert "[[التركيا]]" in email.body_text and "[[الرباع]]" not in email.body_text
    # A quiet day sends nothing.
    assert notify_digest_enqueue(now=MORNING + timedelta(days=2)) == []


def test_switching_to_the_digest_does_not_repeat_what_was_sent_immediately(client):
    article = arabic_article()
    ed = subscribed_editor("ed")
    created(flag_on(article, "الرباع"), MORNING - timedelta(hours=5))
    client.force_login(ed)
    client.post(
        "/notifications/preferences/",
        {"frequency": "digest", "min_severity": "warning", "language": "ar"},
    )

    assert notify_digest_enqueue(now=MORNING) == []


# The scheduler closes database connections, which a test transaction cannot survive.
@pytest.mark.django_db(transaction=True)
def test_beat_runs_the_digest_daily_and_the_outbox_sweeper(settings):
    from django_celery_beat.models import PeriodicTask
    from django_celery_beat.schedulers import DatabaseScheduler

    from factcheck.celery import app

    DatabaseScheduler(app=app)  # what `celery -A factcheck beat` does at start

    digest = PeriodicTask.objects.get(name="notify-digest")
    assert digest.task == "claims.tasks.notify_digest" and digest.enabled
    assert (digest.crontab.minute, digest.crontab.hour) == ("0", str(settings.NOTIFY_DIGEST_HOUR))
    assert PeriodicTask.objects.get(name="outbox-flush").interval.every == 60
    app.loader.import_default_modules()  # the worker's task autodiscovery
    assert {"claims.tasks.notify_digest", "claims.tasks.outbox_flush"} <= set(app.tasks)
