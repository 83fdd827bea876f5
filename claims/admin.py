from django.contrib import admin, messages
from django.http import HttpResponseRedirect
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from simple_history.admin import SimpleHistoryAdmin

from claims.forms import ArticleSubmitForm
from claims.models import (
    Article,
    Attribution,
    Claim,
    ClaimValue,
    Flag,
    NotificationPreference,
    OutboxEmail,
    Rating,
    Verdict,
)
from claims.services import article_submit
from factcheck.errors import ValidationFailed


class ClaimInline(admin.TabularInline):
    model = Claim
    fields = ["text", "checkworthiness", "status", "assignee"]
    readonly_fields = ["text", "checkworthiness"]
    extra = 0
    show_change_link = True


@admin.register(Article)
class ArticleAdmin(admin.ModelAdmin):
    list_display = ["title", "language", "analysis_status", "published_at", "created_at"]
    list_filter = ["analysis_status", "language"]
    search_fields = ["title", "outlet", "url"]
    readonly_fields = [
        "content_hash",
        "analysis_status",
        "analysis_version",
        "analysis_error",
        "analysis_started_at",
        "analyzed_at",
        "submitted_by",
        "created_at",
        "updated_at",
        "body",
    ]
    list_select_related = ["submitted_by"]

    def add_view(self, request, form_url="", extra_context=None):
        if not self.has_add_permission(request):
            return super().add_view(request, form_url, extra_context)
        form = ArticleSubmitForm(request.POST or None, request.FILES or None)
        if request.method == "POST" and form.is_valid():
            data = form.cleaned_data
            try:
                article, created = article_submit(
                    text=form.article_text(),
                    title=data["title"],
                    url=data["url"],
                    outlet=data["outlet"],
                    published=data["published"],
                    language=data["language"] or None,
                    submitted_by=request.user,
                )
            except ValidationFailed as exc:
                form.add_error(None, exc.message)
            else:
                if created:
                    self.message_user(request, _("Article submitted; its analysis is queued."))
                else:
                    self.message_user(
                        request,
                        _("This text was submitted before; here is that article."),
                        messages.WARNING,
                    )
                return HttpResponseRedirect(
                    reverse("admin:claims_article_change", args=[article.pk])
                )
        context = {
            **self.admin_site.each_context(request),
            "title": _("Submit an article"),
            "form": form,
            "opts": self.model._meta,
            "has_view_permission": self.has_view_permission(request),
            **(extra_context or {}),
        }
        return TemplateResponse(request, "admin/claims/article/submit.html", context)

    def has_change_permission(self, request, obj=None):
        # The text is fixed once submitted; only metadata may change.
        return super().has_change_permission(request, obj)


@admin.register(Claim)
class ClaimAdmin(SimpleHistoryAdmin):
    list_display = ["text", "article", "status", "checkworthiness", "assignee", "origin"]
    list_filter = ["status", "origin", "article__language"]
    search_fields = ["text"]
    list_select_related = ["article", "assignee"]
    readonly_fields = ["article", "start", "end", "text", "fingerprint", "origin"]
    ordering = ["-checkworthiness"]


@admin.register(ClaimValue)
class ClaimValueAdmin(admin.ModelAdmin):
    list_display = ["text", "type", "claim"]
    list_filter = ["type"]
    list_select_related = ["claim"]


@admin.register(Attribution)
class AttributionAdmin(admin.ModelAdmin):
    list_display = ["speaker", "verb", "vague", "claim"]
    list_filter = ["vague"]
    list_select_related = ["claim"]
    raw_id_fields = ["claim", "entity"]


@admin.register(Flag)
class FlagAdmin(SimpleHistoryAdmin):
    list_display = ["text", "code", "severity", "suggestion", "status", "article"]
    list_filter = ["status", "category", "severity", "is_current"]
    search_fields = ["text", "message"]
    list_select_related = ["article"]
    readonly_fields = [
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
        "fingerprint",
        "resolved_by",
        "resolved_at",
        "is_current",
    ]


@admin.register(Rating)
class RatingAdmin(admin.ModelAdmin):
    list_display = ["label_en", "label_ar", "value", "order", "claimreview_name"]


@admin.register(Verdict)
class VerdictAdmin(SimpleHistoryAdmin):
    list_display = ["claim", "rating", "state", "author", "approved_by", "published_at"]
    list_filter = ["state", "rating"]
    list_select_related = ["claim", "rating", "author", "approved_by"]
    readonly_fields = ["author", "approved_by", "approved_at", "published_at", "version", "state"]
    raw_id_fields = ["claim"]


@admin.register(NotificationPreference)
class NotificationPreferenceAdmin(admin.ModelAdmin):
    list_display = ["user", "frequency", "min_severity", "language"]
    list_select_related = ["user"]


@admin.register(OutboxEmail)
class OutboxEmailAdmin(admin.ModelAdmin):
    list_display = ["subject", "to_address", "status", "attempts", "sent_at", "created_at"]
    list_filter = ["status"]
    readonly_fields = [f.name for f in OutboxEmail._meta.fields]


from claims.api import admin as _api_admin  # noqa: F401, E402  (registers ApiClientAdmin)
