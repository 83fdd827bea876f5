"""Reviewers accept or dismiss flags through the API."""

from __future__ import annotations

import pytest

from claims.models import Flag
from tests.claims.api.helpers import get_counting_queries
from tests.claims.api.test_access import assert_error
from tests.factories import FlagFactory, UserFactory

pytestmark = pytest.mark.django_db


def test_a_fact_checker_accepts_a_flag_with_a_note(checker_api, checker):
    flag = FlagFactory()
    someone = UserFactory()

    response = checker_api.patch(
        f"/api/v1/flags/{flag.pk}/",
        {
            "status": "accepted",
            "note": "صحيح: «أعلنت».",
            "resolved_by": someone.pk,
            "code": "forged.code",
            "suggestion": "forged",
        },
        format="json",
    )

    assert response.status_code == 200, response.content
    flag.refresh_from_db()
    assert (flag.status, flag.note, flag.resolved_by) == ("accepted", "صحيح: «أعلنت».", checker)
    assert (flag.code, flag.suggestion) == ("spelling.nonword", "أعلنت")
    assert response.json()["status"] == "accepted"


def test_an_unknown_status_is_a_400_and_the_flag_stays_open(checker_api):
    flag = FlagFactory()
    body = assert_error(
        checker_api.patch(f"/api/v1/flags/{flag.pk}/", {"status": "maybe"}, format="json"), 400
    )
    assert "status" in body["errors"]
    assert Flag.objects.get(pk=flag.pk).status == "open"


def test_flags_filter_by_category_and_status(checker_api):
    spelling = FlagFactory()
    date = FlagFactory(code="date.weekday", category="date", severity="error")

    def codes(**params):
        return [f["code"] for f in checker_api.get("/api/v1/flags/", params).json()["results"]]

    assert codes(category="date") == ["date.weekday"]
    assert codes(severity="warning") == ["spelling.nonword"]
    assert codes(article=date.article_id) == ["date.weekday"]
    assert codes(status="open", article=spelling.article_id) == ["spelling.nonword"]


def test_the_flag_list_runs_a_fixed_number_of_queries(checker_api, django_assert_num_queries):
    FlagFactory.create_batch(2)
    get_counting_queries(django_assert_num_queries, checker_api, "/api/v1/flags/", 1)
    FlagFactory.create_batch(20)
    page = get_counting_queries(django_assert_num_queries, checker_api, "/api/v1/flags/", 1)
    assert len(page.json()["results"]) == 22
