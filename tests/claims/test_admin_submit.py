"""The admin's submit form goes through the same service as the import command."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from claims.models import Article
from tests.factories import fact_checker

pytestmark = pytest.mark.django_db

URL = reverse("admin:claims_article_add")


@pytest.fixture
def client_fc(client, roles):
    client.force_login(fact_checker(username="amal"))
    return client


def test_a_fact_checker_submits_pasted_text(client_fc):
    response = client_fc.post(
        URL,
        {
            "title": "Ceasefire",
            "text": "أعلن الجيش أمس وقف العمليات.",
            "language": "ar",
            "published": "2020-01-09",
        },
    )
    article = Article.objects.get()
    assert response.status_code == 302
    assert response["Location"] == reverse("admin:claims_article_change", args=[article.pk])
    assert article.submitted_by.username == "amal"
    assert article.body == "أعلن الجيش أمس وقف العمليات."


def test_the_same_text_again_leads_to_the_existing_article(client_fc):
    client_fc.post(URL, {"text": "Same text."})
    response = client_fc.post(URL, {"text": "Same text."}, follow=True)
    assert Article.objects.count() == 1
    assert "This text was submitted before" in response.content.decode()


@pytest.mark.parametrize(
    ("payload", "message"),
    [
        ({"text": "   "}, "Paste the article"),
        ({"file": SimpleUploadedFile("a.txt", b"\xff\xfe broken")}, "not valid UTF-8 text"),
        ({"file": SimpleUploadedFile("a.bin", b"\x00\x01\x02\x03")}, "binary file"),
        ({"file": SimpleUploadedFile("empty.txt", b"")}, "Paste the article"),
    ],
)
def test_bad_input_shows_the_error_on_the_form_and_writes_nothing(client_fc, payload, message):
    response = client_fc.post(URL, payload)
    assert response.status_code == 200
    assert message in response.content.decode()
    assert not Article.objects.exists()


def test_an_oversized_text_is_refused(client_fc, settings):
    settings.ARTICLE_MAX_BYTES = 2048
    response = client_fc.post(URL, {"text": "word " * 600})
    assert "The article is 2.9 KB; the limit is 2 KB of text." in response.content.decode()
    assert not Article.objects.exists()


def test_markup_in_the_title_is_shown_escaped(client_fc):
    client_fc.post(URL, {"title": "<script>alert(1)</script>", "text": "Body."})
    page = client_fc.get(reverse("admin:claims_article_changelist")).content.decode()
    assert "<script>alert(1)</script>" not in page
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in page
