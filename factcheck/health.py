"""Health endpoints for load balancers, orchestrators and monitoring (django-health-check).

- ``/healthz/``: liveness. The process answers; it touches nothing else.
- ``/readyz/``: readiness. The database answers ``SELECT 1`` and the Celery broker accepts a
  connection, so an article submitted now is stored and queued for analysis.
- ``/healthz/workers/``: a Celery worker answers a ping on every queue tasks are routed to.
  It waits up to a second for the replies, so it is for staff and for
  ``manage.py health_check healthz-workers --no-http``, not for anonymous traffic.

A failed check answers 503 Service Unavailable, what probes expect of a process that is up
but cannot serve (the library's default is 500, which reads as a bug in the app).
``?format=json`` or ``Accept: application/json`` gives one line per check; an error says
which service, never its address or a traceback. The log gets one warning line per failed
check with its cause (OneLineCheckFailures), not a traceback for every probe of an outage.
"""

from __future__ import annotations

import dataclasses
import datetime
import logging

from django.conf import settings
from django.http import HttpResponseForbidden
from health_check.base import HealthCheck
from health_check.contrib.celery import Ping
from health_check.exceptions import ServiceUnavailable
from health_check.views import HealthCheckView

__all__ = [
    "Broker",
    "HealthView",
    "OneLineCheckFailures",
    "StaffHealthView",
    "WorkerQueues",
    "routed_queues",
]


def _unavailable(status: int) -> int:
    return 503 if status >= 500 else status


class HealthView(HealthCheckView):
    async def get(self, request, *args, **kwargs):
        response = await super().get(request, *args, **kwargs)
        if response.status_code == 503:
            # Each failed check is logged once, on one line (OneLineCheckFailures); Django's
            # "Service Unavailable" at error level for every probe of an outage adds nothing.
            response._has_been_logged = True
        return response

    def render_to_response(self, context, **kwargs):
        kwargs["status"] = _unavailable(kwargs.get("status", 200))
        return super().render_to_response(context, **kwargs)

    def render_to_response_json(self, status):
        return super().render_to_response_json(_unavailable(status))

    def render_to_response_text(self, status):
        return super().render_to_response_text(_unavailable(status))


class StaffHealthView(HealthView):
    """The same, for signed-in staff only (anonymous requests get 403 and run no check)."""

    async def get(self, request, *args, **kwargs):
        user = await request.auser()
        if not (user.is_active and user.is_staff):
            # Answered, not raised: a raised PermissionDenied logs a traceback per request.
            return HttpResponseForbidden("Staff only.", content_type="text/plain")
        return await super().get(request, *args, **kwargs)


@dataclasses.dataclass
class Broker(HealthCheck):
    """The Celery broker accepts a connection. Tasks run in the web process when none is set."""

    timeout: datetime.timedelta = dataclasses.field(
        default=datetime.timedelta(seconds=3), repr=False
    )

    def run(self) -> None:
        from factcheck.celery import app

        if app.conf.task_always_eager:
            return
        try:
            with app.connection_for_write() as conn:
                conn.ensure_connection(max_retries=0)
                # A virtual transport (Redis) connects lazily: a channel makes it talk.
                conn.default_channel  # noqa: B018
        except Exception as e:  # kombu raises the transport's own errors
            raise ServiceUnavailable("Broker unreachable") from e


class OneLineCheckFailures(logging.Filter):
    """A failed health check on one line: the check, its error and the cause, no traceback.

    A probe every few seconds during an outage would otherwise log a traceback each time.
    An unexpected exception in a check (logged at error level) keeps its traceback.
    """

    def filter(self, record: logging.LogRecord) -> bool:
        if (
            record.name.startswith("health_check")
            and record.levelno < logging.ERROR
            and record.exc_info
            and record.exc_info[1] is not None
        ):
            error = record.exc_info[1]
            cause = error.__cause__ or error.__context__
            line = f"{record.getMessage()}: {error}"
            if cause is not None:
                line += f" ({type(cause).__name__}: {' '.join(str(cause).split())})"
            record.msg, record.args = line, ()
            record.exc_info = record.exc_text = None
        return True


def routed_queues() -> set[str]:
    """Every queue a task can be sent to: the default one and those of the task routes."""
    routes = getattr(settings, "CELERY_TASK_ROUTES", {}) or {}
    queues = {route["queue"] for route in routes.values() if route.get("queue")}
    return queues | {getattr(settings, "CELERY_TASK_DEFAULT_QUEUE", "default")}


def _celery_app():
    from factcheck.celery import app

    return app


@dataclasses.dataclass
class WorkerQueues(Ping):
    """A worker answers on each routed queue (a queue nobody consumes fills up unseen)."""

    app: object = dataclasses.field(default_factory=_celery_app, repr=False)

    def run(self) -> None:
        if self.app.conf.task_always_eager:
            return
        super().run()

    def check_active_queues(self, *active_workers):
        inspect = self.app.control.inspect(
            list(active_workers), timeout=self.timeout.total_seconds()
        )
        active = {
            queue.get("name")
            for queues in (inspect.active_queues() or {}).values()
            for queue in queues
        }
        missing = sorted(routed_queues() - active)
        if missing:
            raise ServiceUnavailable(f"No worker for queue {', '.join(missing)}")
