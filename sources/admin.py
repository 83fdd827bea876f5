from collections import Counter

from django import forms
from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied as DjangoPermissionDenied
from django.db.models import Count
from django.http import HttpResponse, HttpResponseRedirect
from django.shortcuts import get_object_or_404
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _

from factcheck.errors import ApplicationError
from sources import selectors, services
from sources.models import (
    Country,
    Entity,
    Evidence,
    Publisher,
    ReferenceEvent,
    Reliability,
    Snapshot,
    Source,
    UNResolution,
)


class SourceAddForm(forms.Form):
    url = forms.CharField(
        label=_("URL"),
        max_length=2000,
        widget=forms.URLInput(attrs={"size": 80, "dir": "ltr"}),
        help_text=_("The page is fetched in the background and archived as a snapshot."),
    )
    kind = forms.ChoiceField(
        label=_("Kind"), choices=Source.Kind.choices, initial=Source.Kind.NEWS_REPORT
    )
    title = forms.CharField(
        label=_("Title"), max_length=500, required=False, help_text=_("Empty: the page's own.")
    )


class ArticleByUrlForm(forms.Form):
    url = forms.CharField(
        label=_("Article URL"), max_length=2000, widget=forms.URLInput(attrs={"size": 80})
    )


class SnapshotInline(admin.TabularInline):
    model = Snapshot
    fields = ["fetched_at", "last_seen_at", "status_code", "content_type", "title", "short_sha"]
    readonly_fields = fields
    extra = 0
    can_delete = False
    show_change_link = True
    ordering = ["-fetched_at"]

    def has_add_permission(self, request, obj=None):
        return False

    @admin.display(description="sha256")
    def short_sha(self, obj):
        return obj.sha256[:12]


@admin.register(Publisher)
class PublisherAdmin(admin.ModelAdmin):
    list_display = ["name", "domain", "reliability", "source_count", "track_record_link"]
    list_filter = ["reliability"]
    search_fields = ["name", "domain"]
    fields = ["name", "domain", "reliability", "note"]

    def get_queryset(self, request):
        return super().get_queryset(request).annotate(source_count=Count("sources"))

    @admin.display(description=_("sources"), ordering="source_count")
    def source_count(self, obj):
        return obj.source_count

    @admin.display(description=_("track record"))
    def track_record_link(self, obj):
        url = reverse("admin:sources_publisher_track_record", args=[obj.pk])
        return format_html('<a href="{}">{}</a>', url, _("verdicts"))

    def get_urls(self):
        return [
            path(
                "<int:pk>/track-record/",
                self.admin_site.admin_view(self.track_record_view),
                name="sources_publisher_track_record",
            ),
            *super().get_urls(),
        ]

    def track_record_view(self, request, pk):
        publisher = get_object_or_404(Publisher, pk=pk)
        if not self.has_view_permission(request, publisher):
            raise DjangoPermissionDenied
        verdicts = list(selectors.publisher_track_record(publisher))
        return _track_record_response(self, request, publisher, verdicts, publisher.reliability)


def _track_record_response(model_admin, request, subject, verdicts, reliability, stance=False):
    tally = Counter(v.rating.label_en for v in verdicts)
    context = {
        **model_admin.admin_site.each_context(request),
        "title": _("Track record of %(name)s") % {"name": subject},
        "opts": model_admin.model._meta,
        "subject": subject,
        "verdicts": verdicts,
        "tally": sorted(tally.items()),
        "reliability": Reliability(reliability).label,
        "show_stance": stance,
    }
    return TemplateResponse(request, "admin/sources/track_record.html", context)


