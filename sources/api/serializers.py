from rest_framework import serializers

from sources.models import Evidence, Snapshot, Source


class SourceInputSerializer(serializers.Serializer):
    url = serializers.CharField(max_length=2000)
    kind = serializers.ChoiceField(choices=Source.Kind.choices, default=Source.Kind.NEWS_REPORT)
    title = serializers.CharField(max_length=500, required=False, default="", allow_blank=True)


class SnapshotOutputSerializer(serializers.ModelSerializer):
    class Meta:
        model = Snapshot
        fields = ["id", "fetched_at", "last_seen_at", "final_url", "status_code", "content_type"]
        fields += ["sha256", "title"]


class SourceOutputSerializer(serializers.ModelSerializer):
    reliability = serializers.SerializerMethodField()
    publisher_reliability = serializers.SerializerMethodField()

    class Meta:
        model = Source
        fields = [
            "id",
            "url",
            "kind",
            "title",
            "publisher",
            "language",
            "reliability",
            "publisher_reliability",
            "fetch_status",
            "fetch_error",
            "last_fetched_at",
            "created_at",
        ]

    def get_reliability(self, obj) -> str:
        return Source.Reliability(obj.effective_reliability).name.lower()

    def get_publisher_reliability(self, obj) -> str | None:
        if obj.publisher_org_id is None:
            return None
        return Source.Reliability(obj.publisher_org.reliability).name.lower()


class SourceDetailSerializer(SourceOutputSerializer):
    snapshots = SnapshotOutputSerializer(many=True, read_only=True)

    class Meta(SourceOutputSerializer.Meta):
        fields = [*SourceOutputSerializer.Meta.fields, "snapshots"]


MAX_ID = 2**63 - 1  # larger ids cannot exist, and would overflow the database driver


class EvidenceInputSerializer(serializers.Serializer):
    claim = serializers.IntegerField(min_value=1, max_value=MAX_ID)
    source = serializers.IntegerField(min_value=1, max_value=MAX_ID)
    excerpt = serializers.CharField(
        max_length=5000, allow_blank=True, default="", trim_whitespace=True
    )
    stance = serializers.ChoiceField(
        choices=Evidence.Stance.choices, default=Evidence.Stance.SUPPORTS
    )
    note = serializers.CharField(max_length=5000, allow_blank=True, default="")


class EvidenceOutputSerializer(serializers.ModelSerializer):
    source = SourceOutputSerializer(read_only=True)
    verified = serializers.BooleanField(read_only=True)
    excerpt_status = serializers.SerializerMethodField()
    snapshot = serializers.PrimaryKeyRelatedField(read_only=True, allow_null=True)
    missing_from = serializers.PrimaryKeyRelatedField(read_only=True, allow_null=True)

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
            "excerpt_status",
            "missing_from",
            "note",
            "origin",
            "created_at",
        ]

    def get_excerpt_status(self, obj) -> str:
        """found, unverified, gone (no longer on the live page), reference (from the
        registry), verdict (an earlier verdict's rating and rationale) or none (no excerpt)."""
        if obj.origin == Evidence.Origin.REFERENCE and not obj.verified:
            return "reference"
        if obj.origin == Evidence.Origin.VERDICT:
            return "verdict"
        if not obj.excerpt.strip():
            return "none"
        if obj.missing_from_id:
            return "gone"
        return "found" if obj.verified else "unverified"


class ReferenceAttachSerializer(serializers.Serializer):
    resolution = serializers.IntegerField(min_value=1, max_value=2**31 - 1, required=False)
    event = serializers.SlugField(required=False)

    def validate(self, attrs):
        if bool(attrs.get("resolution")) == bool(attrs.get("event")):
            raise serializers.ValidationError("Give either a resolution number or an event slug.")
        return attrs


class ReferenceSuggestionSerializer(serializers.Serializer):
    kind = serializers.CharField()
    key = serializers.CharField()
    label = serializers.CharField()
    detail = serializers.CharField()
    url = serializers.CharField()
    attached = serializers.BooleanField()


class PaginatedSourcesSerializer(serializers.Serializer):
    count = serializers.IntegerField()
    next = serializers.CharField(allow_null=True)
    previous = serializers.CharField(allow_null=True)
    results = SourceOutputSerializer(many=True)


class PaginatedEvidenceSerializer(serializers.Serializer):
    count = serializers.IntegerField()
    next = serializers.CharField(allow_null=True)
    previous = serializers.CharField(allow_null=True)
    results = EvidenceOutputSerializer(many=True)
