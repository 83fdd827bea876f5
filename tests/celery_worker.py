"""A real Celery worker in a subprocess, on the real Redis broker and the test database."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
import uuid
from pathlib import Path

import redis

ROOT = Path(__file__).resolve().parent.parent
DEFAULT_BROKER = "redis://127.0.0.1:6379/2"


def broker_url() -> str:
    return os.environ.get("CELERY_BROKER_URL") or DEFAULT_BROKER


def database_url(settings_dict: dict) -> str:
    if settings_dict["ENGINE"].endswith("sqlite3"):
        return f"sqlite:///{settings_dict['NAME']}"
    user = settings_dict.get("USER") or "postgres"
    password = settings_dict.get("PASSWORD") or ""
    auth = f"{user}:{password}@" if password else f"{user}@"
    host = settings_dict.get("HOST") or "127.0.0.1"
    port = settings_dict.get("PORT") or 5432
    return f"postgres://{auth}{host}:{port}/{settings_dict['NAME']}"


class Worker:
    """Start, kill -9 and restart `celery -A factcheck worker` against the test database."""

    def __init__(
        self,
        db_url: str,
        broker: str,
        queues: str = "default,analysis,email,fetch",
        concurrency: int = 2,
        log: Path | None = None,
        *,
        pool: str = "prefork",
        name: str = "worker",
        env: dict[str, str] | None = None,
    ):
        self.env = {
            **os.environ,
            "DATABASE_URL": db_url,
            "CELERY_BROKER_URL": broker,
            "DJANGO_SETTINGS_MODULE": "factcheck.settings",
            "CONN_MAX_AGE": "0",
            # Messages a killed worker held come back within seconds, not 15 minutes.
            "CELERY_VISIBILITY_TIMEOUT": "5",
            # and the worker looks for them every 2 s (kombu: every 100 s).
            "CELERY_RESTORE_INTERVAL": "2",
            "CELERY_RESTORE_THROTTLE": "1",
            **(env or {}),
        }
        self.pool = pool
        self.name = name
        self.queues = queues
        self.concurrency = concurrency
        self.proc: subprocess.Popen | None = None
        self.log = log or Path(f"/tmp/factcheck-worker-{uuid.uuid4().hex[:8]}.log")

    def start(self) -> None:
        self.ready_marker = f"{self.name}-{uuid.uuid4().hex[:8]}"
        self._fh = self.log.open("ab")
        self.proc = subprocess.Popen(
            [
                sys.executable,
                "-m",
                "celery",
                "-A",
                "factcheck",
                "worker",
                "-Q",
                self.queues,
                "--concurrency",
                str(self.concurrency),
                "--pool",
                self.pool,
                "--loglevel",
                "INFO",
                "--without-gossip",
                "--without-mingle",
                "--without-heartbeat",
                "-n",
                f"{self.ready_marker}@localhost",
            ],
            cwd=ROOT,
            env=self.env,
            stdout=self._fh,
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline:
            if self.proc.poll() is not None:
                raise RuntimeError(f"worker exited: {self.log.read_text()[-3000:]}")
            if " ready." in self.log.read_text(errors="replace").split(self.ready_marker, 1)[-1]:
                return
            time.sleep(0.2)
        raise RuntimeError(f"worker not ready in 60 s: {self.log.read_text()[-3000:]}")

    def kill(self) -> None:
        """kill -9 the whole worker: the main process and its pool children."""
        if self.proc and self.proc.poll() is None:
            os.killpg(self.proc.pid, signal.SIGKILL)
            self.proc.wait(timeout=30)
        self._fh.close()

    def stop(self) -> None:
        if self.proc and self.proc.poll() is None:
            os.killpg(self.proc.pid, signal.SIGTERM)
            try:
                self.proc.wait(timeout=30)
            except subprocess.TimeoutExpired:
                os.killpg(self.proc.pid, signal.SIGKILL)
                self.proc.wait(timeout=30)
        if not self._fh.closed:
            self._fh.close()


def celery_use_broker(url: str) -> None:
    """Point this process's Celery app (what `.delay()` publishes through) at another broker."""
    import kombu.pools

    from factcheck.celery import app

    if app.conf.broker_url == url:
        return
    # Celery reads CELERY_BROKER_URL from the environment before its configuration, so a URL
    # given to the whole run there (as CI does) would win over the one set below.
    if "CELERY_BROKER_URL" in os.environ:
        os.environ["CELERY_BROKER_URL"] = url
    # Producer pools remember the broker they were made for; drop them so the new URL applies.
    app._pool = None
    app.amqp._producer_pool = None
    kombu.pools.reset()
    app.conf.broker_url = url


def flush_broker(url: str) -> None:
    redis.Redis.from_url(url).flushdb()


def wait_until(predicate, timeout: float = 120.0, interval: float = 0.25) -> bool:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if predicate():
            return True
        time.sleep(interval)
    return predicate()
