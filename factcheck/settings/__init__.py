"""Settings read from the environment (django-environ).

With nothing set this is the embedded default: SQLite in ./var, Celery tasks run eagerly
in-process, e-mail printed to the console. `factcheck.settings.production` hardens it.
"""

from pathlib import Path

import environ

BASE_DIR = Path(__file__).resolve().parent.parent.parent
VAR_DIR = BASE_DIR / "var"

env = environ.Env()

DEBUG = env.bool("DEBUG", default=False)
SECRET_KEY = env.str(
    "SECRET_KEY", default="dev-only-key-never-used-in-production-0123456789abcdefghijklmnop"
)
ALLOWED_HOSTS = env.list("ALLOWED_HOSTS", default=["127.0.0.1", "localhost", "[::1]", "testserver"])
CSRF_TRUSTED_ORIGINS = env.list("CSRF_TRUSTED_ORIGINS", default=[])
SITE_URL = env.str("SITE_URL", default="http://127.0.0.1:8000").rstrip("/")

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.postgres",
    "rest_framework",
    "rest_framework.authtoken",
    "django_filters",
    "drf_spectacular",
    "simple_history",
    "django_celery_beat",
    "health_check",
    "claims",
    "sources",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "simple_history.middleware.HistoryRequestMiddleware",
]

ROOT_URLCONF = "factcheck.urls"
WSGI_APPLICATION = "factcheck.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "factcheck" / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "django.template.context_processors.i18n",
            ],
        },
    },
]

DATABASES = {
    "default": env.db("DATABASE_URL", default=f"sqlite:///{VAR_DIR / 'db.sqlite3'}"),
}
if DATABASES["default"]["ENGINE"].endswith("sqlite3"):
    VAR_DIR.mkdir(exist_ok=True)
    # Several processes (web, worker, management commands) share the file: write-ahead
    # logging lets readers and a writer work at once, and IMMEDIATE transactions wait for
    # the write lock instead of failing with "database is locked" on upgrade.
    DATABASES["default"].setdefault("OPTIONS", {}).update(
        {
            "timeout": 20,
            "transaction_mode": "IMMEDIATE",
            "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;",
        }
    )
else:
    DATABASES["default"]["CONN_MAX_AGE"] = env.int("CONN_MAX_AGE", default=60)
    DATABASES["default"]["CONN_HEALTH_CHECKS"] = True
IS_POSTGRES = DATABASES["default"]["ENGINE"].endswith("postgresql")
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

LANGUAGE_CODE = env.str("LANGUAGE_CODE", default="en")
LANGUAGES = [("en", "English"), ("ar", "العربية")]
LOCALE_PATHS = [BASE_DIR / "locale"]
TIME_ZONE = "UTC"
USE_I18N = True
USE_TZ = True

STATIC_URL = "static/"
STATIC_ROOT = BASE_DIR / "staticfiles"
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}
WHITENOISE_USE_FINDERS = True
FORMS_URLFIELD_ASSUME_HTTPS = True
MEDIA_ROOT = VAR_DIR / "media"

# Articles are at most 2 MB of text; the form and API bodies carry a little more.
ARTICLE_MAX_BYTES = env.int("ARTICLE_MAX_BYTES", default=2 * 1024 * 1024)
DATA_UPLOAD_MAX_MEMORY_SIZE = ARTICLE_MAX_BYTES + 256 * 1024
FILE_UPLOAD_MAX_MEMORY_SIZE = ARTICLE_MAX_BYTES + 256 * 1024

# Admin lists of large tables count exactly up to this many rows, then say "more than N"
# (factcheck/admin_paging.py): counting every match of a broad search is most of its time.
ADMIN_COUNT_CAP = env.int("ADMIN_COUNT_CAP", default=10_000)

# E-mail: console unless EMAIL_URL is set (smtp://user:pass@host:port, smtp+tls://…).
if env.str("EMAIL_URL", default=""):
    vars().update(env.email_url("EMAIL_URL"))
else:
    EMAIL_BACKEND = "django.core.mail.backends.console.EmailBackend"
EMAIL_TIMEOUT = env.int("EMAIL_TIMEOUT", default=10)
DEFAULT_FROM_EMAIL = env.str(
    "DEFAULT_FROM_EMAIL", default="Fact-check workbench <factcheck@localhost>"
)
SERVER_EMAIL = DEFAULT_FROM_EMAIL

