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


@pytest.fixture(autouse=True)
def _celery_eager(request, settings):
    """Tasks run in-process unless a test is about the real worker (marked ``worker``)."""
    from factcheck.celery import app

    if request.node.get_closest_marker("worker"):
        yield
        return
    previous = app.conf.task_always_eager
    app.conf.task_always_eager = True
    settings.CELERY_TASK_ALWAYS_EAGER = True
    yield
    app.conf.task_always_eager = previous
