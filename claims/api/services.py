"""Writes for API clients: issuing and revoking tokens."""

from __future__ import annotations

import hashlib
import secrets

from django.db import transaction
from django.utils import timezone

from claims.models import ApiClient
from factcheck.errors import ValidationFailed


def forget_token(token_hash: str) -> None:
    from claims.api.authentication import forget_token as forget

    forget(token_hash)


def api_token_hash(token: str) -> str:
    return hashlib.sha256(token.encode("utf-8", errors="surrogatepass")).hexdigest()


@transaction.atomic
def api_client_create(*, name: str, user) -> tuple[ApiClient, str]:
    """Issue a token for a client. Returns (client, token); the token is not stored."""
    if not name.strip():
        raise ValidationFailed("An API client needs a name.")
    token = secrets.token_urlsafe(32)
    client = ApiClient(
        name=name.strip(), user=user, token_prefix=token[:8], token_hash=api_token_hash(token)
    )
    client.full_clean()
    client.save()
    return client, token


@transaction.atomic
def api_client_revoke(*, client: ApiClient) -> ApiClient:
    # Conditional update: revoking twice keeps the first revocation time.
    ApiClient.objects.filter(pk=client.pk, revoked_at__isnull=True).update(
        revoked_at=timezone.now()
    )
    client.refresh_from_db()
    transaction.on_commit(lambda: forget_token(client.token_hash))
    forget_token(client.token_hash)
    return client
