"""Input and output shapes. Server-set fields (ids, states, authors, versions, approvers,
dates) exist only on output serializers, so a client cannot write them."""

from __future__ import annotations

from django.conf import settings
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from claims.models import (
    Article,
    Claim,
    ClaimMatch,
    ClaimValue,
    Flag,
    Language,
    Rating,
    Verdict,
)
from sources.models import Evidence, Source


def _no_surrogates(value: str) -> None:
    # JSON can carry lone surrogates; the database cannot store them.
    if any("\ud800" <= ch <= "\udfff" for ch in value):
        raise serializers.ValidationError(_("The text contains invalid characters."))


class TextField(serializers.CharField):
    """A string kept exactly as sent (no trimming) that the database can store."""

    def __init__(self, **kwargs):
        kwargs.setdefault("trim_whitespace", False)
        super().__init__(**kwargs)
        self.validators.append(_no_surrogates)


# ---- output ---------------------------------------------------------------------------


class RatingSerializer(serializers.ModelSerializer):
    class Meta:
        model = Rating
        fields = ["slug", "label_en", "label_ar", "value", "colour", "order", "claimreview_name"]
        read_only_fields = fields


class VerdictOutputSerializer(serializers.ModelSerializer):
    claim = serializers.IntegerField(source="claim_id", read_only=True)
    claim_text = serializers.CharField(source="claim.text", read_only=True)
    article = serializers.IntegerField(source="claim.article_id", read_only=True)
    article_url = serializers.CharField(source="claim.article.url", read_only=True)
    rating = serializers.CharField(source="rating.slug", read_only=True)
    rating_label = serializers.SerializerMethodField()
    rating_value = serializers.IntegerField(source="rating.value", read_only=True)
    author = serializers.IntegerField(source="author_id", read_only=True)
    approved_by = serializers.IntegerField(source="approved_by_id", read_only=True, allow_null=True)

    class Meta:
        model = Verdict
        fields = [
            "id",
            "claim",
            "claim_text",
            "article",
            "article_url",
            "rating",
            "rating_label",
            "rating_value",
            "rationale",
            "language",
            "state",
            "version",
            "author",
            "approved_by",
            "published_at",
            "created_at",
            "updated_at",
        ]
        read_only_fields = fields

    @extend_schema_field(OpenApiTypes.STR)
    def get_rating_label(self, obj: Verdict) -> str:
        return obj.rating.label(obj.language)


class VerdictSummarySerializer(serializers.ModelSerializer):
    rating = serializers.CharField(source="rating.slug", read_only=True)
    rating_label = serializers.SerializerMethodField()
    rating_value = serializers.IntegerField(source="rating.value", read_only=True)

    class Meta:
        model = Verdict
        fields = ["id", "rating", "rating_label", "rating_value", "state", "published_at"]
        read_only_fields = fields

    @extend_schema_field(OpenApiTypes.STR)
    def get_rating_label(self, obj: Verdict) -> str:
        return obj.rating.label(obj.language)


class ClaimValueSerializer(serializers.ModelSerializer):
    value = serializers.JSONField(read_only=True)

    class Meta:
        model = ClaimValue
        fields = ["type", "start", "end", "text", "value"]
        read_only_fields = fields


class AttributionSerializer(serializers.Serializer):
    speaker = serializers.CharField(read_only=True)
    verb = serializers.CharField(read_only=True)
    vague = serializers.BooleanField(read_only=True)
    start = serializers.IntegerField(read_only=True)
    end = serializers.IntegerField(read_only=True)


class ClaimOutputSerializer(serializers.ModelSerializer):
    values = ClaimValueSerializer(many=True, read_only=True)
    attribution = serializers.SerializerMethodField()
    verdict = serializers.SerializerMethodField()

    class Meta:
        model = Claim
        fields = [
            "id",
            "article",
            "text",
            "start",
            "end",
            "checkworthiness",
            "status",
            "origin",
            "is_current",
            "values",
            "attribution",
            "verdict",
            "created_at",
            "updated_at",
        ]
        read_only_fields = fields

    @extend_schema_field(AttributionSerializer(allow_null=True))
    def get_attribution(self, obj: Claim):
        try:
            attribution = obj.attribution
        except Claim.attribution.RelatedObjectDoesNotExist:
            return None
        return AttributionSerializer(attribution).data

    @extend_schema_field(VerdictSummarySerializer(allow_null=True))
    def get_verdict(self, obj: Claim):
        # The prefetch is ordered newest first and holds only what the user may see.
        verdicts = getattr(obj, "visible_verdicts", None)
        if not verdicts:
            return None
        return VerdictSummarySerializer(verdicts[0]).data


