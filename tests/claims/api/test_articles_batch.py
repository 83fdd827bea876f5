"""POST /api/v1/articles/batch/: many articles in one request, one result per article."""

from __future__ import annotations

import pytest
from django.test import override_settings
from rest_framework.settings import api_settings

from claims.models import Article
from tests.claims.api.test_access import _rest_framework, assert_error

pytestmark = pytest.mark.django_db

URL = "/api/v1/articles/batch/"
TEXT_AR = "قال وزير المالية يوم الأحد إن العجز بلغ 3 مليارات دولار في عام 2019."
TEXT_EN = "The minister said on Sunday that the deficit reached $3 billion in 2019."
TEXT_EN_2 = "The council adopted resolution 2259 on 23 December 2015."


def test_each_article_gets_its_own_result_in_order(checker_api, checker):
    earlier = checker_api.post("/api/v1/articles/", {"text": TEXT_EN_2}, format="json").json()
    spaced = "  " + TEXT_AR + "\n\n"

    response = checker_api.post(
        URL,
        {
            "articles": [
                {"text": spaced, "title": "العجز", "url": "https://paper.test/a/1"},
                {"text": "   "},
                {"text": TEXT_EN, "language": "fr"},
                {"text": TEXT_EN_2},
                {"text": TEXT_EN, "outlet": "Desk", "language": "en"},
                "not an article",
            ]
        },
        format="json",
    )

    assert response.status_code == 207, response.content
    results = response.json()["results"]
    assert [r["index"] for r in results] == [0, 1, 2, 3, 4, 5]
    assert [r["status"] for r in results] == [202, 400, 400, 200, 202, 400]

    first = Article.objects.get(pk=results[0]["id"])
    assert (first.body, first.title, first.url, first.language) == (
        spaced,
        "العجز",
        "https://paper.test/a/1",
        "ar",
    )
    assert first.submitted_by == checker
    assert results[0]["created"] is True
    assert results[0]["status_url"].endswith(f"/api/v1/articles/{first.pk}/")

    assert results[1] == {
        "index": 1,
        "status": 400,
        "code": "invalid",
        "detail": "Some fields are not valid.",
        "errors": {"text": ["The article's text is empty."]},
    }
    assert results[2]["errors"] == {"language": ['"fr" is not a valid choice.']}
    assert (results[3]["id"], results[3]["created"]) == (earlier["id"], False)
    assert results[5]["code"] == "invalid"
    fifth = Article.objects.get(pk=results[4]["id"])
    assert (fifth.body, fifth.outlet, fifth.language) == (TEXT_EN, "Desk", "en")
    # The refused articles wrote nothing; the good ones are stored once each.
    assert Article.objects.count() == 3


def test_a_text_over_the_limit_is_413_for_that_article_alone(checker_api, settings):
    settings.ARTICLE_MAX_BYTES = 100

    response = checker_api.post(
        URL, {"articles": [{"text": "x" * 101}, {"text": TEXT_EN}]}, format="json"
    )

    assert response.status_code == 207
    too_large, accepted = response.json()["results"]
    assert (too_large["status"], too_large["code"]) == (413, "too_large")
    assert "100 bytes" in too_large["detail"]
    assert accepted["status"] == 202
    assert list(Article.objects.values_list("body", flat=True)) == [TEXT_EN]


@pytest.mark.parametrize(
    ("body", "message"),
    [
        ({}, "Send the articles as a list."),
        ({"articles": {"text": TEXT_EN}}, "Send the articles as a list."),
        ({"articles": []}, "Send at least one article."),
        ({"articles": [{"text": f"{TEXT_EN} {i}"} for i in range(4)]}, "At most 3 articles"),
    ],
)
def test_a_batch_that_is_not_a_short_list_is_refused_whole(checker_api, settings, body, message):
    settings.API_ARTICLE_BATCH_MAX = 3

    error = assert_error(checker_api.post(URL, body, format="json"), 400)

    assert message in error["errors"]["articles"][0]
    assert not Article.objects.exists()


def test_api_clients_cannot_submit_batches(api):
    assert_error(api.post(URL, {"articles": [{"text": TEXT_EN}]}, format="json"), 403)
    assert not Article.objects.exists()


def test_each_article_of_a_batch_counts_against_the_tokens_rate(checker_api):
    rates = {**api_settings.DEFAULT_THROTTLE_RATES, "client": "5/min"}
    three = {"articles": [{"text": f"{TEXT_EN} ({i})"} for i in range(3)]}
    three_more = {"articles": [{"text": f"{TEXT_AR} ({i})"} for i in range(3)]}
    with override_settings(REST_FRAMEWORK={**_rest_framework(), "DEFAULT_THROTTLE_RATES": rates}):
        assert checker_api.post(URL, three, format="json").status_code == 207
        # Five a minute: three more do not fit, one more does.
        body = assert_error(checker_api.post(URL, three_more, format="json"), 429, "throttled")
        assert "available in" in body["detail"]
        assert Article.objects.count() == 3
        single = checker_api.post("/api/v1/articles/", {"text": TEXT_AR}, format="json")
        assert single.status_code == 202
