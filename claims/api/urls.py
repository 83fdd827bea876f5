from django.urls import path, re_path
from rest_framework.routers import SimpleRouter

from claims.api import views
from claims.api.exceptions import json_not_found

app_name = "api"

router = SimpleRouter()
router.register("articles", views.ArticleViewSet, basename="article")
router.register("claims", views.ClaimViewSet, basename="claim")
router.register("verdicts", views.VerdictViewSet, basename="verdict")
router.register("flags", views.FlagViewSet, basename="flag")
router.register("sources", views.SourceViewSet, basename="source")
router.register("evidence", views.EvidenceViewSet, basename="evidence")
router.register("ratings", views.RatingViewSet, basename="rating")

urlpatterns = [
    path("claims/<int:pk>/claimreview", views.ClaimReviewApi.as_view(), name="claim-claimreview"),
    path("claims/<int:pk>/claimreview/", views.ClaimReviewSlashApi.as_view()),
    *router.urls,
    path("claimreviews", views.ClaimReviewFeedApi.as_view(), name="claimreview-list"),
    path("claimreviews/", views.ClaimReviewFeedSlashApi.as_view()),
    # Anything else under /api/v1/ is a JSON 404, not Django's HTML page.
    re_path(r"^.*$", json_not_found),
]
