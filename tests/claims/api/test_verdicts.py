"""Verdicts through the API: the workflow, optimistic locking with ETag/If-Match, no mass
assignment, and a list that stays fast."""

from __future__ import annotations

import pytest

from claims.api.selectors import VERDICT_ROW_FIELDS, verdict_row
from claims.api.serializers import VerdictOutputSerializer
from claims.models import Claim, Verdict
from tests.claims.api.helpers import client_for, get_counting_queries, published_verdict
from tests.claims.api.test_access import assert_error
from tests.factories import ClaimFactory, RatingFactory, UserFactory, VerdictFactory, editor

pytestmark = pytest.mark.django_db


@pytest.fixture
def ratings(db):
    return {
        "false": RatingFactory(slug="false", value=1, label_en="False", label_ar="خاطئ"),
        "true": RatingFactory(slug="true", value=5, label_en="True", label_ar="صحيح", order=1),
    }


def etag(verdict: Verdict) -> str:
    return f'"{verdict.pk}-{verdict.version}"'


def test_a_fact_checker_drafts_a_verdict(checker_api, checker, ratings):
    claim = ClaimFactory()

    response = checker_api.post(
        "/api/v1/verdicts/",
        {"claim": claim.pk, "rating": "false", "rationale": "السجل يقول غير ذلك."},
        format="json",
    )

    assert response.status_code == 201, response.content
    verdict = Verdict.objects.get()
    assert (verdict.author, verdict.state, verdict.rating.slug) == (checker, "draft", "false")
    assert response["ETag"] == etag(verdict)
    assert response.json()["rating_label"] == "خاطئ"
    claim.refresh_from_db()
    assert claim.status == Claim.Status.IN_REVIEW


def test_server_set_fields_in_a_new_verdict_are_ignored(checker_api, checker, ratings):
    claim = ClaimFactory()
    other = UserFactory()

    response = checker_api.post(
        "/api/v1/verdicts/",
        {
            "claim": claim.pk,
            "rating": "false",
            "rationale": "Wrong year.",
            "id": 777,
            "state": "published",
            "author": other.pk,
            "approved_by": other.pk,
            "version": 42,
            "published_at": "2020-01-01T00:00:00Z",
        },
        format="json",
    )

    assert response.status_code == 201
    verdict = Verdict.objects.get()
    assert verdict.pk != 777
    assert (verdict.state, verdict.author, verdict.approved_by, verdict.version) == (
        "draft",
        checker,
        None,
        1,
    )
    assert verdict.published_at is None


def test_a_verdict_on_a_claim_that_does_not_exist_is_a_400(checker_api, ratings):
    body = assert_error(
        checker_api.post(
            "/api/v1/verdicts/",
            {"claim": 123456, "rating": "false", "rationale": "x"},
            format="json",
        ),
        400,
    )
    assert body["detail"] == "There is no claim 123456."


@pytest.mark.parametrize("rating", ["nope", "\x00", 5, None])
def test_an_unknown_rating_is_a_400(checker_api, ratings, rating):
    claim = ClaimFactory()
    body = assert_error(
        checker_api.post(
            "/api/v1/verdicts/",
            {"claim": claim.pk, "rating": rating, "rationale": "x"},
            format="json",
        ),
        400,
    )
    assert "rating" in body["errors"]
    assert not Verdict.objects.exists()


def test_the_etag_comes_with_the_verdict(checker_api):
    verdict = VerdictFactory()
    response = checker_api.get(f"/api/v1/verdicts/{verdict.pk}/")
    assert response["ETag"] == etag(verdict)


def test_an_edit_with_the_current_etag_goes_through(checker_api, checker, ratings):
    verdict = VerdictFactory(author=checker, rating=ratings["false"])

    response = checker_api.patch(
        f"/api/v1/verdicts/{verdict.pk}/",
        {"rating": "true", "rationale": "The resolution is 2259 of 2015."},
        format="json",
        HTTP_IF_MATCH=etag(verdict),
    )

    assert response.status_code == 200, response.content
    verdict.refresh_from_db()
    assert (verdict.rating.slug, verdict.rationale, verdict.version) == (
        "true",
        "The resolution is 2259 of 2015.",
        2,
    )
    assert response["ETag"] == etag(verdict)
    assert response.json()["version"] == 2