@admin.register(Source)
class SourceAdmin(admin.ModelAdmin):
    list_display = [
        "title_or_url",
        "kind",
        "publisher",
        "rated_reliability",
        "fetch_status",
        "last_fetched_at",
        "snapshot_count",
    ]
    list_filter = ["kind", "reliability", "fetch_status"]
    search_fields = ["title", "url", "publisher"]
    list_select_related = ["publisher_org"]
    fields = [
        "url",
        "kind",
        "title",
        "publisher",
        "publisher_org",
        "language",
        "reliability",
        "fetch_status",
        "fetch_error",
        "last_fetched_at",
        "created_by",
        "created_at",
        "track_record_link",
    ]
    readonly_fields = [
        "url",
        "fetch_status",
        "fetch_error",
        "last_fetched_at",
        "created_by",
        "created_at",
        "track_record_link",
    ]
    inlines = [SnapshotInline]
    actions = ["fetch_again"]

    def get_queryset(self, request):
        return super().get_queryset(request).annotate(snapshot_count=Count("snapshots"))

    def get_readonly_fields(self, request, obj=None):
        # Rating reliability is an editorial call: whoever may rate publishers rates sources.
        fields = list(super().get_readonly_fields(request, obj))
        if not request.user.has_perm("sources.change_publisher"):
            fields.append("reliability")
        return fields

    @admin.display(description=_("source"), ordering="title")
    def title_or_url(self, obj):
        return obj.title or obj.url

    @admin.display(description=_("reliability"), ordering="reliability")
    def rated_reliability(self, obj):
        label = obj.get_effective_reliability_display()
        if obj.reliability == Reliability.UNKNOWN and obj.publisher_org_id:
            return format_html("{} <small>({})</small>", label, _("publisher's"))
        return label

    @admin.display(description=_("snapshots"), ordering="snapshot_count")
    def snapshot_count(self, obj):
        return obj.snapshot_count

    @admin.display(description=_("track record"))
    def track_record_link(self, obj):
        if not obj.pk:
            return "—"
        url = reverse("admin:sources_source_track_record", args=[obj.pk])
        return format_html('<a href="{}">{}</a>', url, _("verdicts that rested on this source"))

    @admin.action(description=_("Fetch again (a changed page gets a new snapshot)"))
    def fetch_again(self, request, queryset):
        count = 0
        for source in queryset.exclude(url=""):
            services.source_fetch_queue(source=source)
            count += 1
        self.message_user(request, _("%(n)d source(s) queued for fetching.") % {"n": count})

    def get_urls(self):
        return [
            path(
                "<int:pk>/track-record/",
                self.admin_site.admin_view(self.track_record_view),
                name="sources_source_track_record",
            ),
            path(
                "article-by-url/",
                self.admin_site.admin_view(self.article_by_url_view),
                name="sources_article_by_url",
            ),
            *super().get_urls(),
        ]

    def add_view(self, request, form_url="", extra_context=None):
        if not self.has_add_permission(request):
            raise DjangoPermissionDenied
        form = SourceAddForm(request.POST or None)
        if request.method == "POST" and form.is_valid():
            try:
                source, created = services.source_add_by_url(
                    url=form.cleaned_data["url"],
                    kind=form.cleaned_data["kind"],
                    title=form.cleaned_data["title"],
                    added_by=request.user,
                )
            except ApplicationError as exc:
                form.add_error("url", exc.message)
            else:
                if created:
                    self.message_user(request, _("Source added; the page is being fetched."))
                else:
                    self.message_user(
                        request, _("This URL is already a source; here it is."), messages.WARNING
                    )
                return HttpResponseRedirect(
                    reverse("admin:sources_source_change", args=[source.pk])
                )
        return self._form_page(request, form, _("Add a source by URL"), _("Add and fetch"))

    def article_by_url_view(self, request):
        from claims.models import Article

        if not request.user.has_perm("claims.add_article"):
            raise DjangoPermissionDenied
        form = ArticleByUrlForm(request.POST or None)
        if request.method == "POST" and form.is_valid():
            try:
                article, created = services.article_submit_from_url(
                    url=form.cleaned_data["url"], submitted_by=request.user
                )
            except ApplicationError as exc:
                form.add_error("url", exc.message)
            else:
                if not created:
                    self.message_user(
                        request, _("This text was submitted before; here is that article.")
                    )
                return HttpResponseRedirect(
                    reverse(
                        f"admin:{Article._meta.app_label}_{Article._meta.model_name}_change",
                        args=[article.pk],
                    )
                )
        return self._form_page(request, form, _("Submit an article by URL"), _("Fetch and submit"))

    def _form_page(self, request, form, title, submit_label):
        context = {
            **self.admin_site.each_context(request),
            "title": title,
            "form": form,
            "opts": self.model._meta,
            "submit_label": submit_label,
        }
        return TemplateResponse(request, "admin/sources/form.html", context)

    def track_record_view(self, request, pk):
        source = get_object_or_404(Source, pk=pk)
        if not self.has_view_permission(request, source):
            raise DjangoPermissionDenied
        verdicts = list(selectors.source_track_record(source))
        stances = dict(Evidence.objects.filter(source=source).values_list("claim_id", "stance"))
        labels = dict(Evidence.Stance.choices)
        for v in verdicts:
            v.source_stance = labels.get(stances.get(v.claim_id), "")
        return _track_record_response(
            self, request, source, verdicts, source.effective_reliability, stance=True
        )


