"""Admin for editors' e-mail preferences and the outbox (imported by claims.admin)."""

from __future__ import annotations

from django.contrib import admin
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from claims.models import NotificationPreference, OutboxEmail
from claims.notifications.forms import NotificationPreferenceForm
from claims.notifications.services import notification_preference_update, outbox_resend
from factcheck.admin_paging import CappedCountAdmin


class NotificationPreferenceAdminForm(NotificationPreferenceForm):
    class Meta(NotificationPreferenceForm.Meta):
        fields = ["user", *NotificationPreferenceForm.Meta.fields]


@admin.register(NotificationPreference)
class NotificationPreferenceAdmin(admin.ModelAdmin):
    form = NotificationPreferenceAdminForm
    list_display = ["user", "frequency", "min_severity", "category_list", "language"]
    list_filter = ["frequency", "language"]
    list_select_related = ["user"]
    raw_id_fields = ["user"]

    @admin.display(description=_("flag categories"))
    def category_list(self, obj: NotificationPreference) -> str:
        return ", ".join(obj.categories) or _("all")

    def get_queryset(self, request):
        qs = super().get_queryset(request)
        # An editor manages their own e-mails; only a superuser sets anyone's.
        return qs if request.user.is_superuser else qs.filter(user=request.user)

    def get_readonly_fields(self, request, obj=None):
        # A preference belongs to one user for good; a superuser picks whose when adding.
        return [] if request.user.is_superuser and obj is None else ["user"]

    def has_add_permission(self, request):
        if not super().has_add_permission(request):
            return False
        # An editor has one preference; once it exists they change it.
        return (
            request.user.is_superuser
            or not NotificationPreference.objects.filter(user=request.user).exists()
        )

    def save_form(self, request, form, change):
        obj = form.save(commit=False)
        if not change and not request.user.is_superuser:
            obj.user = request.user
        return obj

    def save_model(self, request, obj, form, change):
        data = {k: form.cleaned_data[k] for k in NotificationPreferenceForm.Meta.fields}
        obj.pk = notification_preference_update(user=obj.user, **data).pk


@admin.register(OutboxEmail)
class OutboxEmailAdmin(CappedCountAdmin):
    list_display = [
        "subject",
        "to_address",
        "kind",
        "status",
        "attempts",
        "last_error",
        "created_at",
        "sent_at",
    ]
    list_filter = ["status", "kind"]
    search_fields = ["to_address", "subject"]
    readonly_fields = [f.name for f in OutboxEmail._meta.fields]
    actions = ["resend"]

    def get_queryset(self, request):
        qs = super().get_queryset(request).defer("body_text", "body_html")
        # Bodies carry the recipient's unsubscribe link: editors see their own e-mails only.
        return qs if request.user.is_superuser else qs.filter(recipient=request.user)

    def has_add_permission(self, request):
        return False

    @admin.action(description=_("Send the selected failed e-mails again"), permissions=["change"])
    def resend(self, request, queryset):
        count = outbox_resend(outbox_ids=list(queryset.values_list("pk", flat=True)))
        self.message_user(
            request,
            ngettext("%d e-mail queued again.", "%d e-mails queued again.", count) % count,
        )
