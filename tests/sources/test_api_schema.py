"""schemathesis against the archive endpoints, in-process (no server, no network).

Fetches are queued on commit, and pytest's test transaction never commits, so nothing is
fetched whatever URL the fuzzer invents.
"""

import pytest
import schemathesis
from django.core.wsgi import get_wsgi_application
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
