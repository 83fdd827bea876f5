"""Health endpoints as a load balancer, an orchestrator and an on-call engineer use them."""

from __future__ import annotations

import os
import secrets
import socket
import subprocess
import sys

import pytest
from asgiref.sync import async_to_sync
from django.db import connection, connections
from django.test import RequestFactory

from factcheck.health import HealthView
from tests.celery_worker import (
    ROOT,
    Worker,
    broker_url,
    celery_use_broker,
    database_url,
    wait_until,
)


def _closed_loopback_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _get_in_a_new_process(paths: list[str], **env) -> subprocess.CompletedProcess:
    """GET each path with Django's test client in a new Python process started with ``env``
    (settings read at start); it prints the status codes on one line."""
    script = (
        "import django; django.setup(); from django.test import Client; c = Client(); "
        f"print(*(c.get(p).status_code for p in {paths!r}))"
    )
    return subprocess.run(
        [sys.executable, "-c", script],
        cwd=ROOT,
        env={**os.environ, **env},
        capture_output=True,
        text=True,
        timeout=120,
    )


@pytest.fixture
def broker(settings):
    """Point this process's Celery app at a broker URL for the test, as a deployment would."""
    from factcheck.celery import app

    previous_url, previous_eager = app.conf.broker_url, app.conf.task_always_eager

    def use(url: str) -> None:
        celery_use_broker(url)
        app.conf.task_always_eager = False

    yield use
    celery_use_broker(previous_url)
    app.conf.task_always_eager = previous_eager


@pytest.mark.django_db
def test_liveness_answers_without_touching_the_database(client, django_assert_num_queries):
    with django_assert_num_queries(0):
        response = client.get("/healthz/", HTTP_ACCEPT="application/json")
    assert response.status_code == 200
    assert response.json() == {}
    assert "no-cache" in response["Cache-Control"]


@pytest.mark.django_db
def test_ready_when_the_database_and_the_broker_answer(client, broker):
    broker(broker_url())
    response = client.get("/readyz/?format=json")
    assert response.status_code == 200, response.content
    assert response.json() == {"Database(alias='default')": "OK", "Broker()": "OK"}


@pytest.mark.django_db
def test_ready_without_a_broker_when_tasks_run_in_process(client):
    # The embedded default (`make run`): no broker, tasks run eagerly in the web process.
    response = client.get("/readyz/", HTTP_ACCEPT="text/plain")
    assert response.status_code == 200
    assert response.content.decode().splitlines() == [
        "Database(alias='default'): OK",
        "Broker(): OK",
    ]


@pytest.mark.django_db
def test_not_ready_when_the_broker_is_down(client, broker):
    broker(f"redis://127.0.0.1:{_closed_loopback_port()}/0")
    response = client.get("/readyz/?format=json")
    # 503, not 500: the app is fine, a service it needs is not. Nothing about the cause leaks.
    assert response.status_code == 503
    assert response.json() == {
        "Database(alias='default')": "OK",
        "Broker()": "Unavailable: Broker unreachable",
    }
    html = client.get("/readyz/", HTTP_ACCEPT="text/html")
    assert html.status_code == 503
    assert b"Broker unreachable" in html.content
    assert b"Traceback" not in html.content and b"127.0.0.1" not in html.content


@pytest.mark.django_db
def test_not_ready_when_the_database_is_down():
    port = _closed_loopback_port()
    down = {**connection.settings_dict, "NAME": "factcheck", "HOST": "127.0.0.1", "PORT": port}
    down["ENGINE"] = "django.db.backends.postgresql"
    configured = connections.configure_settings({"default": connection.settings_dict, "down": down})
    connections.settings["down"] = configured["down"]
    try:
        view = HealthView.as_view(checks=(("health_check.checks.Database", {"alias": "down"}),))
        response = async_to_sync(view)(RequestFactory().get("/readyz/?format=json"))
    finally:
        connections["down"].close()
        del connections.settings["down"]
    assert response.status_code == 503
    assert b"Database(alias='down')" in response.content
    assert str(port).encode() not in response.content


def test_probes_are_not_redirected_to_https_in_production():
    # A load balancer probes over plain HTTP from inside the network; everything else is
    # redirected to HTTPS.
    result = _get_in_a_new_process(
        ["/healthz/", "/readyz/", "/admin/"],
        DJANGO_SETTINGS_MODULE="factcheck.settings.production",
        SECRET_KEY=secrets.token_urlsafe(50),
        ALLOWED_HOSTS="testserver",
        CELERY_BROKER_URL="",
    )
    assert result.returncode == 0, result.stderr
    healthz, readyz, admin = result.stdout.split()
    assert healthz == "200" and admin == "301"
    assert readyz in ("200", "503")  # not redirected; whether a database is here is another test


def test_a_failing_probe_logs_one_line_per_check_and_no_traceback():
    # What the on-call engineer reads while the broker is down and the probe runs every few
    # seconds: which check failed and why, once per probe; no traceback, nothing at error.
    port = _closed_loopback_port()
    result = _get_in_a_new_process(
        ["/readyz/"],
        DJANGO_SETTINGS_MODULE="factcheck.settings",
        CELERY_BROKER_URL=f"redis://127.0.0.1:{port}/0",
        LOG_LEVEL="WARNING",
    )
    assert result.stdout.split() == ["503"], result.stderr
    lines = result.stderr.splitlines()
    broker = [line for line in lines if line.startswith("Health check Broker() failed")]
    assert len(broker) == 1, result.stderr
    assert "Broker unreachable" in broker[0] and f"{port}" in broker[0]
    assert "Traceback" not in result.stderr
    assert "Service Unavailable" not in result.stderr


@pytest.mark.django_db
def test_the_workers_check_is_for_staff_only(client, django_user_model, caplog):
    assert client.get("/healthz/workers/").status_code == 403
    user = django_user_model.objects.create_user("reader", password="x" * 12)
    client.force_login(user)
    assert client.get("/healthz/workers/").status_code == 403
    # A probe pointed here without a login gets its 403 logged in one line, no traceback.
    refused = [r for r in caplog.records if r.name == "django.request"]
    assert [r.getMessage() for r in refused] == ["Forbidden: /healthz/workers/"] * 2
    assert not any(r.exc_info for r in refused)


@pytest.mark.worker
@pytest.mark.django_db(transaction=True)
def test_the_workers_check_names_the_queue_no_worker_consumes(client, admin_user, broker):
    if connection.vendor == "sqlite" and connection.is_in_memory_db():
        pytest.skip("a worker process needs a shared database, not SQLite in memory")
    url = broker_url()
    broker(url)
    client.force_login(admin_user)

    response = client.get("/healthz/workers/?format=json")
    assert response.status_code == 503
    assert response.json() == {"WorkerQueues()": "Unavailable: Celery workers unavailable"}

    # One worker for the analysis queue only: e-mail and fetching would pile up unseen.
    worker = Worker(database_url(connection.settings_dict), url, queues="analysis")
    worker.start()
    try:
        assert wait_until(
            lambda: "analysis" not in client.get("/healthz/workers/?format=json").content.decode(),
            timeout=30,
        )
        response = client.get("/healthz/workers/?format=json")
        assert response.status_code == 503
        assert response.json() == {
            "WorkerQueues()": "Unavailable: No worker for queue default, email, fetch"
        }
        second = Worker(database_url(connection.settings_dict), url, queues="default,email,fetch")
        second.start()
        try:
            assert wait_until(
                lambda: client.get("/healthz/workers/").status_code == 200, timeout=30
            ), client.get("/healthz/workers/?format=json").content
        finally:
            second.stop()
    finally:
        worker.stop()
