"""Everything the API adds at the project root: /api/v1/, the schema, the docs, the bench."""

from django.conf import settings
from django.urls import include, path
from drf_spectacular.views import SpectacularAPIView, SpectacularSwaggerView

urlpatterns = [
    path("v1/", include("claims.api.urls", namespace="api")),
    path("schema/", SpectacularAPIView.as_view(), name="api-schema"),
    path("docs/", SpectacularSwaggerView.as_view(url_name="api-schema"), name="api-docs"),
]

if getattr(settings, "BENCH_BASELINE", False):
    from claims.api.bench import verdicts_baseline

    urlpatterns.append(path("bench/verdicts-baseline/", verdicts_baseline))