def test_a_weak_etag_is_accepted(checker_api, checker, ratings):
    verdict = VerdictFactory(author=checker)
    response = checker_api.patch(
        f"/api/v1/verdicts/{verdict.pk}/",
        {"rationale": "Checked again."},
        format="json",
        HTTP_IF_MATCH=f"W/{etag(verdict)}",
    )
    assert response.status_code == 200


def test_an_edit_on_a_stale_version_is_412_and_changes_nothing(checker_api, checker, ratings):
    verdict = VerdictFactory(author=checker, rationale="First reading.")
    stale = etag(verdict)
    checker_api.patch(
        f"/api/v1/verdicts/{verdict.pk}/",
        {"rationale": "Second reading."},
        format="json",
        HTTP_IF_MATCH=stale,
    )

    response = checker_api.patch(
        f"/api/v1/verdicts/{verdict.pk}/",
        {"rationale": "Overwrite."},
        format="json",
        HTTP_IF_MATCH=stale,
    )

    body = assert_error(response, 412, "stale_version")
    assert "changed by someone else" in body["detail"]
    verdict.refresh_from_db()
    assert (verdict.rationale, verdict.version) == ("Second reading.", 2)


@pytest.mark.parametrize("header", ['"1-1"', "garbage", '"abc"'])
def test_an_etag_of_another_verdict_or_garbage_is_412(checker_api, checker, header):
    VerdictFactory()  # so an id 1 exists that is not this verdict
    verdict = VerdictFactory(author=checker)
    response = checker_api.patch(
        f"/api/v1/verdicts/{verdict.pk}/",
        {"rationale": "x"},
        format="json",
        HTTP_IF_MATCH=header,
    )
    assert_error(response, 412)


def test_an_edit_without_if_match_is_428(checker_api, checker):
    verdict = VerdictFactory(author=checker)
    response = checker_api.patch(
        f"/api/v1/verdicts/{verdict.pk}/", {"rationale": "x"}, format="json"
    )
    body = assert_error(response, 428, "if_match_required")
    assert "If-Match" in body["detail"]


def test_server_set_fields_in_an_edit_are_ignored(checker_api, checker, ratings):
    verdict = VerdictFactory(author=checker, rating=ratings["false"])
    other = UserFactory()

    checker_api.patch(
        f"/api/v1/verdicts/{verdict.pk}/",
        {
            "rationale": "Edited.",
            "state": "published",
            "author": other.pk,
            "approved_by": other.pk,
            "version": 99,
            "claim": ClaimFactory().pk,
            "published_at": "2020-01-01T00:00:00Z",
        },
        format="json",
        HTTP_IF_MATCH=etag(verdict),
    )

    verdict.refresh_from_db()
    assert verdict.rationale == "Edited."
    assert (verdict.state, verdict.author, verdict.approved_by, verdict.version) == (
        "draft",
        checker,
        None,
        2,
    )
    assert verdict.published_at is None


def test_put_is_not_offered(checker_api, checker):
    verdict = VerdictFactory(author=checker)
    response = checker_api.put(f"/api/v1/verdicts/{verdict.pk}/", {"rationale": "x"}, format="json")
    assert_error(response, 405)


