"""Fault tests run on private servers: a throwaway PostgreSQL cluster and a private Redis.

The test database of a `pytest -m faults` run lives in its own cluster (whatever
DATABASE_URL says), so stopping PostgreSQL stops no one else's tests; the same for Redis.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.faults.services import PrivatePostgres, PrivateRedis

_REPORT: list[str] = []


@pytest.fixture(scope="session")
def private_postgres():
    cluster = PrivatePostgres()
    try:
        cluster.init()
        cluster.start()
        yield cluster
    finally:
        cluster.remove()


@pytest.fixture(scope="session")
def django_db_modify_db_settings(private_postgres):
    """Put the session's test database in the private cluster, before it is created."""
    import environ
    from django.conf import settings
    from django.db import connections

    config = environ.Env.db_url_config(private_postgres.url("factcheck_faults"))
    config.update(CONN_MAX_AGE=0, CONN_HEALTH_CHECKS=True)
    config = connections.configure_settings({"default": config})["default"]
    if "default" in connections:
        connections["default"].close()
        del connections["default"]
    # connections.settings is this very dict: the next connection is made from the new one.
    settings.DATABASES["default"].clear()
    settings.DATABASES["default"].update(config)


@pytest.fixture
def private_redis(tmp_path, settings):
    """A private Redis that this process's Celery app publishes to."""
    from factcheck.celery import app
    from tests.celery_worker import celery_use_broker

    server = PrivateRedis(tmp_path)
    server.start()
    previous = app.conf.broker_url
    celery_use_broker(server.url)
    app.conf.task_always_eager = False
    settings.CELERY_TASK_ALWAYS_EAGER = False
    try:
        yield server
    finally:
        app.conf.task_always_eager = True
        celery_use_broker(previous)
        server.stop()


@pytest.fixture
def fault_worker(private_redis, tmp_path):
    """Start a real worker on the private Redis and database: start(concurrency=2, **env)."""
    from django.db import connection

    from tests.celery_worker import Worker, database_url

    workers: list = []

    def start(concurrency: int = 2, **env) -> Worker:
        worker = Worker(
            database_url(connection.settings_dict),
            private_redis.url,
            concurrency=concurrency,
            log=tmp_path / "worker.log",
            name="faults",
            env={k: str(v) for k, v in env.items()},
        )
        worker.start()
        workers.append(worker)
        return worker

    yield start
    for worker in workers:
        worker.stop()


@pytest.fixture
def report():
    """Lines for the summary at the end of the run (docs/performance.md quotes them)."""
    return _REPORT.append


def pytest_terminal_summary(terminalreporter):
    if _REPORT:
        terminalreporter.section("fault figures")
        for line in _REPORT:
            terminalreporter.write_line(line)


DATA = Path(__file__).resolve().parent.parent / "data"
