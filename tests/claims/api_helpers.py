"""Shared set-up for the API tests: users in each role, tokens, published verdicts."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest
from django.contrib.auth.models import Group
from django.core.cache import cache
from rest_framework.test import APIClient

from claims.api.services import api_client_create
from claims.models import Claim, Verdict
from claims.roles import API_CLIENT
from tests.factories import (
    ArticleFactory,
    ClaimFactory,
    RatingFactory,
    UserFactory,
    VerdictFactory,
    editor,
    fact_checker,
)


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


@pytest.fixture(autouse=True)
def _fresh_throttle():
    # Throttle counters live in the cache; each test starts with none.
    cache.clear()
    yield
    cache.clear()


@pytest.fixture
def api_user(roles):
    return api_client_user()


@pytest.fixture
def api(api_user):
    return client_for(api_user)


@pytest.fixture
def checker(roles):
    return fact_checker()


@pytest.fixture
def checker_api(checker):
    return client_for(checker)


@pytest.fixture
def the_editor(roles):
    return editor()


@pytest.fixture
def editor_api(the_editor):
    return client_for(the_editor)


__all__ = [
    "ArticleFactory",
    "ClaimFactory",
    "RatingFactory",
    "UserFactory",
    "VerdictFactory",
    "api_client_user",
    "client_for",
    "published_verdict",
]