@admin.register(Snapshot)
class SnapshotAdmin(admin.ModelAdmin):
    list_display = ["source", "fetched_at", "last_seen_at", "status_code", "content_type", "short"]
    list_select_related = ["source"]
    fields = [
        "source",
        "fetched_at",
        "last_seen_at",
        "final_url",
        "status_code",
        "content_type",
        "sha256",
        "title",
        "archived_copy",
        "shown_text",
        "metadata",
    ]
    readonly_fields = fields

    def get_queryset(self, request):
        return super().get_queryset(request).defer("content", "text")

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    @admin.display(description="sha256")
    def short(self, obj):
        return obj.sha256[:12]

    @admin.display(description=_("text"))
    def shown_text(self, obj):
        # Escaped, and isolated so right-to-left text or bidi overrides stay inside the box.
        return format_html(
            '<div dir="auto" style="white-space:pre-wrap;unicode-bidi:isolate;max-width:60em">'
            "{}</div>",
            obj.text,
        )

    @admin.display(description=_("archived copy"))
    def archived_copy(self, obj):
        url = reverse("admin:sources_snapshot_content", args=[obj.pk])
        return format_html('<a href="{}">{}</a>', url, _("download as fetched"))

    def get_urls(self):
        return [
            path(
                "<int:pk>/content/",
                self.admin_site.admin_view(self.content_view),
                name="sources_snapshot_content",
            ),
            *super().get_urls(),
        ]

    def content_view(self, request, pk):
        snapshot = get_object_or_404(Snapshot, pk=pk)
        if not self.has_view_permission(request, snapshot):
            raise DjangoPermissionDenied
        # Served as a download in a sandbox: archived pages must never run in the admin.
        response = HttpResponse(bytes(snapshot.content), content_type="application/octet-stream")
        extension = {"application/pdf": "pdf", "text/plain": "txt"}.get(
            snapshot.content_type, "html"
        )
        response["Content-Disposition"] = f'attachment; filename="snapshot-{pk}.{extension}"'
        response["Content-Security-Policy"] = "sandbox"
        response["X-Content-Type-Options"] = "nosniff"
        return response


class VerifiedFilter(admin.SimpleListFilter):
    title = _("excerpt")
    parameter_name = "excerpt"

    def lookups(self, request, model_admin):
        return [
            ("found", _("Found in its snapshot")),
            ("unverified", _("Unverified")),
            ("gone", _("No longer on the page")),
        ]

    def queryset(self, request, queryset):
        if self.value() == "found":
            return queryset.filter(excerpt_start__isnull=False)
        if self.value() == "unverified":
            return queryset.filter(excerpt_start__isnull=True).exclude(excerpt="")
        if self.value() == "gone":
            return queryset.filter(missing_from__isnull=False)
        return queryset


class EvidenceForm(forms.ModelForm):
    class Meta:
        model = Evidence
        fields = ["claim", "source", "snapshot", "stance", "excerpt", "note"]
        widgets = {
            "excerpt": forms.Textarea(attrs={"rows": 4, "dir": "auto"}),
            "note": forms.Textarea(attrs={"rows": 2, "dir": "auto"}),
        }

    def clean_excerpt(self):
        excerpt = self.cleaned_data["excerpt"].strip()
        if len(excerpt) > services.EXCERPT_MAX_CHARS:
            raise forms.ValidationError(
                _("Quote at most %(n)d characters.") % {"n": services.EXCERPT_MAX_CHARS}
            )
        return excerpt

    def clean(self):
        data = super().clean()
        snapshot, source = data.get("snapshot"), data.get("source")
        if snapshot and source and snapshot.source_id != source.pk:
            self.add_error("snapshot", _("That snapshot belongs to another source."))
        return data


