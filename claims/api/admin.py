"""API clients in the admin: issue a token (shown once) and revoke it."""

from __future__ import annotations

from django.contrib import admin, messages
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from claims.api.services import api_client_create, api_client_revoke
from claims.models import ApiClient


@admin.register(ApiClient)
class ApiClientAdmin(admin.ModelAdmin):
    list_display = ["name", "user", "token_prefix", "created_at", "revoked_at"]
    list_filter = [("revoked_at", admin.EmptyFieldListFilter)]
    list_select_related = ["user"]
    search_fields = ["name", "user__username", "token_prefix"]
    readonly_fields = ["token_prefix", "created_at", "revoked_at"]
    raw_id_fields = ["user"]
    actions = ["revoke"]

    def get_readonly_fields(self, request, obj=None):
        # The user a token acts as is fixed once issued: issue a new token instead.
        if obj is not None:
            return [*self.readonly_fields, "user"]
        return self.readonly_fields

    def save_model(self, request, obj, form, change):
        if change:
            super().save_model(request, obj, form, change)
            return
        client, token = api_client_create(name=obj.name, user=obj.user)
        obj.pk = client.pk
        obj.token_prefix = client.token_prefix
        obj.token_hash = client.token_hash
        obj.created_at = client.created_at
        messages.warning(
            request,
            _("The token for %(name)s is %(token)s — copy it now: it is not shown again.")
            % {"name": client.name, "token": token},
        )

    @admin.action(description=_("Revoke the selected tokens"))
    def revoke(self, request, queryset):
        count = 0
        for client in queryset.filter(revoked_at__isnull=True):
            api_client_revoke(client=client)
            count += 1
        self.message_user(
            request,
            ngettext("%d token revoked.", "%d tokens revoked.", count) % count,
            messages.SUCCESS,
        )