class EarlierFactCheckSerializer(serializers.ModelSerializer):
    """An earlier claim with a published verdict that the claim may restate or alter."""

    earlier_claim = serializers.IntegerField(source="earlier_claim_id", read_only=True)
    earlier_article = serializers.IntegerField(source="earlier_claim.article_id", read_only=True)
    earlier_text = serializers.CharField(source="earlier_claim.text", read_only=True)
    verdict = VerdictSummarySerializer(read_only=True)

    class Meta:
        model = ClaimMatch
        fields = [
            "id",
            "earlier_claim",
            "earlier_article",
            "earlier_text",
            "verdict",
            "score",
            "status",
            "decided_at",
        ]
        read_only_fields = fields


class ClaimForReviewSerializer(ClaimOutputSerializer):
    """A claim as reviewers see it: with the earlier fact-checks suggested for it."""

    earlier_fact_checks = EarlierFactCheckSerializer(
        many=True, read_only=True, source="matches_shown"
    )

    class Meta(ClaimOutputSerializer.Meta):
        fields = [*ClaimOutputSerializer.Meta.fields, "earlier_fact_checks"]
        read_only_fields = fields


class FlagOutputSerializer(serializers.ModelSerializer):
    class Meta:
        model = Flag
        fields = [
            "id",
            "article",
            "claim",
            "code",
            "category",
            "severity",
            "start",
            "end",
            "text",
            "suggestion",
            "message",
            "details",
            "status",
            "note",
            "resolved_by",
            "resolved_at",
            "is_current",
            "updated_at",
        ]
        read_only_fields = fields


class ArticleOutputSerializer(serializers.ModelSerializer):
    # Often empty, so not declared as a URI.
    url = serializers.CharField(read_only=True)
    status_url = serializers.SerializerMethodField()

    class Meta:
        model = Article
        fields = [
            "id",
            "title",
            "language",
            "outlet",
            "url",
            "published_at",
            "analysis_status",
            "analyzed_at",
            "status_url",
            "created_at",
            "updated_at",
        ]
        read_only_fields = fields

    @extend_schema_field(OpenApiTypes.URI)
    def get_status_url(self, obj: Article) -> str:
        return settings.SITE_URL + reverse("api:article-detail", args=[obj.pk])


class ArticleDetailSerializer(ArticleOutputSerializer):
    claims = ClaimForReviewSerializer(many=True, read_only=True, source="claim_list")
    flags = FlagOutputSerializer(many=True, read_only=True, source="flag_list")

    class Meta(ArticleOutputSerializer.Meta):
        fields = [
            *ArticleOutputSerializer.Meta.fields,
            "body",
            "analysis_error",
            "claims",
            "flags",
        ]
        read_only_fields = fields


class ArticleSubmittedSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    created = serializers.BooleanField(help_text="False when the same text was submitted before.")
    analysis_status = serializers.CharField()
    status_url = serializers.URLField()


class SourceSerializer(serializers.ModelSerializer):
    url = serializers.CharField(read_only=True)

    class Meta:
        model = Source
        fields = ["id", "kind", "url", "title", "publisher", "language", "reliability"]
        read_only_fields = fields


class EvidenceSerializer(serializers.ModelSerializer):
    source = SourceSerializer(read_only=True)
    verified = serializers.BooleanField(read_only=True)

    class Meta:
        model = Evidence
        fields = [
            "id",
            "claim",
            "source",
            "snapshot",
            "stance",
            "excerpt",
            "excerpt_start",
            "excerpt_end",
            "verified",
            "note",
            "origin",
            "added_by",
            "created_at",
        ]
        read_only_fields = fields


# ---- input ----------------------------------------------------------------------------


