"""The sources API: status codes and bodies an API client sees."""

import pytest
from rest_framework.test import APIClient

from claims.models import ClaimValue
from sources.models import Evidence, Publisher, Snapshot, Source
from tests.factories import ClaimFactory, EvidenceFactory, SourceFactory, UserFactory, fact_checker

pytestmark = pytest.mark.django_db


@pytest.fixture
def api(roles):
    client = APIClient()
    client.user = fact_checker()
    client.force_authenticate(client.user)
    return client


def test_post_a_url_queues_the_fetch_and_the_source_gets_its_snapshot(
    api, open_site, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        response = api.post(
            "/api/v1/archive/sources/", {"url": open_site.url("/ar")}, format="json"
        )
    assert response.status_code == 202
    assert response.json()["fetch_status"] == "queued"
    detail = api.get(f"/api/v1/archive/sources/{response.json()['id']}/").json()
    assert detail["fetch_status"] == "ok"
    assert detail["title"] == "وزير الخارجية: المفاوضات تستأنف في جنيف"
    assert len(detail["snapshots"]) == 1
    assert len(detail["snapshots"][0]["sha256"]) == 64

    again = api.post("/api/v1/archive/sources/", {"url": open_site.url("/ar")}, format="json")
    assert again.status_code == 200
    assert again.json()["id"] == detail["id"]


@pytest.mark.parametrize(
    ("body", "message"),
    [
        ({"url": "gopher://old.example/"}, "Only http"),
        ({"url": "http://a:b@news.example/"}, "user name or password"),
    ],
)
def test_bad_urls_get_400_with_the_reason(api, body, message):
    response = api.post("/api/v1/archive/sources/", body, format="json")
    assert response.status_code == 400
    assert message in response.json()["detail"]
    assert not Source.objects.exists()


def test_no_mass_assignment_of_reliability_or_status(api, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=False):
        response = api.post(
            "/api/v1/archive/sources/",
            {
                "url": "https://news.example/story",
                "reliability": 4,
                "fetch_status": "ok",
                "created_by": 999,
            },
            format="json",
        )
    assert response.status_code == 202
    source = Source.objects.get()
    assert source.reliability == 0
    assert source.fetch_status == "queued"
    assert source.created_by == api.user


def test_anonymous_and_roleless_users_are_refused():
    assert APIClient().get("/api/v1/archive/sources/").status_code in (401, 403)
    client = APIClient()
    client.force_authenticate(UserFactory(is_staff=False))
    assert client.get("/api/v1/archive/sources/").status_code == 403
    response = client.post("/api/v1/archive/sources/", {"url": "https://x.example/"}, format="json")
    assert response.status_code == 403
    assert not Source.objects.exists()


def test_source_list_query_count_is_pinned(api, django_assert_num_queries):
    for i in range(10):
        SourceFactory(publisher_org=Publisher.objects.create(name=f"P{i}", domain=f"{i}.example"))
    api.get("/api/v1/archive/sources/")  # loads and caches the user's permissions
    # 1: the count for pagination; 2: the page, publishers joined.
    with django_assert_num_queries(2):
        response = api.get("/api/v1/archive/sources/")
    assert response.json()["count"] == 10
    assert response.json()["results"][0]["publisher_reliability"] == "unknown"


def test_evidence_via_api_is_located_or_reported_unverified(api):
    source = SourceFactory()
    Snapshot.objects.create(
        source=source, sha256="e" * 64, text="أكد المتحدث أن الحدود ستفتح يوم الأحد المقبل."
    )
    claim = ClaimFactory()
    found = api.post(
        "/api/v1/archive/evidence/",
        {"claim": claim.pk, "source": source.pk, "excerpt": "الحدود ستُفتح", "stance": "supports"},
        format="json",
    )
    assert found.status_code == 201
    assert found.json()["verified"] is True
    assert found.json()["excerpt_status"] == "found"
    missing = api.post(
        "/api/v1/archive/evidence/",
        {"claim": claim.pk, "source": source.pk, "excerpt": "الحدود أغلقت"},
        format="json",
    )
    assert missing.json()["excerpt_status"] == "unverified"

    listed = api.get(f"/api/v1/archive/evidence/?claim={claim.pk}").json()
    assert sorted(e["excerpt_status"] for e in listed["results"]) == ["found", "unverified"]


def test_evidence_list_query_count_is_pinned(api, django_assert_num_queries):
    claim = ClaimFactory()
    for _ in range(7):
        EvidenceFactory(claim=claim)
    api.get(f"/api/v1/archive/evidence/?claim={claim.pk}")  # caches the user's permissions
    # 1: the claim; 2: the count; 3: the page with sources and publishers joined.
    with django_assert_num_queries(3):
        response = api.get(f"/api/v1/archive/evidence/?claim={claim.pk}")
    assert response.json()["count"] == 7


def test_evidence_with_a_bad_stance_is_a_400(api):
    response = api.post(
        "/api/v1/archive/evidence/",
        {"claim": ClaimFactory().pk, "source": SourceFactory().pk, "stance": "perhaps"},
        format="json",
    )
    assert response.status_code == 400
    assert "stance" in response.json()["errors"]
    assert not Evidence.objects.exists()


def test_reference_resolution_suggested_and_attached(api, seeded):
    claim = ClaimFactory()
    ClaimValue.objects.create(
        claim=claim, type="un_resolution", start=0, end=4, text="2259", value={"number": 2259}
    )
    url = f"/api/v1/archive/claims/{claim.pk}/references/"
    suggestions = api.get(url).json()
    assert suggestions[0]["label"] == "S/RES/2259 (2015)"
    assert suggestions[0]["attached"] is False

    attached = api.post(url, {"resolution": 2259}, format="json")
    assert attached.status_code == 201
    assert attached.json()["origin"] == "reference"
    assert attached.json()["excerpt_status"] == "reference"
    assert attached.json()["source"]["kind"] == "un_document"
    assert attached.json()["source"]["reliability"] == "authoritative"
    assert api.post(url, {"resolution": 2259}, format="json").status_code == 200
    assert api.get(url).json()[0]["attached"] is True


def test_unknown_resolution_is_a_clear_400(api, seeded):
    response = api.post(
        f"/api/v1/archive/claims/{ClaimFactory().pk}/references/",
        {"resolution": 99999},
        format="json",
    )
    assert response.status_code == 400
    assert response.json()["detail"] == "Resolution 99999 is not in the registry."


def test_evidence_without_permission_is_403_and_nothing_is_written():
    client = APIClient()
    client.force_authenticate(UserFactory(is_staff=False))
    response = client.post(
        "/api/v1/archive/evidence/",
        {"claim": ClaimFactory().pk, "source": SourceFactory().pk, "excerpt": "نص"},
        format="json",
    )
    assert response.status_code == 403
    assert response.json() == {
        "status": 403,
        "code": "permission_denied",
        "detail": "You may not add evidence.",
    }
    assert not Evidence.objects.exists()


def test_unknown_claim_or_source_is_404(api):
    response = api.post(
        "/api/v1/archive/evidence/", {"claim": 999999, "source": 999999}, format="json"
    )
    assert response.status_code == 404


def test_every_archive_error_has_the_api_error_format(api, seeded):
    """The archive answers errors in the same shape as the rest of /api/v1/."""
    claim = ClaimFactory()
    invalid = api.post(
        "/api/v1/archive/evidence/",
        {"claim": claim.pk, "source": SourceFactory().pk, "stance": "perhaps"},
        format="json",
    )
    assert invalid.status_code == 400
    assert invalid.json() == {
        "status": 400,
        "code": "invalid_choice",
        "detail": "Some fields are not valid.",
        "errors": {"stance": ['"perhaps" is not a valid choice.']},
    }

    refused = api.post(
        f"/api/v1/archive/claims/{claim.pk}/references/", {"resolution": 99999}, format="json"
    )
    assert refused.status_code == 400
    assert refused.json()["status"] == 400
    assert refused.json()["code"] == "invalid"
    assert refused.json()["detail"] == "Resolution 99999 is not in the registry."

    no_claim = api.get("/api/v1/archive/evidence/")
    assert no_claim.status_code == 400
    assert no_claim.json() == {
        "status": 400,
        "code": "required",
        "detail": "Some fields are not valid.",
        "errors": {"claim": ["Give the claim: ?claim=<id>."]},
    }

    missing = api.get("/api/v1/archive/sources/999999/")
    assert missing.status_code == 404
    assert missing.json() == {"status": 404, "code": "not_found", "detail": "Not found."}

    anonymous = APIClient().get("/api/v1/archive/sources/")
    assert anonymous.status_code in (401, 403)
    assert anonymous.json()["status"] == anonymous.status_code
    assert anonymous.json()["code"] == "not_authenticated"
    assert not Evidence.objects.exists()
