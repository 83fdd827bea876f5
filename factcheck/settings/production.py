"""Production hardening on top of the environment-driven settings.

    DJANGO_SETTINGS_MODULE=factcheck.settings.production SECRET_KEY=… ALLOWED_HOSTS=… \
        python manage.py check --deploy --fail-level WARNING
"""

from . import *  # noqa: F403
from . import env

DEBUG = False
SECRET_KEY = env.str("SECRET_KEY")  # required: no default in production
SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
SECURE_SSL_REDIRECT = env.bool("SECURE_SSL_REDIRECT", default=True)
# Load balancers and orchestrators probe the app over plain HTTP, from inside the network.
SECURE_REDIRECT_EXEMPT = [r"^healthz/", r"^readyz/"]
SECURE_HSTS_SECONDS = env.int("SECURE_HSTS_SECONDS", default=31536000)
SECURE_HSTS_INCLUDE_SUBDOMAINS = True
SECURE_HSTS_PRELOAD = True
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
SESSION_COOKIE_SECURE = True
CSRF_COOKIE_SECURE = True
SESSION_COOKIE_HTTPONLY = True
X_FRAME_OPTIONS = "DENY"
WHITENOISE_USE_FINDERS = False
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"},
}
# The base settings' handlers and filters, at INFO by default.
LOGGING = {
    **LOGGING,  # noqa: F405
    "root": {"handlers": ["console"], "level": env.str("LOG_LEVEL", default="INFO")},
}
