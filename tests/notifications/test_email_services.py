"""Which editors get an e-mail about new flags, and what it says."""

from __future__ import annotations

import pytest
from django.core import mail

from claims.analysis.types import AnalysisResult, Finding
from claims.models import Flag, NotificationPreference, OutboxEmail
from claims.notifications.services import (
    notification_preference_update,
    notify_flags_enqueue,
)
from factcheck.errors import ValidationFailed
from tests.factories import ArticleFactory, UserFactory, fact_checker

from .helpers import arabic_article, flag_on, subscribed_editor

pytestmark = pytest.mark.usefixtures("roles")


def test_it_sends_one_email_per_editor_per_article_not_per_flag(settings):
    settings.SITE_URL = "https://desk.example"
    article = arabic_article()
    typo = flag_on(article, "الرباع", suggestion="الرابع", message="Not a word.")
    agreement = flag_on(article, "التركيا", suggestion="التركي", message="Agreement.")
    grammar = flag_on(
        article,
        "بحسب بعض الدبلوماسيين",
        code="attribution.vague",
        category="attribution",
        suggestion="",
        message="Who are they?",
    )
    ed1, ed2 = subscribed_editor("ed1"), subscribed_editor("ed2")
    fact_checker(username="checker")  # not an editor: gets nothing
    subscribed_editor("inactive").__class__.objects.filter(username="inactive").update(
        is_active=False
    )
    UserFactory(username="noaddress", email="", roles=["editor"])

    ids = notify_flags_enqueue(article_id=article.pk, flag_ids=[typo.pk, agreement.pk, grammar.pk])

    rows = OutboxEmail.objects.filter(pk__in=ids).order_by("to_address")
    assert [r.to_address for r in rows] == [ed1.email, ed2.email]
    email = rows[0]
    assert email.article == article
    assert "وقف إطلاق النار في ليبيا" in email.subject
    # Grouped by category, each flag with its excerpt, suggestion and resolve link.
    text = email.body_text
    assert text.index("الإسناد (1)") < text.index("الإملاء (2)")
    assert "[[الرباع]] من نيسان 2019" in text
    assert "الاقتراح: الرابع" in text
    assert f"https://desk.example/admin/claims/flag/{typo.pk}/change/" in text
    assert f"https://desk.example/admin/claims/article/{article.pk}/change/" in email.body_html
    assert "https://desk.example/notifications/unsubscribe/" in email.body_html


def test_it_sends_each_set_of_flags_once(settings):
    article = arabic_article()
    first = flag_on(article, "الرباع")
    subscribed_editor("ed")

    assert len(notify_flags_enqueue(article_id=article.pk, flag_ids=[first.pk])) == 1
    # A redelivered task adds nothing.
    assert notify_flags_enqueue(article_id=article.pk, flag_ids=[first.pk]) == []
    later = flag_on(article, "التركيا")
    assert len(notify_flags_enqueue(article_id=article.pk, flag_ids=[later.pk])) == 1

    assert OutboxEmail.objects.count() == 2
    newest = OutboxEmail.objects.order_by("-pk").first()
    assert "[[التركيا]]" in newest.body_text and "[[الرباع]]" not in newest.body_text


def test_it_follows_each_editors_categories_severity_and_frequency():
    article = arabic_article()
    spelling = flag_on(article, "الرباع", severity="warning")
    date = flag_on(article, "2019", code="date.weekday", category="date", severity="error")
    info = flag_on(article, "نيسان", code="date.partial", category="date", severity="info")
    dates = subscribed_editor("dates", categories=["date"], min_severity="info")
    errors = subscribed_editor("errors", min_severity="error")
    subscribed_editor("off", frequency="off")
    subscribed_editor("digest", frequency="digest")

    notify_flags_enqueue(article_id=article.pk, flag_ids=[spelling.pk, date.pk, info.pk])

    by_user = {e.recipient: e.body_text for e in OutboxEmail.objects.all()}
    assert set(by_user) == {dates, errors}
    assert "[[2019]]" in by_user[dates] and "[[نيسان]]" in by_user[dates]
    assert "[[الرباع]]" not in by_user[dates]
    assert "[[2019]]" in by_user[errors] and "[[نيسان]]" not in by_user[errors]


def test_it_skips_flags_already_resolved_or_no_longer_current():
    article = arabic_article()
    dismissed = flag_on(article, "الرباع", status=Flag.Status.DISMISSED)
    retired = flag_on(article, "التركيا", is_current=False)
    subscribed_editor("ed")

    assert notify_flags_enqueue(article_id=article.pk, flag_ids=[dismissed.pk, retired.pk]) == []


