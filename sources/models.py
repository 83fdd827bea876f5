"""Sources and their archived snapshots, evidence for claims, and the reference registry."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _


class Reliability(models.IntegerChoices):
    UNKNOWN = 0, _("Unknown")
    LOW = 1, _("Low")
    MIXED = 2, _("Mixed")
    HIGH = 3, _("High")
    AUTHORITATIVE = 4, _("Authoritative")


class Publisher(models.Model):
    """An outlet or institution; its rating applies to its sources that have none of their own."""

    name = models.CharField(_("name"), max_length=200)
    # Sources added by URL are attached to the publisher whose domain the host ends with.
    domain = models.CharField(_("domain"), max_length=200, blank=True, help_text=_("e.g. un.org"))
    reliability = models.PositiveSmallIntegerField(
        _("reliability"), choices=Reliability.choices, default=Reliability.UNKNOWN
    )
    note = models.TextField(_("why this rating"), blank=True)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    class Meta:
        ordering = ["name"]
        verbose_name = _("publisher")
        verbose_name_plural = _("publishers")
        constraints = [
            models.UniqueConstraint(
                fields=["domain"], condition=~Q(domain=""), name="publisher_unique_domain"
            ),
        ]

    def __str__(self) -> str:
        return self.name


class Source(models.Model):
    class Kind(models.TextChoices):
        UN_DOCUMENT = "un_document", _("UN document")
        OFFICIAL_STATEMENT = "official_statement", _("Official statement")
        NEWS_REPORT = "news_report", _("News report")
        DATASET = "dataset", _("Dataset")
        EARLIER_VERDICT = "earlier_verdict", _("Earlier verdict")
        OTHER = "other", _("Other")

    Reliability = Reliability

    class FetchStatus(models.TextChoices):
        NOT_FETCHED = "", _("Not fetched")
        QUEUED = "queued", _("Queued")
        FETCHING = "fetching", _("Fetching")
        OK = "ok", _("Fetched")
        FAILED = "failed", _("Failed")

    kind = models.CharField(_("kind"), max_length=30, choices=Kind.choices, default=Kind.OTHER)
    url = models.URLField(_("URL"), max_length=2000, blank=True)
    title = models.CharField(_("title"), max_length=500, blank=True)
    publisher = models.CharField(_("publisher"), max_length=200, blank=True, db_index=True)
    language = models.CharField(_("language"), max_length=8, blank=True)
    reliability = models.PositiveSmallIntegerField(
        _("reliability"), choices=Reliability.choices, default=Reliability.UNKNOWN
    )
    publisher_org = models.ForeignKey(
        Publisher,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="sources",
        verbose_name=_("publisher (rated)"),
    )
    fetch_status = models.CharField(
        _("fetch"), max_length=10, choices=FetchStatus.choices, default="", blank=True
    )
    fetch_error = models.TextField(_("fetch error"), blank=True)
    last_fetched_at = models.DateTimeField(_("last fetched"), null=True, blank=True)
    # Queued or fetching: when the fetch should have started at the latest (the next retry
    # after a temporary failure); source_fetch_sweep re-queues it once long past.
    fetch_due_at = models.DateTimeField(_("fetch due at"), null=True, blank=True, editable=False)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        verbose_name=_("created by"),
    )
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)

    class Meta:
        ordering = ["title", "url"]
        verbose_name = _("source")
        verbose_name_plural = _("sources")
        constraints = [
            models.UniqueConstraint(fields=["url"], condition=~Q(url=""), name="source_unique_url"),
        ]

    def __str__(self) -> str:
        return self.title or self.url or f"source {self.pk}"

    @property
    def effective_reliability(self) -> int:
        """The source's own rating, else its publisher's."""
        if self.reliability == Reliability.UNKNOWN and self.publisher_org_id:
            return self.publisher_org.reliability
        return self.reliability

    def get_effective_reliability_display(self) -> str:
        return Reliability(self.effective_reliability).label


class Snapshot(models.Model):
    """A source as it was when fetched: the extracted text and its hash."""

    source = models.ForeignKey(
        Source, on_delete=models.CASCADE, related_name="snapshots", verbose_name=_("source")
    )
    fetched_at = models.DateTimeField(_("fetched at"), auto_now_add=True, db_index=True)
    final_url = models.URLField(_("final url"), max_length=2000, blank=True)
    status_code = models.PositiveSmallIntegerField(_("status code"), null=True, blank=True)
    content_type = models.CharField(_("content type"), max_length=200, blank=True)
    sha256 = models.CharField(_("sha256"), max_length=64)
    title = models.CharField(_("title"), max_length=500, blank=True)
    text = models.TextField(_("text"), blank=True)
    metadata = models.JSONField(_("metadata"), default=dict, blank=True)
    # The bytes as served (HTML, text or PDF): the archive a reader can open later.
    content = models.BinaryField(_("content"), blank=True, default=b"", editable=False)
    # When the page last had exactly this content (a page can change and change back).
    last_seen_at = models.DateTimeField(_("last seen at"), null=True, blank=True)

    class Meta:
        ordering = ["-fetched_at"]
        get_latest_by = "fetched_at"
        verbose_name = _("snapshot")
        verbose_name_plural = _("snapshots")
        constraints = [
            models.UniqueConstraint(fields=["source", "sha256"], name="snapshot_unique_content"),
        ]

    def __str__(self) -> str:
        return f"{self.source} @ {self.fetched_at:%Y-%m-%d %H:%M}"


class Evidence(models.Model):
    class Stance(models.TextChoices):
        SUPPORTS = "supports", _("Supports")
        REFUTES = "refutes", _("Refutes")
        CONTEXT = "context", _("Context")

    class Origin(models.TextChoices):
        MANUAL = "manual", _("Manual")
        REFERENCE = "reference", _("Reference registry")
        VERDICT = "verdict", _("Earlier verdict")

    claim = models.ForeignKey(
        "claims.Claim", on_delete=models.CASCADE, related_name="evidence", verbose_name=_("claim")
    )
    source = models.ForeignKey(
        Source, on_delete=models.PROTECT, related_name="evidence", verbose_name=_("source")
    )
    snapshot = models.ForeignKey(
        Snapshot,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="evidence",
        verbose_name=_("snapshot"),
    )
    stance = models.CharField(
        _("stance"), max_length=10, choices=Stance.choices, default=Stance.CONTEXT
    )
    excerpt = models.TextField(_("excerpt"), blank=True)
    # Where the excerpt was found in the snapshot's text; null when it could not be found.
    excerpt_start = models.PositiveIntegerField(_("excerpt start"), null=True, blank=True)
    excerpt_end = models.PositiveIntegerField(_("excerpt end"), null=True, blank=True)
    # A later snapshot of the source that no longer contains the excerpt.
    missing_from = models.ForeignKey(
        Snapshot,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("missing from"),
    )
    note = models.TextField(_("note"), blank=True)
    added_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        verbose_name=_("added by"),
    )
    origin = models.CharField(
        _("origin"), max_length=10, choices=Origin.choices, default=Origin.MANUAL
    )
    # Origin "verdict": the earlier published verdict this evidence reuses (its ClaimReview
    # is the source a reader opens).
    verdict = models.ForeignKey(
        "claims.Verdict",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="reused_as_evidence",
        verbose_name=_("verdict"),
    )
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)

    class Meta:
        ordering = ["claim", "-created_at"]
        verbose_name = _("evidence")
        verbose_name_plural = _("evidence")
        constraints = [
            # Confirming the same earlier fact-check twice adds it once.
            models.UniqueConstraint(
                fields=["claim", "verdict"],
                condition=Q(verdict__isnull=False),
                name="evidence_unique_verdict",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_stance_display()}: {self.source}"

    @property
    def verified(self) -> bool:
        return self.excerpt_start is not None


class UNResolution(models.Model):
    number = models.PositiveIntegerField(_("number"), unique=True)
    symbol = models.CharField(_("symbol"), max_length=40)
    adopted_on = models.DateField(_("adopted on"), null=True, blank=True)
    year = models.PositiveSmallIntegerField(_("year"), db_index=True)
    agenda = models.TextField(_("agenda item"), blank=True)
    countries = models.JSONField(
        _("countries"), default=list, blank=True, help_text=_("ISO 3166 alpha-3 codes")
    )
    url = models.URLField(_("url"), max_length=300)

    class Meta:
        ordering = ["number"]
        verbose_name = _("UN Security Council resolution")
        verbose_name_plural = _("UN Security Council resolutions")

    def __str__(self) -> str:
        return self.symbol


class Country(models.Model):
    iso2 = models.CharField(_("iso2"), max_length=2, unique=True)
    iso3 = models.CharField(_("iso3"), max_length=3, unique=True)
    name_en = models.CharField(_("name en"), max_length=100)
    name_ar = models.CharField(_("name ar"), max_length=100)
    aliases_en = models.JSONField(_("aliases en"), default=list, blank=True)
    aliases_ar = models.JSONField(_("aliases ar"), default=list, blank=True)
    demonym_en = models.CharField(_("demonym en"), max_length=100, blank=True)

    class Meta:
        ordering = ["name_en"]
        verbose_name = _("country")
        verbose_name_plural = _("countries")

    def __str__(self) -> str:
        return f"{self.name_en} / {self.name_ar}"


class Entity(models.Model):
    """The gazetteer: people, organisations and places, named in both languages."""

    class Kind(models.TextChoices):
        PERSON = "person", _("Person")
        ORGANISATION = "organisation", _("Organisation")
        PLACE = "place", _("Place")

    slug = models.SlugField(_("slug"), max_length=100, unique=True)
    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices)
    name_en = models.CharField(_("name en"), max_length=200)
    name_ar = models.CharField(_("name ar"), max_length=200)
    aliases_en = models.JSONField(_("aliases en"), default=list, blank=True)
    aliases_ar = models.JSONField(_("aliases ar"), default=list, blank=True)
    country = models.CharField(_("country"), max_length=2, blank=True)

    class Meta:
        ordering = ["name_en"]
        verbose_name = _("entity")
        verbose_name_plural = _("entities")

    def __str__(self) -> str:
        return f"{self.name_en} / {self.name_ar}"


class ReferenceEvent(models.Model):
    """A dated fact the analysis checks dates against."""

    slug = models.SlugField(_("slug"), max_length=100, unique=True)
    title_en = models.CharField(_("title en"), max_length=300)
    title_ar = models.CharField(_("title ar"), max_length=300)
    occurred_on = models.DateField(_("occurred on"))
    keywords_en = models.JSONField(_("keywords en"), default=list, blank=True)
    keywords_ar = models.JSONField(_("keywords ar"), default=list, blank=True)
    source_url = models.URLField(_("source url"), max_length=1000, blank=True)

    class Meta:
        ordering = ["occurred_on"]
        verbose_name = _("reference event")
        verbose_name_plural = _("reference events")

    def __str__(self) -> str:
        return f"{self.occurred_on}: {self.title_en}"