def test_the_whole_workflow_through_the_api(roles, checker_api, checker, ratings):
    chief = editor()
    chief_api = client_for(chief)
    claim = ClaimFactory()
    verdict_id = checker_api.post(
        "/api/v1/verdicts/",
        {"claim": claim.pk, "rating": "false", "rationale": "Resolution 2259 dates from 2015."},
        format="json",
    ).json()["id"]
    url = f"/api/v1/verdicts/{verdict_id}/"

    tag = checker_api.get(url)["ETag"]
    submitted = checker_api.post(f"{url}submit/", HTTP_IF_MATCH=tag)
    assert submitted.status_code == 200, submitted.content
    # The author cannot approve their own verdict, even as an editor's API call would.
    assert_error(checker_api.post(f"{url}approve/", HTTP_IF_MATCH=submitted["ETag"]), 403)
    approved = chief_api.post(f"{url}approve/", HTTP_IF_MATCH=submitted["ETag"])
    assert approved.status_code == 200, approved.content
    published = chief_api.post(f"{url}publish/", HTTP_IF_MATCH=approved["ETag"])
    assert published.status_code == 200, published.content

    verdict = Verdict.objects.get(pk=verdict_id)
    assert (verdict.state, verdict.approved_by) == ("published", chief)
    assert published.json()["state"] == "published"
    # A published verdict is locked: an edit is refused with the workflow's reason.
    body = assert_error(
        checker_api.patch(url, {"rationale": "x"}, format="json", HTTP_IF_MATCH=published["ETag"]),
        400,
    )
    assert "locked" in body["detail"]
    # A transition on an old ETag is a 412.
    assert_error(chief_api.post(f"{url}reopen/", HTTP_IF_MATCH=approved["ETag"]), 412)
    reopened = chief_api.post(f"{url}reopen/", HTTP_IF_MATCH=published["ETag"])
    assert reopened.json()["state"] == "draft"


def test_filters_narrow_the_list(checker_api, ratings):
    old = published_verdict(rating=ratings["false"], language="ar")
    new = published_verdict(rating=ratings["true"], language="en")
    Verdict.objects.filter(pk=old.pk).update(updated_at="2025-01-01T00:00:00Z")

    def ids(**params):
        return [v["id"] for v in checker_api.get("/api/v1/verdicts/", params).json()["results"]]

    assert ids(rating="true") == [new.pk]
    assert ids(language="ar") == [old.pk]
    assert ids(claim=old.claim_id) == [old.pk]
    assert ids(updated_since="2025-06-01T00:00:00Z") == [new.pk]
    assert ids(state="draft") == []
    assert_error(checker_api.get("/api/v1/verdicts/", {"updated_since": "yesterday"}), 400)
    assert_error(checker_api.get("/api/v1/verdicts/", {"claim": "1.5"}), 400)
    assert_error(checker_api.get("/api/v1/verdicts/", {"claim": str(10**30)}), 400)


def test_pages_follow_the_cursor(api, ratings):
    made = [published_verdict(rating=ratings["false"]).pk for _ in range(5)]

    first = api.get("/api/v1/verdicts/", {"page_size": 2}).json()
    second = api.get(first["next"]).json()
    third = api.get(second["next"]).json()

    seen = [v["id"] for page in (first, second, third) for v in page["results"]]
    assert sorted(seen) == sorted(made)
    assert third["next"] is None
    assert_error(api.get("/api/v1/verdicts/", {"cursor": "not-a-cursor"}), 404)


def test_the_fast_list_says_exactly_what_the_serializer_says(api, ratings):
    verdict = published_verdict(rating=ratings["true"], language="en")
    verdict.claim.article.url = "https://paper.test/x"
    verdict.claim.article.save()

    listed = api.get("/api/v1/verdicts/").json()["results"][0]
    detail = api.get(f"/api/v1/verdicts/{verdict.pk}/").json()

    assert listed == detail
    row = Verdict.objects.values(*VERDICT_ROW_FIELDS).get(pk=verdict.pk)
    assert set(verdict_row(row)) == set(VerdictOutputSerializer.Meta.fields)


def test_the_verdict_list_runs_a_fixed_number_of_queries(api, ratings, django_assert_num_queries):
    for _ in range(3):
        published_verdict(rating=ratings["false"])
    url = "/api/v1/verdicts/"
    # one page of rows joined to claim, article and rating
    small = get_counting_queries(django_assert_num_queries, api, url, 1, page_size=50)
    for _ in range(60):
        published_verdict(rating=ratings["true"])
    full = get_counting_queries(django_assert_num_queries, api, url, 1, page_size=50)
    assert len(small.json()["results"]) == 3
    assert len(full.json()["results"]) == 50
