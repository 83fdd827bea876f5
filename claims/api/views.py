"""The public API. Views validate input, call a service, and serialise; nothing else."""

from __future__ import annotations

import re

from django.conf import settings
from django.db.models import QuerySet
from django.urls import reverse
from django_filters.rest_framework import DjangoFilterBackend
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import (
    OpenApiParameter,
    OpenApiResponse,
    extend_schema,
    extend_schema_view,
)
from rest_framework import mixins, status, viewsets
from rest_framework.decorators import action
from rest_framework.exceptions import NotFound, ValidationError
from rest_framework.generics import GenericAPIView, ListAPIView
from rest_framework.parsers import MultiPartParser
from rest_framework.response import Response

from claims import services, workflow
from claims.api import selectors
from claims.api.claimreview import claimreview
from claims.api.exceptions import (
    PayloadTooLarge,
    PreconditionFailed,
    PreconditionRequired,
    SourceUnavailable,
    error_body,
    validation_error_body,
)
from claims.api.filters import (
    ArticleFilter,
    ClaimFilter,
    ClaimReviewFilter,
    EvidenceFilter,
    FlagFilter,
    VerdictFilter,
)
from claims.api.pagination import ApiCursorPagination, CreatedCursorPagination
from claims.api.parsers import ORJSONParser, StrictFormParser
from claims.api.permissions import CanReadPublished, IsReviewer
from claims.api.renderers import JSONLDRenderer, ORJSONRenderer
from claims.api.schema import CLAIMREVIEW_SCHEMA
from claims.api.serializers import (
    ArticleBatchInputSerializer,
    ArticleBatchItemSerializer,
    ArticleBatchOutputSerializer,
    ArticleDetailSerializer,
    ArticleInputSerializer,
    ArticleOutputSerializer,
    ArticleSubmittedSerializer,
    ClaimOutputSerializer,
    EvidenceSerializer,
    FlagOutputSerializer,
    FlagUpdateSerializer,
    RatingSerializer,
    SourceSerializer,
    VerdictCreateSerializer,
    VerdictOutputSerializer,
    VerdictUpdateSerializer,
)
from claims.models import Verdict
from factcheck.errors import ConflictError, ValidationFailed


def _body_limit() -> int:
    # The article's text plus room for JSON escaping and the other fields.
    return settings.DATA_UPLOAD_MAX_MEMORY_SIZE


class ApiMixin:
    renderer_classes = [ORJSONRenderer]
    parser_classes = [ORJSONParser]
    filter_backends = [DjangoFilterBackend]

    def initial(self, request, *args, **kwargs):
        # Refuse an oversized body before anything reads it.
        try:
            length = int(request.META.get("CONTENT_LENGTH") or 0)
        except ValueError:
            length = 0
        if length > _body_limit():
            raise PayloadTooLarge(
                f"The request body is {length} bytes; the limit is {_body_limit()} bytes."
            )
        super().initial(request, *args, **kwargs)


# ---- articles -------------------------------------------------------------------------


