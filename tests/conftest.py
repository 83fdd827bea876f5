import pytest

from claims.roles import roles_ensure


@pytest.fixture
def roles(db):
    roles_ensure()


@pytest.fixture
def seeded(db):
    """The reference registry and verdict scale, as `load_seeds --no-articles` leaves them."""
    from sources.services import ratings_load_seeds, registry_load_seeds

    registry_load_seeds()
    ratings_load_seeds()
