"""Sources and evidence over HTTP: views validate, call a service, serialise."""

from django.db.models import Prefetch
from django.http import Http404
from django.shortcuts import get_object_or_404
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import status
from rest_framework.exceptions import PermissionDenied as DrfPermissionDenied
from rest_framework.exceptions import ValidationError
from rest_framework.pagination import PageNumberPagination
from rest_framework.permissions import IsAuthenticated
from rest_framework.response import Response
from rest_framework.views import APIView

from claims.models import Claim
from factcheck.errors import ValidationFailed
from sources import selectors, services
from sources.api import serializers as s
from sources.models import Evidence, ReferenceEvent, Snapshot, Source


class _Pagination(PageNumberPagination):
    page_size = 50
    max_page_size = 200
    page_size_query_param = "page_size"


def _need(request, *perms: str) -> None:
    if not all(request.user.has_perm(p) for p in perms):
        raise DrfPermissionDenied("You do not have permission to do this.")


def _get(queryset_or_model, pk):
    if not 0 < int(pk) <= s.MAX_ID:
        raise Http404("No such object.")
    return get_object_or_404(queryset_or_model, pk=pk)


# Errors are raised, not returned: the API's exception handler (claims.api.exceptions) gives
# them the one error body every /api/ answer has, service errors included.
def _validated(serializer_class, data) -> dict:
    serializer = serializer_class(data=data)
    serializer.is_valid(raise_exception=True)
    return serializer.validated_data


class SourceListApi(APIView):
    permission_classes = [IsAuthenticated]

    @extend_schema(
        summary="Sources with their fetch status",
        operation_id="archive_sources_list",
        parameters=[OpenApiParameter("page", int), OpenApiParameter("page_size", int)],
        responses={200: s.PaginatedSourcesSerializer},
    )
    def get(self, request):
        _need(request, "sources.view_source")
        queryset = Source.objects.select_related("publisher_org").order_by("-created_at")
        paginator = _Pagination()
        page = paginator.paginate_queryset(queryset, request, view=self)
        return paginator.get_paginated_response(s.SourceOutputSerializer(page, many=True).data)

    @extend_schema(
        summary="Add a source by URL; its fetch is queued",
        operation_id="archive_sources_add",
        request=s.SourceInputSerializer,
        responses={202: s.SourceOutputSerializer, 200: s.SourceOutputSerializer},
    )
    def post(self, request):
        _need(request, "sources.add_source")
        data = _validated(s.SourceInputSerializer, request.data)
        source, created = services.source_add_by_url(added_by=request.user, **data)
        code = status.HTTP_202_ACCEPTED if created else status.HTTP_200_OK
        return Response(s.SourceOutputSerializer(source).data, status=code)


def _source_with_snapshots(pk: int) -> Source:
    snapshots = Snapshot.objects.defer("content", "text").order_by("-fetched_at")
    return _get(
        Source.objects.select_related("publisher_org").prefetch_related(
            Prefetch("snapshots", queryset=snapshots)
        ),
        pk,
    )


class SourceDetailApi(APIView):
    permission_classes = [IsAuthenticated]

    @extend_schema(
        summary="A source and its snapshots",
        operation_id="archive_sources_retrieve",
        responses={200: s.SourceDetailSerializer},
    )
    def get(self, request, pk: int):
        _need(request, "sources.view_source")
        return Response(s.SourceDetailSerializer(_source_with_snapshots(pk)).data)


class SourceFetchApi(APIView):
    permission_classes = [IsAuthenticated]

    @extend_schema(
        summary="Fetch a source again",
        operation_id="archive_sources_fetch",
        request=None,
        responses={202: s.SourceOutputSerializer},
    )
    def post(self, request, pk: int):
        _need(request, "sources.change_source")
        source = _get(Source, pk)
        services.source_fetch_queue(source=source)
        return Response(s.SourceOutputSerializer(source).data, status=status.HTTP_202_ACCEPTED)


class EvidenceListApi(APIView):
    permission_classes = [IsAuthenticated]

    @extend_schema(
        summary="A claim's evidence, with whether each excerpt was found",
        operation_id="archive_evidence_list",
        parameters=[
            OpenApiParameter("claim", OpenApiTypes.INT, required=True),
            OpenApiParameter("page", int),
            OpenApiParameter("page_size", int),
        ],
        responses={200: s.PaginatedEvidenceSerializer},
    )
    def get(self, request):
        _need(request, "sources.view_evidence")
        claim_id = request.query_params.get("claim", "")
        if not claim_id.isascii() or not claim_id.isdigit():
            raise ValidationError({"claim": ["Give the claim: ?claim=<id>."]}, code="required")
        claim = _get(Claim, int(claim_id))
        queryset = selectors.evidence_list_for_claim(claim)
        paginator = _Pagination()
        page = paginator.paginate_queryset(queryset, request, view=self)
        return paginator.get_paginated_response(s.EvidenceOutputSerializer(page, many=True).data)

    @extend_schema(
        summary="Quote a source as evidence for a claim; the excerpt is located",
        operation_id="archive_evidence_add",
        request=s.EvidenceInputSerializer,
        responses={201: s.EvidenceOutputSerializer},
    )
    def post(self, request):
        data = _validated(s.EvidenceInputSerializer, request.data)
        claim = _get(Claim, data["claim"])
        source = _get(Source, data["source"])
        evidence = services.evidence_add(
            claim=claim,
            source=source,
            excerpt=data["excerpt"],
            stance=data["stance"],
            note=data["note"],
            added_by=request.user,
        )
        return Response(s.EvidenceOutputSerializer(evidence).data, status=status.HTTP_201_CREATED)


class ClaimReferencesApi(APIView):
    """The registry's suggestions for a claim (GET) and attaching one (POST)."""

    permission_classes = [IsAuthenticated]

    @extend_schema(
        summary="Registry evidence suggested for a claim",
        operation_id="archive_references_list",
        responses={200: s.ReferenceSuggestionSerializer(many=True)},
    )
    def get(self, request, claim_id: int):
        _need(request, "claims.view_claim")
        claim = _get(Claim, claim_id)
        suggestions = selectors.claim_reference_suggestions(claim)
        return Response(s.ReferenceSuggestionSerializer(suggestions, many=True).data)

    @extend_schema(
        summary="Attach a suggested resolution or reference event in one call",
        operation_id="archive_references_attach",
        request=s.ReferenceAttachSerializer,
        responses={201: s.EvidenceOutputSerializer, 200: s.EvidenceOutputSerializer},
    )
    def post(self, request, claim_id: int):
        claim = _get(Claim, claim_id)
        data = _validated(s.ReferenceAttachSerializer, request.data)
        if data.get("resolution"):
            evidence, created = services.evidence_add_reference_resolution(
                claim=claim, number=data["resolution"], user=request.user
            )
        else:
            event = ReferenceEvent.objects.filter(slug=data["event"]).first()
            if event is None:
                raise ValidationFailed("That reference event does not exist.")
            evidence, created = services.evidence_add_reference_event(
                claim=claim, event=event, user=request.user
            )
        evidence = Evidence.objects.select_related("source__publisher_org").get(pk=evidence.pk)
        return Response(
            s.EvidenceOutputSerializer(evidence).data,
            status=status.HTTP_201_CREATED if created else status.HTTP_200_OK,
        )
