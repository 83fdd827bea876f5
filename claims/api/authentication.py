"""Per-client tokens: `Authorization: Token <token>` (or `Bearer <token>`).

Tokens this class does not know are left to DRF's TokenAuthentication, next in the list.
A token is checked with one query that also reads the user's roles. Each worker process
remembers a good token for API_AUTH_CACHE_SECONDS (default 5), so a busy client costs no
authentication query; revoking clears it at once in the process that revokes and within
that many seconds everywhere else. 0 turns the memory off.
"""

from __future__ import annotations

import threading
import time

from django.conf import settings
from django.db.models import Exists, OuterRef
from django.utils.translation import gettext_lazy as _
from drf_spectacular.extensions import OpenApiAuthenticationExtension
from rest_framework import authentication, exceptions

from claims.api.permissions import remember_roles
from claims.models import ApiClient
from claims.roles import API_CLIENT, EDITOR, FACT_CHECKER

_ROLE_FLAGS = {
    "role_api_client": API_CLIENT,
    "role_fact_checker": FACT_CHECKER,
    "role_editor": EDITOR,
}
_MAX_REMEMBERED = 10_000
_lock = threading.Lock()
_remembered: dict[str, tuple[float, ApiClient]] = {}


def forget_token(token_hash: str) -> None:
    with _lock:
        _remembered.pop(token_hash, None)


def forget_all_tokens() -> None:
    with _lock:
        _remembered.clear()


def _client_with_roles(token_hash: str) -> ApiClient | None:
    from django.contrib.auth.models import Group

    user_groups = Group.user_set.through.objects.filter(user_id=OuterRef("user_id"))
    client = (
        ApiClient.objects.select_related("user")
        .annotate(
            **{
                flag: Exists(user_groups.filter(group__name=role))
                for flag, role in _ROLE_FLAGS.items()
            }
        )
        .filter(token_hash=token_hash)
        .first()
    )
    if client is not None:
        remember_roles(
            client.user, {role for flag, role in _ROLE_FLAGS.items() if getattr(client, flag)}
        )
    return client


def _lookup(token_hash: str) -> ApiClient | None:
    ttl = getattr(settings, "API_AUTH_CACHE_SECONDS", 0)
    now = time.monotonic()
    if ttl:
        with _lock:
            hit = _remembered.get(token_hash)
        if hit and hit[0] > now:
            return hit[1]
    client = _client_with_roles(token_hash)
    if ttl and client is not None and client.revoked_at is None and client.user.is_active:
        with _lock:
            if len(_remembered) >= _MAX_REMEMBERED:
                _remembered.clear()
            _remembered[token_hash] = (now + ttl, client)
    return client


class ApiClientTokenAuthentication(authentication.BaseAuthentication):
    keywords = ("token", "bearer")

    def authenticate(self, request):
        from claims.api.services import api_token_hash

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
        client = _lookup(api_token_hash(token))
        if client is None:
            return None  # perhaps one of DRF's own tokens: the next class decides
        if client.revoked_at is not None:
            raise exceptions.AuthenticationFailed(_("This token has been revoked."))
        if not client.user.is_active:
            raise exceptions.AuthenticationFailed(_("The user behind this token is inactive."))
        return client.user, client

    def authenticate_header(self, request):
        return "Token"


class ApiClientTokenScheme(OpenApiAuthenticationExtension):
    target_class = ApiClientTokenAuthentication
    name = "apiClientToken"

    def get_security_definition(self, auto_schema):
        return {
            "type": "apiKey",
            "in": "header",
            "name": "Authorization",
            "description": "Per-client token, created in the admin: `Token <token>`.",
        }
