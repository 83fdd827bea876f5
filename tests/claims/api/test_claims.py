"""The claims list: filters, search, and a fixed number of queries per page."""

from __future__ import annotations

import pytest

from claims.models import Attribution, ClaimValue, Verdict
from tests.claims.api.helpers import get_counting_queries, published_verdict
from tests.claims.api.test_access import assert_error
from tests.factories import ArticleFactory, ClaimFactory, RatingFactory

pytestmark = pytest.mark.django_db


def ids(api, **params):
    response = api.get("/api/v1/claims/", params)
    assert response.status_code == 200, response.content
    return [c["id"] for c in response.json()["results"]]


@pytest.fixture
def corpus(db):
    english = ArticleFactory(
        language="en", body="The council adopted resolution 2259 in 2015.\n\nMore text."
    )
    arabic = ArticleFactory()
    resolution = published_verdict(
        claim=ClaimFactory(article=english),
        rating=RatingFactory(slug="true", value=5, label_en="True", label_ar="صحيح"),
    )
    ClaimValue.objects.create(
        claim=resolution.claim,
        type="un_resolution",
        start=31,
        end=35,
        text="2259",
        value={"number": 2259, "year": 2015},
    )
    dated = published_verdict(claim=ClaimFactory(article=arabic), rating=RatingFactory())
    for start, end in ((24, 46), (47, 51)):
        ClaimValue.objects.create(
            claim=dated.claim, type="date", start=start, end=end, text=arabic.body[start:end]
        )
    Attribution.objects.create(claim=dated.claim, speaker="الحكومة", start=6, end=13)
    return {"resolution": resolution.claim, "dated": dated.claim}


def test_filters(api, corpus):
    resolution, dated = corpus["resolution"].pk, corpus["dated"].pk

    assert ids(api, article=corpus["resolution"].article_id) == [resolution]
    assert ids(api, value_type="un_resolution") == [resolution]
    # Two dates in one claim: still listed once.
    assert ids(api, value_type="date") == [dated]
    assert ids(api, rating="true") == [resolution]
    assert ids(api, language="ar") == [dated]
    assert ids(api, status="published", language="en") == [resolution]
    assert sorted(ids(api, updated_since="2000-01-01T00:00:00Z")) == sorted([resolution, dated])
    assert ids(api, updated_since="2999-01-01T00:00:00Z") == []
    # An offset PostgreSQL cannot store is compared in UTC.
    assert len(ids(api, updated_since="2000-01-01T00:00:00-23:07")) == 2


def test_search_finds_words_in_arabic_and_english(api, corpus):
    assert ids(api, search="resolution 2259") == [corpus["resolution"].pk]
    assert ids(api, search="الحكومة") == [corpus["dated"].pk]
    assert ids(api, search="nothing-like-this") == []


def test_search_ignores_case_hamza_ta_marbuta_and_diacritics_like_the_review_queue(api, corpus):
    # The claim says «الحكومة» and «The council»: every spelling of them finds it.
    assert ids(api, search="الحكومه") == [corpus["dated"].pk]
    assert ids(api, search="الْحُكُومَة") == [corpus["dated"].pk]
    assert ids(api, search="THE COUNCIL") == [corpus["resolution"].pk]


@pytest.mark.parametrize(
    "params",
    [
        {"value_type": "colour"},
        {"status": "bogus"},
        {"language": "fr"},
        {"updated_since": "not a date"},
        {"article": "abc"},
        {"search": "a\x00b"},
        {"updated_since": "0001-01-01T00:00:00+23:00"},
    ],
)
def test_bad_filters_are_400(api, corpus, params):
    assert_error(api.get("/api/v1/claims/", params), 400)


def test_api_clients_do_not_see_draft_ratings(api, corpus):
    Verdict.objects.filter(claim=corpus["resolution"]).update(state="draft")
    assert ids(api, rating="true") == []


def test_a_claim_carries_values_attribution_and_its_published_verdict(api, corpus):
    body = api.get(f"/api/v1/claims/{corpus['dated'].pk}/").json()

    assert [v["type"] for v in body["values"]] == ["date", "date"]
    assert body["attribution"] == {
        "speaker": "الحكومة",
        "verb": "",
        "vague": False,
        "start": 6,
        "end": 13,
    }
    assert body["verdict"]["rating"] == "false"
    assert body["verdict"]["rating_label"] == "خاطئ"


def test_the_claim_list_runs_a_fixed_number_of_queries(api, corpus, django_assert_num_queries):
    # claims with their attributions, their values, their visible verdicts with ratings
    small = get_counting_queries(django_assert_num_queries, api, "/api/v1/claims/", 3)
    rating = RatingFactory()
    for _ in range(20):
        verdict = published_verdict(rating=rating)
        ClaimValue.objects.create(claim=verdict.claim, type="year", start=0, end=4, text="2020")
    big = get_counting_queries(django_assert_num_queries, api, "/api/v1/claims/", 3)
    assert (len(small.json()["results"]), len(big.json()["results"])) == (2, 22)
