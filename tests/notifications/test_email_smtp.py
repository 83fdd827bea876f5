"""Delivery to a real SMTP server on loopback: content, headers, retries and failures."""

from __future__ import annotations

import socket
import threading

import pytest
from django.db import OperationalError, connection

from claims.models import OutboxEmail
from claims.notifications.services import notify_flags_enqueue, outbox_deliver, outbox_due_ids
from claims.notifications.tasks import outbox_flush, outbox_send

from .conftest import free_port
from .helpers import arabic_article, flag_on, subscribed_editor

pytestmark = [pytest.mark.smtp, pytest.mark.usefixtures("roles")]


def queued_email(*, language="ar", username="ed", article=None) -> OutboxEmail:
    article = article or arabic_article()
    flags = [
        flag_on(article, "الرباع", suggestion="الرابع"),
        flag_on(article, "2016", code="resolution.year", category="resolution", suggestion="2015"),
    ]
    subscribed_editor(username, language=language)
    (pk,) = notify_flags_enqueue(article_id=article.pk, flag_ids=[f.pk for f in flags])
    return OutboxEmail.objects.get(pk=pk)


def test_it_delivers_content_headers_and_recipient(smtp_server, settings):
    settings.SITE_URL = "https://desk.example"
    settings.DEFAULT_FROM_EMAIL = "Fact-check desk <desk@newsroom.test>"
    email = queued_email()

    outbox_send.delay(email.pk)

    (got,) = smtp_server.received
    msg = got.message
    assert got.rcpt_tos == ["ed@newsroom.test"]
    assert got.mail_from == "desk@newsroom.test"
    assert msg["To"] == "ed@newsroom.test"
    # Django folds encoded subjects onto a continuation line; readers drop the space.
    assert msg["Subject"].strip() == "[تدقيق] 2 ملاحظات في «وقف إطلاق النار في ليبيا»"
    assert msg["Message-ID"].endswith("@newsroom.test>")
    unsubscribe = msg["List-Unsubscribe"].strip().strip("<>")
    assert unsubscribe.startswith("https://desk.example/notifications/unsubscribe/")
    assert msg["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"
    assert msg["Auto-Submitted"] == "auto-generated"
    assert msg.get_content_type() == "multipart/alternative"
    text = msg.get_body(("plain",)).get_content()
    html = msg.get_body(("html",)).get_content()
    assert "[[الرباع]]" in text and "الاقتراح: الرابع" in text
    assert "-- قرارات مجلس الأمن (1) --" in text
    assert '<html lang="ar" dir="rtl">' in html and "<mark>الرباع</mark>" in html
    assert unsubscribe in html and unsubscribe in text
    email.refresh_from_db()
    assert (email.status, email.attempts, email.last_error) == ("sent", 1, "")
    assert email.sent_at is not None


def test_two_451_replies_then_250_deliver_once(smtp_server):
    smtp_server.data_replies = ["451 4.3.0 Try again later", "451 4.3.0 Try again later"]
    email = queued_email()

    # Eager here: Celery runs the task's retries at once instead of after the backoff.
    outbox_send.delay(email.pk)

    assert smtp_server.data_attempts == 3
    assert len(smtp_server.received) == 1
    email.refresh_from_db()
    assert (email.status, email.attempts) == ("sent", 3)


def test_a_451_schedules_a_retry_with_backoff(smtp_server, settings):
    settings.OUTBOX_RETRY_BASE_SECONDS = 30
    smtp_server.data_replies = ["451 4.3.0 Try again later"] * 2
    email = queued_email()

    first = outbox_deliver(outbox_id=email.pk)
    second = outbox_deliver(outbox_id=email.pk)

    assert (first.status, first.retry_in, second.retry_in) == ("retry", 30, 60)
    email.refresh_from_db()
    assert email.status == "pending" and email.attempts == 2
    assert "451" in email.last_error and "Try again later" in email.last_error
    assert email.next_attempt_at is not None
    assert smtp_server.received == []


def test_a_554_fails_is_recorded_and_not_retried(smtp_server):
    smtp_server.data_replies = ["554 5.7.1 Message rejected as spam"]
    email = queued_email()

    outbox_send.delay(email.pk)
    outbox_send.delay(email.pk)  # a second delivery of the task changes nothing

    assert smtp_server.data_attempts == 1 and smtp_server.received == []
    email.refresh_from_db()
    assert email.status == "failed" and email.attempts == 1
    assert email.last_error == "SMTP 554: 5.7.1 Message rejected as spam"
    assert email.pk not in outbox_due_ids()


def test_a_refused_connection_is_retried_later(settings):
    settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    settings.EMAIL_HOST, settings.EMAIL_PORT = "127.0.0.1", free_port()  # nobody listens
    email = queued_email()

    outcome = outbox_deliver(outbox_id=email.pk)

    assert outcome.status == "retry"
    email.refresh_from_db()
    assert email.status == "pending" and "ConnectionRefusedError" in email.last_error


def test_a_silent_server_times_out_and_is_retried(settings):
    listener = socket.socket()
    listener.bind(("127.0.0.1", 0))
    listener.listen()
    held = []
    threading.Thread(target=lambda: held.append(listener.accept()), daemon=True).start()
    settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    settings.EMAIL_HOST, settings.EMAIL_PORT = "127.0.0.1", listener.getsockname()[1]
    settings.EMAIL_TIMEOUT = 1
    email = queued_email()

    try:
        outcome = outbox_deliver(outbox_id=email.pk)
    finally:
        listener.close()
        for conn, _ in held:
            conn.close()

    assert outcome.status == "retry"
    email.refresh_from_db()
    assert email.status == "pending" and "timed out" in email.last_error


def test_it_gives_up_after_the_last_attempt(smtp_server, settings):
    settings.OUTBOX_MAX_ATTEMPTS = 2
    smtp_server.data_replies = ["421 4.7.0 Too busy"] * 5
    email = queued_email()

    outbox_send.delay(email.pk)

    email.refresh_from_db()
    assert email.status == "failed" and email.attempts == 2
    assert email.last_error == "Gave up after 2 attempts. SMTP 421: 4.7.0 Too busy"
    assert smtp_server.received == []


def test_the_sweeper_sends_what_a_lost_task_left_behind(smtp_server, settings):
    settings.OUTBOX_FLUSH_GRACE_SECONDS = 0
    email = queued_email()  # its task was never run (the broker lost it)
    taken = OutboxEmail.objects.create(
        dedupe_key="other", to_address="ed2@newsroom.test", subject="s", body_text="b"
    )
    # Another sender holds this one right now: the sweeper leaves it alone.
    OutboxEmail.objects.filter(pk=taken.pk).update(status="sending", claimed_at=email.created_at)
    settings.OUTBOX_SENDING_STALE_SECONDS = 3600

    assert outbox_flush.delay().get() == 1

    assert [r.rcpt_tos for r in smtp_server.received] == [["ed@newsroom.test"]]
    email.refresh_from_db()
    assert email.status == "sent"


class FailOnce:
    """The database connection drops once, on the first statement ``when`` picks."""

    def __init__(self, when):
        self.when = when
        self.fired = False

    def __call__(self, execute, sql, params, many, context):
        if not self.fired and self.when(sql, params or ()):
            self.fired = True
            raise OperationalError("server closed the connection unexpectedly")
        return execute(sql, params, many, context)


def _pending_email() -> OutboxEmail:
    return OutboxEmail.objects.create(
        dedupe_key="cut", to_address="ed@newsroom.test", subject="s", body_text="b"
    )


def _reads_the_row(sql, params):
    return sql.startswith("SELECT") and "claims_outboxemail" in sql


def _records(status):
    """The UPDATE that writes ``status`` (the SET values come first)."""
    return lambda sql, params: sql.startswith("UPDATE") and tuple(params[:1]) == (status,)


@pytest.mark.django_db(transaction=True)
@pytest.mark.parametrize(
    ("cut", "data_attempts", "attempts", "replies"),
    [
        # Between taking the row and reading it: the take is rolled back with the read.
        pytest.param(_reads_the_row, 1, 1, [], id="after-the-claim"),
        # After the server's 250, before SENT is written: the retry only writes SENT.
        pytest.param(_records("sent"), 1, 1, [], id="after-the-250"),
        # After a 451, before PENDING is written: nothing went out, the retry sends.
        pytest.param(_records("pending"), 2, 2, ["451 4.3.0 Try again later"], id="after-a-451"),
    ],
)
def test_a_database_cut_mid_send_neither_strands_nor_repeats_the_email(
    smtp_server, cut, data_attempts, attempts, replies
):
    smtp_server.data_replies = list(replies)
    email = _pending_email()
    failure = FailOnce(cut)

    with connection.execute_wrapper(failure):
        outbox_send.delay(email.pk)  # eager: Celery runs the retries at once

    assert failure.fired
    assert smtp_server.data_attempts == data_attempts
    assert [r.rcpt_tos for r in smtp_server.received] == [["ed@newsroom.test"]]
    email.refresh_from_db()
    assert (email.status, email.attempts) == ("sent", attempts)
    assert email.pk not in outbox_due_ids()
