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


@pytest.fixture
def celery_worker(request, transactional_db, settings):
    """A real worker on Redis sharing the test database; the test publishes real messages."""
    from django.db import connection

    from factcheck.celery import app
    from tests.celery_worker import (
        Worker,
        broker_url,
        celery_use_broker,
        database_url,
        flush_broker,
    )

    if connection.vendor == "sqlite" and connection.is_in_memory_db():
        pytest.skip("a worker process needs a shared database, not SQLite in memory")
    broker = broker_url()
    try:
        flush_broker(broker)
    except Exception as exc:  # no Redis here: say so plainly
        pytest.fail(f"Redis is not reachable at {broker}: {exc}")
    # The broker stays set for the session: eager tests never use it.
    celery_use_broker(broker)
    app.conf.task_always_eager = False
    settings.CELERY_TASK_ALWAYS_EAGER = False
    worker = Worker(database_url(connection.settings_dict), broker)
    worker.start()
    yield worker
    worker.stop()
    app.conf.task_always_eager = True
    flush_broker(broker)


_LOOPBACK_NAMES = {"localhost", "localhost.localdomain", "ip6-localhost", "ip6-loopback"}


@pytest.fixture(autouse=True)
def _no_name_resolution_off_this_machine(monkeypatch):
    """Tests talk to loopback only: a name lookup would query the resolver elsewhere."""
    import ipaddress
    import socket

    real = socket.getaddrinfo

    def guarded(host, *args, **kwargs):
        name = host.decode() if isinstance(host, bytes) else host
        if name is None or name.lower().rstrip(".") in _LOOPBACK_NAMES:
            return real(host, *args, **kwargs)
        try:
            ipaddress.ip_address(name.split("%", 1)[0])
        except ValueError:
            raise socket.gaierror(socket.EAI_NONAME, f"{name}: no name lookups in tests") from None
        return real(host, *args, **kwargs)

    monkeypatch.setattr(socket, "getaddrinfo", guarded)
