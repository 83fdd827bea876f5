from __future__ import annotations

from datetime import UTC

from django import forms
from django.db.models import Exists, OuterRef, Q
from django_filters import rest_framework as filters
from rest_framework.exceptions import ValidationError

from claims.analysis.normalize import fold
from claims.api.permissions import is_reviewer
from claims.models import Article, Claim, ClaimValue, Flag, Language, Verdict
from sources.models import Evidence


class IdFilter(filters.NumberFilter):
    # Whole numbers in the database's range: "1.5" or 10**30 is a 400, not a 500.
    field_class = forms.IntegerField

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("min_value", 1)
        kwargs.setdefault("max_value", 2**63 - 1)
        super().__init__(*args, **kwargs)


class UpdatedSinceFilter(filters.IsoDateTimeFilter):
    def __init__(self, **kwargs):
        kwargs.setdefault("field_name", "updated_at")
        kwargs.setdefault("lookup_expr", "gte")
        kwargs.setdefault("label", "Only what changed at or after this time (ISO 8601).")
        super().__init__(**kwargs)

    def filter(self, qs, value):
        if value is not None:
            # PostgreSQL refuses offsets beyond ±15:59 that Python accepts; compare in UTC.
            try:
                value = value.astimezone(UTC)
            except (OverflowError, ValueError):
                raise ValidationError(
                    {"updated_since": ["This time is outside the supported range."]}
                ) from None
        return super().filter(qs, value)


class ClaimFilter(filters.FilterSet):
    article = IdFilter(field_name="article_id")
    status = filters.ChoiceFilter(choices=Claim.Status.choices)
    value_type = filters.ChoiceFilter(
        choices=ClaimValue.Type.choices, method="filter_value_type", label="Has a value of type"
    )
    rating = filters.CharFilter(method="filter_rating", label="Rating slug of its verdict")
    language = filters.ChoiceFilter(field_name="article__language", choices=Language.choices)
    updated_since = UpdatedSinceFilter()
    search = filters.CharFilter(method="filter_search", label="Words in the claim's text")

    class Meta:
        model = Claim
        fields = []

    def filter_value_type(self, queryset, name, value):
        # EXISTS rather than a join, so a claim with two dates is listed once.
        return queryset.filter(Exists(ClaimValue.objects.filter(claim=OuterRef("pk"), type=value)))

    def filter_rating(self, queryset, name, value):
        verdicts = Verdict.objects.filter(claim=OuterRef("pk"), rating__slug=value[:50])
        if not is_reviewer(getattr(self.request, "user", None)):
            verdicts = verdicts.filter(state=Verdict.State.PUBLISHED)
        return queryset.filter(Exists(verdicts))

    def filter_search(self, queryset, name, value):
        # The folded text, as the review queue searches it: any hamza, alef, ya or ta-marbuta
        # form, with or without diacritics, and the trigram index on PostgreSQL.
        for word in value.split()[:10]:
            folded = fold(word)
            if folded:
                queryset = queryset.filter(
                    Q(text_folded__contains=folded) | Q(text_folded="", text__icontains=word)
                )
        return queryset


class VerdictFilter(filters.FilterSet):
    claim = IdFilter(field_name="claim_id")
    article = IdFilter(field_name="claim__article_id")
    rating = filters.CharFilter(field_name="rating__slug", max_length=50)
    state = filters.ChoiceFilter(choices=Verdict.State.choices)
    language = filters.ChoiceFilter(choices=Language.choices)
    updated_since = UpdatedSinceFilter()

    class Meta:
        model = Verdict
        fields = []


class ArticleFilter(filters.FilterSet):
    analysis_status = filters.ChoiceFilter(choices=Article.AnalysisStatus.choices)
    language = filters.ChoiceFilter(choices=Language.choices)
    updated_since = UpdatedSinceFilter()

    class Meta:
        model = Article
        fields = []


class FlagFilter(filters.FilterSet):
    article = IdFilter(field_name="article_id")
    claim = IdFilter(field_name="claim_id")
    category = filters.ChoiceFilter(choices=Flag.Category.choices)
    severity = filters.ChoiceFilter(choices=Flag.Severity.choices)
    status = filters.ChoiceFilter(choices=Flag.Status.choices)
    code = filters.CharFilter(max_length=60)
    updated_since = UpdatedSinceFilter()

    class Meta:
        model = Flag
        fields = []


class EvidenceFilter(filters.FilterSet):
    claim = IdFilter(field_name="claim_id")
    source = IdFilter(field_name="source_id")

    class Meta:
        model = Evidence
        fields = []


class ClaimReviewFilter(filters.FilterSet):
    updated_since = UpdatedSinceFilter()
    language = filters.ChoiceFilter(choices=Language.choices)

    class Meta:
        model = Verdict
        fields = []