# Celery: eager in-process unless a broker is configured. Celery builds a producer even
# for an eager task; the in-memory transport keeps it from reaching for amqp://localhost.
IN_PROCESS_BROKER = "memory://localhost/"
CELERY_BROKER_URL = env.str("CELERY_BROKER_URL", default="") or IN_PROCESS_BROKER
CELERY_TASK_ALWAYS_EAGER = CELERY_BROKER_URL == IN_PROCESS_BROKER
CELERY_TASK_EAGER_PROPAGATES = False
CELERY_RESULT_BACKEND = None
CELERY_TASK_IGNORE_RESULT = True
CELERY_ACCEPT_CONTENT = ["json"]
CELERY_TASK_SERIALIZER = "json"
CELERY_TASK_ACKS_LATE = True
CELERY_TASK_REJECT_ON_WORKER_LOST = True
CELERY_WORKER_PREFETCH_MULTIPLIER = env.int("CELERY_WORKER_PREFETCH_MULTIPLIER", default=1)
CELERY_TASK_TIME_LIMIT = env.int("CELERY_TASK_TIME_LIMIT", default=300)
CELERY_TASK_SOFT_TIME_LIMIT = env.int("CELERY_TASK_SOFT_TIME_LIMIT", default=240)
# Redis redelivers unacknowledged tasks after this; it must exceed the longest task.
# A worker looks for such tasks every restore interval × throttle seconds (kombu's defaults:
# 10 × 10); tests with a short visibility timeout shorten both.
CELERY_BROKER_TRANSPORT_OPTIONS = {
    "visibility_timeout": env.int("CELERY_VISIBILITY_TIMEOUT", default=900),
    "unacked_restore_interval": env.int("CELERY_RESTORE_INTERVAL", default=10),
    "unacked_restore_throttle": env.int("CELERY_RESTORE_THROTTLE", default=10),
}
CELERY_BROKER_CONNECTION_RETRY_ON_STARTUP = True
# Workers keep their database connection between tasks (CONN_MAX_AGE, health checks: see
# factcheck/celery.py); Celery's own fix-up then only recycles it every this many tasks.
CELERY_DB_REUSE_MAX = env.int("CELERY_DB_REUSE_MAX", default=500)
CELERY_TASK_DEFAULT_QUEUE = "default"
CELERY_TASK_ROUTES = {
    "claims.tasks.analyze_article": {"queue": "analysis"},
    "claims.tasks.notify_*": {"queue": "email"},
    "claims.tasks.outbox_*": {"queue": "email"},
    "sources.tasks.*": {"queue": "fetch"},
}
CELERY_BEAT_SCHEDULER = "django_celery_beat.schedulers:DatabaseScheduler"
CELERY_BEAT_SCHEDULE = {
    "analysis-sweep": {"task": "claims.tasks.analysis_sweep", "schedule": 300.0},
    "verdict-match-sweep": {"task": "claims.tasks.verdict_match_sweep", "schedule": 300.0},
}
CELERY_TIMEZONE = TIME_ZONE

# Check codes (or category prefixes) a desk has switched off, e.g. "spelling.orthographic".
FACTCHECK_DISABLED_CHECKS = env.list("FACTCHECK_DISABLED_CHECKS", default=[])
# The sweeper re-queues articles left pending or running for longer than this.
ANALYSIS_STUCK_AFTER_SECONDS = env.int("ANALYSIS_STUCK_AFTER_SECONDS", default=1200)
# The sweeper re-queues the late matching of a verdict published or reopened longer ago.
LATE_MATCH_SWEEP_AFTER_SECONDS = env.int("LATE_MATCH_SWEEP_AFTER_SECONDS", default=600)

REST_FRAMEWORK = {
    "DEFAULT_AUTHENTICATION_CLASSES": [
        "rest_framework.authentication.TokenAuthentication",
        "rest_framework.authentication.SessionAuthentication",
    ],
    "DEFAULT_PERMISSION_CLASSES": ["rest_framework.permissions.IsAuthenticated"],
    "DEFAULT_SCHEMA_CLASS": "drf_spectacular.openapi.AutoSchema",
    "DEFAULT_THROTTLE_CLASSES": [
        "rest_framework.throttling.AnonRateThrottle",
        "rest_framework.throttling.UserRateThrottle",
    ],
    "DEFAULT_THROTTLE_RATES": {
        "anon": env.str("API_THROTTLE_ANON", default="60/min"),
        "user": env.str("API_THROTTLE_USER", default="1200/min"),
    },
}
SPECTACULAR_SETTINGS = {
    "TITLE": "Fact-check workbench API",
    "VERSION": "1.0.0",
    "SERVE_INCLUDE_SCHEMA": False,
}

FACTCHECK_ORGANIZATION = {
    "name": env.str("ORGANIZATION_NAME", default="Fact-check workbench"),
    "url": env.str("ORGANIZATION_URL", default=SITE_URL),
}

# Fetching sources: loopback and private addresses are refused unless listed here.
FETCH_ALLOWED_HOSTS = env.list("FETCH_ALLOWED_HOSTS", default=[])

CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "filters": {"one_line_check_failures": {"()": "factcheck.health.OneLineCheckFailures"}},
    "handlers": {
        "console": {
            "class": "logging.StreamHandler",
            "filters": ["one_line_check_failures"],
        }
    },
    "root": {"handlers": ["console"], "level": env.str("LOG_LEVEL", default="WARNING")},
}

# --- E-mail notifications (claims.notifications, issue 7) ----------------------------------
# Editors' flag e-mails go through the outbox; these tune delivery and the daily digest.
from celery.schedules import crontab  # noqa: E402

NOTIFY_EMAIL_QUEUE = env.str("NOTIFY_EMAIL_QUEUE", default="email")
CELERY_TASK_ROUTES.update(
    {
        "claims.tasks.notify_*": {"queue": NOTIFY_EMAIL_QUEUE},
        "claims.tasks.outbox_*": {"queue": NOTIFY_EMAIL_QUEUE},
    }
)
OUTBOX_MAX_ATTEMPTS = env.int("OUTBOX_MAX_ATTEMPTS", default=8)
OUTBOX_RETRY_BASE_SECONDS = env.int("OUTBOX_RETRY_BASE_SECONDS", default=30)
# Below the Redis visibility timeout, so a waiting retry is not redelivered early.
OUTBOX_RETRY_MAX_SECONDS = env.int("OUTBOX_RETRY_MAX_SECONDS", default=600)
# A row left SENDING this long lost its worker; it must exceed a whole SMTP conversation.
OUTBOX_SENDING_STALE_SECONDS = env.int(
    "OUTBOX_SENDING_STALE_SECONDS", default=max(300, 4 * EMAIL_TIMEOUT)
)
# The sweeper leaves rows this young to the task that was queued for them.
OUTBOX_FLUSH_GRACE_SECONDS = env.int("OUTBOX_FLUSH_GRACE_SECONDS", default=120)
NOTIFY_MAX_FLAGS_PER_ARTICLE = env.int("NOTIFY_MAX_FLAGS_PER_ARTICLE", default=50)
NOTIFY_DIGEST_HOUR = env.int("NOTIFY_DIGEST_HOUR", default=6)
CELERY_BEAT_SCHEDULE = {
    # Other blocks may have added entries of their own.
    **globals().get("CELERY_BEAT_SCHEDULE", {}),
    "notify-digest": {
        "task": "claims.tasks.notify_digest",
        "schedule": crontab(minute=0, hour=NOTIFY_DIGEST_HOUR),
    },
    "outbox-flush": {"task": "claims.tasks.outbox_flush", "schedule": 60.0},
}
if DATABASES["default"]["ENGINE"].endswith("sqlite3"):
    # A Celery worker in another process must see the test database, so not in memory.
    DATABASES["default"].setdefault("TEST", {}).setdefault("NAME", str(VAR_DIR / "test.sqlite3"))

