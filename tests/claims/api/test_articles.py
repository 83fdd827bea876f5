"""Submitting articles through the API and reading them back with claims and flags."""

from __future__ import annotations

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import override_settings

from claims.models import Article, Attribution, ClaimValue
from tests.claims.api.helpers import get_counting_queries
from tests.claims.api.test_access import assert_error
from tests.factories import ArticleFactory, ClaimFactory, FlagFactory, UserFactory

pytestmark = pytest.mark.django_db

TEXT_AR = "قال وزير المالية يوم الأحد إن العجز بلغ 3 مليارات دولار في عام 2019."
TEXT_EN = "The minister said on Sunday that the deficit reached $3 billion in 2019."


def test_posting_text_answers_202_with_a_status_url(checker_api, checker):
    response = checker_api.post(
        "/api/v1/articles/",
        {"text": TEXT_AR, "title": "العجز", "outlet": "Desk", "url": "https://paper.test/a/1"},
        format="json",
    )

    assert response.status_code == 202, response.content
    body = response.json()
    article = Article.objects.get()
    assert body["id"] == article.pk
    assert body["created"] is True
    assert body["status_url"].endswith(f"/api/v1/articles/{article.pk}/")
    assert response["Location"] == body["status_url"]
    assert (article.body, article.title, article.url, article.language) == (
        TEXT_AR,
        "العجز",
        "https://paper.test/a/1",
        "ar",
    )
    assert article.submitted_by == checker
    status = checker_api.get(f"/api/v1/articles/{article.pk}/").json()
    assert status["analysis_status"] in {"pending", "running", "done", "failed"}


def test_the_same_text_twice_is_one_article(checker_api):
    first = checker_api.post("/api/v1/articles/", {"text": TEXT_EN}, format="json")
    again = checker_api.post("/api/v1/articles/", {"text": TEXT_EN + "\n"}, format="json")

    assert (first.status_code, again.status_code) == (202, 200)
    assert again.json()["created"] is False
    assert again.json()["id"] == first.json()["id"]
    assert Article.objects.count() == 1


def test_a_utf8_file_can_be_uploaded(checker_api):
    upload = SimpleUploadedFile("a.txt", ("\ufeff" + TEXT_AR).encode(), "text/plain")

    response = checker_api.post("/api/v1/articles/", {"file": upload}, format="multipart")

    assert response.status_code == 202, response.content
    assert Article.objects.get().body == TEXT_AR


def test_a_binary_file_is_refused_and_nothing_is_stored(checker_api):
    upload = SimpleUploadedFile("a.pdf", b"%PDF-1.4\x00\x01\x02", "application/pdf")

    response = checker_api.post("/api/v1/articles/", {"file": upload}, format="multipart")

    body = assert_error(response, 400)
    assert "binary" in body["detail"]
    assert not Article.objects.exists()


def test_a_file_in_another_encoding_gets_a_clear_error(checker_api):
    upload = SimpleUploadedFile("a.txt", TEXT_AR.encode("cp1256"), "text/plain")

    body = assert_error(
        checker_api.post("/api/v1/articles/", {"file": upload}, format="multipart"), 400
    )
    assert "UTF-8" in body["detail"]


@pytest.mark.parametrize(
    "payload, message",
    [
        ({}, "Send the article's text, a file or its URL."),
        ({"text": "   \n "}, "Send the article's text, a file or its URL."),
        # A URL alone is fetched: see tests/sources/test_api_article_url.py (loopback only).
    ],
)
def test_missing_text_is_a_400_with_the_reason(checker_api, payload, message):
    body = assert_error(checker_api.post("/api/v1/articles/", payload, format="json"), 400)
    assert message in body["detail"]
    assert not Article.objects.exists()


def test_a_bad_field_names_the_field(checker_api):
    body = assert_error(
        checker_api.post("/api/v1/articles/", {"text": TEXT_EN, "language": "fr"}, format="json"),
        400,
        "invalid_choice",
    )
    assert "language" in body["errors"]


@pytest.mark.parametrize(
    "raw",
    [
        b"{not json",
        b"\xff\xfe\x00",
        b"[1, 2]",
        b'"just a string"',
        b'{"text": "\\ud800 x"}',
        b"[" * 100_000,
        b'{"text": ' + b"[" * 50_000 + b"}",
        b'{"text": "a", "text": ["b"]}',
    ],
)
def test_malformed_bodies_are_400_in_the_error_format(checker_api, raw):
    response = checker_api.post("/api/v1/articles/", raw, content_type="application/json")
    assert_error(response, 400)
    assert not Article.objects.exists()


