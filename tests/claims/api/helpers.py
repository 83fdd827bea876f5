"""Helpers for the API tests: users in each role, tokens, published verdicts."""

from __future__ import annotations

from datetime import UTC, datetime

from django.contrib.auth.models import Group
from rest_framework.test import APIClient

from claims.api.services import api_client_create
from claims.models import Claim, Verdict
from claims.roles import API_CLIENT
from tests.factories import UserFactory, VerdictFactory, editor


def client_for(user) -> APIClient:
    _, token = api_client_create(name=f"{user.username} CMS", user=user)
    api = APIClient()
    api.credentials(HTTP_AUTHORIZATION=f"Token {token}")
    return api


def api_client_user(**kwargs):
    user = UserFactory(is_staff=False, **kwargs)
    user.groups.add(Group.objects.get(name=API_CLIENT))
    return user


def published_verdict(**kwargs) -> Verdict:
    """A verdict as the workflow leaves it after an editor publishes it."""
    approver = kwargs.pop("approved_by", None) or editor()
    verdict = VerdictFactory(
        state=Verdict.State.PUBLISHED,
        approved_by=approver,
        approved_at=datetime(2026, 1, 10, 9, 0, tzinfo=UTC),
        published_at=datetime(2026, 1, 10, 10, 0, tzinfo=UTC),
        **kwargs,
    )
    Claim.objects.filter(pk=verdict.claim_id).update(status=Claim.Status.PUBLISHED)
    return verdict


def get_counting_queries(assert_num_queries, api, url: str, page_queries: int, **params):
    """GET `url` twice and pin its queries: with the token not yet remembered by this worker
    (one more query: the token with its user and roles), then remembered (the page only)."""
    from claims.api.authentication import forget_all_tokens

    forget_all_tokens()
    with assert_num_queries(page_queries + 1):
        cold = api.get(url, params)
    with assert_num_queries(page_queries):
        warm = api.get(url, params)
    assert cold.status_code == warm.status_code == 200, warm.content
    assert cold.content == warm.content
    return warm
