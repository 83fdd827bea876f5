"""Mounted at /api/v1/archive/: apart from the read-only /api/v1/sources/ and /api/v1/evidence/
of the main API, so neither shadows the other when both are installed."""

from django.urls import path

from sources.api import views

app_name = "sources-api"

urlpatterns = [
    path("sources/", views.SourceListApi.as_view(), name="source-list"),
    path("sources/<int:pk>/", views.SourceDetailApi.as_view(), name="source-detail"),
    path("sources/<int:pk>/fetch/", views.SourceFetchApi.as_view(), name="source-fetch"),
    path("evidence/", views.EvidenceListApi.as_view(), name="evidence-list"),
    path(
        "claims/<int:claim_id>/references/",
        views.ClaimReferencesApi.as_view(),
        name="claim-references",
    ),
]