@extend_schema_view(
    list=extend_schema(summary="Articles, newest first"),
    retrieve=extend_schema(summary="An article with its claims and flags (its status URL)"),
)
class ArticleViewSet(
    ApiMixin,
    mixins.ListModelMixin,
    mixins.RetrieveModelMixin,
    viewsets.GenericViewSet,
):
    permission_classes = [IsReviewer]
    parser_classes = [ORJSONParser, MultiPartParser, StrictFormParser]
    pagination_class = CreatedCursorPagination
    filterset_class = ArticleFilter

    def get_queryset(self) -> QuerySet:
        if self.action == "retrieve":
            return selectors.article_detail_queryset(user=self.request.user)
        return selectors.article_list()

    def get_serializer_class(self):
        if self.action == "retrieve":
            return ArticleDetailSerializer
        if self.action == "create":
            return ArticleInputSerializer
        return ArticleOutputSerializer

    @extend_schema(
        summary="Submit an article for analysis",
        description=(
            "Send the text as JSON or form data, or a UTF-8 file as multipart `file`. "
            "Answers 202 with the article's status URL; the same text submitted again "
            "answers 200 with the existing article. `url` is kept as metadata: fetching "
            "an article by its URL arrives with the sources work."
        ),
        request={
            "application/json": ArticleInputSerializer,
            "multipart/form-data": ArticleInputSerializer,
        },
        responses={202: ArticleSubmittedSerializer, 200: ArticleSubmittedSerializer},
    )
    def create(self, request, *args, **kwargs):
        serializer = ArticleInputSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        data = serializer.validated_data
        upload = data.get("file")
        if upload is None and not data.get("text", "").strip():
            article, created = self._submit_url(request, data)
        else:
            if upload is not None:
                if upload.size > settings.ARTICLE_MAX_BYTES:
                    raise PayloadTooLarge(
                        f"The file is {upload.size} bytes; the limit is "
                        f"{settings.ARTICLE_MAX_BYTES} bytes of text."
                    )
                text: str | bytes = upload.read()
            else:
                text = data["text"]
                if len(text.encode("utf-8", errors="surrogatepass")) > settings.ARTICLE_MAX_BYTES:
                    raise PayloadTooLarge(
                        f"The article is longer than the limit of {settings.ARTICLE_MAX_BYTES} "
                        "bytes of text."
                    )
            article, created = services.article_submit(
                text=text,
                title=data.get("title", ""),
                url=data.get("url", ""),
                outlet=data.get("outlet", ""),
                published=data.get("published_at"),
                language=data.get("language"),
                submitted_by=request.user,
            )
        status_url = settings.SITE_URL + reverse("api:article-detail", args=[article.pk])
        body = ArticleSubmittedSerializer(
            {
                "id": article.pk,
                "created": created,
                "analysis_status": article.analysis_status,
                "status_url": status_url,
            }
        ).data
        return Response(
            body,
            status=status.HTTP_202_ACCEPTED if created else status.HTTP_200_OK,
            headers={"Location": status_url},
        )

    @extend_schema(
        summary="Submit a batch of articles for analysis",
        description=(
            "For importers: up to `API_ARTICLE_BATCH_MAX` (100) articles as JSON, each with its "
            "text. Each article is checked and stored on its own, as a single POST would be; "
            "the answer is 207 with one result per article, in order, carrying the status a "
            "single POST would have had (202, 200 for a text submitted before, 400 or 413 "
            "with the error). Each article counts against the token's rate."
        ),
        request={"application/json": ArticleBatchInputSerializer},
        responses={207: ArticleBatchOutputSerializer},
    )
    @action(detail=False, methods=["post"], parser_classes=[ORJSONParser])
    def batch(self, request):
        results = [
            self._batch_item(index, item, request.user)
            for index, item in enumerate(_batch_items(request.data))
        ]
        return Response({"results": results}, status=status.HTTP_207_MULTI_STATUS)

    def throttle_weight(self, request) -> int:
        if self.action != "batch":
            return 1
        items = request.data.get("articles") if isinstance(request.data, dict) else None
        return len(items) if isinstance(items, list) else 1

    def _batch_item(self, index: int, item, user) -> dict:
        serializer = ArticleBatchItemSerializer(data=item)
        if not serializer.is_valid():
            error = ValidationError(serializer.errors)
            return {"index": index, **validation_error_body(400, error)}
        data = serializer.validated_data
        if len(data["text"].encode("utf-8")) > settings.ARTICLE_MAX_BYTES:
            detail = (
                f"The article is longer than the limit of {settings.ARTICLE_MAX_BYTES} "
                "bytes of text."
            )
            return {"index": index, **error_body(413, "too_large", detail)}
        try:
            article, created = services.article_submit(
                text=data["text"],
                title=data.get("title", ""),
                url=data.get("url", ""),
                outlet=data.get("outlet", ""),
                published=data.get("published_at"),
                language=data.get("language"),
                submitted_by=user,
            )
        except ValidationFailed as exc:
            return {"index": index, **error_body(400, "invalid", exc.message)}
        return {
            "index": index,
            "status": 202 if created else 200,
            "id": article.pk,
            "created": created,
            "analysis_status": article.analysis_status,
            "status_url": settings.SITE_URL + reverse("api:article-detail", args=[article.pk]),
        }

    def _submit_url(self, request, data):
        """Fetch the page (address guard, timeouts, size limit) and submit its main text."""
        from factcheck.errors import ValidationFailed
        from sources.services import article_submit_from_url

        try:
            return article_submit_from_url(
                url=data["url"], submitted_by=request.user, language=data.get("language")
            )
        except ValidationFailed as exc:
            if exc.extra.get("temporary"):
                raise SourceUnavailable(exc.message) from None
            raise