def test_it_escapes_article_text_and_keeps_the_subject_on_one_line(settings):
    body = 'Hello <script>alert(1)</script> and <img src=x onerror="steal()"> \u202egnp.exe'
    article = ArticleFactory(
        title='Fake\r\nBcc: victim@evil.example <b onmouseover="x()">bold</b>\u202e',
        body=body,
        language="en",
    )
    script = flag_on(article, "<script>alert(1)</script>", suggestion="<i>x</i>")
    bidi = flag_on(article, "\u202egnp", code="encoding.bidi", category="encoding")
    subscribed_editor("ed", language="en")

    notify_flags_enqueue(article_id=article.pk, flag_ids=[script.pk, bidi.pk])

    email = OutboxEmail.objects.get()
    assert "\r" not in email.subject and "\n" not in email.subject
    assert "\u202e" not in email.subject
    assert "<script>" not in email.body_html and "<img" not in email.body_html
    assert "onerror=" not in email.body_html.replace("onerror=&quot;", "")
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in email.body_html
    assert "&lt;i&gt;x&lt;/i&gt;" in email.body_html
    assert "\u202e" not in email.body_html and "\u202e" not in email.body_text
    assert "⟨U+202E⟩gnp" in email.body_html
    # Django accepts it as a message: no header injection to refuse.
    from claims.notifications.services import _message

    _message(email).message()


def test_it_writes_arabic_right_to_left_and_english_left_to_right():
    article = arabic_article()
    flag = flag_on(article, "الرباع")
    subscribed_editor("arabic", language="ar")
    subscribed_editor("english", language="en")

    notify_flags_enqueue(article_id=article.pk, flag_ids=[flag.pk])

    arabic = OutboxEmail.objects.get(recipient__username="arabic")
    english = OutboxEmail.objects.get(recipient__username="english")
    assert '<html lang="ar" dir="rtl">' in arabic.body_html
    assert arabic.subject.startswith("[تدقيق] ملاحظة واحدة في «وقف إطلاق النار في ليبيا»")
    assert '<html lang="en" dir="ltr">' in english.body_html
    assert english.subject.startswith("[Fact-check] 1 flagged issue in")
    assert "Spelling (1)" in english.body_text
    # The Arabic excerpt keeps its own direction inside an English e-mail.
    assert 'dir="rtl" lang="ar"' in english.body_html


def test_it_caps_a_long_list_and_says_how_many_more(settings):
    settings.NOTIFY_MAX_FLAGS_PER_ARTICLE = 2
    article = arabic_article()
    flags = [flag_on(article, w) for w in ("الرباع", "التركيا", "الروسي")]
    subscribed_editor("ed", language="en")

    notify_flags_enqueue(article_id=article.pk, flag_ids=[f.pk for f in flags])

    email = OutboxEmail.objects.get()
    assert "3 flagged issues" in email.subject
    assert "…and 1 more in the workbench." in email.body_text


def _typo_finding(article, *, fingerprint: str) -> Finding:
    """What the analysis reports for the article's «الرباع»."""
    start = article.body.index("الرباع")
    return Finding(
        code="spelling.nonword",
        category="spelling",
        severity="warning",
        start=start,
        end=start + 6,
        text="الرباع",
        message="Not a word.",
        suggestion="الرابع",
        fingerprint=fingerprint,
    )


def test_new_flags_from_an_analysis_reach_the_editors(django_capture_on_commit_callbacks):
    from claims.services import article_apply_analysis

    article = arabic_article(analysis_status="running")
    finding = _typo_finding(article, fingerprint="f" * 40)
    ed = subscribed_editor("ed")

    with django_capture_on_commit_callbacks(execute=True):
        article_apply_analysis(
            article_id=article.pk,
            result=AnalysisResult(language="ar", claims=[], flags=[finding], version="t"),
        )

    # Tasks run eagerly here: queued, rendered and sent (to Django's test outbox).
    assert [m.to for m in mail.outbox] == [[ed.email]]
    assert "الاقتراح: الرابع" in mail.outbox[0].body
    assert OutboxEmail.objects.get().status == OutboxEmail.Status.SENT


def test_the_editors_emails_commit_with_the_flags_while_the_broker_is_down(settings):
    """A transactional outbox: no broker outage can lose the e-mail about new flags."""
    from claims.notifications.services import outbox_due_ids
    from claims.services import article_apply_analysis
    from factcheck.celery import app
    from tests.celery_worker import celery_use_broker
    from tests.notifications.conftest import free_port

    article = arabic_article(analysis_status="running")
    finding = _typo_finding(article, fingerprint="e" * 40)
    ed = subscribed_editor("ed")
    previous = app.conf.broker_url
    celery_use_broker(f"redis://127.0.0.1:{free_port()}/0")  # nothing listens there
    app.conf.task_always_eager = False
    try:
        article_apply_analysis(
            article_id=article.pk,
            result=AnalysisResult(language="ar", claims=[], flags=[finding], version="t"),
        )
    finally:
        app.conf.task_always_eager = True
        celery_use_broker(previous)

    email = OutboxEmail.objects.get()
    assert (email.to_address, email.status) == (ed.email, OutboxEmail.Status.PENDING)
    assert Flag.objects.get(article=article).text == "الرباع"
    # Once the grace period has passed, the outbox sweeper queues it.
    settings.OUTBOX_FLUSH_GRACE_SECONDS = 0
    assert outbox_due_ids() == [email.pk]


def test_preferences_refuse_unknown_categories_and_write_nothing():
    user = subscribed_editor("ed")
    with pytest.raises(ValidationFailed, match="Unknown flag categories: weather"):
        notification_preference_update(
            user=user,
            categories=["weather"],
            min_severity="info",
            frequency="digest",
            language="en",
        )
    assert not NotificationPreference.objects.exists()
