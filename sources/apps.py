from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class SourcesConfig(AppConfig):
    name = "sources"
    verbose_name = _("Sources and reference registry")

    def ready(self) -> None:
        # Registered in every process that queues them (see ClaimsConfig.ready).
        from sources import tasks  # noqa: F401
