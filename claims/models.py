"""Articles, the claims found in them, their values and attributions, flags and verdicts."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import F, Q
from django.db.models.functions import Length
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from claims.display import plain

models.CharField.register_lookup(Length)
models.TextField.register_lookup(Length)


class Language(models.TextChoices):
    ARABIC = "ar", _("Arabic")
    ENGLISH = "en", _("English")


class Article(models.Model):
    class AnalysisStatus(models.TextChoices):
        PENDING = "pending", _("Pending")
        RUNNING = "running", _("Running")
        DONE = "done", _("Done")
        FAILED = "failed", _("Failed")

    title = models.CharField(_("title"), max_length=500, blank=True)
    # The text exactly as submitted: every offset in the workbench points into it.
    body = models.TextField(_("text"))
    language = models.CharField(_("language"), max_length=2, choices=Language.choices)
    outlet = models.CharField(_("outlet"), max_length=200, blank=True)
    url = models.URLField(_("URL"), max_length=1000, blank=True)
    published_at = models.DateTimeField(_("published"), null=True, blank=True)
    content_hash = models.CharField(_("content hash"), max_length=64, unique=True, editable=False)
    analysis_status = models.CharField(
        _("analysis"),
        max_length=10,
        choices=AnalysisStatus.choices,
        default=AnalysisStatus.PENDING,
        db_index=True,
    )
    analysis_version = models.CharField(_("analysis version"), max_length=40, blank=True)
    analysis_error = models.TextField(_("analysis error"), blank=True)
    analysis_started_at = models.DateTimeField(_("analysis started at"), null=True, blank=True)
    analyzed_at = models.DateTimeField(_("analysed"), null=True, blank=True)
    submitted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="submitted_articles",
        verbose_name=_("submitted by"),
    )
    created_at = models.DateTimeField(_("submitted"), auto_now_add=True, db_index=True)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("article")
        verbose_name_plural = _("articles")
        constraints = [
            models.CheckConstraint(condition=Q(body__length__gt=0), name="article_body_not_empty"),
        ]

    def __str__(self) -> str:
        return plain(self.title or self.body[:80])

    @property
    def direction(self) -> str:
        return "rtl" if self.language == Language.ARABIC else "ltr"


class Claim(models.Model):
    class Status(models.TextChoices):
        NEW = "new", _("New")
        IN_REVIEW = "in_review", _("In review")
        AWAITING_APPROVAL = "awaiting_approval", _("Awaiting approval")
        PUBLISHED = "published", _("Published")
        DISMISSED = "dismissed", _("Dismissed")

    class Origin(models.TextChoices):
        ANALYSIS = "analysis", _("Analysis")
        MANUAL = "manual", _("Manual")

    article = models.ForeignKey(
        Article, on_delete=models.CASCADE, related_name="claims", verbose_name=_("article")
    )
    start = models.PositiveIntegerField(_("start"))
    end = models.PositiveIntegerField(_("end"))
    text = models.TextField(_("claim"))
    # fold(text): the review queue's search matches it on every database (see selectors).
    text_folded = models.TextField(_("text folded"), editable=False, blank=True, default="")
    checkworthiness = models.FloatField(_("check-worthiness"), default=0.0, db_index=True)
    status = models.CharField(
        _("status"), max_length=20, choices=Status.choices, default=Status.NEW, db_index=True
    )
    assignee = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="assigned_claims",
        verbose_name=_("assignee"),
    )
    origin = models.CharField(
        _("origin"), max_length=10, choices=Origin.choices, default=Origin.ANALYSIS
    )
    # Stable across re-analysis of the same text, so reviews stick to their claim.
    fingerprint = models.CharField(_("fingerprint"), max_length=64)
    # False when the latest analysis no longer finds this claim (kept: it may carry reviews).
    is_current = models.BooleanField(_("is current"), default=True)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True, db_index=True)
    history = HistoricalRecords(excluded_fields=["updated_at"])

    class Meta:
        ordering = ["article", "start"]
        verbose_name = _("claim")
        verbose_name_plural = _("claims")
        constraints = [
            models.UniqueConstraint(
                fields=["article", "fingerprint"], name="claim_unique_fingerprint"
            ),
            models.CheckConstraint(condition=Q(end__gt=F("start")), name="claim_span_not_empty"),
            # The text is the body's slice: its length pins end to start + len(text).
            models.CheckConstraint(
                condition=Q(text__length=F("end") - F("start")), name="claim_text_matches_span"
            ),
        ]

    def __str__(self) -> str:
        return plain(self.text[:100])


class SearchWord(models.Model):
    """Each word of the claims' folded text, once (PostgreSQL only).

    The review queue's typo-tolerant search compares the query's words with these short
    strings (trigram index) rather than with every claim's whole text, then finds the claims
    by full text. Filled by services.search_words_add; words are never removed (a stale word
    only widens a search to claims that no longer exist).
    """

    word = models.CharField(_("word"), max_length=100, primary_key=True)

    class Meta:
        verbose_name = _("search word")
        verbose_name_plural = _("search words")

    def __str__(self) -> str:
        return self.word


class ClaimValue(models.Model):
    class Type(models.TextChoices):
        UN_RESOLUTION = "un_resolution", _("UN resolution")
        DATE = "date", _("Date")
        YEAR = "year", _("Year")
        MONEY = "money", _("Money")
        QUANTITY = "quantity", _("Quantity")
        PERCENTAGE = "percentage", _("Percentage")

    claim = models.ForeignKey(
        Claim, on_delete=models.CASCADE, related_name="values", verbose_name=_("claim")
    )
    type = models.CharField(_("type"), max_length=20, choices=Type.choices, db_index=True)
    start = models.PositiveIntegerField(_("start"))
    end = models.PositiveIntegerField(_("end"))
    text = models.CharField(_("text"), max_length=500)
    value = models.JSONField(_("normalised value"), default=dict, blank=True)

    class Meta:
        ordering = ["claim", "start"]
        verbose_name = _("claim value")
        verbose_name_plural = _("claim values")
        constraints = [
            models.CheckConstraint(condition=Q(end__gt=F("start")), name="value_span_not_empty"),
        ]

    def __str__(self) -> str:
        return plain(f"{self.get_type_display()}: {self.text}")


class Attribution(models.Model):
    claim = models.OneToOneField(
        Claim, on_delete=models.CASCADE, related_name="attribution", verbose_name=_("claim")
    )
    speaker = models.CharField(_("speaker"), max_length=500)
    entity = models.ForeignKey(
        "sources.Entity",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="attributions",
        verbose_name=_("entity"),
    )
    verb = models.CharField(_("reporting verb"), max_length=100, blank=True)
    vague = models.BooleanField(_("unnamed source"), default=False)
    start = models.PositiveIntegerField(_("start"))
    end = models.PositiveIntegerField(_("end"))

    class Meta:
        verbose_name = _("attribution")
        verbose_name_plural = _("attributions")
        constraints = [
            models.CheckConstraint(
                condition=Q(end__gt=F("start")), name="attribution_span_not_empty"
            ),
        ]

    def __str__(self) -> str:
        return plain(self.speaker)


class Flag(models.Model):
    class Severity(models.TextChoices):
        INFO = "info", _("Info")
        WARNING = "warning", _("Warning")
        ERROR = "error", _("Error")

    class Status(models.TextChoices):
        OPEN = "open", _("Open")
        ACCEPTED = "accepted", _("Accepted")
        DISMISSED = "dismissed", _("Dismissed")

    class Category(models.TextChoices):
        SPELLING = "spelling", _("Spelling")
        GRAMMAR = "grammar", _("Grammar")
        DATE = "date", _("Date")
        RESOLUTION = "resolution", _("Resolution")
        NUMBER = "number", _("Number")
        ATTRIBUTION = "attribution", _("Attribution")
        ENTITY = "entity", _("Entity")
        ENCODING = "encoding", _("Encoding")

    article = models.ForeignKey(
        Article, on_delete=models.CASCADE, related_name="flags", verbose_name=_("article")
    )
    claim = models.ForeignKey(
        Claim,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="flags",
        verbose_name=_("claim"),
    )
    code = models.CharField(_("code"), max_length=60, db_index=True)
    category = models.CharField(
        _("category"), max_length=20, choices=Category.choices, db_index=True
    )
    severity = models.CharField(
        _("severity"), max_length=10, choices=Severity.choices, default=Severity.WARNING
    )
    start = models.PositiveIntegerField(_("start"))
    end = models.PositiveIntegerField(_("end"))
    text = models.CharField(_("text"), max_length=500)
    suggestion = models.CharField(_("suggestion"), max_length=500, blank=True)
    message = models.TextField(_("message"), blank=True)
    details = models.JSONField(_("details"), default=dict, blank=True)
    fingerprint = models.CharField(_("fingerprint"), max_length=64)
    status = models.CharField(
        _("status"), max_length=10, choices=Status.choices, default=Status.OPEN, db_index=True
    )
    note = models.TextField(_("reviewer's note"), blank=True)
    resolved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="resolved_flags",
        verbose_name=_("resolved by"),
    )
    resolved_at = models.DateTimeField(_("resolved at"), null=True, blank=True)
    # False when the latest analysis no longer raises it (the reviewer's decision is kept).
    is_current = models.BooleanField(_("is current"), default=True)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)
    history = HistoricalRecords(excluded_fields=["updated_at"])

    class Meta:
        ordering = ["article", "start"]
        verbose_name = _("flag")
        verbose_name_plural = _("flags")
        constraints = [
            models.UniqueConstraint(
                fields=["article", "fingerprint"], name="flag_unique_fingerprint"
            ),
            models.CheckConstraint(condition=Q(end__gt=F("start")), name="flag_span_not_empty"),
        ]

    def __str__(self) -> str:
        return plain(f"{self.code}: {self.text}")


class Rating(models.Model):
    """One step of the configurable verdict scale."""

    slug = models.SlugField(_("slug"), unique=True)
    label_en = models.CharField(_("label (English)"), max_length=100)
    label_ar = models.CharField(_("label (Arabic)"), max_length=100)
    value = models.SmallIntegerField(_("numeric value"))
    colour = models.CharField(_("colour"), max_length=7, default="#6e7781")
    order = models.PositiveSmallIntegerField(_("order"), default=0)
    claimreview_name = models.CharField(_("ClaimReview name"), max_length=100)

    class Meta:
        ordering = ["order"]
        verbose_name = _("rating")
        verbose_name_plural = _("ratings")

    def __str__(self) -> str:
        return f"{self.label_en} / {self.label_ar}"

    def label(self, language: str) -> str:
        return self.label_ar if language == Language.ARABIC else self.label_en


class Verdict(models.Model):
    class State(models.TextChoices):
        DRAFT = "draft", _("Draft")
        SUBMITTED = "submitted", _("Submitted")
        APPROVED = "approved", _("Approved")
        PUBLISHED = "published", _("Published")
        RETRACTED = "retracted", _("Retracted")

    claim = models.ForeignKey(
        Claim, on_delete=models.CASCADE, related_name="verdicts", verbose_name=_("claim")
    )
    rating = models.ForeignKey(
        Rating, on_delete=models.PROTECT, related_name="verdicts", verbose_name=_("rating")
    )
    rationale = models.TextField(_("rationale"))
    language = models.CharField(
        _("language"), max_length=2, choices=Language.choices, default=Language.ARABIC
    )
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="verdicts_authored",
        verbose_name=_("author"),
    )
    state = models.CharField(
        _("state"), max_length=10, choices=State.choices, default=State.DRAFT, db_index=True
    )
    approved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="verdicts_approved",
        verbose_name=_("approved by"),
    )
    approved_at = models.DateTimeField(_("approved at"), null=True, blank=True)
    published_at = models.DateTimeField(_("published at"), null=True, blank=True, db_index=True)
    # Optimistic locking: every write bumps it; a write with a stale version is refused.
    version = models.PositiveIntegerField(_("version"), default=1)
    # Published or reopened, and the claims analysed before that not yet brought up to date
    # (claims.tasks.match_verdict clears it; verdict_match_sweep re-queues what was lost).
    late_match_due = models.BooleanField(_("late match due"), default=False, editable=False)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True, db_index=True)
    history = HistoricalRecords(excluded_fields=["late_match_due"])

    class Meta:
        ordering = ["-updated_at"]
        verbose_name = _("verdict")
        verbose_name_plural = _("verdicts")
        permissions = [
            ("approve_verdict", _("Can approve and publish verdicts")),
            ("reopen_verdict", _("Can reopen published verdicts")),
        ]
        indexes = [
            models.Index(
                fields=["updated_at"],
                condition=Q(late_match_due=True),
                name="verdict_late_match_due",
            )
        ]
        constraints = [
            models.CheckConstraint(
                condition=~Q(approved_by=F("author")), name="verdict_approver_is_not_author"
            ),
            models.CheckConstraint(
                condition=~Q(state__in=["approved", "published"]) | Q(approved_by__isnull=False),
                name="verdict_approved_has_approver",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.rating} — {self.claim}"


class ClaimMatch(models.Model):
    """An earlier claim with a published verdict that a claim may restate or alter.

    Computed right after each analysis, in its task (claims.tasks), and for the open claims
    analysed before a verdict when it is published or reopened (match_verdict); the reviewer
    confirms (the earlier verdict becomes evidence) or rejects it, and that decision outlives
    re-analysis because claims keep their row (fingerprint) and decided rows are never
    recomputed.
    """

    class Status(models.TextChoices):
        SUGGESTED = "suggested", _("Suggested")
        CONFIRMED = "confirmed", _("Confirmed")
        REJECTED = "rejected", _("Rejected")

    claim = models.ForeignKey(
        Claim, on_delete=models.CASCADE, related_name="matches", verbose_name=_("claim")
    )
    earlier_claim = models.ForeignKey(
        Claim, on_delete=models.CASCADE, related_name="matched_by", verbose_name=_("earlier claim")
    )
    # The published verdict that was suggested (the earlier claim may be reopened later).
    verdict = models.ForeignKey(
        Verdict, on_delete=models.CASCADE, related_name="matches", verbose_name=_("verdict")
    )
    score = models.FloatField(_("similarity"))
    status = models.CharField(
        _("status"),
        max_length=10,
        choices=Status.choices,
        default=Status.SUGGESTED,
        db_index=True,
    )
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="decided_matches",
        verbose_name=_("decided by"),
    )
    decided_at = models.DateTimeField(_("decided at"), null=True, blank=True)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)
    history = HistoricalRecords(excluded_fields=["updated_at"])

    class Meta:
        ordering = ["claim", "-score", "pk"]
        verbose_name = _("earlier fact-check")
        verbose_name_plural = _("earlier fact-checks")
        constraints = [
            models.UniqueConstraint(
                fields=["claim", "earlier_claim"], name="claimmatch_unique_pair"
            ),
            models.CheckConstraint(
                condition=~Q(claim=F("earlier_claim")), name="claimmatch_not_itself"
            ),
            models.CheckConstraint(
                condition=Q(score__gte=0) & Q(score__lte=1), name="claimmatch_score_range"
            ),
            models.CheckConstraint(
                condition=Q(status="suggested") | Q(decided_at__isnull=False),
                name="claimmatch_decision_dated",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.claim} ≈ {self.earlier_claim} ({self.score:.2f})"


class NotificationPreference(models.Model):
    """What flagged issues an editor wants by e-mail, and how often."""

    class Frequency(models.TextChoices):
        IMMEDIATE = "immediate", _("Immediately")
        DIGEST = "digest", _("Daily digest")
        OFF = "off", _("Off")

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="notification_preference",
        verbose_name=_("user"),
    )
    categories = models.JSONField(
        _("flag categories"), default=list, blank=True, help_text=_("Empty means all categories.")
    )
    min_severity = models.CharField(
        _("minimum severity"),
        max_length=10,
        choices=Flag.Severity.choices,
        default=Flag.Severity.WARNING,
    )
    frequency = models.CharField(
        _("frequency"), max_length=10, choices=Frequency.choices, default=Frequency.IMMEDIATE
    )
    language = models.CharField(
        _("language"), max_length=2, choices=Language.choices, default=Language.ARABIC
    )
    # Flags created up to this moment are in a digest already (or were not wanted).
    digest_covered_until = models.DateTimeField(
        _("digest covered until"), null=True, blank=True, editable=False
    )
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    class Meta:
        verbose_name = _("notification preference")
        verbose_name_plural = _("notification preferences")

    def __str__(self) -> str:
        return f"{self.user}: {self.get_frequency_display()}"


class OutboxEmail(models.Model):
    """An e-mail waiting to be sent; the dedupe key makes each one exactly once."""

    class Status(models.TextChoices):
        PENDING = "pending", _("Pending")
        SENDING = "sending", _("Sending")
        SENT = "sent", _("Sent")
        FAILED = "failed", _("Failed")

    class Kind(models.TextChoices):
        FLAGS = "flags", _("Flagged issues")
        DIGEST = "digest", _("Daily digest")

    kind = models.CharField(_("kind"), max_length=10, choices=Kind.choices, default=Kind.FLAGS)
    dedupe_key = models.CharField(_("dedupe key"), max_length=128, unique=True)
    recipient = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        on_delete=models.SET_NULL,
        related_name="emails",
        verbose_name=_("recipient"),
    )
    to_address = models.EmailField(_("to address"))
    subject = models.CharField(_("subject"), max_length=300)
    body_text = models.TextField(_("body text"))
    body_html = models.TextField(_("body html"), blank=True)
    headers = models.JSONField(_("headers"), default=dict, blank=True)
    article = models.ForeignKey(
        Article,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="emails",
        verbose_name=_("article"),
    )
    status = models.CharField(
        _("status"), max_length=10, choices=Status.choices, default=Status.PENDING, db_index=True
    )
    attempts = models.PositiveSmallIntegerField(_("attempts"), default=0)
    last_error = models.TextField(_("last error"), blank=True)
    # When a sender took it; a SENDING row older than the stale limit lost its worker.
    claimed_at = models.DateTimeField(_("claimed at"), null=True, blank=True)
    next_attempt_at = models.DateTimeField(_("next attempt at"), null=True, blank=True)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    sent_at = models.DateTimeField(_("sent at"), null=True, blank=True)

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("outgoing e-mail")
        verbose_name_plural = _("outgoing e-mails")
        indexes = [models.Index(fields=["status", "next_attempt_at"], name="outbox_due")]

    def __str__(self) -> str:
        return f"{self.to_address}: {self.subject}"


class ReviewerProfile(models.Model):
    """A reviewer's own settings for the admin: the interface language follows the user."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="reviewer_profile",
        verbose_name=_("user"),
    )
    language = models.CharField(
        _("interface language"), max_length=8, choices=settings.LANGUAGES, blank=True
    )

    class Meta:
        verbose_name = _("reviewer profile")
        verbose_name_plural = _("reviewer profiles")

    def __str__(self) -> str:
        return str(self.user)


class ApiClient(models.Model):
    """A per-client API token: the newsroom CMS, a researcher, a partner platform.

    Only a hash of the token is stored; the admin shows the token once, when it is created.
    Revoking keeps the row, so the log of who had access survives.
    """

    name = models.CharField(_("name"), max_length=200)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="api_clients",
        verbose_name=_("acts as user"),
        help_text=_("The client gets this user's role: api-client, fact-checker or editor."),
    )
    token_prefix = models.CharField(_("token starts with"), max_length=8, editable=False)
    token_hash = models.CharField(_("token hash"), max_length=64, unique=True, editable=False)
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    revoked_at = models.DateTimeField(_("revoked"), null=True, blank=True, editable=False)

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("API client")
        verbose_name_plural = _("API clients")

    def __str__(self) -> str:
        return f"{self.name} ({self.token_prefix}…)"

    @property
    def is_active(self) -> bool:
        return self.revoked_at is None
