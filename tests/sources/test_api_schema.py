"""schemathesis against the archive endpoints, in-process (no server, no network).

Fetches are queued on commit, and pytest's test transaction never commits, so nothing is
fetched whatever URL the fuzzer invents.
"""

import pytest
import schemathesis
from django.core.signals import request_finished, request_started
from django.core.wsgi import get_wsgi_application
from django.db import close_old_connections
from drf_spectacular.generators import SchemaGenerator
from hypothesis import HealthCheck, settings
from rest_framework.authtoken.models import Token
from schemathesis.checks import not_a_server_error
from schemathesis.specs.openapi.checks import response_schema_conformance

from claims.models import ClaimValue
from sources.models import UNResolution
from tests.factories import ClaimFactory, EvidenceFactory, editor

pytestmark = pytest.mark.django_db


def _archive_schema() -> dict:
    document = SchemaGenerator(patterns=None).get_schema(request=None, public=True)
    document["paths"] = {
        path: item for path, item in document["paths"].items() if "/archive/" in path
    }
    return document


schema = schemathesis.openapi.from_dict(_archive_schema())
schema.app = get_wsgi_application()


@pytest.fixture(autouse=True)
def _keep_the_test_connection():
    # Called as a WSGI app, Django would close the test's connection after each request (as
    # its own test client prevents), ending the test transaction on PostgreSQL.
    request_started.disconnect(close_old_connections)
    request_finished.disconnect(close_old_connections)
    yield
    request_started.connect(close_old_connections)
    request_finished.connect(close_old_connections)


@pytest.fixture
def editor_token(roles, settings):
    settings.REST_FRAMEWORK = {**settings.REST_FRAMEWORK, "DEFAULT_THROTTLE_CLASSES": []}
    evidence = EvidenceFactory()
    ClaimValue.objects.create(
        claim=ClaimFactory(),
        type="un_resolution",
        start=0,
        end=4,
        text="2259",
        value={"number": 2259},
    )
    UNResolution.objects.create(
        number=2259,
        symbol="S/RES/2259 (2015)",
        year=2015,
        url="https://undocs.org/S/RES/2259(2015)",
    )
    assert evidence.pk
    return Token.objects.create(user=editor()).key


@schema.parametrize()
@settings(max_examples=25, derandomize=True, deadline=None, suppress_health_check=list(HealthCheck))
def test_no_5xx_and_every_response_matches_the_schema(case, editor_token):
    case.call_and_validate(
        headers={"Authorization": f"Token {editor_token}"},
        checks=[not_a_server_error, response_schema_conformance],
    )