# --- Sources: fetching, snapshots and evidence (issue 8) -------------------------------
# FETCH_ALLOWED_HOSTS (above) is the only way to open loopback/private hosts or networks.
FETCH_TIMEOUT_CONNECT = env.float("FETCH_TIMEOUT_CONNECT", default=5.0)
FETCH_TIMEOUT_READ = env.float("FETCH_TIMEOUT_READ", default=15.0)
# A trickling server cannot hold a worker longer than this, whatever the read timeout.
FETCH_TIMEOUT_TOTAL = env.float("FETCH_TIMEOUT_TOTAL", default=30.0)
FETCH_MAX_BYTES = env.int("FETCH_MAX_BYTES", default=5 * 1024 * 1024)
FETCH_MAX_REDIRECTS = env.int("FETCH_MAX_REDIRECTS", default=5)
FETCH_CONTENT_TYPES = env.list(
    "FETCH_CONTENT_TYPES",
    default=["text/html", "application/xhtml+xml", "text/plain", "application/pdf"],
)
FETCH_USER_AGENT = env.str(
    "FETCH_USER_AGENT", default="FactcheckWorkbench/1.0 (+source archiving for fact-checks)"
)
# Temporary failures (503, timeouts) are retried this often, with exponential backoff.
FETCH_MAX_RETRIES = env.int("FETCH_MAX_RETRIES", default=5)
FETCH_RETRY_BACKOFF_SECONDS = env.int("FETCH_RETRY_BACKOFF_SECONDS", default=30)
# A fetch still queued or fetching this long after it was due is queued again (beat).
FETCH_STUCK_AFTER_SECONDS = env.int("FETCH_STUCK_AFTER_SECONDS", default=900)
CELERY_BEAT_SCHEDULE["source-fetch-sweep"] = {
    "task": "sources.tasks.source_fetch_sweep",
    "schedule": 300.0,
}
# --- admin (issue 5): the review admin ----------------------------------------------------
# Each reviewer's chosen interface language (claims.ReviewerProfile), after authentication.
MIDDLEWARE.insert(
    MIDDLEWARE.index("django.contrib.auth.middleware.AuthenticationMiddleware") + 1,
    "claims.middleware.ReviewerLanguageMiddleware",
)
# ---- Public API (issue 6: claims/api/) --------------------------------------------------
# Per-client tokens (claims.ApiClient, revocable in the admin) and sessions; one error
# format; cursor pagination; throttling per token. See docs/api.md.
REST_FRAMEWORK.update(
    {
        # ApiClient tokens first; DRF's own tokens and sessions keep working.
        "DEFAULT_AUTHENTICATION_CLASSES": [
            "claims.api.authentication.ApiClientTokenAuthentication",
            "rest_framework.authentication.TokenAuthentication",
            "rest_framework.authentication.SessionAuthentication",
        ],
        "DEFAULT_SCHEMA_CLASS": "claims.api.schema.ApiAutoSchema",
        "EXCEPTION_HANDLER": "claims.api.exceptions.exception_handler",
        "DEFAULT_THROTTLE_CLASSES": [
            "claims.api.throttling.AnonymousRateThrottle",
            "claims.api.throttling.ApiClientRateThrottle",
        ],
        "DEFAULT_THROTTLE_RATES": {
            **REST_FRAMEWORK["DEFAULT_THROTTLE_RATES"],
            "client": env.str("API_THROTTLE_CLIENT", default="1200/min"),
        },
    }
)
# POST /api/v1/articles/batch/ takes at most this many articles; each counts against the
# token's rate as one request would (the whole body stays under DATA_UPLOAD_MAX_MEMORY_SIZE).
API_ARTICLE_BATCH_MAX = env.int("API_ARTICLE_BATCH_MAX", default=100)
# Unknown addresses under /api/ answer a JSON 404 in the API's error format.
MIDDLEWARE.append("claims.api.middleware.ApiNotFoundMiddleware")
# Swagger UI served from this site (no CDN): the docs page works offline and leaks nothing.
INSTALLED_APPS.append("drf_spectacular_sidecar")
SPECTACULAR_SETTINGS.update(
    {
        "SWAGGER_UI_DIST": "SIDECAR",
        "SWAGGER_UI_FAVICON_HREF": "SIDECAR",
        "REDOC_DIST": "SIDECAR",
        "DESCRIPTION": (
            "Published verdicts, claims and ClaimReview for newsroom systems and partners. "
            "Authenticate with a per-client token: `Authorization: Token <token>`."
        ),
        "COMPONENT_SPLIT_REQUEST": True,
        "ENUM_NAME_OVERRIDES": {
            "ClaimStatusEnum": "claims.models.Claim.Status",
            "FlagStatusEnum": "claims.models.Flag.Status",
            "ClaimOriginEnum": "claims.models.Claim.Origin",
            "EvidenceOriginEnum": "sources.models.Evidence.Origin",
            "SourceKindEnum": "sources.models.Source.Kind",
        },
        "POSTPROCESSING_HOOKS": [
            "drf_spectacular.hooks.postprocess_schema_enums",
            "claims.api.schema.add_error_component",
        ],
    }
)
# ClaimReview's `url`: the public page of the fact-check, e.g. "https://news.example/fc/{id}";
# empty means the API's own ClaimReview address.
CLAIMREVIEW_URL_TEMPLATE = env.str("CLAIMREVIEW_URL_TEMPLATE", default="")
# Seconds a worker remembers a good API token (0: check the database on every request).
# A revoked token is refused at once by the worker that revoked it, within this everywhere.
API_AUTH_CACHE_SECONDS = env.int("API_AUTH_CACHE_SECONDS", default=5)
# The benchmark's values()+orjson baseline view (bench/api.py); never on in production.
BENCH_BASELINE = env.bool("BENCH_BASELINE", default=False)

# --- Claim matching: earlier fact-checks suggested to reviewers (issue 8) ---------------
# After each analysis every claim is compared with the claims of other articles whose
# verdict is published; up to FACTCHECK_MATCH_TOP scoring at least FACTCHECK_MATCH_MIN_SCORE
# are suggested (docs/matching.md has the figures behind the defaults).
FACTCHECK_MATCH_MIN_SCORE = env.float("FACTCHECK_MATCH_MIN_SCORE", default=0.3)
FACTCHECK_MATCH_TOP = env.int("FACTCHECK_MATCH_TOP", default=5)
# A verdict published later reaches the open claims analysed before it: of the claims that
# share a word stem with it, this many (those sharing most of their words) are scored.
FACTCHECK_LATE_MATCH_CANDIDATES = env.int("FACTCHECK_LATE_MATCH_CANDIDATES", default=500)
# Matching keeps an index of published claims per worker process: it runs with the analysis.
CELERY_TASK_ROUTES["claims.tasks.match_*"] = {"queue": "analysis"}
