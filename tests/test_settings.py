"""Settings come from the environment; production settings pass Django's deploy checks."""

import json
import os
import secrets
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SHOW = (
    "import json, django; django.setup(); from django.conf import settings as s; "
    "print(json.dumps({'db': s.DATABASES['default']['ENGINE'], 'eager': s.CELERY_TASK_ALWAYS_EAGER,"
    " 'broker': s.CELERY_BROKER_URL, 'email': s.EMAIL_BACKEND, 'site': s.SITE_URL,"
    " 'debug': s.DEBUG, 'hosts': s.ALLOWED_HOSTS}))"
)


def _run(code_or_args, **env_overrides):
    env = {
        k: v
        for k, v in os.environ.items()
        if k
        not in {
            "DATABASE_URL",
            "CELERY_BROKER_URL",
            "EMAIL_URL",
            "SITE_URL",
            "DEBUG",
            "ALLOWED_HOSTS",
            "SECRET_KEY",
            "DJANGO_SETTINGS_MODULE",
        }
    }
    env.update(env_overrides)
    env.setdefault("DJANGO_SETTINGS_MODULE", "factcheck.settings")
    args = [sys.executable, "-c", code_or_args] if isinstance(code_or_args, str) else code_or_args
    return subprocess.run(args, cwd=ROOT, env=env, capture_output=True, text=True, timeout=120)


def test_the_embedded_default_needs_no_environment():
    shown = json.loads(_run(SHOW).stdout)
    assert shown["db"] == "django.db.backends.sqlite3"
    # Tasks run in the process; the in-memory transport reaches no server.
    assert shown["eager"] is True and shown["broker"] == "memory://localhost/"
    assert shown["email"] == "django.core.mail.backends.console.EmailBackend"
    assert shown["debug"] is False


def test_services_come_from_the_environment():
    shown = json.loads(
        _run(
            SHOW,
            DATABASE_URL="postgres://postgres@127.0.0.1:5432/factcheck",
            CELERY_BROKER_URL="redis://127.0.0.1:6379/0",
            EMAIL_URL="smtp://127.0.0.1:1025",
            SITE_URL="https://factcheck.example/",
            ALLOWED_HOSTS="factcheck.example,www.factcheck.example",
        ).stdout
    )
    assert shown["db"] == "django.db.backends.postgresql"
    assert shown["eager"] is False and shown["broker"] == "redis://127.0.0.1:6379/0"
    assert shown["email"] == "django.core.mail.backends.smtp.EmailBackend"
    assert shown["site"] == "https://factcheck.example"
    assert shown["hosts"] == ["factcheck.example", "www.factcheck.example"]


def test_production_settings_pass_check_deploy():
    result = _run(
        [sys.executable, "manage.py", "check", "--deploy", "--fail-level", "WARNING"],
        DJANGO_SETTINGS_MODULE="factcheck.settings.production",
        SECRET_KEY=secrets.token_urlsafe(50),
        ALLOWED_HOSTS="factcheck.example",
    )
    assert result.returncode == 0, result.stderr
    assert "System check identified no issues" in result.stdout


def test_production_refuses_to_start_without_a_secret_key():
    result = _run(
        [sys.executable, "manage.py", "check"],
        DJANGO_SETTINGS_MODULE="factcheck.settings.production",
    )
    assert result.returncode != 0
    assert "SECRET_KEY" in result.stderr