def _batch_items(data) -> list:
    """The batch's list of articles, or a 400 for the whole request."""
    limit = settings.API_ARTICLE_BATCH_MAX
    items = data.get("articles") if isinstance(data, dict) else None
    if not isinstance(items, list):
        raise ValidationError({"articles": ["Send the articles as a list."]}, code="required")
    if not items:
        raise ValidationError({"articles": ["Send at least one article."]}, code="empty")
    if len(items) > limit:
        raise ValidationError(
            {"articles": [f"At most {limit} articles per request; this one has {len(items)}."]},
            code="max_length",
        )
    return items


# ---- claims ---------------------------------------------------------------------------


@extend_schema_view(
    list=extend_schema(summary="Claims (API clients: only claims with a published verdict)"),
    retrieve=extend_schema(summary="A claim with its values, attribution and verdict"),
)
class ClaimViewSet(
    ApiMixin, mixins.ListModelMixin, mixins.RetrieveModelMixin, viewsets.GenericViewSet
):
    permission_classes = [CanReadPublished]
    serializer_class = ClaimOutputSerializer
    pagination_class = ApiCursorPagination
    filterset_class = ClaimFilter

    def get_queryset(self) -> QuerySet:
        return selectors.claim_list(user=self.request.user)


@extend_schema(
    summary="schema.org ClaimReview (JSON-LD) for the claim's published verdict",
    responses={200: OpenApiResponse(response=CLAIMREVIEW_SCHEMA)},
)
class ClaimReviewApi(ApiMixin, GenericAPIView):
    permission_classes = [CanReadPublished]
    renderer_classes = [JSONLDRenderer, ORJSONRenderer]
    pagination_class = None
    filter_backends = []

    def get_queryset(self) -> QuerySet:
        return selectors.claimreview_list()

    def get(self, request, pk: int):
        # Every role gets the same answer: a ClaimReview exists only once published.
        verdict = self.get_queryset().filter(claim_id=pk).order_by("-published_at", "-id").first()
        if verdict is None:
            raise NotFound("This claim has no published verdict.")
        return Response(claimreview(verdict, scale=selectors.rating_scale()))


@extend_schema(exclude=True)
class ClaimReviewSlashApi(ClaimReviewApi):
    pass


@extend_schema(
    summary="Feed of all published ClaimReviews (JSON-LD), most recently changed first",
    responses={200: OpenApiResponse(response=CLAIMREVIEW_SCHEMA)},
)
class ClaimReviewFeedApi(ApiMixin, ListAPIView):
    permission_classes = [CanReadPublished]
    renderer_classes = [JSONLDRenderer, ORJSONRenderer]
    pagination_class = ApiCursorPagination
    filterset_class = ClaimReviewFilter

    def get_queryset(self) -> QuerySet:
        return selectors.claimreview_list()

    def list(self, request, *args, **kwargs):
        page = self.paginate_queryset(self.filter_queryset(self.get_queryset()))
        scale = selectors.rating_scale()
        return self.get_paginated_response([claimreview(v, scale=scale) for v in page])


@extend_schema(exclude=True)
class ClaimReviewFeedSlashApi(ClaimReviewFeedApi):
    """The feed with a trailing slash, like every other list here."""


# ---- verdicts -------------------------------------------------------------------------

_ETAG = re.compile(r'^(?:W/)?"(\d+)-(\d+)"$')

IF_MATCH = OpenApiParameter(
    "If-Match",
    OpenApiTypes.STR,
    OpenApiParameter.HEADER,
    required=True,
    description='The verdict\'s ETag, e.g. "12-3" (id-version), from the last GET.',
)
VERDICT_WRITE_RESPONSES = {
    200: VerdictOutputSerializer,
    412: OpenApiResponse(description="The verdict changed since the ETag was issued."),
    428: OpenApiResponse(description="If-Match is missing."),
}


