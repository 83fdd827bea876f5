"""schema.org ClaimReview JSON-LD for published verdicts, one by one and as a feed."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest
from django.test import override_settings

from claims.models import Attribution, Verdict
from sources.models import Entity
from tests.claims.api.helpers import get_counting_queries, published_verdict
from tests.claims.api.test_access import assert_error
from tests.factories import ArticleFactory, ClaimFactory, RatingFactory, VerdictFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def scale(db):
    return {
        "true": RatingFactory(slug="true", value=5, label_en="True", label_ar="صحيح", order=1),
        "misleading": RatingFactory(
            slug="misleading", value=3, label_en="Misleading", label_ar="مضلل", order=3
        ),
        "false": RatingFactory(slug="false", value=1, label_en="False", label_ar="خاطئ", order=5),
    }


@pytest.fixture
def review(scale):
    article = ArticleFactory(
        url="https://paper.test/libya/1",
        outlet="صحيفة الاختبار",
        published_at=datetime(2020, 1, 6, 8, 30, tzinfo=UTC),
    )
    claim = ClaimFactory(article=article)
    Attribution.objects.create(
        claim=claim,
        speaker="وزارة الإسكان",
        entity=Entity.objects.create(
            slug="housing-ministry", kind="organisation", name_en="Ministry", name_ar="وزارة"
        ),
        start=6,
        end=13,
    )
    return published_verdict(claim=claim, rating=scale["misleading"], language="ar")


@override_settings(
    FACTCHECK_ORGANIZATION={"name": "مرصد التحقق", "url": "https://factcheck.test"},
    CLAIMREVIEW_URL_TEMPLATE="https://factcheck.test/reviews/{id}",
)
def test_a_published_verdict_is_a_valid_claimreview(api, review):
    response = api.get(f"/api/v1/claims/{review.claim_id}/claimreview")

    assert response.status_code == 200
    assert response["Content-Type"] == "application/ld+json"
    data = response.json()
    assert data["@context"] == "https://schema.org"
    assert data["@type"] == "ClaimReview"
    assert data["url"] == f"https://factcheck.test/reviews/{review.claim_id}"
    assert data["claimReviewed"] == review.claim.text
    # The review's date is when the verdict was published ...
    assert data["datePublished"] == "2026-01-10"
    assert data["author"] == {
        "@type": "Organization",
        "name": "مرصد التحقق",
        "url": "https://factcheck.test",
    }
    assert data["reviewRating"] == {
        "@type": "Rating",
        "ratingValue": 3,
        "bestRating": 5,
        "worstRating": 1,
        "alternateName": "مضلل",
    }
    # ... the claim's date is when the article made it.
    assert data["itemReviewed"] == {
        "@type": "Claim",
        "author": {"@type": "Organization", "name": "وزارة الإسكان"},
        "datePublished": "2020-01-06",
        "appearance": [{"@type": "CreativeWork", "url": "https://paper.test/libya/1"}],
        "firstAppearance": {"@type": "CreativeWork", "url": "https://paper.test/libya/1"},
    }


def test_the_rating_name_follows_the_verdicts_language(api, scale):
    verdict = published_verdict(rating=scale["false"], language="en")
    data = api.get(f"/api/v1/claims/{verdict.claim_id}/claimreview").json()
    assert data["reviewRating"]["alternateName"] == "False"
    assert data["inLanguage"] == "en"


def test_an_unnamed_source_is_not_the_claims_author(api, review):
    Attribution.objects.filter(claim=review.claim).update(speaker="بعض الدبلوماسيين", vague=True)
    data = api.get(f"/api/v1/claims/{review.claim_id}/claimreview").json()
    assert data["itemReviewed"]["author"] == {"@type": "Organization", "name": "صحيفة الاختبار"}


def test_json_is_served_on_request(api, review):
    response = api.get(
        f"/api/v1/claims/{review.claim_id}/claimreview", HTTP_ACCEPT="application/json"
    )
    assert response["Content-Type"] == "application/json"
    assert response.json()["@type"] == "ClaimReview"


def test_a_claim_without_a_published_verdict_has_no_claimreview(checker_api, scale):
    draft = VerdictFactory(rating=scale["false"])
    body = assert_error(checker_api.get(f"/api/v1/claims/{draft.claim_id}/claimreview"), 404)
    assert body["detail"] == "This claim has no published verdict."


def test_the_feed_lists_published_reviews_changed_since(api, scale, review):
    older = published_verdict(rating=scale["true"])
    Verdict.objects.filter(pk=older.pk).update(updated_at=datetime(2025, 1, 1, tzinfo=UTC))
    VerdictFactory(rating=scale["false"])  # a draft: never in the feed

    everything = api.get("/api/v1/claimreviews").json()["results"]
    recent = api.get("/api/v1/claimreviews", {"updated_since": "2025-06-01T00:00:00Z"}).json()

    assert [r["claimReviewed"] for r in everything] == [review.claim.text, older.claim.text]
    assert [r["url"].rsplit("/", 2)[-2] for r in recent["results"]] == [str(review.claim_id)]
    assert api.get("/api/v1/claimreviews/").status_code == 200
    assert_error(api.get("/api/v1/claimreviews", {"updated_since": "last week"}), 400)


def test_the_feed_runs_a_fixed_number_of_queries(api, scale, django_assert_num_queries):
    for _ in range(3):
        published_verdict(rating=scale["true"])
    # the page joined to claim, article, attribution and entity; the rating scale's bounds
    get_counting_queries(django_assert_num_queries, api, "/api/v1/claimreviews", 2)
    for _ in range(20):
        published_verdict(rating=scale["false"])
    page = get_counting_queries(django_assert_num_queries, api, "/api/v1/claimreviews", 2)
    assert len(page.json()["results"]) == 23
