from django.apps import AppConfig
from django.db.models.signals import post_migrate
from django.utils.translation import gettext_lazy as _


def _ensure_roles(sender, **kwargs) -> None:
    # Run after each of the two apps whose permissions the roles hold; the later one completes them.
    if sender.label in ("claims", "sources"):
        from claims.roles import roles_ensure

        roles_ensure()


class ClaimsConfig(AppConfig):
    name = "claims"
    verbose_name = _("Claims and verdicts")

    def ready(self) -> None:
        post_migrate.connect(_ensure_roles, dispatch_uid="claims_roles")
        # Register the tasks in every process, not only in workers (Celery's autodiscovery
        # runs at worker start): the web process and manage.py queue them by name.
        from claims import tasks  # noqa: F401