def verdict_etag(verdict: Verdict) -> str:
    return f'"{verdict.pk}-{verdict.version}"'


def _if_match_version(request, verdict: Verdict) -> int | None:
    """The version the client last saw, from If-Match; None for `*`."""
    header = request.headers.get("If-Match", "").strip()
    if not header:
        raise PreconditionRequired()
    if header == "*":
        return None
    for tag in header.split(","):
        match = _ETAG.match(tag.strip())
        if match and int(match.group(1)) == verdict.pk:
            return int(match.group(2))
    raise PreconditionFailed()


@extend_schema_view(
    list=extend_schema(summary="Verdicts (API clients: published only)"),
    retrieve=extend_schema(summary="A verdict; its ETag is the version to send in If-Match"),
)
class VerdictViewSet(
    ApiMixin,
    mixins.ListModelMixin,
    mixins.RetrieveModelMixin,
    viewsets.GenericViewSet,
):
    permission_classes = [CanReadPublished]
    pagination_class = ApiCursorPagination
    filterset_class = VerdictFilter
    http_method_names = ["get", "post", "patch", "head", "options"]

    def get_queryset(self) -> QuerySet:
        qs = selectors.verdict_list(user=self.request.user)
        if self.action == "list":
            return qs
        return qs.select_related("rating", "claim__article")

    def get_serializer_class(self):
        if self.action == "create":
            return VerdictCreateSerializer
        if self.action == "partial_update":
            return VerdictUpdateSerializer
        return VerdictOutputSerializer

    def filter_queryset(self, queryset):
        # The plain page clients poll has no filters: skip building the filter form.
        if not set(self.request.query_params) - {"cursor", "page_size"}:
            return queryset
        return super().filter_queryset(queryset)

    def list(self, request, *args, **kwargs):
        # Served from values(): the list is what API clients poll, and it must stay fast.
        queryset = self.filter_queryset(self.get_queryset()).values(*selectors.VERDICT_ROW_FIELDS)
        page = self.paginate_queryset(queryset)
        return self.get_paginated_response([selectors.verdict_row(r) for r in page])

    def retrieve(self, request, *args, **kwargs):
        verdict = self.get_object()
        return self._respond(verdict)

    def _respond(self, verdict: Verdict, status_code: int = 200, **headers) -> Response:
        return Response(
            VerdictOutputSerializer(verdict).data,
            status=status_code,
            headers={"ETag": verdict_etag(verdict), **headers},
        )

    def _reload(self, verdict: Verdict) -> Verdict:
        return Verdict.objects.select_related("rating", "claim__article").get(pk=verdict.pk)

    @extend_schema(
        summary="Create a draft verdict on a claim (fact-checkers and editors)",
        request=VerdictCreateSerializer,
        responses={201: VerdictOutputSerializer},
    )
    def create(self, request, *args, **kwargs):
        serializer = VerdictCreateSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        data = serializer.validated_data
        claim = (
            selectors.claim_list(user=request.user)
            .select_related("article")
            .filter(pk=data["claim"])
            .first()
        )
        if claim is None:
            raise ValidationFailed(f"There is no claim {data['claim']}.")
        verdict = workflow.verdict_create(
            claim=claim,
            rating=data["rating"],
            rationale=data["rationale"],
            author=request.user,
            language=data.get("language", ""),
        )
        location = reverse("api:verdict-detail", args=[verdict.pk])
        return self._respond(self._reload(verdict), status.HTTP_201_CREATED, Location=location)

    @extend_schema(
        summary="Edit a draft or submitted verdict's rating or rationale",
        parameters=[IF_MATCH],
        request=VerdictUpdateSerializer,
        responses=VERDICT_WRITE_RESPONSES,
    )
    def partial_update(self, request, *args, **kwargs):
        verdict = self.get_object()
        version = _if_match_version(request, verdict)
        serializer = VerdictUpdateSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        try:
            verdict = workflow.verdict_update(
                verdict=verdict,
                actor=request.user,
                version=version,
                rating=serializer.validated_data.get("rating"),
                rationale=serializer.validated_data.get("rationale"),
            )
        except ConflictError:
            raise PreconditionFailed() from None
        return self._respond(self._reload(verdict))

    def _transition(self, request, service, **kwargs):
        verdict = self.get_object()
        version = _if_match_version(request, verdict)
        try:
            verdict = service(verdict=verdict, version=version, **kwargs)
        except ConflictError:
            raise PreconditionFailed() from None
        return self._respond(self._reload(verdict))

    @extend_schema(
        summary="Submit a draft for an editor's approval",
        parameters=[IF_MATCH],
        request=None,
        responses=VERDICT_WRITE_RESPONSES,
    )
    @action(detail=True, methods=["post"])
    def submit(self, request, pk=None):
        return self._transition(request, workflow.verdict_submit, actor=request.user)

    @extend_schema(
        summary="Approve a submitted verdict (an editor other than its author)",
        parameters=[IF_MATCH],
        request=None,
        responses=VERDICT_WRITE_RESPONSES,
    )
    @action(detail=True, methods=["post"])
    def approve(self, request, pk=None):
        return self._transition(request, workflow.verdict_approve, approver=request.user)

    @extend_schema(
        summary="Publish an approved verdict (editors)",
        parameters=[IF_MATCH],
        request=None,
        responses=VERDICT_WRITE_RESPONSES,
    )
    @action(detail=True, methods=["post"])
    def publish(self, request, pk=None):
        return self._transition(request, workflow.verdict_publish, actor=request.user)

    @extend_schema(
        summary="Reopen an approved or published verdict for editing (editors)",
        parameters=[IF_MATCH],
        request=None,
        responses=VERDICT_WRITE_RESPONSES,
    )
    @action(detail=True, methods=["post"])
    def reopen(self, request, pk=None):
        return self._transition(request, workflow.verdict_reopen, actor=request.user)


