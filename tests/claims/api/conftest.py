import pytest
from django.core.cache import cache

from tests.claims.api.helpers import api_client_user, client_for
from tests.factories import editor, fact_checker


@pytest.fixture(autouse=True)
def _fresh_throttle(settings):
    # Throttle counters live in the cache; each test starts with none.
    cache.clear()
    # Test users' passwords need no slow hashing.
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
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
