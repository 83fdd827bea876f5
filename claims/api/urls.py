from django.urls import path
from rest_framework.routers import SimpleRouter

from claims.api import views

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
]
