from django.contrib import admin
from django.urls import include, path
from django.views.generic import RedirectView

from factcheck.health import HealthView, StaffHealthView

admin.site.site_header = "Fact-check workbench"
admin.site.site_title = "Fact-check workbench"

urlpatterns = [
    path("", RedirectView.as_view(url="/admin/", permanent=False)),
    path("admin/", admin.site.urls),
    path("i18n/", include("django.conf.urls.i18n")),
    path("notifications/", include("claims.notifications.urls")),
    path("api/v1/archive/", include("sources.api.urls")),
    path("review/", include("claims.urls")),
    path("api/", include("claims.api.root_urls")),
    # Health (factcheck/health.py): liveness, readiness, workers.
    path("healthz/", HealthView.as_view(checks=()), name="healthz"),
    path(
        "readyz/",
        HealthView.as_view(checks=("health_check.checks.Database", "factcheck.health.Broker")),
        name="readyz",
    ),
    path(
        "healthz/workers/",
        StaffHealthView.as_view(checks=("factcheck.health.WorkerQueues",)),
        name="healthz-workers",
    ),
]