class ArticleInputSerializer(serializers.Serializer):
    text = TextField(
        required=False, allow_blank=True, help_text="The article's text (or send `file`)."
    )
    file = serializers.FileField(
        required=False, allow_empty_file=True, help_text="A UTF-8 text file with the article."
    )
    url = serializers.URLField(
        required=False,
        allow_blank=True,
        max_length=1000,
        validators=[_no_surrogates],
        help_text=(
            "Where the article appeared. Sent alone, the page is fetched (through the source "
            "fetcher and its address guard) and its main text submitted."
        ),
    )
    title = TextField(required=False, allow_blank=True, max_length=500)
    outlet = TextField(required=False, allow_blank=True, max_length=200)
    language = serializers.ChoiceField(choices=Language.choices, required=False)
    published_at = serializers.DateTimeField(required=False, allow_null=True)

    def validate(self, attrs):
        has_text = bool(attrs.get("text", "").strip())
        if has_text and attrs.get("file") is not None:
            raise serializers.ValidationError(_("Send the text or a file, not both."))
        if not has_text and attrs.get("file") is None and not attrs.get("url"):
            raise serializers.ValidationError(_("Send the article's text, a file or its URL."))
        return attrs


class RatingSlugField(serializers.SlugRelatedField):
    def __init__(self, **kwargs):
        super().__init__(slug_field="slug", queryset=Rating.objects.all(), **kwargs)

    def to_internal_value(self, data):
        # Refuse what the database cannot compare (NUL, lone surrogates) before querying.
        if not isinstance(data, str) or len(data) > 50 or "\x00" in data:
            self.fail("invalid")
        try:
            _no_surrogates(data)
        except serializers.ValidationError:
            self.fail("invalid")
        return super().to_internal_value(data)


class VerdictCreateSerializer(serializers.Serializer):
    claim = serializers.IntegerField(min_value=1, max_value=2**63 - 1)
    rating = RatingSlugField()
    rationale = TextField(max_length=20000)
    language = serializers.ChoiceField(choices=Language.choices, required=False)


class VerdictUpdateSerializer(serializers.Serializer):
    rating = RatingSlugField(required=False)
    rationale = TextField(required=False, max_length=20000)


class FlagUpdateSerializer(serializers.Serializer):
    status = serializers.ChoiceField(choices=Flag.Status.choices)
    note = TextField(required=False, allow_blank=True, max_length=5000)


class ArticleBatchItemSerializer(serializers.Serializer):
    """One article of a batch: the text is required (no files, no fetching by URL)."""

    text = TextField(help_text="The article's text.")
    url = serializers.URLField(
        required=False,
        allow_blank=True,
        max_length=1000,
        validators=[_no_surrogates],
        help_text="Where the article appeared (kept as metadata).",
    )
    title = TextField(required=False, allow_blank=True, max_length=500)
    outlet = TextField(required=False, allow_blank=True, max_length=200)
    language = serializers.ChoiceField(choices=Language.choices, required=False)
    published_at = serializers.DateTimeField(required=False, allow_null=True)

    def validate_text(self, value):
        if not value.strip():
            raise serializers.ValidationError(_("The article's text is empty."))
        return value


class ArticleBatchInputSerializer(serializers.Serializer):
    # Documents the body; the view checks the list and then each article on its own, so
    # one bad article does not refuse the others.
    articles = ArticleBatchItemSerializer(
        many=True, min_length=1, max_length=settings.API_ARTICLE_BATCH_MAX
    )


class ArticleBatchResultSerializer(serializers.Serializer):
    index = serializers.IntegerField(help_text="The article's position in the request's list.")
    status = serializers.IntegerField(
        help_text="What a single POST would have answered: 202 submitted, 200 the same text "
        "was submitted before, 400 or 413 refused (with code, detail, errors)."
    )
    id = serializers.IntegerField(required=False)
    created = serializers.BooleanField(required=False)
    analysis_status = serializers.CharField(required=False)
    status_url = serializers.URLField(required=False)
    code = serializers.CharField(required=False)
    detail = serializers.CharField(required=False)
    errors = serializers.DictField(required=False, help_text="Field name → messages.")


class ArticleBatchOutputSerializer(serializers.Serializer):
    results = ArticleBatchResultSerializer(many=True, help_text="One per article, in order.")