@admin.register(Evidence)
class EvidenceAdmin(admin.ModelAdmin):
    form = EvidenceForm
    list_display = ["claim", "source", "stance", "excerpt_status", "origin", "added_by"]
    list_filter = ["stance", "origin", VerifiedFilter]
    list_select_related = ["claim", "source", "added_by", "missing_from"]
    raw_id_fields = ["claim", "source", "snapshot"]
    readonly_fields = ["excerpt_status", "excerpt_in_context", "origin", "added_by", "created_at"]
    search_fields = ["excerpt", "note", "claim__text"]

    def get_fields(self, request, obj=None):
        fields = ["claim", "source", "snapshot", "stance", "excerpt", "note"]
        if obj:
            fields += ["excerpt_status", "excerpt_in_context", "origin", "added_by", "created_at"]
        return fields

    def get_changeform_initial_data(self, request):
        initial = super().get_changeform_initial_data(request)
        claim = request.GET.get("claim", "")
        if claim.isdigit():
            initial["claim"] = claim
        return initial

    @admin.display(description=_("excerpt"))
    def excerpt_status(self, obj):
        if obj.origin == Evidence.Origin.REFERENCE and not obj.verified:
            # The registry vouches for it; its excerpt is a citation, not a quote to find.
            return _("From the reference registry")
        if obj.origin == Evidence.Origin.VERDICT:
            # The earlier verdict's own rating and rationale: a citation, not a quote to find.
            return _("From an earlier verdict")
        if not obj.excerpt.strip():
            return "—"
        if obj.missing_from_id:
            return format_html(
                '<span class="excerpt-gone" style="color:#b35900">⚠ {}</span>',
                _("No longer on the page (snapshot of %(date)s)")
                % {"date": f"{obj.missing_from.fetched_at:%Y-%m-%d}"},
            )
        if obj.verified:
            return format_html(
                '<span class="excerpt-found" style="color:#1a7f37">✓ {}</span>',
                _("Found in snapshot"),
            )
        return format_html(
            '<span class="excerpt-unverified" style="color:#ba2121">✗ {}</span>',
            _("Unverified: not found in the snapshot"),
        )

    @admin.display(description=_("in the snapshot"))
    def excerpt_in_context(self, obj):
        if not obj.verified or obj.snapshot is None:
            return "—"
        text = obj.snapshot.text
        before = text[max(0, obj.excerpt_start - 200) : obj.excerpt_start]
        found = text[obj.excerpt_start : obj.excerpt_end]
        after = text[obj.excerpt_end : obj.excerpt_end + 200]
        return format_html(
            '<div dir="auto" style="unicode-bidi:isolate;white-space:pre-wrap">…{}<mark>{}</mark>{}…</div>',
            before,
            found,
            after,
        )

    def save_model(self, request, obj, form, change):
        if not change:
            obj.added_by = request.user
            obj.origin = Evidence.Origin.MANUAL
        super().save_model(request, obj, form, change)
        services.evidence_verify(evidence=obj)
        obj.refresh_from_db()
        if obj.excerpt and not obj.verified:
            self.message_user(
                request,
                _("The excerpt was not found in the source's snapshot; it is marked unverified."),
                messages.WARNING,
            )

    def get_urls(self):
        return [
            path(
                "suggest/<int:claim_id>/",
                self.admin_site.admin_view(self.suggest_view),
                name="sources_evidence_suggest",
            ),
            *super().get_urls(),
        ]

    def suggest_view(self, request, claim_id):
        from claims.models import Claim

        claim = get_object_or_404(Claim, pk=claim_id)
        if not request.user.has_perm("claims.view_claim"):
            raise DjangoPermissionDenied
        if request.method == "POST":
            if not self.has_add_permission(request):
                raise DjangoPermissionDenied
            try:
                self._attach(request, claim)
            except ApplicationError as exc:
                self.message_user(request, exc.message, messages.ERROR)
            return HttpResponseRedirect(request.path)
        context = {
            **self.admin_site.each_context(request),
            "title": _("Reference evidence"),
            "opts": self.model._meta,
            "claim": claim,
            "suggestions": selectors.claim_reference_suggestions(claim),
            "evidence": selectors.evidence_list_for_claim(claim),
        }
        return TemplateResponse(request, "admin/sources/suggestions.html", context)

    def _attach(self, request, claim):
        from factcheck.errors import ValidationFailed

        number, slug = request.POST.get("resolution", ""), request.POST.get("event", "")
        if number.isdigit():
            evidence, created = services.evidence_add_reference_resolution(
                claim=claim, number=int(number), user=request.user
            )
        elif slug:
            event = ReferenceEvent.objects.filter(slug=slug).first()
            if event is None:
                raise ValidationFailed("That reference event does not exist.")
            evidence, created = services.evidence_add_reference_event(
                claim=claim, event=event, user=request.user
            )
        else:
            raise ValidationFailed("Choose a suggestion to attach.")
        if created:
            self.message_user(request, _("Attached: %(s)s") % {"s": evidence.source})
        else:
            self.message_user(request, _("Already attached."), messages.WARNING)


@admin.register(UNResolution)
class UNResolutionAdmin(admin.ModelAdmin):
    list_display = ["number", "symbol", "adopted_on", "agenda"]
    list_filter = ["year"]
    search_fields = ["=number", "symbol", "agenda"]


@admin.register(Country)
class CountryAdmin(admin.ModelAdmin):
    list_display = ["iso2", "name_en", "name_ar"]
    search_fields = ["iso2", "iso3", "name_en", "name_ar"]


@admin.register(Entity)
class EntityAdmin(admin.ModelAdmin):
    list_display = ["name_en", "name_ar", "kind", "country"]
    list_filter = ["kind"]
    search_fields = ["slug", "name_en", "name_ar"]


@admin.register(ReferenceEvent)
class ReferenceEventAdmin(admin.ModelAdmin):
    list_display = ["occurred_on", "title_en", "title_ar"]
    search_fields = ["title_en", "title_ar"]
