"""Per-client tokens: `Authorization: Token <token>` (or `Bearer <token>`)."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _
from drf_spectacular.extensions import OpenApiAuthenticationExtension
from rest_framework import authentication, exceptions

from claims.api.services import api_token_hash
from claims.models import ApiClient


class ApiClientTokenAuthentication(authentication.BaseAuthentication):
    keywords = ("token", "bearer")

    def authenticate(self, request):
        header = authentication.get_authorization_header(request).split()
        if not header or header[0].lower().decode("latin-1") not in self.keywords:
            return None
        if len(header) != 2:
            raise exceptions.AuthenticationFailed(
                _("Invalid token header: send 'Authorization: Token <token>'.")
            )
        try:
            token = header[1].decode("ascii")
        except UnicodeDecodeError:
            raise exceptions.AuthenticationFailed(_("Invalid token.")) from None
        client = (
            ApiClient.objects.select_related("user")
            .filter(token_hash=api_token_hash(token))
            .first()
        )
        if client is None:
            raise exceptions.AuthenticationFailed(_("Invalid token."))
        if client.revoked_at is not None:
            raise exceptions.AuthenticationFailed(_("This token has been revoked."))
        if not client.user.is_active:
            raise exceptions.AuthenticationFailed(_("The user behind this token is inactive."))
        return client.user, client

    def authenticate_header(self, request):
        return "Token"


class ApiClientTokenScheme(OpenApiAuthenticationExtension):
    target_class = ApiClientTokenAuthentication
    name = "tokenAuth"

    def get_security_definition(self, auto_schema):
        return {
            "type": "apiKey",
            "in": "header",
            "name": "Authorization",
            "description": "Per-client token, created in the admin: `Token <token>`.",
        }
