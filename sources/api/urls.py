from django.urls import path

from sources.api import views

app_name = "sources-api"

urlpatterns = [
    path("", views.SourceListApi.as_view(), name="source-list"),
    path("<int:pk>/", views.SourceDetailApi.as_view(), name="source-detail"),
    path("<int:pk>/fetch/", views.SourceFetchApi.as_view(), name="source-fetch"),
    path("evidence/", views.EvidenceListApi.as_view(), name="evidence-list"),
    path(
        "claims/<int:claim_id>/references/",
        views.ClaimReferencesApi.as_view(),
        name="claim-references",
    ),
]