def test_form_data_in_another_encoding_is_refused_not_mangled(checker_api):
    body = assert_error(
        checker_api.post(
            "/api/v1/articles/",
            b"text=%C7%E1%CD%DF%E6%E3%C9",  # "الحكومة" in Windows-1256
            content_type="application/x-www-form-urlencoded",
        ),
        400,
        "parse_error",
    )
    assert "UTF-8" in body["detail"]
    assert not Article.objects.exists()


def test_form_data_in_utf8_is_accepted(checker_api):
    response = checker_api.post(
        "/api/v1/articles/",
        "text=" + "قال الوزير إن الخطة جاهزة.".replace(" ", "+"),
        content_type="application/x-www-form-urlencoded; charset=utf-8",
    )
    assert response.status_code == 202, response.content
    assert Article.objects.get().body == "قال الوزير إن الخطة جاهزة."


def test_an_unsupported_content_type_is_415(checker_api):
    response = checker_api.post("/api/v1/articles/", b"text", content_type="text/csv")
    assert_error(response, 415, "unsupported_media_type")


@override_settings(ARTICLE_MAX_BYTES=1000, DATA_UPLOAD_MAX_MEMORY_SIZE=2000)
def test_an_oversized_body_is_413_and_nothing_is_stored(checker_api):
    body = assert_error(
        checker_api.post("/api/v1/articles/", {"text": "x" * 5000}, format="json"), 413
    )
    assert "limit" in body["detail"]
    assert not Article.objects.exists()


@override_settings(ARTICLE_MAX_BYTES=1000, DATA_UPLOAD_MAX_MEMORY_SIZE=4000)
def test_text_over_the_article_limit_is_413(checker_api):
    assert_error(checker_api.post("/api/v1/articles/", {"text": "ب" * 600}, format="json"), 413)
    upload = SimpleUploadedFile("a.txt", b"y" * 1500, "text/plain")
    assert_error(checker_api.post("/api/v1/articles/", {"file": upload}, format="multipart"), 413)
    assert not Article.objects.exists()


def test_server_set_fields_cannot_be_written(checker_api, checker):
    someone_else = UserFactory()
    response = checker_api.post(
        "/api/v1/articles/",
        {
            "text": TEXT_EN,
            "id": 999,
            "analysis_status": "done",
            "content_hash": "0" * 64,
            "submitted_by": someone_else.pk,
            "analysis_version": "forged",
        },
        format="json",
    )

    assert response.status_code == 202
    article = Article.objects.get()
    assert article.pk != 999
    assert article.analysis_version != "forged"
    assert article.content_hash != "0" * 64
    assert article.submitted_by == checker


def test_an_article_comes_back_with_its_claims_and_flags(checker_api):
    article = ArticleFactory()
    claim = ClaimFactory(article=article)
    ClaimValue.objects.create(
        claim=claim, type="date", start=24, end=46, text=article.body[24:46], value={"d": 1}
    )
    Attribution.objects.create(claim=claim, speaker="الحكومة", start=6, end=13)
    FlagFactory(article=article)

    body = checker_api.get(f"/api/v1/articles/{article.pk}/").json()

    assert body["body"] == article.body
    assert [c["text"] for c in body["claims"]] == [claim.text]
    assert body["claims"][0]["values"][0]["type"] == "date"
    assert body["claims"][0]["attribution"]["speaker"] == "الحكومة"
    assert [(f["code"], f["suggestion"]) for f in body["flags"]] == [("spelling.nonword", "أعلنت")]


def test_hostile_text_comes_back_exactly_as_json_never_as_html(checker_api):
    hostile = 'قال <script>alert(1)</script> <img src=x onerror="x()"> \u202eالمتحدث.'
    created = checker_api.post("/api/v1/articles/", {"text": hostile}, format="json").json()

    response = checker_api.get(f"/api/v1/articles/{created['id']}/")

    assert response["Content-Type"] == "application/json"
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response.json()["body"] == hostile


def test_the_article_list_runs_a_fixed_number_of_queries(checker_api, django_assert_num_queries):
    ArticleFactory.create_batch(3)
    # one page of articles
    first = get_counting_queries(django_assert_num_queries, checker_api, "/api/v1/articles/", 1)
    ArticleFactory.create_batch(30)
    second = get_counting_queries(django_assert_num_queries, checker_api, "/api/v1/articles/", 1)
    assert len(first.json()["results"]) == 3
    assert len(second.json()["results"]) == 33
