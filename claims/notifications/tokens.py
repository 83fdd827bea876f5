"""Signed unsubscribe tokens: a link in the e-mail is enough, no login."""

from __future__ import annotations

from django.core import signing

_SALT = "claims.notifications.unsubscribe"


def unsubscribe_token_make(user_id: int) -> str:
    return signing.dumps({"u": user_id}, salt=_SALT, compress=False)


def unsubscribe_token_read(token: str) -> int | None:
    """The user id, or None for a token this workbench did not sign."""
    try:
        data = signing.loads(token, salt=_SALT)
    except signing.BadSignature:
        return None
    user_id = data.get("u") if isinstance(data, dict) else None
    return user_id if isinstance(user_id, int) else None
