"""The OpenAPI document, its Swagger UI, and schemathesis against the live WSGI app."""

from __future__ import annotations

import pytest
import schemathesis
from django.core.signals import request_finished, request_started
from django.core.wsgi import get_wsgi_application
from django.db import close_old_connections
from hypothesis import HealthCheck, settings
from rest_framework.test import APIClient
from schemathesis.checks import not_a_server_error
from schemathesis.specs.openapi.checks import response_schema_conformance

from claims.api.services import api_client_create
from tests.claims.api.helpers import published_verdict
from tests.factories import EvidenceFactory, FlagFactory, RatingFactory, editor

pytestmark = pytest.mark.django_db


def test_the_schema_is_openapi_3_json_on_request(db):
    response = APIClient().get("/api/schema/", HTTP_ACCEPT="application/json")

    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/json")
    schema = response.json()
    assert schema["openapi"].startswith("3.")
    assert "/api/v1/verdicts/" in schema["paths"]
    assert "/api/v1/claims/{id}/claimreview" in schema["paths"]
    assert "/api/v1/claimreviews" in schema["paths"]
    assert schema["components"]["securitySchemes"]["apiClientToken"]["type"] == "apiKey"
    # Server-set fields are read-only in the schema too.
    verdict = schema["components"]["schemas"]["VerdictOutput"]["properties"]
    assert all(verdict[f].get("readOnly") for f in ("id", "state", "author", "version"))
    assert "state" not in schema["components"]["schemas"]["VerdictCreateRequest"]["properties"]


def test_the_swagger_ui_is_served(db):
    response = APIClient().get("/api/docs/")
    assert response.status_code == 200
    page = response.content.decode()
    assert "swagger" in page.lower()
    # The UI's scripts come from this site, not a CDN.
    assert "/static/drf_spectacular_sidecar/swagger-ui-dist/" in page
    assert "cdn." not in page


@pytest.fixture
def keep_test_connection():
    """Calls into the WSGI app must not close the test's connection (on PostgreSQL the test
    runs inside a transaction); Django's own test client does the same."""
    request_started.disconnect(close_old_connections)
    request_finished.disconnect(close_old_connections)
    yield
    request_started.connect(close_old_connections)
    request_finished.connect(close_old_connections)


@pytest.fixture
def editor_token(roles, settings, keep_test_connection):
    # Schemathesis sends hundreds of requests; the throttle is tested elsewhere.
    settings.REST_FRAMEWORK = {
        **settings.REST_FRAMEWORK,
        "DEFAULT_THROTTLE_RATES": {
            "anon": "100000/min",
            "user": "100000/min",
            "client": "100000/min",
        },
    }
    verdict = published_verdict(rating=RatingFactory())
    FlagFactory(article=verdict.claim.article)
    EvidenceFactory(claim=verdict.claim)
    _, token = api_client_create(name="schemathesis", user=editor())
    return token


# Loaded at collection through the app itself (no server, no network): the schema view
# needs no database. (schemathesis' lazy from_fixture does not work with pytest 9.)
schema = schemathesis.openapi.from_wsgi(
    "/api/schema/", get_wsgi_application(), headers={"Accept": "application/json"}
)


@schema.parametrize()
@settings(
    max_examples=25,
    derandomize=True,
    deadline=None,
    suppress_health_check=list(HealthCheck),
)
def test_no_5xx_and_every_response_matches_the_schema(case, editor_token):
    case.call_and_validate(
        headers={"Authorization": f"Token {editor_token}"},
        checks=[not_a_server_error, response_schema_conformance],
    )
