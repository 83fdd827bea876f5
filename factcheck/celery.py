"""The Celery app: `celery -A factcheck worker -Q default,analysis,email,fetch`."""

import os

from celery import Celery
from celery.signals import task_postrun, task_prerun

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "factcheck.settings")

app = Celery("factcheck")
app.config_from_object("django.conf:settings", namespace="CELERY")
app.autodiscover_tasks()


@task_prerun.connect
@task_postrun.connect
def _database_connections_tidy(**kwargs) -> None:
    """Keep database connections between tasks as Django keeps them between requests.

    Celery's Django fix-up closes every connection before and after each task (a new
    PostgreSQL backend per task, a third of a short analysis's time) unless
    CELERY_DB_REUSE_MAX is set, which the settings do. This applies CONN_MAX_AGE and
    CONN_HEALTH_CHECKS instead: a connection that saw an error or grew too old is closed, and
    a reused one is checked before its first query.
    """
    if getattr(kwargs.get("task") and kwargs["task"].request, "is_eager", False):
        return
    from django.db import close_old_connections

    close_old_connections()
