"""Who gets in, what each role sees, and the one error format."""

from __future__ import annotations

import pytest
from django.contrib.auth.models import Group
from django.test import override_settings
from django.urls import reverse
from rest_framework.settings import api_settings
from rest_framework.test import APIClient

from claims.api.services import api_client_create, api_client_revoke
from claims.models import ApiClient
from claims.roles import API_CLIENT
from tests.claims.api.helpers import api_client_user, client_for, published_verdict
from tests.factories import EvidenceFactory, FlagFactory, UserFactory, VerdictFactory

pytestmark = pytest.mark.django_db

ERROR_KEYS = {"status", "code", "detail"}


def assert_error(response, status: int, code: str | None = None):
    assert response.status_code == status, response.content
    assert response["Content-Type"].startswith("application/")
    body = response.json()
    assert set(body) >= ERROR_KEYS, body
    assert body["status"] == status
    if code:
        assert body["code"] == code
    assert "Traceback" not in response.content.decode()
    return body


def test_it_refuses_requests_without_credentials(db):
    response = APIClient().get("/api/v1/verdicts/")
    body = assert_error(response, 401, "not_authenticated")
    assert response["WWW-Authenticate"] == "Token"
    assert "credentials" in body["detail"]


def test_it_refuses_an_unknown_token(db):
    api = APIClient()
    api.credentials(HTTP_AUTHORIZATION="Token not-a-real-token")
    assert_error(api.get("/api/v1/verdicts/"), 401, "authentication_failed")


def test_a_revoked_token_stops_working_at_once(roles):
    user = api_client_user()
    client, token = api_client_create(name="Partner platform", user=user)
    api = APIClient()
    api.credentials(HTTP_AUTHORIZATION=f"Token {token}")
    assert api.get("/api/v1/verdicts/").status_code == 200

    api_client_revoke(client=client)

    body = assert_error(api.get("/api/v1/verdicts/"), 401, "authentication_failed")
    assert body["detail"] == "This token has been revoked."
    # The user's other token is unaffected.
    other = client_for(user)
    assert other.get("/api/v1/verdicts/").status_code == 200


def test_the_token_is_stored_only_as_a_hash(roles):
    _, token = api_client_create(name="Researcher", user=api_client_user())
    row = ApiClient.objects.get()
    assert token not in (row.token_hash, row.token_prefix)
    assert token.startswith(row.token_prefix)


def test_bearer_works_like_token(roles):
    _, token = api_client_create(name="CMS", user=api_client_user())
    api = APIClient()
    api.credentials(HTTP_AUTHORIZATION=f"Bearer {token}")
    assert api.get("/api/v1/ratings/").status_code == 200


def test_a_session_works_too(checker):
    api = APIClient()
    api.force_login(checker)
    assert api.get("/api/v1/articles/").status_code == 200


def test_a_user_without_a_role_is_refused(roles):
    api = client_for(UserFactory(is_staff=False))
    assert_error(api.get("/api/v1/verdicts/"), 403, "permission_denied")


def test_api_clients_see_only_published_verdicts(api):
    published = published_verdict()
    draft = VerdictFactory()

    response = api.get("/api/v1/verdicts/")

    assert response.status_code == 200
    assert [v["id"] for v in response.json()["results"]] == [published.pk]
    assert_error(api.get(f"/api/v1/verdicts/{draft.pk}/"), 404, "not_found")
    assert api.get(f"/api/v1/verdicts/{published.pk}/").status_code == 200


def test_api_clients_see_only_claims_with_a_published_verdict(api):
    published = published_verdict()
    draft = VerdictFactory()

    response = api.get("/api/v1/claims/")

    assert [c["id"] for c in response.json()["results"]] == [published.claim_id]
    assert_error(api.get(f"/api/v1/claims/{draft.claim_id}/"), 404)


def test_fact_checkers_see_drafts_and_everything_under_review(checker_api):
    published = published_verdict()
    draft = VerdictFactory()

    ids = {v["id"] for v in checker_api.get("/api/v1/verdicts/").json()["results"]}
    claim = checker_api.get(f"/api/v1/claims/{draft.claim_id}/").json()

    assert ids == {published.pk, draft.pk}
    assert claim["verdict"]["state"] == "draft"


@pytest.mark.parametrize("path", ["articles", "flags", "sources", "evidence"])
def test_api_clients_cannot_reach_the_review_endpoints(api, path):
    FlagFactory()
    EvidenceFactory()
    body = assert_error(api.get(f"/api/v1/{path}/"), 403, "permission_denied")
    assert "fact-checkers and editors" in body["detail"]


