"""Submitting an article by its URL through the API: the fetcher, its guard, clear errors."""

import pytest
from django.core.cache import cache

from claims.models import Article
from tests.claims.api.helpers import client_for
from tests.factories import fact_checker

pytestmark = pytest.mark.django_db

URL = "/api/v1/articles/"


@pytest.fixture
def checker_api(roles):
    cache.clear()
    return client_for(fact_checker(username="huda"))


def test_a_url_alone_is_fetched_and_its_text_submitted(checker_api, open_site):
    response = checker_api.post(URL, {"url": open_site.url("/ar")}, format="json")
    assert response.status_code == 202, response.json()
    article = Article.objects.get(pk=response.json()["id"])
    assert "المفاوضات ستُستأنف الأسبوع المقبل في جنيف" in article.body
    assert article.url == open_site.url("/ar")
    assert article.language == "ar"
    assert open_site.requests == ["/ar"]

    again = checker_api.post(URL, {"url": open_site.url("/ar")}, format="json")
    assert again.status_code == 200 and again.json()["id"] == article.pk


def test_a_loopback_url_is_refused_by_the_guard_and_never_fetched(checker_api, site):
    response = checker_api.post(URL, {"url": site.url("/ar")}, format="json")
    assert response.status_code == 400
    assert "refused" in response.json()["detail"].lower() or "address" in str(response.json())
    assert site.requests == []
    assert not Article.objects.exists()


def test_a_temporary_failure_is_a_502_and_writes_nothing(checker_api, open_site):
    open_site.pages["/down"] = (503, "text/html", b"<h1>busy</h1>")
    response = checker_api.post(URL, {"url": open_site.url("/down")}, format="json")
    assert response.status_code == 502
    assert response.json()["code"] == "source_unavailable"
    assert not Article.objects.exists()


def test_a_404_is_a_clear_400(checker_api, open_site):
    response = checker_api.post(URL, {"url": open_site.url("/404")}, format="json")
    assert response.status_code == 400
    assert "404" in str(response.json())
    assert not Article.objects.exists()