# ---- flags, sources, evidence, ratings --------------------------------------------------


@extend_schema_view(
    list=extend_schema(summary="Flags the analysis raised"),
    retrieve=extend_schema(summary="A flag"),
    partial_update=extend_schema(
        summary="Accept, dismiss or reopen a flag",
        request=FlagUpdateSerializer,
        responses={200: FlagOutputSerializer},
    ),
)
class FlagViewSet(
    ApiMixin, mixins.ListModelMixin, mixins.RetrieveModelMixin, viewsets.GenericViewSet
):
    permission_classes = [IsReviewer]
    serializer_class = FlagOutputSerializer
    pagination_class = ApiCursorPagination
    filterset_class = FlagFilter
    http_method_names = ["get", "patch", "head", "options"]

    def get_queryset(self) -> QuerySet:
        return selectors.flag_list()

    def partial_update(self, request, *args, **kwargs):
        flag = self.get_object()
        serializer = FlagUpdateSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        flag = workflow.flag_resolve(
            flag=flag,
            actor=request.user,
            status=serializer.validated_data["status"],
            note=serializer.validated_data.get("note", ""),
        )
        return Response(FlagOutputSerializer(flag).data)


@extend_schema_view(
    list=extend_schema(summary="Sources"), retrieve=extend_schema(summary="A source")
)
class SourceViewSet(
    ApiMixin, mixins.ListModelMixin, mixins.RetrieveModelMixin, viewsets.GenericViewSet
):
    permission_classes = [IsReviewer]
    serializer_class = SourceSerializer
    pagination_class = CreatedCursorPagination

    def get_queryset(self) -> QuerySet:
        return selectors.source_list()


@extend_schema_view(
    list=extend_schema(summary="Evidence attached to claims"),
    retrieve=extend_schema(summary="One piece of evidence"),
)
class EvidenceViewSet(
    ApiMixin, mixins.ListModelMixin, mixins.RetrieveModelMixin, viewsets.GenericViewSet
):
    permission_classes = [IsReviewer]
    serializer_class = EvidenceSerializer
    pagination_class = CreatedCursorPagination
    filterset_class = EvidenceFilter

    def get_queryset(self) -> QuerySet:
        return selectors.evidence_list()


@extend_schema_view(list=extend_schema(summary="The verdict scale"))
class RatingViewSet(ApiMixin, mixins.ListModelMixin, viewsets.GenericViewSet):
    permission_classes = [CanReadPublished]
    serializer_class = RatingSerializer
    pagination_class = None

    def get_queryset(self) -> QuerySet:
        return selectors.rating_list()
