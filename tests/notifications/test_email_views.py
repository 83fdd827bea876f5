"""The editor's preference page and the unsubscribe link in every e-mail."""

from __future__ import annotations

import pytest
from django.test import Client

from claims.models import NotificationPreference, OutboxEmail
from claims.notifications.services import notify_flags_enqueue
from claims.notifications.tokens import unsubscribe_token_make
from tests.factories import fact_checker

from .helpers import arabic_article, flag_on, subscribed_editor

pytestmark = pytest.mark.usefixtures("roles")


def unsubscribe_url_of(email: OutboxEmail) -> str:
    return email.headers["List-Unsubscribe"].strip("<>").removeprefix("http://127.0.0.1:8000")


def test_the_link_in_an_email_unsubscribes_without_login(settings):
    article = arabic_article()
    ed = subscribed_editor("ed")
    notify_flags_enqueue(article_id=article.pk, flag_ids=[flag_on(article, "الرباع").pk])
    url = unsubscribe_url_of(OutboxEmail.objects.get())
    client = Client(enforce_csrf_checks=True)

    page = client.get(url)
    # Opening the link (as mail scanners do) only asks.
    assert page.status_code == 200
    assert "Stop all flagged-issue e-mails" in page.text
    assert not NotificationPreference.objects.filter(user=ed, frequency="off").exists()

    done = client.post(url)

    assert done.status_code == 200
    assert "You will get no more flagged-issue e-mails." in done.text
    assert NotificationPreference.objects.get(user=ed).frequency == "off"
    later = flag_on(article, "التركيا")
    assert notify_flags_enqueue(article_id=article.pk, flag_ids=[later.pk]) == []


def test_one_click_unsubscribe_from_the_mail_client_works():
    ed = subscribed_editor("ed", frequency="digest")
    url = f"/notifications/unsubscribe/{unsubscribe_token_make(ed.pk)}/"

    response = Client(enforce_csrf_checks=True).post(
        url, "List-Unsubscribe=One-Click", content_type="application/x-www-form-urlencoded"
    )

    assert response.status_code == 200
    assert NotificationPreference.objects.get(user=ed).frequency == "off"


@pytest.mark.parametrize("token", ["nonsense", "eyJ1IjoxfQ:1xXhwx:forged-signature"])
def test_a_tampered_link_changes_nothing_and_says_so(client, token):
    ed = subscribed_editor("ed", frequency="immediate")

    response = client.post(f"/notifications/unsubscribe/{token}/")

    assert response.status_code == 400
    assert "This unsubscribe link is not valid." in response.text
    assert NotificationPreference.objects.get(user=ed).frequency == "immediate"


def test_the_preference_page_needs_a_login(client):
    response = client.get("/notifications/preferences/")
    assert response.status_code == 302
    assert response["Location"].startswith("/admin/login/")


def test_an_editor_chooses_categories_severity_frequency_and_language(client):
    ed = subscribed_editor("ed")
    other = subscribed_editor("other")
    client.force_login(ed)

    page = client.get("/notifications/preferences/")
    assert page.status_code == 200 and 'value="resolution"' in page.text

    response = client.post(
        "/notifications/preferences/",
        {
            "frequency": "digest",
            "categories": ["date", "resolution"],
            "min_severity": "error",
            "language": "en",
            # Not on the form: ignored.
            "user": other.pk,
            "digest_covered_until": "2000-01-01T00:00:00Z",
        },
        follow=True,
    )

    assert "Your e-mail preferences are saved." in response.text
    pref = NotificationPreference.objects.get(user=ed)
    assert (pref.frequency, pref.categories, pref.min_severity, pref.language) == (
        "digest",
        ["date", "resolution"],
        "error",
        "en",
    )
    assert pref.digest_covered_until.year > 2000
    assert not NotificationPreference.objects.filter(user=other).exists()


def test_bad_choices_are_shown_and_nothing_is_saved(client):
    ed = subscribed_editor("ed")
    client.force_login(ed)

    response = client.post(
        "/notifications/preferences/",
        {"frequency": "hourly", "categories": ["weather"], "min_severity": "x", "language": "fr"},
    )

    assert response.status_code == 200
    assert "Select a valid choice. weather is not one of the available choices." in response.text
    assert not NotificationPreference.objects.filter(user=ed).exists()


def test_a_fact_checker_is_told_the_emails_are_for_editors(client):
    client.force_login(fact_checker(username="checker"))

    response = client.get("/notifications/preferences/")

    assert response.status_code == 403
    assert "your account is not an editor" in response.text
