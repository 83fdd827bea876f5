"""Reads for the API, scoped to what the user's role may see."""

from __future__ import annotations

from django.db.models import Exists, Max, Min, OuterRef, Prefetch, QuerySet

from claims.api.permissions import is_reviewer
from claims.models import Article, Claim, ClaimValue, Flag, Rating, Verdict
from claims.selectors import claim_matches_shown
from sources.models import Evidence, Source


def verdict_list(*, user) -> QuerySet[Verdict]:
    """Reviewers see every verdict; everyone else only published ones."""
    qs = Verdict.objects.all()
    if not is_reviewer(user):
        qs = qs.filter(state=Verdict.State.PUBLISHED)
    return qs


def verdict_published_list() -> QuerySet[Verdict]:
    return Verdict.objects.filter(state=Verdict.State.PUBLISHED)


# The columns the verdict list serves; the fast path and the serializer give the same shape.
VERDICT_ROW_FIELDS = (
    "id",
    "claim_id",
    "claim__text",
    "claim__article_id",
    "claim__article__url",
    "rating__slug",
    "rating__label_en",
    "rating__label_ar",
    "rating__value",
    "rationale",
    "language",
    "state",
    "version",
    "author_id",
    "approved_by_id",
    "published_at",
    "created_at",
    "updated_at",
)


def verdict_row(r: dict) -> dict:
    return {
        "id": r["id"],
        "claim": r["claim_id"],
        "claim_text": r["claim__text"],
        "article": r["claim__article_id"],
        "article_url": r["claim__article__url"],
        "rating": r["rating__slug"],
        "rating_label": r["rating__label_ar"] if r["language"] == "ar" else r["rating__label_en"],
        "rating_value": r["rating__value"],
        "rationale": r["rationale"],
        "language": r["language"],
        "state": r["state"],
        "version": r["version"],
        "author": r["author_id"],
        "approved_by": r["approved_by_id"],
        "published_at": r["published_at"],
        "created_at": r["created_at"],
        "updated_at": r["updated_at"],
    }


def _visible_verdicts(user) -> QuerySet[Verdict]:
    qs = Verdict.objects.select_related("rating").order_by("-updated_at", "-id")
    if is_reviewer(user):
        return qs.exclude(state=Verdict.State.RETRACTED)
    return qs.filter(state=Verdict.State.PUBLISHED)


def claim_list(*, user) -> QuerySet[Claim]:
    """API clients see only claims with a published verdict; reviewers see all claims."""
    qs = Claim.objects.select_related("attribution").prefetch_related(
        Prefetch("values", queryset=ClaimValue.objects.order_by("start", "id")),
        Prefetch("verdicts", queryset=_visible_verdicts(user), to_attr="visible_verdicts"),
    )
    if not is_reviewer(user):
        qs = qs.filter(
            Exists(Verdict.objects.filter(claim=OuterRef("pk"), state=Verdict.State.PUBLISHED))
        )
    return qs


def article_list() -> QuerySet[Article]:
    return Article.objects.defer("body", "analysis_error")


def article_detail_queryset(*, user) -> QuerySet[Article]:
    return Article.objects.prefetch_related(
        Prefetch(
            "claims",
            queryset=claim_list(user=user)
            .prefetch_related(
                Prefetch("matches", queryset=claim_matches_shown(), to_attr="matches_shown")
            )
            .order_by("start", "id"),
            to_attr="claim_list",
        ),
        Prefetch("flags", queryset=Flag.objects.order_by("start", "id"), to_attr="flag_list"),
    )


def flag_list() -> QuerySet[Flag]:
    return Flag.objects.all()


def source_list() -> QuerySet[Source]:
    return Source.objects.all()


def evidence_list() -> QuerySet[Evidence]:
    return Evidence.objects.select_related("source")


def rating_list() -> QuerySet[Rating]:
    return Rating.objects.order_by("order", "id")


def rating_scale() -> tuple[int, int]:
    """(worst, best) of the configured scale, for ClaimReview's reviewRating."""
    bounds = Rating.objects.aggregate(worst=Min("value"), best=Max("value"))
    return bounds["worst"] or 0, bounds["best"] or 0


def claimreview_list() -> QuerySet[Verdict]:
    return verdict_published_list().select_related(
        "rating", "claim__article", "claim__attribution__entity"
    )