def test_api_clients_cannot_write(api):
    verdict = published_verdict()
    response = api.patch(
        f"/api/v1/verdicts/{verdict.pk}/",
        {"rationale": "changed"},
        format="json",
        HTTP_IF_MATCH=f'"{verdict.pk}-{verdict.version}"',
    )
    assert_error(response, 403, "permission_denied")
    verdict.refresh_from_db()
    assert verdict.rationale == "The registry says otherwise."


def test_reviewers_see_flags_sources_and_evidence(checker_api):
    flag = FlagFactory()
    evidence = EvidenceFactory()

    flags = checker_api.get("/api/v1/flags/", {"article": flag.article_id}).json()["results"]
    sources = checker_api.get("/api/v1/sources/").json()["results"]
    found = checker_api.get("/api/v1/evidence/", {"claim": evidence.claim_id}).json()["results"]

    assert [(f["code"], f["suggestion"]) for f in flags] == [("spelling.nonword", "أعلنت")]
    assert [s["url"] for s in sources] == [evidence.source.url]
    assert [(e["stance"], e["source"]["title"]) for e in found] == [
        ("supports", evidence.source.title)
    ]


def test_unknown_api_urls_answer_json_404(api):
    assert_error(api.get("/api/v1/no-such-thing/"), 404, "not_found")
    assert_error(api.get("/api/nothing-here"), 404, "not_found")


def test_drf_tokens_work_too_and_stop_when_deleted(roles):
    from rest_framework.authtoken.models import Token

    token = Token.objects.create(user=api_client_user())
    api = APIClient()
    api.credentials(HTTP_AUTHORIZATION=f"Token {token.key}")
    assert api.get("/api/v1/ratings/").status_code == 200
    token.delete()
    assert_error(api.get("/api/v1/ratings/"), 401, "authentication_failed")


def test_unsupported_methods_answer_405_in_the_same_format(checker_api):
    assert_error(checker_api.delete("/api/v1/ratings/"), 405, "method_not_allowed")


def test_an_unacceptable_accept_header_is_406(api):
    assert_error(api.get("/api/v1/ratings/", HTTP_ACCEPT="text/html"), 406, "not_acceptable")


def test_throttling_is_per_token(roles):
    user = api_client_user()
    first, second = client_for(user), client_for(user)
    rates = {**api_settings.DEFAULT_THROTTLE_RATES, "client": "3/min"}
    with override_settings(REST_FRAMEWORK={**_rest_framework(), "DEFAULT_THROTTLE_RATES": rates}):
        for _ in range(3):
            assert first.get("/api/v1/ratings/").status_code == 200
        body = assert_error(first.get("/api/v1/ratings/"), 429, "throttled")
        assert "available in" in body["detail"]
        # Another token of the same user has its own allowance.
        assert second.get("/api/v1/ratings/").status_code == 200


def _rest_framework():
    from django.conf import settings

    return settings.REST_FRAMEWORK


def test_admins_issue_a_token_once_and_revoke_it(roles):
    admin = UserFactory(is_superuser=True, username="chief")
    user = api_client_user(username="partner")
    browser = APIClient()
    browser.force_login(admin)

    response = browser.post(
        reverse("admin:claims_apiclient_add"), {"name": "Partner CMS", "user": user.pk}, follow=True
    )

    assert response.status_code == 200
    client = ApiClient.objects.get(name="Partner CMS")
    shown = [str(m) for m in response.context["messages"]]
    token = next(m for m in shown if "copy it now" in m).split(" is ")[1].split(" ")[0]
    api = APIClient()
    api.credentials(HTTP_AUTHORIZATION=f"Token {token}")
    assert api.get("/api/v1/ratings/").status_code == 200
    # The change page never shows the token again.
    page = browser.get(reverse("admin:claims_apiclient_change", args=[client.pk]))
    assert token not in page.content.decode()

    browser.post(
        reverse("admin:claims_apiclient_changelist"),
        {"action": "revoke", "_selected_action": [client.pk]},
    )

    client.refresh_from_db()
    assert client.revoked_at is not None
    assert api.get("/api/v1/ratings/").status_code == 401


def test_the_api_client_changelist_runs_a_fixed_number_of_queries(roles, django_assert_num_queries):
    admin = UserFactory(is_superuser=True, username="chief")
    for n in range(5):
        api_client_create(name=f"client {n}", user=api_client_user())
    browser = APIClient()
    browser.force_login(admin)
    url = reverse("admin:claims_apiclient_changelist")
    browser.get(url)  # warm the content-type cache
    # session, user, count, filtered count, page rows with their users (select_related)
    with django_assert_num_queries(5):
        assert browser.get(url).status_code == 200


def test_api_client_role_group_exists(roles):
    assert Group.objects.filter(name=API_CLIENT).exists()
