"""Sources and evidence over HTTP: views validate, call a service, serialise."""

from django.db.models import Prefetch
from django.shortcuts import get_object_or_404
from rest_framework import status
from rest_framework.exceptions import PermissionDenied as DrfPermissionDenied
from rest_framework.pagination import PageNumberPagination
from rest_framework.permissions import IsAuthenticated
from rest_framework.response import Response
from rest_framework.views import APIView

from claims.models import Claim
from factcheck.errors import ApplicationError, PermissionDenied, ValidationFailed
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


def _error(exc: ApplicationError) -> Response:
    code = status.HTTP_403_FORBIDDEN if isinstance(exc, PermissionDenied) else 400
    return Response({"detail": exc.message}, status=code)


class SourceListApi(APIView):
    permission_classes = [IsAuthenticated]

    def get(self, request):
        _need(request, "sources.view_source")
        queryset = Source.objects.select_related("publisher_org").order_by("-created_at")
        paginator = _Pagination()
        page = paginator.paginate_queryset(queryset, request, view=self)
        return paginator.get_paginated_response(s.SourceOutputSerializer(page, many=True).data)

    def post(self, request):
        _need(request, "sources.add_source")
        data = s.SourceInputSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        try:
            source, created = services.source_add_by_url(
                added_by=request.user, **data.validated_data
            )
        except ApplicationError as exc:
            return _error(exc)
        code = status.HTTP_202_ACCEPTED if created else status.HTTP_200_OK
        return Response(s.SourceOutputSerializer(source).data, status=code)


def _source_with_snapshots(pk: int) -> Source:
    snapshots = Snapshot.objects.defer("content", "text").order_by("-fetched_at")
    return get_object_or_404(
        Source.objects.select_related("publisher_org").prefetch_related(
            Prefetch("snapshots", queryset=snapshots)
        ),
        pk=pk,
    )


class SourceDetailApi(APIView):
    permission_classes = [IsAuthenticated]

    def get(self, request, pk: int):
        _need(request, "sources.view_source")
        return Response(s.SourceDetailSerializer(_source_with_snapshots(pk)).data)


class SourceFetchApi(APIView):
    permission_classes = [IsAuthenticated]

    def post(self, request, pk: int):
        _need(request, "sources.change_source")
        source = get_object_or_404(Source, pk=pk)
        try:
            services.source_fetch_queue(source=source)
        except ApplicationError as exc:
            return _error(exc)
        return Response(s.SourceOutputSerializer(source).data, status=status.HTTP_202_ACCEPTED)


class EvidenceListApi(APIView):
    permission_classes = [IsAuthenticated]

    def get(self, request):
        _need(request, "sources.view_evidence")
        claim_id = request.query_params.get("claim", "")
        if not claim_id.isdigit():
            return Response({"detail": "Give the claim: ?claim=<id>."}, status=400)
        claim = get_object_or_404(Claim, pk=int(claim_id))
        queryset = selectors.evidence_list_for_claim(claim)
        paginator = _Pagination()
        page = paginator.paginate_queryset(queryset, request, view=self)
        return paginator.get_paginated_response(s.EvidenceOutputSerializer(page, many=True).data)

    def post(self, request):
        data = s.EvidenceInputSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        claim = get_object_or_404(Claim, pk=data.validated_data["claim"])
        source = get_object_or_404(Source, pk=data.validated_data["source"])
        try:
            evidence = services.evidence_add(
                claim=claim,
                source=source,
                excerpt=data.validated_data["excerpt"],
                stance=data.validated_data["stance"],
                note=data.validated_data["note"],
                added_by=request.user,
            )
        except ApplicationError as exc:
            return _error(exc)
        return Response(s.EvidenceOutputSerializer(evidence).data, status=status.HTTP_201_CREATED)


class ClaimReferencesApi(APIView):
    """The registry's suggestions for a claim (GET) and attaching one (POST)."""

    permission_classes = [IsAuthenticated]

    def get(self, request, claim_id: int):
        _need(request, "claims.view_claim")
        claim = get_object_or_404(Claim, pk=claim_id)
        suggestions = selectors.claim_reference_suggestions(claim)
        return Response(s.ReferenceSuggestionSerializer(suggestions, many=True).data)

    def post(self, request, claim_id: int):
        claim = get_object_or_404(Claim, pk=claim_id)
        data = s.ReferenceAttachSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        try:
            if data.validated_data.get("resolution"):
                evidence, created = services.evidence_add_reference_resolution(
                    claim=claim, number=data.validated_data["resolution"], user=request.user
                )
            else:
                event = ReferenceEvent.objects.filter(slug=data.validated_data["event"]).first()
                if event is None:
                    raise ValidationFailed("That reference event does not exist.")
                evidence, created = services.evidence_add_reference_event(
                    claim=claim, event=event, user=request.user
                )
        except ApplicationError as exc:
            return _error(exc)
        evidence = Evidence.objects.select_related("source__publisher_org").get(pk=evidence.pk)
        return Response(
            s.EvidenceOutputSerializer(evidence).data,
            status=status.HTTP_201_CREATED if created else status.HTTP_200_OK,
        )
