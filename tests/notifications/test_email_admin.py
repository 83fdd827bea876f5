"""Preferences and the outbox in the admin: failures are visible, each editor sees their own."""

from __future__ import annotations

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from claims.models import NotificationPreference, OutboxEmail
from tests.factories import UserFactory

from .helpers import subscribed_editor

pytestmark = pytest.mark.usefixtures("roles")


def outbox_row(user, n: int, **kwargs) -> OutboxEmail:
    return OutboxEmail.objects.create(
        dedupe_key=f"k{user.pk}-{n}",
        recipient=user,
        to_address=user.email,
        subject=f"[Fact-check] issue {n} <b>",
        body_text="…",
        **kwargs,
    )


@pytest.fixture
def superuser():
    return UserFactory(username="root", is_superuser=True)


def test_a_permanent_failure_is_shown_with_its_reason(client, superuser):
    ed = subscribed_editor("ed")
    outbox_row(ed, 1, status="failed", attempts=1, last_error="SMTP 554: 5.7.1 Rejected")
    outbox_row(ed, 2, status="sent", attempts=1)
    client.force_login(superuser)

    response = client.get("/admin/claims/outboxemail/?status__exact=failed")

    assert response.status_code == 200
    assert "SMTP 554: 5.7.1 Rejected" in response.text
    assert "issue 1 &lt;b&gt;" in response.text and "issue 2" not in response.text


def test_outbox_changelist_query_count_does_not_grow_with_rows(client, superuser):
    client.force_login(superuser)
    ed = subscribed_editor("ed")
    outbox_row(ed, 0)
    client.get("/admin/claims/outboxemail/")  # warm caches (content types, permissions)
    with CaptureQueriesContext(connection) as few:
        client.get("/admin/claims/outboxemail/")
    for n in range(1, 30):
        outbox_row(ed, n)
    with CaptureQueriesContext(connection) as many:
        response = client.get("/admin/claims/outboxemail/")
    assert response.status_code == 200
    # session, user, filtered count, total count, the page of rows (bodies deferred)
    assert len(many) == len(few) == 5


def test_preference_changelist_query_count_does_not_grow_with_rows(client, superuser):
    client.force_login(superuser)
    NotificationPreference.objects.create(user=subscribed_editor("ed0"))
    client.get("/admin/claims/notificationpreference/")
    with CaptureQueriesContext(connection) as few:
        client.get("/admin/claims/notificationpreference/")
    for n in range(1, 20):
        NotificationPreference.objects.create(user=subscribed_editor(f"ed{n}"))
    with CaptureQueriesContext(connection) as many:
        response = client.get("/admin/claims/notificationpreference/")
    assert response.status_code == 200 and ">ed19<" in response.text
    # session, user, filtered count, total count, rows joined with their users
    assert len(many) == len(few) == 5


def test_an_editor_sees_only_their_own_emails_and_preferences(client):
    ed, other = subscribed_editor("ed", frequency="digest"), subscribed_editor("other")
    NotificationPreference.objects.create(user=other)
    outbox_row(ed, 1)
    outbox_row(other, 2)
    client.force_login(ed)

    emails = client.get("/admin/claims/outboxemail/")
    prefs = client.get("/admin/claims/notificationpreference/")
    foreign = client.get(
        f"/admin/claims/notificationpreference/{other.notification_preference.pk}/change/"
    )

    assert "issue 1" in emails.text and "issue 2" not in emails.text
    assert "ed@newsroom.test" in emails.text and "other@newsroom.test" not in emails.text
    assert ">ed<" in prefs.text and ">other<" not in prefs.text
    assert foreign.status_code == 302  # the admin's "does not exist" redirect


def test_an_editor_sets_their_own_preference_in_the_admin(client):
    ed = subscribed_editor("ed")
    other = subscribed_editor("other")
    client.force_login(ed)

    response = client.post(
        "/admin/claims/notificationpreference/add/",
        {
            "user": other.pk,  # read-only for an editor: ignored
            "frequency": "digest",
            "categories": ["spelling"],
            "min_severity": "info",
            "language": "en",
        },
    )

    assert response.status_code == 302
    pref = NotificationPreference.objects.get()
    assert (pref.user, pref.frequency, pref.categories) == (ed, "digest", ["spelling"])
    assert pref.digest_covered_until is not None


def test_a_superuser_sends_failed_emails_again(
    client, superuser, mailoutbox, django_capture_on_commit_callbacks
):
    ed = subscribed_editor("ed")
    failed = outbox_row(ed, 1, status="failed", attempts=8, last_error="Gave up")
    sent = outbox_row(ed, 2, status="sent", attempts=1)
    client.force_login(superuser)

    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            "/admin/claims/outboxemail/",
            {"action": "resend", "_selected_action": [failed.pk, sent.pk]},
            follow=True,
        )

    assert "1 e-mail queued again." in response.text
    # Eager here: queued after commit and sent to Django's test outbox.
    assert [m.to for m in mailoutbox] == [["ed@newsroom.test"]]
    failed.refresh_from_db()
    assert failed.status == "sent" and failed.attempts == 1
    sent.refresh_from_db()
    assert sent.status == "sent" and sent.attempts == 1


def test_a_superuser_sets_an_editors_preference_but_cannot_move_it(client, superuser):
    ed, other = subscribed_editor("ed"), subscribed_editor("other")
    client.force_login(superuser)
    form = {"frequency": "off", "min_severity": "warning", "language": "ar"}

    client.post("/admin/claims/notificationpreference/add/", {**form, "user": ed.pk})
    pref = NotificationPreference.objects.get()
    client.post(
        f"/admin/claims/notificationpreference/{pref.pk}/change/",
        {**form, "frequency": "immediate", "user": other.pk},
    )

    pref.refresh_from_db()
    assert (pref.user, pref.frequency) == (ed, "immediate")
    assert not NotificationPreference.objects.filter(user=other).exists()
