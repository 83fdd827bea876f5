import pytest
from django.utils import translation

from tests.factories import editor, fact_checker


@pytest.fixture
def match_settings(settings):
    """The matching thresholds the earlier-fact-check tests are written for, in English."""
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    settings.FACTCHECK_MATCH_MIN_SCORE = 0.3
    settings.FACTCHECK_MATCH_TOP = 5
    translation.activate("en")


@pytest.fixture
def people(roles):
    """A fact-checker and an editor (tests/claims/test_workflow.py has its own cast)."""
    return {"checker": fact_checker(), "editor": editor()}
